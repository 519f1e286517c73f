using System.Numerics;
using System.Runtime.Intrinsics;
using ContractDsl.Numerics;
using ContractDsl.Runtime.Numerics;
using ContractDsl.Testing;

namespace ContractDsl.Runtime.Tests.Numerics;

/// <summary>
/// The two lane operations whose instruction differs between lane types: scaling by a power of two (AVX-512's vscalefps
/// where the lane has it, two exact powers of two elsewhere) and the fused multiply-add. Each lane type must give, on
/// every lane, the correctly rounded result, so that every path computes the same bits.
/// </summary>
public sealed class LaneOperationTests
{
    /// <summary>Values in [0.5, 2) as the exponential produces them, the ends included, and NaN.</summary>
    private static float[] ScaledValues()
    {
        var random = new Random(3);
        var values = new List<float> { 0.5f, MathF.BitIncrement(0.5f), 0.75f, 1f, 1.5f, MathF.BitDecrement(2f), 0.70710677f, 1.4142135f };
        for (int i = 0; i < 200; i++) values.Add(BitConverter.Int32BitsToSingle(random.Next(0x3F000000, 0x40000000)));
        return values.ToArray();
    }

    [Fact]
    public void Scaling_by_a_power_of_two_rounds_once_on_every_lane_type()
    {
        float[] values = ScaledValues();
        var scalar = default(ScalarLane);
        int roundedSubnormals = 0;
        for (int n = -150; n <= 128; n++)
        {
            foreach (float value in values)
            {
                // The exact product, rounded once to float (double holds it exactly).
                float expected = (float)(value * Math.Pow(2, n));
                if ((expected == 0 || float.IsSubnormal(expected)) && expected != value * Math.Pow(2, n)) roundedSubnormals++;
                float nf = n;
                AssertBits(expected, scalar.ScaleByPowerOfTwo(value, nf), "scalar", value, n);
                AssertBits(expected, default(Vector128Lane).ScaleByPowerOfTwo(Vector128.Create(value), Vector128.Create(nf)).ToScalar(), "Vector128", value, n);
                AssertBits(expected, default(Vector256Lane).ScaleByPowerOfTwo(Vector256.Create(value), Vector256.Create(nf)).ToScalar(), "Vector256", value, n);
                AssertBits(expected, default(Vector512Lane).ScaleByPowerOfTwo(Vector512.Create(value), Vector512.Create(nf)).ToScalar(), "Vector512", value, n);
                AssertBits(expected, default(VectorLane).ScaleByPowerOfTwo(new Vector<float>(value), new Vector<float>(nf))[0], "Vector<float>", value, n);
                AssertBits(expected, DeterministicMathAlgorithms<Vector512Lane, Vector512<float>, Vector512<int>, Vector512<float>>
                    .ScaleByPowerOfTwoInSteps(Vector512.Create(value), Vector512.Create(nf)).ToScalar(), "Vector512 in steps", value, n);
            }
            Assert.True(float.IsNaN(scalar.ScaleByPowerOfTwo(float.NaN, n)));
            Assert.True(float.IsNaN(default(Vector128Lane).ScaleByPowerOfTwo(Vector128.Create(float.NaN), Vector128.Create((float)n)).ToScalar()));
            Assert.True(float.IsNaN(default(Vector256Lane).ScaleByPowerOfTwo(Vector256.Create(float.NaN), Vector256.Create((float)n)).ToScalar()));
            Assert.True(float.IsNaN(default(Vector512Lane).ScaleByPowerOfTwo(Vector512.Create(float.NaN), Vector512.Create((float)n)).ToScalar()));
            Assert.True(float.IsNaN(default(VectorLane).ScaleByPowerOfTwo(new Vector<float>(float.NaN), new Vector<float>((float)n))[0]));
        }
        // Overflow to +∞ at n = 128, and underflow to 0 at n = −150 for values up to 1 (a tie, to even) — the edges that
        // need the second power of two.
        Assert.Equal(float.PositiveInfinity, default(Vector512Lane).ScaleByPowerOfTwo(Vector512.Create(1f), Vector512.Create(128f)).ToScalar());
        Assert.Equal(0f, default(ScalarLane).ScaleByPowerOfTwo(1f, -150f));
        Assert.True(roundedSubnormals > 1000, $"only {roundedSubnormals} results rounded into the subnormal range");
    }

