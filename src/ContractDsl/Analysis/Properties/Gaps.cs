using System;
using System.Collections.Generic;
using System.Linq;
using ContractDsl.Diagnostics;
using ContractDsl.Text;

namespace ContractDsl.Analysis.Properties
{
    /// <summary>
    /// CDSL2001: for each gap group of <see cref="Lowering.NormRelations"/> (a declared concern whose norms all have
    /// contexts), the part of the space no context covers, with a confirmed witness. Concerns proven covered are
    /// returned so lowering leaves their run-time check out.
    /// </summary>
    internal static class Gaps
    {
        public sealed record Result(List<Finding> Findings, List<string> Covered)
        {
            /// <summary>Per concern analysed: its norms, what was concluded and what it cost (reused by a later version, see <see cref="Find"/>).</summary>
            public Dictionary<string, GroupOutcome> Groups { get; init; } = new Dictionary<string, GroupOutcome>();
        }

        /// <param name="Members">The concern's norms.</param>
        /// <param name="Finding">CDSL2001 or a give-up, or null when the concern is covered.</param>
        /// <param name="Units">The budget units the group cost.</param>
        public sealed record GroupOutcome(int[] Members, Finding? Finding, long Units);

        /// <param name="ctx">The analysis context.</param>
        /// <param name="skip">Concerns not to analyse (they lost a norm to a binding error, so a gap would be a false alarm).</param>
        /// <param name="previous">The result for a version whose unchanged norms this context adopted (see
        /// <see cref="AnalysisContext.AdoptUnchangedNorms"/>): a concern with the same norms, all of whose contexts are
        /// unchanged, takes its conclusion from there (its finding moved with <paramref name="move"/>, its cost charged).</param>
        /// <param name="move">Where <paramref name="previous"/>'s locations are now.</param>
        public static Result Find(AnalysisContext ctx, ISet<string>? skip = null, Result? previous = null, Func<SourceSpan, SourceSpan>? move = null)
        {
            var findings = new List<Finding>();
            var covered = new List<string>();
            var groups = new Dictionary<string, GroupOutcome>();
            var norms = ctx.Contract.Norms;
            foreach (var (concern, members) in ctx.Relations.GapGroups)
            {
                if (skip != null && skip.Contains(concern)) continue;
                if (members.Any(n => ctx.Context[n] == null)) continue; // gave up on a context: already reported
                if (previous != null && previous.Groups.TryGetValue(concern, out var known) && known.Members.SequenceEqual(members)
                    && members.All(n => ctx.RegionsUnchanged[n]))
                {
                    var again = known with { Finding = known.Finding?.Relocate(move!, ctx.Contract.Path) };
                    ctx.Budget.Spend(known.Units); // if this spends the budget, the result is not used (see ContractAnalyzer)
                    if (again.Finding != null) findings.Add(again.Finding); else covered.Add(concern);
                    groups[concern] = again;
                    continue;
                }
                long spent = ctx.Budget.Spent;
                var first = norms[members[0]];
                if (!ctx.Budget.Spend(members.Length))
                {
                    findings.Add(ctx.BudgetSpent(first.NameSpan, $"the gap analysis of concern {AnalysisContext.Code(concern)}", "gaps are still flagged at run time"));
                    break;
                }
                var finding = Analyse(ctx, concern, members);
                if (finding != null) findings.Add(finding); else covered.Add(concern);
                groups[concern] = new GroupOutcome(members, finding, ctx.Budget.Spent - spent);
            }
            return new Result(findings, covered) { Groups = groups };
        }

        /// <summary>A concern's gap, with a confirmed witness, or a give-up; null when its contexts cover every case.</summary>
        private static Finding? Analyse(AnalysisContext ctx, string concern, int[] members)
        {
            var norms = ctx.Contract.Norms;
            var first = norms[members[0]];
            Region? gap = ctx.Algebra.Full;
            foreach (int n in members)
            {
                gap = ctx.Difference(gap, ctx.Context[n]!);
                if (gap == null || gap.IsEmpty) break;
            }
            var others = members.Skip(1).Select(n => norms[n].NameSpan).ToArray();
            if (gap == null)
            {
                return ctx.GiveUp(members[0], first.NameSpan, $"the gap analysis of concern {AnalysisContext.Code(concern)}",
                    "whether its contexts cover every case is unknown (gaps are still flagged at run time)");
            }
            if (gap.IsEmpty) return null; // covered
            var sample = ctx.Witnesses.Find(gap, v => members.All(n => !ctx.Interpreter.ContextHolds(n, v)));
            if (sample == null)
            {
                string derived = string.Join(", ", members.SelectMany(n => ctx.ContextAxes[n]).Where(x => x.IsDerived).Select(x => AnalysisContext.Code(x.Name)).Distinct());
                return ctx.Report(FindingKind.GaveUp, DiagnosticCatalog.AnalysisGaveUp, first.NameSpan,
                    $"analysis could not confirm a possible gap in concern {AnalysisContext.Code(concern)}: the contexts leave part of the space of derived values ({derived}) uncovered, but no sample realising it was found; nothing was concluded (gaps are still flagged at run time)",
                    members[0], concern: concern, additional: others);
            }
            var witness = ctx.MakeWitness(sample, members.SelectMany(n => ctx.ContextAxes[n]));
            string names = string.Join(", ", members.Select(ctx.Name));
            string message = $"concern {AnalysisContext.Code(concern)} gives no guidance when {witness.Text}: no context of its {AnalysisContext.Plural(members.Length, "norm", "norms")} ({names}) holds there; cover it with a norm of concern {AnalysisContext.Code(concern)} (e.g. an `allow` for that case) or widen a context";
            return ctx.Report(FindingKind.Gap, DiagnosticCatalog.Gap, first.NameSpan, message, members[0], concern: concern, witness: witness,
                others: members.Skip(1), additional: others);
        }
    }
}
