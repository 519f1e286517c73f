using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ContractDsl.Binding;
using ContractDsl.Collections;
using ContractDsl.Diagnostics;
using ContractDsl.Evaluation;
using ContractDsl.Lowering;
using ContractDsl.Syntax;
using ContractDsl.Text;

namespace ContractDsl.Analysis
{
    /// <summary>
    /// The static analysis of an error-free bound contract (design brief §5): guard regions, reward intervals,
    /// gaps, conflicts, dead and shadowed norms with checked witnesses, levers, documentation and usage.
    /// Pure: the same contract gives the same (value-equal) result.
    /// </summary>
    public static class ContractAnalyzer
    {
        public static ContractAnalysis Analyze(BoundContract contract, AnalysisOptions? options = null)
        {
            if (contract == null) throw new ArgumentNullException(nameof(contract));
            return new AnalysisRun(contract, options ?? AnalysisOptions.Default).Run();
        }
    }

    internal sealed class AnalysisRun
    {
        private readonly BoundContract _c;
        private readonly AnalysisOptions _options;
        private readonly IntervalEnvironment _domains;
        private readonly IntervalEvaluator _evaluator;
        private readonly AxisTable _axes;
        private readonly RegionAlgebra _algebra;
        private readonly Feasibility _feasibility;
        private readonly ContractInterpreter _interpreter;
        private readonly WitnessFinder _witnesses;
        private readonly List<ContractDiagnostic> _diagnostics = new List<ContractDiagnostic>();
        private readonly List<Finding> _findings = new List<Finding>();
        private readonly Region?[] _context;
        private readonly Region?[] _active;
        private readonly bool[] _dead;
        private readonly bool[] _shadowed;
        private readonly Axis[][] _normAxes;
        private readonly Axis[][] _contextAxes;
        private readonly int[][] _dominators; // per norm: the norms preferred over it (transitively)

        public AnalysisRun(BoundContract contract, AnalysisOptions options)
        {
            _c = contract;
            _options = options;
            _domains = IntervalEnvironment.ForDomains(contract);
            _evaluator = new IntervalEvaluator(contract);
            _axes = new AxisTable(contract, _domains, _evaluator);
            _feasibility = new Feasibility(contract, _axes, _domains, _evaluator);
            _algebra = new RegionAlgebra(_axes, options.MaxBoxes, _feasibility.IsFeasible);
            _interpreter = new ContractInterpreter(contract);
            _witnesses = new WitnessFinder(contract, _interpreter, _axes, options);
            int n = contract.Norms.Length;
            _context = new Region?[n];
            _active = new Region?[n];
            _dead = new bool[n];
            _shadowed = new bool[n];
            _normAxes = contract.Norms.Select(x => AxesOf(x.Context, x.Guard)).ToArray();
            _contextAxes = contract.Norms.Select(x => AxesOf(x.Context, null)).ToArray();
            _dominators = new int[n][];
            var order = contract.Order;
            var list = new List<int>();
            for (int b = 0; b < n; b++)
            {
                list.Clear();
                for (int a = 0; a < n; a++)
                    if (a != b && order.Dominates(a, b)) list.Add(a);
                _dominators[b] = list.ToArray();
            }
        }

        private Axis[] AxesOf(BoundGuard? a, BoundGuard? b)
        {
            var subjects = new List<object>();
            Uses.Subjects(a, subjects);
            Uses.Subjects(b, subjects);
            var result = new List<Axis>();
            foreach (var subject in subjects)
            {
                var axis = subject switch
                {
                    BoundFlag f => _axes.FlagAxis(f.Signal),
                    BoundCategoryTest t => _axes.CategoryAxis(t.Signal),
                    _ => _axes.SubjectAxis((BoundExpression)subject),
                };
                if (!result.Contains(axis)) result.Add(axis);
            }
            return result.ToArray();
        }

