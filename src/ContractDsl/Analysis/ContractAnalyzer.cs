using System;
using System.Linq;
using System.Threading;
using ContractDsl.Binding;
using ContractDsl.Collections;
using ContractDsl.Analysis.Properties;
using ContractDsl.Lowering;

namespace ContractDsl.Analysis
{
    /// <summary>
    /// The static analysis of an error-free bound contract (design brief §5). It builds the shared facts once
    /// (<see cref="AnalysisContext"/>: regions of every norm, relations, the interpreter) and then asks one function per
    /// property — the way cedar's validator and verifier are organised — each returning typed findings:
    /// <list type="bullet">
    /// <item><see cref="DomainComparisons"/>: CDSL1005</item>
    /// <item><see cref="RewardRanges"/>: CDSL1008, CDSL2002, CDSL4001 and the total's range</item>
    /// <item><see cref="Conflicts"/>: CDSL3001 and CDSL3005</item>
    /// <item><see cref="Gaps"/>: CDSL2001</item>
    /// <item><see cref="Shadowing"/>: CDSL3003</item>
    /// <item><see cref="Levers"/>: CDSL2003</item>
    /// <item><see cref="Declarations"/>: CDSL2004, CDSL2005</item>
    /// </list>
    /// Dead norms (CDSL3002) and give-ups on oversized guards come with the regions. Pure: the same contract gives
    /// the same (value-equal) result; bounded: a deterministic work budget (CDSL9001 for what it did not finish).
    /// </summary>
    public static class ContractAnalyzer
    {
        /// <summary>
        /// The analysis of what bound in a contract with binding errors (see <see cref="PartialContract"/>): dead and
        /// shadowed norms, comparisons outside domains, conflicts, trade-offs and gaps among the norms that bound
        /// cleanly, and undocumented norms — so that the build reports them together with the errors. Ranges, levers
        /// and unused declarations need the whole contract and wait until it binds.
        /// </summary>
        public static ContractAnalysis AnalyzeWhatBound(BoundContract contract, AnalysisOptions? options = null, CancellationToken cancellation = default)
        {
            if (contract == null) throw new ArgumentNullException(nameof(contract));
            var partial = PartialContract.Of(contract);
            var ctx = AnalysisContext.Build(partial.Contract, options ?? AnalysisOptions.Default, cancellation);
            var conflicts = Conflicts.Find(ctx);
            var gaps = Gaps.Find(ctx, partial.IncompleteConcerns);
            var shadowing = Shadowing.Find(ctx);
            var findings = ctx.RegionFindings
                .Concat(DomainComparisons.Find(ctx)).Concat(conflicts.Findings).Concat(gaps.Findings)
                .Concat(shadowing.Findings).Concat(Declarations.Undocumented(ctx))
                .ToList();
            return Assemble(partial.Contract, findings, Interval.Unbounded,
                partial.Contract.Norms.Select(n => new NormFacts(n.Index, n.Name, Interval.Empty, Interval.Unbounded, ctx.Dead[n.Index], shadowing.Shadowed[n.Index], ctx.Active[n.Index] != null)),
                RewardRange.Unknown, EquatableArray<NormPair>.Empty, EquatableArray<NormPair>.Empty, EquatableArray<string>.Empty);
        }

        public static ContractAnalysis Analyze(BoundContract contract, AnalysisOptions? options = null, CancellationToken cancellation = default)
        {
            if (contract == null) throw new ArgumentNullException(nameof(contract));
            var ctx = AnalysisContext.Build(contract, options ?? AnalysisOptions.Default, cancellation);
            var comparisons = DomainComparisons.Find(ctx);
            var ranges = RewardRanges.Compute(ctx);
            var conflicts = Conflicts.Find(ctx);
            var gaps = Gaps.Find(ctx);
            var shadowing = Shadowing.Find(ctx);
            var levers = Levers.Find(ctx);
            var undocumented = Declarations.Undocumented(ctx);
            var unused = Declarations.Unused(ctx);

            var findings = ctx.RegionFindings
                .Concat(comparisons).Concat(ranges.Findings).Concat(conflicts.Findings).Concat(gaps.Findings)
                .Concat(shadowing.Findings).Concat(levers).Concat(undocumented).Concat(unused)
                .ToList();
            var norms = ranges.Norms.Select(f => f with { Shadowed = shadowing.Shadowed[f.Norm] });
            return Assemble(contract, findings, ranges.Base, norms, ranges.Range,
                shadowing.NeverActiveTogether.Distinct().ToEquatableArray(),
                conflicts.NeverInEffectTogether.ToEquatableArray(),
                gaps.Covered.ToEquatableArray());
        }

        private static ContractAnalysis Assemble(BoundContract contract, System.Collections.Generic.List<Finding> findings, Interval baseRange,
            System.Collections.Generic.IEnumerable<NormFacts> norms, RewardRange range, EquatableArray<NormPair> neverActive,
            EquatableArray<NormPair> neverInEffect, EquatableArray<string> covered)
        {
            var diagnostics = findings
                .Where(f => f.Diagnostic != null)
                .Select((f, i) => (d: f.Diagnostic!, i))
                .OrderBy(x => x.d.Span.Start).ThenBy(x => x.d.Id, StringComparer.Ordinal).ThenBy(x => x.i)
                .Select(x => x.d)
                .ToEquatableArray();
            return new ContractAnalysis(contract.Name, baseRange, norms.ToEquatableArray(), range, findings.ToEquatableArray(), diagnostics,
                neverActive, neverInEffect, covered);
        }
    }
}
