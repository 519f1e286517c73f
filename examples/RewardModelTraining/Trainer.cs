using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using ContractDsl.Runtime.Torch;
using Examples.Statistics;
using TorchSharp;
using static TorchSharp.torch;

namespace RewardModelTraining
{
    /// <summary>What to train, where.</summary>
    public sealed record TrainingOptions
    {
        public string DataDirectory { get; init; } = MoralChoiceData.DefaultDirectory;
        /// <summary>cpu or cuda; null: cuda when available, else cpu.</summary>
        public Device? Device { get; init; }
        /// <summary>The most epochs a model trains; the one it keeps is chosen on the validation family (early stopping).</summary>
        public int Epochs { get; init; } = 20;
        public int BatchSize { get; init; } = 32;
        public float LearningRate { get; init; } = 0.003f;
        public int Hidden { get; init; } = 32;
        /// <summary>Seeds the initial weights (torch.manual_seed, the same for both models of a fold) and the batch order.</summary>
        public int Seed { get; init; } = 7;
        /// <summary>The families to hold out, one fold each; null: all ten (<see cref="MoralChoiceData.Families"/>).</summary>
        public IReadOnlyList<string>? HeldOutFamilies { get; init; }
    }

    /// <summary>
    /// One held-out pair (action1 is the favourable one) and every scorer's reward for both actions: the reward model trained
    /// alone, the contract alone (rm = 0), the reward model trained through the contract (its shaped total), and the
    /// number of rules each action breaks (the flag-count baseline scores −count).
    /// </summary>
    public sealed record PairScore(string ScenarioId, float RewardModel1, float RewardModel2, float Contract1, float Contract2,
        float Shaped1, float Shaped2, int Broken1, int Broken2, bool SameFlags);

    /// <summary>Pairwise accuracies on the held-out pairs (ties count one half; action1 should win).</summary>
    public sealed record Accuracies(int Pairs, double RewardModelAlone, double ContractAlone, double RewardModelPlusContract, double Shaped, double FlagCount, double FlagCeiling)
    {
        public static Accuracies Of(IReadOnlyList<PairScore> pairs)
        {
            double Accuracy(Func<PairScore, (double First, double Second)> reward) => pairs.Average(p =>
            {
                var (first, second) = reward(p);
                return first > second ? 1.0 : first == second ? 0.5 : 0.0;
            });
            return new Accuracies(
                pairs.Count,
                Accuracy(p => (p.RewardModel1, p.RewardModel2)),
                Accuracy(p => (p.Contract1, p.Contract2)),
                Accuracy(p => ((double)p.RewardModel1 + p.Contract1, (double)p.RewardModel2 + p.Contract2)),
                Accuracy(p => (p.Shaped1, p.Shaped2)),
                Accuracy(p => (-p.Broken1, -p.Broken2)),
                // The best any reward computed from the ten rule flags alone can do: only pairs with identical flags are coin flips.
                pairs.Average(p => p.SameFlags ? 0.5 : 1.0));
        }
    }

    /// <summary>A trained model: the epoch kept (least Bradley–Terry loss on the validation family), its losses, its held-out scores.</summary>
    public sealed record FitResult(int Epoch, double TrainLoss, double ValidationLoss, float[] HeldOut1, float[] HeldOut2);

    /// <summary>
    /// One fold: a family held out for testing, the next family in <see cref="MoralChoiceData.Families"/> order held out for
    /// validation (early stopping), the two reward models trained on the other eight.
    /// </summary>
    public sealed record FoldReport(string Family, string ValidationFamily, int TrainPairs, Accuracies HeldOut, FitResult RewardModel, FitResult Shaped, IReadOnlyList<PairScore> Pairs);

    /// <summary>Everything a run produced: a fold per held-out family, and all held-out pairs together.</summary>
    public sealed record TrainingReport(string Device, IReadOnlyList<FoldReport> Folds, Accuracies AllHeldOut, TimeSpan Elapsed)
    {
        /// <summary>
        /// Differences of pooled held-out accuracy — shaped − contract alone, shaped − reward model alone — with intervals
        /// from resampling whole families (2,000 resamples, seed 1), as the ambiguity study's.
        /// </summary>
        public (Estimate ShapedMinusContract, Estimate ShapedMinusRewardModel) Differences()
        {
            var pairs = Folds.SelectMany(f => f.Pairs.Select(p => (f.Family, Pair: p))).ToList();
            var families = pairs.Select(p => p.Family).ToList();
            Estimate Difference(Func<Accuracies, double> other) => Measures.ClusterBootstrap(families, items =>
            {
                var a = Accuracies.Of(items.Select(i => pairs[i].Pair).ToList());
                return a.Shaped - other(a);
            }, AmbiguityStudy.Resamples, AmbiguityStudy.Seed);
            return (Difference(a => a.ContractAlone), Difference(a => a.RewardModelAlone));
        }
    }