        public ContractAnalysis Run()
        {
            BuildRegions();
            ComparisonsOutsideDomains();
            var (baseRange, facts, total) = Ranges();
            var coactive = Conflicts();
            Gaps();
            Shadowed();
            Levers();
            Documentation();
            Unused();

            var norms = facts.Select(f => f with { Shadowed = _shadowed[f.Norm] }).ToEquatableArray();
            var diagnostics = _diagnostics
                .Select((d, i) => (d, i))
                .OrderBy(x => x.d.Span.Start).ThenBy(x => x.d.Id, StringComparer.Ordinal).ThenBy(x => x.i)
                .Select(x => x.d)
                .ToEquatableArray();
            return new ContractAnalysis(_c.Name, baseRange, norms, total, _findings.ToEquatableArray(), diagnostics, _c.Norms.Length, coactive.ToEquatableArray());
        }

        // ---- reporting ------------------------------------------------------------------------------

        private void Report(DiagnosticDescriptorInfo descriptor, SourceSpan span, string message, params SourceSpan[] additional) =>
            _diagnostics.Add(new ContractDiagnostic(descriptor.Id, descriptor.DefaultSeverity, message, _c.Path, span, additional.ToEquatableArray()));

        private string Name(int norm) => "`" + _c.Norms[norm].Name + "`";

        private static string Code(string text) => "`" + text + "`";

        private static string Plural(int count, string one, string many) => count == 1 ? one : many;

        private void GiveUp(int norm, SourceSpan span, string what, string consequence)
        {
            string message = $"analysis gave up on {what} (too large: its region needs more than {_options.MaxBoxes} boxes); nothing was concluded about it: {consequence}";
            _findings.Add(new Finding(FindingKind.GaveUp, norm, -1, null, null, message));
            Report(DiagnosticCatalog.AnalysisGaveUp, span, message);
        }

        // ---- regions, dead norms (CDSL3002) ---------------------------------------------------------

        private void BuildRegions()
        {
            const string consequence = "whether the norm is dead, shadowed, leaves a gap or conflicts with another is unknown (conflicts are still checked at run time)";
            foreach (var norm in _c.Norms)
            {
                int n = norm.Index;
                Region? context = null, guard = null;
                try { context = _algebra.FromGuard(norm.Context); }
                catch (RegionTooLargeException) { GiveUp(n, norm.Context!.Span, $"the context of {Name(n)}", consequence); }
                try { guard = _algebra.FromGuard(norm.Guard); }
                catch (RegionTooLargeException) { GiveUp(n, norm.Guard!.Span, $"the guard of {Name(n)}", consequence); }
                _context[n] = context;
                if (context == null || guard == null) continue;
                try { _active[n] = _algebra.And(context, guard); }
                catch (RegionTooLargeException) { GiveUp(n, norm.Guard?.Span ?? norm.NameSpan, $"the context and guard of {Name(n)} together", consequence); continue; }

                if (!_active[n]!.IsEmpty) continue;
                _dead[n] = true;
                string why =
                    context.IsEmpty ? $"its context {Code(norm.ContextText ?? "")} never holds" :
                    guard.IsEmpty ? $"its guard {Code(norm.GuardText ?? "")} never holds" :
                    $"its context {Code(norm.ContextText ?? "")} and its guard {Code(norm.GuardText ?? "")} never hold together";
                string message = $"norm {Name(n)} can never be active: {why} within the signals' domains, so it never applies; remove it or correct the condition";
                _findings.Add(new Finding(FindingKind.DeadNorm, n, -1, null, null, message));
                Report(DiagnosticCatalog.DeadNorm, norm.NameSpan, message);
            }
        }

        // ---- CDSL1005 -------------------------------------------------------------------------------

        private void ComparisonsOutsideDomains()
        {
            var seen = new HashSet<SourceSpan>();
            var guards = _c.Norms.SelectMany(n => new[] { n.Context, n.Guard }).Concat(_c.Uncertainty.Select(u => u.Guard));
            foreach (var guard in guards)
                foreach (var cmp in Uses.Comparisons(guard))
                {
                    if (!seen.Add(cmp.Span)) continue;
                    var axis = _axes.SubjectAxis(cmp.Subject);
                    var holds = axis.Normalize(RegionAlgebra.ComparisonSet(cmp.Operator, cmp.Constant).Intersect(axis.Domain));
                    bool never = holds.IsEmpty, always = !never && holds.Equals(axis.Domain);
                    if (!never && !always) continue;
                    string text = ExpressionPrinter.Print(_c, cmp);
                    string subject = ExpressionPrinter.Print(_c, cmp.Subject);
                    string domain = DescribeDomain(axis, cmp.Subject);
                    if (float.IsInfinity((float)cmp.Constant))
                        domain += $", and {ExpressionPrinter.Number(cmp.Constant)} is beyond the float32 range (±3.4028235e38) the generated code compares in";
                    string advice = never
                        ? "compare with a constant inside the domain, or remove the condition (the clause it guards never applies)"
                        : "compare with a constant inside the domain, or remove the condition (it has no effect)";
                    Report(DiagnosticCatalog.ComparisonOutsideDomain, cmp.Span,
                        $"{Code(text)} is always {(never ? "false" : "true")}: {Code(subject)} {domain}; {advice}");
                }
        }

