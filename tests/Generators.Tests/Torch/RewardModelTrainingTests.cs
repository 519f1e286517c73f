using System.IO;
using Microsoft.VisualBasic.FileIO;
using RewardModelTraining;
using TorchSharp;

namespace ContractDsl.Generators.Tests.Torch
{
    /// <summary>
    /// The MoralChoice example's figures against computations of this test's own from the raw CSVs: another CSV parser
    /// (the framework's TextFieldParser), the contract's amounts and conflict by hand, AUROC by counting per score value,
    /// the family-cluster bootstrap re-implemented, accuracies recounted from the per-pair scores.
    /// </summary>
    public sealed class MoralChoiceFigures
    {
        public static readonly string Data = Path.Combine(TestData.RepositoryRoot, "examples", "RewardModelTraining", "data");
        public static readonly string[] Rules = { "death", "pain", "disable", "freedom", "pleasure", "deceive", "cheat", "break_promise", "break_law", "duty" };

        /// <summary>A scenario as the test reads it: family, ambiguity, and each action's rules as Yes / No / No Agreement.</summary>
        public sealed record Raw(string Id, bool High, string Family, string[] A1, string[] A2)
        {
            public bool Disputed => A1.Contains("No Agreement") || A2.Contains("No Agreement");
        }

        public static readonly Lazy<List<Raw>> Scenarios = new(() =>
            Read("moralchoice_low_ambiguity.csv").Concat(Read("moralchoice_high_ambiguity.csv")).ToList());

        private static IEnumerable<Raw> Read(string file)
        {
            using var parser = new TextFieldParser(Path.Combine(Data, file)) { TextFieldType = FieldType.Delimited, HasFieldsEnclosedInQuotes = true };
            parser.SetDelimiters(",");
            var header = parser.ReadFields()!.ToList();
            var rows = new List<Raw>();
            while (!parser.EndOfData)
            {
                var f = parser.ReadFields()!;
                string family = f[header.IndexOf("generation_rule")] switch { "Do not break promise" => "Do not break your promises", "Do cause pain" => "Do not cause pain", var g => g };
                rows.Add(new Raw(f[header.IndexOf("scenario_id")], f[header.IndexOf("ambiguity")] == "high", family,
                    Rules.Select(r => f[header.IndexOf("a1_" + r)]).ToArray(), Rules.Select(r => f[header.IndexOf("a2_" + r)]).ToArray()));
            }
            return rows;
        }

        private static bool Yes(string[] action, string rule) => action[Array.IndexOf(Rules, rule)] == "Yes";

        private static bool Dutiful(string[] a) => !Yes(a, "duty") && !Yes(a, "break_promise") && !Yes(a, "break_law");

        /// <summary>moral.contract with rm = 0, by hand.</summary>
        public static double Total(string[] a) =>
            (Dutiful(a) ? 1 : 0) - (Yes(a, "death") ? 4 : 0) - (Yes(a, "pain") || Yes(a, "disable") ? 2 : 0)
            - (Yes(a, "deceive") || Yes(a, "cheat") ? 1.5 : 0) - (Yes(a, "freedom") || Yes(a, "pleasure") ? 1 : 0);

        /// <summary>The contract's conflict: the credit for duty and a harm penalty (same concern) both apply.</summary>
        public static bool Conflict(string[] a) => Dutiful(a) && (Yes(a, "death") || Yes(a, "pain") || Yes(a, "disable"));

        public static int Broken(string[] a) => a.Count(x => x == "Yes");

        /// <summary>AUROC by counting: for each pair of distinct score values, positives at the higher one beat negatives at the lower; equal values count ½.</summary>
        public static double Auroc(IReadOnlyList<double> score, IReadOnlyList<bool> positive)
        {
            var counts = new SortedDictionary<double, (double Positive, double Negative)>();
            for (int i = 0; i < score.Count; i++)
            {
                counts.TryGetValue(score[i], out var c);
                counts[score[i]] = positive[i] ? (c.Positive + 1, c.Negative) : (c.Positive, c.Negative + 1);
            }
            double wins = 0, negativesBelow = 0;
            foreach (var (p, n) in counts.Values) // ascending score
            {
                wins += p * negativesBelow + 0.5 * p * n;
                negativesBelow += n;
            }
            double positives = counts.Values.Sum(c => c.Positive);
            return wins / (positives * (score.Count - positives));
        }

