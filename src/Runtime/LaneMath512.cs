using System;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using Vector512Algorithms = ContractDsl.Numerics.DeterministicMathAlgorithms<ContractDsl.Runtime.Numerics.Vector512Lane,
    System.Runtime.Intrinsics.Vector512<float>, System.Runtime.Intrinsics.Vector512<int>, System.Runtime.Intrinsics.Vector512<float>>;

namespace ContractDsl.Runtime
{
    /// <summary>
    /// <see cref="LaneMath"/> for the generated kernels' <see cref="Vector512{T}"/> body (16 samples at a time), member
    /// for member: the same names, the same meaning, bit for bit what the scalar kernel computes for each lane. Lane masks
    /// are <c>Vector512&lt;int&gt;</c> with all bits set where true, as <see cref="LaneMath"/>'s are <c>Vector&lt;int&gt;</c>.
    /// </summary>
    /// <remarks>
    /// .NET keeps <see cref="Vector{T}"/> at 256 bits on AVX-512 hardware unless the process sets
    /// <c>DOTNET_MaxVectorTBitWidth=512</c>, which a library cannot do for its host; so the kernels carry a second body
    /// over <see cref="Vector512{T}"/> and choose it at run time (<see cref="UseVector512Body"/>). The transcendental
    /// functions are <see cref="DeterministicMath"/>'s algorithms on <c>Vector512Lane</c>, the one implementation every
    /// width shares; the ensemble statistics are <see cref="LaneMath.Ensemble"/>'s, on the two halves of the block where
    /// <see cref="Vector{T}"/> is 256 bits wide. Without AVX-512 every member still works (in software, on the same IEEE
    /// operations), but the kernels do not choose this body then.
    /// </remarks>
    public static class LaneMath512
    {
        /// <summary>
        /// Whether the generated kernels evaluate blocks of 16 samples through their <see cref="Vector512{T}"/> body: where
        /// <see cref="Vector512.IsHardwareAccelerated"/> and <see cref="Vector{T}"/> is narrower. (With
        /// <c>DOTNET_MaxVectorTBitWidth=512</c> the <see cref="Vector{T}"/> body is already 512 bits wide and is used
        /// instead.) A constant to the JIT, so the kernels' test of it costs nothing.
        /// </summary>
        public static bool UseVector512Body
        {
            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            get => Vector512.IsHardwareAccelerated && Vector<float>.Count < Vector512<float>.Count;
        }

        /// <summary>All lanes set where <paramref name="v"/> is finite (not NaN, not ±Inf).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> IsFinite(Vector512<float> v) => Vector512.Equals(v - v, Vector512<float>.Zero).AsInt32();

        /// <summary>torch.clamp semantics, as <see cref="RewardMath.Clamp"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Clamp(Vector512<float> v, Vector512<float> lo, Vector512<float> hi) => Vector512.Min(Vector512.Max(v, lo), hi);

        /// <summary>A lane mask from the 16 flags at <paramref name="index"/>: any non-zero byte is true, as in the scalar kernel.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<int> FromFlags(ref bool column, nuint index)
        {
            ref byte source = ref Unsafe.As<bool, byte>(ref Unsafe.Add(ref column, index));
            if (Avx512F.IsSupported)
            {
                // 16 bytes zero-extended to 16 ints (vpmovzxbd), then compared with 0.
                return Vector512.GreaterThan(Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref source)), Vector512<int>.Zero);
            }
            return FromFlagsByLane(ref source);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static Vector512<int> FromFlagsByLane(ref byte source)
        {
            Span<int> lanes = stackalloc int[16];
            for (int l = 0; l < 16; l++) lanes[l] = Unsafe.Add(ref source, l) != 0 ? -1 : 0;
            return Vector512.Create<int>(lanes);
        }

        /// <summary>Writes a lane mask as 16 bools (0 or 1) at <paramref name="index"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreFlags(Vector512<int> mask, ref bool column, nuint index) =>
            StoreBytes(mask & Vector512<int>.One, ref Unsafe.As<bool, byte>(ref Unsafe.Add(ref column, index)));

        /// <summary>Writes reason bits (one int per lane, each below 256) as 16 <see cref="RewardReasons"/> bytes at <paramref name="index"/>.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void StoreReasons(Vector512<int> reasons, ref RewardReasons column, nuint index) =>
            StoreBytes(reasons, ref Unsafe.As<RewardReasons, byte>(ref Unsafe.Add(ref column, index)));

