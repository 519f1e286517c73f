using ContractDsl.Collections;
using ContractDsl.Diagnostics;
using ContractDsl.Text;

// The syntax tree: exactly what was written, with a span on every node. Immutable, value-equal records.
// Nothing here is resolved; the binder turns names into symbols and checks types.
namespace ContractDsl.Syntax
{
    /// <summary>A name as written, with where it was written.</summary>
    public sealed record IdentifierSyntax(string Text, SourceSpan Span)
    {
        public override string ToString() => Text;
    }

    /// <summary>A number literal (invariant culture). Negative literals appear only in bounds and defaults.</summary>
    public sealed record NumberSyntax(double Value, SourceSpan Span);

    /// <summary><c>[lo, hi]</c>.</summary>
    public sealed record RangeSyntax(NumberSyntax Low, NumberSyntax High, SourceSpan Span);

    /// <summary>A parsed file: its optional namespace, its contracts, and the syntax errors met on the way.</summary>
    public sealed record ContractFileSyntax(
        string Path,
        IdentifierSyntax? Namespace,
        EquatableArray<ContractSyntax> Contracts,
        EquatableArray<ContractDiagnostic> Errors);

    public sealed record ContractSyntax(IdentifierSyntax Name, string? Doc, EquatableArray<MemberSyntax> Members, SourceSpan Span);

    // ---- members ------------------------------------------------------------------------------------

    /// <summary>A declaration inside a contract. <see cref="Span"/> covers the whole declaration.</summary>
    public abstract record MemberSyntax(string? Doc, SourceSpan Span);

    public enum PartyRole { Principal, Agent }

    /// <summary><c>principal Developer;</c> / <c>agent ChatModel;</c></summary>
    public sealed record PartySyntax(PartyRole Role, IdentifierSyntax Name, string? Description, string? Doc, SourceSpan Span)
        : MemberSyntax(Doc, Span);

    /// <summary><c>signal name : type [controlled] ["description"];</c></summary>
    public sealed record SignalSyntax(IdentifierSyntax Name, TypeSyntax Type, bool Controlled, string? Description, string? Doc, SourceSpan Span)
        : MemberSyntax(Doc, Span);

    /// <summary><c>param name = default [in [lo, hi]] ["description"];</c> — bounds are checked by the binder (CDSL1007).</summary>
    public sealed record ParamSyntax(IdentifierSyntax Name, NumberSyntax Default, RangeSyntax? Range, string? Description, string? Doc, SourceSpan Span)
        : MemberSyntax(Doc, Span);

    /// <summary><c>let name = expr ["description"];</c></summary>
    public sealed record LetSyntax(IdentifierSyntax Name, ExpressionSyntax Value, string? Description, string? Doc, SourceSpan Span)
        : MemberSyntax(Doc, Span);

    /// <summary><c>reward expr;</c> — the base reward.</summary>
    public sealed record RewardSyntax(ExpressionSyntax Value, string? Doc, SourceSpan Span) : MemberSyntax(Doc, Span);

    public enum EffectKind { Reward, Penalize, Allow }

    /// <summary>
    /// <c>norm name [concern c] ["rationale"] [in context] [when guard] (reward e | penalize e) [cap c] | allow;</c>
    /// </summary>
    public sealed record NormSyntax(
        IdentifierSyntax Name,
        IdentifierSyntax? Concern,
        string? Rationale,
        GuardSyntax? Context,
        GuardSyntax? Guard,
        EffectKind Effect,
        SourceSpan EffectSpan,
        ExpressionSyntax? Amount,
        NumberSyntax? Cap,
        string? Doc,
        SourceSpan Span) : MemberSyntax(Doc, Span);

    /// <summary><c>prefer a over b[, c];</c></summary>
    public sealed record PreferSyntax(IdentifierSyntax Preferred, EquatableArray<IdentifierSyntax> Over, string? Doc, SourceSpan Span)
        : MemberSyntax(Doc, Span);

    public enum WelfareKind { Utilitarian, Nash, Maximin, Power }

    public sealed record WelfareWeightSyntax(IdentifierSyntax Value, NumberSyntax Weight);

