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
        public float Divide(float a, float b) => (float)(a / b);

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