        /// <summary>The low byte of every lane (each in 0..255), stored as 16 consecutive bytes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static void StoreBytes(Vector512<int> values, ref byte destination)
        {
            if (Avx512F.IsSupported)
            {
                // vpmovdb: every int truncated to its low byte.
                Avx512F.ConvertToVector128Byte(values).StoreUnsafe(ref destination);
                return;
            }
            var shorts = Vector512.Narrow(values, values); // lanes 0-15 are the values, each below 256
            Vector512.Narrow(shorts.AsUInt16(), shorts.AsUInt16()).GetLower().GetLower().StoreUnsafe(ref destination);
        }

        /// <summary>
        /// <see cref="LaneMath.Ensemble"/> for a block of 16 samples: the same statistics, lane for lane, of the
        /// <paramref name="k"/> members of samples [<paramref name="sample"/>, + 16) of a sample-major column.
        /// <paramref name="scratch"/> holds k × 16 floats.
        /// </summary>
        /// <remarks>
        /// Four members on AVX-512, the common case, are transposed and reduced here in 512-bit registers
        /// (<see cref="Ensemble4"/>, inlined into the kernel). Other sizes are <see cref="LaneMath.Ensemble"/>'s general
        /// path, on the whole block where <see cref="Vector{T}"/> is 512 bits wide and on its two halves where it is 256
        /// bits wide; without AVX-512, lane by lane through <see cref="EnsembleStats.Compute"/>.
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Ensemble(ref float column, nuint sample, int k, Vector512<float> lo, Vector512<float> hi, Span<float> scratch,
            out Vector512<float> mean, out Vector512<float> variance, out Vector512<float> std, out Vector512<float> min, out Vector512<float> max,
            out Vector512<int> valid, out Vector512<int> outside)
        {
            if (k == 4 && Avx512F.IsSupported)
            {
                Ensemble4(ref Unsafe.Add(ref column, sample * 4), lo, hi, out mean, out variance, out std, out min, out max, out valid, out outside);
                return;
            }
            if (Vector<float>.Count == Vector512<float>.Count)
            {
                LaneMath.Ensemble(ref column, sample, k, lo.AsVector(), hi.AsVector(), scratch,
                    out var mean16, out var variance16, out var std16, out var min16, out var max16, out var valid16, out var outside16);
                mean = mean16.AsVector512();
                variance = variance16.AsVector512();
                std = std16.AsVector512();
                min = min16.AsVector512();
                max = max16.AsVector512();
                valid = valid16.AsVector512();
                outside = outside16.AsVector512();
                return;
            }
            if (Vector<float>.Count == Vector256<float>.Count)
            {
                var lo8 = lo.GetLower().AsVector();
                var hi8 = hi.GetLower().AsVector();
                LaneMath.Ensemble(ref column, sample, k, lo8, hi8, scratch,
                    out var mean0, out var variance0, out var std0, out var min0, out var max0, out var valid0, out var outside0);
                LaneMath.Ensemble(ref column, sample + 8, k, lo8, hi8, scratch,
                    out var mean1, out var variance1, out var std1, out var min1, out var max1, out var valid1, out var outside1);
                mean = Vector512.Create(mean0.AsVector256(), mean1.AsVector256());
                variance = Vector512.Create(variance0.AsVector256(), variance1.AsVector256());
                std = Vector512.Create(std0.AsVector256(), std1.AsVector256());
                min = Vector512.Create(min0.AsVector256(), min1.AsVector256());
                max = Vector512.Create(max0.AsVector256(), max1.AsVector256());
                valid = Vector512.Create(valid0.AsVector256(), valid1.AsVector256());
                outside = Vector512.Create(outside0.AsVector256(), outside1.AsVector256());
                return;
            }
            EnsembleByLane(ref column, sample, k, lo.ToScalar(), hi.ToScalar(), scratch,
                out mean, out variance, out std, out min, out max, out valid, out outside);
        }