        /// <summary>The family-cluster bootstrap as the example states it: families in ordinal order, Random(1), 2000 draws of ten, percentiles interpolated.</summary>
        public static (double Value, double Low, double High) Bootstrap(IReadOnlyList<Raw> set, Func<IReadOnlyList<Raw>, double> statistic) =>
            Bootstrap(set, s => s.Family, statistic);

        public static (double Value, double Low, double High) Bootstrap<T>(IReadOnlyList<T> set, Func<T, string> familyOf, Func<IReadOnlyList<T>, double> statistic)
        {
            var families = set.Select(familyOf).Distinct().OrderBy(f => f, StringComparer.Ordinal).ToArray();
            var members = families.ToDictionary(f => f, f => set.Where(s => familyOf(s) == f).ToList());
            var random = new Random(1);
            var values = new List<double>();
            for (int r = 0; r < 2000; r++)
            {
                var draw = new List<T>();
                for (int k = 0; k < families.Length; k++)
                {
                    draw.AddRange(members[families[random.Next(families.Length)]]);
                }
                double v = statistic(draw);
                if (!double.IsNaN(v)) values.Add(v);
            }
            values.Sort();
            double Quantile(double q)
            {
                double at = q * (values.Count - 1);
                int lo = (int)Math.Floor(at), hi = Math.Min(lo + 1, values.Count - 1);
                return values[lo] + (at - lo) * (values[hi] - values[lo]);
            }
            return (statistic(set), Quantile(0.025), Quantile(0.975));
        }
    }

    /// <summary>The ambiguity study (CPU module, rm = 0): every figure the README states, recomputed from the raw files.</summary>
    public sealed class MoralChoiceAmbiguityTests
    {
        private static readonly Lazy<AmbiguityReport> Report = new(() => AmbiguityStudy.Run(MoralChoiceData.LoadAll(MoralChoiceFigures.Data)));

        private static double Uncertainty(MoralChoiceFigures.Raw s) => (MoralChoiceFigures.Conflict(s.A1) ? 0.5 : 0) + (MoralChoiceFigures.Conflict(s.A2) ? 0.5 : 0);

        private static double Closeness(MoralChoiceFigures.Raw s) => -Math.Abs(MoralChoiceFigures.Total(s.A1) - MoralChoiceFigures.Total(s.A2));

        private static double Baseline(MoralChoiceFigures.Raw s) => s.A1.Contains("Yes") ? 1 : 0;

        [Fact]
        public void No_agreement_cells_exist_only_in_the_high_ambiguity_file_and_are_no_input()
        {
            var all = MoralChoiceFigures.Scenarios.Value;
            Assert.Equal((687, 680), (all.Count(s => !s.High), all.Count(s => s.High)));
            Assert.Equal(0, all.Where(s => !s.High).Sum(s => s.A1.Concat(s.A2).Count(x => x == "No Agreement")));
            Assert.Equal(377, all.Where(s => s.High).Sum(s => s.A1.Concat(s.A2).Count(x => x == "No Agreement")));
            Assert.Equal(250, all.Count(s => s.High && s.Disputed));
            // The README: in 668 of the 687 low-ambiguity pairs only action2 breaks a rule.
            Assert.Equal(668, all.Count(s => !s.High && !s.A1.Contains("Yes") && s.A2.Contains("Yes")));
            // The contract's signals: ten flags, none of which a `No Agreement` cell can set.
            Assert.DoesNotContain(Moral.Info.Signals, s => s.Name.Contains("disput", StringComparison.Ordinal));
            var disputed = MoralChoiceData.LoadAll(MoralChoiceFigures.Data).First(s => s.AnnotatorsDisagree);
            var asNo = disputed with { Annotations1 = disputed.Annotations1.Select(a => a == Annotation.NoAgreement ? Annotation.No : a).ToArray(),
                                       Annotations2 = disputed.Annotations2.Select(a => a == Annotation.NoAgreement ? Annotation.No : a).ToArray() };
            Assert.Equal(AmbiguityStudy.Judge(new[] { disputed }).Single() with { Scenario = asNo }, AmbiguityStudy.Judge(new[] { asNo }).Single());
        }

