using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ContractDsl.Binding;
using ContractDsl.Syntax;
using static ContractDsl.Generators.Emit.ModuleShape;

namespace ContractDsl.Generators.Emit
{
    /// <summary>
    /// Emits <c>EvaluateVectors</c>: the same §4 steps as the scalar kernel, on one <c>Vector&lt;float&gt;</c> of
    /// samples at a time. Guards become lane masks; every amount is computed on every lane and selected by
    /// activity; invalid lanes are overwritten at the end. Every operation is the lane-wise twin of the scalar
    /// one (transcendentals run <c>MathF</c> per lane), so results are bit-identical to the scalar kernel.
    /// </summary>
    internal static class VectorKernelEmitter
    {
        private const string VF = "global::System.Numerics.Vector<float>";
        private const string VI = "global::System.Numerics.Vector<int>";
        private const string V = "global::System.Numerics.Vector";
        private const string Lane = Runtime + ".LaneMath";

        public static void Emit(CodeWriter w, ModuleShape shape)
        {
            var c = shape.Contract;
            var used = shape.UsedMembers();
            var expr = new VectorExpressionEmitter(c);

            // Emit the loop body first: it decides which constants are needed, and those are hoisted above the loop.
            var body = new CodeWriter();
            body.Indent();
            body.Indent();
            EmitBody(body, shape, expr, used);

            w.Line("/// <summary>The vectorised kernel: samples [0, end) in blocks of <c>Vector&lt;float&gt;.Count</c>; end is a multiple of it.</summary>");
            w.Line($"private static void EvaluateVectors(in Batch batch, {Runtime}.RewardOutputSpans outputs, int end{CpuModuleEmitter.ParamParameters(c)})");
            w.Line("{");
            w.Indent();
            w.Line("int n = batch.Count;");
            w.Line($"int width = {VF}.Count;");
            foreach (var s in c.Signals.Where(s => s.Kind == SignalKind.Ensemble))
            {
                w.Line($"global::System.Span<float> members_{s.Name} = stackalloc float[{s.EnsembleSize} * width];");
            }
            foreach (var p in c.Params) w.Line($"var v{ParamLocal(p)} = new {VF}({ParamLocal(p)});");
            w.Line("// Constants, broadcast once.");
            foreach (var constant in expr.FloatConstants) w.Line($"var {constant.Value} = new {VF}({Naming.Float(constant.Key)});");
            foreach (var constant in expr.IntConstants) w.Line($"var {constant.Value} = new {VI}({constant.Key});");
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
            foreach (var line in body.ToString().TrimEnd('\n').Split('\n')) w.Line(line.TrimStart().Length == 0 ? "" : line.Substring(8));
            w.Unindent();
            w.Line("}");
            w.Unindent();
            w.Line("}");
        }

