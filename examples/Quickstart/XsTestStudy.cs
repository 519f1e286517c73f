using System;
using System.Collections.Generic;
using System.Linq;
using ContractDsl.Runtime;
using Examples.Statistics;

namespace Quickstart
{
    /// <summary>Where the contract's three outcome signals come from.</summary>
    public enum SignalSource
    {
        /// <summary>The refusal detector on the completion's text (what a training job has).</summary>
        Detector,
        /// <summary>The human <c>final_label</c>, for evaluation: compliance → complies, refusal → refuses, partial → both.</summary>
        HumanLabels,
    }

    /// <summary>How many completions comply only, refuse only, or do both (a partial refusal).</summary>
    public sealed record OutcomeCounts(int Complies, int Refuses, int Partial);

    /// <summary>The contract on one model's completions with signals from one source.</summary>
    /// <param name="MeanReward">The mean total reward over the 450 completions.</param>
    /// <param name="Utilitarian">Utilitarian welfare over the 18 prompt types: the sum of the types' mean rewards.</param>
    /// <param name="Maximin">The contract's declared welfare (maximin over prompt_type, temperature 0.1), from the generated module.</param>
    /// <param name="TypeMeans">Mean reward per prompt type, in the order of <see cref="XsTest.PromptType"/>.</param>
    /// <param name="NormActive">Per norm (declaration order): completions where it was active.</param>
    /// <param name="Conflicts">Completions with the run-time Conflict reason (both norms of a prompt class apply).</param>
    /// <param name="Uncertain">Completions with uncertainty &gt; 0.</param>
    public sealed record SourceSummary(double MeanReward, double Utilitarian, double Maximin, IReadOnlyList<double> TypeMeans,
        IReadOnlyList<int> NormActive, int Conflicts, int Uncertain)
    {
        public string WorstType => XsTestStudy.PromptTypes[IndexOfWorstType];
        public double WorstTypeMean => TypeMeans[IndexOfWorstType];
        private int IndexOfWorstType => Enumerable.Range(0, TypeMeans.Count).OrderBy(g => TypeMeans[g]).ThenBy(g => g).First();
    }

    /// <summary>One model: the contract on detector signals next to the contract on the human labels.</summary>
    public sealed record ModelReport(string Model, int Samples, int SafePrompts, int UnsafePrompts,
        SourceSummary Detector, SourceSummary Labels, OutcomeCounts DetectorOutcomes, OutcomeCounts HumanOutcomes,
        int DetectorAgrees, int AnnotatorDisagreements);

    /// <summary>
    /// Whether the contract's uncertainty (on detector signals) ranks the completions of a target first: AUROC over all
    /// 2,250 completions, next to a baseline score, and the target's rate among the flagged (uncertainty &gt; 0) and the rest.
    /// </summary>
    public sealed record UncertaintyCheck(string Target, string Baseline, int Samples, int Positives, double Auroc, double BaselineAuroc,
        int Flagged, int PositivesFlagged)
    {
        public double RateFlagged => Flagged == 0 ? double.NaN : (double)PositivesFlagged / Flagged;
        public double RateRest => (double)(Positives - PositivesFlagged) / (Samples - Flagged);
    }

    /// <summary>One uncertainty rule on detector signals over all 2,250 completions: where it fired, and how many of those are each target.</summary>
    public sealed record UncertaintyRuleFiring(string Rule, int Fired, int DetectorWrong, int AnnotatorsDisagree);

    /// <summary>Everything the Quickstart prints.</summary>
    public sealed record XsTestReport(IReadOnlyList<ModelReport> Models, ParetoSet ParetoDetector, ParetoSet ParetoLabels,
        IReadOnlyList<UncertaintyCheck> Checks, IReadOnlyList<UncertaintyRuleFiring> Rules)
    {
        public IReadOnlyList<string> Ranking(Func<ModelReport, SourceSummary> source, Func<SourceSummary, double> measure) =>
            Models.OrderByDescending(m => measure(source(m))).ThenBy(m => m.Model, StringComparer.Ordinal).Select(m => m.Model).ToList();
    }

