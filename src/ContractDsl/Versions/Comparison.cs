using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using ContractDsl.Analysis;
using ContractDsl.Binding;
using ContractDsl.Collections;
using ContractDsl.Evaluation;
using ContractDsl.Lowering;
using ContractDsl.Syntax;

namespace ContractDsl.Versions
{
    /// <summary>
    /// One comparison of two versions, in the order of the result: regions of every norm of both versions over the
    /// joint space; the total's difference cell by cell; the activity of norms present in both; the reasons; the
    /// uncertainty; domain changes; the concerns; the lists of changed declarations. See <see cref="ContractDiff"/>.
    /// </summary>
    internal sealed class Comparison
    {
        private const int B = JointSpace.Before, A = JointSpace.After;

        private readonly BoundContract[] _v;
        private readonly DiffOptions _options;
        private readonly JointSpace _space;
        private readonly AxisTable _axes;
        private readonly Feasibility _feasibility;
        private readonly IntervalEvaluator _evaluator;
        private readonly RegionAlgebra _algebra;
        private readonly AnalysisBudget _budget;
        private readonly DiffRuns _runs;
        private readonly NormRelations[] _relations;
        private readonly Dictionary<string, int>[] _index;
        private readonly List<string> _names;                    // every norm name, before's order then after's new ones

        private readonly Region?[][] _context = new Region?[2][];
        private readonly Region?[][] _active = new Region?[2][];
        private readonly Region?[][] _inEffect = new Region?[2][];
        private readonly Poly[][] _signed = new Poly[2][];
        private readonly Poly[] _base = new Poly[2];

        private readonly Dictionary<BoundGuard, Region?> _guardRegions = new Dictionary<BoundGuard, Region?>();
        private readonly Dictionary<(Region, Region), Region?> _ands = new Dictionary<(Region, Region), Region?>();
        private readonly Dictionary<RegionList, Region?> _inEffectCache = new Dictionary<RegionList, Region?>();
        private readonly Dictionary<(Region, Region), bool?> _equal = new Dictionary<(Region, Region), bool?>();

        private readonly List<DiffRegion> _regions = new List<DiffRegion>();
        private readonly List<string> _notes = new List<string>();
        private readonly List<string> _other = new List<string>();
        private int _unreported;
        private bool _incomplete;
        private bool _batchChanged;
        private List<Cell>? _totalCells;
        private Poly _baseDifference = Poly.Zero;

        public Comparison(BoundContract before, BoundContract after, KernelProgram? beforeKernel, KernelProgram? afterKernel, DiffOptions options, CancellationToken cancellation)
        {
            _v = new[] { before, after };
            _options = options;
            _budget = new AnalysisBudget(options.Budget, cancellation);
            _space = new JointSpace(before, after);
            var joint = _space.Joint;
            var domains = IntervalEnvironment.ForDomains(joint);
            _evaluator = new IntervalEvaluator(joint);
            _axes = new AxisTable(joint, domains, _evaluator);
            _feasibility = new Feasibility(joint, _axes, domains, _evaluator);
            _algebra = new RegionAlgebra(_axes, options.MaxBoxes, _feasibility.IsFeasible);
            _runs = new DiffRuns(_space, beforeKernel, afterKernel, _axes, options, _budget);
            _relations = new[] { NormRelations.Of(before), NormRelations.Of(after) };
            _index = _v.Select(c => c.Norms.ToDictionary(n => n.Name, n => n.Index, StringComparer.Ordinal)).ToArray();
            _names = before.Norms.Select(n => n.Name).Concat(after.Norms.Select(n => n.Name).Where(n => !_index[B].ContainsKey(n))).ToList();
        }

        public ContractDiffResult Run()
        {
            BuildRegions();
            BuildAmounts();
            Totals();
            Activity();
            Conflicts();
            Gaps();
            Explicit();
            Uncertainty();
            DomainChanges();
            var concerns = Concerns();
            var norms = NormChanges(out int unchanged);
            Welfare();
            if (_moreNotes > 0) _notes.Add($"and {_moreNotes} more give-ups like these");
            if (_unreported > 0)
                _notes.Add($"{_unreported} more region(s) of difference were found and not listed (the report lists {_options.MaxReportedRegions})");

            var verdict =
                _regions.Any(r => r.Confirmed) || _batchChanged ? DiffVerdict.Different
                : _regions.Count > 0 ? DiffVerdict.PossiblyDifferent
                : _incomplete ? DiffVerdict.GaveUp
                : DiffVerdict.Equivalent;
            return new ContractDiffResult(_v[B].Name, _v[A].Name, verdict, _regions.ToEquatableArray(), norms.ToEquatableArray(), unchanged,
                concerns.ToEquatableArray(), _space.SignalChanges.ToEquatableArray(), _space.ParamChanges.ToEquatableArray(),
                _other.ToEquatableArray(), _notes.Distinct().ToEquatableArray());
        }

        // ---- region operations (budgeted, cached) ---------------------------------------------------------------

        private Region Full => _algebra.Full;

        private void GiveUp(string what)
        {
            _incomplete = true;
            if (_budget.Exhausted)
            {
                // once the budget is spent everything after it gives up: one note says so
                if (!_budgetNoted)
                    _notes.Add($"the comparison's budget ({_options.Budget:N0} units) was spent at {what}; nothing was concluded from there on (raise DiffOptions.Budget)");
                _budgetNoted = true;
                return;
            }
            if (_notes.Count < MaxNotes) _notes.Add($"gave up on {what}: a region needs more than {_options.MaxBoxes} boxes; nothing was concluded about it");
            else _moreNotes++;
        }

        private const int MaxNotes = 20;
        private bool _budgetNoted;
        private int _moreNotes;

        private Region? FromGuard(BoundGuard? guard)
        {
            if (guard == null) return Full;
            if (_guardRegions.TryGetValue(guard, out var known)) return known;
            Region? r;
            try { r = _algebra.FromGuard(guard); _budget.Spend(1 + r.Count); }
            catch (RegionTooLargeException) { r = null; }
            _guardRegions[guard] = r;
            return r;
        }

        private Region? And(Region? a, Region? b)
        {
            if (a == null || b == null || _budget.Exhausted) return null;
            if (ReferenceEquals(a, b)) return a;
            if (_ands.TryGetValue((a, b), out var known)) return known;
            Region? r;
            try { r = a.IsEmpty || b.IsEmpty || !_algebra.Intersects(a, b) ? _algebra.EmptyRegion : _algebra.And(a, b); _budget.Spend(1 + r.Count); }
            catch (RegionTooLargeException) { r = null; }
            _ands[(a, b)] = r;
            return r;
        }

