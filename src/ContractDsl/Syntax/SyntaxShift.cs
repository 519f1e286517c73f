using System.Linq;
using ContractDsl.Collections;
using ContractDsl.Text;

namespace ContractDsl.Syntax
{
    /// <summary>
    /// Moves a parsed declaration to another place in its file: every span's offset and line shifted by the
    /// same amounts, columns kept. That is exactly the tree a fresh parse of the same declaration text gives at
    /// the new place, provided the declaration still starts at the same column (its first line's columns
    /// depend on it; later lines count from their own starts). Used by <see cref="DeclarationCache"/>.
    /// Recursion here is bounded: only trees that passed <see cref="SyntaxDepth.MaxDepth"/> are cached.
    /// </summary>
    internal sealed class SyntaxShift
    {
        private readonly int _offset;
        private readonly int _lines;

        public SyntaxShift(int offset, int lines)
        {
            _offset = offset;
            _lines = lines;
        }

        /// <summary>No move at all.</summary>
        public static readonly SyntaxShift None = new SyntaxShift(0, 0);

        /// <summary>How far the offsets move.</summary>
        public int Offset => _offset;

        /// <summary>How far the lines move.</summary>
        public int Lines => _lines;

        /// <summary>The span moved: offset and line shifted, length and column kept.</summary>
        public SourceSpan S(SourceSpan span) => new SourceSpan(span.Start + _offset, span.Length, span.Line + _lines, span.Column);

        private IdentifierSyntax I(IdentifierSyntax name) => new IdentifierSyntax(name.Text, S(name.Span));

        private IdentifierSyntax? IOrNull(IdentifierSyntax? name) => name is null ? null : I(name);

        private EquatableArray<IdentifierSyntax> I(EquatableArray<IdentifierSyntax> names) => names.Select(I).ToEquatableArray();

        private NumberSyntax N(NumberSyntax number) => new NumberSyntax(number.Value, S(number.Span));

        private NumberSyntax? NOrNull(NumberSyntax? number) => number is null ? null : N(number);

        private RangeSyntax? R(RangeSyntax? range) => range is null ? null : new RangeSyntax(N(range.Low), N(range.High), S(range.Span));

        public MemberSyntax Member(MemberSyntax member) => member switch
        {
            PartySyntax p => new PartySyntax(p.Role, I(p.Name), p.Description, p.Doc, S(p.Span)),
            SignalSyntax s => new SignalSyntax(I(s.Name), Type(s.Type), s.Controlled, s.Description, s.Doc, S(s.Span)),
            ParamSyntax p => new ParamSyntax(I(p.Name), N(p.Default), R(p.Range), p.Description, p.Doc, S(p.Span)),
            LetSyntax l => new LetSyntax(I(l.Name), Expression(l.Value), l.Description, l.Doc, S(l.Span)),
            RewardSyntax r => new RewardSyntax(Expression(r.Value), r.Doc, S(r.Span)),
            NormSyntax n => new NormSyntax(I(n.Name), IOrNull(n.Concern), n.Rationale, Guard(n.Context), Guard(n.Guard), n.Effect, S(n.EffectSpan),
                n.Amount is null ? null : Expression(n.Amount), NOrNull(n.Cap), n.Doc, S(n.Span)),
            PreferSyntax p => new PreferSyntax(I(p.Preferred), I(p.Over), p.Doc, S(p.Span)),
            WelfareSyntax w => new WelfareSyntax(w.Kind, S(w.KindSpan), NOrNull(w.Exponent), I(w.Over),
                w.Weights.Select(x => new WelfareWeightSyntax(I(x.Value), N(x.Weight))).ToEquatableArray(), NOrNull(w.From), NOrNull(w.Temperature), w.Doc, S(w.Span)),
            UncertainSyntax u => new UncertainSyntax(NOrNull(u.Weight), u.Trigger, Guard(u.Guard), u.Reason, u.Doc, S(u.Span)),
            _ => throw new System.InvalidOperationException("unknown declaration syntax " + member.GetType().Name),
        };

        private TypeSyntax Type(TypeSyntax type) => type switch
        {
            RealTypeSyntax r => new RealTypeSyntax(NOrNull(r.EnsembleSize), R(r.Range), S(r.Span)),
            ProbTypeSyntax p => new ProbTypeSyntax(S(p.Span)),
            CountTypeSyntax c => new CountTypeSyntax(R(c.Range), S(c.Span)),
            FlagTypeSyntax f => new FlagTypeSyntax(S(f.Span)),
            CategoryTypeSyntax c => new CategoryTypeSyntax(I(c.Values), S(c.Span)),
            _ => throw new System.InvalidOperationException("unknown type syntax " + type.GetType().Name),
        };

        private ExpressionSyntax Expression(ExpressionSyntax expression) => expression switch
        {
            NumberExpressionSyntax n => new NumberExpressionSyntax(n.Value, S(n.Span)),
            NameExpressionSyntax n => Name(n),
            NegateExpressionSyntax n => new NegateExpressionSyntax(Expression(n.Operand), S(n.Span)),
            BinaryExpressionSyntax b => new BinaryExpressionSyntax(b.Operator, Expression(b.Left), Expression(b.Right), S(b.Span)),
            CallExpressionSyntax c => new CallExpressionSyntax(I(c.Function), c.Arguments.Select(Expression).ToEquatableArray(), S(c.Span)),
            _ => throw new System.InvalidOperationException("unknown expression syntax " + expression.GetType().Name),
        };

        private NameExpressionSyntax Name(NameExpressionSyntax name) => new NameExpressionSyntax(I(name.Name), IOrNull(name.Member), S(name.Span));

        private GuardSyntax? Guard(GuardSyntax? guard) => guard switch
        {
            null => null,
            AndGuardSyntax a => new AndGuardSyntax(Guard(a.Left)!, Guard(a.Right)!, S(a.Span)),
            OrGuardSyntax o => new OrGuardSyntax(Guard(o.Left)!, Guard(o.Right)!, S(o.Span)),
            NotGuardSyntax n => new NotGuardSyntax(Guard(n.Operand)!, S(n.Span)),
            ComparisonGuardSyntax c => new ComparisonGuardSyntax(Expression(c.Left), c.Operator, S(c.OperatorSpan), Expression(c.Right), S(c.Span)),
            InSetGuardSyntax i => new InSetGuardSyntax(Name(i.Subject), I(i.Values), S(i.Span)),
            NameGuardSyntax n => new NameGuardSyntax(Name(n.Name), S(n.Span)),
            _ => throw new System.InvalidOperationException("unknown guard syntax " + guard.GetType().Name),
        };
    }
}
