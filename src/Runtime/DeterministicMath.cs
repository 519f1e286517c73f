using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ContractDsl.Numerics;
using ContractDsl.Runtime.Numerics;

namespace ContractDsl.Runtime
{
    /// <summary>
    /// Deterministic float32 <c>exp</c>, <c>log</c>, <c>sigmoid</c> and <c>tanh</c> for the generated CPU kernels: one float,
    /// or every lane of a <see cref="Vector{T}"/>, <see cref="Vector128{T}"/>, <see cref="Vector256{T}"/> or
    /// <see cref="Vector512{T}"/>. Every overload computes, for each lane, exactly the bits the scalar overload
    /// computes — and exactly the bits of <c>ContractDsl.Evaluation.DeterministicMath</c> in the language core, since
    /// all of them are the same source (src/Shared/DeterministicMath) — so a sample's result never depends on the
    /// vector width, its position in a batch, or which path computed it.
    /// </summary>
    /// <remarks>
    /// Accuracy, measured over every float input (docs/vector-math.md): all four within 0.84 ulp of the correctly rounded
    /// result (below 2^-126 an ulp is 2^-149). Special values follow the IEEE functions: NaN in gives NaN out;
    /// exp(−∞) = 0, exp(+∞) = +∞, overflow gives +∞ and underflow a subnormal or 0; log(±0) = −∞, log(x &lt; 0) = NaN,
    /// log(+∞) = +∞; sigmoid(−∞) = 0, sigmoid(+∞) = 1; tanh(±∞) = ±1, tanh(−0) = −0. These are not <see cref="MathF"/>'s
    /// bits (which come from the platform's C library and differ between platforms), but they are the same on every
    /// platform and every instruction set, since only correctly rounded IEEE operations are used, in a fixed order
    /// (fused multiply-adds where the algorithms write them, and never where they do not).
    /// </remarks>
    public static class DeterministicMath
    {
        // ---- one float ----------------------------------------------------------------------------------------------

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

        // ---- Vector<float> ------------------------------------------------------------------------------------------

        /// <summary>e^x per lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Exp(Vector<float> x) => DeterministicMathAlgorithms<VectorLane, Vector<float>, Vector<int>, Vector<int>>.Exp(x);

        /// <summary>ln x per lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Log(Vector<float> x) => DeterministicMathAlgorithms<VectorLane, Vector<float>, Vector<int>, Vector<int>>.Log(x);

        /// <summary>1 / (1 + e^-x) per lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Sigmoid(Vector<float> x) => DeterministicMathAlgorithms<VectorLane, Vector<float>, Vector<int>, Vector<int>>.Sigmoid(x);

        /// <summary>tanh x per lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Tanh(Vector<float> x) => DeterministicMathAlgorithms<VectorLane, Vector<float>, Vector<int>, Vector<int>>.Tanh(x);

        // ---- Vector128<float> ---------------------------------------------------------------------------------------

        /// <summary>e^x per lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Exp(Vector128<float> x) => DeterministicMathAlgorithms<Vector128Lane, Vector128<float>, Vector128<int>, Vector128<float>>.Exp(x);

        /// <summary>ln x per lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Log(Vector128<float> x) => DeterministicMathAlgorithms<Vector128Lane, Vector128<float>, Vector128<int>, Vector128<float>>.Log(x);

        /// <summary>1 / (1 + e^-x) per lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Sigmoid(Vector128<float> x) => DeterministicMathAlgorithms<Vector128Lane, Vector128<float>, Vector128<int>, Vector128<float>>.Sigmoid(x);

        /// <summary>tanh x per lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector128<float> Tanh(Vector128<float> x) => DeterministicMathAlgorithms<Vector128Lane, Vector128<float>, Vector128<int>, Vector128<float>>.Tanh(x);

        // ---- Vector256<float> ---------------------------------------------------------------------------------------

        /// <summary>e^x per lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Exp(Vector256<float> x) => DeterministicMathAlgorithms<Vector256Lane, Vector256<float>, Vector256<int>, Vector256<float>>.Exp(x);

        /// <summary>ln x per lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Log(Vector256<float> x) => DeterministicMathAlgorithms<Vector256Lane, Vector256<float>, Vector256<int>, Vector256<float>>.Log(x);

        /// <summary>1 / (1 + e^-x) per lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Sigmoid(Vector256<float> x) => DeterministicMathAlgorithms<Vector256Lane, Vector256<float>, Vector256<int>, Vector256<float>>.Sigmoid(x);

        /// <summary>tanh x per lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Tanh(Vector256<float> x) => DeterministicMathAlgorithms<Vector256Lane, Vector256<float>, Vector256<int>, Vector256<float>>.Tanh(x);