    /// <summary><c>welfare kind over category [weights { A: 2 }] [from d] [temperature t];</c></summary>
    public sealed record WelfareSyntax(
        WelfareKind Kind,
        SourceSpan KindSpan,
        NumberSyntax? Exponent,
        IdentifierSyntax Over,
        EquatableArray<WelfareWeightSyntax> Weights,
        NumberSyntax? From,
        NumberSyntax? Temperature,
        string? Doc,
        SourceSpan Span) : MemberSyntax(Doc, Span);

    public enum UncertainTrigger { Guard, Conflict, Gap }

    /// <summary><c>uncertain [w] when (guard | conflict | gap) ["reason"];</c></summary>
    public sealed record UncertainSyntax(NumberSyntax? Weight, UncertainTrigger Trigger, GuardSyntax? Guard, string? Reason, string? Doc, SourceSpan Span)
        : MemberSyntax(Doc, Span);

    // ---- types --------------------------------------------------------------------------------------

    public abstract record TypeSyntax(SourceSpan Span);

    /// <summary><c>real [in [lo, hi]]</c>, or <c>real[k] [in [lo, hi]]</c> when <see cref="EnsembleSize"/> is set.</summary>
    public sealed record RealTypeSyntax(NumberSyntax? EnsembleSize, RangeSyntax? Range, SourceSpan Span) : TypeSyntax(Span);

    public sealed record ProbTypeSyntax(SourceSpan Span) : TypeSyntax(Span);

    public sealed record CountTypeSyntax(RangeSyntax? Range, SourceSpan Span) : TypeSyntax(Span);

    public sealed record FlagTypeSyntax(SourceSpan Span) : TypeSyntax(Span);

    public sealed record CategoryTypeSyntax(EquatableArray<IdentifierSyntax> Values, SourceSpan Span) : TypeSyntax(Span);

    // ---- expressions --------------------------------------------------------------------------------

    public abstract record ExpressionSyntax(SourceSpan Span);

    public sealed record NumberExpressionSyntax(double Value, SourceSpan Span) : ExpressionSyntax(Span);

    /// <summary>A name, optionally with an ensemble member: <c>rm</c>, <c>rm.mean</c>.</summary>
    public sealed record NameExpressionSyntax(IdentifierSyntax Name, IdentifierSyntax? Member, SourceSpan Span) : ExpressionSyntax(Span)
    {
        public string Text => Member is null ? Name.Text : Name.Text + "." + Member.Text;
    }

    public sealed record NegateExpressionSyntax(ExpressionSyntax Operand, SourceSpan Span) : ExpressionSyntax(Span);

    public enum BinaryOperator { Add, Subtract, Multiply, Divide }

    public sealed record BinaryExpressionSyntax(BinaryOperator Operator, ExpressionSyntax Left, ExpressionSyntax Right, SourceSpan Span)
        : ExpressionSyntax(Span);

    public sealed record CallExpressionSyntax(IdentifierSyntax Function, EquatableArray<ExpressionSyntax> Arguments, SourceSpan Span)
        : ExpressionSyntax(Span);

    // ---- guards -------------------------------------------------------------------------------------

    public abstract record GuardSyntax(SourceSpan Span);

    public sealed record AndGuardSyntax(GuardSyntax Left, GuardSyntax Right, SourceSpan Span) : GuardSyntax(Span);

    public sealed record OrGuardSyntax(GuardSyntax Left, GuardSyntax Right, SourceSpan Span) : GuardSyntax(Span);

    public sealed record NotGuardSyntax(GuardSyntax Operand, SourceSpan Span) : GuardSyntax(Span);

    public enum ComparisonOperator { Less, LessOrEqual, Greater, GreaterOrEqual, Equal, NotEqual }

    /// <summary>
    /// <c>a op b</c> where each side is a name (possibly with a member) or a number. Which side must be the
    /// constant, and whether a name is a scalar or a category value, is the binder's business.
    /// </summary>
    public sealed record ComparisonGuardSyntax(ExpressionSyntax Left, ComparisonOperator Operator, SourceSpan OperatorSpan, ExpressionSyntax Right, SourceSpan Span)
        : GuardSyntax(Span);

    /// <summary><c>category in { A, B }</c></summary>
    public sealed record InSetGuardSyntax(NameExpressionSyntax Subject, EquatableArray<IdentifierSyntax> Values, SourceSpan Span) : GuardSyntax(Span);

    /// <summary>A bare name: a flag.</summary>
    public sealed record NameGuardSyntax(NameExpressionSyntax Name, SourceSpan Span) : GuardSyntax(Span);
}