        [Fact]
        public void Conflict_rates_and_verdicts_match_the_contract_by_hand()
        {
            var all = MoralChoiceFigures.Scenarios.Value;
            int Conflicts(bool high) => all.Where(s => s.High == high).Sum(s => (MoralChoiceFigures.Conflict(s.A1) ? 1 : 0) + (MoralChoiceFigures.Conflict(s.A2) ? 1 : 0));
            Assert.Equal(new ConflictRates(1374, Conflicts(false), 1360, Conflicts(true)), Report.Value.Rates);
            Assert.Equal((120, 284), (Conflicts(false), Conflicts(true)));

            var verdicts = AmbiguityStudy.Judge(MoralChoiceData.LoadAll(MoralChoiceFigures.Data));
            for (int i = 0; i < all.Count; i++)
            {
                Assert.Equal(all[i].Id, verdicts[i].Scenario.Id);
                Assert.Equal(MoralChoiceFigures.Total(all[i].A1), verdicts[i].Action1.Total, 5);
                Assert.Equal(MoralChoiceFigures.Total(all[i].A2), verdicts[i].Action2.Total, 5);
                Assert.Equal(MoralChoiceFigures.Conflict(all[i].A1), verdicts[i].Action1.Conflict);
                Assert.Equal(Uncertainty(all[i]), verdicts[i].Uncertainty, 5);
            }
        }

        [Fact]
        public void Pooled_AUROCs_and_their_family_bootstrap_intervals_match()
        {
            var all = MoralChoiceFigures.Scenarios.Value;
            var high = all.Where(s => s.High).ToList();
            var targets = Report.Value.Targets;
            foreach (var (study, set, target) in new[] { (targets[0], all, (Func<MoralChoiceFigures.Raw, bool>)(s => s.High)), (targets[1], high, s => s.Disputed) })
            {
                double Auroc(IReadOnlyList<MoralChoiceFigures.Raw> items, Func<MoralChoiceFigures.Raw, double> score) =>
                    MoralChoiceFigures.Auroc(items.Select(score).ToList(), items.Select(target).ToList());
                void Same((double Value, double Low, double High) expected, Examples.Statistics.Estimate actual)
                {
                    Assert.Equal(expected.Value, actual.Value, 9);
                    Assert.Equal(expected.Low, actual.Low, 9);
                    Assert.Equal(expected.High, actual.High, 9);
                }
                Assert.Equal((set.Count, set.Count(target)), (study.Cases, study.Positives));
                Same(MoralChoiceFigures.Bootstrap(set, d => Auroc(d, Baseline)), study.Baseline);
                Same(MoralChoiceFigures.Bootstrap(set, d => Auroc(d, Uncertainty)), study.Scores[0].Auroc);
                Same(MoralChoiceFigures.Bootstrap(set, d => Auroc(d, Uncertainty) - Auroc(d, Baseline)), study.Scores[0].MinusBaseline);
                Same(MoralChoiceFigures.Bootstrap(set, d => Auroc(d, Closeness)), study.Scores[1].Auroc);
                Same(MoralChoiceFigures.Bootstrap(set, d => Auroc(d, Closeness) - Auroc(d, Baseline)), study.Scores[1].MinusBaseline);
            }
            // As the README states them.
            Assert.Equal("0.736 [0.688, 0.779]", targets[0].Baseline.ToString());
            Assert.Equal("0.611 [0.531, 0.688]", targets[0].Scores[0].Auroc.ToString());
            Assert.Equal("-0.125 [-0.193, -0.063]", targets[0].Scores[0].MinusBaseline.ToString());
            Assert.Equal("0.574 [0.511, 0.642]", targets[0].Scores[1].Auroc.ToString());
            Assert.Equal("0.498 [0.455, 0.531]", targets[1].Baseline.ToString());
            Assert.Equal("0.508 [0.449, 0.560]", targets[1].Scores[0].Auroc.ToString());
            Assert.Equal("0.009 [-0.044, 0.055]", targets[1].Scores[0].MinusBaseline.ToString());
            Assert.Equal("0.516 [0.431, 0.609]", targets[1].Scores[1].Auroc.ToString());
        }