    /// <summary>
    /// Evaluates the <c>XsTest</c> contract (xstest.contract, compiled at build time) on XSTest v2's completions, with the
    /// outcome signals from the refusal detector and, for comparison, from the human labels.
    /// </summary>
    public static class XsTestStudy
    {
        public static readonly IReadOnlyList<string> PromptTypes = Enum.GetNames<XsTest.PromptType>();

        public static XsTestReport Compute(string dataDirectory)
        {
            var completions = XsTestData.Models.ToDictionary(m => m, m => XsTestData.Load(dataDirectory, m));
            var runs = XsTestData.Models.ToDictionary(m => m, m => (
                Detector: Run(completions[m], SignalSource.Detector),
                Labels: Run(completions[m], SignalSource.HumanLabels)));
            var models = XsTestData.Models.Select(m => Report(m, completions[m], runs[m].Detector, runs[m].Labels)).ToList();

            // Pareto: each model's mean reward per prompt type are its 18 utilities.
            ParetoSet Pareto(Func<ModelReport, SourceSummary> source) =>
                ContractDsl.Runtime.Pareto.Analyze(XsTestData.Models, models.SelectMany(r => source(r).TypeMeans).ToArray(), PromptTypes.Count);

            // The uncertainty a training job would have (detector signals), against two targets it never sees.
            var all = XsTestData.Models.SelectMany(m => completions[m]).ToList();
            var uncertainty = XsTestData.Models.SelectMany(m => runs[m].Detector.Uncertainty).Select(u => (double)u).ToList();
            var words = all.Select(c => (double)WordCount(c.Text)).ToList();
            var detectorWrong = all.Select(c => Outcome(RefusalDetector.Detect(c.Text)) != c.FinalLabel).ToList();
            var annotatorsDisagree = all.Select(c => c.AnnotatorsDisagree).ToList();
            var checks = new[]
            {
                Check("detector ≠ human final label", detectorWrong, uncertainty, words),
                Check("annotator 1 ≠ annotator 2", annotatorsDisagree, uncertainty, words),
            };
            var reasons = XsTestData.Models.SelectMany(m => runs[m].Detector.Reasons).ToList();
            UncertaintyRuleFiring Firing(string rule, Func<int, bool> fired)
            {
                var where = Enumerable.Range(0, all.Count).Where(fired).ToList();
                return new UncertaintyRuleFiring(rule, where.Count, where.Count(i => detectorWrong[i]), where.Count(i => annotatorsDisagree[i]));
            }
            var rules = new[]
            {
                Firing("conflict (partial refusal)", i => (reasons[i] & RewardReasons.Conflict) != 0),
                Firing("cautions >= 2", i => (reasons[i] & RewardReasons.Explicit) != 0),
                Firing("either (uncertainty > 0)", i => uncertainty[i] > 0),
                Firing("neither", i => uncertainty[i] == 0),
            };
            return new XsTestReport(models, Pareto(r => r.Detector), Pareto(r => r.Labels), checks, rules);
        }

        /// <summary>The contract's signals for some completions: prompt type and class from the file, the outcome from <paramref name="source"/>.</summary>
        public static (XsTest.PromptType[] Types, bool[] Unsafe, bool[] Refuses, bool[] Complies, float[] Cautions) Signals(
            IReadOnlyList<XsTestCompletion> completions, SignalSource source)
        {
            int n = completions.Count;
            var types = new XsTest.PromptType[n];
            var unsafePrompt = new bool[n];
            var refuses = new bool[n];
            var complies = new bool[n];
            var cautions = new float[n];
            for (int i = 0; i < n; i++)
            {
                var c = completions[i];
                types[i] = Enum.Parse<XsTest.PromptType>(c.PromptType);
                unsafePrompt[i] = c.UnsafePrompt;
                var detected = RefusalDetector.Detect(c.Text);
                (refuses[i], complies[i]) = source == SignalSource.Detector
                    ? (detected.Refuses, detected.Complies)
                    : (c.FinalLabel != XsTestLabel.FullCompliance, c.FinalLabel != XsTestLabel.FullRefusal);
                cautions[i] = detected.Cautions; // read from the text in both runs: only the outcome differs
            }
            return (types, unsafePrompt, refuses, complies, cautions);
        }

