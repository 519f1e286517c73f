using System;
using System.Collections.Generic;
using System.Linq;
using ContractDsl.Binding;
using ContractDsl.Collections;
using ContractDsl.Diagnostics;
using ContractDsl.Text;

namespace ContractDsl.Analysis
{
    /// <summary>
    /// Reuse of analysis results across edits that do not change a contract's meaning — typing in a comment, adding a
    /// blank line, moving a declaration's text — which is most of what an IDE sends on each keystroke. The key is the
    /// bound contract with every source location erased (so it is equal before and after such an edit); on a hit, the
    /// cached result's diagnostics are moved to the new locations by walking the old and the new contract side by side
    /// (they have the same shape, so their spans correspond one to one). The result is exactly what a fresh analysis
    /// would give: the analysis reads no location except to report it. Bounded (a few entries), thread-safe.
    /// </summary>
    public sealed class AnalysisCache<TResult> where TResult : class
    {
        // Entries keep the key's hash and the contract, not the key: a key is a whole second copy of the contract, and
        // keeping one per recent version made every edit of a large contract promote megabytes into older GC generations.
        private readonly RecentList<(int Hash, BoundContract Original, TResult Result)> _entries;

        public AnalysisCache(int capacity = 8) => _entries = new RecentList<(int, BoundContract, TResult)>(capacity);

        /// <summary>
        /// The result for <paramref name="contract"/>: cached (relocated with <paramref name="relocate"/>) when a contract
        /// of the same meaning was analysed recently, else computed (from the contract and its location-erased form, which
        /// the lookup has made anyway) and remembered.
        /// </summary>
        public TResult GetOrAdd(BoundContract contract, Func<BoundContract, BoundContract, TResult> compute, Func<TResult, Func<SourceSpan, SourceSpan>, string, TResult> relocate)
        {
            var key = SpanEraser.Erase(contract);
            // Hashes first: comparing deeply with every entry (recent versions that differ in one declaration) cost more
            // than the one walk that hashing the key takes.
            int hash = key.GetHashCode();
            if (_entries.TryFind(e => e.Hash == hash && SpanEraser.Erase(e.Original).Equals(key), out var found))
            {
                if (ReferenceEquals(found.Original, contract) || found.Original.Equals(contract)) return found.Result;
                var map = SpanEraser.Correspondence(found.Original, contract);
                return relocate(found.Result, span => map.TryGetValue(span, out var moved) ? moved : span, contract.Path);
            }
            var result = compute(contract, key);
            _entries.Add((hash, contract, result));
            return result;
        }
    }

    /// <summary>Location-free copies of bound contracts, and the correspondence of two contracts' locations.</summary>
    public static class SpanEraser
    {
        /// <summary>The contract with every <see cref="SourceSpan"/> set to its default and the path emptied.</summary>
        public static BoundContract Erase(BoundContract c) => c with
        {
            Path = "",
            Span = default,
            NameSpan = default,
            RewardSpan = default,
            Signals = c.Signals.Select(s => s with { Span = default }).ToEquatableArray(),
            Params = c.Params.Select(p => p with { Span = default }).ToEquatableArray(),
            Lets = c.Lets.Select(l => l with { Span = default }).ToEquatableArray(),
            Norms = EraseNorms(c),
            Preferences = c.Preferences.Select(p => p with { Span = default }).ToEquatableArray(),
            Welfare = c.Welfare is null ? null : c.Welfare with { Span = default },
            Uncertainty = c.Uncertainty.Select(u => u with { Span = default, Guard = Erase(u.Guard) }).ToEquatableArray(),
        };

        // The last erasure of each recent contract (by path and name): its norms and their erased forms. The next version's
        // norms that are the same (the binder reuses unchanged norms) or differ only in locations (moved by an edit above
        // them) get the same erased forms, so erasing a version allocates only what changed, and the keys of successive
        // versions, which the caches keep, share everything else. Plain references, not a weak table per norm: a weak table
        // entry is a GC handle that every collection scans.
        private static readonly RecentList<(BoundContract Contract, EquatableArray<BoundNorm> Erased)> Erasures =
            new RecentList<(BoundContract, EquatableArray<BoundNorm>)>(capacity: 16);

        private static EquatableArray<BoundNorm> EraseNorms(BoundContract c)
        {
            bool hasLast = Erasures.TryFind(e => e.Contract.Path == c.Path && e.Contract.Name == c.Name, out var last, take: true);
            var norms = new BoundNorm[c.Norms.Length];
            for (int i = 0; i < norms.Length; i++)
            {
                var norm = c.Norms[i];
                if (hasLast && i < last.Contract.Norms.Length && SameIgnoringLocations(last.Contract.Norms[i], norm)) norms[i] = last.Erased[i];
                else norms[i] = EraseNorm(norm);
            }
            var erased = new EquatableArray<BoundNorm>(norms);
            Erasures.Add((c, erased));
            return erased;
        }

