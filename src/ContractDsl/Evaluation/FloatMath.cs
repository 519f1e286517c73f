using System;
using System.Reflection;

namespace ContractDsl.Evaluation
{
    /// <summary>
    /// The float32 functions the generated code calls (<c>System.MathF</c>). ContractDsl targets netstandard2.0,
    /// which has no <c>MathF</c>; on a host that has it (every .NET Core / .NET 5+ process, including the
    /// compiler server and the test runner) the real methods are bound once by reflection so that the
    /// interpreter agrees with the generated module bit for bit. On .NET Framework hosts the fallbacks compute
    /// in double and round once, which can differ from <c>MathF</c> by one unit in the last place for the
    /// transcendental functions.
    /// </summary>
    public static class FloatMath
    {
        private static readonly Func<float, float>? s_exp = Bind1("Exp");
        private static readonly Func<float, float>? s_log = Bind1("Log");
        private static readonly Func<float, float>? s_tanh = Bind1("Tanh");
        private static readonly Func<float, float, float>? s_min = Bind2("Min");
        private static readonly Func<float, float, float>? s_max = Bind2("Max");

        /// <summary>True when the host's <c>System.MathF</c> is used (the results are those of the generated code).</summary>
        public static bool UsesHostMathF => s_exp != null && s_log != null && s_tanh != null && s_min != null && s_max != null;

        private static Type? MathFType() => typeof(object).Assembly.GetType("System.MathF", throwOnError: false);

        private static Func<float, float>? Bind1(string name)
        {
            try
            {
                var method = MathFType()?.GetMethod(name, BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(float) }, null);
                return method == null ? null : (Func<float, float>)Delegate.CreateDelegate(typeof(Func<float, float>), method);
            }
            catch (Exception) { return null; }
        }

        private static Func<float, float, float>? Bind2(string name)
        {
            try
            {
                var method = MathFType()?.GetMethod(name, BindingFlags.Public | BindingFlags.Static, null, new[] { typeof(float), typeof(float) }, null);
                return method == null ? null : (Func<float, float, float>)Delegate.CreateDelegate(typeof(Func<float, float, float>), method);
            }
            catch (Exception) { return null; }
        }

        public static float Exp(float x) => s_exp != null ? s_exp(x) : (float)Math.Exp(x);

        public static float Log(float x) => s_log != null ? s_log(x) : (float)Math.Log(x);

        public static float Tanh(float x) => s_tanh != null ? s_tanh(x) : (float)Math.Tanh(x);

        /// <summary><c>MathF.Min</c>: NaN if either is NaN; -0 is less than +0.</summary>
        public static float Min(float x, float y)
        {
            if (s_min != null) return s_min(x, y);
            if (x != y) return float.IsNaN(x) ? x : (y < x ? y : x);
            return IsNegative(x) ? x : y;
        }

        /// <summary><c>MathF.Max</c>: NaN if either is NaN; +0 is greater than -0.</summary>
        public static float Max(float x, float y)
        {
            if (s_max != null) return s_max(x, y);
            if (x != y) return float.IsNaN(x) ? x : (y < x ? x : y);
            return IsNegative(y) ? x : y;
        }

        /// <summary><c>MathF.Min(MathF.Max(x, lo), hi)</c>.</summary>
        public static float Clamp(float x, float lo, float hi) => Min(Max(x, lo), hi);

        public static float Abs(float x) => Math.Abs(x);

        /// <summary>1 / (1 + e^-x), as the runtime's <c>RewardMath.Sigmoid</c>.</summary>
        public static float Sigmoid(float x) => 1f / (1f + Exp(-x));

        /// <summary>Square root; float → double → float is exactly the correctly rounded float result.</summary>
        public static float Sqrt(float x) => (float)Math.Sqrt(x);

        /// <summary><c>MathF.Round</c> (ties to even); exact through double.</summary>
        public static float Round(float x) => (float)Math.Round((double)x, MidpointRounding.ToEven);

        private static bool IsNegative(float x) => x < 0 || (x == 0 && 1f / x < 0);
    }
}
