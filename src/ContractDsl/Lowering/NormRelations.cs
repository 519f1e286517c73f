using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using ContractDsl.Binding;
using ContractDsl.Syntax;

namespace ContractDsl.Lowering
{
    /// <summary>
    /// The rules that relate norms to each other (design brief rev. 2, §4 steps 4 and 6, §5), decided here and only
    /// here: the analysis (CDSL2001, CDSL3001, CDSL3003, CDSL3005), lowering (conflict pairs, gap groups, silencing)
    /// and so every back end read them from this class.
    /// <list type="bullet">
    /// <item><b>Related</b> norms share a concern, or some signal appears in the conditions (context or guard) of both —
    /// through lets and ensemble statistics too. A signal that only an amount reads does not relate two norms.</item>
    /// <item><b>Opposed</b> norms give contrary guidance: one rewards and the other penalizes, or, within one concern,
    /// one is an <c>allow</c> and the other is not.</item>
    /// <item>A <b>conflict</b> is two related, opposed norms with no preference between them (either way, transitively),
    /// both in effect on one sample.</item>
    /// <item>A <b>trade-off</b> is a reward norm and a penalize norm that are not related and have no preference
    /// between them: the contract's magnitudes decide, and it is not a run-time reason.</item>
    /// <item>A norm is <b>silenced</b> on a sample where a norm preferred over it (transitively) is active; a silenced
    /// norm contributes 0 and takes part in no conflict (the preference resolved it).</item>
    /// <item>A <b>gap group</b> is a concern declared with <c>concern c</c> whose norms all have contexts.</item>
    /// </list>
    /// Its answers never change once built (dominators and the grouping of penalties are listed when first asked for,
    /// and a race between threads only lists the same thing twice); the cost of building is linear in the contract's
    /// size (let signal sets are computed once per let, not expanded per use).
    /// </summary>
    public sealed class NormRelations
    {
        private readonly BoundContract _contract;
        private readonly int[][] _conditionSignals;   // per norm: the signals its context and guard read, ascending
        private readonly ulong[][] _conditionMasks;   // the same as bit sets, for constant-time "share a signal" tests
        private readonly int[] _concern;              // per norm: its concern as a small integer
        private readonly int[]?[] _dominators;        // per norm: the norms preferred over it, ascending (listed when first asked)
        private readonly PreferenceOrder _order;
        private List<(ulong[] Mask, List<int> Members)>? _penaltiesByConditionSignals;   // grouped when first asked (TradeOffPartners)

        private NormRelations(BoundContract contract)
        {
            _contract = contract;
            var collector = new SignalCollector();
            var letSignals = SignalsOfLets(contract, collector);
            int normCount = contract.Norms.Length;
            int words = (contract.Signals.Length + 63) / 64;
            _conditionSignals = new int[normCount][];
            _conditionMasks = new ulong[normCount][];
            _concern = new int[normCount];
            var concernIds = new Dictionary<string, int>(StringComparer.Ordinal);
            for (int i = 0; i < normCount; i++)
            {
                var n = contract.Norms[i];
                collector.Add(n.Context, letSignals);
                collector.Add(n.Guard, letSignals);
                var signals = _conditionSignals[i] = collector.TakeSortedDistinct();
                var mask = _conditionMasks[i] = new ulong[words];
                foreach (int signal in signals) mask[signal >> 6] |= 1UL << (signal & 63);
                if (!concernIds.TryGetValue(n.Concern, out int id)) concernIds[n.Concern] = id = concernIds.Count;
                _concern[i] = id;
            }

            // The binder's compressed closure answers both questions without a pass over all pairs of preferred norms
            // (a chain of 8,000 preferences made that pass 64 M lookups): dominators per norm, relatedness per pair.
            // Dominators are listed per norm when first asked for: all of them for a chain of n preferences is n²/2
            // entries, and most callers ask for few norms or stop early.
            _order = contract.Order;
            _dominators = new int[contract.Norms.Length][];

            GapGroups = contract.Norms
                .GroupBy(n => n.Concern, StringComparer.Ordinal)
                .Where(g => g.Any(n => n.ConcernDeclared) && g.All(n => n.Context != null))
                .Select(g => (g.Key, g.Select(n => n.Index).ToArray()))
                .ToArray();
        }

        // One instance per bound contract: the analysis, the interpreter it checks witnesses with and lowering all ask for
        // the relations of the same contract object, and building them costs a pass over its norms and lets.
        private static readonly ConditionalWeakTable<BoundContract, NormRelations> Built = new ConditionalWeakTable<BoundContract, NormRelations>();