        /// <summary>Whether two norms have the same erased form (they differ in locations at most), without erasing them.</summary>
        internal static bool SameIgnoringLocations(BoundNorm a, BoundNorm b) =>
            ReferenceEquals(a, b) ||
            (a.AmountSpan.HasValue == b.AmountSpan.HasValue && SameIgnoringLocations(a.Context, b.Context) && SameIgnoringLocations(a.Guard, b.Guard) &&
             (a with { Span = b.Span, NameSpan = b.NameSpan, AmountSpan = b.AmountSpan, Context = b.Context, Guard = b.Guard }).Equals(b));

        // Recursion as deep as the guard (as in Erase), which the parser bounds.
        private static bool SameIgnoringLocations(BoundGuard? a, BoundGuard? b)
        {
            if (ReferenceEquals(a, b)) return true;
            if (a is null || b is null || a.GetType() != b.GetType()) return false;
            return a switch
            {
                BoundAnd x => SameIgnoringLocations(x.Left, ((BoundAnd)b).Left) && SameIgnoringLocations(x.Right, ((BoundAnd)b).Right),
                BoundOr x => SameIgnoringLocations(x.Left, ((BoundOr)b).Left) && SameIgnoringLocations(x.Right, ((BoundOr)b).Right),
                BoundNot x => SameIgnoringLocations(x.Operand, ((BoundNot)b).Operand),
                _ => (a with { Span = b.Span }).Equals(b),
            };
        }

        private static BoundNorm EraseNorm(BoundNorm n) => n with
        {
            Span = default,
            NameSpan = default,
            AmountSpan = n.AmountSpan is null ? null : default(SourceSpan),
            Context = Erase(n.Context),
            Guard = Erase(n.Guard),
        };

        private static BoundGuard? Erase(BoundGuard? g) => g switch
        {
            null => null,
            BoundAnd a => new BoundAnd(Erase(a.Left)!, Erase(a.Right)!, default),
            BoundOr o => new BoundOr(Erase(o.Left)!, Erase(o.Right)!, default),
            BoundNot n => new BoundNot(Erase(n.Operand)!, default),
            _ => g with { Span = default },
        };

        /// <summary>
        /// Each location of <paramref name="before"/> mapped to the corresponding one of <paramref name="after"/>; the two
        /// must have the same erased form (then their spans are visited in the same order).
        /// </summary>
        public static Dictionary<SourceSpan, SourceSpan> Correspondence(BoundContract before, BoundContract after) =>
            Correspondence(before, after, needed: null) ?? throw new ArgumentException("the contracts do not have the same shape");

        /// <summary>
        /// The locations of <paramref name="before"/> in <paramref name="needed"/> (null: all of them) mapped to the
        /// corresponding ones of <paramref name="after"/> (contracts of the same shape), or null when the shapes differ
        /// in a part walked. Only the declarations, the rest after the norms and the norms that hold a needed location are
        /// walked — what an analysis reuses mentions few of them — so with <paramref name="needed"/> the caller vouches
        /// for the other norms' shapes (the structure cache: their keys are equal).
        /// </summary>
        public static Dictionary<SourceSpan, SourceSpan>? Correspondence(BoundContract before, BoundContract after, ISet<SourceSpan>? needed) =>
            Correspondence(before, after, needed, sameShape: true);

        /// <summary>
        /// The same for two versions of a contract whose norms may differ in their conditions (see
        /// <see cref="ContractAnalyzer"/>'s reuse of unchanged norms): spans correspond position by position within each
        /// part of the contract — the declarations, each norm, the rest — so a norm whose condition gained a conjunct
        /// shifts no other norm's spans. Within such a norm only the positions before the change correspond; what is
        /// reused for unchanged norms never mentions the others. Null when the parts do not line up (another edit).
        /// </summary>
        internal static Dictionary<SourceSpan, SourceSpan>? NeighbourCorrespondence(BoundContract before, BoundContract after, ISet<SourceSpan>? needed) =>
            before.Norms.Length == after.Norms.Length ? Correspondence(before, after, needed, sameShape: false) : null;