        private string DescribeDomain(Axis axis, BoundExpression subject)
        {
            switch (subject)
            {
                case BoundSignalValue s:
                {
                    var signal = _c.Signals[s.Signal];
                    string whole = signal.IsInteger ? "whole numbers " : "values ";
                    return $"is a {signal.TypeText}: it only takes {whole}in [{Interval.Format((float)signal.Low)}, {Interval.Format((float)signal.High)}]";
                }
                case BoundEnsembleMember:
                    return $"only takes values in {axis.Range}";
                default:
                    return $"only takes values in {axis.Range} (interval analysis over the signals' domains and the params' bounds)";
            }
        }

        // ---- intervals: ranges, CDSL1008, CDSL2002, CDSL4001 ----------------------------------------

        private IntervalEnvironment EnvironmentFor(Box box) => _feasibility.EnvironmentFor(box);

        /// <summary>The environments of a norm's activation region: one per box (up to 64), else the domains.</summary>
        private IEnumerable<IntervalEnvironment> EnvironmentsOf(int norm)
        {
            var region = _active[norm];
            if (region == null || region.Count > 64) { yield return _domains.Copy(); yield break; }
            foreach (var box in region.Boxes) yield return EnvironmentFor(box);
        }

        private Interval Over(BoundExpression e, int norm)
        {
            var result = Interval.Empty;
            foreach (var env in EnvironmentsOf(norm)) result = result.Hull(_evaluator.Eval(e, env));
            return result;
        }

        private (Interval Base, List<NormFacts> Facts, Interval Total) Ranges()
        {
            var baseRange = _evaluator.Eval(_c.Reward, _domains.Copy());
            var facts = new List<NormFacts>();
            var total = baseRange;
            foreach (var norm in _c.Norms)
            {
                int n = norm.Index;
                Interval amount = Interval.Empty, contribution = Interval.Zero;
                if (norm.Effect != EffectKind.Allow && norm.Amount != null && !_dead[n])
                {
                    var raw = Over(norm.Amount, n);
                    if (!raw.IsEmpty && raw.Low < 0)
                    {
                        string which = norm.Effect == EffectKind.Penalize ? "a negative penalty rewards" : "a negative reward penalizes";
                        var spans = norm.AmountSpan is SourceSpan a ? new[] { a } : Array.Empty<SourceSpan>();
                        Report(DiagnosticCatalog.AmountMayBeNegative, norm.NameSpan,
                            $"the amount of {Name(n)} ({Code(norm.AmountText ?? "")}) can be negative when {Name(n)} is active (range {raw}): {which}, so the direction is ambiguous; make it non-negative (e.g. `max(0, ...)`), narrow the guard, or use the opposite effect",
                            spans);
                    }
                    amount = raw;
                    if (norm.Cap is double cap)
                    {
                        var c = IntervalMath.Constant(cap);
                        amount = IntervalMath.Clamp(amount, IntervalMath.Negate(c), c);
                    }
                    var signed = norm.Effect == EffectKind.Reward ? amount : IntervalMath.Negate(amount);
                    bool alwaysActive = _active[n] is Region r && r.Count == 1 && r.Boxes[0].Constrained.Length == 0;
                    bool suppressible = _dominators[n].Length > 0;
                    contribution = alwaysActive && !suppressible ? signed : signed.WithZero();
                }
                facts.Add(new NormFacts(n, norm.Name, amount, contribution, _dead[n], false, _active[n] != null));
                total = IntervalMath.Add(total, contribution);
            }

            bool below = double.IsNegativeInfinity(total.Low), above = double.IsPositiveInfinity(total.High);
            if (below || above) ReportUnbounded(baseRange, facts, total, below, above);

            if (_c.Welfare is { } welfare && welfare.From == null && (welfare.Kind == WelfareKind.Nash || welfare.Kind == WelfareKind.Power) && (total.IsEmpty || double.IsNegativeInfinity(total.Low)))
            {
                string kind = welfare.Kind == WelfareKind.Nash ? "nash" : "power";
                Report(DiagnosticCatalog.NoDisagreementPoint, welfare.Span,
                    $"`{kind}` welfare needs a finite disagreement point, but the total reward is unbounded below (range {total}), so its lower bound can't serve: add `from <number>` to the welfare rule, or bound the reward (see CDSL2002)");
            }
            return (baseRange, facts, total);
        }

