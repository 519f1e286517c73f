using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ContractDsl.Binding;
using ContractDsl.Lowering;
using ContractDsl.Syntax;
using N = ContractDsl.Generators.Emit.KernelNames;

namespace ContractDsl.Generators.Emit
{
    /// <summary>
    /// Prints <c>EvaluateVectors</c>: the <see cref="KernelProgram"/> on one <c>Vector&lt;float&gt;</c> of samples at a
    /// time. Conditions become lane masks (<c>Vector&lt;int&gt;</c>, all bits set = true); every amount is computed on
    /// every lane and kept where its norm is in effect; invalid lanes are overwritten at the end. Every operation is the
    /// lane-wise twin of the scalar kernel's, so both give bit-identical results.
    /// </summary>
    internal sealed class VectorKernelPrinter : KernelPrinter<string, string>
    {
        private readonly SortedDictionary<float, string> _floats = new SortedDictionary<float, string>();
        private readonly SortedDictionary<int, string> _ints = new SortedDictionary<int, string>();

        private VectorKernelPrinter(ModuleShape shape) : base(shape) { }

        public static void Print(CodeWriter w, ModuleShape shape) => new VectorKernelPrinter(shape).Print(w);

        private static readonly (RewardReasonName Name, int Bit)[] ReasonConstants =
        {
            (RewardReasonName.Conflict, (int)ReasonBits.Conflict),
            (RewardReasonName.Gap, (int)ReasonBits.Gap),
            (RewardReasonName.Explicit, (int)ReasonBits.Explicit),
            (RewardReasonName.OutOfDomain, (int)ReasonBits.OutOfDomain),
        };

        private enum RewardReasonName { Conflict, Gap, Explicit, OutOfDomain }

        private void Print(CodeWriter w)
        {
            var p = Program;
            // The loop body first: it decides which constants are needed, and those are hoisted above the loop.
            var body = new CodeWriter(w.IndentLevel + 2);
            Body(body);

            w.Line("/// <summary>The vectorised kernel: samples [0, end), one <c>Vector&lt;float&gt;</c> at a time.</summary>");
            w.Wrapped($"private static void EvaluateVectors(in Batch batch, RewardOutputSpans outputs, int end{ParamParameters()})");
            w.Line("{");
            w.Indent();
            w.Line("int n = batch.Count;");
            w.Line("int width = Floats.Count;");
            foreach (var input in p.Inputs.Where(i => i.Kind == InputKind.Ensemble))
                w.Line($"Span<float> members_{input.Name} = stackalloc float[{input.Members} * width];");
            for (int i = 0; i < p.ParamCount; i++) w.Line($"var v{N.Param(Shape, i)} = new Floats({N.Param(Shape, i)});");
            w.Line("// Constants and reason flags, broadcast once.");
            foreach (var constant in _floats) w.Line($"var {constant.Value} = new Floats({Naming.Float(constant.Key)});");
            foreach (var constant in _ints) w.Line($"var {constant.Value} = new Masks({constant.Key.ToString(CultureInfo.InvariantCulture)});");
            foreach (var (name, _) in ReasonConstants) w.Line($"var reason{name} = new Masks((int)RewardReasons.{name});");
            w.Line("var reasonInvalid = new Masks((int)(RewardReasons.OutOfDomain | RewardReasons.Invalid));");
            w.Line("var outTotal = outputs.Total;");
            w.Line("var outBase = outputs.Base;");
            w.Line("var outContributions = outputs.Contributions;");
            w.Line("var outActive = outputs.Active;");
            w.Line("var outUncertainty = outputs.Uncertainty;");
            w.Line("var outReasons = outputs.Reasons;");
            w.Line();
            w.Line("for (int i = 0; i < end; i += width)");
            w.Line("{");
            w.Indent();
            w.Raw(body.ToString());
            w.Unindent();
            w.Line("}");
            w.Unindent();
            w.Line("}");
        }

        private string ParamParameters() => string.Concat(Enumerable.Range(0, Program.ParamCount).Select(i => ", float " + N.Param(Shape, i)));

