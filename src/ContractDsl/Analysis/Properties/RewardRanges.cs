using System;
using System.Collections.Generic;
using System.Linq;
using ContractDsl.Binding;
using ContractDsl.Diagnostics;
using ContractDsl.Lowering;
using ContractDsl.Syntax;
using ContractDsl.Text;

namespace ContractDsl.Analysis.Properties
{
    /// <summary>
    /// Reward ranges (CDSL1008, CDSL2002, CDSL4001): each amount over its norm's activation region, and the total's
    /// range. The total is computed region by region where the contract allows it — the norms are split into
    /// independent components (no shared signal, param or preference), each component's guard space into cells by
    /// which of its norms are active, and in each cell the base and the norms in effect are summed, amounts taken
    /// over the cell. That is exact for real numbers when no variable occurs twice in a cell's sum and no cell
    /// constrains a derived value (a let or an ensemble statistic); otherwise it is a sound bound and
    /// <see cref="RewardRange.Note"/> says why. Components whose cells would exceed the limit fall back to interval sums.
    /// </summary>
    internal static class RewardRanges
    {
        public sealed record Result(Interval Base, List<NormFacts> Norms, RewardRange Range, List<Finding> Findings);

        public static Result Compute(AnalysisContext ctx)
        {
            var c = ctx.Contract;
            var findings = new List<Finding>();
            var baseRange = ctx.Evaluator.Eval(c.Reward, ctx.Domains.Copy());
            var facts = new List<NormFacts>();
            foreach (var norm in c.Norms)
            {
                int n = norm.Index;
                Interval amount = Interval.Empty, contribution = Interval.Zero;
                if (norm.Effect != EffectKind.Allow && norm.Amount != null && !ctx.Dead[n])
                {
                    var raw = AmountOver(ctx, n, ctx.Domains, atDefaults: false);
                    if (!raw.IsEmpty && raw.Low < 0)
                    {
                        string which = norm.Effect == EffectKind.Penalize ? "a negative penalty rewards" : "a negative reward penalizes";
                        findings.Add(ctx.Report(FindingKind.NegativeAmount, DiagnosticCatalog.AmountMayBeNegative, norm.NameSpan,
                            $"the amount of {ctx.Name(n)} ({AnalysisContext.Code(norm.AmountText ?? "")}) can be negative when {ctx.Name(n)} is active (range {raw}): {which}, so the direction is ambiguous; make it non-negative (e.g. `max(0, ...)`), narrow the guard, or use the opposite effect",
                            n, additional: norm.AmountSpan is SourceSpan a ? new[] { a } : null));
                    }
                    amount = Capped(raw, norm.Cap);
                    var signed = norm.Effect == EffectKind.Reward ? amount : IntervalMath.Negate(amount);
                    bool always = ctx.InEffect[n] is Region r && r.Count == 1 && r.Boxes[0].Constrained.Length == 0;
                    contribution = always ? signed : signed.WithZero();
                }
                facts.Add(new NormFacts(n, norm.Name, amount, contribution, ctx.Dead[n], false, ctx.Active[n] != null));
            }

            var split = new Split(ctx);
            var range = Total(ctx, split, facts, baseRange, ctx.Domains, false, out var note);
            // Without params the range at their defaults is the range itself: not computed twice.
            var atDefaults = c.Params.Length == 0 ? range
                : Total(ctx, split, facts, null, ctx.Domains.WithParams(c.Params.Select(p => Interval.Point(p.Default)).ToArray()), true, out _);
            var rewardRange = new RewardRange(range.Low, range.High, note == null, note) { AtDefaults = (atDefaults.Low, atDefaults.High) };

            bool below = double.IsNegativeInfinity(range.Low), above = double.IsPositiveInfinity(range.High);
            if (below || above) findings.Add(Unbounded(ctx, baseRange, facts, range, below, above));

            if (c.Welfare is { } welfare && welfare.From == null && (welfare.Kind == WelfareKind.Nash || welfare.Kind == WelfareKind.Power) && (range.IsEmpty || below))
            {
                string kind = welfare.Kind == WelfareKind.Nash ? "nash" : "power";
                findings.Add(ctx.Report(FindingKind.NoDisagreementPoint, DiagnosticCatalog.NoDisagreementPoint, welfare.Span,
                    $"`{kind}` welfare needs a finite disagreement point, but the total reward is unbounded below (range {range}), so its lower bound can't serve: add `from <number>` to the welfare rule, or bound the reward (see CDSL2002)"));
            }
            return new Result(baseRange, facts, rewardRange, findings);
        }

