using System;
using ContractDsl.Numerics;
using ContractDsl.Testing;

namespace ContractDsl.Tests.Evaluation
{
    /// <summary>
    /// The language core (netstandard2.0, no <c>MathF.FusedMultiplyAdd</c>) emulates float a·b + c through double with
    /// round-to-odd: it must give a·b + c rounded once (<see cref="ReferenceFusedMultiplyAdd"/>, exact integers), which
    /// is what the hardware instruction the runtime's lanes use gives, including the cases where a plain double sum
    /// rounds twice.
    /// </summary>
    public class ExactFusedMultiplyAddTests
    {
        private static void AssertSameBits(float a, float b, float c)
        {
            float expected = ReferenceFusedMultiplyAdd.Compute(a, b, c);
            float actual = ExactFusedMultiplyAdd.Compute(a, b, c);
            if (float.IsNaN(expected))
                Assert.True(float.IsNaN(actual), $"fma({a:R}, {b:R}, {c:R}) = {actual:R}, expected NaN");
            else
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual),
                    $"fma({a:R}, {b:R}, {c:R}) = {actual:R} (0x{BitConverter.SingleToInt32Bits(actual):X8}), expected {expected:R} (0x{BitConverter.SingleToInt32Bits(expected):X8})");
        }

        /// <summary>
        /// Sums just short of a float midpoint (<see cref="ReferenceFusedMultiplyAdd.JustShortOfMidpoint"/>), where a plain
        /// double sum rounds twice. The test asserts that a plain double sum fails on many of them, so that it tests
        /// something.
        /// </summary>
        [Fact]
        public void Sums_just_short_of_a_float_midpoint_round_once()
        {
            var random = new Random(11);
            int doubleRoundingWrong = 0;
            for (int i = 0; i < 20_000; i++)
            {
                int exponent = random.Next(1, 254);
                int bits = (exponent << 23) | random.Next(0, 1 << 23) | (random.Next(2) << 31);
                float c = BitConverter.Int32BitsToSingle(bits);
                foreach (float sign in new[] { 1f, -1f })
                {
                    var (a, b) = ReferenceFusedMultiplyAdd.JustShortOfMidpoint(c, sign);
                    AssertSameBits(a, b, c);
                    AssertSameBits(b, a, c);
                    if ((float)((double)a * b + c) != ReferenceFusedMultiplyAdd.Compute(a, b, c)) doubleRoundingWrong++;
                }
            }
            Assert.True(doubleRoundingWrong > 1000, $"a plain double sum was wrong {doubleRoundingWrong} times");
        }

        [Fact]
        public void Random_operands_and_cancellations_round_once()
        {
            var random = new Random(5);
            float Next(int lowExponent, int highExponent) =>
                BitConverter.Int32BitsToSingle((random.Next(lowExponent, highExponent) << 23) | random.Next(0, 1 << 23) | (random.Next(2) << 31));
            for (int i = 0; i < 300_000; i++)
            {
                float a = Next(0, 255), b = Next(0, 255), c = Next(0, 255);
                AssertSameBits(a, b, c);
                // Close exponents: long carries, and the product's low half decides the rounding.
                a = Next(100, 150);
                b = Next(100, 150);
                c = Next(90, 170);
                AssertSameBits(a, b, c);
                // c = −RN(a·b): the result is the product's rounding error, exact.
                AssertSameBits(a, b, -(a * b));
                // Subnormal results and operands.
                AssertSameBits(Next(0, 60), Next(0, 60), Next(0, 3));
            }
        }

        [Fact]
        public void The_reference_agrees_with_the_hardware_instruction()
        {
            // ReferenceFusedMultiplyAdd is itself checked against the instruction (this machine has one; where .NET
            // falls back to the C library, its fmaf may be the thing that is wrong).
            if (!System.Runtime.Intrinsics.X86.Fma.IsSupported && !System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported) return;
            var random = new Random(13);
            for (int i = 0; i < 100_000; i++)
            {
                float a = BitConverter.Int32BitsToSingle(random.Next(0, 0x7F800000) | (random.Next(2) << 31));
                float b = BitConverter.Int32BitsToSingle(random.Next(0x20000000, 0x60000000) | (random.Next(2) << 31));
                float c = random.Next(3) == 0 ? -(a * b) : BitConverter.Int32BitsToSingle(random.Next(0, 0x7F800000) | (random.Next(2) << 31));
                Assert.Equal(BitConverter.SingleToInt32Bits(MathF.FusedMultiplyAdd(a, b, c)), BitConverter.SingleToInt32Bits(ReferenceFusedMultiplyAdd.Compute(a, b, c)));
            }
        }

        [Fact]
        public void Zeros_infinities_NaN_and_overflow_follow_IEEE()
        {
            float[] values =
            {
                0f, -0f, 1f, -1f, float.Epsilon, -float.Epsilon, float.MaxValue, -float.MaxValue, float.PositiveInfinity,
                float.NegativeInfinity, float.NaN, 1.17549435e-38f, 3f, -0.5f, 2f,
            };
            foreach (float a in values)
            foreach (float b in values)
            foreach (float c in values)
                AssertSameBits(a, b, c);
        }
    }
}