        private Region? Minus(Region? a, Region? b)
        {
            if (a == null || b == null || _budget.Exhausted) return null;
            if (ReferenceEquals(a, b)) return _algebra.EmptyRegion;
            try
            {
                var r = a.IsEmpty || b.IsEmpty || !_algebra.Intersects(a, b) ? a : _algebra.Difference(a, b);
                _budget.Spend(1 + r.Count);
                return r;
            }
            catch (RegionTooLargeException) { return null; }
        }

        private Region? Union(Region? a, Region? b)
        {
            if (a == null || b == null || _budget.Exhausted) return null;
            try
            {
                var r = _algebra.Or(a, b);
                _budget.Spend(1 + r.Count);
                return r;
            }
            catch (RegionTooLargeException) { return null; }
        }

        private Region? Not(Region? a) => Minus(Full, a);

        /// <summary>Whether two regions hold the same samples: true, false, or null when that could not be decided.</summary>
        private bool? Same(Region? a, Region? b)
        {
            if (a == null || b == null) return null;
            if (ReferenceEquals(a, b)) return true;
            if (a.IsEmpty && b.IsEmpty) return true;
            if (_equal.TryGetValue((a, b), out var known)) return known;
            var x = Minus(a, b);
            var y = x == null || !x.IsEmpty ? x : Minus(b, a);
            bool? r = x == null ? null : !x.IsEmpty ? false : y == null ? null : y.IsEmpty;
            _equal[(a, b)] = r;
            _equal[(b, a)] = r;
            return r;
        }

        /// <summary>Reference identity of a list of regions (the key of an in-effect region: active, then dominators' active regions).</summary>
        private sealed class RegionList : IEquatable<RegionList>
        {
            private readonly Region?[] _items;
            public RegionList(IEnumerable<Region?> items) => _items = items.ToArray();
            public bool Equals(RegionList? other) => other != null && other._items.Length == _items.Length && _items.Zip(other._items, ReferenceEquals).All(x => x);
            public override bool Equals(object? obj) => Equals(obj as RegionList);
            public override int GetHashCode()
            {
                int h = 17;
                foreach (var r in _items) h = unchecked(h * 31 + (r == null ? 0 : RuntimeHelpers.GetHashCode(r)));
                return h;
            }
        }

        // ---- regions and amounts of both versions ----------------------------------------------------------------

        private void BuildRegions()
        {
            for (int v = 0; v < 2; v++)
            {
                var c = _v[v];
                int n = c.Norms.Length;
                _context[v] = new Region?[n];
                _active[v] = new Region?[n];
                _inEffect[v] = new Region?[n];
                foreach (var norm in c.Norms)
                {
                    // the joint contract's norms carry each version's guards, remapped once
                    var joint = _space.Joint.Norms[_space.NormOffset[v] + norm.Index];
                    var context = FromGuard(joint.Context);
                    var guard = FromGuard(joint.Guard);
                    _context[v][norm.Index] = context;
                    _active[v][norm.Index] = And(context, guard);
                    if (_active[v][norm.Index] == null) GiveUp($"the conditions of `{norm.Name}` ({Version(v)})");
                }
                foreach (var norm in c.Norms)
                {
                    var dominators = _relations[v].Dominators(norm.Index);
                    var active = _active[v][norm.Index];
                    if (dominators.Count == 0 || active == null) { _inEffect[v][norm.Index] = active; continue; }
                    var key = new RegionList(new[] { active }.Concat(dominators.Select(d => _active[v][d])));
                    if (!_inEffectCache.TryGetValue(key, out var region))
                    {
                        region = active;
                        foreach (int d in dominators)
                        {
                            if (region == null || region.IsEmpty) break;
                            region = Minus(region, _active[v][d]);
                        }
                        _inEffectCache[key] = region;
                    }
                    _inEffect[v][norm.Index] = region;
                    if (region == null) GiveUp($"where `{norm.Name}` is silenced by preferences ({Version(v)})");
                }
            }
        }

        private void BuildAmounts()
        {
            var canonical = _space.Canonical;
            var signed = new Dictionary<(BoundExpression, double?, int), Poly>();
            for (int v = 0; v < 2; v++)
            {
                var c = _v[v];
                _base[v] = canonical.Of(_space.Expression(v, c.Reward));
                _signed[v] = c.Norms.Select(n =>
                {
                    if (n.Effect == EffectKind.Allow || n.Amount == null) return Poly.Zero;
                    var key = (_space.Expression(v, n.Amount), n.Cap, n.Sign);
                    if (!signed.TryGetValue(key, out var p))
                        signed[key] = p = Canonicalizer.Capped(canonical.Of(key.Item1), n.Cap).Scale(Rational.Of(n.Sign));
                    return p;
                }).ToArray();
            }
            _baseDifference = _base[A].Minus(_base[B]);
        }

        private static string Version(int v) => v == B ? "before" : "after";

        private int NormOf(int v, string name) => _index[v].TryGetValue(name, out int i) ? i : -1;

        // ---- the total ------------------------------------------------------------------------------------------

        /// <summary>A norm's contribution in one version: where it is in effect, its signed (capped) amount.</summary>
        private sealed class Term
        {
            public Term(int version, int norm, string name, Region region, Poly signed)
            {
                Version = version; Norm = norm; Name = name; Region = region; Signed = signed;
            }

            public int Version { get; }
            public int Norm { get; }
            public string Name { get; }
            public Region Region { get; }
            public Poly Signed { get; }
        }

        /// <summary>A part of the space where the same terms of both versions apply, and their difference (after − before).</summary>
        private sealed class Cell
        {
            public Cell(Region region, List<Term> terms, Poly difference)
            {
                Region = region; Terms = terms; Difference = difference;
            }

            public Region Region { get; }
            public List<Term> Terms { get; }
            public Poly Difference { get; }
        }