        private static Interval Capped(Interval amount, double? cap)
        {
            if (cap is not double c) return amount;
            var k = IntervalMath.Constant(c);
            return IntervalMath.Clamp(amount, IntervalMath.Negate(k), k);
        }

        /// <summary>The environments of a norm's activation region: one per box (up to 64), else the domains.</summary>
        private static IEnumerable<IntervalEnvironment> EnvironmentsOf(AnalysisContext ctx, int norm, IntervalEnvironment domains)
        {
            var region = ctx.Active[norm];
            if (region == null || region.IsEmpty || region.Count > 64) { yield return domains.Copy(); yield break; }
            foreach (var box in region.Boxes) yield return Narrow(ctx, box, domains);
        }

        private static IntervalEnvironment Narrow(AnalysisContext ctx, Box box, IntervalEnvironment domains) =>
            ctx.Feasibility.EnvironmentFor(box, domains.Params);

        /// <summary>
        /// A norm's amount over its activation region, with the params over their bounds or at their defaults. Remembered
        /// in the context (<see cref="AnalysisContext.AmountRanges"/>, with the amount and region it was computed for): an
        /// analysis that adopts the regions of a previous version computes only the amounts (and regions) that changed.
        /// </summary>
        private static Interval AmountOver(AnalysisContext ctx, int norm, IntervalEnvironment domains, bool atDefaults)
        {
            var amount = ctx.Contract.Norms[norm].Amount!;
            var active = ctx.Active[norm];
            if (ctx.AmountRanges.TryGetValue((norm, atDefaults), out var known) && ReferenceEquals(known.Active, active) && known.Amount.Equals(amount)) return known.Range;
            var range = Over(ctx, amount, norm, domains);
            ctx.AmountRanges[(norm, atDefaults)] = (amount, active, range);
            return range;
        }

        private static Interval Over(AnalysisContext ctx, BoundExpression e, int norm, IntervalEnvironment domains)
        {
            var result = Interval.Empty;
            foreach (var env in EnvironmentsOf(ctx, norm, domains)) result = result.Hull(ctx.Evaluator.Eval(e, env));
            return result;
        }

        // ---- the total ---------------------------------------------------------------------------------------

        /// <summary>
        /// What the total's two computations (params over their bounds, params at their defaults) share: the contributing
        /// norms and, once the regions are known, their components, and per norm what its amount reads — computed once, not
        /// per computation or per cell.
        /// </summary>
        private sealed class Split
        {
            private readonly Dictionary<int, int[]> _amountVariables = new Dictionary<int, int[]>();
            private readonly Dictionary<int, bool> _amountRepeats = new Dictionary<int, bool>();
            private readonly Variables _variables;

            public Split(AnalysisContext ctx)
            {
                _variables = new Variables(ctx);
                var c = ctx.Contract;
                var contributing = c.Norms.Where(n => n.Effect != EffectKind.Allow && n.Amount != null && !ctx.Dead[n.Index]).Select(n => n.Index).ToList();
                Contributing = new HashSet<int>(contributing);
                // Norms whose regions are unknown can only be summed as intervals.
                RegionsKnown = contributing.All(n => ctx.Active[n] != null && ctx.Relations.Dominators(n).All(a => ctx.Active[a] != null));
                if (!RegionsKnown) return;
                Components = Components(ctx, contributing, _variables, out var keys);
                var baseKeys = new HashSet<int>(_variables.Of(c.Reward));
                BaseSharesVariable = Components.Any(comp => comp.Any(n => keys[n].Any(baseKeys.Contains)));
            }

            public HashSet<int> Contributing { get; }
            public bool RegionsKnown { get; }
            public List<List<int>> Components { get; } = new List<List<int>>();
            public bool BaseSharesVariable { get; }

            /// <summary>The variables a norm's amount reads (<see cref="Variables"/>), computed once per norm.</summary>
            public int[] AmountVariables(AnalysisContext ctx, int n)
            {
                if (!_amountVariables.TryGetValue(n, out var ids)) _amountVariables[n] = ids = _variables.Of(ctx.Contract.Norms[n].Amount!);
                return ids;
            }

