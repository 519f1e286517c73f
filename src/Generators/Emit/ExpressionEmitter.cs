using System;
using System.Linq;
using ContractDsl.Binding;
using ContractDsl.Syntax;

namespace ContractDsl.Generators.Emit
{
    /// <summary>
    /// One walk over bound expressions and guards for every code target (scalar floats, vector lanes, torch
    /// tensors): the structure is shared, each target says only how a node is spelled.
    /// </summary>
    internal abstract class ExpressionEmitter
    {
        protected ExpressionEmitter(BoundContract contract) => Contract = contract;

        protected BoundContract Contract { get; }

        public string Emit(BoundExpression e) => e switch
        {
            BoundConstant k => Constant(k.Value),
            BoundSignalValue s => Signal(Contract.Signals[s.Signal]),
            BoundEnsembleMember m => Member(Contract.Signals[m.Signal], m.Statistic),
            BoundParamValue p => Param(Contract.Params[p.Param]),
            BoundLetValue l => Let(Contract.Lets[l.Let]),
            BoundNegate n => "(-" + Emit(n.Operand) + ")",
            BoundBinary b => Binary(b.Operator, Emit(b.Left), Emit(b.Right)),
            BoundCall c => Call(c.Function, c.Arguments.Select(Emit).ToArray()),
            _ => throw new InvalidOperationException("unexpected expression " + e.GetType().Name),
        };

        public string EmitGuard(BoundGuard g) => g switch
        {
            BoundAnd a => And(EmitGuard(a.Left), EmitGuard(a.Right)),
            BoundOr o => Or(EmitGuard(o.Left), EmitGuard(o.Right)),
            BoundNot n => Not(EmitGuard(n.Operand)),
            BoundComparison c => Comparison(Emit(c.Subject), c.Operator, c.Constant),
            BoundFlag f => Signal(Contract.Signals[f.Signal]),
            BoundCategoryTest t => CategoryTest(Contract.Signals[t.Signal], t.Values.ToArray()),
            _ => throw new InvalidOperationException("unexpected guard " + g.GetType().Name),
        };

        protected abstract string Constant(double value);

        protected virtual string Signal(BoundSignal signal) => ModuleShape.SignalLocal(signal);

        protected virtual string Member(BoundSignal signal, EnsembleStatistic statistic) => ModuleShape.MemberLocal(signal, statistic);

        protected virtual string Param(BoundParam param) => ModuleShape.ParamLocal(param);

        protected virtual string Let(BoundLet let) => ModuleShape.LetLocal(let);

        /// <summary>Infix <c>+ - * /</c>: the same spelling for floats, vectors and tensors (operator overloads).</summary>
        protected virtual string Binary(BinaryOperator op, string left, string right) => "(" + left + " " + op switch
        {
            BinaryOperator.Add => "+",
            BinaryOperator.Subtract => "-",
            BinaryOperator.Multiply => "*",
            _ => "/",
        } + " " + right + ")";

        protected abstract string Call(BuiltinFunction function, string[] arguments);

        protected abstract string And(string left, string right);

        protected abstract string Or(string left, string right);

        protected abstract string Not(string operand);

        protected abstract string Comparison(string subject, ComparisonOperator op, double constant);

        protected abstract string CategoryTest(BoundSignal signal, int[] values);
    }
}