        /// <summary>
        /// The terms of both versions that do not cancel: a norm in both with the same in-effect region and the same
        /// signed amount contributes the same to both totals everywhere, so it cancels (reals are reals: the order
        /// in which a total is summed does not matter). Null norms (<paramref name="filter"/> false) are ignored.
        /// </summary>
        private List<Term>? ChangedTerms(IEnumerable<string> names, Func<int, BoundNorm, bool> filter, string what)
        {
            var terms = new List<Term>();
            foreach (var name in names)
            {
                Term? Side(int v)
                {
                    int n = NormOf(v, name);
                    if (n < 0 || !filter(v, _v[v].Norms[n]) || _signed[v][n].IsZero) return null;
                    var region = _inEffect[v][n];
                    if (region == null) return null;
                    return region.IsEmpty ? null : new Term(v, n, name, region, _signed[v][n]);
                }
                bool known(int v)
                {
                    int n = NormOf(v, name);
                    return n < 0 || !filter(v, _v[v].Norms[n]) || _signed[v][n].IsZero || _inEffect[v][n] != null;
                }
                if (!known(B) || !known(A)) { GiveUp($"{what} where `{name}` applies"); return null; }
                var before = Side(B);
                var after = Side(A);
                if (before != null && after != null && before.Signed.Key == after.Signed.Key)
                {
                    var same = Same(before.Region, after.Region);
                    if (same == true) continue;
                    if (same == null) { GiveUp($"{what} where `{name}` applies"); return null; }
                }
                if (before != null) terms.Add(before);
                if (after != null) terms.Add(after);
            }
            return terms;
        }

        /// <summary>
        /// The space split into cells by which terms apply. Terms whose regions never overlap are split separately
        /// (clusters of overlapping terms): the difference at a sample is the sum of the terms that apply there, so
        /// clusters with disjoint supports never interact. With a <paramref name="background"/> (a changed base
        /// reward, which applies everywhere) every cell counts, including those where no term applies. Null when the
        /// cells exceed the limit or the budget.
        /// </summary>
        private List<Cell>? Split(List<Term> terms, Poly background, string what)
        {
            var clusters = new List<List<Term>>();
            if (!background.IsZero) clusters.Add(terms);
            else
            {
                var parent = Enumerable.Range(0, terms.Count).ToArray();
                int Find(int x) { while (parent[x] != x) x = parent[x] = parent[parent[x]]; return x; }
                for (int i = 0; i < terms.Count; i++)
                    for (int j = i + 1; j < terms.Count; j++)
                    {
                        if (Find(i) == Find(j)) continue;
                        if (!_budget.Spend()) { GiveUp(what); return null; }
                        if (_algebra.Intersects(terms[i].Region, terms[j].Region)) parent[Find(j)] = Find(i);
                    }
                clusters.AddRange(Enumerable.Range(0, terms.Count).GroupBy(Find).Select(g => g.Select(i => terms[i]).ToList()));
            }

            var cells = new List<Cell>();
            foreach (var cluster in clusters)
            {
                var parts = new List<(Region Region, List<Term> Terms)> { (Full, new List<Term>()) };
                foreach (var term in cluster)
                {
                    var next = new List<(Region, List<Term>)>();
                    foreach (var (region, applied) in parts)
                    {
                        if (!_algebra.Intersects(region, term.Region)) { next.Add((region, applied)); continue; }
                        var inside = And(region, term.Region);
                        var outside = Minus(region, term.Region);
                        if (inside == null || outside == null) { GiveUp(what); return null; }
                        if (!inside.IsEmpty) next.Add((inside, new List<Term>(applied) { term }));
                        if (!outside.IsEmpty) next.Add((outside, applied));
                    }
                    if (next.Count > _options.MaxCells)
                    {
                        _incomplete = true;
                        if (_notes.Count >= MaxNotes) { _moreNotes++; return null; }
                        _notes.Add($"gave up on {what}: the norms {string.Join(", ", cluster.Select(t => "`" + t.Name + "`").Distinct().Take(5))}{(cluster.Count > 5 ? ", …" : "")} split the space into more than {_options.MaxCells} cells; nothing was concluded about them");
                        return null;
                    }
                    parts = next;
                }
                foreach (var (region, applied) in parts)
                {
                    if (applied.Count == 0 && background.IsZero) continue;
                    var difference = background;
                    foreach (var t in applied) difference = t.Version == A ? difference.Plus(t.Signed) : difference.Minus(t.Signed);
                    cells.Add(new Cell(region, applied, difference));
                }
            }
            return cells;
        }

        /// <summary>A cell's difference box by box, simplified by what each box implies; boxes where it is provably 0 are left out.</summary>
        private List<(Box Box, Poly Difference, Interval Range)> NonZeroBoxes(Cell cell)
        {
            var result = new List<(Box, Poly, Interval)>();
            if (cell.Difference.IsZero) return result;
            foreach (var box in cell.Region.Boxes)
            {
                _budget.Spend();
                var intervals = new PolyIntervals(_feasibility.EnvironmentFor(box), _evaluator);
                var d = intervals.Simplify(cell.Difference);
                if (d.IsZero) continue;
                var range = intervals.Range(d);
                if (range.Low == 0 && range.High == 0 && !range.MayBeNaN) continue;
                result.Add((box, d, range));
            }
            return result;
        }

        private void Totals()
        {
            const string what = "the total reward";
            var terms = ChangedTerms(_names, (_, _) => true, what);
            if (terms == null) return;
            var cells = Split(terms, _baseDifference, what);
            if (cells == null)
            {
                // The cells could not be enumerated; a witness can still show a difference (not equivalence).
                foreach (var term in terms.Take(_options.MaxWitnessBoxes))
                {
                    var witness = _runs.Find(term.Region.Boxes, TotalQuery(null));
                    if (witness == null) continue;
                    Report(new DiffRegion(DifferenceKind.Total, null, ReasonBits.None, $"the total differs where `{term.Name}` applies ({Version(term.Version)})",
                        Where(term.Region.Boxes), Interval.Unbounded, witness, null));
                    break;
                }
                return;
            }
            _totalCells = cells;
            // cells with the same difference and the same story are one region of the report (they differ only in
            // which unchanged-amount terms split them)
            var groups = new List<(string Key, string Description, Poly Difference, List<(Box Box, Poly Difference, Interval Range)> Boxes)>();
            foreach (var cell in cells)
            {
                var boxes = NonZeroBoxes(cell);
                if (boxes.Count == 0) continue;
                string description = TotalDescription(cell);
                int at = groups.FindIndex(g => g.Key == cell.Difference.Key && g.Description == description);
                if (at >= 0) groups[at].Boxes.AddRange(boxes);
                else groups.Add((cell.Difference.Key, description, cell.Difference, boxes));
            }
            foreach (var (_, description, difference, boxes) in groups)
            {
                var change = boxes.Aggregate(Interval.Empty, (h, b) => h.Hull(b.Range));
                var witness = _runs.Find(boxes.Select(b => b.Box), TotalQuery(difference));
                Report(new DiffRegion(DifferenceKind.Total, null, ReasonBits.None, description, Where(boxes.Select(b => b.Box).ToList()), change,
                    witness, witness == null ? NoWitness(change) : null));
            }
        }

