using ContractDsl.Binding;
using ContractDsl.Collections;
using ContractDsl.Syntax;

// The kernel IR: what a compiled reward module computes for one sample (design brief §4), as a small
// straight-line program. Lowering decides every rule of the run-time semantics once — domain checks, shared
// tests, activity, caps, silencing by preference, conflict pairs, gap groups, uncertainty, reason bits,
// welfare — and every consumer reads them from here:
//
//   node                    | reference interpreter      | scalar C#          | vector C#                  | TorchSharp C#
//   ------------------------|----------------------------|--------------------|----------------------------|---------------------------
//   ConstantValue           | the float                  | 0.5f               | hoisted broadcast f_0_5    | 0.5f (a host float)
//   SignalValue             | checked input              | sig_x              | sig_x (one lane per sample)| sig_x [N]
//   StatisticValue          | Σ/k, √var, min, max        | sig_rm_mean        | sig_rm_mean                | sig_rm_mean [N]
//   ParamValue / LetValue   | param / let slot           | par_w / let_l      | vpar_w / let_l             | par_w (float) / let_l
//   UnaryValue              | FloatMath.Exp …            | RewardMath.Exp(x)  | LaneMath.Exp(x)            | x.exp()
//   BinaryValue             | l op r, Min, Max           | (l op r), Min      | (l op r), Vector.Min       | (l op r), minimum/clamp
//   CompareTest             | x op k                     | (x >= 0.5f)        | Vector.GreaterThanOrEqual  | x.ge(0.5f)
//   CategoryTest / FlagTest | code ∈ set / flag          | (c == 1 || c == 3) | Vector.Equals …            | c.eq(1) | c.eq(3)
//   And/Or/NotCondition     | && || !                    | && || !            | & | ~                      | & | ~
//   NormStep                | active, in effect, amount  | bools + select     | masks + ConditionalSelect  | masks + where
//
// Kernel printers (src/Generators/Emit) walk these nodes; the interpreter (Evaluation/ContractInterpreter)
// evaluates them. Nothing here refers to syntax; every model is an immutable, value-equal record.
namespace ContractDsl.Lowering
{
    /// <summary>
    /// Why a sample's reward is uncertain (brief §4 step 6): one byte of flags per sample. The single definition of
    /// the bits; the runtime's <c>RewardReasons</c> has the same names and values (a test checks it).
    /// </summary>
    [System.Flags]
    public enum ReasonBits : byte
    {
        None = 0,
        /// <summary>Two related norms in effect with opposite guidance and no preference between them.</summary>
        Conflict = 1,
        /// <summary>A declared concern whose norms have contexts gives no guidance for this sample.</summary>
        Gap = 2,
        /// <summary>An <c>uncertain ... when</c> guard holds.</summary>
        Explicit = 4,
        /// <summary>An input was outside its declared domain (clamped or rounded), or the sample is invalid.</summary>
        OutOfDomain = 8,
        /// <summary>The sample is invalid (NaN/±Inf, unknown category code): outputs 0, uncertainty 1. An addition to the brief.</summary>
        Invalid = 16,
    }

    // ---- values -----------------------------------------------------------------------------------------

    public enum UnaryOperator { Negate, Abs, Exp, Log, Sigmoid, Tanh }

    /// <summary><c>Min</c>/<c>Max</c> are <c>MathF.Min</c>/<c>MathF.Max</c>: NaN wins, −0 is less than +0.</summary>
    public enum ArithmeticOperator { Add, Subtract, Multiply, Divide, Min, Max }

    /// <summary>A float32 value per sample. Arithmetic is IEEE float32 in exactly the order written.</summary>
    public abstract record KernelValue;

    /// <summary>A constant, already rounded to float32 (the value every back end uses).</summary>
    public sealed record ConstantValue(float Value) : KernelValue;

    /// <summary>A scalar signal after its domain check (clamped, counts rounded).</summary>
    public sealed record SignalValue(int Signal) : KernelValue;

