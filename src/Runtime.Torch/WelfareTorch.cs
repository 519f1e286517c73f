using System;
using System.Linq;
using static TorchSharp.torch;

namespace ContractDsl.Runtime.Torch
{
    /// <summary>
    /// Welfare (design brief §4 step 7) on the training job's tensors, with the CPU runtime's semantics
    /// (<see cref="Welfare"/>, docs/runtime.md): per-group statistics a data-parallel job all-reduces with its own
    /// collective (<c>statistics</c>: float64 [G, 2], the sum of valid totals and their count per group), the batch's
    /// welfare value from them — differentiable with respect to the totals, so a job can ascend it — and per-sample
    /// weights, which are constants of the batch (no gradient) exactly as on the CPU. Group weights λ, the
    /// disagreement point, the temperature and the exponent come from the module's <see cref="WelfareRule"/>.
    /// Every tensor returned belongs to the caller's dispose scope; intermediates are released.
    /// </summary>
    public static class WelfareTorch
    {
        /// <summary>Valid samples (no <see cref="RewardReasons.Invalid"/> bit): bool [N] from a result's reasons (uint8 [N]).</summary>
        public static Tensor Valid(Tensor reasons)
        {
            ArgumentNullException.ThrowIfNull(reasons);
            using var scope = NewDisposeScope();
            return reasons.bitwise_and((int)RewardReasons.Invalid).eq(0).MoveToOuterDisposeScope();
        }

        /// <summary>
        /// The statistics of the local samples: float64 [G, 2] — Σ totals and count of the valid samples per group. Sum
        /// them across ranks (all-reduce) before <see cref="Value"/> and <see cref="Weights"/> so every rank uses the
        /// whole batch's statistics. Differentiable with respect to <paramref name="totals"/>.
        /// </summary>
        /// <param name="totals">float32 [N], the evaluated totals.</param>
        /// <param name="groups">int64 [N], the welfare category's codes.</param>
        /// <param name="valid">bool [N] (see <see cref="Valid"/>).</param>
        /// <param name="groupCount">The number of groups G (the category's values).</param>
        public static Tensor Statistics(Tensor totals, Tensor groups, Tensor valid, int groupCount)
        {
            ArgumentNullException.ThrowIfNull(totals);
            ArgumentNullException.ThrowIfNull(groups);
            ArgumentNullException.ThrowIfNull(valid);
            if (groupCount < 1) throw new ArgumentOutOfRangeException(nameof(groupCount), groupCount, "at least one group");
            using var scope = NewDisposeScope();
            var device = totals.device;
            var index = where(valid, groups, 0L);
            var sums = zeros(new long[] { groupCount }, ScalarType.Float64, device).index_add(0, index, where(valid, totals.to_type(ScalarType.Float64), 0.0), 1.0);
            var counts = zeros(new long[] { groupCount }, ScalarType.Float64, device).index_add(0, index, valid.to_type(ScalarType.Float64), 1.0);
            return stack(new[] { sums, counts }, 1).MoveToOuterDisposeScope();
        }

        /// <summary>
        /// The batch's welfare value from (all-reduced) statistics, a float64 scalar: utilitarian Σ λ_g U_g, nash
        /// Σ λ_g log max(U_g − d, 1e-6), maximin −T log Σ_g exp(−U_g/T), power (Σ λ_g max(U_g − d, 1e-6)^p)^(1/p), over
        /// the groups present. NaN when no group has a valid sample. Differentiable with respect to the sums.
        /// </summary>
        public static Tensor Value(WelfareRule rule, Tensor statistics)
        {
            ArgumentNullException.ThrowIfNull(rule);
            ArgumentNullException.ThrowIfNull(statistics);
            Check(rule, statistics);
            using var scope = NewDisposeScope();
            var (means, present, lambda) = Groups(rule, statistics);
            Tensor value;
            switch (rule.Kind)
            {
                case WelfareKind.Utilitarian:
                    value = where(present, lambda * means, 0.0).sum();
                    break;
                case WelfareKind.Nash:
                    value = where(present, lambda * Gain(rule, means).log(), 0.0).sum();
                    break;
                case WelfareKind.Maximin:
                    value = -rule.Temperature * logsumexp(where(present, -means / rule.Temperature, double.NegativeInfinity), 0);
                    break;
                default:
                    var terms = where(present & lambda.gt(0), lambda.log() + rule.Exponent * Gain(rule, means).log(), double.NegativeInfinity);
                    value = (logsumexp(terms, 0) / rule.Exponent).exp();
                    break;
            }
            var any = present.any();
            return where(any, value, double.NaN).MoveToOuterDisposeScope();
        }