            /// <summary>Whether a norm's amount reads a variable more than once (lets expanded), computed once per norm.</summary>
            public bool AmountRepeatsVariable(AnalysisContext ctx, int n)
            {
                if (!_amountRepeats.TryGetValue(n, out bool repeats))
                    _amountRepeats[n] = repeats = Occurrences(ctx, ctx.Contract.Norms[n].Amount!).Values.Any(count => count > 1);
                return repeats;
            }
        }

        /// <summary>
        /// The total's range over <paramref name="domains"/> (whose params are either the bounds or the defaults).
        /// <paramref name="note"/> is null when the result is exact, else why it is a bound.
        /// </summary>
        private static Interval Total(AnalysisContext ctx, Split split, List<NormFacts> facts, Interval? knownBase, IntervalEnvironment domains, bool atDefaults, out string? note)
        {
            var c = ctx.Contract;
            var reasons = new List<string>();
            var baseRange = knownBase ?? ctx.Evaluator.Eval(c.Reward, domains.Copy());
            if (!split.RegionsKnown)
            {
                note = "the analysis gave up on a guard (CDSL9001), so the range is the sum of each term's interval";
                return IntervalSum(ctx, facts, baseRange, domains, atDefaults);
            }

            var contributing = split.Contributing;
            var components = split.Components;
            if (split.BaseSharesVariable)
                reasons.Add("the base reward shares a variable with the norms' conditions or amounts, so its range is added as an interval");

            var total = baseRange;
            foreach (var component in components)
            {
                var part = ComponentRange(ctx, split, component, domains, atDefaults, reasons);
                if (part is not Interval range)
                {
                    reasons.Add($"the norms {string.Join(", ", component.Where(n => contributing.Contains(n)).Take(4).Select(ctx.Name))}{(component.Count > 4 ? ", …" : "")} split the signal space into more than {ctx.Options.MaxRangeCells} regions, so their contributions are summed as intervals");
                    range = Interval.Zero;
                    foreach (int n in component.Where(contributing.Contains)) range = IntervalMath.Add(range, Contribution(ctx, n, domains, atDefaults));
                }
                total = IntervalMath.Add(total, range);
            }
            note = reasons.Count == 0 ? null : string.Join("; ", reasons.Distinct());
            return total;
        }

        private static Interval IntervalSum(AnalysisContext ctx, List<NormFacts> facts, Interval baseRange, IntervalEnvironment domains, bool atDefaults)
        {
            var total = baseRange;
            foreach (var f in facts)
                if (!f.Dead && ctx.Contract.Norms[f.Norm].Amount != null && ctx.Contract.Norms[f.Norm].Effect != EffectKind.Allow)
                    total = IntervalMath.Add(total, Contribution(ctx, f.Norm, domains, atDefaults));
            return total;
        }

        /// <summary>A norm's signed contribution over its activation region (with 0: it may be inactive or silenced).</summary>
        private static Interval Contribution(AnalysisContext ctx, int n, IntervalEnvironment domains, bool atDefaults)
        {
            var norm = ctx.Contract.Norms[n];
            var amount = Capped(AmountOver(ctx, n, domains, atDefaults), norm.Cap);
            return (norm.Effect == EffectKind.Reward ? amount : IntervalMath.Negate(amount)).WithZero();
        }

