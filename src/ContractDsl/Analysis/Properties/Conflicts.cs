using System.Collections.Generic;
using System.Linq;
using ContractDsl.Binding;
using ContractDsl.Diagnostics;
using ContractDsl.Syntax;

namespace ContractDsl.Analysis.Properties
{
    /// <summary>
    /// CDSL3001 (conflict) and CDSL3005 (trade-off), per <see cref="Lowering.NormRelations"/>: a conflict is two
    /// related, opposed norms that can be in effect on one sample; a trade-off is a reward norm and unrelated penalize
    /// norms that can be in effect together. Every reported pair has a witness the interpreter confirmed. Pairs proven
    /// never in effect together are returned so lowering can leave them out of the run-time check.
    /// </summary>
    internal static class Conflicts
    {
        public sealed record Result(List<Finding> Findings, List<NormPair> NeverInEffectTogether);

        public static Result Find(AnalysisContext ctx)
        {
            var findings = new List<Finding>();
            var never = new List<NormPair>();
            // Pairs in index order, generated lazily (messages and the budget's cut-off are deterministic, and a contract of
            // thousands of overlapping norms stops at the budget instead of first listing and sorting millions of pairs).
            int reported = 0, examined = 0;
            foreach (var (i, j) in ctx.Relations.ConflictCandidates())
            {
                if (!ctx.Budget.Spend())
                {
                    findings.Add(ctx.BudgetSpent(ctx.Contract.Norms[i].NameSpan,
                        $"checking the pairs of related norms for conflicts from {ctx.Name(i)} and {ctx.Name(j)} on ({examined} pairs checked)",
                        "those pairs are still checked at run time (the `Conflict` reason)"));
                    break;
                }
                examined++;
                var a = ctx.InEffect[i];
                var b = ctx.InEffect[j];
                if (a == null || b == null) continue; // gave up on a region: already reported
                if (a.IsEmpty || b.IsEmpty || !ctx.Algebra.Intersects(a, b)) { never.Add(new NormPair(i, j)); continue; }
                // Past the reporting cap a conflict needs no witness, only the answer; over independent axes overlapping
                // boxes are that answer (no feasibility check can drop their intersection), so skip building it.
                if (reported > ctx.Options.MaxReportedPairs && OverIndependentAxes(ctx, a) && OverIndependentAxes(ctx, b))
                {
                    // Budgeted as if the intersection had been built: the budget, not the shortcut, decides how many pairs are examined.
                    ctx.Budget.Spend(1 + a.Count * b.Count);
                    reported++;
                    continue;
                }
                var both = ctx.And(a, b);
                if (both == null)
                {
                    findings.Add(ctx.GiveUp(i, ctx.Contract.Norms[i].NameSpan, $"whether {ctx.Name(i)} and {ctx.Name(j)} conflict",
                        "the pair is checked at run time (the `Conflict` reason)", other: j, additional: new[] { ctx.Contract.Norms[j].NameSpan }));
                    continue;
                }
                if (both.IsEmpty) { never.Add(new NormPair(i, j)); continue; }
                if (reported == ctx.Options.MaxReportedPairs)
                {
                    findings.Add(ctx.Report(FindingKind.GaveUp, DiagnosticCatalog.AnalysisGaveUp, ctx.Contract.NameSpan,
                        $"more than {ctx.Options.MaxReportedPairs} conflicts: the rest are not reported one by one (they are still flagged at run time); resolve the ones above first"));
                }
                if (reported++ >= ctx.Options.MaxReportedPairs) continue;
                findings.Add(Report(ctx, i, j, both));
            }
            findings.AddRange(TradeOffs(ctx));
            return new Result(findings, never);
        }

        /// <summary>No box of the region constrains a derived axis (an ensemble statistic or a let).</summary>
        private static bool OverIndependentAxes(AnalysisContext ctx, Region region)
        {
            foreach (var box in region.Boxes)
                foreach (int axis in box.Constrained)
                    if (ctx.Algebra.Axes[axis].IsDerived) return false;
            return true;
        }