        private string NoWitness(Interval change) =>
            $"the difference is not provably 0 in real arithmetic (its interval {change} includes 0), and no sample where the totals differ by clearly more than float rounding was found";

        private WitnessQuery TotalQuery(Poly? difference)
        {
            var query = new WitnessQuery(o =>
            {
                double delta = (double)o.After.Total - o.Before.Total;
                if (difference == null) return Math.Abs(delta) > _options.Tolerance * Math.Max(o.Scale, 1e-30);
                var point = new PolyPoint(o.JointInputs, o.Params);
                double real = point.Of(difference);
                double tolerance = _options.Tolerance * (o.Scale + point.Magnitude(difference)) + 1e-30;
                return Math.Abs(delta) > tolerance && Math.Abs(real) > tolerance && Math.Sign(delta) == Math.Sign(real);
            });
            if (difference != null)
            {
                query.Score = (inputs, parameters) => Math.Abs(new PolyPoint(inputs, parameters).Of(difference));
                query.Viable = (inputs, parameters) =>
                {
                    var point = new PolyPoint(inputs, parameters);
                    return Math.Abs(point.Of(difference)) > _options.Tolerance * point.Magnitude(difference);
                };
                ReadBy(difference, query.FreeSignals, query.FreeParams);
                foreach (int s in query.FreeSignals) query.Show.Add(s);
            }
            return query;
        }

        /// <summary>The joint signals and params a canonical form reads (through lets too).</summary>
        private void ReadBy(Poly p, ISet<int> signals, ISet<int> parameters)
        {
            foreach (var atom in p.Atoms())
            {
                switch (atom.Kind)
                {
                    case AtomKind.Signal:
                    case AtomKind.Statistic: signals.Add(atom.Index); break;
                    case AtomKind.Param: parameters.Add(atom.Index); break;
                    case AtomKind.Let:
                    {
                        var s = new HashSet<int>();
                        var q = new HashSet<int>();
                        Uses.Collect(_space.Joint, _space.Joint.Lets[atom.Index].Value, s, q);
                        foreach (int x in s) signals.Add(x);
                        foreach (int x in q) parameters.Add(x);
                        break;
                    }
                }
            }
        }

        private string TotalDescription(Cell cell)
        {
            var before = cell.Terms.Where(t => t.Version == B).Select(t => t.Name).ToList();
            var after = cell.Terms.Where(t => t.Version == A).Select(t => t.Name).ToList();
            var parts = new List<string>();
            // a norm that applies in both versions here with the same amount is no part of this difference
            var both = before.Intersect(after)
                .Where(n => cell.Terms.First(t => t.Name == n && t.Version == B).Signed.Key != cell.Terms.First(t => t.Name == n && t.Version == A).Signed.Key)
                .ToList();
            if (both.Count > 0) parts.Add($"the amount of {Names(both)} differs");
            var onlyBefore = before.Except(after).ToList();
            var onlyAfter = after.Except(before).ToList();
            if (onlyBefore.Count > 0) parts.Add($"{Names(onlyBefore)} {(onlyBefore.Count == 1 ? "applies" : "apply")} before only");
            if (onlyAfter.Count > 0) parts.Add($"{Names(onlyAfter)} {(onlyAfter.Count == 1 ? "applies" : "apply")} after only");
            if (!_baseDifference.IsZero) parts.Insert(0, "the base reward differs");
            return "the total differs: " + string.Join("; ", parts);
        }

        private static string Names(IEnumerable<string> names) => string.Join(", ", names.Select(n => "`" + n + "`"));

        private string Where(IReadOnlyList<Box> boxes) => RegionText.Of(boxes, _axes.Axes, _space.Joint);

        private void Report(DiffRegion region)
        {
            if (_regions.Count >= _options.MaxReportedRegions) { _unreported++; return; }
            _regions.Add(region);
        }

        /// <summary>The interval of total(after) − total(before) over a region, from the total's cells (unbounded when they are unknown).</summary>
        private Interval ChangeOver(Region region)
        {
            if (_totalCells == null) return Interval.Unbounded;
            var result = Interval.Empty;
            Region? remaining = region;
            foreach (var cell in _totalCells)
            {
                var part = And(cell.Region, region);
                if (part == null) return Interval.Unbounded;
                if (part.IsEmpty) continue;
                foreach (var box in part.Boxes.Take(64))
                {
                    var intervals = new PolyIntervals(_feasibility.EnvironmentFor(box), _evaluator);
                    result = result.Hull(intervals.Range(intervals.Simplify(cell.Difference)));
                }
                if (part.Count > 64) return Interval.Unbounded;
                remaining = Minus(remaining, cell.Region);
                if (remaining == null) return Interval.Unbounded;
            }
            if (remaining != null && !remaining.IsEmpty) result = result.Hull(Interval.Zero); // no changed term applies there
            return result;
        }

        // ---- activity -------------------------------------------------------------------------------------------

        private void Activity()
        {
            foreach (var name in _names)
            {
                int nb = NormOf(B, name), na = NormOf(A, name);
                if (nb < 0 || na < 0) continue;
                var before = _inEffect[B][nb];
                var after = _inEffect[A][na];
                var same = Same(before, after);
                if (same == true) continue;
                if (same == null) { GiveUp($"where `{name}` is in effect"); continue; }
                foreach (var (region, inBefore) in new[] { (Minus(before, after), true), (Minus(after, before), false) })
                {
                    if (region == null) { GiveUp($"where `{name}` is in effect"); continue; }
                    if (region.IsEmpty) continue;
                    var query = new WitnessQuery(o => o.Before.InEffect[nb] == inBefore && o.After.InEffect[na] == !inBefore);
                    var witness = _runs.Find(region.Boxes, query);
                    Report(new DiffRegion(DifferenceKind.Activity, name, ReasonBits.None,
                        $"`{name}` is in effect {(inBefore ? "before, not after" : "after, not before")}",
                        Where(region.Boxes), ChangeOver(region), witness, witness == null ? Unrealised : null));
                }
            }
        }