        private void ReportUnbounded(Interval baseRange, List<NormFacts> facts, Interval total, bool below, bool above)
        {
            var parts = new List<string>();
            var spans = new List<SourceSpan>();
            void Consider(string label, SourceSpan span, BoundExpression expression, Interval range, IEnumerable<IntervalEnvironment> envs)
            {
                bool low = double.IsNegativeInfinity(range.Low) && below, high = double.IsPositiveInfinity(range.High) && above;
                if (!low && !high) return;
                string cause = Cause(expression, envs.First());
                parts.Add($"{label} is unbounded {(low && high ? "both ways" : low ? "below" : "above")}{cause}");
                spans.Add(span);
            }
            Consider($"the base reward {Code(_c.RewardText)}", _c.RewardSpan, _c.Reward, baseRange, new[] { _domains.Copy() });
            foreach (var f in facts)
            {
                var norm = _c.Norms[f.Norm];
                if (norm.Amount == null || f.Contribution.IsEmpty) continue;
                Consider($"the contribution of {Name(f.Norm)} ({Code(norm.AmountText ?? "")})", norm.NameSpan, norm.Amount, f.Contribution, EnvironmentsOf(f.Norm));
            }
            if (parts.Count == 0) { parts.Add("the sum of the terms overflows float32"); spans.Add(_c.RewardSpan); }
            string direction = below && above ? "above and below" : below ? "below" : "above";
            Report(DiagnosticCatalog.UnboundedReward, spans[0],
                $"the total reward is unbounded {direction} (range {total}): {string.Join("; ", parts)}; declare finite bounds (`in [lo, hi]`), `clamp` the term, or `cap` the norm",
                spans.Skip(1).ToArray());
        }

        /// <summary>Why an expression is unbounded: the unbounded signals it reads, else the operation that overflows.</summary>
        private string Cause(BoundExpression e, IntervalEnvironment env)
        {
            var signals = new HashSet<int>();
            Uses.Collect(_c, e, signals);
            var unbounded = signals.OrderBy(s => s).Select(s => _c.Signals[s])
                .Where(s => s.IsScalar || s.Kind == SignalKind.Ensemble)
                .Where(s => double.IsInfinity(s.Low) || double.IsInfinity(s.High))
                .Select(s => $"{Code(s.Name)} ({s.TypeText}{(double.IsInfinity(s.Low) && double.IsInfinity(s.High) ? ", no bounds" : double.IsInfinity(s.High) ? ", no upper bound" : ", no lower bound")})")
                .ToList();
            if (unbounded.Count > 0) return $" because it reads {string.Join(", ", unbounded)}";
            var source = Source(e, env);
            if (source == null) return "";
            return source switch
            {
                BoundBinary { Operator: BinaryOperator.Divide } d =>
                    $": {Code(ExpressionPrinter.Print(_c, d))} divides by a range that contains 0 ({_evaluator.Eval(d.Right, env)})",
                _ => $": {Code(ExpressionPrinter.Print(_c, source))} can overflow float32",
            };
        }

        private BoundExpression? Source(BoundExpression e, IntervalEnvironment env)
        {
            if (_evaluator.Eval(e, env).IsFinite) return null;
            IEnumerable<BoundExpression> children = e switch
            {
                BoundNegate n => new[] { n.Operand },
                BoundBinary b => new[] { b.Left, b.Right },
                BoundCall c => c.Arguments,
                BoundLetValue l => new[] { _c.Lets[l.Let].Value },
                _ => Array.Empty<BoundExpression>(),
            };
            foreach (var child in children)
            {
                var inner = Source(child, env);
                if (inner != null) return inner;
            }
            return e;
        }

