using System.Collections.Generic;
using System.Linq;
using ContractDsl.Binding;
using ContractDsl.Diagnostics;
using ContractDsl.Syntax;

namespace ContractDsl.Analysis.Properties
{
    /// <summary>CDSL1005: a comparison that is always true or always false within its subject's domain.</summary>
    internal static class DomainComparisons
    {
        public static List<Finding> Find(AnalysisContext ctx)
        {
            var c = ctx.Contract;
            var findings = new List<Finding>();
            var seen = new HashSet<Text.SourceSpan>();
            var comparisons = new List<BoundComparison>();
            foreach (var norm in c.Norms)
            {
                Uses.Comparisons(norm.Context, comparisons);
                Uses.Comparisons(norm.Guard, comparisons);
            }
            foreach (var rule in c.Uncertainty) Uses.Comparisons(rule.Guard, comparisons);
            foreach (var cmp in comparisons)
            {
                if (!seen.Add(cmp.Span)) continue;
                var axis = ctx.Axes.SubjectAxis(cmp.Subject);
                var (never, always) = ctx.Axes.Coverage(axis, cmp.Operator, cmp.Constant);
                if (!never && !always) continue;
                string text = ExpressionPrinter.Print(c, cmp);
                string subject = ExpressionPrinter.Print(c, cmp.Subject);
                string domain = DescribeDomain(c, axis, cmp.Subject);
                if (float.IsInfinity((float)cmp.Constant))
                    domain += $", and {ExpressionPrinter.Number(cmp.Constant)} is beyond the float32 range (±3.4028235e38) the generated code compares in";
                string advice = never
                    ? "compare with a constant inside the domain, or remove the condition (the clause it guards never applies)"
                    : "compare with a constant inside the domain, or remove the condition (it has no effect)";
                findings.Add(ctx.Report(FindingKind.ComparisonOutsideDomain, DiagnosticCatalog.ComparisonOutsideDomain, cmp.Span,
                    $"{AnalysisContext.Code(text)} is always {(never ? "false" : "true")}: {AnalysisContext.Code(subject)} {domain}; {advice}"));
            }
            return findings;
        }

        private static string DescribeDomain(BoundContract c, Axis axis, BoundExpression subject)
        {
            switch (subject)
            {
                case BoundSignalValue s:
                {
                    var signal = c.Signals[s.Signal];
                    string whole = signal.IsInteger ? "whole numbers " : "values ";
                    return $"is a {signal.TypeText}: it only takes {whole}in [{Interval.Format((float)signal.Low)}, {Interval.Format((float)signal.High)}]";
                }
                case BoundEnsembleMember:
                    return $"only takes values in {axis.Range}";
                default:
                    return $"only takes values in {axis.Range} (interval analysis over the signals' domains and the params' bounds)";
            }
        }
    }

    /// <summary>
    /// CDSL2003: a term of the reward (the base, or a reward norm's amount) that increases with a controlled signal
    /// that no penalize norm mentions.
    /// </summary>
    internal static class Levers
    {
        public static List<Finding> Find(AnalysisContext ctx)
        {
            var c = ctx.Contract;
            var findings = new List<Finding>();
            var controlled = c.Signals.Where(s => s.Controlled && (s.IsScalar || s.Kind == SignalKind.Ensemble)).ToList();
            if (controlled.Count == 0) return findings;
            var penalized = new HashSet<int>();
            foreach (var n in c.Norms.Where(n => n.Effect == EffectKind.Penalize))
            {
                Uses.Collect(c, n.Context, penalized);
                Uses.Collect(c, n.Guard, penalized);
                Uses.Collect(c, n.Amount, penalized);
            }
            var monotonicity = new Monotonicity(c, ctx.Evaluator);
            foreach (var signal in controlled)
            {
                if (penalized.Contains(signal.Index)) continue;
                var terms = new List<(string Label, Text.SourceSpan Span, BoundExpression Expression, IEnumerable<IntervalEnvironment> Envs)>
                {
                    ($"the base reward {AnalysisContext.Code(c.RewardText)}", c.RewardSpan, c.Reward, new[] { ctx.Domains.Copy() }),
                };
                foreach (var n in c.Norms.Where(n => n.Effect == EffectKind.Reward && n.Amount != null && !ctx.Dead[n.Index]))
                    terms.Add(($"the reward of {ctx.Name(n.Index)} ({AnalysisContext.Code(n.AmountText ?? "")})", n.NameSpan, n.Amount!, EnvironmentsOf(ctx, n.Index)));
                foreach (var term in terms)
                {
                    var trend = Trend.None;
                    foreach (var env in term.Envs) trend = trend.Or(monotonicity.Of(term.Expression, signal.Index, env));
                    if (!trend.CanIncrease) continue;
                    string how = trend.CanDecrease ? "can increase" : "increases";
                    findings.Add(ctx.Report(FindingKind.Lever, DiagnosticCatalog.RewardHackingLever, term.Span,
                        $"{term.Label} {how} with {AnalysisContext.Code(signal.Name)}, which the agent controls, and no `penalize` norm mentions {AnalysisContext.Code(signal.Name)}: the agent can raise its reward just by moving {AnalysisContext.Code(signal.Name)} (reward hacking); add a `penalize` norm on {AnalysisContext.Code(signal.Name)}, or cap or remove the term",
                        additional: new[] { signal.Span }));
                }
            }
            return findings;
        }