        private static Finding Report(AnalysisContext ctx, int i, int j, Region both)
        {
            var a = ctx.Contract.Norms[i];
            var b = ctx.Contract.Norms[j];
            var sample = ctx.Witnesses.Find(both, v => ctx.Interpreter.IsInEffect(i, v) && ctx.Interpreter.IsInEffect(j, v));
            if (sample == null)
            {
                string derived = string.Join(", ", ctx.NormAxes[i].Concat(ctx.NormAxes[j]).Where(x => x.IsDerived).Select(x => AnalysisContext.Code(x.Name)).Distinct());
                return ctx.Report(FindingKind.GaveUp, DiagnosticCatalog.AnalysisGaveUp, a.NameSpan,
                    $"analysis could not confirm a possible conflict between {ctx.Name(i)} and {ctx.Name(j)}: their guards overlap on derived values ({derived}) but no sample realising the overlap was found; nothing was concluded about the pair (it is still checked at run time)",
                    i, j, additional: new[] { b.NameSpan });
            }
            var witness = ctx.MakeWitness(sample, ctx.NormAxes[i].Concat(ctx.NormAxes[j]));
            string how = ctx.Relations.ShareConcern(i, j)
                ? $"both of concern {AnalysisContext.Code(a.Concern)}"
                : $"both conditioned on {AnalysisContext.Code(ctx.Contract.Signals[ctx.Relations.SharedConditionSignal(i, j)].Name)}";
            string what = a.Sign * b.Sign < 0
                ? $"norms {ctx.Name(i)} ({Effect(a)}) and {ctx.Name(j)} ({Effect(b)}), {how}, can both apply with opposite effects"
                : $"norms {ctx.Name(i)} ({Effect(a)}) and {ctx.Name(j)} ({Effect(b)}) of concern {AnalysisContext.Code(a.Concern)} can both apply and give contradictory guidance";
            string message = $"{what} (witness: {witness.Text}) and neither is preferred: say which wins with `prefer {a.Name} over {b.Name}` (or `prefer {b.Name} over {a.Name}`), or narrow a condition so that they can't both apply";
            return ctx.Report(FindingKind.Conflict, DiagnosticCatalog.Conflict, a.NameSpan, message, i, j,
                ctx.Relations.ShareConcern(i, j) ? a.Concern : null, witness, additional: new[] { b.NameSpan });
        }

        /// <summary>One CDSL3005 per reward norm that can apply together with unrelated, unordered penalize norms.</summary>
        private static IEnumerable<Finding> TradeOffs(AnalysisContext ctx)
        {
            var norms = ctx.Contract.Norms;
            foreach (var reward in norms.Where(n => n.Effect == EffectKind.Reward))
            {
                int r = reward.Index;
                var region = ctx.InEffect[r];
                if (region == null || region.IsEmpty) continue;
                var partners = new List<int>();
                Region? firstOverlap = null;
                int firstPartner = -1;
                foreach (int p in ctx.Relations.TradeOffPartners(r))
                {
                    if (!ctx.Budget.Spend())
                    {
                        yield return ctx.BudgetSpent(reward.NameSpan, $"finding the trade-offs of {ctx.Name(r)}", "the trade-off table may be incomplete (trade-offs are not run-time reasons)");
                        yield break;
                    }
                    var other = ctx.InEffect[p];
                    if (other == null || other.IsEmpty || !ctx.Algebra.Intersects(region, other)) continue;
                    var both = ctx.And(region, other);
                    if (both == null || both.IsEmpty) continue;
                    if (firstOverlap == null)
                    {
                        // Confirm one overlap with a sample before naming any partner.
                        int pp = p;
                        var sample = ctx.Witnesses.Find(both, v => ctx.Interpreter.IsInEffect(r, v) && ctx.Interpreter.IsInEffect(pp, v));
                        if (sample == null) continue;
                        firstOverlap = both;
                        firstPartner = p;
                    }
                    partners.Add(p);
                }
                if (firstOverlap == null) continue;
                int fp = firstPartner;
                var witnessSample = ctx.Witnesses.Find(firstOverlap, v => ctx.Interpreter.IsInEffect(r, v) && ctx.Interpreter.IsInEffect(fp, v))!;
                var witness = ctx.MakeWitness(witnessSample, ctx.NormAxes[r].Concat(ctx.NormAxes[fp]));
                string names = string.Join(", ", partners.Select(ctx.Name));
                string message = $"trade-off: reward {ctx.Name(r)} can apply together with {AnalysisContext.Plural(partners.Count, "the unrelated penalty", "the unrelated penalties")} {names} (e.g. {witness.Text}); the amounts decide the total there, which is usually what you want — nothing to do, unless one should win outright (then `prefer` it)";
                yield return ctx.Report(FindingKind.TradeOff, DiagnosticCatalog.TradeOff, reward.NameSpan, message, r, partners[0],
                    witness: witness, others: partners, additional: partners.Select(p => norms[p].NameSpan));
            }
        }

        private static string Effect(BoundNorm n) => n.Effect switch { EffectKind.Reward => "reward", EffectKind.Penalize => "penalize", _ => "allow" };
    }
}