        // ---- conflicts (CDSL3001) -------------------------------------------------------------------

        private ulong[] Conflicts()
        {
            int count = _c.Norms.Length;
            long bits = (long)count * count;
            var matrix = new ulong[(bits + 63) / 64];
            for (int w = 0; w < matrix.Length; w++) matrix[w] = ulong.MaxValue;
            void Clear(int a, int b)
            {
                long bit = (long)a * count + b;
                matrix[bit >> 6] &= ~(1UL << (int)(bit & 63));
            }

            var norms = _c.Norms;
            for (int i = 0; i < count; i++)
            {
                var ai = _active[i];
                if (ai == null) continue;
                for (int j = i + 1; j < count; j++)
                {
                    if (!Lowerer.CanConflict(norms[i], norms[j]) || _c.Order.Related(i, j)) continue;
                    var aj = _active[j];
                    if (aj == null) continue;
                    if (!_algebra.Intersects(ai, aj)) { Clear(i, j); Clear(j, i); continue; }
                    Region both;
                    try { both = _algebra.And(ai, aj); }
                    catch (RegionTooLargeException)
                    {
                        GiveUp(i, norms[i].NameSpan, $"whether {Name(i)} and {Name(j)} conflict", "the pair is checked at run time (the `Conflict` reason)");
                        continue;
                    }
                    if (both.IsEmpty) { Clear(i, j); Clear(j, i); continue; }
                    ReportConflict(i, j, both);
                }
            }
            return matrix;
        }

        private void ReportConflict(int i, int j, Region both)
        {
            var a = _c.Norms[i];
            var b = _c.Norms[j];
            int ii = i, jj = j;
            var sample = _witnesses.Find(both, v => _interpreter.IsActive(ii, v) && _interpreter.IsActive(jj, v));
            if (sample == null)
            {
                string message = $"analysis could not confirm a possible conflict between {Name(i)} and {Name(j)}: their guards overlap on derived values ({string.Join(", ", _normAxes[i].Concat(_normAxes[j]).Where(x => x.IsDerived).Select(x => Code(x.Name)).Distinct())}) but no sample realising the overlap was found; nothing was concluded about the pair (it is still checked at run time)";
                _findings.Add(new Finding(FindingKind.GaveUp, i, j, null, null, message));
                Report(DiagnosticCatalog.AnalysisGaveUp, a.NameSpan, message, b.NameSpan);
                return;
            }
            var witness = MakeWitness(sample, _normAxes[i].Concat(_normAxes[j]));
            string what = a.Sign * b.Sign < 0
                ? $"norms {Name(i)} ({Effect(a)}) and {Name(j)} ({Effect(b)}) can both be active with opposite effects"
                : $"norms {Name(i)} ({Effect(a)}) and {Name(j)} ({Effect(b)}) of concern {Code(a.Concern)} can both be active and give contradictory guidance";
            string msg = $"{what} (witness: {witness.Text}) and neither is preferred: add `prefer {a.Name} over {b.Name}` (or `prefer {b.Name} over {a.Name}`), or narrow a guard so that they can't both apply";
            _findings.Add(new Finding(FindingKind.Conflict, i, j, a.Concern == b.Concern ? a.Concern : null, witness, msg));
            Report(DiagnosticCatalog.Conflict, a.NameSpan, msg, b.NameSpan);
        }

        private static string Effect(BoundNorm n) => n.Effect switch { EffectKind.Reward => "reward", EffectKind.Penalize => "penalize", _ => "allow" };

        private Witness MakeWitness(Sample sample, IEnumerable<Axis> involved) =>
            new Witness(_witnesses.Describe(sample, involved.Distinct().OrderBy(a => a.Id)).ToEquatableArray(), sample);

        // ---- gaps (CDSL2001) ------------------------------------------------------------------------

