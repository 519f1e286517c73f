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
    /// Prints <c>EvaluateSamples</c>, the scalar kernel: the <see cref="KernelProgram"/> for one sample at a time, in
    /// plain float and bool locals. It serves the tail of a batch that does not fill a vector, and strict mode (which
    /// must stop at the first offending sample).
    /// </summary>
    internal sealed class ScalarKernelPrinter : KernelPrinter<string, string>
    {
        private ScalarKernelPrinter(ModuleShape shape) : base(shape) { }

        public static void Print(CodeWriter w, ModuleShape shape) => new ScalarKernelPrinter(shape).Print(w);

        private void Print(CodeWriter w)
        {
            var p = Program;
            w.Line("/// <summary>The scalar kernel: samples [start, end), one at a time.</summary>");
            w.Wrapped($"private static void EvaluateSamples(in Batch batch, RewardOutputSpans outputs, int start, int end, bool strict{ParamParameters()})");
            w.Line("{");
            w.Indent();
            w.Line("int n = batch.Count;");
            ColumnReferences(w);
            foreach (var input in p.Inputs.Where(i => i.Kind == InputKind.Ensemble))
                w.Line($"Span<float> members_{input.Name} = stackalloc float[{input.Members}];");
            w.Line();
            using (w.Block("for (int i = start; i < end; i++)"))
            {
                w.Line("var reasons = RewardReasons.None;");
                w.Line("bool invalid = false;");
                w.Line();
                w.Line("// 1. Domain check: finite values are clamped into their domains (counts rounded, ties to even);");
                w.Line("//    NaN, ±Inf and unknown category codes make the sample invalid.");
                foreach (var input in p.Inputs) DomainCheck(w, input);
                w.Line();
                using (w.Block("if (invalid)"))
                {
                    w.Line("Unsafe.Add(ref out_total, i) = 0f;");
                    w.Line("Unsafe.Add(ref out_base, i) = 0f;");
                    using (w.Block("for (int k = 0; k < NormCount; k++)"))
                    {
                        w.Line("Unsafe.Add(ref out_contributions, k * n + i) = 0f;");
                        w.Line("Unsafe.Add(ref out_active, k * n + i) = false;");
                    }
                    w.Line("Unsafe.Add(ref out_uncertainty, i) = 1f;");
                    w.Line("Unsafe.Add(ref out_reasons, i) = RewardReasons.OutOfDomain | RewardReasons.Invalid;");
                    w.Line("continue;");
                }
                w.Line();
                Body(w);
            }
            w.Unindent();
            w.Line("}");
        }

        private string ParamParameters() => string.Concat(Enumerable.Range(0, Program.ParamCount).Select(i => ", float " + N.Param(Shape, i)));

        private void DomainCheck(CodeWriter w, InputCheck input)
        {
            string column = N.In(input);
            string local = N.Signal(input);
            string index = input.Signal.ToString(CultureInfo.InvariantCulture);
            switch (input.Kind)
            {
                case InputKind.Flag:
                    w.Line($"bool {local} = Unsafe.Add(ref {column}, i);");
                    break;
                case InputKind.Category:
                    w.Line($"int {local} = Unsafe.Add(ref {column}, i);");
                    using (w.Block($"if ((uint){local} >= {input.Categories}u)"))
                    {
                        w.Line($"if (strict) throw OutOfDomain(i, {index}, {local}); // {input.Name}");
                        w.Line("invalid = true;");
                    }
                    break;
                case InputKind.Ensemble:
                {
                    string stats = "ens_" + input.Name;
                    w.Line($"// {input.Name}: members clamped one by one, then population statistics.");
                    w.Wrapped($"var {stats} = EnsembleStats.Compute(MemoryMarshal.CreateReadOnlySpan(ref Unsafe.Add(ref {column}, i * {input.Members}), {input.Members}), " +
                              $"{Naming.Float(input.Low)}, {Naming.Float(input.High)}, members_{input.Name});");
                    using (w.Block($"if ({stats}.Invalid || {stats}.OutOfDomain)"))
                    {
                        w.Line($"if (strict) throw OutOfDomain(i, {index}, {stats}.Offending); // {input.Name}");
                        w.Line($"if ({stats}.Invalid) invalid = true; else reasons |= RewardReasons.OutOfDomain;");
                    }
                    foreach (var statistic in input.Statistics)
                        w.Line($"float {N.Statistic(input, statistic)} = {stats}.{statistic};");
                    break;
                }
                default:
                {
                    w.Line($"float {local} = Unsafe.Add(ref {column}, i);");
                    using (w.Block($"if (!float.IsFinite({local}))"))
                    {
                        w.Line($"if (strict) throw OutOfDomain(i, {index}, {local}); // {input.Name}");
                        w.Line("invalid = true;");
                    }
                    var outside = new List<string>();
                    string source = local;
                    if (input.Kind == InputKind.Count)
                    {
                        outside.Add($"{local} != MathF.Round({local})");
                        source = $"MathF.Round({local})";
                    }
                    if (input.HasLow) outside.Add($"{local} < {Naming.Float(input.Low)}");
                    if (input.HasHigh) outside.Add($"{local} > {Naming.Float(input.High)}");
                    if (outside.Count == 0) break;
                    using (w.Block($"else if ({string.Join(" || ", outside)})"))
                    {
                        w.Line($"if (strict) throw OutOfDomain(i, {index}, {local}); // {input.Name}");
                        w.Line($"{local} = {Clamp(source, input)};");
                        w.Line("reasons |= RewardReasons.OutOfDomain;");
                    }
                    break;
                }
            }
        }

        private static string Clamp(string value, InputCheck input)
        {
            if (input.HasLow && input.HasHigh) return $"RewardMath.Clamp({value}, {Naming.Float(input.Low)}, {Naming.Float(input.High)})";
            if (input.HasLow) return $"MathF.Max({value}, {Naming.Float(input.Low)})";
            if (input.HasHigh) return $"MathF.Min({value}, {Naming.Float(input.High)})";
            return value;
        }

        /// <summary>Steps 2–6 and the stores, for one valid sample.</summary>
        private void Body(CodeWriter w)
        {
            var p = Program;
            if (p.Lets.Length > 0)
            {
                w.Line("// Lets, dependencies first.");
                foreach (var l in p.Lets) w.Wrapped($"float {N.Let(l)} = {Value(l.Value)}; // {CodeWriter.OneLine(l.Text)}");
                w.Line();
            }
            if (p.Tests.Length > 0)
            {
                w.Line("// Tests, each evaluated once and shared by every condition that reads it.");
                for (int t = 0; t < p.Tests.Length; t++) w.Wrapped($"bool {N.Test(t)} = {Test(p.Tests[t])}; // {p.Tests[t].Text}");
                w.Line();
            }
            w.Line($"// 2. Base reward: {CodeWriter.OneLine(p.BaseText)}");
            w.Wrapped($"float @base = {Value(p.Base)};");
            w.Line();
            if (p.Norms.Length > 0)
            {
                w.Line("// 3. Norms: active = context ∧ guard.");
                foreach (var norm in p.Norms)
                {
                    w.Line(Header(norm));
                    w.Wrapped($"bool {N.Context(norm)} = {Condition(norm.Context)};{(norm.ContextText is null ? "" : " // in " + CodeWriter.OneLine(norm.ContextText))}");
                    w.Wrapped($"bool {N.Active(norm)} = {And(N.Context(norm), Condition(norm.Guard))};{(norm.GuardText is null ? "" : " // when " + CodeWriter.OneLine(norm.GuardText))}");
                }
                w.Line();
                w.Line("// 4. In effect: active and not silenced by an active preferred norm; only then does it contribute.");
                foreach (var norm in p.Norms)
                {
                    string silenced = norm.SilencedBy.Length == 0 ? "" : " && !(" + string.Join(" || ", norm.SilencedBy.Select(a => N.Active(p.Norms[a]))) + ")";
                    w.Wrapped($"bool {N.Effect(norm)} = {N.Active(norm)}{silenced};");
                    w.Wrapped(norm.Amount is null
                        ? $"float {N.Contribution(norm)} = 0f; // allow: guidance without effect"
                        : $"float {N.Contribution(norm)} = {N.Effect(norm)} ? {(norm.Sign < 0 ? "-" : "")}{Value(norm.Amount)} : 0f; // {N.EffectText(norm)}");
                }
                w.Line();
            }
            w.Line("// 5. Total: the base plus the contributions, in norm order.");
            w.Wrapped("float total = @base" + string.Concat(p.Norms.Select(nm => " + " + N.Contribution(nm))) + ";");
            w.Line();
            Reasons(w);
            w.Line();
            w.Line("Unsafe.Add(ref out_total, i) = total;");
            w.Line("Unsafe.Add(ref out_base, i) = @base;");
            foreach (var norm in p.Norms) w.Line($"Unsafe.Add(ref {N.OutContribution(norm)}, i) = {N.Contribution(norm)};");
            foreach (var norm in p.Norms) w.Line($"Unsafe.Add(ref {N.OutActive(norm)}, i) = {N.Active(norm)};");
            w.Line("Unsafe.Add(ref out_uncertainty, i) = uncertainty;");
            w.Line("Unsafe.Add(ref out_reasons, i) = reasons;");
        }

        internal static string Header(NormStep norm)
        {
            string header = $"// norm {norm.Name}";
            if (norm.Concern != norm.Name) header += $" (concern {norm.Concern})";
            if (norm.Rationale != null) header += ": " + CodeWriter.OneLine(norm.Rationale);
            return header;
        }

        private void Reasons(CodeWriter w)
        {
            var p = Program;
            w.Line("// 6. Reasons and uncertainty.");
            foreach (var group in p.ConflictGroups)
                w.Wrapped($"if ({Side(group.Left)} & {Side(group.Right)}) reasons |= RewardReasons.Conflict; // related by {group.RelatedBy}");
            foreach (var gap in p.GapGroups)
                w.Wrapped($"if (!({string.Join(" | ", gap.Norms.Select(k => N.Context(p.Norms[k])))})) reasons |= RewardReasons.Gap; // concern {gap.Concern}");
            w.Line("float uncertainty = 0f;");
            foreach (var rule in p.Uncertainty)
            {
                string weight = Naming.Float(rule.Weight);
                string comment = rule.Reason is null ? "" : " // " + CodeWriter.OneLine(rule.Reason);
                switch (rule.Trigger)
                {
                    case UncertainTrigger.Guard:
                        using (w.Block($"if ({Condition(rule.When)}){comment}"))
                        {
                            w.Line("reasons |= RewardReasons.Explicit;");
                            w.Line($"uncertainty = MathF.Max(uncertainty, {weight});");
                        }
                        break;
                    case UncertainTrigger.Conflict:
                        w.Wrapped($"if ((reasons & RewardReasons.Conflict) != 0) uncertainty = MathF.Max(uncertainty, {weight});{comment}");
                        break;
                    default:
                        w.Wrapped($"if ((reasons & RewardReasons.Gap) != 0) uncertainty = MathF.Max(uncertainty, {weight});{comment}");
                        break;
                }
            }
        }

        private string Side(IEnumerable<int> norms)
        {
            var names = norms.Select(k => N.Effect(Program.Norms[k])).ToList();
            return names.Count == 1 ? names[0] : "(" + string.Join(" | ", names) + ")";
        }

        // ---- nodes ----------------------------------------------------------------------------------------

        protected override string Constant(float value) => Naming.Float(value);
        protected override string Signal(InputCheck input) => N.Signal(input);
        protected override string Statistic(InputCheck input, EnsembleStatistic statistic) => N.Statistic(input, statistic);
        protected override string Param(int param) => N.Param(Shape, param);
        protected override string Let(LetStep let) => N.Let(let);

        protected override string Unary(UnaryOperator op, string x) => op switch
        {
            UnaryOperator.Negate => "(-" + x + ")",
            UnaryOperator.Abs => $"MathF.Abs({x})",
            UnaryOperator.Exp => $"RewardMath.Exp({x})",
            UnaryOperator.Log => $"RewardMath.Log({x})",
            UnaryOperator.Sigmoid => $"RewardMath.Sigmoid({x})",
            _ => $"RewardMath.Tanh({x})",
        };

        protected override string Binary(ArithmeticOperator op, string l, string r) => op switch
        {
            ArithmeticOperator.Min => $"MathF.Min({l}, {r})",
            ArithmeticOperator.Max => $"MathF.Max({l}, {r})",
            _ => "(" + l + " " + Symbol(op) + " " + r + ")",
        };

        protected override string Constant(bool value) => value ? "true" : "false";
        protected override string TestResult(int test) => N.Test(test);

        protected override string And(string l, string r) =>
            l == "false" || r == "false" ? "false" : l == "true" ? r : r == "true" ? l : "(" + l + " && " + r + ")";

        protected override string Or(string l, string r) =>
            l == "true" || r == "true" ? "true" : l == "false" ? r : r == "false" ? l : "(" + l + " || " + r + ")";

        protected override string Not(string x) => x == "true" ? "false" : x == "false" ? "true" : "!" + x;

        protected override string Compare(string subject, ComparisonOperator op, float constant) =>
            subject + " " + Symbol(op) + " " + Naming.Float(constant);

        protected override string Category(InputCheck input, int[] codes) =>
            string.Join(" || ", codes.Select(v => $"{N.Signal(input)} == {v.ToString(CultureInfo.InvariantCulture)}"));

        protected override string Flag(InputCheck input) => N.Signal(input);
    }
}
