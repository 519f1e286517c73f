using System;
using System.Globalization;
using System.Linq;
using ContractDsl.Binding;
using ContractDsl.Lowering;
using ContractDsl.Syntax;

namespace ContractDsl.Generators.Emit
{
    /// <summary>
    /// The locals of a printed kernel, named after the contract so that the emitted code reads like the contract:
    /// <c>sig_toxicity</c>, <c>stat_rm_mean</c>, <c>par_weight</c>, <c>let_margin</c>, <c>t3</c> (a shared test),
    /// <c>active_no_toxicity</c>, <c>effect_no_toxicity</c> (in effect after preferences), <c>c_no_toxicity</c> (its
    /// contribution). The prefixes keep every kind of name in its own space, so no two locals can clash.
    /// </summary>
    internal static class KernelNames
    {
        public static string Signal(InputCheck input) => "sig_" + input.Name;
        public static string Statistic(InputCheck input, EnsembleStatistic statistic) => "stat_" + input.Name + "_" + statistic.ToString().ToLowerInvariant();
        public static string Param(ModuleShape shape, int param) => "par_" + shape.Contract.Params[param].Name;
        public static string Let(LetStep let) => "let_" + let.Name;
        public static string Test(int test) => "t" + test.ToString(CultureInfo.InvariantCulture);
        public static string Context(NormStep norm) => "ctx_" + norm.Name;
        public static string Active(NormStep norm) => "active_" + norm.Name;
        public static string Effect(NormStep norm) => "effect_" + norm.Name;
        public static string Contribution(NormStep norm) => "c_" + norm.Name;
        public static string In(InputCheck input) => "in_" + input.Name;
        public static string OutContribution(NormStep norm) => "out_c_" + norm.Name;
        public static string OutActive(NormStep norm) => "out_active_" + norm.Name;

        /// <summary>How a norm's effect reads in a comment: <c>penalize 4 * toxicity cap 2</c>.</summary>
        public static string EffectText(NormStep norm) =>
            norm.Sign == 0 ? "allow"
            : (norm.Sign > 0 ? "reward " : "penalize ") + CodeWriter.OneLine(norm.AmountText ?? "") +
              (norm.Cap is double cap ? " cap " + cap.ToString("R", CultureInfo.InvariantCulture) : "");
    }

    /// <summary>
    /// The walk every kernel printer shares: one case per IR node, each target supplying what the node means in its
    /// language (a scalar C# expression, a vector expression, a TorchSharp expression). Reading the overrides of one
    /// node across <see cref="ScalarKernelPrinter"/>, <see cref="VectorKernelPrinter"/> and the torch printer shows its
    /// meanings side by side; the reference interpreter is the fourth (<c>ContractInterpreter.Value</c>).
    /// </summary>
    internal abstract class KernelPrinter<TValue, TCondition>
    {
        protected KernelPrinter(ModuleShape shape)
        {
            Shape = shape;
            Program = shape.IR.Kernel;
        }

        protected ModuleShape Shape { get; }

        protected KernelProgram Program { get; }

        public TValue Value(KernelValue value) => TryFused(value, out var fused) ? fused : value switch
        {
            ConstantValue k => Constant(k.Value),
            SignalValue s => Signal(Program.Inputs[s.Signal]),
            StatisticValue m => Statistic(Program.Inputs[m.Signal], m.Statistic),
            ParamValue p => Param(p.Param),
            LetValue l => Let(Program.Lets[l.Let]),
            UnaryValue u => Unary(u.Operator, Value(u.Operand)),
            BinaryValue b => Binary(b.Operator, Value(b.Left), Value(b.Right)),
            _ => throw new InvalidOperationException("unknown value " + value.GetType().Name),
        };

        public TCondition Condition(KernelCondition condition) => condition switch
        {
            ConstantCondition k => Constant(k.Value),
            TestCondition t => TestResult(t.Test),
            AndCondition a => And(Condition(a.Left), Condition(a.Right)),
            OrCondition o => Or(Condition(o.Left), Condition(o.Right)),
            NotCondition n => Not(Condition(n.Operand)),
            _ => throw new InvalidOperationException("unknown condition " + condition.GetType().Name),
        };

