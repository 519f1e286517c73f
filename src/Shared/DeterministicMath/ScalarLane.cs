// Shared source: compiled into ContractDsl (netstandard2.0) and ContractDsl.Runtime (net10.0) through a linked
// <Compile Include>. It must build under both: no static abstract members, no MathF, no Span-only APIs.
using System.Runtime.CompilerServices;

namespace ContractDsl.Numerics
{
    /// <summary>
    /// One float as a lane (comparisons give a bool). The ContractDsl build (netstandard2.0, the reference interpreter)
    /// and the runtime build (the scalar tail and strict-mode kernels) compile this same struct, so both compute the
    /// same bits as every vector lane.
    /// </summary>
    /// <remarks>
    /// Each arithmetic result is cast to float explicitly: C# allows float arithmetic to be carried in a wider format
    /// (the x87 unit of a 32-bit .NET Framework host), and the cast forces the single rounding to float32 that the
    /// vector instructions perform. On x64 and Arm64 the cast costs nothing.
    /// </remarks>
    internal readonly struct ScalarLane : ILaneOps<float, int, bool>
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Constant(float value) => value;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int IntConstant(int value) => value;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Add(float a, float b) => (float)(a + b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Subtract(float a, float b) => (float)(a - b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Multiply(float a, float b) => (float)(a * b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float MultiplyAdd(float a, float b, float c)
        {
#if NETCOREAPP
            // The instruction where the processor has it (x64's FMA3, which every AVX-512 processor has, or Arm64's), tested
            // here rather than behind a property for the JIT's inlining budget (VectorLanes.cs).
            return System.Runtime.Intrinsics.X86.Fma.IsSupported || System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported
                ? System.MathF.FusedMultiplyAdd(a, b, c)
                : ExactFusedMultiplyAdd.Compute(a, b, c);
#else
            return ExactFusedMultiplyAdd.Compute(a, b, c);
#endif
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Divide(float a, float b) => (float)(a / b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float ScaleByPowerOfTwo(float value, float n) => DeterministicMathAlgorithms<ScalarLane, float, int, bool>.ScaleByPowerOfTwoInSteps(value, n);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool LessThan(float a, float b) => a < b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool All(bool mask) => mask;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool GreaterThan(float a, float b) => a > b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool GreaterThanOrEqual(float a, float b) => a >= b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public bool Equal(float a, float b) => a == b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float Select(bool mask, float ifTrue, float ifFalse) => mask ? ifTrue : ifFalse;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int AsInt(float value) => FloatBits.ToInt(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float AsFloat(int value) => FloatBits.ToFloat(value);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public float ConvertToFloat(int value) => value;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int AddInt(int a, int b) => unchecked(a + b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int SubtractInt(int a, int b) => unchecked(a - b);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int And(int a, int b) => a & b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Or(int a, int b) => a | b;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int ShiftLeft(int value, int count) => value << count;

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int ShiftRightArithmetic(int value, int count) => value >> count;
    }

    /// <summary>
    /// float32 a × b + c rounded once, where no instruction does it: netstandard2.0, which has no
    /// <c>MathF.FusedMultiplyAdd</c>, and processors without a fused multiply-add, where .NET would call the C library's
    /// <c>fmaf</c>, which is not correctly rounded on every platform (the Windows CRT rounds twice, dotnet/runtime#98704;
    /// musl misrounds some subnormal results, dotnet/runtime#133349). The product is
    /// exact in double (24 + 24 significant bits), the sum is rounded to double and then made round-to-odd (its last bit
    /// set where the sum was inexact), and rounding a round-to-odd value of 53 bits to float's 24 gives the correctly
    /// rounded result (Boldo and Melquiond, "Emulation of FMA and correctly rounded sums: proved algorithms using
    /// rounding to odd", IEEE TC 2008) — where a plain double sum would round twice.
    /// </summary>
    internal static class ExactFusedMultiplyAdd
    {
        public static float Compute(float a, float b, float c)
        {
            double product = (double)((double)a * b);
            double addend = c;
            double sum = (double)(product + addend);
            // Infinities and NaN pass through: the double operations give what the float ones would.
            if (sum - sum != 0) return (float)sum;
            // TwoSum: the exact error of the rounded sum (no overflow: |a·b| < 2^256).
            double addendPart = (double)(sum - product);
            double error = (double)((double)(product - (double)(sum - addendPart)) + (double)(addend - addendPart));
            if (error != 0)
            {
                long bits = System.BitConverter.DoubleToInt64Bits(sum);
                if ((bits & 1) == 0)
                {
                    // The exact value lies between sum and its neighbour on the error's side, which is odd: take it.
                    bits += (error > 0) == (sum > 0) ? 1 : -1;
                    sum = System.BitConverter.Int64BitsToDouble(bits);
                }
            }
            return (float)sum;
        }
    }

    /// <summary>Reinterprets float32 bits as int32 and back, without unsafe code on netstandard2.0.</summary>
    internal static class FloatBits
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static int ToInt(float value)
        {
#if NETCOREAPP
            return System.BitConverter.SingleToInt32Bits(value);
#else
            return new Union { Float = value }.Int;
#endif
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float ToFloat(int value)
        {
#if NETCOREAPP
            return System.BitConverter.Int32BitsToSingle(value);
#else
            return new Union { Int = value }.Float;
#endif
        }

#if !NETCOREAPP
        [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Explicit)]
        private struct Union
        {
            [System.Runtime.InteropServices.FieldOffset(0)] public float Float;
            [System.Runtime.InteropServices.FieldOffset(0)] public int Int;
        }
#endif
    }
}