        /// <summary>
        /// The range of the sum of one component's contributions: the component's guard space split into cells by
        /// activity; per cell the norms in effect (active and not silenced within the cell) summed box by box. Null
        /// when the cells would exceed the limit.
        /// </summary>
        private static Interval? ComponentRange(AnalysisContext ctx, Split split, List<int> component, IntervalEnvironment domains, bool atDefaults, List<string> reasons)
        {
            var c = ctx.Contract;
            if (component.Count > ctx.Options.MaxRangeComponent) return null;
            var cells = new List<(Region Region, HashSet<int> Active)> { (ctx.Algebra.Full, new HashSet<int>()) };
            long work = 0;
            foreach (int k in component)
            {
                var next = new List<(Region, HashSet<int>)>();
                var region_k = ctx.Active[k]!;
                foreach (var (region, active) in cells)
                {
                    // Work is counted in box pairs (what region operations cost). A norm that does not meet the cell
                    // leaves it whole: no region is built at all.
                    work += 1 + (long)region.Count * region_k.Count;
                    if (work > ctx.Options.MaxRangeWork) return null;
                    if (region_k.IsEmpty || !ctx.Algebra.Intersects(region, region_k)) { next.Add((region, active)); continue; }
                    var inside = ctx.And(region, region_k);
                    var outside = ctx.Difference(region, region_k);
                    if (inside == null || outside == null || ctx.Budget.Exhausted) return null;
                    work += 2L * region.Count * region_k.Count;
                    if (!inside.IsEmpty) next.Add((inside, new HashSet<int>(active) { k }));
                    if (!outside.IsEmpty) next.Add((outside, active));
                }
                // The exact range is worth a bounded amount of work; past it, interval sums are the honest answer.
                if (next.Count > ctx.Options.MaxRangeCells || work > ctx.Options.MaxRangeWork) return null;
                cells = next;
            }

            var result = Interval.Empty;
            foreach (var (region, active) in cells)
            {
                var inEffect = active
                    .Where(n => c.Norms[n].Effect != EffectKind.Allow && c.Norms[n].Amount != null && !ctx.Dead[n])
                    .Where(n => !ctx.Relations.Dominators(n).Any(active.Contains))
                    .OrderBy(n => n)
                    .ToList();
                if (inEffect.Count == 0) { result = result.Hull(Interval.Zero); continue; }

                if (inEffect.Count > 1)
                {
                    var seen = new HashSet<int>();
                    foreach (int n in inEffect)
                        foreach (int variable in split.AmountVariables(ctx, n))
                            if (!seen.Add(variable))
                                reasons.Add($"{VariableName(ctx, variable)} occurs in more than one term that applies together, so their sum is bounded term by term");
                }
                foreach (int n in inEffect)
                    if (split.AmountRepeatsVariable(ctx, n))
                        reasons.Add($"the amount of {ctx.Name(n)} reads a variable more than once, so its range is an interval bound");
                if (region.Boxes.Any(b => b.Constrained.Any(i => ctx.Axes.Axes[i].IsDerived)))
                    reasons.Add("a condition compares a derived value (a let or an ensemble statistic), whose regions may hold no sample");

                foreach (var box in region.Boxes.Take(64))
                {
                    var env = Narrow(ctx, box, domains);
                    var sum = Interval.Zero;
                    foreach (int n in inEffect)
                    {
                        var norm = c.Norms[n];
                        var amount = Capped(ctx.Evaluator.Eval(norm.Amount!, env), norm.Cap);
                        sum = IntervalMath.Add(sum, norm.Effect == EffectKind.Reward ? amount : IntervalMath.Negate(amount));
                    }
                    result = result.Hull(sum);
                }
                if (region.Count > 64)
                {
                    reasons.Add("a region has more than 64 boxes, so its amounts are bounded over the whole domain");
                    foreach (int n in inEffect) result = result.Hull(Contribution(ctx, n, domains, atDefaults));
                }
            }
            return result.IsEmpty ? Interval.Zero : result;
        }

        // ---- independence ------------------------------------------------------------------------------------

        /// <summary>
        /// The variables norms and expressions depend on, as numbers: a signal's index, or the number of signals plus a
        /// param's index. One collector per analysis: its sets are reused for every norm (a set per norm and expression
        /// was most of what the range analysis of a 1,000-norm contract allocated).
        /// </summary>
        private sealed class Variables
        {
            private readonly AnalysisContext _ctx;
            private readonly HashSet<int> _signals = new HashSet<int>();
            private readonly HashSet<int> _parameters = new HashSet<int>();
            private readonly HashSet<int> _lets = new HashSet<int>();

            public Variables(AnalysisContext ctx) => _ctx = ctx;

            /// <summary>What a norm depends on: the signals of its conditions, the signals and params of its amount.</summary>
            public int[] OfNorm(int norm)
            {
                Clear();
                foreach (int signal in _ctx.Relations.ConditionSignals(norm)) _signals.Add(signal);
                if (_ctx.Contract.Norms[norm].Amount is { } amount) Uses.Collect(_ctx.Contract, amount, _signals, _parameters, _lets);
                return Numbered();
            }

            /// <summary>The signals and params an expression reads (through lets).</summary>
            public int[] Of(BoundExpression e)
            {
                Clear();
                Uses.Collect(_ctx.Contract, e, _signals, _parameters, _lets);
                return Numbered();
            }

