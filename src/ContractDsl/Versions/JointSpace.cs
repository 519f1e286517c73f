using System;
using System.Collections.Generic;
using System.Linq;
using ContractDsl.Binding;
using ContractDsl.Collections;
using ContractDsl.Evaluation;
using ContractDsl.Syntax;
using ContractDsl.Text;

namespace ContractDsl.Versions
{
    /// <summary>
    /// The signal space two versions are compared over, as one synthetic contract (<see cref="Joint"/>) whose guards
    /// are both versions' guards, so that the analysis's axes, region algebra, feasibility and witness finder work on
    /// both at once.
    /// <list type="bullet">
    /// <item>Signals are matched by name. A signal of compatible kind in both (numbers with numbers, ensembles of one
    /// size, flags, categories sharing a value) is one joint signal over the <b>intersection</b> of its domains — the
    /// samples both versions take as they are; category values are matched by name. Otherwise, and for signals of one
    /// version only, the joint space has a signal per version, so that whatever a version reads it reads freely.</item>
    /// <item>Params are matched by name; a common param ranges over the intersection of its bounds (values both
    /// versions accept), else each version's is its own variable.</item>
    /// <item>Lets of both versions become joint lets; lets equal as real functions (same canonical form) are one let,
    /// so a guard on the same derived value in both versions is one axis.</item>
    /// <item>Norms: the before version's, then the after version's, as <c>allow</c> norms carrying the remapped
    /// context and guard (the joint contract is a space, not a contract anyone runs: its interpreter only prepares
    /// samples — domain checks, lets, statistics — for the witness finder).</item>
    /// </list>
    /// </summary>
    internal sealed class JointSpace
    {
        public const int Before = 0, After = 1;

        private readonly BoundContract[] _versions;
        private readonly int[][] _signalOf;          // per version: version signal → joint signal
        private readonly int[][][] _codeOf;          // per version, per signal: version code → joint code (−1: not common)
        private readonly int[][] _paramOf;
        private readonly int[][] _letOf;
        private readonly List<BoundSignal> _signals = new List<BoundSignal>();
        private readonly List<BoundParam> _params = new List<BoundParam>();
        private readonly List<BoundLet> _lets = new List<BoundLet>();
        private readonly Canonicalizer _canonical;

        public JointSpace(BoundContract before, BoundContract after)
        {
            _versions = new[] { before, after };
            _signalOf = new[] { new int[before.Signals.Length], new int[after.Signals.Length] };
            _codeOf = new[] { new int[before.Signals.Length][], new int[after.Signals.Length][] };
            _paramOf = new[] { new int[before.Params.Length], new int[after.Params.Length] };
            _letOf = new[] { new int[before.Lets.Length], new int[after.Lets.Length] };
            _canonical = new Canonicalizer(l => _lets[l].Value);

            MatchSignals();
            MatchParams();
            MatchLets();

            var norms = new List<BoundNorm>();
            foreach (int v in new[] { Before, After })
                foreach (var n in _versions[v].Norms)
                    norms.Add(new BoundNorm(norms.Count, n.Name, "#" + norms.Count, null, Guard(v, n.Context), Guard(v, n.Guard), EffectKind.Allow,
                        null, null, null, null, null, null, default, default, null));
            var rules = new List<BoundUncertainRule>();
            foreach (int v in new[] { Before, After })
                foreach (var r in _versions[v].Uncertainty)
                    rules.Add(new BoundUncertainRule(rules.Count, r.Weight, r.Trigger, Guard(v, r.Guard), r.GuardText, r.Reason, default));
            Joint = new BoundContract(
                before.Name, before.Namespace, null, before.Path, default, default, null, null,
                _signals.ToEquatableArray(), _params.ToEquatableArray(), _lets.ToEquatableArray(),
                new BoundConstant(0), "0", default, norms.ToEquatableArray(), EquatableArray<BoundPreference>.Empty,
                // no preferences: the joint contract only carries guards and uncertainty rules for the diff
                PreferenceOrder.Close(norms.Count, Array.Empty<(int, int)>()), null, rules.ToEquatableArray());
            NormOffset = new[] { 0, before.Norms.Length };
        }

