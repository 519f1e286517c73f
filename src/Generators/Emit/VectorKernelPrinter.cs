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
    /// Prints a vectorised kernel: the <see cref="KernelProgram"/> on one vector of samples at a time, in one of two
    /// <see cref="VectorDialect"/>s — <c>EvaluateVectors</c> over <c>Vector&lt;float&gt;</c> and <c>EvaluateVectors512</c> over
    /// <c>Vector512&lt;float&gt;</c>, the same walk printed twice. Conditions become lane masks (int vectors, all bits set =
    /// true); every amount is computed on every lane and kept where its norm is in effect; invalid lanes are never active,
    /// and their total, base, uncertainty and reasons are overwritten at the end. Every operation is the lane-wise twin of
    /// the scalar kernel's, so all of them give bit-identical results.
    /// </summary>
    /// <remarks>
    /// What the loop body does per vector of samples, and nothing else: each column is loaded once and each output
    /// stored once, through references to the columns' first elements (<c>LoadUnsafe</c>/<c>StoreUnsafe</c>, no
    /// bounds checks: <c>Evaluate</c> checked every length, and the range lies inside the batch); a shared test is
    /// computed once; constants are written where they are used (the JIT makes them memory operands rather than
    /// registers to keep alive); conflicts and gaps are mask operations. The body stays small enough for the JIT to
    /// inline every small helper; the ensemble statistics and the transcendental functions are calls.
    /// </remarks>
    internal sealed class VectorKernelPrinter : KernelPrinter<string, string>
    {
        private readonly VectorDialect D;

        /// <summary>
        /// The transcendental calls evaluated side by side, once per block, before everything that uses them: every call
        /// whose argument needs no other call (nor a let that does), each distinct call once, in the order exp, log,
        /// sigmoid, tanh (the order <c>Transcendentals</c> takes them); its index is its slot in <c>tvals</c>. Empty when
        /// fewer than two calls qualify.
        /// </summary>
        private readonly List<UnaryValue> _batch = new List<UnaryValue>();
        private readonly Dictionary<UnaryValue, int> _slots = new Dictionary<UnaryValue, int>();

        /// <summary>Per let: whether its value, lets included, needs no transcendental call.</summary>
        private readonly bool[] _callFreeLets;

        private VectorKernelPrinter(ModuleShape shape, VectorDialect dialect) : base(shape)
        {
            D = dialect;
            var p = Program;
            _callFreeLets = new bool[p.Lets.Length];
            foreach (var let in p.Lets) _callFreeLets[let.Let] = IsCallFree(let.Value);
            var found = new List<UnaryValue>();
            foreach (var let in p.Lets) CollectBatchable(let.Value, found);
            foreach (var test in p.Tests)
                if (test is CompareTest compare) CollectBatchable(compare.Subject, found);
            CollectBatchable(p.Base, found);
            foreach (var norm in p.Norms)
                if (norm.Amount != null) CollectBatchable(norm.Amount, found);
            foreach (var op in new[] { UnaryOperator.Exp, UnaryOperator.Log, UnaryOperator.Sigmoid, UnaryOperator.Tanh })
                foreach (var call in found.Where(c => c.Operator == op).Distinct())
                {
                    _slots[call] = _batch.Count;
                    _batch.Add(call);
                }
            if (_batch.Count < 2)
            {
                _batch.Clear();
                _slots.Clear();
            }
        }

        private static bool IsTranscendental(UnaryValue u) =>
            u.Operator is UnaryOperator.Exp or UnaryOperator.Log or UnaryOperator.Sigmoid or UnaryOperator.Tanh;

        /// <summary>Whether <paramref name="value"/> needs no transcendental call, through the lets it reads included.</summary>
        private bool IsCallFree(KernelValue value) => value switch
        {
            UnaryValue u => !IsTranscendental(u) && IsCallFree(u.Operand),
            BinaryValue b => IsCallFree(b.Left) && IsCallFree(b.Right),
            LetValue l => _callFreeLets[l.Let],
            _ => true,
        };

        /// <summary>The calls in <paramref name="value"/> whose argument is call-free, outermost first.</summary>
        private void CollectBatchable(KernelValue value, List<UnaryValue> found)
        {
            switch (value)
            {
                case UnaryValue u when IsTranscendental(u) && IsCallFree(u.Operand):
                    found.Add(u);
                    break;
                case UnaryValue u:
                    CollectBatchable(u.Operand, found);
                    break;
                case BinaryValue b:
                    CollectBatchable(b.Left, found);
                    CollectBatchable(b.Right, found);
                    break;
            }
        }

        /// <summary>A batched call is read from its slot.</summary>
        protected override bool TryFused(KernelValue value, out string result)
        {
            if (value is UnaryValue u && _slots.TryGetValue(u, out int slot))
            {
                result = $"tvals[{slot.ToString(CultureInfo.InvariantCulture)}]";
                return true;
            }
            result = "";
            return false;
        }

        public static void Print(CodeWriter w, ModuleShape shape, VectorDialect dialect) => new VectorKernelPrinter(shape, dialect).Print(w);

        private string AllLanes => D.Masks + ".AllBitsSet";
        private string NoLanes => D.Masks + ".Zero";

        private void Print(CodeWriter w)
        {
            var p = Program;
            w.Line($"/// <summary>{D.Summary}</summary>");
            w.Wrapped($"private static void {D.MethodName}(in Batch batch, RewardOutputSpans outputs, int start, int end{ParamParameters()})");
            w.Line("{");
            w.Indent();
            w.Line("int n = batch.Count;");
            ColumnReferences(w);
            foreach (var input in p.Inputs.Where(i => i.Kind == InputKind.Ensemble))
                w.Line($"Span<float> members_{input.Name} = stackalloc float[{input.Members} * {D.Floats}.Count];");
            if (_batch.Count > 0)
            {
                string size = _batch.Count.ToString(CultureInfo.InvariantCulture);
                w.Line($"Span<{D.Floats}> targs = stackalloc {D.Floats}[{size}]; // the block's transcendental calls: arguments");
                w.Line($"Span<{D.Floats}> tvals = stackalloc {D.Floats}[{size}]; // and values");
            }
            for (int i = 0; i < p.ParamCount; i++) w.Line($"var v{N.Param(Shape, i)} = {D.FloatConstant(N.Param(Shape, i))};");
            w.Line();
            using (w.Block($"for (int i = start; i < end; i += {D.Floats}.Count)"))
            {
                w.Line("nuint at = (nuint)i;");
                Prefetches(w);
                Body(w);
            }
            w.Unindent();
            w.Line("}");
        }

        /// <summary>
        /// Prefetch hints for every column, <c>LaneMath.PrefetchDistance</c> samples ahead: the kernel reads and writes some
        /// thirty streams at once, more than the hardware prefetchers follow, so without the hints every new cache line of a
        /// large batch is a wait (a prefetch never faults and changes no result; the index stays inside each column).
        /// </summary>
        private void Prefetches(CodeWriter w)
        {
            var p = Program;
            w.Line("// Prefetch hints, the same distance ahead in every column (docs/benchmarks.md: a large batch is otherwise a wait per line).");
            // min(i + distance, end - 1), written so that it cannot overflow near int.MaxValue.
            w.Line("nuint ahead = (nuint)(Math.Min(i, end - 1 - LaneMath.PrefetchDistance) + LaneMath.PrefetchDistance);");
            foreach (var input in p.Inputs)
            {
                if (input.Kind != InputKind.Ensemble)
                {
                    w.Line($"LaneMath.Prefetch(ref {N.In(input)}, ahead);");
                    continue;
                }
                // Sample-major members: a block's lines, each a 16-float line further, the last member of the column at most.
                for (int line = 0; line < input.Members; line++)
                {
                    string index = line == 0 ? $"ahead * {input.Members}" : $"Math.Min(ahead * {input.Members} + {line * 16}, (nuint)n * {input.Members} - 1)";
                    w.Line($"LaneMath.Prefetch(ref {N.In(input)}, {index});");
                }
            }
            foreach (var norm in p.Norms)
            {
                w.Line($"LaneMath.Prefetch(ref {N.OutContribution(norm)}, ahead);");
                w.Line($"LaneMath.Prefetch(ref {N.OutActive(norm)}, ahead);");
            }
            w.Line("LaneMath.Prefetch(ref out_total, ahead);");
            w.Line("LaneMath.Prefetch(ref out_base, ahead);");
            w.Line("LaneMath.Prefetch(ref out_uncertainty, ahead);");
            w.Line("LaneMath.Prefetch(ref out_reasons, ahead);");
        }

        /// <summary>Some of the lets, in declaration order (dependencies first), under <paramref name="comment"/>; nothing when there are none.</summary>
        private void Lets(CodeWriter w, string comment, IEnumerable<LetStep> lets)
        {
            var list = lets.ToList();
            if (list.Count == 0) return;
            w.Line(comment);
            foreach (var l in list) w.Wrapped($"var {N.Let(l)} = {Value(l.Value)}; // {CodeWriter.OneLine(l.Text)}");
            w.Line();
        }

        private string ParamParameters() => string.Concat(Enumerable.Range(0, Program.ParamCount).Select(i => ", float " + N.Param(Shape, i)));

        /// <summary>A float constant on every lane, where it is used.</summary>
        private string Float(float value) => D.FloatConstant(Naming.Float(value));

        /// <summary>The mask a norm's context is (a constant when the norm has none).</summary>
        private string ContextOf(NormStep norm) => IsConstant(Condition(norm.Context), out var constant) ? constant : N.Context(norm);

        /// <summary>The mask of a norm in effect: its activity, less the lanes where a preferred norm is active.</summary>
        private static string EffectOf(NormStep norm) => norm.SilencedBy.Length == 0 ? N.Active(norm) : N.Effect(norm);

        private bool IsConstant(string mask, out string constant)
        {
            constant = mask;
            return mask == AllLanes || mask == NoLanes;
        }

        private void Body(CodeWriter w)
        {
            var p = Program;
            w.Line($"var valid = {AllLanes};");
            w.Line($"var outside = {NoLanes};");
            w.Line();
            w.Line("// 1. Domain check, lane by lane: the scalar kernel's clamps, applied only where a value is outside. A lane");
            w.Line("//    that is invalid (NaN, ±Inf, unknown category) is overwritten at the end, whatever was computed for it.");
            foreach (var input in p.Inputs) DomainCheck(w, input);
            w.Line();
            if (_batch.Count == 0)
            {
                Lets(w, "// Lets, dependencies first.", p.Lets);
            }
            else
            {
                // The lets that need no call first (dependencies first among them), then the calls, then the other lets.
                Lets(w, "// Lets that need no transcendental call, dependencies first.", p.Lets.Where(l => _callFreeLets[l.Let]));
                w.Line("// The transcendental calls whose arguments need no other call, side by side in one call: their long");
                w.Line("// dependency chains overlap there instead of each result being waited for where it is used.");
                for (int k = 0; k < _batch.Count; k++)
                    w.Wrapped($"targs[{k.ToString(CultureInfo.InvariantCulture)}] = {Value(_batch[k].Operand)}; // {_batch[k].Operator.ToString().ToLowerInvariant()}");
                int Count(UnaryOperator op) => _batch.Count(c => c.Operator == op);
                w.Line($"{D.Helpers}.Transcendentals(targs, tvals, exp: {Count(UnaryOperator.Exp)}, log: {Count(UnaryOperator.Log)}, " +
                       $"sigmoid: {Count(UnaryOperator.Sigmoid)}, tanh: {Count(UnaryOperator.Tanh)});");
                w.Line();
                Lets(w, "// The other lets, dependencies first.", p.Lets.Where(l => !_callFreeLets[l.Let]));
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
                w.Line("// 3. Norms: active = context ∧ guard, as masks (never on an invalid lane).");
                foreach (var norm in p.Norms)
                {
                    w.Line(ScalarKernelPrinter.Header(norm));
                    string context = ContextOf(norm);
                    if (context == N.Context(norm)) w.Wrapped($"var {N.Context(norm)} = {Condition(norm.Context)};");
                    w.Wrapped($"var {N.Active(norm)} = {And(And("valid", context), Condition(norm.Guard))};");
                }
                w.Line();
                w.Line("// 4. In effect: active and not silenced; amounts on every lane, kept where the norm is in effect. The total");
                w.Line("//    adds them in norm order, as the scalar kernel does; each contribution and activity is stored at once.");
            }
            w.Line("var total = @base;");
            foreach (var norm in p.Norms)
            {
                if (norm.SilencedBy.Length > 0)
                    w.Wrapped($"var {N.Effect(norm)} = {N.Active(norm)} & ~({string.Join(" | ", norm.SilencedBy.Select(a => N.Active(p.Norms[a])))});");
                if (norm.Amount is null)
                {
                    w.Line($"{D.Ops}.StoreUnsafe({D.Floats}.Zero, ref {N.OutContribution(norm)}, at); // {norm.Name}: allow");
                }
                else
                {
                    w.Wrapped($"var {N.Contribution(norm)} = {D.SelectFloats(EffectOf(norm), (norm.Sign < 0 ? "-" : "") + Value(norm.Amount), D.Floats + ".Zero")}; // {N.EffectText(norm)}");
                    w.Line($"total += {N.Contribution(norm)};");
                    w.Line($"{D.Ops}.StoreUnsafe({N.Contribution(norm)}, ref {N.OutContribution(norm)}, at);");
                }
                w.Line($"{D.Helpers}.StoreFlags({N.Active(norm)}, ref {N.OutActive(norm)}, at);");
            }
            w.Line();
            w.Line("// 6. Reasons (one int of flags per lane) and uncertainty.");
            w.Line($"var reasons = outside & {D.MaskConstant("(int)RewardReasons.OutOfDomain")};");
            foreach (var group in p.ConflictGroups)
                w.Wrapped($"reasons |= {Side(group.Left)} & {Side(group.Right)} & {D.MaskConstant("(int)RewardReasons.Conflict")}; // related by {group.RelatedBy}");
            foreach (var gap in p.GapGroups)
                w.Wrapped($"reasons |= ~({string.Join(" | ", gap.Norms.Select(k => ContextOf(p.Norms[k])))}) & {D.MaskConstant("(int)RewardReasons.Gap")}; // concern {gap.Concern}");
            w.Line($"var uncertainty = {D.Floats}.Zero;");
            foreach (var rule in p.Uncertainty)
            {
                string fired = "fired" + rule.Rule.ToString(CultureInfo.InvariantCulture);
                switch (rule.Trigger)
                {
                    case UncertainTrigger.Guard:
                        w.Wrapped($"var {fired} = {Condition(rule.When)};{(rule.Reason is null ? "" : " // " + CodeWriter.OneLine(rule.Reason))}");
                        w.Line($"reasons |= {fired} & {D.MaskConstant("(int)RewardReasons.Explicit")};");
                        break;
                    case UncertainTrigger.Conflict:
                        w.Line($"var {fired} = ~{D.Ops}.Equals(reasons & {D.MaskConstant("(int)RewardReasons.Conflict")}, {NoLanes});");
                        break;
                    default:
                        w.Line($"var {fired} = ~{D.Ops}.Equals(reasons & {D.MaskConstant("(int)RewardReasons.Gap")}, {NoLanes});");
                        break;
                }
                w.Line($"uncertainty = {D.Ops}.Max(uncertainty, {D.SelectFloats(fired, Float(rule.Weight), D.Floats + ".Zero")});");
            }
            w.Line();
            w.Line("// Invalid lanes: total, base 0, uncertainty 1, reasons OutOfDomain | Invalid (no norm was active on them).");
            w.Line($"{D.Ops}.StoreUnsafe({D.SelectFloats("valid", "total", D.Floats + ".Zero")}, ref out_total, at);");
            w.Line($"{D.Ops}.StoreUnsafe({D.SelectFloats("valid", "@base", D.Floats + ".Zero")}, ref out_base, at);");
            w.Line($"{D.Ops}.StoreUnsafe({D.SelectFloats("valid", "uncertainty", D.Floats + ".One")}, ref out_uncertainty, at);");
            w.Wrapped($"{D.Helpers}.StoreReasons({D.Ops}.ConditionalSelect(valid, reasons, {D.MaskConstant("(int)(RewardReasons.OutOfDomain | RewardReasons.Invalid)")}), ref out_reasons, at);");
        }

        private string Side(IEnumerable<int> norms)
        {
            var names = norms.Select(k => EffectOf(Program.Norms[k])).ToList();
            return names.Count == 1 ? names[0] : "(" + string.Join(" | ", names) + ")";
        }

        private void DomainCheck(CodeWriter w, InputCheck input)
        {
            string local = N.Signal(input);
            switch (input.Kind)
            {
                case InputKind.Flag:
                    w.Line($"var {local} = {D.Helpers}.FromFlags(ref {N.In(input)}, at);");
                    break;
                case InputKind.Category:
                    w.Line($"var {local} = {D.Ops}.LoadUnsafe(ref {N.In(input)}, at);");
                    w.Wrapped($"valid &= {D.CategoryBelow(local, input.Categories)};");
                    break;
                case InputKind.Ensemble:
                {
                    string Out(EnsembleStatistic statistic) => input.Statistics.Contains(statistic) ? "out var " + N.Statistic(input, statistic) : "out _";
                    w.Line($"// {input.Name}: members transposed into lanes, clamped, then population statistics.");
                    w.Wrapped($"{D.Helpers}.Ensemble(ref {N.In(input)}, at, {input.Members}, {Float(input.Low)}, {Float(input.High)}, members_{input.Name}, " +
                              $"{Out(EnsembleStatistic.Mean)}, {Out(EnsembleStatistic.Var)}, {Out(EnsembleStatistic.Std)}, {Out(EnsembleStatistic.Min)}, " +
                              $"{Out(EnsembleStatistic.Max)}, out var valid_{input.Name}, out var outside_{input.Name});");
                    w.Line($"valid &= valid_{input.Name};");
                    w.Line($"outside |= outside_{input.Name};");
                    break;
                }
                default:
                {
                    w.Line($"var {local} = {D.Ops}.LoadUnsafe(ref {N.In(input)}, at);");
                    w.Line($"valid &= {D.Helpers}.IsFinite({local});");
                    // NaN and ±Inf lanes may be counted outside and clamped too: they are invalid, so it does not matter.
                    var tests = new List<string>();
                    string source = local;
                    if (input.Kind == InputKind.Count)
                    {
                        w.Line($"var rounded_{input.Name} = {D.Ops}.Round({local});");
                        tests.Add("~" + D.FloatCompare("Equals", local, "rounded_" + input.Name));
                        source = "rounded_" + input.Name;
                    }
                    if (input.HasLow) tests.Add(D.FloatCompare("LessThan", local, Float(input.Low)));
                    if (input.HasHigh) tests.Add(D.FloatCompare("GreaterThan", local, Float(input.High)));
                    if (tests.Count == 0) break;
                    string clamped = input.HasLow && input.HasHigh ? $"{D.Helpers}.Clamp({source}, {Float(input.Low)}, {Float(input.High)})"
                        : input.HasLow ? $"{D.Ops}.Max({source}, {Float(input.Low)})"
                        : $"{D.Ops}.Min({source}, {Float(input.High)})";
                    w.Wrapped($"var fix_{input.Name} = {string.Join(" | ", tests)};");
                    w.Line($"outside |= fix_{input.Name};");
                    w.Wrapped($"{local} = {D.SelectFloats("fix_" + input.Name, clamped, local)};");
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
            UnaryOperator.Abs => $"{D.Ops}.Abs({x})",
            UnaryOperator.Exp => $"{D.Helpers}.Exp({x})",
            UnaryOperator.Log => $"{D.Helpers}.Log({x})",
            UnaryOperator.Sigmoid => $"{D.Helpers}.Sigmoid({x})",
            _ => $"{D.Helpers}.Tanh({x})",
        };

        protected override string Binary(ArithmeticOperator op, string l, string r) => op switch
        {
            ArithmeticOperator.Min => $"{D.Ops}.Min({l}, {r})",
            ArithmeticOperator.Max => $"{D.Ops}.Max({l}, {r})",
            _ => "(" + l + " " + Symbol(op) + " " + r + ")",
        };

        protected override string Constant(bool value) => value ? AllLanes : NoLanes;
        protected override string TestResult(int test) => N.Test(test);

        protected override string And(string l, string r) =>
            l == NoLanes || r == NoLanes ? NoLanes : l == AllLanes ? r : r == AllLanes ? l : "(" + l + " & " + r + ")";

        protected override string Or(string l, string r) =>
            l == AllLanes || r == AllLanes ? AllLanes : l == NoLanes ? r : r == NoLanes ? l : "(" + l + " | " + r + ")";

        protected override string Not(string x) => x == NoLanes ? AllLanes : x == AllLanes ? NoLanes : "~" + x;

        protected override string Compare(string subject, ComparisonOperator op, float constant)
        {
            string k = Float(constant);
            return op switch
            {
                ComparisonOperator.Less => D.FloatCompare("LessThan", subject, k),
                ComparisonOperator.LessOrEqual => D.FloatCompare("LessThanOrEqual", subject, k),
                ComparisonOperator.Greater => D.FloatCompare("GreaterThan", subject, k),
                ComparisonOperator.GreaterOrEqual => D.FloatCompare("GreaterThanOrEqual", subject, k),
                ComparisonOperator.Equal => D.FloatCompare("Equals", subject, k),
                _ => "~" + D.FloatCompare("Equals", subject, k),
            };
        }

        protected override string Category(InputCheck input, int[] codes) =>
            string.Join(" | ", codes.Select(v => $"{D.Ops}.Equals({N.Signal(input)}, {D.MaskConstant(v.ToString(CultureInfo.InvariantCulture))})"));

        protected override string Flag(InputCheck input) => N.Signal(input);
    }
}
