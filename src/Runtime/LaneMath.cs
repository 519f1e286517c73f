using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using VectorAlgorithms = ContractDsl.Numerics.DeterministicMathAlgorithms<ContractDsl.Runtime.Numerics.VectorLane,
    System.Numerics.Vector<float>, System.Numerics.Vector<int>, System.Numerics.Vector<int>>;

namespace ContractDsl.Runtime
{
    /// <summary>
    /// Helpers for the vectorised CPU kernels (one <see cref="Vector{T}"/> of samples at a time). Every function
    /// returns bit-for-bit what the scalar kernel computes for each lane: arithmetic, min/max and rounding map
    /// to IEEE lane operations, and the transcendental functions are <see cref="DeterministicMath"/>'s, so a sample's
    /// reward never depends on its position in the batch.
    /// </summary>
    /// <remarks>
    /// The loads and stores take a column's first element by reference and a sample index, like
    /// <see cref="Vector.LoadUnsafe{T}(ref readonly T, nuint)"/>: the generated kernel checks every column's length once
    /// per evaluation, so its loop needs no bounds checks. They are not checked here either: the caller guarantees that
    /// <c>index + Vector&lt;int&gt;.Count</c> (times the ensemble size) is within the column. The small helpers, and the
    /// four-member ensemble statistics (a short body, all in registers), are inlined into the kernel; the large ones (the
    /// transcendental functions, ensembles of other sizes) are deliberately not, so that the JIT compiles each of them
    /// once, fully optimised, instead of running out of its inlining budget inside a kernel of hundreds of lines (which
    /// left lane primitives as calls: measured in docs/benchmarks.md).
    /// </remarks>
    public static unsafe class LaneMath
    {
        /// <summary>All lanes set where <paramref name="v"/> is finite (not NaN, not ±Inf).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<int> IsFinite(Vector<float> v) => Vector.Equals(v - v, Vector<float>.Zero);

        /// <summary>
        /// How many samples ahead the generated kernels prefetch their columns: four 16-sample blocks, about one memory
        /// latency of work at the rates measured in docs/benchmarks.md.
        /// </summary>
        public const int PrefetchDistance = 64;

        /// <summary>
        /// A hint to fetch the cache line holding element <paramref name="index"/> of a column (which the caller keeps within
        /// the column): a prefetch never faults and changes no result.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Prefetch<T>(ref T column, nuint index) where T : unmanaged
        {
            if (Sse.IsSupported) Sse.Prefetch0(Unsafe.AsPointer(ref Unsafe.Add(ref column, index)));
        }

        /// <summary>torch.clamp semantics, as <see cref="RewardMath.Clamp"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<float> Clamp(Vector<float> v, Vector<float> lo, Vector<float> hi) => Vector.Min(Vector.Max(v, lo), hi);

        /// <summary>
        /// A lane mask (all bits set = true) from the <see cref="Vector{T}.Count"/> flags at
        /// <paramref name="index"/>: any non-zero byte is true, as in the scalar kernel.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector<int> FromFlags(ref bool column, nuint index)
        {
            ref byte source = ref Unsafe.As<bool, byte>(ref Unsafe.Add(ref column, index));
            if (Vector<int>.Count == Vector256<int>.Count && Avx2.IsSupported)
            {
                // 8 bytes zero-extended to 8 ints (vpmovzxbd), then compared with 0.
                var bytes = Vector128.CreateScalarUnsafe(Unsafe.ReadUnaligned<ulong>(ref source)).AsByte();
                return Vector.GreaterThan(Avx2.ConvertToVector256Int32(bytes).AsVector(), Vector<int>.Zero);
            }
            if (Vector<int>.Count == Vector512<int>.Count && Avx512F.IsSupported)
                return LaneMath512.FromFlags(ref column, index).AsVector();
            Vector<byte> all = default;
            Unsafe.CopyBlockUnaligned(ref Unsafe.As<Vector<byte>, byte>(ref all), ref source, (uint)Vector<int>.Count);
            Vector.Widen(all, out Vector<ushort> low, out _);
            Vector.Widen(low, out Vector<uint> lanes, out _);
            return ~Vector.Equals(Vector.AsVectorInt32(lanes), Vector<int>.Zero);
        }