        private void Gaps()
        {
            var groups = _c.Norms
                .GroupBy(n => n.Concern)
                .Where(g => g.Any(n => n.Context != null) && g.All(n => n.Context != null));
            foreach (var group in groups)
            {
                var members = group.Select(n => n.Index).ToArray();
                if (members.Any(n => _context[n] == null)) continue; // gave up on a context: already reported
                Region gap = _algebra.Full;
                try
                {
                    foreach (int n in members)
                    {
                        gap = _algebra.Difference(gap, _context[n]!);
                        if (gap.IsEmpty) break;
                    }
                }
                catch (RegionTooLargeException)
                {
                    GiveUp(members[0], _c.Norms[members[0]].NameSpan, $"the gap analysis of concern {Code(group.Key)}", "whether its contexts cover every case is unknown (gaps are still flagged at run time)");
                    continue;
                }
                if (gap.IsEmpty) continue;
                var first = _c.Norms[members[0]];
                var sample = _witnesses.Find(gap, v => members.All(n => !_interpreter.ContextHolds(n, v)));
                var others = members.Skip(1).Select(n => _c.Norms[n].NameSpan).ToArray();
                if (sample == null)
                {
                    string message = $"analysis could not confirm a possible gap in concern {Code(group.Key)}: the contexts leave part of the space of derived values ({string.Join(", ", members.SelectMany(n => _contextAxes[n]).Where(x => x.IsDerived).Select(x => Code(x.Name)).Distinct())}) uncovered, but no sample realising it was found; nothing was concluded (gaps are still flagged at run time)";
                    _findings.Add(new Finding(FindingKind.GaveUp, members[0], -1, group.Key, null, message));
                    Report(DiagnosticCatalog.AnalysisGaveUp, first.NameSpan, message, others);
                    continue;
                }
                var witness = MakeWitness(sample, members.SelectMany(n => _contextAxes[n]));
                string norms = string.Join(", ", members.Select(Name));
                string msg = $"concern {Code(group.Key)} gives no guidance when {witness.Text}: no context of its {Plural(members.Length, "norm", "norms")} ({norms}) holds there; cover it with a norm of concern {Code(group.Key)} (e.g. an `allow` for that case) or widen a context";
                _findings.Add(new Finding(FindingKind.Gap, members[0], -1, group.Key, witness, msg) { Others = members.Skip(1).ToEquatableArray() });
                Report(DiagnosticCatalog.Gap, first.NameSpan, msg, others);
            }
        }

        // ---- shadowed norms (CDSL3003) --------------------------------------------------------------

        private void Shadowed()
        {
            int count = _c.Norms.Length;
            for (int b = 0; b < count; b++)
            {
                var region = _active[b];
                if (region == null || region.IsEmpty) continue;
                var dominators = _dominators[b].Where(a => _active[a] != null && !_active[a]!.IsEmpty).ToList();
                if (dominators.Count == 0) continue;
                try
                {
                    List<int>? by = null;
                    foreach (int a in dominators)
                        if (_algebra.IsSubset(region, _active[a]!)) { by = new List<int> { a }; break; }
                    if (by == null && dominators.Count > 1)
                    {
                        var rest = region;
                        foreach (int a in dominators)
                        {
                            rest = _algebra.Difference(rest, _active[a]!);
                            if (rest.IsEmpty) break;
                        }
                        if (rest.IsEmpty) by = dominators.Where(a => _algebra.Intersects(region, _active[a]!)).ToList();
                    }
                    if (by == null) continue;
                    _shadowed[b] = true;
                    string who = by.Count == 1 ? $"{Name(by[0])}, which is preferred over it, is active too" : $"one of {string.Join(", ", by.Select(Name))} (each preferred over it) is active too";
                    string message = $"norm {Name(b)} is shadowed: whenever it is active, {who}, so {Name(b)} never contributes; remove it, narrow the preferred {Plural(by.Count, "norm", "norms")}, or drop the preference";
                    _findings.Add(new Finding(FindingKind.ShadowedNorm, b, by[0], null, null, message) { Others = by.Skip(1).ToEquatableArray() });
                    Report(DiagnosticCatalog.ShadowedNorm, _c.Norms[b].NameSpan, message, by.Select(a => _c.Norms[a].NameSpan).ToArray());
                }
                catch (RegionTooLargeException)
                {
                    GiveUp(b, _c.Norms[b].NameSpan, $"whether {Name(b)} is shadowed by the norms preferred over it", "it may or may not ever contribute");
                }
            }
        }

