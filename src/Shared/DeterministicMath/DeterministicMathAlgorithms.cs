// Shared source: compiled into ContractDsl (netstandard2.0) and ContractDsl.Runtime (net10.0) through a linked
// <Compile Include>. It must build under both: no static abstract members, no MathF, no Span-only APIs.
using System.Runtime.CompilerServices;

namespace ContractDsl.Numerics
{
    /// <summary>
    /// Deterministic float32 exp, log, sigmoid and tanh, written once over a lane abstraction
    /// (<see cref="ILaneOps{TFloat, TInt, TMask}"/>): the same sequence of IEEE operations runs on one float or on every
    /// lane of a vector, so a result never depends on the vector width, on a sample's position in a batch, or on
    /// whether the interpreter, the scalar tail or the vector body computed it.
    /// </summary>
    /// <remarks>
    /// <para>Accuracy against the correctly rounded result, measured over all 2^32 inputs (docs/vector-math.md), in
    /// units in the last place of float32 (below 2^-126 an ulp is 2^-149): under 0.84 ulp for all four; NaN, ±∞, ±0
    /// and subnormals are treated as the IEEE functions treat them.</para>
    /// <para>The algorithms avoid anything whose result depends on the instruction set. Every operation is one IEEE 754
    /// defines exactly: add, subtract, multiply, divide, fused multiply-add (where the algorithm writes one, never
    /// contracted by the compiler) and scaling by a power of two, each rounded once. No approximate reciprocal, no
    /// min/max (clamps are a comparison and a select), no float↔int conversion whose rounding mode could differ
    /// (rounding to an integer adds and subtracts 1.5·2^23). Branches are selects, so every lane takes the same path;
    /// the one data-dependent branch (tanh skips its exponential where no lane needs it) only skips work whose result
    /// every lane would discard, so it gives the same bits either way.</para>
    /// </remarks>
    internal static class DeterministicMathAlgorithms<TOps, TFloat, TInt, TMask>
        where TOps : struct, ILaneOps<TFloat, TInt, TMask>
    {
        private const int SignBit = unchecked((int)0x80000000);
        private const int MagnitudeBits = 0x7FFFFFFF;

        // ---- exp ----------------------------------------------------------------------------------------------------

        /// <summary>Above this e^x overflows (ln(FLT_MAX) ≈ 88.7228); clamping keeps n ≤ 128 and still yields +∞.</summary>
        private const float ExpUpperClamp = 89f;

        /// <summary>Below this e^x rounds to 0 (ln(2^-150) ≈ −103.97); clamping keeps n ≥ −150 and still yields 0.</summary>
        private const float ExpLowerClamp = -104f;

        private const float Log2E = 1.44269504088896341f;

        /// <summary>1.5·2^23: t + this rounds t to an integer (ties to even) held in the low mantissa bits.</summary>
        private const float RoundingShift = 12582912f;

        /// <summary>The bits of <see cref="RoundingShift"/>; subtracting them from the bits of t + shift gives the integer.</summary>
        private const int RoundingShiftBits = 0x4B400000;

        /// <summary>ln 2 split so that n·<see cref="ExpLn2Hi"/> is exact for |n| &lt; 2^9 (15 significant bits).</summary>
        private const float ExpLn2Hi = 6.9314575195e-01f; // 0x3F317200

        private const float ExpLn2Lo = 1.4286067653e-06f; // 0x35BFBE8E, ln 2 − ExpLn2Hi

        // e^r = 1 + r + r²·(ExpC2 + r·(ExpC3 + …)) on |r| ≤ ln2/2 (Cephes expf).
        private const float ExpC2 = 5.0000001201e-1f;
        private const float ExpC3 = 1.6666665459e-1f;
        private const float ExpC4 = 4.1665795894e-2f;
        private const float ExpC5 = 8.3334519073e-3f;
        private const float ExpC6 = 1.3981999507e-3f;
        private const float ExpC7 = 1.9875691500e-4f;

        /// <summary>
        /// e^x, within a hair of correct rounding: x = n·ln2 + r with n = round(x/ln2), |r| ≤ ln2/2, e^r by a polynomial
        /// with its last additions compensated, rounded once to float and scaled by 2^n as two normal powers of two,
        /// so that subnormal results are rounded once and an overflow rounds to +∞. exp(NaN) = NaN,
        /// exp(+∞) = +∞, exp(−∞) = +0.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TFloat Exp(TFloat x) => ExpFromParts(ExpReduced(x));

        /// <summary>e^x from its <see cref="ExpReduced"/> parts: e^r rounded to float, scaled by 2^n.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TFloat ExpFromParts(ExpParts e)
        {
            TOps o = default;
            return o.ScaleByPowerOfTwo(e.High, e.N);
        }

        /// <summary>
        /// e^x = (<see cref="High"/> + <see cref="Low"/>)·2^<see cref="N"/>: High is e^r rounded to float (r the reduced
        /// argument, High in [0.7, 1.42]), Low what that rounding dropped, N an integer in [−150, 128] held as a float.
        /// </summary>
        /// <remarks>
        /// Exposed (with <see cref="ExpReduced"/>, <see cref="SigmoidFromExp"/> and <see cref="TanhFromExp"/>) so that an
        /// out-of-line caller can compose a function from its parts one call level deep: from a small non-inlined root,
        /// .NET 10's JIT left the reduction a call when it sat two <c>AggressiveInlining</c> levels down (its inlining
        /// budget), which passed the four vectors through memory and cost 25–30 % (docs/vector-math.md).
        /// </remarks>
        internal readonly struct ExpParts
        {
            public readonly TFloat High;
            public readonly TFloat Low;
            public readonly TFloat N;

            [MethodImpl(MethodImplOptions.AggressiveInlining)]
            public ExpParts(TFloat high, TFloat low, TFloat n)
            {
                High = high;
                Low = low;
                N = n;
            }
        }

        /// <summary>
        /// value·2^n rounded once, for value in [0.5, 2) (or NaN) and an integer n in [−150, 128] held as a float: the
        /// lanes' <see cref="ILaneOps{TFloat, TInt, TMask}.ScaleByPowerOfTwo"/> where there is no instruction for it.
        /// 2^n = 2^n1·2^n2 with n1 = ⌊n/2⌋: both are normal, so value·2^n1 is exact and the single rounding happens in
        /// the last product (into a subnormal, or to +∞) — the bits of a scaling instruction that rounds once.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TFloat ScaleByPowerOfTwoInSteps(TFloat value, TFloat n)
        {
            TOps o = default;
            // The integer n from the low bits of n + 1.5·2^23 (exact: n is an integer far below 2^22).
            TInt ni = o.SubtractInt(o.AsInt(o.Add(n, o.Constant(RoundingShift))), o.IntConstant(RoundingShiftBits));
            TInt n1 = o.ShiftRightArithmetic(ni, 1);
            TInt n2 = o.SubtractInt(ni, n1);
            TFloat scale1 = o.AsFloat(o.ShiftLeft(o.AddInt(n1, o.IntConstant(127)), 23));
            TFloat scale2 = o.AsFloat(o.ShiftLeft(o.AddInt(n2, o.IntConstant(127)), 23));
            return o.Multiply(o.Multiply(value, scale1), scale2);
        }

        /// <summary>The parts of e^x (see <see cref="ExpParts"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ExpParts ExpReduced(TFloat x)
        {
            TOps o = default;
            // NaN passes both clamps (comparisons with NaN are false) and propagates through the arithmetic. Both
            // comparisons read x itself (no x is both above and below), so that they run side by side.
            TMask above = o.GreaterThan(x, o.Constant(ExpUpperClamp));
            TMask below = o.LessThan(x, o.Constant(ExpLowerClamp));
            return ExpReducedClamped(o.Select(below, o.Constant(ExpLowerClamp), o.Select(above, o.Constant(ExpUpperClamp), x)));
        }

        /// <summary>
        /// <see cref="ExpReduced"/> for x ≤ 0 or NaN, as sigmoid and tanh call it (on −|x| and −2|x|): the upper clamp
        /// never applies there, so it is left out, and the bits are the same.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static ExpParts ExpReducedNonPositive(TFloat x)
        {
            TOps o = default;
            return ExpReducedClamped(o.Select(o.LessThan(x, o.Constant(ExpLowerClamp)), o.Constant(ExpLowerClamp), x));
        }

        /// <summary><see cref="ExpReduced"/> on x already in [−104, 89] (or NaN).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static ExpParts ExpReducedClamped(TFloat x)
        {
            TOps o = default;
            TFloat shifted = o.MultiplyAdd(x, o.Constant(Log2E), o.Constant(RoundingShift));
            TFloat n = o.Subtract(shifted, o.Constant(RoundingShift));
            // r = x − n·ln2: the first fused step is exact (n·ExpLn2Hi has 23 bits at most and cancels against x); the
            // difference with c rounds, and rLow keeps what it dropped (Fast2Sum), since an error in r is a relative
            // error in e^r.
            TFloat r1 = o.MultiplyAdd(n, o.Constant(-ExpLn2Hi), x);
            TFloat c = o.Multiply(n, o.Constant(ExpLn2Lo));
            TFloat r = o.Subtract(r1, c);
            TFloat rLow = o.Subtract(o.Subtract(r1, r), c);

            // e^(r + rLow) = 1 + r + r²·q(r) + rLow·(1 + r). The work is latency, not operations: q by Estrin's scheme,
            // q = (C2 + C3·r) + r²·(C4 + C5·r) + r⁴·(C6 + C7·r), three short chains side by side instead of Horner's one
            // long one, each step one fused multiply-add; 1 + r as two floats (|r| < 1: Fast2Sum, exact), ready long
            // before q; then the small terms onto r²·q in one fused step, that onto the low part of 1 + r, and the sum
            // onto its high part, rounded once.
            TFloat r2 = o.Multiply(r, r);
            TFloat r4 = o.Multiply(r2, r2);
            TFloat q01 = o.MultiplyAdd(o.Constant(ExpC3), r, o.Constant(ExpC2));
            TFloat q23 = o.MultiplyAdd(o.Constant(ExpC5), r, o.Constant(ExpC4));
            TFloat q45 = o.MultiplyAdd(o.Constant(ExpC7), r, o.Constant(ExpC6));
            TFloat q = o.MultiplyAdd(r4, q45, o.MultiplyAdd(r2, q23, q01));
            TFloat t = o.MultiplyAdd(r2, q, o.MultiplyAdd(rLow, r, rLow));
            TFloat one = o.Constant(1f);
            TFloat pHigh = o.Add(one, r);
            TFloat pLow = o.Add(o.Subtract(one, pHigh), r);
            TFloat tail = o.Add(t, pLow);
            TFloat high = o.Add(pHigh, tail); // pHigh ≥ 1 − ln2/2 > |tail|: Fast2Sum
            TFloat low = o.Add(o.Subtract(pHigh, high), tail);

            return new ExpParts(high, low, n);
        }

        // ---- log ----------------------------------------------------------------------------------------------------

        private const float SmallestNormal = 1.17549435e-38f; // 2^-126

        private const float SubnormalScale = 33554432f; // 2^25

        /// <summary>The bits of 1 minus the bits of √½: adding it moves the exponent boundary to √½.</summary>
        private const int SqrtHalfOffset = 0x3F800000 - 0x3F3504F3;

        private const int SqrtHalfBits = 0x3F3504F3;

        private const float LogLn2Hi = 6.9313812256e-01f; // 0x3F317180

        private const float LogLn2Lo = 9.0580006145e-06f; // 0x3717F7D1, ln 2 − LogLn2Hi

        // (log(1+s) − log(1−s))/s = 2 + Lg1·s² + Lg2·s⁴ + … within 2^-34.24 on the reduced range (FreeBSD/musl logf).
        private const float LogLg1 = 0.66666662693f; // 0xAAAAAA.0p-24
        private const float LogLg2 = 0.40000972152f; // 0xCCCE13.0p-25
        private const float LogLg3 = 0.28498786688f; // 0x91E9EE.0p-25
        private const float LogLg4 = 0.24279078841f; // 0xF89E26.0p-26

        /// <summary>
        /// ln x. x = 2^k·m with m in [√½, √2) (subnormals scaled by 2^25 first), f = m − 1 (exact), s = f/(2 + f) and
        /// log(1 + f) = 2·atanh(s) = f − f²/2 + s·(f²/2 + R(s²)), summed smallest first (FreeBSD/musl logf).
        /// log(±0) = −∞, log(x &lt; 0) = NaN, log(+∞) = +∞, log(NaN) = NaN.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TFloat Log(TFloat x)
        {
            TOps o = default;
            TMask subnormal = o.LessThan(x, o.Constant(SmallestNormal));
            TFloat scaled = o.Select(subnormal, o.Multiply(x, o.Constant(SubnormalScale)), x);
            TFloat kAdjust = o.Select(subnormal, o.Constant(25f), o.Constant(0f));

            TInt bits = o.AddInt(o.AsInt(scaled), o.IntConstant(SqrtHalfOffset));
            TInt k = o.SubtractInt(o.ShiftRightArithmetic(bits, 23), o.IntConstant(127));
            TFloat m = o.AsFloat(o.AddInt(o.And(bits, o.IntConstant(0x007FFFFF)), o.IntConstant(SqrtHalfBits)));

            TFloat f = o.Subtract(m, o.Constant(1f));
            TFloat s = o.Divide(f, o.Add(o.Constant(2f), f));
            TFloat z = o.Multiply(s, s);
            TFloat w = o.Multiply(z, z);
            TFloat t1 = o.Multiply(w, o.MultiplyAdd(w, o.Constant(LogLg4), o.Constant(LogLg2)));
            TFloat rational = o.MultiplyAdd(z, o.MultiplyAdd(w, o.Constant(LogLg3), o.Constant(LogLg1)), t1);
            TFloat halfSquare = o.Multiply(o.Multiply(o.Constant(0.5f), f), f);
            TFloat dk = o.Subtract(o.ConvertToFloat(k), kAdjust);

            TFloat result = o.MultiplyAdd(s, o.Add(halfSquare, rational), o.Multiply(dk, o.Constant(LogLn2Lo)));
            result = o.Subtract(result, halfSquare);
            result = o.Add(result, f);
            result = o.MultiplyAdd(dk, o.Constant(LogLn2Hi), result);

            result = o.Select(o.Equal(x, o.Constant(float.PositiveInfinity)), x, result);
            result = o.Select(o.Equal(x, o.Constant(0f)), o.Constant(float.NegativeInfinity), result);
            // Negative and NaN inputs: x ≥ 0 is false for both.
            return o.Select(o.GreaterThanOrEqual(x, o.Constant(0f)), result, o.Constant(float.NaN));
        }

        // ---- sigmoid ------------------------------------------------------------------------------------------------

        /// <summary>
        /// 1/(1 + e^-x). With e = e^-|x| in (0, 1]: 1/(1 + e) for x ≥ 0 and e/(1 + e) for x &lt; 0, so that no
        /// intermediate overflows and very negative x give the (subnormal) value of e^x rather than 0. e is carried
        /// as two floats and 1 + e compensated, and the quotient corrected for both, so that the only sizeable errors
        /// left are the division's and the final addition's roundings.
        /// sigmoid(+∞) = 1, sigmoid(−∞) = +0, sigmoid(NaN) = NaN.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TFloat Sigmoid(TFloat x) => SigmoidFromExp(x, ExpReducedNonPositive(SigmoidExpArgument(x)));

        /// <summary>−|x|: the argument of the exponential <see cref="SigmoidFromExp"/> takes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TFloat SigmoidExpArgument(TFloat x)
        {
            TOps o = default;
            return o.AsFloat(o.Or(o.AsInt(x), o.IntConstant(SignBit)));
        }

        /// <summary>sigmoid x from x and the parts of e^−|x| (<see cref="SigmoidExpArgument"/>).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TFloat SigmoidFromExp(TFloat x, ExpParts parts)
        {
            TOps o = default;
            // e·2^n rounded once; the low part times 2^n, where 2^n is exact for n ≥ −149 (and 0 for n = −150, where the
            // correction does not matter) and the product rounds once: the same bits on every lane type. (For NaN x, n is
            // NaN and 2^n is not a number on every lane type alike, but the low part it multiplies is NaN then.)
            TFloat e = o.ScaleByPowerOfTwo(parts.High, parts.N);
            TFloat eLow = o.Multiply(parts.Low, o.ScaleByPowerOfTwo(o.Constant(1f), parts.N));
            TFloat one = o.Constant(1f);
            TFloat denominator = o.Add(one, e); // e ≤ 1: Fast2Sum
            TFloat denominatorLow = o.Add(o.Add(o.Subtract(one, denominator), e), eLow);

            TMask negative = o.LessThan(x, o.Constant(0f));
            TFloat numerator = o.Select(negative, e, one);
            TFloat numeratorLow = o.Select(negative, eLow, o.Constant(0f));
            TFloat quotient = o.Divide(numerator, denominator);
            // N/D = q + (N − q·D)/D: the division's own remainder numerator − q·denominator is exact in one fused step,
            // the low parts are added to it, and 1/D is q for x ≥ 0 and 1 − q for x < 0 (to 2^-24, plenty for a
            // correction of relative size 2^-24).
            TFloat negativeQuotient = o.Subtract(o.Constant(0f), quotient);
            TFloat remainder = o.MultiplyAdd(negativeQuotient, denominatorLow,
                o.Add(o.MultiplyAdd(negativeQuotient, denominator, numerator), numeratorLow));
            TFloat reciprocal = o.Select(negative, o.Subtract(one, quotient), quotient);
            return o.MultiplyAdd(remainder, reciprocal, quotient);
        }

        // ---- tanh ---------------------------------------------------------------------------------------------------

        /// <summary>Below this |x| the odd polynomial is used, above it 1 − 2e/(1 + e) with e = e^(−2|x|).</summary>
        private const float TanhPolynomialLimit = 0.625f;

        // tanh x = x + x·z·P(z), z = x², on |x| < 0.625 (Cephes tanhf).
        private const float TanhP0 = -3.33332819422e-1f;
        private const float TanhP1 = 1.33314422036e-1f;
        private const float TanhP2 = -5.37397155531e-2f;
        private const float TanhP3 = 2.06390887954e-2f;
        private const float TanhP4 = -5.70498872745e-3f;

        /// <summary>
        /// tanh x, computed on |x| and given the sign of x: an odd polynomial near 0, else 1 − 2e/(1 + e) with
        /// e = e^(−2|x|) ≤ 1 (no overflow; rounds to 1 beyond |x| ≈ 9). tanh(±∞) = ±1, tanh(±0) = ±0, tanh(NaN) = NaN.
        /// </summary>
        /// <remarks>
        /// Where every lane is below the polynomial's limit (<see cref="TanhNeedsExp"/>), the exponential is skipped: the
        /// full computation would select the polynomial on every lane anyway, so the bits are the same either way.
        /// </remarks>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TFloat Tanh(TFloat x) => TanhNeedsExp(x) ? TanhFromExp(x, ExpReducedNonPositive(TanhExpArgument(x))) : TanhNear(x);

        /// <summary>
        /// Whether some lane of x needs tanh's exponential (<see cref="TanhFromExp"/>); where none does, tanh x is
        /// <see cref="TanhNear"/>, bit for bit.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static bool TanhNeedsExp(TFloat x)
        {
            TOps o = default;
            return !o.All(TanhIsNear(x));
        }

        /// <summary>
        /// The lanes where tanh is the polynomial: |x| &lt; 0.625 (false for NaN, which takes the exponential's path).
        /// Where it holds on every lane, <see cref="TanhNear"/> is tanh x, bit for bit.
        /// </summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TMask TanhIsNear(TFloat x)
        {
            TOps o = default;
            return o.LessThan(o.AsFloat(o.And(o.AsInt(x), o.IntConstant(MagnitudeBits))), o.Constant(TanhPolynomialLimit));
        }

        /// <summary>tanh x on the lanes where <see cref="TanhIsNear"/> holds: the odd polynomial, given the sign of x.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TFloat TanhNear(TFloat x)
        {
            TOps o = default;
            TInt xBits = o.AsInt(x);
            TFloat near = TanhPolynomial(o.AsFloat(o.And(xBits, o.IntConstant(MagnitudeBits))));
            return o.AsFloat(o.Or(o.AsInt(near), o.And(xBits, o.IntConstant(SignBit))));
        }

        /// <summary>tanh a for 0 ≤ a &lt; 0.625: a + a·z·P(z), z = a².</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static TFloat TanhPolynomial(TFloat a)
        {
            TOps o = default;
            TFloat z = o.Multiply(a, a);
            TFloat p = o.MultiplyAdd(o.Constant(TanhP4), z, o.Constant(TanhP3));
            p = o.MultiplyAdd(p, z, o.Constant(TanhP2));
            p = o.MultiplyAdd(p, z, o.Constant(TanhP1));
            p = o.MultiplyAdd(p, z, o.Constant(TanhP0));
            return o.MultiplyAdd(o.Multiply(p, z), a, a);
        }

        /// <summary>−2|x|: the argument of the exponential <see cref="TanhFromExp"/> takes.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TFloat TanhExpArgument(TFloat x)
        {
            TOps o = default;
            TFloat a = o.AsFloat(o.And(o.AsInt(x), o.IntConstant(MagnitudeBits)));
            return o.AsFloat(o.Or(o.AsInt(o.Add(a, a)), o.IntConstant(SignBit)));
        }

        /// <summary>tanh x from x and the parts of e^−2|x| (<see cref="TanhExpArgument"/>): both branches, selected per lane.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static TFloat TanhFromExp(TFloat x, ExpParts parts)
        {
            TOps o = default;
            TInt xBits = o.AsInt(x);
            TFloat a = o.AsFloat(o.And(xBits, o.IntConstant(MagnitudeBits)));
            TFloat near = TanhPolynomial(a);

            // 1 − 2e/(1 + e) with e = e^(−2|x|) ≤ 0.29 rounded once (e·2^n): its own rounding error moves the result by
            // at most about a third of an ulp (at |x| just above 0.625, less further out), so unlike sigmoid's it is not
            // carried (0.81 ulp at most at the stride, against 0.68 with it). 1 + e and 1 − q compensated; the quotient corrected by its excess q·D − 2e, exact in one
            // fused step, times 1/D = 1 − q/2 (to 2^-24).
            TFloat e = o.ScaleByPowerOfTwo(parts.High, parts.N);
            TFloat one = o.Constant(1f);
            TFloat denominator = o.Add(one, e); // e ≤ 1: Fast2Sum
            TFloat denominatorLow = o.Add(o.Subtract(one, denominator), e);
            TFloat quotient = o.Divide(o.Add(e, e), denominator);
            TFloat excess = o.MultiplyAdd(quotient, denominatorLow, o.MultiplyAdd(quotient, denominator, o.Multiply(e, o.Constant(-2f))));
            TFloat reciprocal = o.MultiplyAdd(quotient, o.Constant(-0.5f), one);
            TFloat difference = o.Subtract(one, quotient); // q ≤ 1: Fast2Sum
            TFloat differenceLow = o.Subtract(o.Subtract(one, difference), quotient);
            TFloat far = o.Add(difference, o.MultiplyAdd(excess, reciprocal, differenceLow));

            TFloat magnitude = o.Select(TanhIsNear(x), near, far);
            return o.AsFloat(o.Or(o.AsInt(magnitude), o.And(xBits, o.IntConstant(SignBit))));
        }
    }
}
