using System;
using System.Buffers;

namespace ContractDsl.Runtime
{
    /// <summary>
    /// Per-group statistics of a batch — the exact sum of the valid samples' total rewards and their count —
    /// as a flat <c>double[]</c> that data-parallel jobs all-reduce with an element-wise sum (their own
    /// collective: NCCL/MPI/Gloo <c>all_reduce(SUM)</c> on a float64 buffer).
    /// </summary>
    /// <remarks>
    /// <para>
    /// Why not simply (Σ total, count) per group: floating-point addition is not associative, so the sum of the
    /// shards' sums would differ from the whole batch's sum in the last bits, and ranks (or a rerun with another
    /// sharding) would disagree on the weights. Here a group's sum is kept <b>exactly</b>, as a fixed-point
    /// integer in units of 2^−149 (the smallest float32 step, so every finite float32 total is such an integer)
    /// split into <see cref="LimbCount"/> base-2^32 digits ("limbs"). Each limb is a whole number stored in a
    /// double; <see cref="Accumulate"/> leaves every limb below 2^32 in magnitude, so an element-wise sum over
    /// up to 2^21 ranks (or accumulated micro-batches) stays below 2^53 and is exact in any order. The value is
    /// rounded to a double only when it is read (<see cref="Sum"/>), after carrying the limbs into one canonical
    /// form: statistics that describe the same multiset of samples give bit-identical sums, means, weights and
    /// values, however they were split and reduced.
    /// </para>
    /// <para>
    /// Layout, group-major: group g occupies <c>[g·ValuesPerGroup, (g+1)·ValuesPerGroup)</c>: limbs 0 … 9
    /// (least significant first), then the count. 11 doubles per group; 198 for 18 groups.
    /// </para>
    /// </remarks>
    public static class WelfareStatistics
    {
        /// <summary>Base-2^32 digits per group sum: 277 bits of float32 range (2^−149 … 2^128) plus headroom for 2^31 samples.</summary>
        public const int LimbCount = 10;

        /// <summary>Doubles per group: the limbs, then the count.</summary>
        public const int ValuesPerGroup = LimbCount + 1;

        private const int LimbBits = 32;
        private const long LimbMask = (1L << LimbBits) - 1;
        private const int UnitExponent = -149; // limb 0's unit is 2^-149
        private const double MaxExactInteger = 9007199254740992.0; // 2^53
        private const int StackLimit = 1024; // longs of scratch on the stack; more groups rent from the pool

        /// <summary>The length of the statistics of <paramref name="groupCount"/> groups.</summary>
        public static int Length(int groupCount)
        {
            if (groupCount < 1) throw new ArgumentOutOfRangeException(nameof(groupCount), groupCount, "at least one group");
            return checked(groupCount * ValuesPerGroup);
        }

        /// <summary>The number of groups statistics of this length describe; throws unless it is a whole number ≥ 1.</summary>
        public static int GroupCount(ReadOnlySpan<double> statistics)
        {
            if (statistics.Length == 0 || statistics.Length % ValuesPerGroup != 0)
                throw new ArgumentException($"welfare statistics have {ValuesPerGroup} values per group; a buffer of {statistics.Length} is not that", nameof(statistics));
            return statistics.Length / ValuesPerGroup;
        }

