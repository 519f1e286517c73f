using System.Linq;
using ContractDsl.Collections;
using ContractDsl.Syntax;
using ContractDsl.Text;

// The bound contract: names resolved to symbols (by index), types and domains checked, lets in evaluation
// order, preferences closed transitively (PreferenceOrder.cs). Immutable, value-equal; no syntax nodes
// inside, only the spans diagnostics need. Analysis, lowering, the card and the emitters all start from here.
namespace ContractDsl.Binding
{
    public enum SignalKind { Real, Prob, Count, Flag, Category, Ensemble }

    /// <summary>
    /// A per-sample input. Numeric signals (<c>real</c>, <c>prob</c>, <c>count</c>, ensembles) have a closed
    /// domain <c>[Low, High]</c> (infinite ends allowed); categories have <see cref="Categories"/>.
    /// </summary>
    public sealed record BoundSignal(
        int Index,
        string Name,
        SignalKind Kind,
        double Low,
        double High,
        int EnsembleSize,
        EquatableArray<string> Categories,
        bool Controlled,
        string? Description,
        string? Doc,
        SourceSpan Span)
    {
        /// <summary>A single number per sample (real, prob, count).</summary>
        public bool IsScalar => Kind is SignalKind.Real or SignalKind.Prob or SignalKind.Count;

        public bool IsInteger => Kind == SignalKind.Count;

        /// <summary>How the signal was declared, for docs and metadata: <c>count in [0, 4096]</c>.</summary>
        public string TypeText => Kind switch
        {
            SignalKind.Prob => "prob",
            SignalKind.Flag => "flag",
            SignalKind.Category => "category { " + string.Join(", ", Categories) + " }",
            SignalKind.Ensemble => $"real[{EnsembleSize}]" + DomainText,
            SignalKind.Count => "count" + DomainText,
            _ => "real" + DomainText,
        };

        private string DomainText => double.IsInfinity(Low) && double.IsInfinity(High) ? "" : $" in [{Format(Low)}, {Format(High)}]";

        internal static string Format(double value) =>
            double.IsPositiveInfinity(value) ? "inf" : double.IsNegativeInfinity(value) ? "-inf" : value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A run-time adjustable weight with mandatory bounds (analysis holds for every allowed value).</summary>
    public sealed record BoundParam(int Index, string Name, double Default, double Low, double High, string? Description, string? Doc, SourceSpan Span);

    /// <summary>A derived value. <see cref="Index"/> is its place in evaluation order (dependencies first).</summary>
    public sealed record BoundLet(int Index, string Name, BoundExpression Value, string Text, string? Description, string? Doc, SourceSpan Span)
    {
        /// <summary>Binding reported an error inside this let's expression (its value is a placeholder).</summary>
        public bool HasErrors { get; init; }
    }

    public enum EnsembleStatistic { Mean, Std, Var, Min, Max }

    public enum BuiltinFunction { Min, Max, Clamp, Abs, Exp, Log, Sigmoid, Tanh }

    // ---- expressions --------------------------------------------------------------------------------

    public abstract record BoundExpression;

    public sealed record BoundConstant(double Value) : BoundExpression;

    /// <summary>A scalar signal's (domain-checked) value.</summary>
    public sealed record BoundSignalValue(int Signal) : BoundExpression;

    /// <summary><c>rm.mean</c>: a statistic over an ensemble's members (std/var are population statistics).</summary>
    public sealed record BoundEnsembleMember(int Signal, EnsembleStatistic Statistic) : BoundExpression;

    public sealed record BoundParamValue(int Param) : BoundExpression;

    public sealed record BoundLetValue(int Let) : BoundExpression;

    public sealed record BoundNegate(BoundExpression Operand) : BoundExpression;

    public sealed record BoundBinary(BinaryOperator Operator, BoundExpression Left, BoundExpression Right) : BoundExpression;

    public sealed record BoundCall(BuiltinFunction Function, EquatableArray<BoundExpression> Arguments) : BoundExpression;

    // ---- guards -------------------------------------------------------------------------------------

    public abstract record BoundGuard(SourceSpan Span);

    public sealed record BoundAnd(BoundGuard Left, BoundGuard Right, SourceSpan Span) : BoundGuard(Span);

    public sealed record BoundOr(BoundGuard Left, BoundGuard Right, SourceSpan Span) : BoundGuard(Span);

    public sealed record BoundNot(BoundGuard Operand, SourceSpan Span) : BoundGuard(Span);

    /// <summary>
    /// <c>subject op constant</c> where the subject is one scalar: a scalar signal, an ensemble member or a let.
    /// A comparison written constant-first is flipped by the binder.
    /// </summary>
    public sealed record BoundComparison(BoundExpression Subject, ComparisonOperator Operator, double Constant, SourceSpan Span) : BoundGuard(Span);

    /// <summary>The category signal's value is one of <see cref="Values"/> (indices into its categories).</summary>
    public sealed record BoundCategoryTest(int Signal, EquatableArray<int> Values, SourceSpan Span) : BoundGuard(Span);

    public sealed record BoundFlag(int Signal, SourceSpan Span) : BoundGuard(Span);

    /// <summary>Stands for a guard that did not bind; it appears only in contracts with errors.</summary>
    public sealed record BoundInvalidGuard(SourceSpan Span) : BoundGuard(Span);

    // ---- clauses ------------------------------------------------------------------------------------

    /// <summary>
    /// A norm. <see cref="Context"/> (<c>in</c>) and <see cref="Guard"/> (<c>when</c>) are null when absent (true).
    /// The texts are the source as written, for metadata and the card.
    /// </summary>
    public sealed record BoundNorm(
        int Index,
        string Name,
        string Concern,
        string? Rationale,
        BoundGuard? Context,
        BoundGuard? Guard,
        EffectKind Effect,
        BoundExpression? Amount,
        double? Cap,
        string? ContextText,
        string? GuardText,
        string? AmountText,
        string? Doc,
        SourceSpan Span,
        SourceSpan NameSpan,
        SourceSpan? AmountSpan)
    {
        /// <summary>Whether the concern was written (<c>concern c</c>); otherwise it is the norm's own name.</summary>
        public bool ConcernDeclared { get; init; }

        /// <summary>Binding reported an error inside this norm (its conditions or amount are placeholders).</summary>
        public bool HasErrors { get; init; }

        /// <summary>+1 for reward, -1 for penalize, 0 for allow.</summary>
        public int Sign => Effect switch { EffectKind.Reward => 1, EffectKind.Penalize => -1, _ => 0 };
    }

    /// <summary><c>prefer Preferred over Over</c> as written (one pair per name after <c>over</c>).</summary>
    public sealed record BoundPreference(int Preferred, int Over, SourceSpan Span);

    /// <summary>The welfare rule. <see cref="Weights"/> has one λ per category value (default 1).</summary>
    public sealed record BoundWelfare(
        WelfareKind Kind,
        double Exponent,
        int Category,
        EquatableArray<double> Weights,
        double? From,
        double Temperature,
        SourceSpan Span);

    /// <summary><c>uncertain [w] when ...</c>; <see cref="Guard"/> is set when <see cref="Trigger"/> is Guard.</summary>
    public sealed record BoundUncertainRule(int Index, double Weight, UncertainTrigger Trigger, BoundGuard? Guard, string? GuardText, string? Reason, SourceSpan Span);

    public sealed record BoundParty(string Name, string? Description);

    public sealed record BoundContract(
        string Name,
        string? Namespace,
        string? Doc,
        string Path,
        SourceSpan Span,
        SourceSpan NameSpan,
        BoundParty? Principal,
        BoundParty? Agent,
        EquatableArray<BoundSignal> Signals,
        EquatableArray<BoundParam> Params,
        EquatableArray<BoundLet> Lets,
        BoundExpression Reward,
        string RewardText,
        SourceSpan RewardSpan,
        EquatableArray<BoundNorm> Norms,
        EquatableArray<BoundPreference> Preferences,
        PreferenceOrder Order,
        BoundWelfare? Welfare,
        EquatableArray<BoundUncertainRule> Uncertainty)
    {
        /// <summary>Binding reported an error inside the base reward (it is a placeholder).</summary>
        public bool RewardHasErrors { get; init; }

        /// <summary>Concern names in first-use order.</summary>
        public EquatableArray<string> Concerns => Norms.Select(n => n.Concern).Distinct().ToEquatableArray();
    }
}
