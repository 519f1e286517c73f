using System;
using System.Collections.Generic;
using System.Linq;

namespace ContractDsl.Testing
{
    /// <summary>
    /// How the deterministic float32 functions are measured: the double-precision reference, the error in ulp, and
    /// the inputs (a stride through all bit patterns, plus the special values and the neighbourhoods of every
    /// threshold). Linked into tests/Runtime.Tests, tests/ContractDsl.Tests and the bench's exhaustive check, so that
    /// all three measure the same way.
    /// </summary>
    internal static class FloatAccuracy
    {
        /// <summary>The functions, by the names the language uses.</summary>
        public static readonly string[] Functions = { "exp", "log", "sigmoid", "tanh" };

        /// <summary>
        /// The stated accuracy (max ulp against the correctly rounded result) per function, which the tests assert:
        /// the exhaustive maxima of docs/vector-math.md rounded up, all inside the 2 ulp the issue asks for.
        /// </summary>
        public static double StatedMaxUlp(string function) => function switch
        {
            "exp" => 1.0,
            "log" => 1.0,
            "sigmoid" => 1.0,
            "tanh" => 1.0,
            _ => throw new ArgumentOutOfRangeException(nameof(function), function, null),
        };

        /// <summary>The exact value in double precision (System.Math; its error, ~1e-16, is far below a float ulp).</summary>
        public static double Reference(string function, double x) => function switch
        {
            "exp" => Math.Exp(x),
            "log" => Math.Log(x),
            "sigmoid" => ReferenceSigmoid(x),
            "tanh" => Math.Tanh(x),
            _ => throw new ArgumentOutOfRangeException(nameof(function), function, null),
        };

        /// <summary>1/(1 + e^-x) in double, written so that no intermediate overflows.</summary>
        public static double ReferenceSigmoid(double x)
        {
            if (x < 0)
            {
                double e = Math.Exp(x);
                return e / (1 + e);
            }
            return 1 / (1 + Math.Exp(-x));
        }

        /// <summary>
        /// |r − exact| in units of the float32 ulp at the exact value (2^-149 for subnormal magnitudes). NaN must meet
        /// NaN; an infinite result, or an exact value beyond the float range, counts as exact only when it equals the
        /// correctly rounded result, and is infinitely wrong otherwise.
        /// </summary>
        public static double UlpError(double exact, float r)
        {
            if (double.IsNaN(exact) || float.IsNaN(r)) return double.IsNaN(exact) && float.IsNaN(r) ? 0 : double.PositiveInfinity;
            float rounded = (float)exact;
            if (float.IsInfinity(rounded) || float.IsInfinity(r)) return r == rounded ? 0 : double.PositiveInfinity;
            double magnitude = Math.Abs(exact);
            int binade = magnitude < 1.1754943508222875e-38 ? -126 : Math.ILogB(magnitude);
            return Math.Abs(r - exact) / Math.ScaleB(1.0, binade - 23);
        }

        /// <summary>A zero result whose sign differs from the exact zero's (tanh(−0) must be −0).</summary>
        public static bool WrongSignOfZero(double exact, float r) => exact == 0 && r == 0 && double.IsNegative(exact) != float.IsNegative(r);

        /// <summary>Every <paramref name="stride"/>-th bit pattern from <paramref name="offset"/>: all signs, exponents, NaNs and subnormals.</summary>
        public static float[] Strided(int stride, int offset = 0)
        {
            var inputs = new float[(int)(((1L << 32) - offset + stride - 1) / stride)];
            for (int i = 0; i < inputs.Length; i++) inputs[i] = BitConverter.UInt32BitsToSingle((uint)(offset + (long)i * stride));
            return inputs;
        }

        /// <summary>The special values every function must treat as the IEEE function does.</summary>
        public static readonly float[] SpecialValues =
        {
            float.NaN, -float.NaN, BitConverter.UInt32BitsToSingle(0x7F800001), BitConverter.UInt32BitsToSingle(0xFFFFFFFF),
            BitConverter.UInt32BitsToSingle(0x7FC12345), float.PositiveInfinity, float.NegativeInfinity, 0f, -0f,
            float.Epsilon, -float.Epsilon, 1.17549435e-38f, -1.17549435e-38f, BitConverter.UInt32BitsToSingle(0x007FFFFF),
            float.MaxValue, float.MinValue, 1f, -1f, 0.5f, -0.5f, 2f, -2f,
        };

