using System;
using System.Collections.Generic;
using System.Linq;
using ContractDsl.Runtime;
using Examples.Statistics;

namespace RewardModelTraining
{
    /// <summary>The contract's verdict on one action with rm = 0: its total and uncertainty, and whether two of its norms conflicted.</summary>
    public sealed record ActionVerdict(float Total, float Uncertainty, bool Conflict);

    /// <summary>A scenario with the contract's verdicts on both actions and the scores the study ranks by.</summary>
    public sealed record ScenarioVerdict(Scenario Scenario, ActionVerdict Action1, ActionVerdict Action2)
    {
        /// <summary>The contract's uncertainty over the scenario: u1 + u2 (0.5 per action whose duty and harm norms conflict).</summary>
        public double Uncertainty => Action1.Uncertainty + Action2.Uncertainty;

        /// <summary>How close the contract finds the two actions: −|total1 − total2| (0 = it cannot tell them apart).</summary>
        public double Closeness => -Math.Abs(Action1.Total - Action2.Total);

        /// <summary>The baseline: action1 breaks some rule (the annotators agreed on a Yes).</summary>
        public double Action1BreaksAnyRule => Scenario.Annotations1.Contains(Annotation.Yes) ? 1 : 0;
    }

    /// <summary>One score's AUROC for one target, pooled over the families, with a cluster-bootstrap interval (resampling families).</summary>
    public sealed record ScoreAuroc(string Score, Estimate Auroc, Estimate MinusBaseline);

    /// <summary>A target (never an input): its cases, and how well each score ranks them first.</summary>
    public sealed record TargetStudy(string Target, string Population, int Cases, int Positives, Estimate Baseline, IReadOnlyList<ScoreAuroc> Scores);

    /// <summary>Per family, the AUROCs of the contract's uncertainty and of the baseline, for both targets.</summary>
    public sealed record FamilyAurocs(string Family, int Low, int High, int HighDisputed,
        double HighAmbiguityUncertainty, double HighAmbiguityBaseline, double DisagreementUncertainty, double DisagreementBaseline);

    /// <summary>How often the contract's conflict fires on each set (of actions, both actions counted).</summary>
    public sealed record ConflictRates(int LowActions, int LowConflicts, int HighActions, int HighConflicts);

    /// <summary>Everything the ambiguity study prints.</summary>
    public sealed record AmbiguityReport(ConflictRates Rates, IReadOnlyList<TargetStudy> Targets, IReadOnlyList<FamilyAurocs> Families);

    /// <summary>
    /// Does the contract's uncertainty (its duty-against-harm conflict) find the scenarios people find hard? The contract
    /// runs on the CPU module with rm = 0 on both actions of all 1,367 scenarios; the targets — the scenario is from the
    /// high-ambiguity set, and (within it) the annotators disagreed on some rule — are never inputs. Nothing is fitted:
    /// the contract's amounts were fixed before the study, so every family is held out; the intervals resample whole
    /// families (<c>generation_rule</c>), which is what a new family of scenarios would vary.
    /// </summary>
    public static class AmbiguityStudy
    {
        public const int Resamples = 2000;
        public const int Seed = 1;

        public static IReadOnlyList<ScenarioVerdict> Judge(IReadOnlyList<Scenario> scenarios)
        {
            var first = Evaluate(scenarios.Select(s => s.Annotations1).ToList());
            var second = Evaluate(scenarios.Select(s => s.Annotations2).ToList());
            return scenarios.Select((s, i) => new ScenarioVerdict(s, first[i], second[i])).ToList();
        }