        public BoundContract Joint { get; }

        public BoundContract Version(int v) => _versions[v];

        /// <summary>Where a version's norms start among the joint norms.</summary>
        public int[] NormOffset { get; }

        public List<SignalChange> SignalChanges { get; } = new List<SignalChange>();

        public List<ParamChange> ParamChanges { get; } = new List<ParamChange>();

        /// <summary>Compatible signals whose domains differ: joint index and both versions' signals.</summary>
        public List<(int Joint, BoundSignal Before, BoundSignal After)> DomainChanges { get; } = new List<(int, BoundSignal, BoundSignal)>();

        public Canonicalizer Canonical => _canonical;

        // ---- signals ------------------------------------------------------------------------------------------

        private void MatchSignals()
        {
            var before = _versions[Before];
            var after = _versions[After];
            var afterByName = after.Signals.ToDictionary(s => s.Name, StringComparer.Ordinal);
            var matched = new HashSet<string>(StringComparer.Ordinal);
            foreach (var b in before.Signals)
            {
                if (!afterByName.TryGetValue(b.Name, out var a))
                {
                    AddOwn(Before, b, b.Name);
                    SignalChanges.Add(new SignalChange(ChangeKind.Removed, b.Name, b.TypeText, null, null));
                    continue;
                }
                matched.Add(b.Name);
                if (!Common(b, a))
                {
                    AddOwn(Before, b, b.Name + " (before)");
                    AddOwn(After, a, a.Name + " (after)");
                    SignalChanges.Add(new SignalChange(ChangeKind.Changed, b.Name, b.TypeText, a.TypeText,
                        "incompatible kinds or disjoint domains: compared as two unrelated signals"));
                }
            }
            foreach (var a in after.Signals)
                if (!matched.Contains(a.Name))
                {
                    AddOwn(After, a, a.Name);
                    SignalChanges.Add(new SignalChange(ChangeKind.Added, a.Name, null, a.TypeText, null));
                }
        }

        private void AddOwn(int version, BoundSignal s, string name)
        {
            int j = _signals.Count;
            _signals.Add(s with { Index = j, Name = name, Span = default, Doc = null, Description = null });
            _signalOf[version][s.Index] = j;
            _codeOf[version][s.Index] = Enumerable.Range(0, s.Categories.Length).ToArray();
        }

        /// <summary>Adds the common joint signal when the two declarations are compatible; false otherwise.</summary>
        private bool Common(BoundSignal b, BoundSignal a)
        {
            bool numeric(BoundSignal s) => s.IsScalar;
            BoundSignal joint;
            if (numeric(b) && numeric(a) || (b.Kind == SignalKind.Ensemble && a.Kind == SignalKind.Ensemble && b.EnsembleSize == a.EnsembleSize))
            {
                double lo = Math.Max(b.Low, a.Low), hi = Math.Min(b.High, a.High);
                bool integer = b.IsInteger || a.IsInteger;
                if (integer) { lo = Math.Ceiling(lo); hi = Math.Floor(hi); }
                if (!(lo <= hi)) return false;
                var kind = b.Kind == SignalKind.Ensemble ? SignalKind.Ensemble
                    : integer ? SignalKind.Count
                    : b.Kind == SignalKind.Prob && a.Kind == SignalKind.Prob ? SignalKind.Prob : SignalKind.Real;
                joint = b with { Kind = kind, Low = lo, High = hi };
                if (b.Kind != a.Kind || b.Low != a.Low || b.High != a.High)
                {
                    SignalChanges.Add(new SignalChange(ChangeKind.Changed, b.Name, b.TypeText, a.TypeText,
                        "compared over the common domain " + SyntaxFacts.Range(lo, hi) + (integer ? " (whole numbers)" : "")));
                }
            }
            else if (b.Kind == SignalKind.Flag && a.Kind == SignalKind.Flag) joint = b;
            else if (b.Kind == SignalKind.Category && a.Kind == SignalKind.Category)
            {
                var common = b.Categories.Where(c => a.Categories.Contains(c)).ToList();
                if (common.Count == 0) return false;
                joint = b with { Categories = common.ToEquatableArray() };
                if (!b.Categories.OrderBy(x => x, StringComparer.Ordinal).SequenceEqual(a.Categories.OrderBy(x => x, StringComparer.Ordinal)))
                    SignalChanges.Add(new SignalChange(ChangeKind.Changed, b.Name, b.TypeText, a.TypeText,
                        "compared over the common values { " + string.Join(", ", common) + " }"));
            }
            else return false;

            int j = _signals.Count;
            _signals.Add(joint with { Index = j, Span = default, Doc = null, Description = null });
            _signalOf[Before][b.Index] = j;
            _signalOf[After][a.Index] = j;
            _codeOf[Before][b.Index] = b.Categories.Select(c => joint.Categories.ToList().IndexOf(c)).ToArray();
            _codeOf[After][a.Index] = a.Categories.Select(c => joint.Categories.ToList().IndexOf(c)).ToArray();
            bool domainChanged = b.Kind == SignalKind.Category
                ? !b.Categories.OrderBy(x => x, StringComparer.Ordinal).SequenceEqual(a.Categories.OrderBy(x => x, StringComparer.Ordinal))
                : b.Kind != SignalKind.Flag && (b.Low != a.Low || b.High != a.High || b.IsInteger != a.IsInteger);
            if (domainChanged) DomainChanges.Add((j, b, a));
            return true;
        }

