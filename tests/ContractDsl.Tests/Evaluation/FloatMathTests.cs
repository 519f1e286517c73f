using ContractDsl.Evaluation;

namespace ContractDsl.Tests.Evaluation
{
    /// <summary>
    /// The interpreter's min and max are MathF's, bit for bit, on every kind of operand (signed zeros, infinities, a NaN on
    /// either side, with its payload). With NaNs on both sides only NaN-ness is compared: which payload <c>MathF.Min</c>
    /// returns then depends on how the JIT compiled the caller (an optimised caller gets an intrinsic that returns the
    /// second operand's, the library code the first's), and no output depends on it (a NaN input makes a lane invalid).
    /// </summary>
    public class FloatMathTests
    {
        private static readonly float[] Operands =
        {
            0f, -0f, 1f, -1f, 0.5f, float.Epsilon, -float.Epsilon, float.MaxValue, float.MinValue,
            float.PositiveInfinity, float.NegativeInfinity, float.NaN, BitConverter.Int32BitsToSingle(0x7fc00001), BitConverter.Int32BitsToSingle(unchecked((int)0xffc00000)),
        };

        [Fact]
        public void Min_and_max_match_MathF_bit_for_bit()
        {
            foreach (float x in Operands)
                foreach (float y in Operands)
                {
                    if (float.IsNaN(x) && float.IsNaN(y))
                    {
                        Assert.True(float.IsNaN(FloatMath.Min(x, y)));
                        Assert.True(float.IsNaN(FloatMath.Max(x, y)));
                        continue;
                    }
                    Assert.Equal(BitConverter.SingleToInt32Bits(MathF.Min(x, y)), BitConverter.SingleToInt32Bits(FloatMath.Min(x, y)));
                    Assert.Equal(BitConverter.SingleToInt32Bits(MathF.Max(x, y)), BitConverter.SingleToInt32Bits(FloatMath.Max(x, y)));
                }
        }
    }
}
