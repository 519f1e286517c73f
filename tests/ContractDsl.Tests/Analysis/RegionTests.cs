using ContractDsl.Analysis;
using ContractDsl.Syntax;

namespace ContractDsl.Tests.Analysis
{
    /// <summary>The building blocks: float keys, interval sets, comparison sets, witness picks.</summary>
    public class RegionTests
    {
        [Fact]
        public void Float_keys_are_monotone_and_merge_the_zeros()
        {
            float[] values = { float.NegativeInfinity, -float.MaxValue, -1f, -float.Epsilon, 0f, float.Epsilon, 0.2f, 1f, float.MaxValue, float.PositiveInfinity };
            for (int i = 0; i + 1 < values.Length; i++)
                Assert.True(FloatKey.Of(values[i]) < FloatKey.Of(values[i + 1]));
            Assert.Equal(FloatKey.Of(0f), FloatKey.Of(-0f));
            Assert.Equal(FloatKey.Of(0.2f) + 1, FloatKey.Of(MathF.BitIncrement(0.2f)));
            Assert.Equal(FloatKey.NaN, FloatKey.Of(float.NaN));
            foreach (var v in values) Assert.Equal(v, FloatKey.ToFloat(FloatKey.Of(v)));
            Assert.Equal(0.1f, FloatKey.Floor(0.1f));
            Assert.True(FloatKey.Floor(0.1) <= 0.1 && FloatKey.Ceiling(0.1) >= 0.1);
        }

        [Fact]
        public void Interval_sets_intersect_unite_and_subtract()
        {
            var a = IntervalSet.FromIntervals(new[] { (0, 5), (10, 15) });
            var b = IntervalSet.Range(3, 12);
            Assert.Equal(IntervalSet.FromIntervals(new[] { (3, 5), (10, 12) }), a.Intersect(b));
            Assert.Equal(IntervalSet.Range(0, 15), a.Union(b));
            Assert.Equal(IntervalSet.FromIntervals(new[] { (0, 2), (13, 15) }), a.Except(b));
            Assert.True(a.Overlaps(b));
            Assert.False(a.Overlaps(IntervalSet.Range(6, 9)));
            Assert.Equal(IntervalSet.Range(0, 6), IntervalSet.FromIntervals(new[] { (0, 3), (4, 6) }));
        }

        [Fact]
        public void Whole_number_sets_keep_only_integral_floats()
        {
            var between = IntervalSet.Range(FloatKey.Of(3f) + 1, FloatKey.Of(4f) - 1); // (3, 4)
            Assert.True(between.NormalizeIntegral().IsEmpty);
            var wide = IntervalSet.Range(FloatKey.Of(2.5f), FloatKey.Of(5.5f));
            Assert.Equal(IntervalSet.Range(FloatKey.Of(3f), FloatKey.Of(5f)), wide.NormalizeIntegral());
            var split = IntervalSet.FromIntervals(new[] { (FloatKey.Of(1f), FloatKey.Of(2f)), (FloatKey.Of(3f), FloatKey.Of(3f)) });
            Assert.Equal(1, split.NormalizeIntegral().Count); // 1..2 and 3 are neighbours among whole numbers
        }

        [Fact]
        public void Comparison_sets_match_float_comparisons()
        {
            float k = 0.2f;
            foreach (ComparisonOperator op in Enum.GetValues(typeof(ComparisonOperator)))
            {
                var set = RegionAlgebra.ComparisonSet(op, 0.2);
                foreach (float x in new[] { float.NegativeInfinity, -1f, MathF.BitDecrement(k), k, MathF.BitIncrement(k), 1f, float.PositiveInfinity, float.NaN })
                {
                    bool expected = op switch
                    {
                        ComparisonOperator.Less => x < k,
                        ComparisonOperator.LessOrEqual => x <= k,
                        ComparisonOperator.Greater => x > k,
                        ComparisonOperator.GreaterOrEqual => x >= k,
                        ComparisonOperator.Equal => x == k,
                        _ => x != k,
                    };
                    Assert.Equal(expected, set.Contains(FloatKey.Of(x)));
                }
            }
        }

        [Fact]
        public void Witness_values_are_simple_or_the_only_boundary()
        {
            float Pick(float lo, float hi, bool integral = false) => FloatKey.ToFloat(WitnessFinder.Pick(IntervalSet.Range(FloatKey.Of(lo), FloatKey.Of(hi)), integral));
            Assert.Equal(0f, Pick(-1f, 1f));
            Assert.Equal(0.3f, Pick(0.2f, 0.5f));
            Assert.Equal(1f, Pick(MathF.BitIncrement(0.5f), 1f));
            Assert.Equal(-2f, Pick(-10f, -2f));
            Assert.Equal(0.5f, Pick(0.5f, 0.5f));
            Assert.Equal(513f, Pick(513f, 4096f, integral: true));
            Assert.Equal(MathF.BitIncrement(0.2f), Pick(MathF.BitIncrement(0.2f), MathF.BitIncrement(0.2f)));
        }
    }
}
