using System.Runtime.CompilerServices;

namespace ContractDsl.Runtime
{
    /// <summary>
    /// Scalar helpers generated CPU kernels call. The transcendental functions are <see cref="DeterministicMath"/>'s:
    /// the same bits as the vector kernel's lanes and the reference interpreter, within 1.1 ulp of the exact result.
    /// </summary>
    public static class RewardMath
    {
        /// <summary>e^x.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Exp(float x) => DeterministicMath.Exp(x);

        /// <summary>The natural logarithm.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Log(float x) => DeterministicMath.Log(x);

        /// <summary>The hyperbolic tangent.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Tanh(float x) => DeterministicMath.Tanh(x);

        /// <summary>The logistic function 1 / (1 + e^-x).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Sigmoid(float x) => DeterministicMath.Sigmoid(x);

        /// <summary>torch.clamp semantics: when lo &gt; hi every value becomes hi.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Clamp(float x, float lo, float hi) => System.MathF.Min(System.MathF.Max(x, lo), hi);
    }
}