            private void Clear()
            {
                _signals.Clear();
                _parameters.Clear();
                _lets.Clear();
            }

            private int[] Numbered()
            {
                var ids = new int[_signals.Count + _parameters.Count];
                int i = 0, offset = _ctx.Contract.Signals.Length;
                foreach (int signal in _signals) ids[i++] = signal;
                foreach (int parameter in _parameters) ids[i++] = offset + parameter;
                return ids;
            }
        }

        /// <summary>The name of a variable numbered as by <see cref="Variables"/>.</summary>
        private static string VariableName(AnalysisContext ctx, int id)
        {
            int signals = ctx.Contract.Signals.Length;
            return id < signals ? ctx.Contract.Signals[id].Name : ctx.Contract.Params[id - signals].Name;
        }

        /// <summary>How often each variable occurs in an expression with lets expanded (counts, not sets).</summary>
        private static Dictionary<string, long> Occurrences(AnalysisContext ctx, BoundExpression e)
        {
            var c = ctx.Contract;
            var perLet = new Dictionary<int, Dictionary<string, long>>();
            Dictionary<string, long> Count(BoundExpression root)
            {
                var counts = new Dictionary<string, long>();
                void Add(string key, long times) => counts[key] = Math.Min(long.MaxValue / 4, (counts.TryGetValue(key, out var v) ? v : 0) + times);
                var stack = new Stack<BoundExpression>();
                stack.Push(root);
                while (stack.Count > 0)
                {
                    switch (stack.Pop())
                    {
                        case BoundSignalValue s: Add("s:" + c.Signals[s.Signal].Name, 1); break;
                        case BoundEnsembleMember m: Add("s:" + c.Signals[m.Signal].Name, 1); break;
                        case BoundParamValue p: Add("p:" + c.Params[p.Param].Name, 1); break;
                        case BoundLetValue l:
                            if (!perLet.TryGetValue(l.Let, out var inner))
                            {
                                // the let's own reads first, in dependency order (no recursion along a chain of lets)
                                var pending = Uses.LetsInDependencyOrder(c, l.Let, known: perLet.ContainsKey);
                                // a let in a cycle (CDSL1010) counts as reading nothing more through itself
                                foreach (int i in pending) perLet[i] = new Dictionary<string, long>();
                                foreach (int i in pending) perLet[i] = Count(c.Lets[i].Value);
                                inner = perLet[l.Let];
                            }
                            foreach (var kv in inner) Add(kv.Key, kv.Value);
                            break;
                        case BoundNegate n: stack.Push(n.Operand); break;
                        case BoundBinary b: stack.Push(b.Left); stack.Push(b.Right); break;
                        case BoundCall call: foreach (var a in call.Arguments) stack.Push(a); break;
                    }
                }
                return counts;
            }
            return Count(e);
        }