        private static Dictionary<SourceSpan, SourceSpan>? Correspondence(BoundContract before, BoundContract after, ISet<SourceSpan>? needed, bool sameShape)
        {
            // Positions are (part, index in part): part 0 is the contract and its declarations, 1 + n norm n, then the rest.
            int parts = before.Norms.Length + 2;
            if (after.Norms.Length + 2 != parts) return null;
            var map = new Dictionary<SourceSpan, SourceSpan>();
            var guards = new Stack<BoundGuard>();
            // The parts to walk: all of them, or those holding a needed location. A norm's locations lie inside its span,
            // and norms are in text order, so a location is found in its norm by a binary search rather than a walk of the
            // whole contract (what an analysis reuses mentions a few hundred locations of a contract of tens of thousands).
            var walk = new SortedSet<int> { 0, parts - 1 };
            if (needed == null) for (int part = 1; part < parts - 1; part++) walk.Add(part);
            else foreach (var span in needed) if (NormHolding(before, span) is int n) walk.Add(1 + n);
            foreach (int part in walk)
            {
                var positions = new List<SourceSpan>();
                foreach (var span in SpansOf(before, part, guards)) positions.Add(span);
                int index = 0;
                foreach (var span in SpansOf(after, part, guards))
                {
                    // Past the end of the same part in `before` (a norm whose condition grew): nothing corresponds.
                    if (index < positions.Count && (needed == null || needed.Contains(positions[index]))) map[positions[index]] = span;
                    index++;
                }
                // Parts differ in length only inside a norm whose conditions changed (when sameShape is false).
                if (index != positions.Count && (sameShape || part == 0 || part == parts - 1)) return null;
            }
            return map;
        }

        /// <summary>The norm whose text holds <paramref name="span"/>, or null (a declaration, a preference, …).</summary>
        private static int? NormHolding(BoundContract c, SourceSpan span)
        {
            int lo = 0, hi = c.Norms.Length - 1;
            while (lo <= hi)
            {
                int mid = (lo + hi) >> 1;
                var norm = c.Norms[mid].Span;
                if (span.Start < norm.Start) hi = mid - 1;
                else if (span.Start >= norm.End && norm.Length > 0) lo = mid + 1;
                else return span.End <= norm.End ? mid : (int?)null;
            }
            return null;
        }

        /// <summary>
        /// The locations of one part of a contract (0: the contract and its declarations, 1 + n: norm n, 1 + norms: the
        /// rest), in a fixed order: two contracts with the same erased form list theirs alike.
        /// </summary>
        private static IEnumerable<SourceSpan> SpansOf(BoundContract c, int part, Stack<BoundGuard> guards)
        {
            if (part == 0)
            {
                yield return c.Span;
                yield return c.NameSpan;
                yield return c.RewardSpan;
                foreach (var s in c.Signals) yield return s.Span;
                foreach (var p in c.Params) yield return p.Span;
                foreach (var l in c.Lets) yield return l.Span;
            }
            else if (part <= c.Norms.Length)
            {
                var n = c.Norms[part - 1];
                yield return n.Span;
                yield return n.NameSpan;
                if (n.AmountSpan is SourceSpan amount) yield return amount;
                foreach (var span in GuardSpans(n.Context, guards)) yield return span;
                foreach (var span in GuardSpans(n.Guard, guards)) yield return span;
            }
            else
            {
                foreach (var p in c.Preferences) yield return p.Span;
                if (c.Welfare != null) yield return c.Welfare.Span;
                foreach (var u in c.Uncertainty)
                {
                    yield return u.Span;
                    foreach (var span in GuardSpans(u.Guard, guards)) yield return span;
                }
            }
        }

        /// <summary>A guard's locations, pre-order, left before right (with an explicit stack: guards may be deep).</summary>
        private static IEnumerable<SourceSpan> GuardSpans(BoundGuard? guard, Stack<BoundGuard> stack)
        {
            if (guard == null) yield break;
            stack.Push(guard);
            while (stack.Count > 0)
            {
                var g = stack.Pop();
                yield return g.Span;
                switch (g)
                {
                    case BoundAnd a: stack.Push(a.Right); stack.Push(a.Left); break;
                    case BoundOr o: stack.Push(o.Right); stack.Push(o.Left); break;
                    case BoundNot n: stack.Push(n.Operand); break;
                }
            }
        }

        /// <summary>A diagnostic moved to the corresponding locations (and file).</summary>
        public static ContractDiagnostic Relocate(ContractDiagnostic d, Func<SourceSpan, SourceSpan> move, string path) =>
            d with { Path = path, Span = move(d.Span), AdditionalSpans = d.AdditionalSpans.Select(move).ToEquatableArray() };
    }
}