        /// <summary>
        /// Special values plus ±<paramref name="ulps"/> bit patterns around each threshold of <paramref name="function"/>:
        /// where it overflows or underflows, where results turn subnormal, where it saturates, where the algorithm
        /// switches between formulas, and around 0 and 1.
        /// </summary>
        public static float[] Boundaries(string function, int ulps = 2048)
        {
            float[] centres = function switch
            {
                // overflow (ln FLT_MAX), subnormal results (ln 2^-126), smallest subnormal (ln 2^-149), zero (ln 2^-150),
                // the clamps, the reduction's rounding boundaries (±ln2/2, ±3·ln2/2), results that round to 1.
                "exp" => new[] { 88.72284f, 89f, -87.33655f, -103.27893f, -103.97208f, -104f, 0.34657359f, -0.34657359f, 1.0397208f, -1.0397208f, 5.9604645e-8f, -5.9604645e-8f, 0f },
                // subnormals, the smallest normal, the reduction boundary √½ and √2, 1, the largest float.
                "log" => new[] { float.Epsilon, 1.17549435e-38f, 0.70710677f, 1.4142135f, 1f, 2f, 0.5f, float.MaxValue },
                // 0, where e^-|x| turns subnormal or 0, where the result rounds to 1, the reduction boundaries.
                "sigmoid" => new[] { 0f, -87.33655f, -88.72284f, -103.27893f, -103.97208f, -104f, 16.635532f, 17.328680f, 88.72284f, 0.34657359f, -0.34657359f },
                // 0 (and tiny values), the switch between the polynomial and the exponential, where it rounds to ±1.
                "tanh" => new[] { 0f, 0.625f, -0.625f, 9.010913f, -9.010913f, 4.3e-3f, 0.34657359f, 2.2e-4f },
                _ => throw new ArgumentOutOfRangeException(nameof(function), function, null),
            };
            var inputs = new List<float>(SpecialValues);
            foreach (float centre in centres)
            {
                foreach (float signed in new[] { centre, -centre })
                {
                    int bits = BitConverter.SingleToInt32Bits(signed);
                    for (int d = -ulps; d <= ulps; d++)
                    {
                        // Past ±0 the bit patterns of one sign run into the NaNs of the other: stop at zero (the
                        // subnormals on both sides of it are added below).
                        long walked = (long)bits + d;
                        if (walked < int.MinValue || walked > int.MaxValue || Math.Sign(walked) != Math.Sign(bits)) continue;
                        inputs.Add(BitConverter.Int32BitsToSingle((int)walked));
                    }
                }
            }
            // Inputs crossing the sign (around ±0) in bit order: the subnormals on both sides.
            for (int d = 0; d <= ulps; d++)
            {
                inputs.Add(BitConverter.Int32BitsToSingle(d));
                inputs.Add(BitConverter.Int32BitsToSingle(unchecked((int)0x80000000) + d));
            }
            return inputs.Distinct(BitwiseFloatComparer.Instance).ToArray();
        }

        private sealed class BitwiseFloatComparer : IEqualityComparer<float>
        {
            public static readonly BitwiseFloatComparer Instance = new BitwiseFloatComparer();

            public bool Equals(float x, float y) => BitConverter.SingleToInt32Bits(x) == BitConverter.SingleToInt32Bits(y);

            public int GetHashCode(float x) => BitConverter.SingleToInt32Bits(x);
        }

        /// <summary>
        /// Results fixed by the IEEE functions (or by rounding, where the exact value is far from a rounding boundary),
        /// compared bit for bit; an expected NaN accepts any NaN.
        /// </summary>
        public static readonly (string Function, float X, float Expected)[] ExactResults =
        {
            ("exp", float.NaN, float.NaN), ("exp", float.PositiveInfinity, float.PositiveInfinity), ("exp", float.NegativeInfinity, 0f),
            ("exp", 0f, 1f), ("exp", -0f, 1f), ("exp", float.Epsilon, 1f), ("exp", -float.Epsilon, 1f), ("exp", 88.7229f, float.PositiveInfinity),
            ("exp", 1000f, float.PositiveInfinity), ("exp", -103.9f, float.Epsilon), ("exp", -104f, 0f), ("exp", -1000f, 0f),
            ("log", float.NaN, float.NaN), ("log", 0f, float.NegativeInfinity), ("log", -0f, float.NegativeInfinity), ("log", -1f, float.NaN),
            ("log", -float.Epsilon, float.NaN), ("log", float.NegativeInfinity, float.NaN), ("log", float.PositiveInfinity, float.PositiveInfinity),
            ("log", 1f, 0f),
            ("sigmoid", float.NaN, float.NaN), ("sigmoid", float.PositiveInfinity, 1f), ("sigmoid", float.NegativeInfinity, 0f), ("sigmoid", 0f, 0.5f),
            ("sigmoid", -0f, 0.5f), ("sigmoid", 100f, 1f), ("sigmoid", -200f, 0f), ("sigmoid", -103.9f, float.Epsilon),
            ("tanh", float.NaN, float.NaN), ("tanh", float.PositiveInfinity, 1f), ("tanh", float.NegativeInfinity, -1f), ("tanh", 0f, 0f),
            ("tanh", -0f, -0f), ("tanh", float.Epsilon, float.Epsilon), ("tanh", -float.Epsilon, -float.Epsilon), ("tanh", 20f, 1f), ("tanh", -20f, -1f),
            ("tanh", float.MaxValue, 1f), ("tanh", float.MinValue, -1f),
        };

        /// <summary>Whether <paramref name="actual"/> is <paramref name="expected"/> bit for bit (any NaN for a NaN).</summary>
        public static bool SameResult(float expected, float actual) =>
            float.IsNaN(expected) ? float.IsNaN(actual) : BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(actual);

        /// <summary>The float with its bits, for failure messages.</summary>
        public static string Describe(float x) =>
            $"{x.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} (0x{BitConverter.SingleToUInt32Bits(x):X8})";
    }
}