        private static void EmitBody(CodeWriter w, ModuleShape shape, VectorExpressionEmitter expr, HashSet<(int Signal, EnsembleStatistic Statistic)> used)
        {
            var c = shape.Contract;
            w.Line($"var invalid = {VI}.Zero;");
            w.Line($"var outside = {VI}.Zero;");
            w.Line();
            w.Line("// 1. Domain check, lane by lane: the same clamps as the scalar kernel, applied only where a value is outside.");
            foreach (var s in c.Signals) EmitDomainCheck(w, shape, s, expr, used);
            w.Line();
            if (c.Lets.Length > 0)
            {
                w.Line("// Lets, dependencies first.");
                foreach (var l in c.Lets) w.Line($"var {LetLocal(l)} = {expr.Emit(l.Value)}; // {CodeWriter.OneLine(l.Text)}");
                w.Line();
            }
            w.Line($"// 2. Base reward: {CodeWriter.OneLine(c.RewardText)}");
            w.Line($"var @base = {expr.Emit(c.Reward)};");
            w.Line();
            w.Line("// 3. Norms: guards are lane masks; amounts are computed on every lane and kept where the norm is active.");
            foreach (var norm in c.Norms)
            {
                w.Line($"// norm {norm.Name}");
                w.Line($"var {ContextLocal(norm)} = {(norm.Context is null ? VI + ".AllBitsSet" : expr.EmitGuard(norm.Context))};");
                w.Line(norm.Guard is null
                    ? $"var {ActiveLocal(norm)} = {ContextLocal(norm)};"
                    : $"var {ActiveLocal(norm)} = {ContextLocal(norm)} & {expr.EmitGuard(norm.Guard)};");
                if (norm.Effect == EffectKind.Allow || norm.Amount is null)
                {
                    w.Line($"var {ContributionLocal(norm)} = {VF}.Zero;");
                    continue;
                }
                string amount = expr.Emit(norm.Amount);
                if (norm.Cap is double cap) amount = $"{Lane}.Clamp({amount}, {expr.Float(-cap)}, {expr.Float(cap)})";
                string signed = norm.Effect == EffectKind.Penalize ? "-" + amount : amount;
                w.Line($"var {ContributionLocal(norm)} = {V}.ConditionalSelect({ActiveLocal(norm)}, {signed}, {VF}.Zero);");
            }

            var ir = shape.IR;
            if (c.Norms.Any(nm => ir.SuppressedBy[nm.Index].Length > 0 && nm.Effect != EffectKind.Allow))
            {
                w.Line();
                w.Line("// 4. Preferences: an active norm silences every active norm it is preferred over (transitively).");
                foreach (var norm in c.Norms)
                {
                    var by = ir.SuppressedBy[norm.Index];
                    if (by.Length == 0 || norm.Effect == EffectKind.Allow) continue;
                    w.Line($"{ContributionLocal(norm)} = {V}.ConditionalSelect({ActiveLocal(norm)} & ({string.Join(" | ", by.Select(a => ActiveLocal(c.Norms[a])))}), {VF}.Zero, {ContributionLocal(norm)});");
                }
            }
            w.Line();
            w.Line("// 5. Total, summed in norm order.");
            w.Line("var total = @base" + string.Concat(c.Norms.Select(nm => " + " + ContributionLocal(nm))) + ";");
            w.Line();
            w.Line("// 6. Reasons (one int of flags per lane) and uncertainty.");
            w.Line($"var reasons = outside & {expr.Int(8)};");
            foreach (var pair in ir.ConflictPairs)
                w.Line($"reasons |= {ActiveLocal(c.Norms[pair.First])} & {ActiveLocal(c.Norms[pair.Second])} & {expr.Int(1)}; // conflict");
            foreach (var gap in ir.GapGroups)
                w.Line($"reasons |= ~({string.Join(" | ", gap.Norms.Select(k => ContextLocal(c.Norms[k])))}) & {expr.Int(2)}; // gap in concern {gap.Concern}");
            w.Line($"var uncertainty = {VF}.Zero;");
            foreach (var rule in c.Uncertainty)
            {
                string weight = expr.Float(rule.Weight);
                switch (rule.Trigger)
                {
                    case UncertainTrigger.Guard:
                        w.Line($"var fired{rule.Index} = {expr.EmitGuard(rule.Guard!)};");
                        w.Line($"reasons |= fired{rule.Index} & {expr.Int(4)};");
                        break;
                    case UncertainTrigger.Conflict:
                        w.Line($"var fired{rule.Index} = ~{V}.Equals(reasons & {expr.Int(1)}, {VI}.Zero);");
                        break;
                    default:
                        w.Line($"var fired{rule.Index} = ~{V}.Equals(reasons & {expr.Int(2)}, {VI}.Zero);");
                        break;
                }
                w.Line($"uncertainty = {V}.Max(uncertainty, {V}.ConditionalSelect(fired{rule.Index}, {weight}, {VF}.Zero));");
            }
            w.Line();
            w.Line("// Invalid lanes: everything 0, uncertainty 1, reasons OutOfDomain | Invalid.");
            w.Line($"total = {V}.ConditionalSelect(invalid, {VF}.Zero, total);");
            w.Line($"@base = {V}.ConditionalSelect(invalid, {VF}.Zero, @base);");
            w.Line($"uncertainty = {V}.ConditionalSelect(invalid, {VF}.One, uncertainty);");
            w.Line($"reasons = {V}.ConditionalSelect(invalid, {expr.Int(8 | 16)}, reasons);");
            w.Line("total.CopyTo(outTotal.Slice(i));");
            w.Line("@base.CopyTo(outBase.Slice(i));");
            foreach (var norm in c.Norms)
            {
                w.Line($"{V}.ConditionalSelect(invalid, {VF}.Zero, {ContributionLocal(norm)}).CopyTo(outContributions.Slice({norm.Index} * n + i));");
                w.Line($"{Lane}.StoreFlags({ActiveLocal(norm)} & ~invalid, outActive.Slice({norm.Index} * n + i));");
            }
            w.Line("uncertainty.CopyTo(outUncertainty.Slice(i));");
            w.Line($"{Lane}.StoreReasons(reasons, outReasons.Slice(i));");
        }