    /// <summary>
    /// Operands for the fused multiply-add: random ones whose product's rounding error only a fused operation shows
    /// (c = −RN(a·b)), sums just short of a float midpoint (where rounding twice goes wrong), and subnormal results.
    /// </summary>
    private static IEnumerable<(float A, float B, float C)> MultiplyAddOperands()
    {
        var random = new Random(9);
        for (int i = 0; i < 20_000; i++)
        {
            float a = BitConverter.Int32BitsToSingle(random.Next(0x30000000, 0x50000000) | (random.Next(2) << 31));
            float b = BitConverter.Int32BitsToSingle(random.Next(0x30000000, 0x50000000) | (random.Next(2) << 31));
            yield return (a, b, -(a * b));
            int exponent = random.Next(1, 254);
            float c = BitConverter.Int32BitsToSingle((exponent << 23) | random.Next(0, 1 << 23) | (random.Next(2) << 31));
            var (nearOne, justShort) = ReferenceFusedMultiplyAdd.JustShortOfMidpoint(c, random.Next(2) == 0 ? 1 : -1);
            yield return (nearOne, justShort, c);
            yield return (BitConverter.Int32BitsToSingle(random.Next(0, 0x1F000000)), BitConverter.Int32BitsToSingle(random.Next(0, 0x1F000000)),
                BitConverter.Int32BitsToSingle(random.Next(0, 0x00800000) | (random.Next(2) << 31)));
        }
    }

    [Fact]
    public void Every_lane_type_fuses_the_multiply_add_rounding_once()
    {
        int fused = 0, roundedTwiceWrong = 0;
        foreach (var (a, b, c) in MultiplyAddOperands())
        {
            float expected = ReferenceFusedMultiplyAdd.Compute(a, b, c);
            if (expected != (float)(a * b) + c) fused++;
            if ((float)((double)a * b + c) != expected) roundedTwiceWrong++;
            AssertBits(expected, default(ScalarLane).MultiplyAdd(a, b, c), "scalar", a, 0);
            AssertBits(expected, default(Vector128Lane).MultiplyAdd(Vector128.Create(a), Vector128.Create(b), Vector128.Create(c)).ToScalar(), "Vector128", a, 0);
            AssertBits(expected, default(Vector256Lane).MultiplyAdd(Vector256.Create(a), Vector256.Create(b), Vector256.Create(c)).ToScalar(), "Vector256", a, 0);
            AssertBits(expected, default(Vector512Lane).MultiplyAdd(Vector512.Create(a), Vector512.Create(b), Vector512.Create(c)).GetElement(15), "Vector512", a, 0);
            AssertBits(expected, default(VectorLane).MultiplyAdd(new Vector<float>(a), new Vector<float>(b), new Vector<float>(c))[Vector<float>.Count - 1], "Vector<float>", a, 0);
            // The lanes' path for processors without the instruction, which this one does not take on its own.
            AssertBits(expected, ExactFusedMultiplyAdd.Compute(a, b, c), "ExactFusedMultiplyAdd", a, 0);
            AssertBits(expected, SoftwareMultiplyAdd.Compute(Vector512.Create(a), Vector512.Create(b), Vector512.Create(c)).GetElement(9), "software Vector512", a, 0);
            AssertBits(expected, SoftwareMultiplyAdd.Compute(Vector256.Create(a), Vector256.Create(b), Vector256.Create(c)).GetElement(5), "software Vector256", a, 0);
            AssertBits(expected, SoftwareMultiplyAdd.Compute(new Vector<float>(a), new Vector<float>(b), new Vector<float>(c))[1], "software Vector<float>", a, 0);
        }
        Assert.True(fused > 10_000, $"only {fused} results needed the fused rounding");
        Assert.True(roundedTwiceWrong > 1_000, $"a double sum rounded twice went wrong only {roundedTwiceWrong} times");
    }

    private static void AssertBits(float expected, float actual, string lane, float value, int n) =>
        Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual),
            $"{lane}: {value:R} with n = {n} gave {actual:R} (0x{BitConverter.SingleToInt32Bits(actual):X8}), expected {expected:R} (0x{BitConverter.SingleToInt32Bits(expected):X8})");
}
