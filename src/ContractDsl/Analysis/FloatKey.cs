using System;
using System.Runtime.InteropServices;

namespace ContractDsl.Analysis
{
    /// <summary>
    /// Orders float32 values by an integer key so that a set of floats is a set of integer intervals (the
    /// idea of Roslyn's <c>NumericValueSet</c>/<c>FloatingValueSet</c>): consecutive floats have consecutive
    /// keys, -0 and +0 share key 0 (they compare equal), ±∞ are the ends and NaN gets its own key above +∞
    /// (every ordered comparison with NaN is false, <c>!=</c> is true). Working on keys makes boundaries
    /// exact: <c>x &gt; 0.2</c> is the keys from the one just after <c>(float)0.2</c>.
    /// </summary>
    internal static class FloatKey
    {
        public const int NegativeInfinity = -0x7F800000;
        public const int PositiveInfinity = 0x7F800000;
        public const int NaN = 0x7F800001;
        public const int MinFinite = NegativeInfinity + 1;
        public const int MaxFinite = PositiveInfinity - 1;

        [StructLayout(LayoutKind.Explicit)]
        private struct Bits
        {
            [FieldOffset(0)] public float Float;
            [FieldOffset(0)] public int Int;
        }

        public static int Of(float value)
        {
            if (float.IsNaN(value)) return NaN;
            int bits = new Bits { Float = value }.Int;
            return bits >= 0 ? bits : -(bits & 0x7FFFFFFF);
        }

        public static int Of(double value) => Of((float)value);

        public static float ToFloat(int key)
        {
            if (key >= NaN) return float.NaN;
            if (key <= NegativeInfinity) return float.NegativeInfinity;
            return new Bits { Int = key >= 0 ? key : (int)(0x80000000u | (uint)(-key)) }.Float;
        }

        public static float NextUp(float value) =>
            float.IsNaN(value) || float.IsPositiveInfinity(value) ? value : ToFloat(Of(value) + 1);

        public static float NextDown(float value) =>
            float.IsNaN(value) || float.IsNegativeInfinity(value) ? value : ToFloat(Of(value) - 1);

        /// <summary>The largest float ≤ <paramref name="value"/> (NaN stays NaN).</summary>
        public static float Floor(double value)
        {
            float f = (float)value;
            if (f > value) f = NextDown(f);
            return f;
        }

        /// <summary>The smallest float ≥ <paramref name="value"/> (NaN stays NaN).</summary>
        public static float Ceiling(double value)
        {
            float f = (float)value;
            if (f < value) f = NextUp(f);
            return f;
        }

        /// <summary>Whether the float of this key is a whole number (every float of magnitude ≥ 2^23 is).</summary>
        public static bool IsIntegral(int key)
        {
            if (key <= NegativeInfinity || key >= PositiveInfinity) return false;
            float f = ToFloat(key);
            return Math.Floor(f) == f;
        }

        /// <summary>Key of the smallest whole float ≥ the key's value (PositiveInfinity if none).</summary>
        public static int CeilingIntegral(int key)
        {
            if (key <= NegativeInfinity) return MinFinite; // -float.MaxValue is whole
            if (key >= PositiveInfinity) return PositiveInfinity;
            return Of((float)Math.Ceiling(ToFloat(key)));
        }

        /// <summary>Key of the largest whole float ≤ the key's value (NegativeInfinity if none).</summary>
        public static int FloorIntegral(int key)
        {
            if (key >= PositiveInfinity) return MaxFinite;
            if (key <= NegativeInfinity) return NegativeInfinity;
            return Of((float)Math.Floor(ToFloat(key)));
        }

        /// <summary>Key of the next whole float after an integral key.</summary>
        public static int NextIntegral(int key)
        {
            float f = ToFloat(key);
            float g = f + 1f;
            return g == f ? key + 1 : Of(g);
        }
    }
}
