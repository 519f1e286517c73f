using System.Globalization;
using System.Numerics;

namespace ContractDsl.Runtime.Tests.Economics;

public class WelfareStatisticsTests
{
    private static double[] Statistics(int groupCount, int[] groups, float[] totals, RewardReasons[] reasons)
    {
        var statistics = new double[WelfareStatistics.Length(groupCount)];
        WelfareStatistics.Accumulate(groups, totals, reasons, statistics);
        return statistics;
    }

    /// <summary>The exact sum of float32 values as a decimal string (every float is k · 2^−149, so the sum is too).</summary>
    private static string ExactDecimal(IEnumerable<float> values)
    {
        BigInteger units = BigInteger.Zero;
        foreach (float value in values)
        {
            uint bits = BitConverter.SingleToUInt32Bits(value);
            int exponent = (int)((bits >> 23) & 0xFF);
            BigInteger mantissa = bits & 0x7FFFFF;
            int shift = 0;
            if (exponent != 0)
            {
                mantissa += 0x800000;
                shift = exponent - 1;
            }
            BigInteger magnitude = mantissa << shift;
            units += (bits >> 31) != 0 ? -magnitude : magnitude;
        }
        // units · 2^−149 = units · 5^149 / 10^149
        BigInteger scaled = BigInteger.Abs(units) * BigInteger.Pow(5, 149);
        string digits = scaled.ToString(CultureInfo.InvariantCulture).PadLeft(150, '0');
        string text = digits[..^149] + "." + digits[^149..];
        return (units.Sign < 0 ? "-" : "") + text;
    }

    [Fact]
    public void Sum_is_the_exact_sum_rounded_once_where_double_summation_loses_it()
    {
        // 1e30 + 1 − 1e30 in double is 0: the 1 is below the spacing of doubles near 1e30. Exactly, it is 1.
        float[] totals = { 1e30f, 1f, -1e30f };
        var statistics = Statistics(1, new int[3], totals, new RewardReasons[3]);
        Assert.Equal(0.0, (double)1e30f + 1.0 - (double)1e30f);
        Assert.Equal(1.0, WelfareStatistics.Sum(statistics, 0));
        Assert.Equal(3, WelfareStatistics.Count(statistics, 0));
        Assert.Equal(1.0 / 3.0, WelfareStatistics.Mean(statistics, 0));
    }