        /// <summary>
        /// The statistics of four members of 16 samples (64 consecutive floats at <paramref name="block"/>, sample-major),
        /// all in 512-bit registers: <see cref="LaneMath.Ensemble"/>'s four-member path at 16 lanes (it calls this where
        /// <see cref="Vector{T}"/> is 512 bits wide), the same operations in the same order, so the same bits.
        /// </summary>
        /// <remarks>
        /// Before, the 512-bit body computed a four-member ensemble as two 8-sample halves and joined them: twice the
        /// transposes, checks, sums and square roots, about a quarter of the body of <c>bench.contract</c> (perf,
        /// docs/benchmarks.md).
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        internal static void Ensemble4(ref float block, Vector512<float> lo, Vector512<float> hi,
            out Vector512<float> mean, out Vector512<float> variance, out Vector512<float> std, out Vector512<float> min, out Vector512<float> max,
            out Vector512<int> valid, out Vector512<int> outside)
        {
            // Four samples (one per 128-bit lane) in each of four 512-bit loads. A 4 × 4 transpose of the 128-bit lanes
            // (vshuff32x4) puts samples s, s + 4, s + 8, s + 12 into one register, then an in-lane 4 × 4 transpose gives
            // one member of all sixteen samples per register.
            var z0 = Vector512.LoadUnsafe(ref block);
            var z1 = Vector512.LoadUnsafe(ref block, 16);
            var z2 = Vector512.LoadUnsafe(ref block, 32);
            var z3 = Vector512.LoadUnsafe(ref block, 48);
            var even01 = Avx512F.Shuffle4x128(z0, z1, 0x88); // samples 0, 2, 4, 6
            var odd01 = Avx512F.Shuffle4x128(z0, z1, 0xDD); // samples 1, 3, 5, 7
            var even23 = Avx512F.Shuffle4x128(z2, z3, 0x88); // samples 8, 10, 12, 14
            var odd23 = Avx512F.Shuffle4x128(z2, z3, 0xDD); // samples 9, 11, 13, 15
            var t0 = Avx512F.Shuffle4x128(even01, even23, 0x88); // samples 0, 4, 8, 12
            var t2 = Avx512F.Shuffle4x128(even01, even23, 0xDD); // samples 2, 6, 10, 14
            var t1 = Avx512F.Shuffle4x128(odd01, odd23, 0x88); // samples 1, 5, 9, 13
            var t3 = Avx512F.Shuffle4x128(odd01, odd23, 0xDD); // samples 3, 7, 11, 15
            var low01 = Avx512F.UnpackLow(t0, t1);
            var high01 = Avx512F.UnpackHigh(t0, t1);
            var low23 = Avx512F.UnpackLow(t2, t3);
            var high23 = Avx512F.UnpackHigh(t2, t3);
            var raw0 = Avx512F.Shuffle(low01, low23, 0x44);
            var raw1 = Avx512F.Shuffle(low01, low23, 0xEE);
            var raw2 = Avx512F.Shuffle(high01, high23, 0x44);
            var raw3 = Avx512F.Shuffle(high01, high23, 0xEE);

            // From here on LaneMath.Ensemble's four-member path, operation for operation (see its comments).
            var finite = Vector512<int>.AllBitsSet;
            var clamped = Vector512<int>.Zero;
            var clampLow = Vector512.Min(lo, hi);
            var m0 = Member4(raw0, lo, hi, clampLow, ref finite, ref clamped);
            var m1 = Member4(raw1, lo, hi, clampLow, ref finite, ref clamped);
            var m2 = Member4(raw2, lo, hi, clampLow, ref finite, ref clamped);
            var m3 = Member4(raw3, lo, hi, clampLow, ref finite, ref clamped);
            valid = finite;
            outside = clamped;
            var quarter = Vector512.Create(0.25f);
            var average = ((((Vector512<float>.Zero + m0) + m1) + m2) + m3) * quarter;
            mean = average;
            min = Vector512.Min(Vector512.Min(m0, m1), Vector512.Min(m2, m3));
            max = Vector512.Max(Vector512.Max(m0, m1), Vector512.Max(m2, m3));
            var d0 = m0 - average;
            var d1 = m1 - average;
            var d2 = m2 - average;
            var d3 = m3 - average;
            var spread = ((((Vector512<float>.Zero + d0 * d0) + d1 * d1) + d2 * d2) + d3 * d3) * quarter;
            variance = spread;
            std = Vector512.Sqrt(spread);
        }