    /// <summary>
    /// Leave one family out: for each <c>generation_rule</c> family, two reward models (<see cref="RewardMlp"/> on
    /// <see cref="TextFeatures"/>: the text, not the rule annotations) are trained with the Bradley–Terry loss on the
    /// low-ambiguity pairs of eight other families, with early stopping on the ninth — one on its own score, one on the
    /// shaped reward of <c>moral.contract</c> through the module's generated torch path (gradients flow through the
    /// contract into the model) — and both, the contract alone and the baselines are scored on the held-out family. Every tensor it creates
    /// is disposed before it returns.
    /// </summary>
    public static class Trainer
    {
        public static TrainingReport Train(TrainingOptions options, Action<FoldReport>? onFold = null)
        {
            TorchRuntime.EnsureAvailable(); // a clear TorchUnavailableException instead of TorchSharp's type-initializer failure
            var watch = Stopwatch.StartNew();
            Device device = options.Device ?? (cuda.is_available() ? CUDA : CPU);
            var pairs = MoralChoiceData.LoadLowAmbiguity(options.DataDirectory);
            var contract1 = AmbiguityStudy.Evaluate(pairs.Select(p => p.Annotations1).ToList()); // the CPU module, rm = 0
            var contract2 = AmbiguityStudy.Evaluate(pairs.Select(p => p.Annotations2).ToList());

            var module = new Moral();
            using var winners = new Actions(pairs, first: true, device);
            using var losers = new Actions(pairs, first: false, device);
            var folds = new List<FoldReport>();
            foreach (string family in options.HeldOutFamilies ?? MoralChoiceData.Families)
            {
                string validationFamily = ValidationFamilyOf(family);
                var train = Enumerable.Range(0, pairs.Count).Where(i => pairs[i].Family != family && pairs[i].Family != validationFamily).ToArray();
                var validation = Enumerable.Range(0, pairs.Count).Where(i => pairs[i].Family == validationFamily).ToArray();
                var heldOut = Enumerable.Range(0, pairs.Count).Where(i => pairs[i].Family == family).ToArray();
                if (heldOut.Length == 0) throw new ArgumentException($"no low-ambiguity pair of family `{family}`");

                using var rewardModel = new RewardMlp(TextFeatures.Dimension, options.Hidden);
                var alone = Fit(rewardModel, shaped: false, module, winners, losers, train, validation, heldOut, options, device);
                using var shapedModel = new RewardMlp(TextFeatures.Dimension, options.Hidden);
                var shaped = Fit(shapedModel, shaped: true, module, winners, losers, train, validation, heldOut, options, device);

                var scores = heldOut.Select((i, k) => new PairScore(pairs[i].Id, alone.HeldOut1[k], alone.HeldOut2[k], contract1[i].Total, contract2[i].Total, shaped.HeldOut1[k], shaped.HeldOut2[k],
                    MoralChoiceData.Broken(pairs[i].Annotations1).Count(b => b), MoralChoiceData.Broken(pairs[i].Annotations2).Count(b => b),
                    MoralChoiceData.Broken(pairs[i].Annotations1).SequenceEqual(MoralChoiceData.Broken(pairs[i].Annotations2)))).ToList();
                folds.Add(new FoldReport(family, validationFamily, train.Length, Accuracies.Of(scores), alone, shaped, scores));
                onFold?.Invoke(folds[^1]);
            }
            return new TrainingReport(device.ToString(), folds, Accuracies.Of(folds.SelectMany(f => f.Pairs).ToList()), watch.Elapsed);
        }

        /// <summary>The family that validates a fold: the next one after the held-out family, in <see cref="MoralChoiceData.Families"/> order.</summary>
        public static string ValidationFamilyOf(string heldOutFamily) =>
            MoralChoiceData.Families[(Array.IndexOf(MoralChoiceData.Families, heldOutFamily) + 1) % MoralChoiceData.Families.Length];