        /// <summary>The relations of <paramref name="contract"/> (built once per contract object, then shared; immutable).</summary>
        public static NormRelations Of(BoundContract contract) =>
            Built.GetValue(contract ?? throw new ArgumentNullException(nameof(contract)), c => new NormRelations(c));

        public BoundContract Contract => _contract;

        /// <summary>The signals read by a norm's context and guard (through lets and ensemble statistics), ascending.</summary>
        public IReadOnlyList<int> ConditionSignals(int norm) => _conditionSignals[norm];

        /// <summary>The norms preferred over <paramref name="norm"/>, directly or transitively, ascending.</summary>
        public IReadOnlyList<int> Dominators(int norm)
        {
            // A benign race: two threads may both list a norm's dominators; either array is the same list.
            var listed = _dominators[norm];
            if (listed != null) return listed;
            listed = _order.IsOrdered(norm) ? _order.Dominators(norm).ToArray() : Array.Empty<int>();   // never the norm itself
            _dominators[norm] = listed;
            return listed;
        }

        /// <summary>The concerns that can have a gap, with their norms.</summary>
        public IReadOnlyList<(string Concern, int[] Norms)> GapGroups { get; }

        /// <summary>A preference orders the two norms (either way, transitively).</summary>
        public bool Ordered(int a, int b) => a != b && _order.Related(a, b);

        public bool ShareConcern(int a, int b) => _concern[a] == _concern[b];

        /// <summary>Whether some signal appears in the conditions of both norms.</summary>
        public bool ShareConditionSignal(int a, int b) => Intersect(_conditionMasks[a], _conditionMasks[b]);

        /// <summary>A signal both norms' conditions read (ascending merge), or -1.</summary>
        public int SharedConditionSignal(int a, int b)
        {
            var x = _conditionSignals[a];
            var y = _conditionSignals[b];
            int i = 0, j = 0;
            while (i < x.Length && j < y.Length)
            {
                if (x[i] == y[j]) return x[i];
                if (x[i] < y[j]) i++; else j++;
            }
            return -1;
        }

        public bool Related(int a, int b) => ShareConcern(a, b) || ShareConditionSignal(a, b);

        public bool Opposed(int a, int b)
        {
            var x = _contract.Norms[a];
            var y = _contract.Norms[b];
            return x.Sign * y.Sign < 0 || (ShareConcern(a, b) && (x.Effect == EffectKind.Allow) != (y.Effect == EffectKind.Allow));
        }

        /// <summary>Both in effect on one sample would be a <c>Conflict</c>.</summary>
        public bool CanConflict(int a, int b) => a != b && Opposed(a, b) && Related(a, b) && !Ordered(a, b);

        /// <summary>A reward norm and a penalize norm that are unrelated and unordered: a priced trade-off (CDSL3005).</summary>
        public bool IsTradeOff(int a, int b) =>
            a != b && _contract.Norms[a].Sign * _contract.Norms[b].Sign < 0 && !Related(a, b) && !Ordered(a, b);

        /// <summary>
        /// The penalize norms that form a trade-off with reward norm <paramref name="reward"/> (<see cref="IsTradeOff"/>),
        /// ascending. Penalties are grouped by the signal set of their conditions, and a group whose set meets the reward's
        /// is skipped whole (all its norms are related to it): a contract of thousands of norms on one signal costs no
        /// pass over all reward × penalty pairs.
        /// </summary>
        public IReadOnlyList<int> TradeOffPartners(int reward)
        {
            var result = new List<int>();
            if (_contract.Norms[reward].Sign <= 0) return result;
            var groups = _penaltiesByConditionSignals ??= GroupPenaltiesByConditionSignals();
            var mask = _conditionMasks[reward];
            foreach (var (groupMask, members) in groups)
            {
                if (Intersect(mask, groupMask)) continue;
                foreach (int p in members)
                    if (!ShareConcern(reward, p) && !Ordered(reward, p)) result.Add(p);
            }
            result.Sort();
            return result;
        }

        private List<(ulong[] Mask, List<int> Members)> GroupPenaltiesByConditionSignals()
        {
            var byKey = new Dictionary<string, (ulong[] Mask, List<int> Members)>(StringComparer.Ordinal);
            var groups = new List<(ulong[], List<int>)>();
            foreach (var norm in _contract.Norms)
            {
                if (norm.Sign >= 0) continue;
                string key = string.Join(",", _conditionSignals[norm.Index]);
                if (!byKey.TryGetValue(key, out var group))
                {
                    byKey[key] = group = (_conditionMasks[norm.Index], new List<int>());
                    groups.Add(group);
                }
                group.Members.Add(norm.Index);
            }
            return groups;
        }

