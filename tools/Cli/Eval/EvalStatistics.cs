using System;
using System.Collections.Generic;
using System.Linq;
using ContractDsl.Runtime;

namespace ContractDsl.Cli.Eval
{
    /// <summary>
    /// What a run adds up over all batches: the total's mean and range, and per norm how often it was active and what it
    /// contributed; per reason how many samples carried it. Exact counts, double sums.
    /// </summary>
    public sealed class EvalStatistics
    {
        /// <summary>The reasons a sample can carry, in flag order.</summary>
        public static readonly IReadOnlyList<RewardReasons> Reasons =
            Enum.GetValues<RewardReasons>().Where(r => r != RewardReasons.None).ToArray();

        private readonly long[] _active;
        private readonly double[] _contribution;
        private readonly long[] _reasons = new long[Reasons.Count];
        private readonly List<float>? _totals;

        public EvalStatistics(int normCount, bool keepTotals)
        {
            _active = new long[normCount];
            _contribution = new double[normCount];
            _totals = keepTotals ? new List<float>() : null;
        }

        public long Samples { get; private set; }
        public double TotalSum { get; private set; }
        public float TotalMin { get; private set; } = float.PositiveInfinity;
        public float TotalMax { get; private set; } = float.NegativeInfinity;
        public double UncertaintySum { get; private set; }
        /// <summary>Samples with uncertainty above 0.</summary>
        public long Uncertain { get; private set; }

        public double MeanTotal => Samples == 0 ? 0 : TotalSum / Samples;
        public double MeanUncertainty => Samples == 0 ? 0 : UncertaintySum / Samples;

        public long Active(int norm) => _active[norm];
        public double Rate(int norm) => Samples == 0 ? 0 : (double)_active[norm] / Samples;
        /// <summary>The norm's contribution averaged over every sample (0 where it did not apply).</summary>
        public double MeanContribution(int norm) => Samples == 0 ? 0 : _contribution[norm] / Samples;
        /// <summary>The norm's contribution averaged over the samples where it was active (0 when it never was).</summary>
        public double MeanWhenActive(int norm) => _active[norm] == 0 ? 0 : _contribution[norm] / _active[norm];
        public long WithReason(RewardReasons reason) => _reasons[IndexOf(reason)];

        /// <summary>Every total, in row order, when the run keeps them (for the card's histogram).</summary>
        public IReadOnlyList<float> Totals => (IReadOnlyList<float>?)_totals ?? Array.Empty<float>();

        public void Add(RewardOutputs outputs)
        {
            int n = outputs.Count;
            var total = outputs.Total;
            var uncertainty = outputs.Uncertainty;
            var reasons = outputs.Reasons;
            for (int i = 0; i < n; i++)
            {
                TotalSum += total[i];
                if (total[i] < TotalMin) TotalMin = total[i];
                if (total[i] > TotalMax) TotalMax = total[i];
                UncertaintySum += uncertainty[i];
                if (uncertainty[i] > 0) Uncertain++;
                for (int r = 0; r < Reasons.Count; r++)
                    if ((reasons[i] & Reasons[r]) != 0) _reasons[r]++;
            }
            for (int k = 0; k < _active.Length; k++)
            {
                var active = outputs.IsActive(k);
                var contribution = outputs.Contribution(k);
                long count = 0;
                double sum = 0;
                for (int i = 0; i < n; i++)
                {
                    if (active[i]) count++;
                    sum += contribution[i];
                }
                _active[k] += count;
                _contribution[k] += sum;
            }
            _totals?.AddRange(total.ToArray());
            Samples += n;
        }

        private static int IndexOf(RewardReasons reason)
        {
            for (int r = 0; r < Reasons.Count; r++) if (Reasons[r] == reason) return r;
            throw new ArgumentOutOfRangeException(nameof(reason));
        }
    }
}
