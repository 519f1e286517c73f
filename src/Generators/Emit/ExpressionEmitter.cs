using System;
using System.Linq;
using ContractDsl.Binding;
using ContractDsl.Syntax;

namespace ContractDsl.Generators.Emit
{
    /// <summary>
    /// One walk over bound expressions and guards for every code target — scalar floats, vector lanes, torch
    /// tensors. The structure is shared; each target says how a node is spelled (<typeparamref name="TValue"/>
    /// for numbers, <typeparamref name="TGuard"/> for conditions: C# text, or text with what it evaluates to).
    /// </summary>
    internal abstract class ExpressionEmitter<TValue, TGuard>
    {
        protected ExpressionEmitter(BoundContract contract) => Contract = contract;

        protected BoundContract Contract { get; }

        public TValue Emit(BoundExpression e) => e switch
        {
            BoundConstant k => Constant(k.Value),
            BoundSignalValue s => Signal(Contract.Signals[s.Signal]),
            BoundEnsembleMember m => Member(Contract.Signals[m.Signal], m.Statistic),
            BoundParamValue p => Param(Contract.Params[p.Param]),
            BoundLetValue l => Let(Contract.Lets[l.Let]),
            BoundNegate n => Negate(Emit(n.Operand)),
            BoundBinary b => Binary(b.Operator, Emit(b.Left), Emit(b.Right)),
            BoundCall c => Call(c.Function, c.Arguments.Select(Emit).ToArray()),
            _ => throw new InvalidOperationException("unexpected expression " + e.GetType().Name),
        };

        public TGuard EmitGuard(BoundGuard g) => g switch
        {
            BoundAnd a => And(EmitGuard(a.Left), EmitGuard(a.Right)),
            BoundOr o => Or(EmitGuard(o.Left), EmitGuard(o.Right)),
            BoundNot n => Not(EmitGuard(n.Operand)),
            BoundComparison c => Comparison(Emit(c.Subject), c.Operator, c.Constant),
            BoundFlag f => Flag(Contract.Signals[f.Signal]),
            BoundCategoryTest t => CategoryTest(Contract.Signals[t.Signal], t.Values.ToArray()),
            _ => throw new InvalidOperationException("unexpected guard " + g.GetType().Name),
        };

        protected abstract TValue Constant(double value);
        protected abstract TValue Signal(BoundSignal signal);
        protected abstract TValue Member(BoundSignal signal, EnsembleStatistic statistic);
        protected abstract TValue Param(BoundParam param);
        protected abstract TValue Let(BoundLet let);
        protected abstract TValue Negate(TValue operand);
        protected abstract TValue Binary(BinaryOperator op, TValue left, TValue right);
        protected abstract TValue Call(BuiltinFunction function, TValue[] arguments);
        protected abstract TGuard And(TGuard left, TGuard right);
        protected abstract TGuard Or(TGuard left, TGuard right);
        protected abstract TGuard Not(TGuard operand);
        protected abstract TGuard Comparison(TValue subject, ComparisonOperator op, double constant);
        protected abstract TGuard Flag(BoundSignal signal);
        protected abstract TGuard CategoryTest(BoundSignal signal, int[] values);

        /// <summary>C#'s spelling of an operator: the language's own (floats, vectors and tensors all overload the arithmetic ones).</summary>
        public static string Symbol(BinaryOperator op) => SyntaxFacts.Text(op);

        public static string Symbol(ComparisonOperator op) => SyntaxFacts.Text(op);
    }

    /// <summary>Targets whose values and guards are plain C# text over the kernel's locals (scalar and vector kernels).</summary>
    internal abstract class TextExpressionEmitter : ExpressionEmitter<string, string>
    {
        protected TextExpressionEmitter(BoundContract contract) : base(contract) { }

        protected override string Signal(BoundSignal signal) => ModuleShape.SignalLocal(signal);
        protected override string Member(BoundSignal signal, EnsembleStatistic statistic) => ModuleShape.MemberLocal(signal, statistic);
        protected override string Param(BoundParam param) => ModuleShape.ParamLocal(param);
        protected override string Let(BoundLet let) => ModuleShape.LetLocal(let);
        protected override string Negate(string operand) => "(-" + operand + ")";
        protected override string Binary(BinaryOperator op, string left, string right) => "(" + left + " " + Symbol(op) + " " + right + ")";
        protected override string Flag(BoundSignal signal) => ModuleShape.SignalLocal(signal);
    }
}
