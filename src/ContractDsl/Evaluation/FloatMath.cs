using System;

namespace ContractDsl.Evaluation
{
    /// <summary>
    /// The float32 functions of the reference interpreter, each computing exactly what the generated kernels compute:
    /// the transcendental functions are <see cref="DeterministicMath"/> (the very source the runtime compiles for its
    /// scalar and vector kernels); min and max follow <c>MathF.Min</c>/<c>MathF.Max</c> (NaN wins, −0 &lt; +0), which
    /// netstandard2.0 lacks; square root and rounding are exact through double.
    /// </summary>
    public static class FloatMath
    {
        public static float Exp(float x) => DeterministicMath.Exp(x);

        public static float Log(float x) => DeterministicMath.Log(x);

        public static float Tanh(float x) => DeterministicMath.Tanh(x);

        /// <summary>1 / (1 + e^-x), as the runtime's <c>RewardMath.Sigmoid</c>.</summary>
        public static float Sigmoid(float x) => DeterministicMath.Sigmoid(x);

        /// <summary><c>MathF.Min</c>: NaN if either is NaN; -0 is less than +0.</summary>
        public static float Min(float x, float y)
        {
            if (float.IsNaN(x)) return x;
            if (float.IsNaN(y)) return y;
            if (x != y) return y < x ? y : x;
            return IsNegative(x) ? x : y;
        }

        /// <summary><c>MathF.Max</c>: NaN if either is NaN; +0 is greater than -0.</summary>
        public static float Max(float x, float y)
        {
            if (float.IsNaN(x)) return x;
            if (float.IsNaN(y)) return y;
            if (x != y) return y < x ? x : y;
            return IsNegative(y) ? x : y;
        }

        /// <summary><c>MathF.Min(MathF.Max(x, lo), hi)</c>.</summary>
        public static float Clamp(float x, float lo, float hi) => Min(Max(x, lo), hi);

        public static float Abs(float x) => Math.Abs(x);

        /// <summary>Square root; float → double → float is exactly the correctly rounded float result.</summary>
        public static float Sqrt(float x) => (float)Math.Sqrt(x);

        /// <summary><c>MathF.Round</c> (ties to even); exact through double.</summary>
        public static float Round(float x) => (float)Math.Round((double)x, MidpointRounding.ToEven);

        private static bool IsNegative(float x) => x < 0 || (x == 0 && 1f / x < 0);
    }
}