        private static IEnumerable<IntervalEnvironment> EnvironmentsOf(AnalysisContext ctx, int norm)
        {
            var region = ctx.Active[norm];
            if (region == null || region.IsEmpty || region.Count > 64) { yield return ctx.Domains.Copy(); yield break; }
            foreach (var box in region.Boxes) yield return ctx.Feasibility.EnvironmentFor(box);
        }
    }

    /// <summary>CDSL2004 (norm without rationale) and CDSL2005 (signal, param or let never used).</summary>
    internal static class Declarations
    {
        public static List<Finding> Undocumented(AnalysisContext ctx) =>
            ctx.Contract.Norms
                .Where(n => string.IsNullOrWhiteSpace(n.Rationale))
                .Select(n => ctx.Report(FindingKind.Undocumented, DiagnosticCatalog.NormWithoutRationale, n.NameSpan,
                    $"norm {ctx.Name(n.Index)} has no rationale: say why the clause exists (`norm {n.Name} \"...\"`) so the contract card documents it", n.Index))
                .ToList();

        public static List<Finding> Unused(AnalysisContext ctx)
        {
            var c = ctx.Contract;
            var signals = new HashSet<int>();
            var parameters = new HashSet<int>();
            var lets = new HashSet<int>();
            void Expression(BoundExpression? e) => Uses.Collect(c, e, signals, parameters, lets, expandLets: false);
            void Guard(BoundGuard? g) => Uses.Collect(c, g, signals, parameters, lets, expandLets: false);
            Expression(c.Reward);
            foreach (var l in c.Lets) Expression(l.Value);
            foreach (var n in c.Norms) { Guard(n.Context); Guard(n.Guard); Expression(n.Amount); }
            foreach (var u in c.Uncertainty) Guard(u.Guard);
            if (c.Welfare is { Category: >= 0 } w) signals.Add(w.Category);

            const string where = "no reward, let, norm, uncertainty rule or welfare rule reads it";
            var findings = new List<Finding>();
            foreach (var s in c.Signals.Where(s => !signals.Contains(s.Index)))
                findings.Add(ctx.Report(FindingKind.Unused, DiagnosticCatalog.UnusedDeclaration, s.Span, $"signal {AnalysisContext.Code(s.Name)} is never used: {where}; use it or remove it (the training job still has to supply it)"));
            foreach (var p in c.Params.Where(p => !parameters.Contains(p.Index)))
                findings.Add(ctx.Report(FindingKind.Unused, DiagnosticCatalog.UnusedDeclaration, p.Span, $"param {AnalysisContext.Code(p.Name)} is never used: {where}; use it or remove it"));
            foreach (var l in c.Lets.Where(l => !lets.Contains(l.Index)))
                findings.Add(ctx.Report(FindingKind.Unused, DiagnosticCatalog.UnusedDeclaration, l.Span, $"let {AnalysisContext.Code(l.Name)} is never used: {where}; use it or remove it"));
            return findings;
        }
    }
}
