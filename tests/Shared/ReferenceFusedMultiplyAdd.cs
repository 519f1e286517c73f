using System;
using System.Numerics;

namespace ContractDsl.Testing
{
    /// <summary>
    /// float32 a·b + c rounded once, computed with exact integers (<see cref="BigInteger"/>): the reference the fused
    /// multiply-add of the deterministic maths is tested against, independent of the processor's instruction and of the
    /// C library's <c>fmaf</c> (which .NET calls where there is no instruction, and which is not correctly rounded on
    /// every platform). Linked into tests/Runtime.Tests and tests/ContractDsl.Tests.
    /// </summary>
    internal static class ReferenceFusedMultiplyAdd
    {
        public static float Compute(float a, float b, float c)
        {
            if (float.IsNaN(a) || float.IsNaN(b) || float.IsNaN(c)) return float.NaN;
            bool productNegative = (BitConverter.SingleToInt32Bits(a) ^ BitConverter.SingleToInt32Bits(b)) < 0;
            if (float.IsInfinity(a) || float.IsInfinity(b))
            {
                if (a == 0 || b == 0) return float.NaN; // ∞·0
                float product = productNegative ? float.NegativeInfinity : float.PositiveInfinity;
                if (float.IsInfinity(c) && c != product) return float.NaN; // ∞ − ∞
                return product;
            }
            if (float.IsInfinity(c)) return c;

            // a·b + c = S·2^E exactly, with S an integer.
            var (ma, ea) = Decompose(a);
            var (mb, eb) = Decompose(b);
            var (mc, ec) = Decompose(c);
            int productExponent = ea + eb;
            int e = Math.Min(productExponent, ec);
            BigInteger sum = ma * mb * BigInteger.Pow(2, productExponent - e) + mc * BigInteger.Pow(2, ec - e);
            if (sum.IsZero)
            {
                // An exact zero is +0 in round-to-nearest, unless both terms are zeros of the negative sign.
                bool bothNegativeZeros = (a == 0 || b == 0) && c == 0 && productNegative && BitConverter.SingleToInt32Bits(c) < 0;
                return bothNegativeZeros ? -0f : 0f;
            }
            bool negative = sum.Sign < 0;
            BigInteger magnitude = BigInteger.Abs(sum);
            int bits = (int)magnitude.GetBitLength();
            // Keep 24 significant bits, or fewer where the result is subnormal (its last bit has weight 2^-149).
            int shift = Math.Max(bits - 24, -149 - e);
            if (shift > 0)
            {
                BigInteger kept = magnitude >> shift;
                BigInteger rest = magnitude - (kept << shift);
                BigInteger half = BigInteger.One << (shift - 1);
                if (rest > half || (rest == half && !kept.IsEven)) kept += 1; // to nearest, ties to even
                magnitude = kept;
                e += shift;
            }
            // magnitude ≤ 2^24 (exact in double), times a power of two: exact in double, and its conversion to float is
            // exact, or ∞ where the rounded value overflows.
            double value = Math.ScaleB((double)magnitude, e);
            float result = value > float.MaxValue ? float.PositiveInfinity : (float)value;
            return negative ? -result : result;
        }

        /// <summary>
        /// a and b with a·b = <paramref name="sign"/>·ulp(c)/2·(1 − 2^-46), for a normal c and a sign of ±1: c + a·b lies
        /// just short of the midpoint between c and a neighbour, so the correctly rounded result is c, while a double sum
        /// rounds to the midpoint itself and then, rounding to float, to the even neighbour: wrong wherever c's last bit is 1.
        /// </summary>
        public static (float A, float B) JustShortOfMidpoint(float c, float sign)
        {
            int exponent = (BitConverter.SingleToInt32Bits(c) >> 23) & 0xFF;
            float halfUlp = MathF.Pow(2, exponent - 127 - 24);
            return (1 + MathF.Pow(2, -23), sign * halfUlp * (1 - MathF.Pow(2, -23)));
        }

        /// <summary>x = m·2^e with m an integer of at most 24 bits (signed), e ≥ −149.</summary>
        private static (BigInteger Mantissa, int Exponent) Decompose(float x)
        {
            int bits = BitConverter.SingleToInt32Bits(x);
            int biased = (bits >> 23) & 0xFF;
            int fraction = bits & 0x7FFFFF;
            long mantissa = biased == 0 ? fraction : fraction | 0x800000;
            int exponent = biased == 0 ? -149 : biased - 150;
            return (bits < 0 ? -mantissa : mantissa, exponent);
        }
    }
}