        /// <summary>The generated module's outputs on one model's completions.</summary>
        public static ContractRun Run(IReadOnlyList<XsTestCompletion> completions, SignalSource source)
        {
            var (types, unsafePrompt, refuses, complies, cautions) = Signals(completions, source);
            int n = completions.Count;
            var module = new XsTest();
            var batch = new XsTest.Batch(n) { PromptType = types, UnsafePrompt = unsafePrompt, Refuses = refuses, Complies = complies, Cautions = cautions };
            var outputs = new RewardOutputs(n, XsTest.NormCount);
            module.Evaluate(batch, outputs.AsSpans(), DomainPolicy.Strict); // every signal is in its domain by construction
            var welfareWeights = new float[n];
            double maximin = XsTest.Welfare(types, outputs.Total, outputs.Reasons, welfareWeights);
            var active = Enumerable.Range(0, XsTest.NormCount).Select(k => outputs.IsActive(k).ToArray()).ToArray();
            return new ContractRun(types, outputs.Total.ToArray(), active, outputs.Uncertainty.ToArray(), outputs.Reasons.ToArray(), maximin);
        }

        /// <summary>The detector's signals as one of XSTest's three labels.</summary>
        public static XsTestLabel Outcome(DetectedSignals signals) => (signals.Refuses, signals.Complies) switch
        {
            (true, true) => XsTestLabel.PartialRefusal,
            (true, false) => XsTestLabel.FullRefusal,
            _ => XsTestLabel.FullCompliance,
        };

        public static int WordCount(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;

        private static ModelReport Report(string model, IReadOnlyList<XsTestCompletion> completions, ContractRun detector, ContractRun labels)
        {
            var detected = completions.Select(c => Outcome(RefusalDetector.Detect(c.Text))).ToList();
            int unsafeCount = completions.Count(c => c.UnsafePrompt);
            return new ModelReport(model, completions.Count, completions.Count - unsafeCount, unsafeCount,
                Summarize(detector), Summarize(labels), Count(detected), Count(completions.Select(c => c.FinalLabel).ToList()),
                completions.Select((c, i) => c.FinalLabel == detected[i]).Count(x => x),
                completions.Count(c => c.AnnotatorsDisagree));
        }

        private static OutcomeCounts Count(IReadOnlyList<XsTestLabel> labels) => new(
            labels.Count(l => l == XsTestLabel.FullCompliance), labels.Count(l => l == XsTestLabel.FullRefusal), labels.Count(l => l == XsTestLabel.PartialRefusal));

        private static SourceSummary Summarize(ContractRun run)
        {
            int n = run.Totals.Length;
            var typeMeans = new double[PromptTypes.Count];
            var typeCounts = new int[PromptTypes.Count];
            for (int i = 0; i < n; i++)
            {
                typeMeans[(int)run.Types[i]] += run.Totals[i];
                typeCounts[(int)run.Types[i]]++;
            }
            for (int g = 0; g < typeMeans.Length; g++) typeMeans[g] /= typeCounts[g];

            // Utilitarian welfare over the same groups, through the runtime (λ = 1: the sum of the 18 group means).
            var utilitarian = WelfareRule.Utilitarian(PromptTypes.Count);
            double utilitarianValue = Welfare.Compute(utilitarian, Welfare.GroupCodes<XsTest.PromptType>(run.Types), run.Totals, run.Reasons, new float[n]);

            return new SourceSummary(
                run.Totals.Average(t => (double)t),
                utilitarianValue,
                run.Maximin,
                typeMeans,
                run.Active.Select(a => a.Count(x => x)).ToList(),
                run.Reasons.Count(r => (r & RewardReasons.Conflict) != 0),
                run.Uncertainty.Count(u => u > 0));
        }

        private static UncertaintyCheck Check(string target, IReadOnlyList<bool> positives, IReadOnlyList<double> uncertainty, IReadOnlyList<double> baseline) =>
            new(target, "completion length (words)", positives.Count, positives.Count(p => p),
                Measures.Auroc(uncertainty, positives), Measures.Auroc(baseline, positives),
                uncertainty.Count(u => u > 0), positives.Where((p, i) => p && uncertainty[i] > 0).Count());
    }

    /// <summary>The generated module's outputs on one batch (norm activity norm-major) and the batch's declared welfare.</summary>
    public sealed record ContractRun(XsTest.PromptType[] Types, float[] Totals, bool[][] Active, float[] Uncertainty, RewardReasons[] Reasons, double Maximin);
}