        /// <summary>
        /// Adds a batch's valid samples to <paramref name="statistics"/> (which the caller zeroes first; calling
        /// again with more samples keeps adding). A sample is skipped when its reasons carry
        /// <see cref="RewardReasons.Invalid"/>; its group code is then never read, so an unknown code is fine.
        /// A valid sample must have a group code in [0, groupCount) and a finite total. Allocation-free for up to
        /// 93 groups (stack scratch); larger rules rent scratch from the shared array pool.
        /// </summary>
        /// <param name="groups">Category code per sample (a module's enum column through <c>MemoryMarshal.Cast&lt;TEnum, int&gt;</c>).</param>
        /// <param name="totals">Total reward per sample (the module's <c>Total</c> output).</param>
        /// <param name="reasons">Reason flags per sample (the module's <c>Reasons</c> output).</param>
        /// <param name="statistics">The statistics to add to, <see cref="Length"/>(groupCount) long.</param>
        public static void Accumulate(ReadOnlySpan<int> groups, ReadOnlySpan<float> totals, ReadOnlySpan<RewardReasons> reasons, Span<double> statistics)
        {
            if (groups.Length != totals.Length || reasons.Length != totals.Length)
                throw new ArgumentException($"groups ({groups.Length}), totals ({totals.Length}) and reasons ({reasons.Length}) must have one value per sample");
            int groupCount = GroupCount(statistics);
            int scratchLength = groupCount * ValuesPerGroup;
            long[]? rented = scratchLength <= StackLimit ? null : ArrayPool<long>.Shared.Rent(scratchLength);
            Span<long> scratch = rented is null ? stackalloc long[StackLimit] : rented;
            scratch = scratch.Slice(0, scratchLength);
            try
            {
                scratch.Clear();
                for (int i = 0; i < totals.Length; i++)
                {
                    if ((reasons[i] & RewardReasons.Invalid) != 0) continue;
                    int g = groups[i];
                    if ((uint)g >= (uint)groupCount)
                        throw new ArgumentOutOfRangeException(nameof(groups), g, $"sample {i}: group code {g} is outside [0, {groupCount}) and the sample is not marked Invalid");
                    float total = totals[i];
                    if (!float.IsFinite(total))
                        throw new ArgumentException($"sample {i}: total reward {total} is not finite and the sample is not marked Invalid", nameof(totals));
                    int at = g * ValuesPerGroup;
                    AddExact(scratch, at, total);
                    scratch[at + LimbCount]++;
                }
                // Carry each group's limbs so that every limb is < 2^32 in magnitude before it becomes a double.
                for (int g = 0; g < groupCount; g++)
                {
                    Span<long> group = scratch.Slice(g * ValuesPerGroup, ValuesPerGroup);
                    Carry(group.Slice(0, LimbCount));
                    Span<double> target = statistics.Slice(g * ValuesPerGroup, ValuesPerGroup);
                    for (int j = 0; j < ValuesPerGroup; j++)
                    {
                        double sum = target[j] + group[j];
                        if (Math.Abs(sum) >= MaxExactInteger)
                            throw new InvalidOperationException("welfare statistics overflowed: more than 2^21 accumulations or reductions into one buffer");
                        target[j] = sum;
                    }
                }
            }
            finally
            {
                if (rented is not null) ArrayPool<long>.Shared.Return(rented);
            }
        }

        /// <summary>
        /// <paramref name="into"/> += <paramref name="from"/>, element-wise: what an all-reduce does across ranks.
        /// For tests and for single-process jobs that evaluate shards one after another.
        /// </summary>
        public static void Add(ReadOnlySpan<double> from, Span<double> into)
        {
            if (from.Length != into.Length) throw new ArgumentException($"statistics of different lengths ({from.Length}, {into.Length})");
            GroupCount(into);
            for (int i = 0; i < into.Length; i++) into[i] += from[i];
        }

        /// <summary>The number of valid samples of group <paramref name="group"/>.</summary>
        public static long Count(ReadOnlySpan<double> statistics, int group) => ReadCount(Group(statistics, group), group);

        /// <summary>The number of valid samples of all groups.</summary>
        public static long TotalCount(ReadOnlySpan<double> statistics)
        {
            int groupCount = GroupCount(statistics);
            long count = 0;
            for (int g = 0; g < groupCount; g++) count += Count(statistics, g);
            return count;
        }

        /// <summary>The sum of group <paramref name="group"/>'s totals: the exact sum rounded once to the nearest double.</summary>
        public static double Sum(ReadOnlySpan<double> statistics, int group)
        {
            ReadOnlySpan<double> values = Group(statistics, group);
            Span<long> limbs = stackalloc long[LimbCount];
            for (int j = 0; j < LimbCount; j++) limbs[j] = ReadInteger(values[j], group);
            return ToDouble(limbs);
        }