        /// <summary>Writes a lane mask as <see cref="Vector{T}.Count"/> bools (0 or 1) at <paramref name="index"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreFlags(Vector<int> mask, ref bool column, nuint index) =>
            StoreBytes(mask & Vector<int>.One, ref Unsafe.As<bool, byte>(ref Unsafe.Add(ref column, index)));

        /// <summary>Writes reason bits (one int per lane, each below 256) as <see cref="RewardReasons"/> bytes at <paramref name="index"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreReasons(Vector<int> reasons, ref RewardReasons column, nuint index) =>
            StoreBytes(reasons, ref Unsafe.As<RewardReasons, byte>(ref Unsafe.Add(ref column, index)));

        /// <summary>The low byte of every lane, stored as <see cref="Vector{T}.Count"/> consecutive bytes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void StoreBytes(Vector<int> values, ref byte destination)
        {
            if (Vector<int>.Count == Vector256<int>.Count)
            {
                if (Avx512F.VL.IsSupported)
                {
                    // vpmovdb: every int truncated to its low byte, 8 bytes in one register.
                    Unsafe.WriteUnaligned(ref destination, Avx512F.VL.ConvertToVector128Byte(values.AsVector256()).AsUInt64().ToScalar());
                    return;
                }
                if (Avx2.IsSupported)
                {
                    // Saturating packs keep 0..255 (and -1) as they are: ints to shorts to bytes within each 128-bit half,
                    // whose first four bytes are lanes 0-3 and 4-7.
                    var ints = values.AsVector256();
                    var shorts = Avx2.PackSignedSaturate(ints, ints);
                    var bytes = Avx2.PackUnsignedSaturate(shorts, shorts).AsUInt32();
                    Unsafe.WriteUnaligned(ref destination, bytes.ToScalar() | (ulong)bytes.GetElement(4) << 32);
                    return;
                }
            }
            if (Vector<int>.Count == Vector512<int>.Count && Avx512F.IsSupported)
            {
                LaneMath512.StoreBytes(values.AsVector512(), ref destination);
                return;
            }
            var narrowed = Vector.Narrow(Vector.AsVectorUInt16(Vector.Narrow(values, Vector<int>.Zero)), Vector<ushort>.Zero);
            Unsafe.CopyBlockUnaligned(ref destination, ref Unsafe.As<Vector<byte>, byte>(ref narrowed), (uint)Vector<int>.Count);
        }