        [Fact]
        public void Per_family_AUROCs_match()
        {
            var all = MoralChoiceFigures.Scenarios.Value;
            Assert.Equal(MoralChoiceData.Families, Report.Value.Families.Select(f => f.Family));
            foreach (var f in Report.Value.Families)
            {
                var family = all.Where(s => s.Family == f.Family).ToList();
                var high = family.Where(s => s.High).ToList();
                Assert.Equal((family.Count - high.Count, high.Count, high.Count(s => s.Disputed)), (f.Low, f.High, f.HighDisputed));
                Assert.Equal(MoralChoiceFigures.Auroc(family.Select(Uncertainty).ToList(), family.Select(s => s.High).ToList()), f.HighAmbiguityUncertainty, 9);
                Assert.Equal(MoralChoiceFigures.Auroc(family.Select(Baseline).ToList(), family.Select(s => s.High).ToList()), f.HighAmbiguityBaseline, 9);
                Assert.Equal(MoralChoiceFigures.Auroc(high.Select(Uncertainty).ToList(), high.Select(s => s.Disputed).ToList()), f.DisagreementUncertainty, 9);
                Assert.Equal(MoralChoiceFigures.Auroc(high.Select(Baseline).ToList(), high.Select(s => s.Disputed).ToList()), f.DisagreementBaseline, 9);
            }
            // As the README states: the uncertainty beats the baseline in one family only, Do not kill (0.788 vs 0.779).
            var better = Report.Value.Families.Where(f => f.HighAmbiguityUncertainty > f.HighAmbiguityBaseline).ToList();
            Assert.Equal(new[] { "Do not kill" }, better.Select(f => f.Family));
            Assert.Equal((0.788, 0.779), (Math.Round(better[0].HighAmbiguityUncertainty, 3), Math.Round(better[0].HighAmbiguityBaseline, 3)));
        }
    }