        // ---- levers (CDSL2003) ----------------------------------------------------------------------

        private void Levers()
        {
            var controlled = _c.Signals.Where(s => s.Controlled && (s.IsScalar || s.Kind == SignalKind.Ensemble)).ToList();
            if (controlled.Count == 0) return;
            var penalized = new HashSet<int>();
            foreach (var n in _c.Norms.Where(n => n.Effect == EffectKind.Penalize))
            {
                Uses.Collect(_c, n.Context, penalized);
                Uses.Collect(_c, n.Guard, penalized);
                Uses.Collect(_c, n.Amount, penalized);
            }
            var monotonicity = new Monotonicity(_c, _evaluator);
            foreach (var signal in controlled)
            {
                if (penalized.Contains(signal.Index)) continue;
                var terms = new List<(string Label, SourceSpan Span, BoundExpression Expression, IEnumerable<IntervalEnvironment> Envs)>
                {
                    ($"the base reward {Code(_c.RewardText)}", _c.RewardSpan, _c.Reward, new[] { _domains.Copy() }),
                };
                foreach (var n in _c.Norms.Where(n => n.Effect == EffectKind.Reward && n.Amount != null && !_dead[n.Index]))
                    terms.Add(($"the reward of {Name(n.Index)} ({Code(n.AmountText ?? "")})", n.NameSpan, n.Amount!, EnvironmentsOf(n.Index)));
                foreach (var term in terms)
                {
                    var trend = Trend.None;
                    foreach (var env in term.Envs) trend = trend.Or(monotonicity.Of(term.Expression, signal.Index, env));
                    if (!trend.CanIncrease) continue;
                    string how = trend.CanDecrease ? "can increase" : "increases";
                    Report(DiagnosticCatalog.RewardHackingLever, term.Span,
                        $"{term.Label} {how} with {Code(signal.Name)}, which the agent controls, and no `penalize` norm mentions {Code(signal.Name)}: the agent can raise its reward just by moving {Code(signal.Name)} (reward hacking); add a `penalize` norm on {Code(signal.Name)}, or cap or remove the term",
                        signal.Span);
                }
            }
        }

        // ---- CDSL2004, CDSL2005 ---------------------------------------------------------------------

        private void Documentation()
        {
            foreach (var n in _c.Norms)
                if (string.IsNullOrWhiteSpace(n.Rationale))
                    Report(DiagnosticCatalog.NormWithoutRationale, n.NameSpan,
                        $"norm {Name(n.Index)} has no rationale: say why the clause exists (`norm {n.Name} \"...\"`) so the contract card documents it");
        }

        private void Unused()
        {
            var signals = new HashSet<int>();
            var parameters = new HashSet<int>();
            var lets = new HashSet<int>();
            void Expression(BoundExpression? e) => Uses.Collect(_c, e, signals, parameters, lets, expandLets: false);
            void Guard(BoundGuard? g) => Uses.Collect(_c, g, signals, parameters, lets, expandLets: false);
            Expression(_c.Reward);
            foreach (var l in _c.Lets) Expression(l.Value);
            foreach (var n in _c.Norms) { Guard(n.Context); Guard(n.Guard); Expression(n.Amount); }
            foreach (var u in _c.Uncertainty) Guard(u.Guard);
            if (_c.Welfare is { Category: >= 0 } w) signals.Add(w.Category);

            const string where = "no reward, let, norm, uncertainty rule or welfare rule reads it";
            foreach (var s in _c.Signals.Where(s => !signals.Contains(s.Index)))
                Report(DiagnosticCatalog.UnusedDeclaration, s.Span, $"signal {Code(s.Name)} is never used: {where}; use it or remove it (the training job still has to supply it)");
            foreach (var p in _c.Params.Where(p => !parameters.Contains(p.Index)))
                Report(DiagnosticCatalog.UnusedDeclaration, p.Span, $"param {Code(p.Name)} is never used: {where}; use it or remove it");
            foreach (var l in _c.Lets.Where(l => !lets.Contains(l.Index)))
                Report(DiagnosticCatalog.UnusedDeclaration, l.Span, $"let {Code(l.Name)} is never used: {where}; use it or remove it");
        }
    }
}