        // ---- params -------------------------------------------------------------------------------------------

        private void MatchParams()
        {
            var before = _versions[Before];
            var after = _versions[After];
            var afterByName = after.Params.ToDictionary(p => p.Name, StringComparer.Ordinal);
            var matched = new HashSet<string>(StringComparer.Ordinal);
            foreach (var b in before.Params)
            {
                if (!afterByName.TryGetValue(b.Name, out var a))
                {
                    AddParam(Before, b, b.Name);
                    ParamChanges.Add(new ParamChange(ChangeKind.Removed, b.Name, ParamText(b), null, null));
                    continue;
                }
                matched.Add(b.Name);
                double lo = Math.Max(b.Low, a.Low), hi = Math.Min(b.High, a.High);
                if (!(lo <= hi))
                {
                    AddParam(Before, b, b.Name + " (before)");
                    AddParam(After, a, a.Name + " (after)");
                    ParamChanges.Add(new ParamChange(ChangeKind.Changed, b.Name, ParamText(b), ParamText(a), "disjoint bounds: compared as two unrelated params"));
                    continue;
                }
                int j = _params.Count;
                _params.Add(b with { Index = j, Low = lo, High = hi, Default = Math.Max(lo, Math.Min(hi, b.Default)), Span = default, Doc = null, Description = null });
                _paramOf[Before][b.Index] = j;
                _paramOf[After][a.Index] = j;
                if (b.Low != a.Low || b.High != a.High || b.Default != a.Default)
                {
                    string? note = b.Low != a.Low || b.High != a.High ? "compared over the common bounds " + SyntaxFacts.Range(lo, hi) : null;
                    if (b.Default != a.Default) note = (note == null ? "" : note + "; ") + "the default is not part of the comparison (every value within bounds is)";
                    ParamChanges.Add(new ParamChange(ChangeKind.Changed, b.Name, ParamText(b), ParamText(a), note));
                }
            }
            foreach (var a in after.Params)
                if (!matched.Contains(a.Name))
                {
                    AddParam(After, a, a.Name);
                    ParamChanges.Add(new ParamChange(ChangeKind.Added, a.Name, null, ParamText(a), null));
                }
        }

        private void AddParam(int version, BoundParam p, string name)
        {
            int j = _params.Count;
            _params.Add(p with { Index = j, Name = name, Span = default, Doc = null, Description = null });
            _paramOf[version][p.Index] = j;
        }

        public static string ParamText(BoundParam p) => "= " + SyntaxFacts.Number(p.Default) + " in " + SyntaxFacts.Range(p.Low, p.High);

        // ---- lets ---------------------------------------------------------------------------------------------