        private const string Unrealised = "the region constrains derived values (lets or ensemble statistics) and no sample realising it was found";

        // ---- reasons --------------------------------------------------------------------------------------------

        /// <summary>Names whose norm may take part in conflicts differently: anything the conflict rule reads changed.</summary>
        private HashSet<string> ConflictChanged()
        {
            var changed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in _names)
            {
                int nb = NormOf(B, name), na = NormOf(A, name);
                if (nb < 0 || na < 0) { changed.Add(name); continue; }
                var x = _v[B].Norms[nb];
                var y = _v[A].Norms[na];
                bool same =
                    x.Sign == y.Sign && x.Effect == y.Effect && x.Concern == y.Concern &&
                    ConditionSignalNames(B, nb).SetEquals(ConditionSignalNames(A, na)) &&
                    DominatorNames(B, nb).SetEquals(DominatorNames(A, na)) &&
                    Same(_inEffect[B][nb], _inEffect[A][na]) == true;
                if (!same) changed.Add(name);
            }
            return changed;
        }

        private HashSet<string> ConditionSignalNames(int v, int n) =>
            new HashSet<string>(_relations[v].ConditionSignals(n).Select(s => _v[v].Signals[s].Name), StringComparer.Ordinal);

        private HashSet<string> DominatorNames(int v, int n) =>
            new HashSet<string>(_relations[v].Dominators(n).Select(d => _v[v].Norms[d].Name), StringComparer.Ordinal);

        /// <summary>∪ of the in-effect overlaps of the pairs, within <paramref name="within"/>; null when too large.</summary>
        private Region? Overlaps(int v, IEnumerable<(int, int)> pairs, Region within)
        {
            Region? union = _algebra.EmptyRegion;
            foreach (var (a, b) in pairs)
            {
                var ra = _inEffect[v][a];
                var rb = _inEffect[v][b];
                if (ra == null || rb == null) return null;
                if (ra.IsEmpty || rb.IsEmpty || !_algebra.Intersects(ra, rb)) continue;
                var both = And(And(ra, rb), within);
                if (both == null) return null;
                if (both.IsEmpty) continue;
                union = Union(union, both);
                if (union == null) return null;
            }
            return union;
        }

        private IEnumerable<(int, int)> PairsOf(int v, IEnumerable<string> names)
        {
            var seen = new HashSet<(int, int)>();
            var rel = _relations[v];
            foreach (var name in names)
            {
                int a = NormOf(v, name);
                if (a < 0) continue;
                for (int b = 0; b < _v[v].Norms.Length; b++)
                    if (rel.CanConflict(a, b) && seen.Add((Math.Min(a, b), Math.Max(a, b)))) yield return (Math.Min(a, b), Math.Max(a, b));
            }
        }

        private void Conflicts()
        {
            var changed = ConflictChanged();
            if (changed.Count == 0) return;
            const string what = "where the `Conflict` reason differs";
            var before = Overlaps(B, PairsOf(B, changed), Full);
            var after = Overlaps(A, PairsOf(A, changed), Full);
            if (before == null || after == null) { GiveUp(what); return; }
            var onlyBefore = Minus(before, after);
            var onlyAfter = Minus(after, before);
            if (onlyBefore == null || onlyAfter == null) { GiveUp(what); return; }
            if (onlyBefore.IsEmpty && onlyAfter.IsEmpty) return;
            // pairs of unchanged norms conflict alike in both versions: where they do, the reason is set in both
            var differ = Union(onlyBefore, onlyAfter)!;
            var unchanged = _relations[B].ConflictCandidates().Where(p => !changed.Contains(_v[B].Norms[p.First].Name) && !changed.Contains(_v[B].Norms[p.Second].Name));
            var common = Overlaps(B, unchanged, differ);
            if (common == null) { GiveUp(what); return; }
            ReportReason(ReasonBits.Conflict, Minus(onlyBefore, common), Minus(onlyAfter, common), what);
        }

        private void ReportReason(ReasonBits bit, Region? onlyBefore, Region? onlyAfter, string what)
        {
            foreach (var (region, inBefore) in new[] { (onlyBefore, true), (onlyAfter, false) })
            {
                if (region == null) { GiveUp(what); continue; }
                if (region.IsEmpty) continue;
                var query = new WitnessQuery(o => ((o.Before.Reasons & bit) != 0) == inBefore && ((o.After.Reasons & bit) != 0) == !inBefore);
                var witness = _runs.Find(region.Boxes, query);
                Report(new DiffRegion(DifferenceKind.Reason, null, bit,
                    $"the `{bit}` reason is set {(inBefore ? "before, not after" : "after, not before")}",
                    Where(region.Boxes), ChangeOver(region), witness, witness == null ? Unrealised : null));
            }
        }

        private void Gaps()
        {
            const string what = "where the `Gap` reason differs";
            var groups = new[] { GapGroups(B), GapGroups(A) };
            var concerns = groups[B].Keys.Union(groups[A].Keys).ToList();
            var changed = new List<string>();
            var unchanged = new List<string>();
            foreach (var concern in concerns)
            {
                bool same = groups[B].TryGetValue(concern, out var x) && groups[A].TryGetValue(concern, out var y) &&
                            x.Select(n => _v[B].Norms[n].Name).OrderBy(s => s, StringComparer.Ordinal)
                                .SequenceEqual(y.Select(n => _v[A].Norms[n].Name).OrderBy(s => s, StringComparer.Ordinal)) &&
                            x.All(n => Same(_context[B][n], _context[A][NormOf(A, _v[B].Norms[n].Name)]) == true);
                (same ? unchanged : changed).Add(concern);
            }
            if (changed.Count == 0) return;
            Region? GapOf(int v, string concern)
            {
                if (!groups[v].TryGetValue(concern, out var norms)) return _algebra.EmptyRegion;
                Region? covered = _algebra.EmptyRegion;
                foreach (int n in norms) covered = Union(covered, _context[v][n]);
                return Not(covered);
            }
            Region? UnionOf(int v, IEnumerable<string> cs)
            {
                Region? u = _algebra.EmptyRegion;
                foreach (var c in cs) u = Union(u, GapOf(v, c));
                return u;
            }
            var before = UnionOf(B, changed);
            var after = UnionOf(A, changed);
            var onlyBefore = Minus(before, after);
            var onlyAfter = Minus(after, before);
            if (onlyBefore == null || onlyAfter == null) { GiveUp(what); return; }
            if (onlyBefore.IsEmpty && onlyAfter.IsEmpty) return;
            var common = UnionOf(B, unchanged);
            ReportReason(ReasonBits.Gap, Minus(onlyBefore, common), Minus(onlyAfter, common), what);
        }