        /// <summary>One member of every lane after its domain check, as <see cref="LaneMath"/>'s four-member path checks it.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static Vector512<float> Member4(Vector512<float> v, Vector512<float> lo, Vector512<float> hi, Vector512<float> clampLow,
            ref Vector512<int> valid, ref Vector512<int> outside)
        {
            var finite = IsFinite(v);
            var below = Vector512.LessThan(v, lo);
            var fix = finite & (below | Vector512.GreaterThan(v, hi)).AsInt32();
            valid &= finite;
            outside |= fix;
            return Vector512.ConditionalSelect(finite.AsSingle(), Vector512.ConditionalSelect(fix.AsSingle(), Vector512.ConditionalSelect(below, clampLow, hi), v),
                Vector512<float>.Zero);
        }

        /// <summary><see cref="Ensemble"/> one lane at a time, through the scalar kernel's <see cref="EnsembleStats.Compute"/>.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static void EnsembleByLane(ref float column, nuint sample, int k, float lo, float hi, Span<float> scratch,
            out Vector512<float> mean, out Vector512<float> variance, out Vector512<float> std, out Vector512<float> min, out Vector512<float> max,
            out Vector512<int> valid, out Vector512<int> outside)
        {
            Span<float> lanes = stackalloc float[5 * 16];
            Span<int> flags = stackalloc int[2 * 16];
            var members = System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref column, sample * (nuint)k), 16 * k);
            for (int l = 0; l < 16; l++)
            {
                var stats = EnsembleStats.Compute(members.Slice(l * k, k), lo, hi, scratch);
                lanes[l] = stats.Mean;
                lanes[16 + l] = stats.Var;
                lanes[32 + l] = stats.Std;
                lanes[48 + l] = stats.Min;
                lanes[64 + l] = stats.Max;
                flags[l] = stats.Invalid ? 0 : -1;
                flags[16 + l] = stats.OutOfDomain ? -1 : 0;
            }
            mean = Vector512.Create<float>(lanes);
            variance = Vector512.Create<float>(lanes.Slice(16));
            std = Vector512.Create<float>(lanes.Slice(32));
            min = Vector512.Create<float>(lanes.Slice(48));
            max = Vector512.Create<float>(lanes.Slice(64));
            valid = Vector512.Create<int>(flags);
            outside = Vector512.Create<int>(flags.Slice(16));
        }

        // The transcendental functions, as LaneMath's: DeterministicMath's algorithms composed one call level deep, each
        // an out-of-line body of its own.

        /// <summary>e^x on every lane: <see cref="DeterministicMath"/>, bit-identical to the scalar kernel and the interpreter.</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static Vector512<float> Exp(Vector512<float> v) => Vector512Algorithms.ExpFromParts(Vector512Algorithms.ExpReduced(v));

        /// <summary>ln x on every lane (see <see cref="Exp"/>).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static Vector512<float> Log(Vector512<float> v) => Vector512Algorithms.Log(v);

        /// <summary>
        /// tanh on every lane (see <see cref="Exp"/>); the exponential is skipped where no lane needs it (the same bits
        /// either way).
        /// </summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static Vector512<float> Tanh(Vector512<float> v) =>
            Vector512Algorithms.TanhNeedsExp(v)
                ? Vector512Algorithms.TanhFromExp(v, Vector512Algorithms.ExpReducedNonPositive(Vector512Algorithms.TanhExpArgument(v)))
                : Vector512Algorithms.TanhNear(v);

        /// <summary>1 / (1 + e^-x) on every lane (see <see cref="Exp"/>).</summary>
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static Vector512<float> Sigmoid(Vector512<float> v) =>
            Vector512Algorithms.SigmoidFromExp(v, Vector512Algorithms.ExpReducedNonPositive(Vector512Algorithms.SigmoidExpArgument(v)));

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
        public static void Transcendentals(ReadOnlySpan<Vector512<float>> arguments, Span<Vector512<float>> values, int exp, int log, int sigmoid, int tanh)
        {
            if (exp < 0 || log < 0 || sigmoid < 0 || tanh < 0 || exp + log + sigmoid + tanh > Math.Min(arguments.Length, values.Length))
                throw new ArgumentOutOfRangeException(nameof(exp), "the counts must be at least 0 and fit both spans");
            int j = 0;
            for (int end = j + exp; j < end; j++)
                values[j] = Vector512Algorithms.ExpFromParts(Vector512Algorithms.ExpReduced(arguments[j]));
            for (int end = j + log; j < end; j++)
                values[j] = Vector512Algorithms.Log(arguments[j]);
            for (int end = j + sigmoid; j < end; j++)
            {
                var v = arguments[j];
                values[j] = Vector512Algorithms.SigmoidFromExp(v, Vector512Algorithms.ExpReducedNonPositive(Vector512Algorithms.SigmoidExpArgument(v)));
            }
            for (int end = j + tanh; j < end; j++)
            {
                var v = arguments[j];
                values[j] = Vector512Algorithms.TanhNeedsExp(v)
                    ? Vector512Algorithms.TanhFromExp(v, Vector512Algorithms.ExpReducedNonPositive(Vector512Algorithms.TanhExpArgument(v)))
                    : Vector512Algorithms.TanhNear(v);
            }
        }
    }
}