        private static void EmitDomainCheck(CodeWriter w, ModuleShape shape, BoundSignal s, VectorExpressionEmitter expr, HashSet<(int Signal, EnsembleStatistic Statistic)> used)
        {
            string column = "batch." + shape.ColumnNames[s.Index];
            string local = SignalLocal(s);
            bool lo = !double.IsNegativeInfinity(s.Low), hi = !double.IsPositiveInfinity(s.High);
            switch (s.Kind)
            {
                case SignalKind.Flag:
                    w.Line($"var {local} = {Lane}.FromFlags({column}.Slice(i));");
                    break;
                case SignalKind.Category:
                    w.Line($"var {local} = new {VI}(global::System.Runtime.InteropServices.MemoryMarshal.Cast<{shape.EnumType(s)}, int>({column}).Slice(i));");
                    w.Line($"invalid |= {V}.AsVectorInt32({V}.GreaterThanOrEqual({V}.AsVectorUInt32({local}), new global::System.Numerics.Vector<uint>({s.Categories.Length}u)));");
                    break;
                case SignalKind.Ensemble:
                    w.Line($"// {s.Name} : {s.TypeText} — members transposed into lanes, clamped, then population statistics.");
                    string Out(EnsembleStatistic stat) => used.Contains((s.Index, stat)) ? "out var " + MemberLocal(s, stat) : "out _";
                    w.Line($"{Lane}.Ensemble({column}, i, {s.EnsembleSize}, {expr.Float(s.Low)}, {expr.Float(s.High)}, members_{s.Name},");
                    w.Line($"    {Out(EnsembleStatistic.Mean)}, {Out(EnsembleStatistic.Var)}, {Out(EnsembleStatistic.Std)}, {Out(EnsembleStatistic.Min)}, {Out(EnsembleStatistic.Max)}, out var invalid_{s.Name}, out var outside_{s.Name});");
                    w.Line($"invalid |= invalid_{s.Name};");
                    w.Line($"outside |= outside_{s.Name};");
                    break;
                default:
                {
                    w.Line($"var {local} = new {VF}({column}.Slice(i));");
                    w.Line($"var finite_{s.Name} = {Lane}.IsFinite({local});");
                    w.Line($"invalid |= ~finite_{s.Name};");
                    var tests = new List<string>();
                    string source = local;
                    if (s.Kind == SignalKind.Count)
                    {
                        w.Line($"var rounded_{s.Name} = {V}.Round({local});");
                        tests.Add($"~{V}.Equals({local}, rounded_{s.Name})");
                        source = "rounded_" + s.Name;
                    }
                    if (lo) tests.Add($"{V}.LessThan({local}, {expr.Float(s.Low)})");
                    if (hi) tests.Add($"{V}.GreaterThan({local}, {expr.Float(s.High)})");
                    if (tests.Count == 0) break;
                    string clamped = lo && hi ? $"{Lane}.Clamp({source}, {expr.Float(s.Low)}, {expr.Float(s.High)})"
                        : lo ? $"{V}.Max({source}, {expr.Float(s.Low)})"
                        : $"{V}.Min({source}, {expr.Float(s.High)})";
                    w.Line($"var fix_{s.Name} = finite_{s.Name} & ({string.Join(" | ", tests)});");
                    w.Line($"outside |= fix_{s.Name};");
                    w.Line($"{local} = {V}.ConditionalSelect(fix_{s.Name}, {clamped}, {local});");
                    break;
                }
            }
        }
    }