        /// <summary>The code computing one shared test (printed once per sample, into its local).</summary>
        public TCondition Test(KernelTest test) => test switch
        {
            CompareTest c => Compare(Value(c.Subject), c.Operator, c.Constant),
            CategoryTest c => Category(Program.Inputs[c.Signal], c.Codes.ToArray()),
            FlagTest f => Flag(Program.Inputs[f.Signal]),
            _ => throw new InvalidOperationException("unknown test " + test.GetType().Name),
        };

        /// <summary>
        /// The CPU kernels' references to the first element of every column and output buffer (<c>in_toxicity</c>,
        /// <c>out_total</c>, <c>out_c_no_toxicity</c>: norm k's contribution column starts at k·n), through which the loop
        /// reads and writes at sample offsets without bounds checks: <c>Evaluate</c> checked every length against the batch.
        /// </summary>
        protected void ColumnReferences(CodeWriter w)
        {
            w.Line("// Each column's first element: the loop reads and writes at offsets from these, without bounds checks");
            w.Line("// (Evaluate checked every column's and every buffer's length, and [start, end) lies inside the batch).");
            foreach (var input in Program.Inputs)
            {
                string column = "batch." + Shape.ColumnNames[input.Signal];
                w.Wrapped(input.Kind switch
                {
                    InputKind.Flag => $"ref bool {KernelNames.In(input)} = ref MemoryMarshal.GetReference({column});",
                    InputKind.Category => $"ref int {KernelNames.In(input)} = ref Unsafe.As<{Shape.EnumType(Shape.Contract.Signals[input.Signal])}, int>(ref MemoryMarshal.GetReference({column}));",
                    _ => $"ref float {KernelNames.In(input)} = ref MemoryMarshal.GetReference({column});",
                });
            }
            w.Line("ref float out_total = ref MemoryMarshal.GetReference(outputs.Total);");
            w.Line("ref float out_base = ref MemoryMarshal.GetReference(outputs.Base);");
            w.Line("ref float out_uncertainty = ref MemoryMarshal.GetReference(outputs.Uncertainty);");
            w.Line("ref RewardReasons out_reasons = ref MemoryMarshal.GetReference(outputs.Reasons);");
            w.Line("ref float out_contributions = ref MemoryMarshal.GetReference(outputs.Contributions);");
            w.Line("ref bool out_active = ref MemoryMarshal.GetReference(outputs.Active);");
            foreach (var norm in Program.Norms)
            {
                string offset = norm.Norm == 0 ? "0" : norm.Norm.ToString(CultureInfo.InvariantCulture) + " * n";
                w.Line($"ref float {KernelNames.OutContribution(norm)} = ref Unsafe.Add(ref out_contributions, {offset});");
                w.Line($"ref bool {KernelNames.OutActive(norm)} = ref Unsafe.Add(ref out_active, {offset});");
            }
        }

        /// <summary>A target's own spelling of a composite node (e.g. torch's <c>clamp</c> for min(max(x, lo), hi)).</summary>
        protected virtual bool TryFused(KernelValue value, out TValue result)
        {
            result = default!;
            return false;
        }

        protected abstract TValue Constant(float value);
        protected abstract TValue Signal(InputCheck input);
        protected abstract TValue Statistic(InputCheck input, EnsembleStatistic statistic);
        protected abstract TValue Param(int param);
        protected abstract TValue Let(LetStep let);
        protected abstract TValue Unary(UnaryOperator op, TValue operand);
        protected abstract TValue Binary(ArithmeticOperator op, TValue left, TValue right);

        protected abstract TCondition Constant(bool value);
        protected abstract TCondition TestResult(int test);
        protected abstract TCondition And(TCondition left, TCondition right);
        protected abstract TCondition Or(TCondition left, TCondition right);
        protected abstract TCondition Not(TCondition operand);
        protected abstract TCondition Compare(TValue subject, ComparisonOperator op, float constant);
        protected abstract TCondition Category(InputCheck input, int[] codes);
        protected abstract TCondition Flag(InputCheck input);

        /// <summary>C#'s spelling of a comparison (the language's own).</summary>
        protected static string Symbol(ComparisonOperator op) => SyntaxFacts.Text(op);

        protected static string Symbol(ArithmeticOperator op) => op switch
        {
            ArithmeticOperator.Add => "+",
            ArithmeticOperator.Subtract => "-",
            ArithmeticOperator.Multiply => "*",
            ArithmeticOperator.Divide => "/",
            _ => throw new ArgumentOutOfRangeException(nameof(op), "min and max are calls"),
        };
    }
}