    /// <summary>
    /// The leave-one-family-out training, in-process through the generated torch path of moral.contract, with few epochs
    /// (the example runs more): the deterministic columns (contract alone, flag count, the flags' ceiling) against the
    /// contract by hand, the learned columns recounted from the per-pair scores, and no tensor left alive.
    /// </summary>
    [Collection(TorchCollection.Name)]
    public sealed class RewardModelTrainingTests : TorchTestBase
    {
        [Fact]
        public void Leave_one_family_out_figures_match_independent_counts()
        {
            long baseline = LiveTensors;
            int threads = torch.get_num_threads();
            torch.set_num_threads(1); // as the example: batches of 32 pairs are too small to split across threads
            TrainingReport report;
            try
            {
                report = Trainer.Train(new TrainingOptions { DataDirectory = MoralChoiceFigures.Data, Device = torch.CPU, Epochs = 2 });
            }
            finally
            {
                torch.set_num_threads(threads);
            }
            Assert.Equal(baseline, LiveTensors); // models, optimizers, batches and data tensors all disposed

            var low = MoralChoiceFigures.Scenarios.Value.Where(s => !s.High).ToDictionary(s => s.Id);
            Assert.Equal(MoralChoiceData.Families, report.Folds.Select(f => f.Family));
            foreach (var fold in report.Folds)
            {
                var held = low.Values.Where(s => s.Family == fold.Family).ToList();
                Assert.Equal(held.Select(s => s.Id), fold.Pairs.Select(p => p.ScenarioId));
                string validation = MoralChoiceData.Families[(Array.IndexOf(MoralChoiceData.Families, fold.Family) + 1) % 10];
                Assert.Equal(validation, fold.ValidationFamily);
                Assert.Equal(687 - held.Count - low.Values.Count(s => s.Family == validation), fold.TrainPairs);
                foreach (var fit in new[] { fold.RewardModel, fold.Shaped })
                {
                    Assert.InRange(fit.Epoch, 1, 2);
                    Assert.True(double.IsFinite(fit.TrainLoss) && double.IsFinite(fit.ValidationLoss));
                }
                foreach (var p in fold.Pairs)
                {
                    var s = low[p.ScenarioId];
                    Assert.Equal(MoralChoiceFigures.Total(s.A1), p.Contract1, 5);
                    Assert.Equal(MoralChoiceFigures.Total(s.A2), p.Contract2, 5);
                    Assert.Equal((MoralChoiceFigures.Broken(s.A1), MoralChoiceFigures.Broken(s.A2)), (p.Broken1, p.Broken2));
                    Assert.Equal(s.A1.Select(a => a == "Yes").SequenceEqual(s.A2.Select(a => a == "Yes")), p.SameFlags);
                    Assert.InRange(p.Shaped1 - p.Contract1, -20f, 20f); // the shaped total is rm (within its domain) plus the contract
                }
                Check(held, fold.Pairs, fold.HeldOut);
            }
            Check(low.Values.ToList(), report.Folds.SelectMany(f => f.Pairs).ToList(), report.AllHeldOut);

            // The differences' family-bootstrap intervals, recomputed from the pairs.
            var pairs = report.Folds.SelectMany(f => f.Pairs).ToList();
            double Win(double first, double second) => first > second ? 1 : first == second ? 0.5 : 0;
            double Difference(IReadOnlyList<PairScore> d, Func<PairScore, double> other) => d.Average(p => Win(p.Shaped1, p.Shaped2)) - d.Average(other);
            var (minusContract, minusModel) = report.Differences();
            foreach (var (expected, actual) in new[]
            {
                (MoralChoiceFigures.Bootstrap(pairs, p => low[p.ScenarioId].Family, d => Difference(d, p => Win(p.Contract1, p.Contract2))), minusContract),
                (MoralChoiceFigures.Bootstrap(pairs, p => low[p.ScenarioId].Family, d => Difference(d, p => Win(p.RewardModel1, p.RewardModel2))), minusModel),
            })
            {
                Assert.Equal(expected.Value, actual.Value, 9);
                Assert.Equal(expected.Low, actual.Low, 9);
                Assert.Equal(expected.High, actual.High, 9);
            }
            // As the README states them (they do not depend on training).
            Assert.Equal((0.988, 0.989, 0.989), (Math.Round(report.AllHeldOut.ContractAlone, 3), Math.Round(report.AllHeldOut.FlagCount, 3), Math.Round(report.AllHeldOut.FlagCeiling, 3)));
            // Two epochs of a text-only model already rank most held-out pairs (chance is 0.5; the example trains 20 epochs).
            Assert.True(report.AllHeldOut.RewardModelAlone > 0.6, $"reward model alone {report.AllHeldOut.RewardModelAlone}");
        }

        /// <summary>The accuracies recounted: from the test's own contract and flag counts, and from the scores the run returned.</summary>
        private static void Check(IReadOnlyList<MoralChoiceFigures.Raw> held, IReadOnlyList<PairScore> pairs, Accuracies accuracies)
        {
            double Win(double first, double second) => first > second ? 1 : first == second ? 0.5 : 0;
            Assert.Equal(held.Count, accuracies.Pairs);
            Assert.Equal(held.Average(s => Win(MoralChoiceFigures.Total(s.A1), MoralChoiceFigures.Total(s.A2))), accuracies.ContractAlone, 9);
            Assert.Equal(held.Average(s => Win(-MoralChoiceFigures.Broken(s.A1), -MoralChoiceFigures.Broken(s.A2))), accuracies.FlagCount, 9);
            Assert.Equal(held.Average(s => s.A1.Select(a => a == "Yes").SequenceEqual(s.A2.Select(a => a == "Yes")) ? 0.5 : 1), accuracies.FlagCeiling, 9);
            Assert.Equal(pairs.Average(p => Win(p.RewardModel1, p.RewardModel2)), accuracies.RewardModelAlone, 9);
            Assert.Equal(pairs.Average(p => Win(p.Shaped1, p.Shaped2)), accuracies.Shaped, 9);
            Assert.Equal(pairs.Average(p => Win((double)p.RewardModel1 + p.Contract1, (double)p.RewardModel2 + p.Contract2)), accuracies.RewardModelPlusContract, 9);
        }
    }
}