        /// <summary>
        /// Adam on the Bradley–Terry loss of <paramref name="model"/>'s score, or of the contract's shaped total, for up to
        /// <see cref="TrainingOptions.Epochs"/> epochs; keeps the epoch with the least loss on the validation pairs (the
        /// held-out family is scored after every epoch, and the scores of the kept epoch are returned: the choice never
        /// looks at them).
        /// </summary>
        private static FitResult Fit(RewardMlp model, bool shaped, Moral module, Actions winners, Actions losers, int[] train, int[] validation, int[] heldOut,
            TrainingOptions options, Device device)
        {
            manual_seed(options.Seed);
            model.Initialize();
            model.to(device);
            using var adam = optim.Adam(model.parameters(), lr: options.LearningRate);
            var random = new Random(options.Seed);
            var order = (int[])train.Clone();
            FitResult? best = null;
            for (int epoch = 1; epoch <= options.Epochs; epoch++)
            {
                Shuffle(order, random);
                double sum = 0;
                for (int start = 0; start < order.Length; start += options.BatchSize)
                {
                    var batch = order.AsSpan(start, Math.Min(options.BatchSize, order.Length - start)).ToArray();
                    using var scope = NewDisposeScope();
                    adam.zero_grad();
                    var index = tensor(batch.Select(i => (long)i).ToArray(), device: device);
                    using var w = winners.Select(index);
                    using var l = losers.Select(index);
                    var loss = BradleyTerryTorch.Loss(Reward(model, module, w, shaped), Reward(model, module, l, shaped));
                    loss.backward();
                    adam.step();
                    sum += loss.ToSingle() * batch.Length;
                }
                double validationLoss = Loss(model, module, winners, losers, validation, shaped, device);
                if (best is null || validationLoss < best.ValidationLoss)
                    best = new FitResult(epoch, sum / order.Length, validationLoss,
                        Score(model, module, winners, heldOut, shaped, device), Score(model, module, losers, heldOut, shaped, device));
            }
            return best ?? throw new ArgumentException("at least one epoch", nameof(options));
        }

        private static double Loss(RewardMlp model, Moral module, Actions winners, Actions losers, int[] rows, bool shaped, Device device)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var index = tensor(rows.Select(i => (long)i).ToArray(), device: device);
            using var w = winners.Select(index);
            using var l = losers.Select(index);
            return BradleyTerryTorch.Loss(Reward(model, module, w, shaped), Reward(model, module, l, shaped)).ToSingle();
        }

        /// <summary>The model's score, or the contract's shaped total over it through the generated torch path.</summary>
        private static Tensor Reward(RewardMlp model, Moral module, Actions actions, bool shaped)
        {
            var rm = model.forward(actions.Features);
            return shaped ? module.Evaluate(actions.Batch(rm)).Total : rm;
        }

        private static float[] Score(RewardMlp model, Moral module, Actions actions, int[] rows, bool shaped, Device device)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var index = tensor(rows.Select(i => (long)i).ToArray(), device: device);
            using var selected = actions.Select(index);
            using var host = Reward(model, module, selected, shaped).cpu();
            return host.data<float>().ToArray();
        }

        private static void Shuffle(int[] values, Random random)
        {
            for (int i = values.Length - 1; i > 0; i--)
            {
                int j = random.Next(i + 1);
                (values[i], values[j]) = (values[j], values[i]);
            }
        }
    }

    /// <summary>
    /// One action of each scenario of a set, as tensors on the device: the reward model's text features [N, D] and the
    /// contract's ten rule flags (bool [N]; set where the annotators agreed on Yes).
    /// </summary>
    public sealed class Actions : IDisposable
    {
        private readonly Tensor[] _flags; // in MoralChoiceData.Rules order

        private Actions(Tensor features, Tensor[] flags)
        {
            Features = features;
            _flags = flags;
        }

        public Actions(IReadOnlyList<Scenario> scenarios, bool first, Device device)
        {
            int n = scenarios.Count;
            var features = new float[n * TextFeatures.Dimension];
            var flags = new bool[MoralChoiceData.Rules.Length][];
            for (int r = 0; r < flags.Length; r++) flags[r] = new bool[n];
            for (int i = 0; i < n; i++)
            {
                var s = scenarios[i];
                TextFeatures.Write(first ? s.Action1 : s.Action2, s.Context, features.AsSpan(i * TextFeatures.Dimension, TextFeatures.Dimension));
                var broken = MoralChoiceData.Broken(first ? s.Annotations1 : s.Annotations2);
                for (int r = 0; r < flags.Length; r++) flags[r][i] = broken[r];
            }
            Features = tensor(features, new long[] { n, TextFeatures.Dimension }, device: device).DetachFromDisposeScope();
            _flags = flags.Select(f => tensor(f, device: device).DetachFromDisposeScope()).ToArray();
        }

        public Tensor Features { get; }

        private Tensor Flag(string rule) => _flags[MoralChoiceData.RuleIndex(rule)];

        /// <summary>The contract's batch for these actions with the reward model's scores <paramref name="rm"/>.</summary>
        public Moral.TensorBatch Batch(Tensor rm) => new()
        {
            Rm = rm,
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

        /// <summary>The actions at <paramref name="index"/> (int64, on the same device); the caller disposes them.</summary>
        public Actions Select(Tensor index) => new(Features.index_select(0, index), _flags.Select(f => f.index_select(0, index)).ToArray());

        public void Dispose()
        {
            Features.Dispose();
            foreach (var f in _flags) f.Dispose();
        }
    }
}