        /// <summary>Contributing norms grouped by shared variables and preferences (with the dominators they need), in index order.</summary>
        /// <paramref name="keys"/> is what each of them depends on (<see cref="Variables.OfNorm"/>; null for the other norms).
        private static List<List<int>> Components(AnalysisContext ctx, List<int> contributing, Variables variables, out int[]?[] keys)
        {
            keys = new int[]?[ctx.Contract.Norms.Length];
            var parent = Enumerable.Range(0, ctx.Contract.Norms.Length).ToArray();
            int Find(int x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
            void Union(int a, int b) { a = Find(a); b = Find(b); if (a != b) parent[Math.Max(a, b)] = Math.Min(a, b); }
            var members = new HashSet<int>(contributing);
            foreach (int n in contributing)
                foreach (int a in ctx.Relations.Dominators(n)) { members.Add(a); Union(a, n); }
            var owner = new Dictionary<int, int>();
            foreach (int n in members.OrderBy(x => x))
                foreach (var key in keys[n] = variables.OfNorm(n))
                {
                    if (owner.TryGetValue(key, out int other)) Union(other, n);
                    else owner[key] = n;
                }
            return members.GroupBy(Find).Select(g => g.OrderBy(x => x).ToList()).OrderBy(g => g[0]).ToList();
        }

        // ---- CDSL2002 ----------------------------------------------------------------------------------------

        private static Finding Unbounded(AnalysisContext ctx, Interval baseRange, List<NormFacts> facts, Interval total, bool below, bool above)
        {
            var c = ctx.Contract;
            var parts = new List<string>();
            var spans = new List<SourceSpan>();
            void Consider(string label, SourceSpan span, BoundExpression expression, Interval range, IntervalEnvironment env)
            {
                bool low = double.IsNegativeInfinity(range.Low) && below, high = double.IsPositiveInfinity(range.High) && above;
                if (!low && !high) return;
                parts.Add($"{label} is unbounded {(low && high ? "both ways" : low ? "below" : "above")}{Cause(ctx, expression, env)}");
                spans.Add(span);
            }
            Consider($"the base reward {AnalysisContext.Code(c.RewardText)}", c.RewardSpan, c.Reward, baseRange, ctx.Domains.Copy());
            foreach (var f in facts)
            {
                var norm = c.Norms[f.Norm];
                if (norm.Amount == null || f.Contribution.IsEmpty) continue;
                Consider($"the contribution of {ctx.Name(f.Norm)} ({AnalysisContext.Code(norm.AmountText ?? "")})", norm.NameSpan, norm.Amount, f.Contribution,
                    EnvironmentsOf(ctx, f.Norm, ctx.Domains).First());
            }
            if (parts.Count == 0) { parts.Add("the sum of the terms overflows float32"); spans.Add(c.RewardSpan); }
            string direction = below && above ? "above and below" : below ? "below" : "above";
            return ctx.Report(FindingKind.UnboundedReward, DiagnosticCatalog.UnboundedReward, spans[0],
                $"the total reward is unbounded {direction} (range {total}): {string.Join("; ", parts)}; declare finite bounds (`in [lo, hi]`), `clamp` the term, or `cap` the norm",
                additional: spans.Skip(1));
        }

        /// <summary>Why an expression is unbounded: the unbounded signals it reads, else the operation that overflows.</summary>
        private static string Cause(AnalysisContext ctx, BoundExpression e, IntervalEnvironment env)
        {
            var c = ctx.Contract;
            var signals = new HashSet<int>();
            Uses.Collect(c, e, signals);
            var unbounded = signals.OrderBy(s => s).Select(s => c.Signals[s])
                .Where(s => s.IsScalar || s.Kind == SignalKind.Ensemble)
                .Where(s => double.IsInfinity(s.Low) || double.IsInfinity(s.High))
                .Select(s => $"{AnalysisContext.Code(s.Name)} ({s.TypeText}{(double.IsInfinity(s.Low) && double.IsInfinity(s.High) ? ", no bounds" : double.IsInfinity(s.High) ? ", no upper bound" : ", no lower bound")})")
                .ToList();
            if (unbounded.Count > 0) return $" because it reads {string.Join(", ", unbounded)}";
            var source = Source(ctx, e, env, new HashSet<int>());
            if (source == null) return "";
            return source switch
            {
                BoundBinary { Operator: BinaryOperator.Divide } d =>
                    $": {AnalysisContext.Code(ExpressionPrinter.Print(c, d))} divides by a range that contains 0 ({ctx.Evaluator.Eval(d.Right, env)})",
                _ => $": {AnalysisContext.Code(ExpressionPrinter.Print(c, source))} can overflow float32",
            };
        }

        /// <summary>
        /// The innermost subexpression of <paramref name="e"/> whose range is not finite (through lets, each let once), or
        /// null when <paramref name="e"/>'s is finite. A descent, not a recursion: the path can run through a chain of lets
        /// as long as the input makes it.
        /// </summary>
        private static BoundExpression? Source(AnalysisContext ctx, BoundExpression e, IntervalEnvironment env, HashSet<int> visitedLets)
        {
            if (ctx.Evaluator.Eval(e, env).IsFinite) return null;
            var current = e;
            while (true)
            {
                IEnumerable<BoundExpression> children = current switch
                {
                    BoundNegate n => new[] { n.Operand },
                    BoundBinary b => new[] { b.Left, b.Right },
                    BoundCall call => call.Arguments,
                    BoundLetValue l when visitedLets.Add(l.Let) => new[] { ctx.Contract.Lets[l.Let].Value },
                    _ => Array.Empty<BoundExpression>(),
                };
                var next = children.FirstOrDefault(child => !ctx.Evaluator.Eval(child, env).IsFinite);
                if (next == null) return current;
                current = next;
            }
        }
    }
}