        private void MatchLets()
        {
            var byKey = new Dictionary<string, int>(StringComparer.Ordinal);
            var byStructure = new Dictionary<BoundExpression, int>();
            foreach (int v in new[] { Before, After })
                foreach (var let in _versions[v].Lets)
                {
                    var value = Expression(v, let.Value);
                    string key = _canonical.Of(value).Key;
                    if (byKey.TryGetValue(key, out int known) || byStructure.TryGetValue(value, out known))
                    {
                        _letOf[v][let.Index] = known;
                        continue;
                    }
                    int j = _lets.Count;
                    string name = _lets.Any(l => l.Name == let.Name) ? let.Name + " (after)" : let.Name;
                    _lets.Add(new BoundLet(j, name, value, let.Text, null, null, default));
                    _letOf[v][let.Index] = j;
                    byKey[key] = j;
                    byStructure[value] = j;
                }
        }

        // ---- remapping ----------------------------------------------------------------------------------------

        /// <summary>A version's expression in joint indices.</summary>
        public BoundExpression Expression(int v, BoundExpression e) => e switch
        {
            BoundConstant k => k,
            BoundSignalValue s => new BoundSignalValue(_signalOf[v][s.Signal]),
            BoundEnsembleMember m => new BoundEnsembleMember(_signalOf[v][m.Signal], m.Statistic),
            BoundParamValue p => new BoundParamValue(_paramOf[v][p.Param]),
            BoundLetValue l => new BoundLetValue(_letOf[v][l.Let]),
            BoundNegate n => new BoundNegate(Expression(v, n.Operand)),
            BoundBinary b => new BoundBinary(b.Operator, Expression(v, b.Left), Expression(v, b.Right)),
            BoundCall c => new BoundCall(c.Function, c.Arguments.Select(a => Expression(v, a)).ToEquatableArray()),
            _ => throw new InvalidOperationException("a contract with errors can't be compared (" + e.GetType().Name + ")"),
        };

        /// <summary>A version's guard in joint indices, without spans (so that equal guards are equal values).</summary>
        public BoundGuard? Guard(int v, BoundGuard? g) => g switch
        {
            null => null,
            BoundAnd a => new BoundAnd(Guard(v, a.Left)!, Guard(v, a.Right)!, default),
            BoundOr o => new BoundOr(Guard(v, o.Left)!, Guard(v, o.Right)!, default),
            BoundNot n => new BoundNot(Guard(v, n.Operand)!, default),
            BoundComparison c => new BoundComparison(Expression(v, c.Subject), c.Operator, c.Constant, default),
            BoundFlag f => new BoundFlag(_signalOf[v][f.Signal], default),
            BoundCategoryTest t => new BoundCategoryTest(_signalOf[v][t.Signal],
                t.Values.Select(x => _codeOf[v][t.Signal][x]).Where(x => x >= 0).Distinct().OrderBy(x => x).ToEquatableArray(), default),
            _ => throw new InvalidOperationException("a contract with errors can't be compared (" + g.GetType().Name + ")"),
        };

        // ---- samples and params -------------------------------------------------------------------------------

        /// <summary>A joint sample as the version's sample: each signal from its joint signal, category values by name.</summary>
        public Sample ToVersion(int v, Sample joint)
        {
            var version = _versions[v];
            var s = new Sample(version.Signals.Length);
            foreach (var signal in version.Signals)
            {
                int i = signal.Index, j = _signalOf[v][i];
                switch (signal.Kind)
                {
                    case SignalKind.Ensemble: s.Members[i] = (float[])joint.Members[j].Clone(); break;
                    case SignalKind.Flag: s.Flags[i] = joint.Flags[j]; break;
                    case SignalKind.Category:
                        int code = Array.IndexOf(_codeOf[v][i], joint.Codes[j]);
                        s.Codes[i] = code >= 0 ? code : signal.Categories.Length; // never happens inside the joint domain
                        break;
                    default: s.Scalars[i] = joint.Scalars[j]; break;
                }
            }
            return s;
        }

        /// <summary>A version's param values from joint param values.</summary>
        public double[] ParamsOf(int v, IReadOnlyList<double> joint) =>
            _versions[v].Params.Select(p => joint[_paramOf[v][p.Index]]).ToArray();

        public double[] DefaultParams() => _params.Select(p => p.Default).ToArray();
    }
}