        /// <summary>
        /// Ensemble statistics for one vector of samples, lane-wise identical to <see cref="EnsembleStats.Compute"/>: the
        /// <paramref name="k"/> members of samples [<paramref name="sample"/>, + <see cref="Vector{T}.Count"/>) of a
        /// sample-major column (<paramref name="column"/> is its first value) are transposed into lanes, checked (NaN/±Inf
        /// make a lane invalid, finite values outside [lo, hi] are clamped), summed in member order, and the two-pass
        /// population variance is taken. <paramref name="scratch"/> holds k × <see cref="Vector{T}.Count"/> floats (used
        /// for ensembles other than 4 members); <paramref name="valid"/> is set where every member is finite,
        /// <paramref name="outside"/> where a finite member was clamped.
        /// </summary>
        /// <remarks>
        /// The kernels pass <paramref name="k"/> as a constant. Four members on 256- or 512-bit vectors, the common case,
        /// is inlined into the kernel (a short, register-only body); every other case is the out-of-line
        /// <see cref="EnsembleGeneral"/>.
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Ensemble(ref float column, nuint sample, int k, Vector<float> lo, Vector<float> hi, Span<float> scratch,
            out Vector<float> mean, out Vector<float> variance, out Vector<float> std, out Vector<float> min, out Vector<float> max,
            out Vector<int> valid, out Vector<int> outside)
        {
            if (k == 4 && Vector<float>.Count == Vector512<float>.Count && Avx512F.IsSupported)
            {
                // Sixteen lanes: the 512-bit body's own four-member path, the same operations (one copy of the transpose).
                LaneMath512.Ensemble4(ref Unsafe.Add(ref column, sample * 4), lo.AsVector512(), hi.AsVector512(),
                    out var mean16, out var variance16, out var std16, out var min16, out var max16, out var valid16, out var outside16);
                mean = mean16.AsVector();
                variance = variance16.AsVector();
                std = std16.AsVector();
                min = min16.AsVector();
                max = max16.AsVector();
                valid = valid16.AsVector();
                outside = outside16.AsVector();
                return;
            }
            if (k == 4 && Vector<float>.Count == Vector256<float>.Count && Avx.IsSupported)
            {
                Transpose4(ref Unsafe.Add(ref column, sample * 4), out var raw0, out var raw1, out var raw2, out var raw3);
                // Locals, not the out parameters, so that everything stays in registers until the end.
                var finite = Vector<int>.AllBitsSet;
                var clamped = Vector<int>.Zero;
                // The clamp of a member outside [lo, hi], Min(Max(v, lo), hi), is Min(lo, hi) below lo and hi above hi:
                // two selects instead of four min/max (three instructions each on AVX-512, for their NaN and signed-zero
                // rules), with the same bits.
                var clampLow = Vector.Min(lo, hi);
                var m0 = Member4(raw0, lo, hi, clampLow, ref finite, ref clamped);
                var m1 = Member4(raw1, lo, hi, clampLow, ref finite, ref clamped);
                var m2 = Member4(raw2, lo, hi, clampLow, ref finite, ref clamped);
                var m3 = Member4(raw3, lo, hi, clampLow, ref finite, ref clamped);
                valid = finite;
                outside = clamped;
                // The scalar kernel's order: 0 + m0 + m1 + … for the sums. A division by 4 and a multiplication by 0.25
                // round the same exact quotient, so they give the same bits (and the multiplication is 4× cheaper).
                var quarter = new Vector<float>(0.25f);
                var average = ((((Vector<float>.Zero + m0) + m1) + m2) + m3) * quarter;
                mean = average;
                // Min and max as trees rather than chains: on members that are never NaN (invalid ones are 0 by now),
                // Vector.Min/Max order −0 below +0 and are otherwise the usual minimum and maximum, so any grouping gives
                // the bits of the scalar kernel's left-to-right MathF.Min/Max from ±∞.
                min = Vector.Min(Vector.Min(m0, m1), Vector.Min(m2, m3));
                max = Vector.Max(Vector.Max(m0, m1), Vector.Max(m2, m3));
                var d0 = m0 - average;
                var d1 = m1 - average;
                var d2 = m2 - average;
                var d3 = m3 - average;
                var spread = ((((Vector<float>.Zero + d0 * d0) + d1 * d1) + d2 * d2) + d3 * d3) * quarter;
                variance = spread;
                std = Vector.SquareRoot(spread);
                return;
            }
            EnsembleGeneral(ref column, sample, k, lo, hi, scratch, out mean, out variance, out std, out min, out max, out valid, out outside);
        }

        /// <summary><see cref="Ensemble"/> for any number of members and any vector width, through <paramref name="scratch"/>.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void EnsembleGeneral(ref float column, nuint sample, int k, Vector<float> lo, Vector<float> hi, Span<float> scratch,
            out Vector<float> mean, out Vector<float> variance, out Vector<float> std, out Vector<float> min, out Vector<float> max,
            out Vector<int> valid, out Vector<int> outside)
        {
            int width = Vector<float>.Count;
            ref float block = ref Unsafe.Add(ref column, sample * (nuint)k);
            var count = new Vector<float>(k);
            if (scratch.Length < k * width) throw new ArgumentOutOfRangeException(nameof(scratch));
            ref float target = ref MemoryMarshal.GetReference(scratch);
            Transpose(ref block, k, ref target);
            var sum = Vector<float>.Zero;
            min = new Vector<float>(float.PositiveInfinity);
            max = new Vector<float>(float.NegativeInfinity);
            var allFinite = Vector<int>.AllBitsSet;
            var anyClamped = Vector<int>.Zero;
            for (int m = 0; m < k; m++)
            {
                ref float slot = ref Unsafe.Add(ref target, m * width);
                var v = Member(Vector.LoadUnsafe(ref slot), lo, hi, ref allFinite, ref anyClamped);
                v.StoreUnsafe(ref slot);
                sum += v;
                min = Vector.Min(min, v);
                max = Vector.Max(max, v);
            }
            valid = allFinite;
            outside = anyClamped;
            mean = sum / count;
            var ss = Vector<float>.Zero;
            for (int m = 0; m < k; m++)
            {
                var d = Vector.LoadUnsafe(ref Unsafe.Add(ref target, m * width)) - mean;
                ss += d * d;
            }
            variance = ss / count;
            std = Vector.SquareRoot(variance);
        }