        private static bool Intersect(ulong[] x, ulong[] y)
        {
            for (int w = 0; w < x.Length; w++)
                if ((x[w] & y[w]) != 0) return true;
            return false;
        }

        /// <summary>
        /// Every pair (a &lt; b) that <see cref="CanConflict"/>, each once, in index order (by a, then b): reward × penalize
        /// norms tested with bit-set and integer comparisons, and allow × the rest within each concern.
        /// </summary>
        public IEnumerable<(int First, int Second)> ConflictCandidates()
        {
            // Row by row, so a caller that stops early (the analysis budget) stops the generation too.
            var row = new List<int>();
            for (int i = 0; i < _contract.Norms.Length; i++)
            {
                ConflictCandidates(i, row);
                foreach (int j in row) yield return (i, j);
            }
        }

        /// <summary>
        /// The norms after <paramref name="norm"/> that can conflict with it (its row of <see cref="ConflictCandidates()"/>),
        /// ascending, into <paramref name="row"/> (cleared first).
        /// </summary>
        public void ConflictCandidates(int norm, List<int> row)
        {
            // Contrary guidance is reward against penalize, or — within one concern — allow against the rest. Only the
            // norms that can oppose norm i are visited, merged in index order, so a file of tens of thousands of
            // unrelated norms costs no pass over all pairs.
            row.Clear();
            var opposites = _opposites ??= new Opposites(_contract, _concern);
            int i = norm;
            var n = _contract.Norms[i];
            int[] opposite = n.Sign > 0 ? opposites.Penalties : n.Sign < 0 ? opposites.Rewards : Array.Empty<int>();
            var contrary = (n.Effect == EffectKind.Allow ? opposites.Others : opposites.Allows).TryGetValue(_concern[i], out var mates) ? mates : opposites.None;
            int a = After(opposite, i), b = After(contrary, i);
            while (a < opposite.Length || b < contrary.Count)
            {
                int j;
                if (b >= contrary.Count || (a < opposite.Length && opposite[a] < contrary[b])) j = opposite[a++];
                else if (a >= opposite.Length || contrary[b] < opposite[a]) j = contrary[b++];
                else { j = opposite[a++]; b++; }
                if (Related(i, j) && !Ordered(i, j)) row.Add(j);
            }
        }

        private Opposites? _opposites;

        /// <summary>The norms by the side they take: rewards, penalties, and per concern its allows and its other norms.</summary>
        private sealed class Opposites
        {
            public Opposites(BoundContract contract, int[] concern)
            {
                var norms = contract.Norms;
                Rewards = norms.Where(x => x.Sign > 0).Select(x => x.Index).ToArray();
                Penalties = norms.Where(x => x.Sign < 0).Select(x => x.Index).ToArray();
                foreach (var norm in norms)
                {
                    var byConcern = norm.Effect == EffectKind.Allow ? Allows : Others;
                    if (!byConcern.TryGetValue(concern[norm.Index], out var list)) byConcern[concern[norm.Index]] = list = new List<int>();
                    list.Add(norm.Index);
                }
            }

            public int[] Rewards { get; }
            public int[] Penalties { get; }
            public Dictionary<int, List<int>> Allows { get; } = new Dictionary<int, List<int>>();
            public Dictionary<int, List<int>> Others { get; } = new Dictionary<int, List<int>>();
            public List<int> None { get; } = new List<int>();
        }

        /// <summary>The position of the first element of ascending <paramref name="sorted"/> greater than <paramref name="value"/>.</summary>
        private static int After(IReadOnlyList<int> sorted, int value)
        {
            int lo = 0, hi = sorted.Count;
            while (lo < hi)
            {
                int mid = (lo + hi) >> 1;
                if (sorted[mid] <= value) lo = mid + 1; else hi = mid;
            }
            return lo;
        }

