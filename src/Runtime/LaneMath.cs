using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace ContractDsl.Runtime
{
    /// <summary>
    /// Helpers for the vectorised CPU kernels (one <see cref="Vector{T}"/> of samples at a time). Every function
    /// returns bit-for-bit what the scalar kernel computes for each lane: arithmetic, min/max and rounding map
    /// to IEEE lane operations, and the transcendental functions run <see cref="MathF"/> per lane, so a sample's
    /// reward never depends on its position in the batch.
    /// </summary>
    public static unsafe class LaneMath
    {
        /// <summary>All lanes set where <paramref name="v"/> is finite (not NaN, not ±Inf).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<int> IsFinite(Vector<float> v) => Vector.Equals(v - v, Vector<float>.Zero);

        /// <summary>torch.clamp semantics, as <see cref="RewardMath.Clamp"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Clamp(Vector<float> v, Vector<float> lo, Vector<float> hi) => Vector.Min(Vector.Max(v, lo), hi);

        /// <summary>A lane mask (all bits set = true) from <see cref="Vector{T}.Count"/> flags: bytes widened to ints.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<int> FromFlags(ReadOnlySpan<bool> flags)
        {
            int width = Vector<int>.Count;
            if (flags.Length < width) throw new ArgumentOutOfRangeException(nameof(flags));
            Vector<byte> bytes = default;
            Unsafe.CopyBlockUnaligned(ref Unsafe.As<Vector<byte>, byte>(ref bytes), ref Unsafe.As<bool, byte>(ref MemoryMarshal.GetReference(flags)), (uint)width);
            Vector.Widen(bytes, out Vector<ushort> low, out _);
            Vector.Widen(low, out Vector<uint> lanes, out _);
            return ~Vector.Equals(Vector.AsVectorInt32(lanes), Vector<int>.Zero);
        }

        /// <summary>Writes a lane mask as bools: ints narrowed to bytes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreFlags(Vector<int> mask, Span<bool> destination) =>
            StoreBytes(mask & Vector<int>.One, MemoryMarshal.AsBytes(destination));

        /// <summary>Writes reason bits (one int per lane, each below 256) as <see cref="RewardReasons"/> bytes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreReasons(Vector<int> reasons, Span<RewardReasons> destination) =>
            StoreBytes(reasons, MemoryMarshal.AsBytes(destination));

        private static void StoreBytes(Vector<int> values, Span<byte> destination)
        {
            int width = Vector<int>.Count;
            if (destination.Length < width) throw new ArgumentOutOfRangeException(nameof(destination));
            var shorts = Vector.Narrow(values, Vector<int>.Zero);
            var bytes = Vector.Narrow(Vector.AsVectorUInt16(shorts), Vector<ushort>.Zero);
            Unsafe.CopyBlockUnaligned(ref MemoryMarshal.GetReference(destination), ref Unsafe.As<Vector<byte>, byte>(ref bytes), (uint)width);
        }

        /// <summary>
        /// Members [start, start + width·k) of a sample-major column, member-major into <paramref name="scratch"/>:
        /// member m of lane l lands at m·width + l. Bounds are checked by the caller.
        /// </summary>
        private static void Transpose(ReadOnlySpan<float> column, int offset, int k, Span<float> scratch)
        {
            int width = Vector<float>.Count;
            ref float source = ref Unsafe.Add(ref MemoryMarshal.GetReference(column), offset);
            ref float target = ref MemoryMarshal.GetReference(scratch);
            if (Avx2.IsSupported && width == Vector256<float>.Count)
            {
                // One gather per member: lane l reads source[l·k + m].
                var lanes = Vector256.Create(0, k, 2 * k, 3 * k, 4 * k, 5 * k, 6 * k, 7 * k);
                fixed (float* block = &source)
                {
                    for (int m = 0; m < k; m++)
                        Unsafe.WriteUnaligned(ref Unsafe.As<float, byte>(ref Unsafe.Add(ref target, m * width)), Avx2.GatherVector256(block + m, lanes, 4));
                }
                return;
            }
            for (int l = 0; l < width; l++)
                for (int m = 0; m < k; m++)
                    Unsafe.Add(ref target, m * width + l) = Unsafe.Add(ref source, l * k + m);
        }

        /// <summary>
        /// Ensemble statistics for one vector of samples, lane-wise identical to <see cref="EnsembleStats.Compute"/>:
        /// members are transposed into <paramref name="scratch"/> (k × width floats), then clamped, summed in
        /// member order, and the two-pass population variance is taken.
        /// </summary>
        public static void Ensemble(ReadOnlySpan<float> column, int start, int k, Vector<float> lo, Vector<float> hi, Span<float> scratch,
            out Vector<float> mean, out Vector<float> variance, out Vector<float> std, out Vector<float> min, out Vector<float> max,
            out Vector<int> invalid, out Vector<int> outside)
        {
            int width = Vector<float>.Count;
            if ((long)(start + width) * k > column.Length) throw new ArgumentOutOfRangeException(nameof(start));
            if (scratch.Length < k * width) throw new ArgumentOutOfRangeException(nameof(scratch));
            Transpose(column, start * k, k, scratch);
            var sum = Vector<float>.Zero;
            min = new Vector<float>(float.PositiveInfinity);
            max = new Vector<float>(float.NegativeInfinity);
            invalid = Vector<int>.Zero;
            outside = Vector<int>.Zero;
            for (int m = 0; m < k; m++)
            {
                var slot = scratch.Slice(m * width, width);
                var v = new Vector<float>(slot);
                var finite = IsFinite(v);
                var fix = finite & (Vector.LessThan(v, lo) | Vector.GreaterThan(v, hi));
                invalid |= ~finite;
                outside |= fix;
                v = Vector.ConditionalSelect(finite, Vector.ConditionalSelect(fix, Clamp(v, lo, hi), v), Vector<float>.Zero);
                v.CopyTo(slot);
                sum += v;
                min = Vector.Min(min, v);
                max = Vector.Max(max, v);
            }
            var count = new Vector<float>(k);
            mean = sum / count;
            var ss = Vector<float>.Zero;
            for (int m = 0; m < k; m++)
            {
                var d = new Vector<float>(scratch.Slice(m * width, width)) - mean;
                ss += d * d;
            }
            variance = ss / count;
            std = Vector.SquareRoot(variance);
        }

        /// <summary>e^x on every lane: <see cref="DeterministicMath"/>, bit-identical to the scalar kernel and the interpreter.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Exp(Vector<float> v) => DeterministicMath.Exp(v);

        /// <summary>ln x on every lane (see <see cref="Exp"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Log(Vector<float> v) => DeterministicMath.Log(v);

        /// <summary>tanh on every lane (see <see cref="Exp"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Tanh(Vector<float> v) => DeterministicMath.Tanh(v);

        /// <summary>1 / (1 + e^-x) on every lane (see <see cref="Exp"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Sigmoid(Vector<float> v) => DeterministicMath.Sigmoid(v);
    }

    /// <summary>Population statistics of one sample's ensemble members after the domain check.</summary>
    public readonly struct EnsembleStats
    {
        /// <summary>Mean of the (clamped) members.</summary>
        public readonly float Mean;
        /// <summary>Population variance (divisor k), two-pass.</summary>
        public readonly float Var;
        /// <summary>Square root of <see cref="Var"/>.</summary>
        public readonly float Std;
        /// <summary>Smallest member.</summary>
        public readonly float Min;
        /// <summary>Largest member.</summary>
        public readonly float Max;
        /// <summary>A member was NaN or ±Inf: the sample is invalid.</summary>
        public readonly bool Invalid;
        /// <summary>A finite member was outside the domain and was clamped.</summary>
        public readonly bool OutOfDomain;
        /// <summary>The first member that was invalid or out of domain (for strict-mode messages).</summary>
        public readonly float Offending;

        private EnsembleStats(float mean, float var, float min, float max, bool invalid, bool outOfDomain, float offending)
        {
            Mean = mean;
            Var = var;
            Std = MathF.Sqrt(var);
            Min = min;
            Max = max;
            Invalid = invalid;
            OutOfDomain = outOfDomain;
            Offending = offending;
        }

        /// <summary>
        /// Clamps each member into [lo, hi] (NaN/±Inf make the sample invalid), then computes mean, population
        /// variance (mean first, then the mean of squared deviations), std, min and max — the order the torch
        /// path and the analysis assume. <paramref name="scratch"/> holds at least k floats.
        /// </summary>
        public static EnsembleStats Compute(ReadOnlySpan<float> members, float lo, float hi, Span<float> scratch)
        {
            int k = members.Length;
            float sum = 0f, min = float.PositiveInfinity, max = float.NegativeInfinity, offending = 0f;
            bool invalid = false, outOfDomain = false;
            for (int m = 0; m < k; m++)
            {
                float v = members[m];
                if (!float.IsFinite(v))
                {
                    if (!invalid && !outOfDomain) offending = v;
                    invalid = true;
                    v = 0f;
                }
                else if (v < lo || v > hi)
                {
                    if (!invalid && !outOfDomain) offending = v;
                    outOfDomain = true;
                    v = RewardMath.Clamp(v, lo, hi);
                }
                scratch[m] = v;
                sum += v;
                min = MathF.Min(min, v);
                max = MathF.Max(max, v);
            }
            float mean = sum / k;
            float ss = 0f;
            for (int m = 0; m < k; m++)
            {
                float d = scratch[m] - mean;
                ss += d * d;
            }
            return new EnsembleStats(mean, ss / k, min, max, invalid, outOfDomain, offending);
        }
    }
}