        /// <summary>One member of every lane after its domain check: NaN/±Inf become 0 (clearing <paramref name="valid"/>), finite values outside [lo, hi] are clamped (setting <paramref name="outside"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector<float> Member(Vector<float> v, Vector<float> lo, Vector<float> hi, ref Vector<int> valid, ref Vector<int> outside)
        {
            var finite = IsFinite(v);
            var fix = finite & (Vector.LessThan(v, lo) | Vector.GreaterThan(v, hi));
            valid &= finite;
            outside |= fix;
            return Vector.ConditionalSelect(finite, Vector.ConditionalSelect(fix, Clamp(v, lo, hi), v), Vector<float>.Zero);
        }

        /// <summary>
        /// Four members of eight samples, sample-major at <paramref name="block"/>, transposed into one vector per member.
        /// Only for AVX (8 lanes); at 16 lanes <see cref="LaneMath512.Ensemble4"/> has its own transpose.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Transpose4(ref float block, out Vector<float> m0, out Vector<float> m1, out Vector<float> m2, out Vector<float> m3)
        {
            // 32 consecutive floats: two samples per 256-bit register (samples s and s + 4 in its halves), then the
            // 4 × 4 transpose of each half gives one member of all eight samples per register.
            var s04 = Vector256.Create(Vector128.LoadUnsafe(ref block), Vector128.LoadUnsafe(ref block, 16));
            var s15 = Vector256.Create(Vector128.LoadUnsafe(ref block, 4), Vector128.LoadUnsafe(ref block, 20));
            var s26 = Vector256.Create(Vector128.LoadUnsafe(ref block, 8), Vector128.LoadUnsafe(ref block, 24));
            var s37 = Vector256.Create(Vector128.LoadUnsafe(ref block, 12), Vector128.LoadUnsafe(ref block, 28));
            var low01 = Avx.UnpackLow(s04, s15);
            var high01 = Avx.UnpackHigh(s04, s15);
            var low23 = Avx.UnpackLow(s26, s37);
            var high23 = Avx.UnpackHigh(s26, s37);
            m0 = Avx.Shuffle(low01, low23, 0x44).AsVector();
            m1 = Avx.Shuffle(low01, low23, 0xEE).AsVector();
            m2 = Avx.Shuffle(high01, high23, 0x44).AsVector();
            m3 = Avx.Shuffle(high01, high23, 0xEE).AsVector();
        }

