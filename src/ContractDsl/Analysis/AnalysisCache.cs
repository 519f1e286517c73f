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
        private readonly int _capacity;
        private readonly LinkedList<(BoundContract Key, BoundContract Original, TResult Result)> _entries = new();
        private readonly object _gate = new();

        public AnalysisCache(int capacity = 8) => _capacity = capacity;

        /// <summary>
        /// The result for <paramref name="contract"/>: cached (relocated with <paramref name="relocate"/>) when a contract
        /// of the same meaning was analysed recently, else computed and remembered.
        /// </summary>
        public TResult GetOrAdd(BoundContract contract, Func<BoundContract, TResult> compute, Func<TResult, Func<SourceSpan, SourceSpan>, string, TResult> relocate)
        {
            var key = SpanEraser.Erase(contract);
            (BoundContract Original, TResult Result)? hit = null;
            lock (_gate)
            {
                for (var node = _entries.First; node != null; node = node.Next)
                {
                    if (!node.Value.Key.Equals(key)) continue;
                    hit = (node.Value.Original, node.Value.Result);
                    _entries.Remove(node);
                    _entries.AddFirst(node);
                    break;
                }
            }
            if (hit is { } found)
            {
                if (ReferenceEquals(found.Original, contract) || found.Original.Equals(contract)) return found.Result;
                var map = SpanEraser.Correspondence(found.Original, contract);
                return relocate(found.Result, span => map.TryGetValue(span, out var moved) ? moved : span, contract.Path);
            }
            var result = compute(contract);
            lock (_gate)
            {
                _entries.AddFirst((key, contract, result));
                while (_entries.Count > _capacity) _entries.RemoveLast();
            }
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
            Norms = c.Norms.Select(n => n with
            {
                Span = default,
                NameSpan = default,
                AmountSpan = n.AmountSpan is null ? null : default(SourceSpan),
                Context = Erase(n.Context),
                Guard = Erase(n.Guard),
            }).ToEquatableArray(),
            Preferences = c.Preferences.Select(p => p with { Span = default }).ToEquatableArray(),
            Welfare = c.Welfare is null ? null : c.Welfare with { Span = default },
            Uncertainty = c.Uncertainty.Select(u => u with { Span = default, Guard = Erase(u.Guard) }).ToEquatableArray(),
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
        public static Dictionary<SourceSpan, SourceSpan> Correspondence(BoundContract before, BoundContract after)
        {
            var a = Spans(before);
            var b = Spans(after);
            if (a.Count != b.Count) throw new ArgumentException("the contracts do not have the same shape");
            var map = new Dictionary<SourceSpan, SourceSpan>();
            for (int i = 0; i < a.Count; i++) map[a[i]] = b[i];
            return map;
        }

        private static List<SourceSpan> Spans(BoundContract c)
        {
            var spans = new List<SourceSpan> { c.Span, c.NameSpan, c.RewardSpan };
            foreach (var s in c.Signals) spans.Add(s.Span);
            foreach (var p in c.Params) spans.Add(p.Span);
            foreach (var l in c.Lets) spans.Add(l.Span);
            foreach (var n in c.Norms)
            {
                spans.Add(n.Span);
                spans.Add(n.NameSpan);
                if (n.AmountSpan is SourceSpan amount) spans.Add(amount);
                Add(n.Context, spans);
                Add(n.Guard, spans);
            }
            foreach (var p in c.Preferences) spans.Add(p.Span);
            if (c.Welfare != null) spans.Add(c.Welfare.Span);
            foreach (var u in c.Uncertainty)
            {
                spans.Add(u.Span);
                Add(u.Guard, spans);
            }
            return spans;
        }

        private static void Add(BoundGuard? g, List<SourceSpan> spans)
        {
            if (g == null) return;
            spans.Add(g.Span);
            switch (g)
            {
                case BoundAnd a: Add(a.Left, spans); Add(a.Right, spans); break;
                case BoundOr o: Add(o.Left, spans); Add(o.Right, spans); break;
                case BoundNot n: Add(n.Operand, spans); break;
            }
        }

        /// <summary>A diagnostic moved to the corresponding locations (and file).</summary>
        public static ContractDiagnostic Relocate(ContractDiagnostic d, Func<SourceSpan, SourceSpan> move, string path) =>
            d with { Path = path, Span = move(d.Span), AdditionalSpans = d.AdditionalSpans.Select(move).ToEquatableArray() };
    }
}