    /// <summary>Bound expressions and guards as <c>Vector&lt;float&gt;</c> expressions and <c>Vector&lt;int&gt;</c> lane masks.</summary>
    internal sealed class VectorExpressionEmitter : TextExpressionEmitter
    {
        private const string V = "global::System.Numerics.Vector";
        private const string Lane = Runtime + ".LaneMath";

        public VectorExpressionEmitter(BoundContract contract) : base(contract) { }

        /// <summary>Float constants used so far, by value (hoisted out of the loop by the caller).</summary>
        public SortedDictionary<double, string> FloatConstants { get; } = new SortedDictionary<double, string>();

        public SortedDictionary<int, string> IntConstants { get; } = new SortedDictionary<int, string>();

        /// <summary>The hoisted broadcast of a float constant.</summary>
        public string Float(double value)
        {
            value = (float)value;
            if (!FloatConstants.TryGetValue(value, out var name))
            {
                string text = ((float)value).ToString("R", CultureInfo.InvariantCulture).Replace("-", "neg").Replace(".", "_").Replace("+", "");
                name = "f_" + text;
                FloatConstants.Add(value, name);
            }
            return name;
        }

        /// <summary>The hoisted broadcast of an int constant.</summary>
        public string Int(int value)
        {
            if (!IntConstants.TryGetValue(value, out var name))
            {
                name = "i_" + value.ToString(CultureInfo.InvariantCulture).Replace("-", "neg");
                IntConstants.Add(value, name);
            }
            return name;
        }

        protected override string Constant(double value) => Float(value);

        protected override string Param(BoundParam param) => "v" + ParamLocal(param);

        protected override string Call(BuiltinFunction function, string[] a) => function switch
        {
            BuiltinFunction.Min => $"{V}.Min({a[0]}, {a[1]})",
            BuiltinFunction.Max => $"{V}.Max({a[0]}, {a[1]})",
            BuiltinFunction.Clamp => $"{Lane}.Clamp({a[0]}, {a[1]}, {a[2]})",
            BuiltinFunction.Abs => $"{V}.Abs({a[0]})",
            BuiltinFunction.Exp => $"{Lane}.Exp({a[0]})",
            BuiltinFunction.Log => $"{Lane}.Log({a[0]})",
            BuiltinFunction.Sigmoid => $"{Lane}.Sigmoid({a[0]})",
            _ => $"{Lane}.Tanh({a[0]})",
        };

        protected override string And(string left, string right) => "(" + left + " & " + right + ")";

        protected override string Or(string left, string right) => "(" + left + " | " + right + ")";

        protected override string Not(string operand) => "~" + operand;

        protected override string Comparison(string x, ComparisonOperator op, double constant)
        {
            string k = Float(constant);
            return op switch
            {
                ComparisonOperator.Less => $"{V}.LessThan({x}, {k})",
                ComparisonOperator.LessOrEqual => $"{V}.LessThanOrEqual({x}, {k})",
                ComparisonOperator.Greater => $"{V}.GreaterThan({x}, {k})",
                ComparisonOperator.GreaterOrEqual => $"{V}.GreaterThanOrEqual({x}, {k})",
                ComparisonOperator.Equal => $"{V}.Equals({x}, {k})",
                _ => $"~{V}.Equals({x}, {k})",
            };
        }

        protected override string CategoryTest(BoundSignal signal, int[] values) => values.Length == 0
            ? "global::System.Numerics.Vector<int>.Zero"
            : "(" + string.Join(" | ", values.Select(v => $"{V}.Equals({SignalLocal(signal)}, {Int(v)})")) + ")";
    }
}
