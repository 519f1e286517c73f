using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using ContractDsl.Numerics;

namespace ContractDsl.Runtime.Numerics
{
    // The vector lane types of the deterministic maths (src/Shared/DeterministicMath): each operation is one IEEE
    // lane operation (or a bitwise one), so every width computes the bits the scalar lane computes. MultiplyAdd is the
    // fused instruction where the processor has one (FMA3, AVX-512, Arm64) and ExactFusedMultiplyAdd lane by lane where
    // it has not (not .NET's fallback, which calls the C library's fmaf, not correctly rounded everywhere). Each lane
    // writes the test `Fma.IsSupported || AdvSimd.IsSupported` itself: behind a shared property, one inlining level
    // deeper, it exhausted the JIT's inlining budget in the algorithms and halved their speed (bench -- vecmath, three
    // alternated runs: exp 1.1-1.4 against 2.25 G elements/s). Comparison masks
    // are float vectors with all bits set where true; selects are bitwise. Without hardware support for a width, .NET
    // runs these operations in software on the same IEEE semantics.

    /// <summary>128-bit vectors of floats (SSE / Neon) as lanes.</summary>
    internal readonly struct Vector128Lane : ILaneOps<Vector128<float>, Vector128<int>, Vector128<float>>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<float> Constant(float value) => Vector128.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<int> IntConstant(int value) => Vector128.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<float> Add(Vector128<float> a, Vector128<float> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<float> Subtract(Vector128<float> a, Vector128<float> b) => a - b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<float> Multiply(Vector128<float> a, Vector128<float> b) => a * b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<float> MultiplyAdd(Vector128<float> a, Vector128<float> b, Vector128<float> c) =>
            Fma.IsSupported || AdvSimd.IsSupported ? Vector128.FusedMultiplyAdd(a, b, c) : SoftwareMultiplyAdd.Compute(a, b, c);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<float> Divide(Vector128<float> a, Vector128<float> b) => a / b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<float> ScaleByPowerOfTwo(Vector128<float> value, Vector128<float> n) =>
            Avx512F.VL.IsSupported ? Avx512F.VL.Scale(value, n) : DeterministicMathAlgorithms<Vector128Lane, Vector128<float>, Vector128<int>, Vector128<float>>.ScaleByPowerOfTwoInSteps(value, n);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<float> LessThan(Vector128<float> a, Vector128<float> b) => Vector128.LessThan(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<float> GreaterThan(Vector128<float> a, Vector128<float> b) => Vector128.GreaterThan(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<float> GreaterThanOrEqual(Vector128<float> a, Vector128<float> b) => Vector128.GreaterThanOrEqual(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<float> Equal(Vector128<float> a, Vector128<float> b) => Vector128.Equals(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool All(Vector128<float> mask) => Vector128.EqualsAll(mask.AsInt32(), Vector128<int>.AllBitsSet);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<float> Select(Vector128<float> mask, Vector128<float> ifTrue, Vector128<float> ifFalse) => Vector128.ConditionalSelect(mask, ifTrue, ifFalse);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<int> AsInt(Vector128<float> value) => value.AsInt32();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<float> AsFloat(Vector128<int> value) => value.AsSingle();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<float> ConvertToFloat(Vector128<int> value) => Vector128.ConvertToSingle(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<int> AddInt(Vector128<int> a, Vector128<int> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<int> SubtractInt(Vector128<int> a, Vector128<int> b) => a - b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<int> And(Vector128<int> a, Vector128<int> b) => a & b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<int> Or(Vector128<int> a, Vector128<int> b) => a | b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<int> ShiftLeft(Vector128<int> value, int count) => Vector128.ShiftLeft(value, count);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector128<int> ShiftRightArithmetic(Vector128<int> value, int count) => Vector128.ShiftRightArithmetic(value, count);
    }

    /// <summary>256-bit vectors of floats (AVX2) as lanes.</summary>
    internal readonly struct Vector256Lane : ILaneOps<Vector256<float>, Vector256<int>, Vector256<float>>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> Constant(float value) => Vector256.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<int> IntConstant(int value) => Vector256.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> Add(Vector256<float> a, Vector256<float> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> Subtract(Vector256<float> a, Vector256<float> b) => a - b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> Multiply(Vector256<float> a, Vector256<float> b) => a * b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> MultiplyAdd(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
            Fma.IsSupported || AdvSimd.IsSupported ? Vector256.FusedMultiplyAdd(a, b, c) : SoftwareMultiplyAdd.Compute(a, b, c);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> Divide(Vector256<float> a, Vector256<float> b) => a / b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> ScaleByPowerOfTwo(Vector256<float> value, Vector256<float> n) =>
            Avx512F.VL.IsSupported ? Avx512F.VL.Scale(value, n) : DeterministicMathAlgorithms<Vector256Lane, Vector256<float>, Vector256<int>, Vector256<float>>.ScaleByPowerOfTwoInSteps(value, n);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> LessThan(Vector256<float> a, Vector256<float> b) => Vector256.LessThan(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> GreaterThan(Vector256<float> a, Vector256<float> b) => Vector256.GreaterThan(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> GreaterThanOrEqual(Vector256<float> a, Vector256<float> b) => Vector256.GreaterThanOrEqual(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> Equal(Vector256<float> a, Vector256<float> b) => Vector256.Equals(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool All(Vector256<float> mask) => Vector256.EqualsAll(mask.AsInt32(), Vector256<int>.AllBitsSet);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> Select(Vector256<float> mask, Vector256<float> ifTrue, Vector256<float> ifFalse) => Vector256.ConditionalSelect(mask, ifTrue, ifFalse);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<int> AsInt(Vector256<float> value) => value.AsInt32();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> AsFloat(Vector256<int> value) => value.AsSingle();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<float> ConvertToFloat(Vector256<int> value) => Vector256.ConvertToSingle(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<int> AddInt(Vector256<int> a, Vector256<int> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<int> SubtractInt(Vector256<int> a, Vector256<int> b) => a - b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<int> And(Vector256<int> a, Vector256<int> b) => a & b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<int> Or(Vector256<int> a, Vector256<int> b) => a | b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<int> ShiftLeft(Vector256<int> value, int count) => Vector256.ShiftLeft(value, count);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<int> ShiftRightArithmetic(Vector256<int> value, int count) => Vector256.ShiftRightArithmetic(value, count);
    }

    /// <summary>512-bit vectors of floats (AVX-512) as lanes.</summary>
    internal readonly struct Vector512Lane : ILaneOps<Vector512<float>, Vector512<int>, Vector512<float>>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> Constant(float value) => Vector512.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<int> IntConstant(int value) => Vector512.Create(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> Add(Vector512<float> a, Vector512<float> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> Subtract(Vector512<float> a, Vector512<float> b) => a - b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> Multiply(Vector512<float> a, Vector512<float> b) => a * b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> MultiplyAdd(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
            Fma.IsSupported || AdvSimd.IsSupported ? Vector512.FusedMultiplyAdd(a, b, c) : SoftwareMultiplyAdd.Compute(a, b, c);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> Divide(Vector512<float> a, Vector512<float> b) => a / b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> ScaleByPowerOfTwo(Vector512<float> value, Vector512<float> n) =>
            Avx512F.IsSupported ? Avx512F.Scale(value, n) : DeterministicMathAlgorithms<Vector512Lane, Vector512<float>, Vector512<int>, Vector512<float>>.ScaleByPowerOfTwoInSteps(value, n);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> LessThan(Vector512<float> a, Vector512<float> b) => Vector512.LessThan(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> GreaterThan(Vector512<float> a, Vector512<float> b) => Vector512.GreaterThan(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> GreaterThanOrEqual(Vector512<float> a, Vector512<float> b) => Vector512.GreaterThanOrEqual(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> Equal(Vector512<float> a, Vector512<float> b) => Vector512.Equals(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool All(Vector512<float> mask) => Vector512.EqualsAll(mask.AsInt32(), Vector512<int>.AllBitsSet);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> Select(Vector512<float> mask, Vector512<float> ifTrue, Vector512<float> ifFalse) => Vector512.ConditionalSelect(mask, ifTrue, ifFalse);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<int> AsInt(Vector512<float> value) => value.AsInt32();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> AsFloat(Vector512<int> value) => value.AsSingle();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<float> ConvertToFloat(Vector512<int> value) => Vector512.ConvertToSingle(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<int> AddInt(Vector512<int> a, Vector512<int> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<int> SubtractInt(Vector512<int> a, Vector512<int> b) => a - b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<int> And(Vector512<int> a, Vector512<int> b) => a & b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<int> Or(Vector512<int> a, Vector512<int> b) => a | b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<int> ShiftLeft(Vector512<int> value, int count) => Vector512.ShiftLeft(value, count);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<int> ShiftRightArithmetic(Vector512<int> value, int count) => Vector512.ShiftRightArithmetic(value, count);
    }

    /// <summary>A <see cref="Vector{T}"/> of floats as lanes (the width the generated kernels use); masks are int vectors.</summary>
    internal readonly struct VectorLane : ILaneOps<Vector<float>, Vector<int>, Vector<int>>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<float> Constant(float value) => new Vector<float>(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<int> IntConstant(int value) => new Vector<int>(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<float> Add(Vector<float> a, Vector<float> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<float> Subtract(Vector<float> a, Vector<float> b) => a - b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<float> Multiply(Vector<float> a, Vector<float> b) => a * b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<float> MultiplyAdd(Vector<float> a, Vector<float> b, Vector<float> c) =>
            Fma.IsSupported || AdvSimd.IsSupported ? Vector.FusedMultiplyAdd(a, b, c) : SoftwareMultiplyAdd.Compute(a, b, c);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<float> Divide(Vector<float> a, Vector<float> b) => a / b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<float> ScaleByPowerOfTwo(Vector<float> value, Vector<float> n)
        {
            if (Vector<float>.Count == Vector512<float>.Count && Avx512F.IsSupported)
                return Avx512F.Scale(value.AsVector512(), n.AsVector512()).AsVector();
            if (Vector<float>.Count == Vector256<float>.Count && Avx512F.VL.IsSupported)
                return Avx512F.VL.Scale(value.AsVector256(), n.AsVector256()).AsVector();
            return DeterministicMathAlgorithms<VectorLane, Vector<float>, Vector<int>, Vector<int>>.ScaleByPowerOfTwoInSteps(value, n);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<int> LessThan(Vector<float> a, Vector<float> b) => Vector.LessThan(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<int> GreaterThan(Vector<float> a, Vector<float> b) => Vector.GreaterThan(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<int> GreaterThanOrEqual(Vector<float> a, Vector<float> b) => Vector.GreaterThanOrEqual(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<int> Equal(Vector<float> a, Vector<float> b) => Vector.Equals(a, b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool All(Vector<int> mask) => Vector.EqualsAll(mask, Vector<int>.AllBitsSet);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<float> Select(Vector<int> mask, Vector<float> ifTrue, Vector<float> ifFalse) => Vector.ConditionalSelect(mask, ifTrue, ifFalse);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<int> AsInt(Vector<float> value) => Vector.AsVectorInt32(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<float> AsFloat(Vector<int> value) => Vector.AsVectorSingle(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<float> ConvertToFloat(Vector<int> value) => Vector.ConvertToSingle(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<int> AddInt(Vector<int> a, Vector<int> b) => a + b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<int> SubtractInt(Vector<int> a, Vector<int> b) => a - b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<int> And(Vector<int> a, Vector<int> b) => a & b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<int> Or(Vector<int> a, Vector<int> b) => a | b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<int> ShiftLeft(Vector<int> value, int count) => Vector.ShiftLeft(value, count);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector<int> ShiftRightArithmetic(Vector<int> value, int count) => Vector.ShiftRightArithmetic(value, count);
    }

    /// <summary>
    /// Fused multiply-add lane by lane through <see cref="ExactFusedMultiplyAdd"/>, for processors without the instruction:
    /// slow, but the bits of the instruction.
    /// </summary>
    internal static class SoftwareMultiplyAdd
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static Vector128<float> Compute(Vector128<float> a, Vector128<float> b, Vector128<float> c)
        {
            Span<float> lanes = stackalloc float[Vector128<float>.Count];
            for (int i = 0; i < lanes.Length; i++) lanes[i] = ExactFusedMultiplyAdd.Compute(a.GetElement(i), b.GetElement(i), c.GetElement(i));
            return Vector128.Create<float>(lanes);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static Vector256<float> Compute(Vector256<float> a, Vector256<float> b, Vector256<float> c) =>
            Vector256.Create(Compute(a.GetLower(), b.GetLower(), c.GetLower()), Compute(a.GetUpper(), b.GetUpper(), c.GetUpper()));

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static Vector512<float> Compute(Vector512<float> a, Vector512<float> b, Vector512<float> c) =>
            Vector512.Create(Compute(a.GetLower(), b.GetLower(), c.GetLower()), Compute(a.GetUpper(), b.GetUpper(), c.GetUpper()));

        [MethodImpl(MethodImplOptions.NoInlining)]
        public static Vector<float> Compute(Vector<float> a, Vector<float> b, Vector<float> c)
        {
            Span<float> lanes = stackalloc float[Vector<float>.Count];
            for (int i = 0; i < lanes.Length; i++) lanes[i] = ExactFusedMultiplyAdd.Compute(a[i], b[i], c[i]);
            return new Vector<float>(lanes);
        }
    }
}
