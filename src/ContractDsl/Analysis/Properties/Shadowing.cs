using System.Collections.Generic;
using System.Linq;
using ContractDsl.Collections;
using ContractDsl.Diagnostics;

namespace ContractDsl.Analysis.Properties
{
    /// <summary>
    /// CDSL3003: a norm that is silenced wherever it is active (by one norm preferred over it, or by their union).
    /// Also returns the (dominator, norm) pairs that can never be active together, which lowering drops from the
    /// silencing test.
    /// </summary>
    internal static class Shadowing
    {
        public sealed record Result(List<Finding> Findings, bool[] Shadowed, List<NormPair> NeverActiveTogether);

        /// <param name="ctx">The analysis context.</param>
        /// <param name="previous">The pairs a previous version of the contract found never active together, which this
        /// version's probably repeat (see <see cref="ListRebuilder{T}"/>), or null.</param>
        public static Result Find(AnalysisContext ctx, List<NormPair>? previous = null)
        {
            var norms = ctx.Contract.Norms;
            var findings = new List<Finding>();
            var shadowed = new bool[norms.Length];
            var never = new ListRebuilder<NormPair>(previous);
            for (int b = 0; b < norms.Length; b++)
            {
                var region = ctx.Active[b];
                var allDominators = ctx.Relations.Dominators(b);
                if (region == null || allDominators.Count == 0) continue;
                foreach (int a in allDominators)
                    if (ctx.Active[a] is Region r && (r.IsEmpty || region.IsEmpty || !ctx.Algebra.Intersects(region, r)))
                        never.Add(NormPair.Of(a, b));
                if (region.IsEmpty) continue;
                var dominators = allDominators.Where(a => ctx.Active[a] != null && !ctx.Active[a]!.IsEmpty).ToList();
                if (dominators.Count == 0) continue;
                if (!ctx.Budget.Spend(dominators.Count))
                {
                    findings.Add(ctx.BudgetSpent(norms[b].NameSpan, $"checking whether {ctx.Name(b)} and the norms after it are shadowed", "they may or may not ever contribute"));
                    break;
                }
                try
                {
                    List<int>? by = null;
                    foreach (int a in dominators)
                        if (ctx.Algebra.IsSubset(region, ctx.Active[a]!)) { by = new List<int> { a }; break; }
                    if (by == null && dominators.Count > 1 && ctx.InEffect[b] is Region rest && rest.IsEmpty)
                        by = dominators.Where(a => ctx.Algebra.Intersects(region, ctx.Active[a]!)).ToList();
                    if (by == null) continue;
                    shadowed[b] = true;
                    string who = by.Count == 1
                        ? $"{ctx.Name(by[0])}, which is preferred over it, is active too"
                        : $"one of {string.Join(", ", by.Select(ctx.Name))} (each preferred over it) is active too";
                    findings.Add(ctx.Report(FindingKind.ShadowedNorm, DiagnosticCatalog.ShadowedNorm, norms[b].NameSpan,
                        $"norm {ctx.Name(b)} is shadowed: whenever it is active, {who}, so {ctx.Name(b)} never contributes; remove it, narrow the preferred {AnalysisContext.Plural(by.Count, "norm", "norms")}, or drop the preference",
                        b, by[0], others: by.Skip(1), additional: by.Select(a => norms[a].NameSpan)));
                }
                catch (RegionTooLargeException)
                {
                    findings.Add(ctx.GiveUp(b, norms[b].NameSpan, $"whether {ctx.Name(b)} is shadowed by the norms preferred over it", "it may or may not ever contribute"));
                }
            }
            return new Result(findings, shadowed, never.ToList());
        }
    }
}
