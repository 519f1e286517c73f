using System.Runtime.CompilerServices;

namespace ContractDsl.Runtime
{
    /// <summary>Scalar helpers generated CPU kernels call, written to match torch's float32 results.</summary>
    public static class RewardMath
    {
        /// <summary>e^x.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Exp(float x) => System.MathF.Exp(x);

        /// <summary>The natural logarithm.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Log(float x) => System.MathF.Log(x);

        /// <summary>The hyperbolic tangent.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Tanh(float x) => System.MathF.Tanh(x);

        /// <summary>The logistic function 1 / (1 + e^-x).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Sigmoid(float x) => 1f / (1f + System.MathF.Exp(-x));

        /// <summary>torch.clamp semantics: when lo &gt; hi every value becomes hi.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Clamp(float x, float lo, float hi) => System.MathF.Min(System.MathF.Max(x, lo), hi);
    }
}