    [Fact]
    public void Sum_is_correctly_rounded_over_the_whole_float32_range()
    {
        var random = new Random(20240607);
        for (int trial = 0; trial < 300; trial++)
        {
            int count = random.Next(1, 60);
            var totals = new float[count];
            for (int i = 0; i < count; i++)
            {
                // Random bit patterns cover subnormals, huge values and everything between; skip NaN/±Inf.
                float value;
                do value = BitConverter.UInt32BitsToSingle((uint)random.NextInt64(0, 1L << 32));
                while (!float.IsFinite(value));
                totals[i] = trial % 3 == 0 ? value : (float)(random.NextDouble() * 200 - 100) * MathF.Pow(2, random.Next(-30, 30));
            }
            var statistics = Statistics(1, new int[count], totals, new RewardReasons[count]);
            double expected = double.Parse(ExactDecimal(totals), CultureInfo.InvariantCulture); // IEEE-correct parsing
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected), BitConverter.DoubleToInt64Bits(WelfareStatistics.Sum(statistics, 0)));
        }
    }

    [Fact]
    public void Extremes_of_float32_are_summed_exactly()
    {
        float[] totals = { float.MaxValue, float.MaxValue, float.MaxValue, float.Epsilon, -float.Epsilon, float.Epsilon };
        var statistics = Statistics(1, new int[totals.Length], totals, new RewardReasons[totals.Length]);
        // 3 · MaxValue + Epsilon: the Epsilon is far below a double's precision there, so the rounded sum is 3 · MaxValue.
        Assert.Equal(3.0 * float.MaxValue, WelfareStatistics.Sum(statistics, 0));
        var tiny = Statistics(1, new int[3], new[] { float.Epsilon, float.Epsilon, -0f }, new RewardReasons[3]);
        Assert.Equal(2.0 * float.Epsilon, WelfareStatistics.Sum(tiny, 0));
        var negative = Statistics(1, new int[2], new[] { -float.MaxValue, -1f }, new RewardReasons[2]);
        Assert.Equal(-(double)float.MaxValue - 1.0, WelfareStatistics.Sum(negative, 0));
    }

    [Fact]
    public void Invalid_samples_are_skipped_without_reading_their_group_code()
    {
        int[] groups = { 0, 99, 1, -5, 1 };
        float[] totals = { 1f, float.NaN, 2f, 7f, 4f };
        var reasons = new[] { RewardReasons.None, RewardReasons.Invalid | RewardReasons.OutOfDomain, RewardReasons.Conflict, RewardReasons.Invalid, RewardReasons.OutOfDomain };
        var statistics = Statistics(2, groups, totals, reasons);
        Assert.Equal(1, WelfareStatistics.Count(statistics, 0));
        Assert.Equal(2, WelfareStatistics.Count(statistics, 1));
        Assert.Equal(6.0, WelfareStatistics.Sum(statistics, 1));
        Assert.Equal(3, WelfareStatistics.TotalCount(statistics));
    }

    [Fact]
    public void A_valid_sample_with_an_unknown_group_or_a_non_finite_total_is_an_error()
    {
        var statistics = new double[WelfareStatistics.Length(2)];
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => WelfareStatistics.Accumulate(new[] { 0, 2 }, new[] { 1f, 1f }, new RewardReasons[2], statistics));
        Assert.Contains("sample 1: group code 2 is outside [0, 2)", error.Message);
        var nan = Assert.Throws<ArgumentException>(() => WelfareStatistics.Accumulate(new[] { 0 }, new[] { float.PositiveInfinity }, new RewardReasons[1], statistics));
        Assert.Contains("sample 0", nan.Message);
        Assert.Throws<ArgumentException>(() => WelfareStatistics.Accumulate(new[] { 0 }, new[] { 1f, 2f }, new RewardReasons[2], statistics));
        Assert.Throws<ArgumentException>(() => WelfareStatistics.Accumulate(new[] { 0 }, new[] { 1f }, new RewardReasons[1], new double[12]));
    }

    [Fact]
    public void A_buffer_that_is_not_made_of_whole_limbs_is_rejected_when_read()
    {
        var statistics = Statistics(1, new[] { 0 }, new[] { 1f }, new RewardReasons[1]);
        statistics[0] += 0.5; // e.g. averaged instead of summed by the collective
        var error = Assert.Throws<ArgumentException>(() => WelfareStatistics.Sum(statistics, 0));
        Assert.Contains("not a whole number", error.Message);
    }

    [Fact]
    public void Accumulating_micro_batches_equals_accumulating_their_concatenation()
    {
        var random = new Random(7);
        int n = 500;
        var groups = Enumerable.Range(0, n).Select(_ => random.Next(4)).ToArray();
        var totals = Enumerable.Range(0, n).Select(_ => (float)(random.NextDouble() * 1e6 - 3e5) * MathF.Pow(10, random.Next(-8, 8))).ToArray();
        var reasons = new RewardReasons[n];
        var whole = Statistics(4, groups, totals, reasons);
        var pieces = new double[whole.Length];
        foreach (int start in new[] { 0, 100, 101, 350 })
        {
            int end = start switch { 0 => 100, 100 => 101, 101 => 350, _ => n };
            WelfareStatistics.Accumulate(groups.AsSpan(start, end - start), totals.AsSpan(start, end - start), reasons.AsSpan(start, end - start), pieces);
        }
        for (int g = 0; g < 4; g++)
        {
            Assert.Equal(WelfareStatistics.Count(whole, g), WelfareStatistics.Count(pieces, g));
            Assert.Equal(BitConverter.DoubleToInt64Bits(WelfareStatistics.Sum(whole, g)), BitConverter.DoubleToInt64Bits(WelfareStatistics.Sum(pieces, g)));
        }
    }

    [Fact]
    public void Many_groups_use_pooled_scratch_and_give_the_same_result()
    {
        int groupCount = 300; // more than the stack scratch holds
        var groups = Enumerable.Range(0, 900).Select(i => i % groupCount).ToArray();
        var totals = Enumerable.Range(0, 900).Select(i => (float)i / 7f).ToArray();
        var statistics = Statistics(groupCount, groups, totals, new RewardReasons[900]);
        for (int g = 0; g < groupCount; g++)
        {
            Assert.Equal(3, WelfareStatistics.Count(statistics, g));
            double expected = double.Parse(ExactDecimal(new[] { totals[g], totals[g + 300], totals[g + 600] }), CultureInfo.InvariantCulture);
            Assert.Equal(expected, WelfareStatistics.Sum(statistics, g));
        }
    }
}
