using System;
using System.Collections.Generic;
using System.Linq;
using ContractDsl.Binding;
using ContractDsl.Collections;
using ContractDsl.Syntax;

namespace ContractDsl.Evaluation
{
    /// <summary>One sample as welfare sees it: its group (category code), its total reward, and whether it is valid.</summary>
    public readonly record struct WelfareSample(int Group, double Total, bool Valid);

    /// <summary>
    /// A welfare rule for <see cref="WelfareReference"/>: kind, λ per group (the list's length is the number of
    /// groups; value-equal), exponent p (power), disagreement point d (Nash, power) and temperature T (maximin).
    /// </summary>
    public sealed record WelfareReferenceRule(WelfareKind Kind, EquatableArray<double> GroupWeights, double Exponent, double DisagreementPoint, double Temperature)
    {
        /// <summary>The bound rule of a contract; d is its <c>from</c>, else the analysed lower bound of the total reward.</summary>
        public static WelfareReferenceRule FromBound(BoundWelfare welfare, double totalLow) =>
            new WelfareReferenceRule(welfare.Kind, welfare.Weights, welfare.Exponent, welfare.From ?? totalLow, welfare.Temperature);
    }

    /// <summary>
    /// The definition of welfare (design brief §4 step 7), written straight from the brief's formulas in double
    /// over a list of samples, as the meaning the run-time library (<c>ContractDsl.Runtime.Welfare</c>) is tested
    /// against. Clarity over speed: group means are plain sums divided by counts, φ is computed as written, and
    /// c is solved from Σ_i w_i = N. The only rewrite is the usual shift inside exp (by the smallest U_g) in the
    /// maximin softmax and value, which changes no value and keeps small temperatures finite.
    /// </summary>
    /// <remarks>
    /// Edge cases, the same as the runtime's: groups without valid samples are left out of every sum and of the
    /// softmax; invalid samples get weight 0; x_g = max(U_g − d, 1e-6) in Nash and power, in the weights and the
    /// value alike; no present group → the value is NaN and every weight 0; Σ_g φ_g = 0 (every present group has
    /// λ_g = 0) → every weight 0.
    /// </remarks>
    public static class WelfareReference
    {
        /// <summary>The floor of U_g − d.</summary>
        public const double GainFloor = 1e-6;

        /// <summary>U_g per present group: group code → (n_g, U_g).</summary>
        public static IReadOnlyDictionary<int, (int Count, double Mean)> Groups(IReadOnlyList<WelfareSample> samples)
        {
            var sums = new SortedDictionary<int, double>();
            var counts = new SortedDictionary<int, int>();
            foreach (var sample in samples)
            {
                if (!sample.Valid) continue;
                sums[sample.Group] = (sums.TryGetValue(sample.Group, out double s) ? s : 0) + sample.Total;
                counts[sample.Group] = (counts.TryGetValue(sample.Group, out int n) ? n : 0) + 1;
            }
            return counts.ToDictionary(kv => kv.Key, kv => (kv.Value, sums[kv.Key] / kv.Value));
        }

        /// <summary>The batch's welfare value; NaN when no sample is valid.</summary>
        public static double Value(WelfareReferenceRule rule, IReadOnlyList<WelfareSample> samples)
        {
            var groups = Groups(samples);
            if (groups.Count == 0) return double.NaN;
            double d = rule.DisagreementPoint;
            switch (rule.Kind)
            {
                case WelfareKind.Utilitarian:
                    return groups.Sum(g => rule.GroupWeights[g.Key] * g.Value.Mean);
                case WelfareKind.Nash:
                    return groups.Sum(g => rule.GroupWeights[g.Key] * Math.Log(Math.Max(g.Value.Mean - d, GainFloor)));
                case WelfareKind.Maximin:
                {
                    double t = rule.Temperature;
                    double lowest = groups.Min(g => g.Value.Mean);
                    // −T log Σ exp(−U_g/T) = lowest − T log Σ exp(−(U_g − lowest)/T)
                    return lowest - t * Math.Log(groups.Sum(g => Math.Exp(-(g.Value.Mean - lowest) / t)));
                }
                case WelfareKind.Power:
                {
                    double p = rule.Exponent;
                    double sum = groups.Sum(g => rule.GroupWeights[g.Key] * Math.Pow(Math.Max(g.Value.Mean - d, GainFloor), p));
                    return Math.Pow(sum, 1 / p);
                }
                default:
                    throw new ArgumentException("unknown welfare kind " + rule.Kind, nameof(rule));
            }
        }

        /// <summary>φ_g for each present group.</summary>
        public static IReadOnlyDictionary<int, double> Phi(WelfareReferenceRule rule, IReadOnlyList<WelfareSample> samples)
        {
            var groups = Groups(samples);
            double d = rule.DisagreementPoint;
            switch (rule.Kind)
            {
                case WelfareKind.Utilitarian:
                    return groups.ToDictionary(g => g.Key, g => rule.GroupWeights[g.Key]);
                case WelfareKind.Nash:
                    return groups.ToDictionary(g => g.Key, g => rule.GroupWeights[g.Key] / Math.Max(g.Value.Mean - d, GainFloor));
                case WelfareKind.Maximin:
                {
                    double t = rule.Temperature;
                    double lowest = groups.Count == 0 ? 0 : groups.Min(g => g.Value.Mean);
                    double denominator = groups.Sum(g => Math.Exp(-(g.Value.Mean - lowest) / t));
                    return groups.ToDictionary(g => g.Key, g => rule.GroupWeights[g.Key] * Math.Exp(-(g.Value.Mean - lowest) / t) / denominator);
                }
                case WelfareKind.Power:
                    return groups.ToDictionary(g => g.Key, g => rule.GroupWeights[g.Key] * Math.Pow(Math.Max(g.Value.Mean - d, GainFloor), rule.Exponent - 1));
                default:
                    throw new ArgumentException("unknown welfare kind " + rule.Kind, nameof(rule));
            }
        }

        /// <summary>w_i = c · φ_g(i) / n_g(i), with c such that Σ_i w_i = N (the number of valid samples); 0 for invalid samples.</summary>
        public static double[] Weights(WelfareReferenceRule rule, IReadOnlyList<WelfareSample> samples)
        {
            var groups = Groups(samples);
            var phi = Phi(rule, samples);
            var unscaled = new double[samples.Count];
            for (int i = 0; i < samples.Count; i++)
                unscaled[i] = samples[i].Valid ? phi[samples[i].Group] / groups[samples[i].Group].Count : 0;
            double n = samples.Count(s => s.Valid);
            double total = unscaled.Sum();
            if (total == 0) return new double[samples.Count];
            double c = n / total;
            return unscaled.Select(u => c * u).ToArray();
        }
    }
}