        /// <summary>Group <paramref name="group"/>'s mean total U_g = <see cref="Sum"/> / <see cref="Count"/>; NaN when the group has no valid sample.</summary>
        public static double Mean(ReadOnlySpan<double> statistics, int group)
        {
            long count = Count(statistics, group);
            return count == 0 ? double.NaN : Sum(statistics, group) / count;
        }

        private static ReadOnlySpan<double> Group(ReadOnlySpan<double> statistics, int group)
        {
            int groupCount = GroupCount(statistics);
            if ((uint)group >= (uint)groupCount) throw new ArgumentOutOfRangeException(nameof(group), group, $"the statistics have {groupCount} groups");
            return statistics.Slice(group * ValuesPerGroup, ValuesPerGroup);
        }

        private static long ReadCount(ReadOnlySpan<double> group, int index)
        {
            long count = ReadInteger(group[LimbCount], index);
            if (count < 0) throw new ArgumentException($"welfare statistics of group {index}: negative count {count}", "statistics");
            return count;
        }

        private static long ReadInteger(double value, int group)
        {
            if (!(Math.Abs(value) < MaxExactInteger) || value != Math.Floor(value))
                throw new ArgumentException($"welfare statistics of group {group}: {value} is not a whole number below 2^53, so the buffer was not made by WelfareStatistics (or was reduced with something other than a sum)", "statistics");
            return (long)value;
        }

        /// <summary>Adds a finite float32 exactly: its value is m · 2^shift units of 2^−149, m &lt; 2^24, shift ≤ 253.</summary>
        private static void AddExact(Span<long> limbs, int at, float value)
        {
            uint bits = BitConverter.SingleToUInt32Bits(value);
            int biasedExponent = (int)((bits >> 23) & 0xFF);
            ulong mantissa = bits & 0x7FFFFF;
            int shift = 0;
            if (biasedExponent != 0)
            {
                mantissa |= 0x800000;
                shift = biasedExponent - 1; // value = m · 2^(E − 150) = m · 2^(E − 1) units of 2^−149
            }
            int limb = at + (shift >> 5);
            ulong scaled = mantissa << (shift & 31); // < 2^55: this limb and the next
            long negative = -(long)(bits >> 31); // 0, or −1 for a negative value: (x ^ −1) − (−1) = −x, without a branch
            limbs[limb] += ((long)(scaled & LimbMask) ^ negative) - negative;
            limbs[limb + 1] += ((long)(scaled >> LimbBits) ^ negative) - negative;
        }

        /// <summary>Carries so that limbs 0 … n−2 are in [0, 2^32); the top limb keeps the sign. The canonical form of the integer.</summary>
        private static void Carry(Span<long> limbs)
        {
            for (int j = 0; j < limbs.Length - 1; j++)
            {
                long carry = limbs[j] >> LimbBits; // floor division by 2^32
                limbs[j] -= carry << LimbBits;
                limbs[j + 1] += carry;
            }
        }

        /// <summary>Σ limbs[j] · 2^(32j − 149), correctly rounded to a double.</summary>
        private static double ToDouble(Span<long> limbs)
        {
            Carry(limbs);
            bool negative = limbs[LimbCount - 1] < 0;
            if (negative)
            {
                for (int j = 0; j < LimbCount; j++) limbs[j] = -limbs[j];
                Carry(limbs); // now every limb is ≥ 0: the magnitude
            }
            int top = LimbCount - 1;
            while (top >= 0 && limbs[top] == 0) top--;
            if (top < 0) return 0.0;
            // The top three limbs hold ≥ 65 significant bits; anything below only decides ties, as a sticky bit.
            UInt128 head = (UInt128)(ulong)limbs[top] << 64;
            if (top >= 1) head |= (UInt128)(ulong)limbs[top - 1] << 32;
            if (top >= 2) head |= (ulong)limbs[top - 2];
            for (int j = top - 3; j >= 0; j--)
            {
                if (limbs[j] != 0)
                {
                    head |= 1;
                    break;
                }
            }
            double magnitude = Math.ScaleB((double)head, LimbBits * (top - 2) + UnitExponent);
            return negative ? -magnitude : magnitude;
        }
    }
}