        private Dictionary<string, int[]> GapGroups(int v) =>
            _relations[v].GapGroups.ToDictionary(g => g.Concern, g => g.Norms, StringComparer.Ordinal);

        private Region? ExplicitRegion(int v, double atLeast = 0, bool byWeight = false)
        {
            Region? u = _algebra.EmptyRegion;
            foreach (var rule in _v[v].Uncertainty)
                if (rule.Trigger == UncertainTrigger.Guard && (!byWeight || (float)rule.Weight >= atLeast))
                    u = Union(u, FromGuard(_space.Guard(v, rule.Guard)));
            return u;
        }

        private void Explicit()
        {
            const string what = "where the `Explicit` reason differs";
            var before = ExplicitRegion(B);
            var after = ExplicitRegion(A);
            if (Same(before, after) == true) return;
            ReportReason(ReasonBits.Explicit, Minus(before, after), Minus(after, before), what);
        }

        // ---- uncertainty ----------------------------------------------------------------------------------------

        private string RuleText(int v, BoundUncertainRule r) =>
            "uncertain " + ExpressionPrinter.Number((float)r.Weight) + " when " +
            (r.Trigger == UncertainTrigger.Conflict ? "conflict" : r.Trigger == UncertainTrigger.Gap ? "gap" : r.GuardText ?? ExpressionPrinter.Print(_v[v], r.Guard!));

        /// <summary>
        /// Where the uncertainty differs because the rules changed. With the same rules, the uncertainty can only differ
        /// where a reason does, which the reason regions already show (their witnesses give both uncertainties).
        /// </summary>
        private void Uncertainty()
        {
            string Signature(int v, BoundUncertainRule r) => r.Trigger + "|" + ((float)r.Weight).ToString("R", System.Globalization.CultureInfo.InvariantCulture) + "|" +
                (r.Guard == null ? "" : _space.Guard(v, r.Guard)!.ToString());
            var before = _v[B].Uncertainty.Select(r => Signature(B, r)).OrderBy(s => s, StringComparer.Ordinal).ToList();
            var after = _v[A].Uncertainty.Select(r => Signature(A, r)).OrderBy(s => s, StringComparer.Ordinal).ToList();
            if (before.SequenceEqual(after)) return;
            _other.Add("uncertainty rules: " + Rules(B) + " → " + Rules(A));

            const string what = "where the uncertainty differs";
            var levels = _v.SelectMany(c => c.Uncertainty.Select(r => (float)r.Weight)).Where(w => w > 0).Distinct().OrderBy(w => w).ToList();
            var regions = new Region?[2][];
            for (int v = 0; v < 2; v++)
            {
                int version = v;
                Region? conflict = null, gap = null;
                regions[v] = levels.Select(w =>
                {
                    Region? u = ExplicitRegion(version, w, byWeight: true);
                    foreach (var rule in _v[version].Uncertainty.Where(r => (float)r.Weight >= w))
                    {
                        if (rule.Trigger == UncertainTrigger.Conflict) u = Union(u, conflict ??= FullConflict(version));
                        else if (rule.Trigger == UncertainTrigger.Gap) u = Union(u, gap ??= FullGap(version));
                    }
                    return u;
                }).ToArray();
            }
            Region? differ = _algebra.EmptyRegion;
            for (int l = 0; l < levels.Count; l++)
                differ = Union(differ, Union(Minus(regions[B][l], regions[A][l]), Minus(regions[A][l], regions[B][l])));
            if (differ == null) { GiveUp(what); return; }
            if (differ.IsEmpty) return;
            var query = new WitnessQuery(o => o.Before.Uncertainty != o.After.Uncertainty);
            var witness = _runs.Find(differ.Boxes, query);
            Report(new DiffRegion(DifferenceKind.Uncertainty, null, ReasonBits.None, "the uncertainty differs (the uncertainty rules changed)",
                Where(differ.Boxes), ChangeOver(differ), witness, witness == null ? Unrealised : null));
        }

        private string Rules(int v) => _v[v].Uncertainty.Length == 0 ? "none" : string.Join("; ", _v[v].Uncertainty.Select(r => "`" + RuleText(v, r) + "`"));

        private Region? FullConflict(int v) => Overlaps(v, _relations[v].ConflictCandidates(), Full);

        private Region? FullGap(int v)
        {
            Region? u = _algebra.EmptyRegion;
            foreach (var (_, norms) in _relations[v].GapGroups)
            {
                Region? covered = _algebra.EmptyRegion;
                foreach (int n in norms) covered = Union(covered, _context[v][n]);
                u = Union(u, Not(covered));
            }
            return u;
        }

        // ---- domain changes -------------------------------------------------------------------------------------

        /// <summary>
        /// A signal whose domain changed: the values one version takes as they are and the other clamps, rounds or
        /// rejects lie outside the common domain the regions are analysed over, so each change gets one checked
        /// sample where the <c>OutOfDomain</c> (or <c>Invalid</c>) reason differs.
        /// </summary>
        private void DomainChanges()
        {
            foreach (var (_, sb, sa) in _space.DomainChanges)
            {
                var neutral = _runs.NeutralJoint;
                bool reported = false;
                foreach (var (value, text, beforeOnly) in OutsideValues(sb, sa))
                {
                    var before = _space.ToVersion(B, neutral);
                    var after = _space.ToVersion(A, neutral);
                    Set(before, sb, value);
                    Set(after, sa, value);
                    var (rb, ra) = _runs.RunVersions(before, after);
                    var bits = (rb.Reasons ^ ra.Reasons) & (ReasonBits.OutOfDomain | ReasonBits.Invalid);
                    if (bits == ReasonBits.None) continue;
                    var witness = new DiffWitness(new[] { new WitnessBinding(sb.Name, text) }.ToEquatableArray(), EquatableArray<WitnessBinding>.Empty,
                        before, after, _space.ParamsOf(B, _runs.Defaults).ToEquatableArray(), _space.ParamsOf(A, _runs.Defaults).ToEquatableArray(),
                        VersionOutcome.Of(_v[B], rb), VersionOutcome.Of(_v[A], ra));
                    Report(new DiffRegion(DifferenceKind.Reason, null, bits,
                        $"the domain of `{sb.Name}` changed: {sb.Name} = {text} is in the {(beforeOnly ? "before" : "after")} version's domain only; the {(beforeOnly ? "after" : "before")} version {(sb.Kind == SignalKind.Category ? "rejects it (an invalid sample)" : "clamps or rounds it")}",
                        $"`{sb.Name}` in {Domain(beforeOnly ? sb : sa)} and not in {Domain(beforeOnly ? sa : sb)} (outside the common domain the regions are analysed over; the change of the total is the witness's)",
                        Interval.Point((double)ra.Total - rb.Total), witness, null));
                    reported = true;
                    break;
                }
                if (!reported)
                    Report(new DiffRegion(DifferenceKind.Reason, null, ReasonBits.OutOfDomain, $"the domain of `{sb.Name}` changed",
                        $"`{sb.Name}` in {Domain(sb)} before, {Domain(sa)} after", Interval.Unbounded, null,
                        "no value in one domain and not the other was found among the ends tried"));
            }
        }