    /// <summary>A statistic of an ensemble's clamped members (population std/var, divisor k).</summary>
    public sealed record StatisticValue(int Signal, EnsembleStatistic Statistic) : KernelValue;

    /// <summary>A param's current value, read once per batch.</summary>
    public sealed record ParamValue(int Param) : KernelValue;

    /// <summary>A let's value, computed once per sample before it is used.</summary>
    public sealed record LetValue(int Let) : KernelValue;

    public sealed record UnaryValue(UnaryOperator Operator, KernelValue Operand) : KernelValue;

    public sealed record BinaryValue(ArithmeticOperator Operator, KernelValue Left, KernelValue Right) : KernelValue;

    // ---- tests and conditions ---------------------------------------------------------------------------

    /// <summary>
    /// An atomic test of a sample. The program lists each distinct test once (<see cref="KernelProgram.Tests"/>), so a
    /// comparison shared by several guards is evaluated once per sample; conditions refer to tests by index.
    /// </summary>
    public abstract record KernelTest(string Text);

    /// <summary><c>subject op constant</c>; the constant is float32, so is the comparison.</summary>
    public sealed record CompareTest(KernelValue Subject, ComparisonOperator Operator, float Constant, string Text) : KernelTest(Text);

    /// <summary>The category signal's code is one of <see cref="Codes"/> (ascending).</summary>
    public sealed record CategoryTest(int Signal, EquatableArray<int> Codes, string Text) : KernelTest(Text);

    public sealed record FlagTest(int Signal, string Text) : KernelTest(Text);

    /// <summary>A boolean combination of the program's tests.</summary>
    public abstract record KernelCondition;

    public sealed record ConstantCondition(bool Value) : KernelCondition
    {
        public static readonly ConstantCondition True = new ConstantCondition(true);
        public static readonly ConstantCondition False = new ConstantCondition(false);
    }

    public sealed record TestCondition(int Test) : KernelCondition;

    public sealed record AndCondition(KernelCondition Left, KernelCondition Right) : KernelCondition;

    public sealed record OrCondition(KernelCondition Left, KernelCondition Right) : KernelCondition;

    public sealed record NotCondition(KernelCondition Operand) : KernelCondition;

    // ---- steps ------------------------------------------------------------------------------------------

    public enum InputKind { Real, Count, Ensemble, Category, Flag }

    /// <summary>
    /// Step 1 for one signal. Real/count: NaN or ±Inf makes the sample invalid; a count is rounded to the nearest
    /// whole number (ties to even); a finite value outside [<see cref="Low"/>, <see cref="High"/>] is clamped. Any
    /// change sets <c>OutOfDomain</c>. Ensemble: each of <see cref="Members"/> members is checked like a real, then
    /// the statistics in <see cref="Statistics"/> are computed over the clamped members. Category: a code outside
    /// [0, <see cref="Categories"/>) makes the sample invalid. Flag: nothing to check.
    /// </summary>
    public sealed record InputCheck(
        int Signal,
        string Name,
        InputKind Kind,
        float Low,
        float High,
        int Members,
        int Categories,
        EquatableArray<EnsembleStatistic> Statistics)
    {
        public bool HasLow => !float.IsNegativeInfinity(Low);
        public bool HasHigh => !float.IsPositiveInfinity(High);
        public bool IsNumeric => Kind is InputKind.Real or InputKind.Count;
    }

    /// <summary>
    /// Where a let's gradient is needed (the torch path only): on every valid sample (<see cref="Everywhere"/>), or on
    /// the samples where one of <see cref="Norms"/> is in effect (their amounts read the let). A torch back end
    /// gates the let's inputs with that mask, so a let that is singular only where nothing uses it (log 0 on an
    /// inactive norm's samples) never produces a NaN gradient. Lets read only by tests carry no gradient at all.
    /// </summary>
    public sealed record GradientUse(bool Everywhere, EquatableArray<int> Norms)
    {
        public static readonly GradientUse None = new GradientUse(false, EquatableArray<int>.Empty);
        public static readonly GradientUse All = new GradientUse(true, EquatableArray<int>.Empty);
        public bool IsNone => !Everywhere && Norms.Length == 0;
    }