        // ---- Vector512<float> ---------------------------------------------------------------------------------------

        /// <summary>e^x per lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Exp(Vector512<float> x) => DeterministicMathAlgorithms<Vector512Lane, Vector512<float>, Vector512<int>, Vector512<float>>.Exp(x);

        /// <summary>ln x per lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Log(Vector512<float> x) => DeterministicMathAlgorithms<Vector512Lane, Vector512<float>, Vector512<int>, Vector512<float>>.Log(x);

        /// <summary>1 / (1 + e^-x) per lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Sigmoid(Vector512<float> x) => DeterministicMathAlgorithms<Vector512Lane, Vector512<float>, Vector512<int>, Vector512<float>>.Sigmoid(x);

        /// <summary>tanh x per lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Tanh(Vector512<float> x) => DeterministicMathAlgorithms<Vector512Lane, Vector512<float>, Vector512<int>, Vector512<float>>.Tanh(x);

        // ---- spans --------------------------------------------------------------------------------------------------

        /// <summary>e^x of each element of <paramref name="x"/> into <paramref name="destination"/> (same length, may be the same memory).</summary>
        public static void Exp(ReadOnlySpan<float> x, Span<float> destination) => Apply<ExpFunction>(x, destination);

        /// <summary>ln x of each element of <paramref name="x"/> into <paramref name="destination"/> (same length, may be the same memory).</summary>
        public static void Log(ReadOnlySpan<float> x, Span<float> destination) => Apply<LogFunction>(x, destination);

        /// <summary>1 / (1 + e^-x) of each element of <paramref name="x"/> into <paramref name="destination"/> (same length, may be the same memory).</summary>
        public static void Sigmoid(ReadOnlySpan<float> x, Span<float> destination) => Apply<SigmoidFunction>(x, destination);

        /// <summary>tanh x of each element of <paramref name="x"/> into <paramref name="destination"/> (same length, may be the same memory).</summary>
        public static void Tanh(ReadOnlySpan<float> x, Span<float> destination) => Apply<TanhFunction>(x, destination);

        private interface IFunction
        {
            float Apply(float x);
            Vector256<float> Apply(Vector256<float> x);
            Vector512<float> Apply(Vector512<float> x);
        }

        private readonly struct ExpFunction : IFunction
        {
            public float Apply(float x) => Exp(x);
            public Vector256<float> Apply(Vector256<float> x) => Exp(x);
            public Vector512<float> Apply(Vector512<float> x) => Exp(x);
        }

        private readonly struct LogFunction : IFunction
        {
            public float Apply(float x) => Log(x);
            public Vector256<float> Apply(Vector256<float> x) => Log(x);
            public Vector512<float> Apply(Vector512<float> x) => Log(x);
        }

        private readonly struct SigmoidFunction : IFunction
        {
            public float Apply(float x) => Sigmoid(x);
            public Vector256<float> Apply(Vector256<float> x) => Sigmoid(x);
            public Vector512<float> Apply(Vector512<float> x) => Sigmoid(x);
        }

        private readonly struct TanhFunction : IFunction
        {
            public float Apply(float x) => Tanh(x);
            public Vector256<float> Apply(Vector256<float> x) => Tanh(x);
            public Vector512<float> Apply(Vector512<float> x) => Tanh(x);
        }

        /// <summary>
        /// The widest hardware-accelerated width over the body, the scalar function over the tail; every element gets
        /// the same bits whichever of them computed it.
        /// </summary>
        private static void Apply<TFunction>(ReadOnlySpan<float> x, Span<float> destination) where TFunction : struct, IFunction
        {
            if (destination.Length != x.Length) throw new ArgumentException("destination must have the length of x", nameof(destination));
            TFunction f = default;
            ref float source = ref MemoryMarshal.GetReference(x);
            ref float target = ref MemoryMarshal.GetReference(destination);
            int i = 0;
            if (Vector512.IsHardwareAccelerated)
            {
                for (; i <= x.Length - Vector512<float>.Count; i += Vector512<float>.Count)
                    f.Apply(Vector512.LoadUnsafe(ref source, (nuint)i)).StoreUnsafe(ref target, (nuint)i);
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                for (; i <= x.Length - Vector256<float>.Count; i += Vector256<float>.Count)
                    f.Apply(Vector256.LoadUnsafe(ref source, (nuint)i)).StoreUnsafe(ref target, (nuint)i);
            }
            for (; i < x.Length; i++)
                Unsafe.Add(ref target, i) = f.Apply(Unsafe.Add(ref source, i));
        }
    }
}