        /// <summary>
        /// The conflict test as groups of related norms with two opposed sides (see <see cref="ConflictGroup"/>): per
        /// concern, reward against penalize and <c>allow</c> against the rest; per signal read by conditions, reward
        /// against penalize. Every pair across the sides of a group is related and opposed; groups with an empty side
        /// are left out, and so are duplicates.
        /// </summary>
        public IReadOnlyList<(string RelatedBy, int[] Left, int[] Right)> ConflictGroups()
        {
            var norms = _contract.Norms;
            var result = new List<(string, int[], int[])>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            void Add(string relatedBy, IEnumerable<int> left, IEnumerable<int> right)
            {
                var l = left.OrderBy(i => i).ToArray();
                var r = right.OrderBy(i => i).ToArray();
                if (l.Length == 0 || r.Length == 0) return;
                if (seen.Add(string.Join(",", l) + "|" + string.Join(",", r))) result.Add((relatedBy, l, r));
            }
            foreach (var concern in norms.GroupBy(n => n.Concern, StringComparer.Ordinal).Where(g => g.Count() > 1))
            {
                Add("concern " + concern.Key, concern.Where(n => n.Sign > 0).Select(n => n.Index), concern.Where(n => n.Sign < 0).Select(n => n.Index));
                Add("concern " + concern.Key, concern.Where(n => n.Effect == EffectKind.Allow).Select(n => n.Index), concern.Where(n => n.Effect != EffectKind.Allow).Select(n => n.Index));
            }
            var bySignal = new SortedDictionary<int, List<int>>();
            foreach (var n in norms)
                foreach (int s in _conditionSignals[n.Index])
                {
                    if (!bySignal.TryGetValue(s, out var list)) bySignal[s] = list = new List<int>();
                    list.Add(n.Index);
                }
            foreach (var pair in bySignal.Where(p => p.Value.Count > 1))
                Add("signal " + _contract.Signals[pair.Key].Name, pair.Value.Where(i => norms[i].Sign > 0), pair.Value.Where(i => norms[i].Sign < 0));
            return result;
        }

        // ---- signals read through lets --------------------------------------------------------------------------

        /// <summary>
        /// Per let, the signals it reads directly or through other lets, ascending — built in the binder's dependency
        /// order from the lets it reads (linear in a let chain's length); a let in a cycle (CDSL1010) contributes its
        /// direct reads only.
        /// </summary>
        internal static int[][] SignalsOfLets(BoundContract contract) => SignalsOfLets(contract, new SignalCollector());

        private static int[][] SignalsOfLets(BoundContract contract, SignalCollector collector)
        {
            var result = new int[contract.Lets.Length][];
            foreach (var let in contract.Lets)
            {
                collector.Add(let.Value, result);
                result[let.Index] = collector.TakeSortedDistinct();
            }
            return result;
        }

        /// <summary>
        /// The signals that guards and expressions read (through lets), collected into one list and handed out sorted and
        /// without duplicates; its stacks and list are reused from one norm to the next (a set and two stacks per norm
        /// were most of what a contract of one norm cost here).
        /// </summary>
        private sealed class SignalCollector
        {
            private readonly Stack<BoundGuard> _guards = new Stack<BoundGuard>();
            private readonly Stack<BoundExpression> _expressions = new Stack<BoundExpression>();
            private readonly List<int> _signals = new List<int>();

            /// <summary>The signals collected since the last call, ascending, each once; the collection starts afresh.</summary>
            public int[] TakeSortedDistinct()
            {
                if (_signals.Count == 0) return Array.Empty<int>();
                _signals.Sort();
                int distinct = 1;
                for (int i = 1; i < _signals.Count; i++)
                    if (_signals[i] != _signals[distinct - 1]) _signals[distinct++] = _signals[i];
                var result = new int[distinct];
                _signals.CopyTo(0, result, 0, distinct);
                _signals.Clear();
                return result;
            }

            public void Add(BoundGuard? guard, int[][] letSignals)
            {
                if (guard == null) return;
                _guards.Push(guard);
                while (_guards.Count > 0)
                {
                    switch (_guards.Pop())
                    {
                        case BoundAnd and: _guards.Push(and.Left); _guards.Push(and.Right); break;
                        case BoundOr or: _guards.Push(or.Left); _guards.Push(or.Right); break;
                        case BoundNot not: _guards.Push(not.Operand); break;
                        case BoundFlag flag: _signals.Add(flag.Signal); break;
                        case BoundCategoryTest test: _signals.Add(test.Signal); break;
                        case BoundComparison cmp: Add(cmp.Subject, letSignals); break;
                    }
                }
            }

            public void Add(BoundExpression expression, int[][] letSignals)
            {
                _expressions.Push(expression);
                while (_expressions.Count > 0)
                {
                    switch (_expressions.Pop())
                    {
                        case BoundSignalValue s: _signals.Add(s.Signal); break;
                        case BoundEnsembleMember m: _signals.Add(m.Signal); break;
                        case BoundLetValue l when l.Let < letSignals.Length && letSignals[l.Let] != null:
                            _signals.AddRange(letSignals[l.Let]);
                            break;
                        case BoundNegate n: _expressions.Push(n.Operand); break;
                        case BoundBinary b: _expressions.Push(b.Left); _expressions.Push(b.Right); break;
                        case BoundCall c: foreach (var a in c.Arguments) _expressions.Push(a); break;
                    }
                }
            }
        }
    }
}