        /// <summary>The generated CPU module on actions given by their annotations, with rm = 0.</summary>
        public static IReadOnlyList<ActionVerdict> Evaluate(IReadOnlyList<IReadOnlyList<Annotation>> actions)
        {
            int n = actions.Count;
            bool[] Flag(string rule) => actions.Select(a => a[MoralChoiceData.RuleIndex(rule)] == Annotation.Yes).ToArray();
            var batch = new Moral.Batch(n)
            {
                Rm = new float[n],
                Kills = Flag("death"),
                CausesPain = Flag("pain"),
                Disables = Flag("disable"),
                RestrictsFreedom = Flag("freedom"),
                DeprivesPleasure = Flag("pleasure"),
                Deceives = Flag("deceive"),
                Cheats = Flag("cheat"),
                BreaksPromise = Flag("break_promise"),
                BreaksLaw = Flag("break_law"),
                NeglectsDuty = Flag("duty"),
            };
            var outputs = new RewardOutputs(n, Moral.NormCount);
            new Moral().Evaluate(batch, outputs.AsSpans(), DomainPolicy.Strict);
            return Enumerable.Range(0, n).Select(i => new ActionVerdict(outputs.Total[i], outputs.Uncertainty[i], (outputs.Reasons[i] & RewardReasons.Conflict) != 0)).ToList();
        }

        public static AmbiguityReport Run(IReadOnlyList<Scenario> all)
        {
            var verdicts = Judge(all);
            var high = verdicts.Where(v => v.Scenario.HighAmbiguity).ToList();
            var low = verdicts.Where(v => !v.Scenario.HighAmbiguity).ToList();
            int Conflicts(IEnumerable<ScenarioVerdict> set) => set.Sum(v => (v.Action1.Conflict ? 1 : 0) + (v.Action2.Conflict ? 1 : 0));
            var rates = new ConflictRates(2 * low.Count, Conflicts(low), 2 * high.Count, Conflicts(high));

            var targets = new[]
            {
                Study("high ambiguity", "scenarios", verdicts, v => v.Scenario.HighAmbiguity),
                Study("annotators disagreed", "high-ambiguity", high, v => v.Scenario.AnnotatorsDisagree),
            };
            var families = MoralChoiceData.Families.Select(f =>
            {
                var inFamily = verdicts.Where(v => v.Scenario.Family == f).ToList();
                var highInFamily = inFamily.Where(v => v.Scenario.HighAmbiguity).ToList();
                double Auroc(IReadOnlyList<ScenarioVerdict> set, Func<ScenarioVerdict, double> score, Func<ScenarioVerdict, bool> target) =>
                    Measures.Auroc(set.Select(score).ToList(), set.Select(target).ToList());
                return new FamilyAurocs(f, inFamily.Count - highInFamily.Count, highInFamily.Count, highInFamily.Count(v => v.Scenario.AnnotatorsDisagree),
                    Auroc(inFamily, v => v.Uncertainty, v => v.Scenario.HighAmbiguity), Auroc(inFamily, v => v.Action1BreaksAnyRule, v => v.Scenario.HighAmbiguity),
                    Auroc(highInFamily, v => v.Uncertainty, v => v.Scenario.AnnotatorsDisagree), Auroc(highInFamily, v => v.Action1BreaksAnyRule, v => v.Scenario.AnnotatorsDisagree));
            }).ToList();
            return new AmbiguityReport(rates, targets, families);
        }

        private static TargetStudy Study(string target, string population, IReadOnlyList<ScenarioVerdict> set, Func<ScenarioVerdict, bool> positive)
        {
            var families = set.Select(v => v.Scenario.Family).ToList();
            var targets = set.Select(positive).ToList();
            double Auroc(IReadOnlyList<int> items, Func<ScenarioVerdict, double> score) =>
                Measures.Auroc(items.Select(i => score(set[i])).ToList(), items.Select(i => targets[i]).ToList());
            Func<ScenarioVerdict, double> baseline = v => v.Action1BreaksAnyRule;
            ScoreAuroc Score(string name, Func<ScenarioVerdict, double> score) => new(name,
                Measures.ClusterBootstrap(families, items => Auroc(items, score), Resamples, Seed),
                Measures.ClusterBootstrap(families, items => Auroc(items, score) - Auroc(items, baseline), Resamples, Seed));
            return new TargetStudy(target, population, set.Count, targets.Count(t => t),
                Measures.ClusterBootstrap(families, items => Auroc(items, baseline), Resamples, Seed),
                new[]
                {
                    Score("contract uncertainty (conflicts: u1 + u2)", v => v.Uncertainty),
                    Score("contract closeness (−|total1 − total2|)", v => v.Closeness),
                });
        }
    }
}
