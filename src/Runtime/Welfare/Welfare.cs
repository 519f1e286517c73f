using System;
using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ContractDsl.Runtime
{
    /// <summary>
    /// Welfare over groups (design brief §4 step 7), computed from <see cref="WelfareStatistics"/>: the batch's
    /// welfare value, the per-sample weights <c>w_i = c · φ_g(i) / n_g(i)</c>, and the gradient of the value with
    /// respect to each sample's total. Every function reads only the (all-reduced) statistics and the local
    /// samples' groups and reasons, so every rank of a data-parallel job computes bit-identical results for
    /// the same reduced statistics. Scratch lives on the stack for rules of up to 256 groups (93 for
    /// <see cref="Compute"/>, which also holds the statistics); larger rules rent it from the shared array pool.
    /// </summary>
    /// <remarks>
    /// <para>Only groups present in the statistics (n_g &gt; 0) enter any sum or softmax; invalid samples get weight
    /// and gradient 0. With U_g the mean total of group g, λ_g its weight, d the disagreement point, T the
    /// temperature, p the exponent, and x_g = max(U_g − d, <see cref="GainFloor"/>):</para>
    /// <list type="table">
    /// <listheader><term>kind</term><description>φ_g; value W</description></listheader>
    /// <item><term>utilitarian</term><description>λ_g; Σ λ_g U_g</description></item>
    /// <item><term>nash</term><description>λ_g / x_g; Σ λ_g log x_g</description></item>
    /// <item><term>maximin</term><description>λ_g · softmax_g(−U_g / T); −T log Σ_g exp(−U_g / T)</description></item>
    /// <item><term>power p</term><description>λ_g · x_g^(p−1); (Σ λ_g x_g^p)^(1/p)</description></item>
    /// </list>
    /// <para>c makes the weights of all valid samples (of all ranks) sum to their number N. Two edge cases: when
    /// no group is present the value is NaN and every weight 0; when every present group has λ_g = 0 (Σ φ = 0,
    /// no c exists) every weight is 0.</para>
    /// <para>The floor x_g = max(U_g − d, 1e-6) is used in the weights and the value alike, so a group at or
    /// below the disagreement point has a finite value term (log 1e-6 for Nash) and the largest weight. The
    /// gradient is the derivative of that floored value: where U_g − d &lt; 1e-6 the floor is flat and the
    /// gradient is 0 (the derivative of max(x, ε) is taken as 1 at x = ε, like torch's clamp_min), whereas the
    /// weight stays λ_g / 1e-6 — the weights are a reweighting rule, the gradient is calculus.</para>
    /// <para>Weights ∝ gradient for every kind except maximin with unequal λ (the brief puts λ into the maximin
    /// weights but not into its value) and the floored region above.</para>
    /// </remarks>
    public static class Welfare
    {
        /// <summary>The floor of U_g − d in Nash and power welfare (brief §4 step 7).</summary>
        public const double GainFloor = 1e-6;

        private const int StackLimit = 256; // groups whose per-group scratch lives on the stack
        private const int StatisticsStackLimit = 1024; // doubles of statistics on the stack in Compute: 93 groups

        /// <summary>The batch's welfare value from (all-reduced) statistics; NaN when no group has a valid sample.</summary>
        public static double Value(WelfareRule rule, ReadOnlySpan<double> statistics)
        {
            ArgumentNullException.ThrowIfNull(rule);
            int groupCount = CheckedGroupCount(rule, statistics);
            double[]? rented = Rent(groupCount);
            Span<double> means = rented ?? stackalloc double[StackLimit];
            means = means.Slice(0, groupCount);
            try
            {
                long n = ReadMeans(statistics, means);
                return n == 0 ? double.NaN : ValueOf(rule, means);
            }
            finally
            {
                Return(rented);
            }
        }

        /// <summary>
        /// The weight of one valid sample of each group: <paramref name="weightPerSample"/>[g] = c · φ_g / n_g
        /// (0 for absent groups). A torch path gathers this table by group code on the device.
        /// </summary>
        public static void GroupWeights(WelfareRule rule, ReadOnlySpan<double> statistics, Span<double> weightPerSample)
        {
            ArgumentNullException.ThrowIfNull(rule);
            int groupCount = CheckedGroupCount(rule, statistics);
            CheckTable(weightPerSample, groupCount, nameof(weightPerSample));
            double[]? rented = Rent(groupCount);
            Span<double> means = rented ?? stackalloc double[StackLimit];
            means = means.Slice(0, groupCount);
            try
            {
                long n = ReadMeans(statistics, means);
                WeightsOf(rule, statistics, means, n, weightPerSample);
            }
            finally
            {
                Return(rented);
            }
        }

        /// <summary>
        /// ∂W/∂r_i for one valid sample of each group (U_g is the mean of n_g totals, so ∂W/∂r_i = ∂W/∂U_g / n_g);
        /// 0 for absent groups.
        /// </summary>
        public static void GroupGradient(WelfareRule rule, ReadOnlySpan<double> statistics, Span<double> gradientPerSample)
        {
            ArgumentNullException.ThrowIfNull(rule);
            int groupCount = CheckedGroupCount(rule, statistics);
            CheckTable(gradientPerSample, groupCount, nameof(gradientPerSample));
            double[]? rented = Rent(groupCount);
            Span<double> means = rented ?? stackalloc double[StackLimit];
            means = means.Slice(0, groupCount);
            try
            {
                ReadMeans(statistics, means);
                GradientOf(rule, statistics, means, gradientPerSample);
            }
            finally
            {
                Return(rented);
            }
        }

        /// <summary>Per-sample weights of the local samples from (all-reduced) statistics; invalid samples get 0.</summary>
        public static void Weights(WelfareRule rule, ReadOnlySpan<double> statistics, ReadOnlySpan<int> groups, ReadOnlySpan<RewardReasons> reasons, Span<float> weights) =>
            Scatter(rule, statistics, groups, reasons, weights, gradient: false);

        /// <inheritdoc cref="Weights(WelfareRule, ReadOnlySpan{double}, ReadOnlySpan{int}, ReadOnlySpan{RewardReasons}, Span{float})"/>
        public static void Weights(WelfareRule rule, ReadOnlySpan<double> statistics, ReadOnlySpan<int> groups, ReadOnlySpan<RewardReasons> reasons, Span<double> weights) =>
            Scatter(rule, statistics, groups, reasons, weights, gradient: false);

        /// <summary>∂W/∂r_i for the local samples from (all-reduced) statistics; invalid samples get 0.</summary>
        public static void Gradient(WelfareRule rule, ReadOnlySpan<double> statistics, ReadOnlySpan<int> groups, ReadOnlySpan<RewardReasons> reasons, Span<float> gradient) =>
            Scatter(rule, statistics, groups, reasons, gradient, gradient: true);

        /// <inheritdoc cref="Gradient(WelfareRule, ReadOnlySpan{double}, ReadOnlySpan{int}, ReadOnlySpan{RewardReasons}, Span{float})"/>
        public static void Gradient(WelfareRule rule, ReadOnlySpan<double> statistics, ReadOnlySpan<int> groups, ReadOnlySpan<RewardReasons> reasons, Span<double> gradient) =>
            Scatter(rule, statistics, groups, reasons, gradient, gradient: true);

        /// <summary>
        /// Single-process convenience: the statistics of this batch, its weights into <paramref name="weights"/>,
        /// and its welfare value (returned). The same as <see cref="WelfareStatistics.Accumulate"/> into zeroed
        /// statistics, then <see cref="Weights(WelfareRule, ReadOnlySpan{double}, ReadOnlySpan{int}, ReadOnlySpan{RewardReasons}, Span{float})"/> and <see cref="Value"/>.
        /// </summary>
        public static double Compute(WelfareRule rule, ReadOnlySpan<int> groups, ReadOnlySpan<float> totals, ReadOnlySpan<RewardReasons> reasons, Span<float> weights)
        {
            ArgumentNullException.ThrowIfNull(rule);
            int length = WelfareStatistics.Length(rule.GroupCount);
            double[]? rented = length <= StatisticsStackLimit ? null : ArrayPool<double>.Shared.Rent(length);
            Span<double> statistics = rented ?? stackalloc double[StatisticsStackLimit];
            statistics = statistics.Slice(0, length);
            try
            {
                statistics.Clear();
                WelfareStatistics.Accumulate(groups, totals, reasons, statistics);
                Weights(rule, statistics, groups, reasons, weights);
                return Value(rule, statistics);
            }
            finally
            {
                Return(rented);
            }
        }

        /// <summary>A module's category column (an <c>int</c>-backed enum) as group codes, without copying.</summary>
        public static ReadOnlySpan<int> GroupCodes<TEnum>(ReadOnlySpan<TEnum> column) where TEnum : unmanaged, Enum
        {
            if (Unsafe.SizeOf<TEnum>() != sizeof(int))
                throw new ArgumentException($"{typeof(TEnum).Name} is not int-backed; group codes are ints", nameof(column));
            return MemoryMarshal.Cast<TEnum, int>(column);
        }

        private static void Scatter<T>(WelfareRule rule, ReadOnlySpan<double> statistics, ReadOnlySpan<int> groups, ReadOnlySpan<RewardReasons> reasons, Span<T> output, bool gradient)
            where T : unmanaged
        {
            ArgumentNullException.ThrowIfNull(rule);
            if (groups.Length != output.Length || reasons.Length != output.Length)
                throw new ArgumentException($"groups ({groups.Length}), reasons ({reasons.Length}) and the output ({output.Length}) must have one value per sample");
            int groupCount = CheckedGroupCount(rule, statistics);
            double[]? rented = 2 * groupCount <= 2 * StackLimit ? null : ArrayPool<double>.Shared.Rent(2 * groupCount);
            Span<double> scratch = rented ?? stackalloc double[2 * StackLimit];
            Span<double> means = scratch.Slice(0, groupCount);
            Span<double> table = scratch.Slice(groupCount, groupCount);
            try
            {
                long n = ReadMeans(statistics, means);
                if (gradient) GradientOf(rule, statistics, means, table);
                else WeightsOf(rule, statistics, means, n, table);
                for (int i = 0; i < output.Length; i++)
                {
                    double value = 0;
                    if ((reasons[i] & RewardReasons.Invalid) == 0)
                    {
                        int g = groups[i];
                        if ((uint)g >= (uint)groupCount)
                            throw new ArgumentOutOfRangeException(nameof(groups), g, $"sample {i}: group code {g} is outside [0, {groupCount}) and the sample is not marked Invalid");
                        value = table[g];
                    }
                    if (typeof(T) == typeof(float))
                    {
                        float single = (float)value;
                        output[i] = Unsafe.As<float, T>(ref single);
                    }
                    else
                    {
                        output[i] = Unsafe.As<double, T>(ref value);
                    }
                }
            }
            finally
            {
                Return(rented);
            }
        }

        /// <summary>Means per group (NaN where absent); returns the number of valid samples.</summary>
        private static long ReadMeans(ReadOnlySpan<double> statistics, Span<double> means)
        {
            long n = 0;
            for (int g = 0; g < means.Length; g++)
            {
                long count = WelfareStatistics.Count(statistics, g);
                means[g] = count == 0 ? double.NaN : WelfareStatistics.Sum(statistics, g) / count;
                n += count;
            }
            return n;
        }

        private static bool Present(double mean) => !double.IsNaN(mean);

        private static double Gain(WelfareRule rule, double mean) => Math.Max(mean - rule.DisagreementPoint, GainFloor);

        /// <summary>Whether the floor is inactive (∂ max(x, ε)/∂x = 1 for x ≥ ε, as torch's clamp_min).</summary>
        private static bool AboveFloor(WelfareRule rule, double mean) => mean - rule.DisagreementPoint >= GainFloor;

        private static double ValueOf(WelfareRule rule, ReadOnlySpan<double> means)
        {
            ReadOnlySpan<double> lambda = rule.WeightSpan;
            switch (rule.Kind)
            {
                case WelfareKind.Utilitarian:
                {
                    double sum = 0;
                    for (int g = 0; g < means.Length; g++) if (Present(means[g])) sum += lambda[g] * means[g];
                    return sum;
                }
                case WelfareKind.Nash:
                {
                    double sum = 0;
                    for (int g = 0; g < means.Length; g++) if (Present(means[g])) sum += lambda[g] * Math.Log(Gain(rule, means[g]));
                    return sum;
                }
                case WelfareKind.Maximin:
                    return -rule.Temperature * SoftminLogSum(rule, means, out _);
                case WelfareKind.Power:
                    return Math.Exp(PowerLogSum(rule, means) / rule.Exponent);
                default:
                    throw new InvalidOperationException("unknown welfare kind " + rule.Kind);
            }
        }

        /// <summary>log Σ_g exp(−U_g / T) over present groups, by log-sum-exp; <paramref name="shift"/> is its max term.</summary>
        private static double SoftminLogSum(WelfareRule rule, ReadOnlySpan<double> means, out double shift)
        {
            shift = double.NegativeInfinity;
            for (int g = 0; g < means.Length; g++) if (Present(means[g])) shift = Math.Max(shift, -means[g] / rule.Temperature);
            double sum = 0;
            for (int g = 0; g < means.Length; g++) if (Present(means[g])) sum += Math.Exp(-means[g] / rule.Temperature - shift);
            return shift + Math.Log(sum);
        }

        /// <summary>log Σ_g λ_g x_g^p over present groups with λ_g &gt; 0, by log-sum-exp; −∞ when there are none.</summary>
        private static double PowerLogSum(WelfareRule rule, ReadOnlySpan<double> means)
        {
            ReadOnlySpan<double> lambda = rule.WeightSpan;
            double shift = double.NegativeInfinity;
            for (int g = 0; g < means.Length; g++)
                if (Present(means[g]) && lambda[g] > 0) shift = Math.Max(shift, PowerTerm(rule, lambda[g], means[g]));
            if (double.IsNegativeInfinity(shift)) return shift;
            double sum = 0;
            for (int g = 0; g < means.Length; g++)
                if (Present(means[g]) && lambda[g] > 0) sum += Math.Exp(PowerTerm(rule, lambda[g], means[g]) - shift);
            return shift + Math.Log(sum);
        }

        private static double PowerTerm(WelfareRule rule, double lambda, double mean) => Math.Log(lambda) + rule.Exponent * Math.Log(Gain(rule, mean));

        /// <summary>log φ_g (up to a constant shared by all groups); −∞ when λ_g = 0.</summary>
        private static double LogPhi(WelfareRule rule, double lambda, double mean) => rule.Kind switch
        {
            WelfareKind.Utilitarian => Math.Log(lambda),
            WelfareKind.Nash => Math.Log(lambda) - Math.Log(Gain(rule, mean)),
            WelfareKind.Maximin => Math.Log(lambda) - mean / rule.Temperature, // softmax's normaliser cancels in c
            WelfareKind.Power => Math.Log(lambda) + (rule.Exponent - 1) * Math.Log(Gain(rule, mean)),
            _ => throw new InvalidOperationException("unknown welfare kind " + rule.Kind),
        };

        /// <summary>table[g] = N · φ_g / Σ φ / n_g, with φ normalised in the log domain (no overflow for extreme U, T or p).</summary>
        private static void WeightsOf(WelfareRule rule, ReadOnlySpan<double> statistics, ReadOnlySpan<double> means, long n, Span<double> table)
        {
            ReadOnlySpan<double> lambda = rule.WeightSpan;
            double shift = double.NegativeInfinity;
            for (int g = 0; g < means.Length; g++)
            {
                table[g] = Present(means[g]) ? LogPhi(rule, lambda[g], means[g]) : double.NegativeInfinity;
                shift = Math.Max(shift, table[g]);
            }
            if (double.IsNegativeInfinity(shift))
            {
                table.Clear(); // no group present, or every present group has λ = 0: no c exists
                return;
            }
            double sum = 0;
            for (int g = 0; g < means.Length; g++) if (!double.IsNegativeInfinity(table[g])) sum += Math.Exp(table[g] - shift);
            double scale = n / sum;
            for (int g = 0; g < means.Length; g++)
                table[g] = double.IsNegativeInfinity(table[g]) ? 0 : scale * Math.Exp(table[g] - shift) / WelfareStatistics.Count(statistics, g);
        }

        private static void GradientOf(WelfareRule rule, ReadOnlySpan<double> statistics, ReadOnlySpan<double> means, Span<double> table)
        {
            ReadOnlySpan<double> lambda = rule.WeightSpan;
            double softminShift = 0, softminLogSum = 0, powerLogSum = 0;
            if (rule.Kind == WelfareKind.Maximin) softminLogSum = SoftminLogSum(rule, means, out softminShift);
            if (rule.Kind == WelfareKind.Power) powerLogSum = PowerLogSum(rule, means);
            for (int g = 0; g < means.Length; g++)
            {
                double mean = means[g];
                if (!Present(mean))
                {
                    table[g] = 0;
                    continue;
                }
                // ∂W/∂U_g
                double derivative = rule.Kind switch
                {
                    WelfareKind.Utilitarian => lambda[g],
                    WelfareKind.Nash => AboveFloor(rule, mean) ? lambda[g] / (mean - rule.DisagreementPoint) : 0,
                    WelfareKind.Maximin => Math.Exp(-mean / rule.Temperature - softminLogSum),
                    // W = S^(1/p), S = Σ λ x^p: ∂W/∂U_g = S^(1/p − 1) · λ_g · x_g^(p−1)
                    WelfareKind.Power => lambda[g] > 0 && AboveFloor(rule, mean)
                        ? Math.Exp((1 / rule.Exponent - 1) * powerLogSum + Math.Log(lambda[g]) + (rule.Exponent - 1) * Math.Log(Gain(rule, mean)))
                        : 0,
                    _ => throw new InvalidOperationException("unknown welfare kind " + rule.Kind),
                };
                table[g] = derivative / WelfareStatistics.Count(statistics, g);
            }
        }

        private static int CheckedGroupCount(WelfareRule rule, ReadOnlySpan<double> statistics)
        {
            int groupCount = WelfareStatistics.GroupCount(statistics);
            if (groupCount != rule.GroupCount)
                throw new ArgumentException($"the statistics describe {groupCount} groups but the rule has {rule.GroupCount}", nameof(statistics));
            return groupCount;
        }

        private static void CheckTable(Span<double> table, int groupCount, string name)
        {
            if (table.Length != groupCount) throw new ArgumentException($"the table has {table.Length} entries; the rule has {groupCount} groups", name);
        }

        private static double[]? Rent(int length) => length <= StackLimit ? null : ArrayPool<double>.Shared.Rent(length);

        private static void Return(double[]? rented)
        {
            if (rented is not null) ArrayPool<double>.Shared.Return(rented);
        }
    }
}