        /// <summary>The hoisted broadcast of a float constant.</summary>
        private string Float(float value)
        {
            if (!_floats.TryGetValue(value, out var name))
            {
                string text = value.ToString("R", CultureInfo.InvariantCulture).Replace("-", "neg").Replace(".", "_").Replace("+", "");
                name = "f_" + (float.IsPositiveInfinity(value) ? "inf" : float.IsNegativeInfinity(value) ? "neginf" : text);
                _floats.Add(value, name);
            }
            return name;
        }

        private string Int(int value)
        {
            if (!_ints.TryGetValue(value, out var name))
            {
                name = "i_" + value.ToString(CultureInfo.InvariantCulture).Replace("-", "neg");
                _ints.Add(value, name);
            }
            return name;
        }

        private void Body(CodeWriter w)
        {
            var p = Program;
            w.Line("var invalid = Masks.Zero;");
            w.Line("var outside = Masks.Zero;");
            w.Line();
            w.Line("// 1. Domain check, lane by lane: the scalar kernel's clamps, applied only where a value is outside.");
            foreach (var input in p.Inputs) DomainCheck(w, input);
            w.Line();
            if (p.Lets.Length > 0)
            {
                w.Line("// Lets, dependencies first.");
                foreach (var l in p.Lets) w.Wrapped($"var {N.Let(l)} = {Value(l.Value)}; // {CodeWriter.OneLine(l.Text)}");
                w.Line();
            }
            if (p.Tests.Length > 0)
            {
                w.Line("// Tests as lane masks, each evaluated once.");
                for (int t = 0; t < p.Tests.Length; t++) w.Wrapped($"var {N.Test(t)} = {Test(p.Tests[t])}; // {p.Tests[t].Text}");
                w.Line();
            }
            w.Line($"// 2. Base reward: {CodeWriter.OneLine(p.BaseText)}");
            w.Wrapped($"var @base = {Value(p.Base)};");
            w.Line();
            if (p.Norms.Length > 0)
            {
                w.Line("// 3. Norms: active = context ∧ guard, as masks.");
                foreach (var norm in p.Norms)
                {
                    w.Line(ScalarKernelPrinter.Header(norm));
                    w.Wrapped($"var {N.Context(norm)} = {Condition(norm.Context)};");
                    w.Wrapped($"var {N.Active(norm)} = {And(N.Context(norm), Condition(norm.Guard))};");
                }
                w.Line();
                w.Line("// 4. In effect: active and not silenced; amounts on every lane, kept where the norm is in effect.");
                foreach (var norm in p.Norms)
                {
                    string silenced = norm.SilencedBy.Length == 0 ? "" : " & ~(" + string.Join(" | ", norm.SilencedBy.Select(a => N.Active(p.Norms[a]))) + ")";
                    w.Wrapped($"var {N.Effect(norm)} = {N.Active(norm)}{silenced};");
                    if (norm.Amount is null)
                    {
                        w.Line($"var {N.Contribution(norm)} = Floats.Zero; // allow");
                        continue;
                    }
                    string amount = Value(norm.Amount);
                    w.Wrapped($"var {N.Contribution(norm)} = Vector.ConditionalSelect({N.Effect(norm)}, {(norm.Sign < 0 ? "-" : "")}{amount}, Floats.Zero); // {N.EffectText(norm)}");
                }
                w.Line();
            }
            w.Line("// 5. Total: the base plus the contributions, in norm order.");
            w.Wrapped("var total = @base" + string.Concat(p.Norms.Select(nm => " + " + N.Contribution(nm))) + ";");
            w.Line();
            w.Line("// 6. Reasons (one int of flags per lane) and uncertainty.");
            w.Line("var reasons = outside & reasonOutOfDomain;");
            foreach (var group in p.ConflictGroups)
                w.Wrapped($"reasons |= {Side(group.Left)} & {Side(group.Right)} & reasonConflict; // related by {group.RelatedBy}");
            foreach (var gap in p.GapGroups)
                w.Wrapped($"reasons |= ~({string.Join(" | ", gap.Norms.Select(k => N.Context(p.Norms[k])))}) & reasonGap; // concern {gap.Concern}");
            w.Line("var uncertainty = Floats.Zero;");
            foreach (var rule in p.Uncertainty)
            {
                string fired = "fired" + rule.Rule.ToString(CultureInfo.InvariantCulture);
                switch (rule.Trigger)
                {
                    case UncertainTrigger.Guard:
                        w.Wrapped($"var {fired} = {Condition(rule.When)};{(rule.Reason is null ? "" : " // " + CodeWriter.OneLine(rule.Reason))}");
                        w.Line($"reasons |= {fired} & reasonExplicit;");
                        break;
                    case UncertainTrigger.Conflict:
                        w.Line($"var {fired} = ~Vector.Equals(reasons & reasonConflict, Masks.Zero);");
                        break;
                    default:
                        w.Line($"var {fired} = ~Vector.Equals(reasons & reasonGap, Masks.Zero);");
                        break;
                }
                w.Line($"uncertainty = Vector.Max(uncertainty, Vector.ConditionalSelect({fired}, {Float(rule.Weight)}, Floats.Zero));");
            }
            w.Line();
            w.Line("// Invalid lanes: everything 0, uncertainty 1, reasons OutOfDomain | Invalid.");
            w.Line("total = Vector.ConditionalSelect(invalid, Floats.Zero, total);");
            w.Line("@base = Vector.ConditionalSelect(invalid, Floats.Zero, @base);");
            w.Line("uncertainty = Vector.ConditionalSelect(invalid, Floats.One, uncertainty);");
            w.Line("reasons = Vector.ConditionalSelect(invalid, reasonInvalid, reasons);");
            w.Line("total.CopyTo(outTotal.Slice(i));");
            w.Line("@base.CopyTo(outBase.Slice(i));");
            foreach (var norm in p.Norms)
            {
                w.Wrapped($"Vector.ConditionalSelect(invalid, Floats.Zero, {N.Contribution(norm)}).CopyTo(outContributions.Slice({norm.Norm} * n + i));");
                w.Wrapped($"LaneMath.StoreFlags({N.Active(norm)} & ~invalid, outActive.Slice({norm.Norm} * n + i));");
            }
            w.Line("uncertainty.CopyTo(outUncertainty.Slice(i));");
            w.Line("LaneMath.StoreReasons(reasons, outReasons.Slice(i));");
        }

        private string Side(IEnumerable<int> norms)
        {
            var names = norms.Select(k => N.Effect(Program.Norms[k])).ToList();
            return names.Count == 1 ? names[0] : "(" + string.Join(" | ", names) + ")";
        }

        private void DomainCheck(CodeWriter w, InputCheck input)
        {
            string column = "batch." + Shape.ColumnNames[input.Signal];
            string local = N.Signal(input);
            switch (input.Kind)
            {
                case InputKind.Flag:
                    w.Line($"var {local} = LaneMath.FromFlags({column}.Slice(i));");
                    break;
                case InputKind.Category:
                    w.Wrapped($"var {local} = new Masks(MemoryMarshal.Cast<{Shape.EnumType(Shape.Contract.Signals[input.Signal])}, int>({column}).Slice(i));");
                    w.Wrapped($"invalid |= Vector.AsVectorInt32(Vector.GreaterThanOrEqual(Vector.AsVectorUInt32({local}), new Vector<uint>({input.Categories}u)));");
                    break;
                case InputKind.Ensemble:
                {
                    string Out(EnsembleStatistic statistic) => input.Statistics.Contains(statistic) ? "out var " + N.Statistic(input, statistic) : "out _";
                    w.Line($"// {input.Name}: members transposed into lanes, clamped, then population statistics.");
                    w.Wrapped($"LaneMath.Ensemble({column}, i, {input.Members}, {Float(input.Low)}, {Float(input.High)}, members_{input.Name}, " +
                              $"{Out(EnsembleStatistic.Mean)}, {Out(EnsembleStatistic.Var)}, {Out(EnsembleStatistic.Std)}, {Out(EnsembleStatistic.Min)}, " +
                              $"{Out(EnsembleStatistic.Max)}, out var invalid_{input.Name}, out var outside_{input.Name});");
                    w.Line($"invalid |= invalid_{input.Name};");
                    w.Line($"outside |= outside_{input.Name};");
                    break;
                }
                default:
                {
                    w.Line($"var {local} = new Floats({column}.Slice(i));");
                    w.Line($"var finite_{input.Name} = LaneMath.IsFinite({local});");
                    w.Line($"invalid |= ~finite_{input.Name};");
                    var tests = new List<string>();
                    string source = local;
                    if (input.Kind == InputKind.Count)
                    {
                        w.Line($"var rounded_{input.Name} = Vector.Round({local});");
                        tests.Add($"~Vector.Equals({local}, rounded_{input.Name})");
                        source = "rounded_" + input.Name;
                    }
                    if (input.HasLow) tests.Add($"Vector.LessThan({local}, {Float(input.Low)})");
                    if (input.HasHigh) tests.Add($"Vector.GreaterThan({local}, {Float(input.High)})");
                    if (tests.Count == 0) break;
                    string clamped = input.HasLow && input.HasHigh ? $"LaneMath.Clamp({source}, {Float(input.Low)}, {Float(input.High)})"
                        : input.HasLow ? $"Vector.Max({source}, {Float(input.Low)})"
                        : $"Vector.Min({source}, {Float(input.High)})";
                    w.Wrapped($"var fix_{input.Name} = finite_{input.Name} & ({string.Join(" | ", tests)});");
                    w.Line($"outside |= fix_{input.Name};");
                    w.Wrapped($"{local} = Vector.ConditionalSelect(fix_{input.Name}, {clamped}, {local});");
                    break;
                }
            }
        }

        // ---- nodes ----------------------------------------------------------------------------------------

        protected override string Constant(float value) => Float(value);
        protected override string Signal(InputCheck input) => N.Signal(input);
        protected override string Statistic(InputCheck input, EnsembleStatistic statistic) => N.Statistic(input, statistic);
        protected override string Param(int param) => "v" + N.Param(Shape, param);
        protected override string Let(LetStep let) => N.Let(let);

        protected override string Unary(UnaryOperator op, string x) => op switch
        {
            UnaryOperator.Negate => "(-" + x + ")",
            UnaryOperator.Abs => $"Vector.Abs({x})",
            UnaryOperator.Exp => $"LaneMath.Exp({x})",
            UnaryOperator.Log => $"LaneMath.Log({x})",
            UnaryOperator.Sigmoid => $"LaneMath.Sigmoid({x})",
            _ => $"LaneMath.Tanh({x})",
        };

        protected override string Binary(ArithmeticOperator op, string l, string r) => op switch
        {
            ArithmeticOperator.Min => $"Vector.Min({l}, {r})",
            ArithmeticOperator.Max => $"Vector.Max({l}, {r})",
            _ => "(" + l + " " + Symbol(op) + " " + r + ")",
        };

        protected override string Constant(bool value) => value ? "Masks.AllBitsSet" : "Masks.Zero";
        protected override string TestResult(int test) => N.Test(test);

        protected override string And(string l, string r) =>
            l == "Masks.Zero" || r == "Masks.Zero" ? "Masks.Zero" : l == "Masks.AllBitsSet" ? r : r == "Masks.AllBitsSet" ? l : "(" + l + " & " + r + ")";

        protected override string Or(string l, string r) =>
            l == "Masks.AllBitsSet" || r == "Masks.AllBitsSet" ? "Masks.AllBitsSet" : l == "Masks.Zero" ? r : r == "Masks.Zero" ? l : "(" + l + " | " + r + ")";

        protected override string Not(string x) => x == "Masks.Zero" ? "Masks.AllBitsSet" : x == "Masks.AllBitsSet" ? "Masks.Zero" : "~" + x;

        protected override string Compare(string subject, ComparisonOperator op, float constant)
        {
            string k = Float(constant);
            return op switch
            {
                ComparisonOperator.Less => $"Vector.LessThan({subject}, {k})",
                ComparisonOperator.LessOrEqual => $"Vector.LessThanOrEqual({subject}, {k})",
                ComparisonOperator.Greater => $"Vector.GreaterThan({subject}, {k})",
                ComparisonOperator.GreaterOrEqual => $"Vector.GreaterThanOrEqual({subject}, {k})",
                ComparisonOperator.Equal => $"Vector.Equals({subject}, {k})",
                _ => $"~Vector.Equals({subject}, {k})",
            };
        }

        protected override string Category(InputCheck input, int[] codes) =>
            string.Join(" | ", codes.Select(v => $"Vector.Equals({N.Signal(input)}, {Int(v)})"));

        protected override string Flag(InputCheck input) => N.Signal(input);
    }
}