        /// <summary>
        /// Per-sample welfare weights from (all-reduced) statistics: float32 [N], w_i = c · φ_g(i) / n_g(i) with c making
        /// them sum to the number of valid samples of the whole (reduced) batch, 0 for invalid samples. Constants of the
        /// batch: no gradient flows through them.
        /// </summary>
        public static Tensor Weights(WelfareRule rule, Tensor statistics, Tensor groups, Tensor valid)
        {
            ArgumentNullException.ThrowIfNull(rule);
            ArgumentNullException.ThrowIfNull(statistics);
            ArgumentNullException.ThrowIfNull(groups);
            ArgumentNullException.ThrowIfNull(valid);
            Check(rule, statistics);
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var (means, present, lambda) = Groups(rule, statistics.detach());
            var logLambda = lambda.log();
            Tensor logPhi = rule.Kind switch
            {
                WelfareKind.Utilitarian => logLambda,
                WelfareKind.Nash => logLambda - Gain(rule, means).log(),
                WelfareKind.Maximin => logLambda - means / rule.Temperature,
                _ => logLambda + (rule.Exponent - 1) * Gain(rule, means).log(),
            };
            logPhi = where(present, logPhi, double.NegativeInfinity);
            var counts = statistics.detach().select(1, 1);
            var normaliser = logsumexp(logPhi, 0);
            // c · φ_g / n_g with c = N / Σ φ; groups absent (or with λ = 0) get 0; no valid group at all: every weight 0.
            var table = where(logPhi.isfinite(), counts.sum() * (logPhi - normaliser).exp() / counts.clamp_min(1), 0.0);
            table = where(normaliser.isfinite(), table, 0.0);
            var perSample = table.index_select(0, where(valid, groups, 0L));
            return where(valid, perSample, 0.0).to_type(ScalarType.Float32).MoveToOuterDisposeScope();
        }

        private static void Check(WelfareRule rule, Tensor statistics)
        {
            if (statistics.dim() != 2 || statistics.shape[0] != rule.GroupCount || statistics.shape[1] != 2 || statistics.dtype != ScalarType.Float64)
                throw new ArgumentException($"welfare statistics are float64 [{rule.GroupCount}, 2] (sum, count per group), not {statistics.dtype} [{string.Join(", ", statistics.shape)}]", nameof(statistics));
        }

        /// <summary>Per group: the mean total (0 where absent), whether present, and λ — on the statistics' device.</summary>
        private static (Tensor Means, Tensor Present, Tensor Lambda) Groups(WelfareRule rule, Tensor statistics)
        {
            var sums = statistics.select(1, 0);
            var counts = statistics.select(1, 1);
            var present = counts.gt(0);
            var means = sums / counts.clamp_min(1);
            var lambda = tensor(rule.GroupWeights.ToArray(), ScalarType.Float64, statistics.device);
            return (means, present, lambda);
        }

        /// <summary>max(U − d, 1e-6), whose gradient passes where U − d ≥ 1e-6 (as the CPU runtime's).</summary>
        private static Tensor Gain(WelfareRule rule, Tensor means) => (means - rule.DisagreementPoint).clamp_min(Welfare.GainFloor);
    }
}
