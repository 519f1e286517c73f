using System.Runtime.CompilerServices;
using ContractDsl.Numerics;

namespace ContractDsl.Evaluation
{
    /// <summary>
    /// Deterministic float32 <c>exp</c>, <c>log</c>, <c>sigmoid</c> and <c>tanh</c> for the reference interpreter: the same
    /// source (src/Shared/DeterministicMath) as <c>ContractDsl.Runtime.DeterministicMath</c>, which the generated
    /// kernels' scalar and vector paths call, so the interpreter computes their bits exactly, on any host — unlike
    /// <see cref="FloatMath"/>, which depends on the host's <c>MathF</c>.
    /// </summary>
    /// <remarks>
    /// Measured over every float input (docs/vector-math.md): all four within 0.84 ulp of the correctly rounded result;
    /// NaN, ±∞, ±0 and subnormals as the IEEE functions treat them. The fused multiply-adds of the algorithms are
    /// emulated exactly here (netstandard2.0 has no <c>MathF.FusedMultiplyAdd</c>): the same bits as the hardware's.
    /// </remarks>
    public static class DeterministicMath
    {
        /// <summary>e^x.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Exp(float x) => DeterministicMathAlgorithms<ScalarLane, float, int, bool>.Exp(x);

        /// <summary>ln x.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Log(float x) => DeterministicMathAlgorithms<ScalarLane, float, int, bool>.Log(x);

        /// <summary>1 / (1 + e^-x).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Sigmoid(float x) => DeterministicMathAlgorithms<ScalarLane, float, int, bool>.Sigmoid(x);

        /// <summary>tanh x.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Tanh(float x) => DeterministicMathAlgorithms<ScalarLane, float, int, bool>.Tanh(x);
    }
}