    /// <summary>A let, computed once per sample after the inputs, in dependency order.</summary>
    public sealed record LetStep(int Let, string Name, KernelValue Value, string Text, GradientUse Gradient);

    /// <summary>
    /// Steps 3–4 for one norm: <c>active = Context ∧ Guard</c>; <c>inEffect = active ∧ no norm of
    /// <see cref="SilencedBy"/> is active</c> (the norms preferred over it, transitively, that can be active with
    /// it); <c>contribution = inEffect ? Sign · Amount : 0</c>. <see cref="Amount"/> includes the cap (as min/max)
    /// and is null for <c>allow</c> (Sign 0).
    /// </summary>
    public sealed record NormStep(
        int Norm,
        string Name,
        string Concern,
        string? Rationale,
        KernelCondition Context,
        KernelCondition Guard,
        int Sign,
        KernelValue? Amount,
        EquatableArray<int> SilencedBy,
        string? ContextText,
        string? GuardText,
        string? AmountText,
        double? Cap)
    {
        public bool IsAllow => Sign == 0;
    }

    /// <summary>
    /// Norms related through one concern or one signal, split into two sides of opposite guidance (reward against
    /// penalize; or, within a concern, <c>allow</c> against the rest). A sample where a norm of each side is in effect
    /// has a <c>Conflict</c> (§4 step 6). Checking sides instead of pairs costs linear, not quadratic, time; it is
    /// the same test, because two norms ordered by a preference are never both in effect (the preferred one
    /// silences the other), so every pair across the sides that can fire is a conflicting pair.
    /// </summary>
    public sealed record ConflictGroup(string RelatedBy, EquatableArray<int> Left, EquatableArray<int> Right);

    /// <summary>A declared concern whose norms all have contexts: a sample where none holds is a <c>Gap</c>.</summary>
    public sealed record GapGroup(string Concern, EquatableArray<int> Norms);

    /// <summary>
    /// <c>uncertain w when …</c>: fires when its condition holds (Guard; also sets <c>Explicit</c>) or when the
    /// reason is set (Conflict, Gap). Uncertainty is the largest weight among the rules that fired, 0 if none, 1 if invalid.
    /// </summary>
    public sealed record UncertaintyStep(int Rule, float Weight, UncertainTrigger Trigger, KernelCondition When, string? Text, string? Reason);

    /// <summary>
    /// Welfare over a category (§4 step 7), with everything resolved: λ per group, the disagreement point
    /// (the rule's <c>from</c>, else the analysed lower bound of the total), the temperature and the exponent.
    /// </summary>
    public sealed record WelfareStep(
        WelfareKind Kind,
        int GroupSignal,
        string GroupName,
        EquatableArray<string> Groups,
        EquatableArray<double> Weights,
        double DisagreementPoint,
        double Temperature,
        double Exponent);

    /// <summary>
    /// The per-sample program of one contract: inputs (step 1), shared tests, lets, the base reward (2), norms (3–4),
    /// the total (5: base + contributions in norm order), reasons and uncertainty (6), and welfare (7).
    /// </summary>
    public sealed record KernelProgram(
        string Contract,
        EquatableArray<InputCheck> Inputs,
        int ParamCount,
        EquatableArray<KernelTest> Tests,
        EquatableArray<LetStep> Lets,
        KernelValue Base,
        string BaseText,
        EquatableArray<NormStep> Norms,
        EquatableArray<ConflictGroup> ConflictGroups,
        EquatableArray<GapGroup> GapGroups,
        EquatableArray<UncertaintyStep> Uncertainty,
        WelfareStep? Welfare)
    {
        /// <summary>Whether a <c>Conflict</c>/<c>Gap</c>/<c>Explicit</c> reason can be set at all.</summary>
        public bool CanConflict => ConflictGroups.Length > 0;
        public bool CanGap => GapGroups.Length > 0;
        public bool HasExplicitRules => System.Linq.Enumerable.Any(Uncertainty, u => u.Trigger == UncertainTrigger.Guard);
    }
}
