using System.Collections.Generic;
using System.Linq;
using ContractDsl.Diagnostics;

namespace ContractDsl.Analysis.Properties
{
    /// <summary>
    /// CDSL2001: for each gap group of <see cref="Lowering.NormRelations"/> (a declared concern whose norms all have
    /// contexts), the part of the space no context covers, with a confirmed witness. Concerns proven covered are
    /// returned so lowering leaves their run-time check out.
    /// </summary>
    internal static class Gaps
    {
        public sealed record Result(List<Finding> Findings, List<string> Covered);

        /// <param name="ctx">The analysis context.</param>
        /// <param name="skip">Concerns not to analyse (they lost a norm to a binding error, so a gap would be a false alarm).</param>
        public static Result Find(AnalysisContext ctx, ISet<string>? skip = null)
        {
            var findings = new List<Finding>();
            var covered = new List<string>();
            var norms = ctx.Contract.Norms;
            foreach (var (concern, members) in ctx.Relations.GapGroups)
            {
                if (skip != null && skip.Contains(concern)) continue;
                if (members.Any(n => ctx.Context[n] == null)) continue; // gave up on a context: already reported
                var first = norms[members[0]];
                if (!ctx.Budget.Spend(members.Length))
                {
                    findings.Add(ctx.BudgetSpent(first.NameSpan, $"the gap analysis of concern {AnalysisContext.Code(concern)}", "gaps are still flagged at run time"));
                    break;
                }
                Region? gap = ctx.Algebra.Full;
                foreach (int n in members)
                {
                    gap = ctx.Difference(gap, ctx.Context[n]!);
                    if (gap == null || gap.IsEmpty) break;
                }
                var others = members.Skip(1).Select(n => norms[n].NameSpan).ToArray();
                if (gap == null)
                {
                    findings.Add(ctx.GiveUp(members[0], first.NameSpan, $"the gap analysis of concern {AnalysisContext.Code(concern)}",
                        "whether its contexts cover every case is unknown (gaps are still flagged at run time)"));
                    continue;
                }
                if (gap.IsEmpty) { covered.Add(concern); continue; }
                var sample = ctx.Witnesses.Find(gap, v => members.All(n => !ctx.Interpreter.ContextHolds(n, v)));
                if (sample == null)
                {
                    string derived = string.Join(", ", members.SelectMany(n => ctx.ContextAxes[n]).Where(x => x.IsDerived).Select(x => AnalysisContext.Code(x.Name)).Distinct());
                    findings.Add(ctx.Report(FindingKind.GaveUp, DiagnosticCatalog.AnalysisGaveUp, first.NameSpan,
                        $"analysis could not confirm a possible gap in concern {AnalysisContext.Code(concern)}: the contexts leave part of the space of derived values ({derived}) uncovered, but no sample realising it was found; nothing was concluded (gaps are still flagged at run time)",
                        members[0], concern: concern, additional: others));
                    continue;
                }
                var witness = ctx.MakeWitness(sample, members.SelectMany(n => ctx.ContextAxes[n]));
                string names = string.Join(", ", members.Select(ctx.Name));
                string message = $"concern {AnalysisContext.Code(concern)} gives no guidance when {witness.Text}: no context of its {AnalysisContext.Plural(members.Length, "norm", "norms")} ({names}) holds there; cover it with a norm of concern {AnalysisContext.Code(concern)} (e.g. an `allow` for that case) or widen a context";
                findings.Add(ctx.Report(FindingKind.Gap, DiagnosticCatalog.Gap, first.NameSpan, message, members[0], concern: concern, witness: witness,
                    others: members.Skip(1), additional: others));
            }
            return new Result(findings, covered);
        }
    }
}