        private static string Domain(BoundSignal s) =>
            s.Kind == SignalKind.Category ? "{ " + string.Join(", ", s.Categories) + " }"
            : SyntaxFacts.Range(s.Low, s.High) + (s.IsInteger ? " (whole numbers)" : "");

        private static IEnumerable<(object Value, string Text, bool BeforeOnly)> OutsideValues(BoundSignal b, BoundSignal a)
        {
            if (b.Kind == SignalKind.Category)
            {
                foreach (var name in b.Categories.Where(c => !a.Categories.Contains(c))) yield return (name, name, true);
                foreach (var name in a.Categories.Where(c => !b.Categories.Contains(c))) yield return (name, name, false);
                yield break;
            }
            bool In(BoundSignal s, double x) => x >= (float)s.Low && x <= (float)s.High && (!s.IsInteger || Math.Floor(x) == x);
            var candidates = new List<double>();
            foreach (var s in new[] { b, a })
                foreach (double end in new[] { s.Low, s.High })
                    if (!double.IsInfinity(end)) candidates.AddRange(new[] { end, end - 1, end + 1, end - 0.5, end + 0.5 });
            candidates.Add(0.5);
            foreach (double x in candidates.Distinct())
            {
                float f = (float)x;
                if (float.IsInfinity(f)) continue;
                bool inB = In(b, f), inA = In(a, f);
                if (inB != inA) yield return (f, Sample.FormatFloat(f), inB);
            }
        }

        private static void Set(Sample s, BoundSignal signal, object value)
        {
            switch (signal.Kind)
            {
                case SignalKind.Category:
                    int code = signal.Categories.ToList().IndexOf((string)value);
                    s.Codes[signal.Index] = code >= 0 ? code : signal.Categories.Length; // a value this version does not have: an invalid code
                    break;
                case SignalKind.Ensemble:
                    s.Members[signal.Index] = Enumerable.Repeat((float)value, s.Members[signal.Index].Length).ToArray();
                    break;
                default:
                    s.Scalars[signal.Index] = (float)value;
                    break;
            }
        }

        // ---- concerns -------------------------------------------------------------------------------------------

