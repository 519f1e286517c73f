// Shared source: compiled into ContractDsl (netstandard2.0) and ContractDsl.Runtime (net10.0) through a linked
// <Compile Include>. It must build under both: no static abstract members, no MathF, no Span-only APIs.
namespace ContractDsl.Numerics
{
    /// <summary>
    /// The lane operations the deterministic float32 functions (<see cref="DeterministicMathAlgorithms{TOps, TFloat, TInt, TMask}"/>)
    /// are written in. A "lane" is one float (the scalar implementation) or a hardware vector of floats; an
    /// implementation is a stateless struct whose methods are called on <c>default(TOps)</c>, so the JIT specialises
    /// the algorithms for each lane type and inlines every operation.
    /// </summary>
    /// <remarks>
    /// Every operation is exact in the IEEE sense, so that a lane computes bit for bit what the scalar implementation
    /// computes for the same input: float <see cref="Add"/>, <see cref="Subtract"/>, <see cref="Multiply"/>,
    /// <see cref="Divide"/> and <see cref="MultiplyAdd"/> round once to nearest-even (a product and a sum are fused only
    /// where the algorithm says so, never by the compiler; never an approximate reciprocal); comparisons
    /// are ordered (false when either operand is NaN); selects and bit casts move bits; integer operations wrap;
    /// <see cref="ConvertToFloat"/> is only called on integers small enough to be exact. There is deliberately no
    /// min/max (their NaN and signed-zero behaviour differs between instruction sets): the algorithms clamp with a
    /// comparison and a select.
    /// </remarks>
    /// <typeparam name="TFloat">Lanes of float32 values.</typeparam>
    /// <typeparam name="TInt">Lanes of int32 values, as many as <typeparamref name="TFloat"/> has.</typeparam>
    /// <typeparam name="TMask">The result of a comparison: bool for a scalar, an all-ones/all-zeros vector otherwise.</typeparam>
    internal interface ILaneOps<TFloat, TInt, TMask>
    {
        /// <summary>Every lane set to <paramref name="value"/>.</summary>
        TFloat Constant(float value);

        /// <summary>Every lane set to <paramref name="value"/>.</summary>
        TInt IntConstant(int value);

        /// <summary>a + b, rounded once.</summary>
        TFloat Add(TFloat a, TFloat b);

        /// <summary>a − b, rounded once.</summary>
        TFloat Subtract(TFloat a, TFloat b);

        /// <summary>a × b, rounded once (never fused with a following add).</summary>
        TFloat Multiply(TFloat a, TFloat b);

        /// <summary>
        /// a × b + c with a single rounding: IEEE 754's fusedMultiplyAdd, exactly defined, so that the hardware
        /// instruction (FMA3, AVX-512, Arm's fmla) and an exact emulation give the same bits.
        /// </summary>
        TFloat MultiplyAdd(TFloat a, TFloat b, TFloat c);

        /// <summary>
        /// value·2^n rounded once, for value in [0.5, 2) (or NaN) and an integer n in [−150, 128] held as a float: the
        /// AVX-512 instruction (vscalefps) where the lane has one, else
        /// <see cref="DeterministicMathAlgorithms{TOps, TFloat, TInt, TMask}.ScaleByPowerOfTwoInSteps"/> — the same bits.
        /// </summary>
        TFloat ScaleByPowerOfTwo(TFloat value, TFloat n);

        /// <summary>a ÷ b, correctly rounded (never through an approximate reciprocal).</summary>
        TFloat Divide(TFloat a, TFloat b);

        /// <summary>a &lt; b (false when either is NaN).</summary>
        TMask LessThan(TFloat a, TFloat b);

        /// <summary>a &gt; b (false when either is NaN).</summary>
        TMask GreaterThan(TFloat a, TFloat b);

        /// <summary>a ≥ b (false when either is NaN).</summary>
        TMask GreaterThanOrEqual(TFloat a, TFloat b);

        /// <summary>a = b (false when either is NaN; −0 = +0).</summary>
        TMask Equal(TFloat a, TFloat b);

        /// <summary>
        /// Whether <paramref name="mask"/> is set on every lane. Only for skipping work whose result no lane would
        /// select (a branch giving the same bits either way), never for choosing between results.
        /// </summary>
        bool All(TMask mask);

        /// <summary>Per lane, <paramref name="ifTrue"/> where <paramref name="mask"/> is set, else <paramref name="ifFalse"/>.</summary>
        TFloat Select(TMask mask, TFloat ifTrue, TFloat ifFalse);

        /// <summary>The bits of each float lane as an int.</summary>
        TInt AsInt(TFloat value);

        /// <summary>The bits of each int lane as a float.</summary>
        TFloat AsFloat(TInt value);

        /// <summary>The int value of each lane as a float; only called with |value| &lt; 2^24, where it is exact.</summary>
        TFloat ConvertToFloat(TInt value);

        /// <summary>a + b, wrapping.</summary>
        TInt AddInt(TInt a, TInt b);

        /// <summary>a − b, wrapping.</summary>
        TInt SubtractInt(TInt a, TInt b);

        /// <summary>Bitwise and.</summary>
        TInt And(TInt a, TInt b);

        /// <summary>Bitwise or.</summary>
        TInt Or(TInt a, TInt b);

        /// <summary>value &lt;&lt; count, 0 ≤ count &lt; 32.</summary>
        TInt ShiftLeft(TInt value, int count);

        /// <summary>value &gt;&gt; count with the sign bit copied in, 0 ≤ count &lt; 32.</summary>
        TInt ShiftRightArithmetic(TInt value, int count);
    }
}