        /// <summary>
        /// <see cref="Member"/> with the clamp as selects: <paramref name="clampLow"/> is Min(lo, hi), what
        /// Min(Max(v, lo), hi) gives for v below lo; above hi it gives hi.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector<float> Member4(Vector<float> v, Vector<float> lo, Vector<float> hi, Vector<float> clampLow,
            ref Vector<int> valid, ref Vector<int> outside)
        {
            var finite = IsFinite(v);
            var below = Vector.LessThan(v, lo);
            var fix = finite & (below | Vector.GreaterThan(v, hi));
            valid &= finite;
            outside |= fix;
            return Vector.ConditionalSelect(finite, Vector.ConditionalSelect(fix, Vector.ConditionalSelect(below, clampLow, hi), v),
                Vector<float>.Zero);
        }

        /// <summary>
        /// The k members of <see cref="Vector{T}.Count"/> samples starting at <paramref name="block"/> (sample-major),
        /// member-major into <paramref name="target"/>: member m of lane l lands at m·width + l.
        /// </summary>
        private static void Transpose(ref float block, int k, ref float target)
        {
            int width = Vector<float>.Count;
            if (Avx2.IsSupported && width == Vector256<float>.Count)
            {
                // One gather per member: lane l reads block[l·k + m].
                var lanes = Vector256.Create(0, k, 2 * k, 3 * k, 4 * k, 5 * k, 6 * k, 7 * k);
                fixed (float* source = &block)
                {
                    for (int m = 0; m < k; m++)
                        Avx2.GatherVector256(source + m, lanes, 4).StoreUnsafe(ref target, (nuint)(m * width));
                }
                return;
            }
            for (int l = 0; l < width; l++)
                for (int m = 0; m < k; m++)
                    Unsafe.Add(ref target, m * width + l) = Unsafe.Add(ref block, l * k + m);
        }

        // The transcendental functions are DeterministicMath's algorithms, composed here from their parts one call level
        // deep (exp's reduction, then the function's tail): from these small out-of-line roots, .NET 10's JIT left the
        // reduction a call when it sat deeper (its inlining budget), passing four vectors through memory; composed here,
        // each helper is one straight-line body (docs/vector-math.md, "Throughput").

        /// <summary>e^x on every lane: <see cref="DeterministicMath"/>, bit-identical to the scalar kernel and the interpreter.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static Vector<float> Exp(Vector<float> v) => VectorAlgorithms.ExpFromParts(VectorAlgorithms.ExpReduced(v));

        /// <summary>ln x on every lane (see <see cref="Exp"/>).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static Vector<float> Log(Vector<float> v) => VectorAlgorithms.Log(v);

        /// <summary>
        /// tanh on every lane (see <see cref="Exp"/>); the exponential is skipped where no lane needs it (the same bits
        /// either way).
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static Vector<float> Tanh(Vector<float> v) =>
            VectorAlgorithms.TanhNeedsExp(v)
                ? VectorAlgorithms.TanhFromExp(v, VectorAlgorithms.ExpReducedNonPositive(VectorAlgorithms.TanhExpArgument(v)))
                : VectorAlgorithms.TanhNear(v);

        /// <summary>1 / (1 + e^-x) on every lane (see <see cref="Exp"/>).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static Vector<float> Sigmoid(Vector<float> v) =>
            VectorAlgorithms.SigmoidFromExp(v, VectorAlgorithms.ExpReducedNonPositive(VectorAlgorithms.SigmoidExpArgument(v)));

        /// <summary>
        /// Several transcendental calls of one block in one call: <paramref name="values"/>[j] = f(<paramref name="arguments"/>[j]),
        /// f being exp for the first <paramref name="exp"/> entries, then log, sigmoid and tanh for the next
        /// <paramref name="log"/>, <paramref name="sigmoid"/> and <paramref name="tanh"/> — each the same algorithm, so the
        /// same bits, as <see cref="Exp"/>, <see cref="Log"/>, <see cref="Sigmoid"/> and <see cref="Tanh"/>.
        /// </summary>
        /// <remarks>
        /// The kernels call this once per block with every call whose argument needs no other call. The functions are long
        /// dependency chains; called one at a time, each result was waited for before the kernel went on, and side by side
        /// in one loop the chains of successive entries overlap (docs/benchmarks.md, fifth round). The bodies are inlined
        /// here (the one-line compositions of the members above), written out in <see cref="LaneMath"/> and
        /// <see cref="LaneMath512"/> alike: one generic loop over the lane type, tried, left the exponential's reduction a
        /// call (the JIT's inlining budget, one level deeper) and was 5–7 % slower on <c>smooth.contract</c>.
        /// </remarks>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static void Transcendentals(ReadOnlySpan<Vector<float>> arguments, Span<Vector<float>> values, int exp, int log, int sigmoid, int tanh)
        {
            if (exp < 0 || log < 0 || sigmoid < 0 || tanh < 0 || exp + log + sigmoid + tanh > Math.Min(arguments.Length, values.Length))
                throw new ArgumentOutOfRangeException(nameof(exp), "the counts must be at least 0 and fit both spans");
            int j = 0;
            for (int end = j + exp; j < end; j++)
                values[j] = VectorAlgorithms.ExpFromParts(VectorAlgorithms.ExpReduced(arguments[j]));
            for (int end = j + log; j < end; j++)
                values[j] = VectorAlgorithms.Log(arguments[j]);
            for (int end = j + sigmoid; j < end; j++)
            {
                var v = arguments[j];
                values[j] = VectorAlgorithms.SigmoidFromExp(v, VectorAlgorithms.ExpReducedNonPositive(VectorAlgorithms.SigmoidExpArgument(v)));
            }
            for (int end = j + tanh; j < end; j++)
            {
                var v = arguments[j];
                values[j] = VectorAlgorithms.TanhNeedsExp(v)
                    ? VectorAlgorithms.TanhFromExp(v, VectorAlgorithms.ExpReducedNonPositive(VectorAlgorithms.TanhExpArgument(v)))
                    : VectorAlgorithms.TanhNear(v);
            }
        }
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
