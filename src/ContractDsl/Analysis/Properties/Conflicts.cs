using System;
using System.Collections.Generic;
using System.Linq;
using ContractDsl.Binding;
using ContractDsl.Collections;
using ContractDsl.Diagnostics;
using ContractDsl.Syntax;
using ContractDsl.Text;

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
        /// <param name="Findings">CDSL3001, CDSL3005 and the give-ups on either, in the order a fresh analysis reports them.</param>
        /// <param name="NeverInEffectTogether">Candidate pairs proven never in effect together.</param>
        public sealed record Result(List<Finding> Findings, List<NormPair> NeverInEffectTogether)
        {
            /// <summary>
            /// What was concluded about each candidate pair whose in-effect regions intersect (every other examined pair
            /// is in <see cref="NeverInEffectTogether"/> or has a region given up on): what a later version whose norms
            /// are unchanged reuses instead of intersecting, building and confirming again.
            /// </summary>
            public Dictionary<NormPair, PairOutcome> Overlapping { get; init; } = new Dictionary<NormPair, PairOutcome>();

            /// <summary>Per norm: whether it is in a pair of <see cref="Overlapping"/> (most norms are not; their pairs need no lookup).</summary>
            public bool[] InOverlap { get; init; } = Array.Empty<bool>();

            /// <summary>Per reward norm with a non-empty in-effect region: its trade-off partners and what was concluded.</summary>
            public Dictionary<int, TradeOffOutcome> TradeOffs { get; init; } = new Dictionary<int, TradeOffOutcome>();
        }

        public enum PairKind
        {
            /// <summary>The regions' boxes meet, but no feasible sample is in both: never in effect together.</summary>
            Disjoint,
            /// <summary>The intersection was too large to build (CDSL9001).</summary>
            GaveUp,
            /// <summary>Both can be in effect on one sample.</summary>
            Overlap,
        }

        /// <param name="Kind">The conclusion.</param>
        /// <param name="BothCount">Boxes of the intersection (what building it cost), -1 when it was not built.</param>
        /// <param name="Finding">What was reported about the pair, if anything.</param>
        public readonly record struct PairOutcome(PairKind Kind, int BothCount, Finding? Finding);

        /// <param name="Partners">The penalties examined, ascending.</param>
        /// <param name="Finding">The CDSL3005 reported, or null when no overlap was confirmed.</param>
        /// <param name="Units">The budget units examining them cost.</param>
        public sealed record TradeOffOutcome(IReadOnlyList<int> Partners, Finding? Finding, long Units);

        /// <summary>
        /// The conflicts and trade-offs of <paramref name="ctx"/>'s contract. With <paramref name="previous"/> (the result for
        /// a version whose contexts this one adopted, see <see cref="AnalysisContext.AdoptUnchangedNorms"/>), a pair or a
        /// reward norm whose in-effect regions are all unchanged takes its conclusion from there — its findings moved with
        /// <paramref name="move"/> and its cost charged — so the result is a fresh analysis's while the budget lasts.
        /// </summary>
        public static Result Find(AnalysisContext ctx, Result? previous = null, Func<SourceSpan, SourceSpan>? move = null)
        {
            var findings = new List<Finding>();
            var never = new ListRebuilder<NormPair>(previous?.NeverInEffectTogether);
            var overlapping = new Dictionary<NormPair, PairOutcome>();
            var inOverlap = new bool[ctx.Contract.Norms.Length];
            // Pairs in index order, row by row (messages and the budget's cut-off are deterministic, and a contract of
            // thousands of overlapping norms stops at the budget instead of first listing millions of pairs).
            int reported = 0, examined = 0;
            var row = new List<int>();
            Predicate<int> unchanged = j => ctx.InEffectUnchanged[j];
            bool stopped = false;
            for (int i = 0; i < ctx.Contract.Norms.Length && !stopped; i++)
            {
                ctx.Relations.ConflictCandidates(i, row);
                if (row.Count == 0) continue;
                // A row whose norm and partners all have the previous version's in-effect regions, and whose norm overlapped
                // none of them there: every pair is proven apart again (a partner whose region was given up on is skipped,
                // as below), at one unit per pair. Only when the budget covers the whole row: its end is decided pair by pair.
                if (previous != null && ctx.InEffectUnchanged[i] && !previous.InOverlap[i] && ctx.InEffect[i] is { IsEmpty: false }
                    && ctx.Budget.Remaining >= row.Count && row.TrueForAll(unchanged))
                {
                    ctx.Budget.Spend(row.Count);
                    examined += row.Count;
                    foreach (int j in row)
                        if (ctx.InEffect[j] != null) never.Add(new NormPair(i, j));
                    continue;
                }
                foreach (int j in row)
                    if (!Pair(i, j)) { stopped = true; break; }
            }

            // One candidate pair; false once the budget is spent.
            bool Pair(int i, int j)
            {
                if (!ctx.Budget.Spend())
                {
                    findings.Add(ctx.BudgetSpent(ctx.Contract.Norms[i].NameSpan,
                        $"checking the pairs of related norms for conflicts from {ctx.Name(i)} and {ctx.Name(j)} on ({examined} pairs checked)",
                        "those pairs are still checked at run time (the `Conflict` reason)"));
                    return false;
                }
                examined++;
                var a = ctx.InEffect[i];
                var b = ctx.InEffect[j];
                if (a == null || b == null) return true; // gave up on a region: already reported
                var pair = new NormPair(i, j);
                if (a.IsEmpty || b.IsEmpty) { never.Add(pair); return true; }
                // Both regions unchanged: the previous conclusion holds (a pair it did not list as overlapping did not intersect).
                PairOutcome? known = null;
                if (previous != null && ctx.InEffectUnchanged[i] && ctx.InEffectUnchanged[j])
                {
                    if (!previous.InOverlap[i] || !previous.InOverlap[j] || !previous.Overlapping.TryGetValue(pair, out var outcome)) { never.Add(pair); return true; }
                    known = outcome;
                }
                else if (!ctx.Algebra.Intersects(a, b)) { never.Add(pair); return true; }
                inOverlap[i] = inOverlap[j] = true;
                // Past the reporting cap a conflict needs no witness, only the answer; over independent axes overlapping
                // boxes are that answer (no feasibility check can drop their intersection), so skip building it.
                if (reported > ctx.Options.MaxReportedPairs && OverIndependentAxes(ctx, a) && OverIndependentAxes(ctx, b))
                {
                    // Budgeted as if the intersection had been built: the budget, not the shortcut, decides how many pairs are examined.
                    ctx.Budget.Spend(1 + a.Count * b.Count);
                    reported++;
                    overlapping[pair] = known ?? new PairOutcome(PairKind.Overlap, -1, null);
                    return true;
                }
                Region? both = null;
                PairKind kind;
                int count;
                if (known is { } k && (k.Kind != PairKind.Overlap || k.BothCount >= 0))
                {
                    // Charged what building the intersection cost (nothing when it was too large: the attempt is free).
                    if (k.Kind != PairKind.GaveUp) ctx.Budget.Spend(1 + k.BothCount);
                    (kind, count) = (k.Kind, k.BothCount);
                }
                else
                {
                    known = null;
                    both = ctx.And(a, b);
                    kind = both == null ? PairKind.GaveUp : both.IsEmpty ? PairKind.Disjoint : PairKind.Overlap;
                    count = both?.Count ?? 0;
                }
                if (kind == PairKind.GaveUp)
                {
                    var gaveUp = known?.Finding is { } f ? f.Relocate(move!, ctx.Contract.Path) : ctx.GiveUp(i, ctx.Contract.Norms[i].NameSpan, $"whether {ctx.Name(i)} and {ctx.Name(j)} conflict",
                        "the pair is checked at run time (the `Conflict` reason)", other: j, additional: new[] { ctx.Contract.Norms[j].NameSpan });
                    findings.Add(gaveUp);
                    overlapping[pair] = new PairOutcome(kind, count, gaveUp);
                    return true;
                }
                if (kind == PairKind.Disjoint) { never.Add(pair); overlapping[pair] = new PairOutcome(kind, count, null); return true; }
                if (reported == ctx.Options.MaxReportedPairs)
                {
                    findings.Add(ctx.Report(FindingKind.GaveUp, DiagnosticCatalog.AnalysisGaveUp, ctx.Contract.NameSpan,
                        $"more than {ctx.Options.MaxReportedPairs} conflicts: the rest are not reported one by one (they are still flagged at run time); resolve the ones above first"));
                }
                Finding? finding = null;
                if (reported++ < ctx.Options.MaxReportedPairs)
                {
                    finding = known?.Finding is { } f ? f.Relocate(move!, ctx.Contract.Path) : Report(ctx, i, j, both ?? ctx.Algebra.And(a, b));
                    findings.Add(finding);
                }
                overlapping[pair] = new PairOutcome(kind, count, finding);
                return true;
            }

            var tradeOffs = TradeOffs(ctx, findings, previous, move);
            return new Result(findings, never.ToList()) { Overlapping = overlapping, InOverlap = inOverlap, TradeOffs = tradeOffs };
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

        /// <summary>
        /// One CDSL3005 per reward norm that can apply together with unrelated, unordered penalize norms, added to
        /// <paramref name="findings"/>; what was concluded per reward norm is returned (see <see cref="Find"/> for
        /// <paramref name="previous"/>).
        /// </summary>
        private static Dictionary<int, TradeOffOutcome> TradeOffs(AnalysisContext ctx, List<Finding> findings, Result? previous, Func<SourceSpan, SourceSpan>? move)
        {
            var outcomes = new Dictionary<int, TradeOffOutcome>();
            var norms = ctx.Contract.Norms;
            foreach (var reward in norms.Where(n => n.Effect == EffectKind.Reward))
            {
                int r = reward.Index;
                var region = ctx.InEffect[r];
                if (region == null || region.IsEmpty) continue;
                var candidates = ctx.Relations.TradeOffPartners(r);
                if (previous != null && ctx.InEffectUnchanged[r] && previous.TradeOffs.TryGetValue(r, out var known)
                    && known.Partners.SequenceEqual(candidates) && candidates.All(p => ctx.InEffectUnchanged[p]))
                {
                    // The same partners with the same regions: the same conclusion, at the same cost.
                    var again = known with { Finding = known.Finding?.Relocate(move!, ctx.Contract.Path) };
                    if (!ctx.Budget.Spend(known.Units)) return outcomes; // spent: this result is not used (see ContractAnalyzer)
                    if (again.Finding != null) findings.Add(again.Finding);
                    outcomes[r] = again;
                    continue;
                }
                long spent = ctx.Budget.Spent;
                var partners = new List<int>();
                Region? firstOverlap = null;
                int firstPartner = -1;
                foreach (int p in candidates)
                {
                    if (!ctx.Budget.Spend())
                    {
                        findings.Add(ctx.BudgetSpent(reward.NameSpan, $"finding the trade-offs of {ctx.Name(r)}", "the trade-off table may be incomplete (trade-offs are not run-time reasons)"));
                        return outcomes;
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
                Finding? finding = null;
                if (firstOverlap != null)
                {
                    int fp = firstPartner;
                    var witnessSample = ctx.Witnesses.Find(firstOverlap, v => ctx.Interpreter.IsInEffect(r, v) && ctx.Interpreter.IsInEffect(fp, v))!;
                    var witness = ctx.MakeWitness(witnessSample, ctx.NormAxes[r].Concat(ctx.NormAxes[fp]));
                    string names = string.Join(", ", partners.Select(ctx.Name));
                    string message = $"trade-off: reward {ctx.Name(r)} can apply together with {AnalysisContext.Plural(partners.Count, "the unrelated penalty", "the unrelated penalties")} {names} (e.g. {witness.Text}); the amounts decide the total there, which is usually what you want — nothing to do, unless one should win outright (then `prefer` it)";
                    finding = ctx.Report(FindingKind.TradeOff, DiagnosticCatalog.TradeOff, reward.NameSpan, message, r, partners[0],
                        witness: witness, others: partners, additional: partners.Select(p => norms[p].NameSpan));
                    findings.Add(finding);
                }
                outcomes[r] = new TradeOffOutcome(candidates, finding, ctx.Budget.Spent - spent);
            }
            return outcomes;
        }

        private static string Effect(BoundNorm n) => n.Effect switch { EffectKind.Reward => "reward", EffectKind.Penalize => "penalize", _ => "allow" };
    }
}