        private List<ConcernComparison> Concerns()
        {
            var result = new List<ConcernComparison>();
            var concerns = _v[B].Concerns.Concat(_v[A].Concerns).Distinct().ToList();
            var namesOf = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var name in _names)
                foreach (int v in new[] { B, A })
                {
                    int n = NormOf(v, name);
                    if (n < 0) continue;
                    string c = _v[v].Norms[n].Concern;
                    if (!namesOf.TryGetValue(c, out var list)) namesOf[c] = list = new List<string>();
                    if (list.Count == 0 || list[list.Count - 1] != name) list.Add(name);
                }
            foreach (var concern in concerns)
            {
                string what = $"the contribution of concern `{concern}`";
                var names = namesOf[concern];
                var terms = ChangedTerms(names, (v, n) => n.Concern == concern, what);
                if (terms == null) { result.Add(new ConcernComparison(concern, ConcernOrder.Undecided, "gave up (see the notes)", null, null)); continue; }
                if (terms.Count == 0) { result.Add(new ConcernComparison(concern, ConcernOrder.Same, null, null, null)); continue; }
                var cells = Split(terms, Poly.Zero, what);
                if (cells == null) { result.Add(new ConcernComparison(concern, ConcernOrder.Undecided, "gave up (see the notes)", null, null)); continue; }
                result.Add(Concern(concern, cells));
            }
            return result;
        }

        private ConcernComparison Concern(string concern, List<Cell> cells)
        {
            var members = new[] { B, A }.Select(v => _v[v].Norms.Where(n => n.Concern == concern).Select(n => n.Index).ToArray()).ToArray();
            double Delta(Outcome o) => members[A].Sum(n => (double)o.After.Contributions[n]) - members[B].Sum(n => (double)o.Before.Contributions[n]);
            bool nonPositive = true, nonNegative = true, any = false;
            var lowerCells = new List<(Cell Cell, List<Box> Boxes)>();
            var higherCells = new List<(Cell Cell, List<Box> Boxes)>();
            foreach (var cell in cells)
            {
                var boxes = NonZeroBoxes(cell);
                if (boxes.Count == 0) continue;
                any = true;
                var lower = boxes.Where(b => b.Range.Low < 0 || b.Range.MayBeNaN).Select(b => b.Box).ToList();
                var higher = boxes.Where(b => b.Range.High > 0 || b.Range.MayBeNaN).Select(b => b.Box).ToList();
                if (higher.Count > 0) nonPositive = false;
                if (lower.Count > 0) nonNegative = false;
                if (lower.Count > 0) lowerCells.Add((cell, lower));
                if (higher.Count > 0) higherCells.Add((cell, higher));
            }
            if (!any) return new ConcernComparison(concern, ConcernOrder.Same, null, null, null);

            DiffWitness? Search(List<(Cell Cell, List<Box> Boxes)> where, int sign)
            {
                foreach (var (cell, boxes) in where)
                {
                    var difference = cell.Difference;
                    var query = new WitnessQuery(o =>
                    {
                        var point = new PolyPoint(o.JointInputs, o.Params);
                        double delta = Delta(o), real = point.Of(difference);
                        double tolerance = _options.Tolerance * (o.Scale + point.Magnitude(difference)) + 1e-30;
                        return sign * delta > tolerance && sign * real > tolerance;
                    })
                    {
                        Score = (inputs, parameters) => sign * new PolyPoint(inputs, parameters).Of(difference),
                        Viable = (inputs, parameters) =>
                        {
                            var point = new PolyPoint(inputs, parameters);
                            return sign * point.Of(difference) > _options.Tolerance * point.Magnitude(difference);
                        },
                    };
                    ReadBy(difference, query.FreeSignals, query.FreeParams);
                    foreach (int s in query.FreeSignals) query.Show.Add(s);
                    var witness = _runs.Find(boxes, query);
                    if (witness != null) return witness;
                }
                return null;
            }
            var lowerWitness = Search(lowerCells, -1);
            var higherWitness = Search(higherCells, +1);
            if (nonPositive) return new ConcernComparison(concern, ConcernOrder.Stricter, null, lowerWitness, null);
            if (nonNegative) return new ConcernComparison(concern, ConcernOrder.MorePermissive, null, null, higherWitness);
            if (lowerWitness != null && higherWitness != null) return new ConcernComparison(concern, ConcernOrder.Incomparable, null, lowerWitness, higherWitness);
            return new ConcernComparison(concern, ConcernOrder.Undecided,
                lowerWitness != null ? "lower after on some samples; no sample where it is higher was found, nor was it proven never higher"
                : higherWitness != null ? "higher after on some samples; no sample where it is lower was found, nor was it proven never lower"
                : "the change is not provably signed and no witness was found either way",
                lowerWitness, higherWitness);
        }

        // ---- declarations ---------------------------------------------------------------------------------------

        private List<NormChange> NormChanges(out int unchanged)
        {
            var result = new List<NormChange>();
            unchanged = 0;
            foreach (var name in _names)
            {
                int nb = NormOf(B, name), na = NormOf(A, name);
                if (na < 0) { result.Add(new NormChange(ChangeKind.Removed, name, EquatableArray<string>.Empty, Summary(_v[B].Norms[nb]), null)); continue; }
                if (nb < 0) { result.Add(new NormChange(ChangeKind.Added, name, EquatableArray<string>.Empty, null, Summary(_v[A].Norms[na]))); continue; }
                var x = _v[B].Norms[nb];
                var y = _v[A].Norms[na];
                var aspects = new List<string>();
                if (x.Effect != y.Effect) aspects.Add($"effect {Effect(x)} → {Effect(y)}");
                var sameActive = Same(_active[B][nb], _active[A][na]);
                if (sameActive != true)
                    aspects.Add($"condition {Code(Condition(x))} → {Code(Condition(y))}" + (sameActive == null ? " (not compared: too large)" : ""));
                else if (Condition(x) != Condition(y)) aspects.Add("condition rewritten (it holds on the same samples)");
                if (_signed[B][nb].Key != _signed[A][na].Key)
                {
                    if (x.Effect == y.Effect || (x.Effect != EffectKind.Allow && y.Effect != EffectKind.Allow))
                        aspects.Add($"amount {Code(Amount(x))} → {Code(Amount(y))}");
                }
                else if (Amount(x) != Amount(y)) aspects.Add("amount rewritten (the same value in real arithmetic)");
                var dx = DominatorNames(B, nb);
                var dy = DominatorNames(A, na);
                if (!dx.SetEquals(dy))
                    aspects.Add($"preferred over it: {NameSet(dx)} → {NameSet(dy)}");
                if (sameActive == true && Same(_inEffect[B][nb], _inEffect[A][na]) == false && dx.SetEquals(dy))
                    aspects.Add("silenced on other samples (a norm preferred over it changed)");
                if (x.Concern != y.Concern) aspects.Add($"concern `{x.Concern}` → `{y.Concern}`");
                if (x.Rationale != y.Rationale) aspects.Add("rationale changed");
                if (aspects.Count == 0) { unchanged++; continue; }
                result.Add(new NormChange(ChangeKind.Changed, name, aspects.ToEquatableArray(), Summary(x), Summary(y)));
            }
            return result;
        }

        private static string NameSet(HashSet<string> names) => names.Count == 0 ? "none" : "{ " + string.Join(", ", names.OrderBy(n => n, StringComparer.Ordinal)) + " }";

        private static string Code(string text) => "`" + text + "`";

        private static string Effect(BoundNorm n) => n.Effect.ToString().ToLowerInvariant();

        private static string Condition(BoundNorm n)
        {
            var parts = new List<string>();
            if (n.ContextText != null) parts.Add("in " + n.ContextText);
            if (n.GuardText != null) parts.Add("when " + n.GuardText);
            return parts.Count == 0 ? "always" : string.Join(" ", parts);
        }

        private static string Amount(BoundNorm n) =>
            n.Effect == EffectKind.Allow ? "allow" : (n.AmountText ?? "") + (n.Cap is double c ? " cap " + ExpressionPrinter.Number(c) : "");

        private static string Summary(BoundNorm n)
        {
            string condition = Condition(n);
            string effect = n.Effect == EffectKind.Allow ? "allow" : Effect(n) + " " + Amount(n);
            return Code((condition == "always" ? "" : condition + " ") + effect);
        }

        private void Welfare()
        {
            string? before = WelfareText(_v[B]);
            string? after = WelfareText(_v[A]);
            if (before == after) return;
            _other.Add($"welfare: {before ?? "none"} → {after ?? "none"} (the batch's welfare weights and value change; not a per-sample region)");
            _batchChanged = true;
        }

        private static string? WelfareText(BoundContract c)
        {
            if (c.Welfare is not BoundWelfare w || w.Category < 0) return null;
            var group = c.Signals[w.Category];
            string text = (w.Kind == WelfareKind.Power ? "power " + ExpressionPrinter.Number(w.Exponent) : w.Kind.ToString().ToLowerInvariant()) + " over " + group.Name;
            var weights = group.Categories.Select((g, i) => (g, w.Weights.Length > i ? w.Weights[i] : 1.0)).Where(x => x.Item2 != 1.0).OrderBy(x => x.g, StringComparer.Ordinal).ToList();
            if (weights.Count > 0) text += " weights { " + string.Join(", ", weights.Select(x => x.g + ": " + ExpressionPrinter.Number(x.Item2))) + " }";
            if (w.From is double from) text += " from " + ExpressionPrinter.Number(from);
            if (w.Kind == WelfareKind.Maximin) text += " temperature " + ExpressionPrinter.Number(w.Temperature);
            return text;
        }
    }
}
