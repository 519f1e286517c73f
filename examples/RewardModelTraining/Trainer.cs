using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using ContractDsl.Runtime;
using ContractDsl.Runtime.Torch;
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
        public int Epochs { get; init; } = 30;
        public int BatchSize { get; init; } = 32;
        public float LearningRate { get; init; } = 0.01f;
        public int Hidden { get; init; } = 16;
        /// <summary>Seeds the train/held-out split, the initial weights (torch.manual_seed) and the batch order.</summary>
        public int Seed { get; init; } = 7;
        public double HeldOutFraction { get; init; } = 0.2;
    }

    /// <summary>One epoch: the mean training loss, and loss and pairwise accuracy on the held-out pairs.</summary>
    public sealed record EpochReport(int Epoch, double TrainLoss, double HeldOutLoss, double HeldOutAccuracy);

    /// <summary>A norm's share of the learned reward on the held-out actions, favourable (action1) and unfavourable (action2) apart.</summary>
    public sealed record NormBreakdown(string Norm, string Effect, string? Rationale, double ActiveFavourable, double ActiveUnfavourable, double MeanFavourable, double MeanUnfavourable);

    /// <summary>How the trained reward judges a set of scenarios: P(action1 ≻ action2) = σ(r1 − r2) and the contract's uncertainty.</summary>
    public sealed record PreferenceSummary(int Scenarios, double MeanProbability, double ShareAction1Preferred, double ShareUndecided, double MeanUncertainty, double ShareDisputed);

    /// <summary>A scenario with its preference probability, for the examples the program prints.</summary>
    public sealed record ScenarioJudgement(Scenario Scenario, double Probability, float Uncertainty1, float Uncertainty2);

    /// <summary>Everything a run produced.</summary>
    public sealed record TrainingReport(
        string Device,
        int TrainPairs,
        int HeldOutPairs,
        IReadOnlyList<EpochReport> Epochs,
        double ContractOnlyAccuracy,
        double RewardModelOnlyAccuracy,
        double HeldOutAccuracy,
        double MeanRmFavourable,
        double MeanRmUnfavourable,
        IReadOnlyList<NormBreakdown> Norms,
        PreferenceSummary LowAmbiguityHeldOut,
        PreferenceSummary HighAmbiguity,
        IReadOnlyList<ScenarioJudgement> HighAmbiguityCloseCalls,
        TimeSpan Elapsed);

    /// <summary>
    /// Bradley–Terry training of <see cref="RewardMlp"/> through the generated torch path of <c>moral.contract</c>:
    /// for each low-ambiguity pair the shaped reward of the favourable action (action1) should beat action2's,
    /// loss = <see cref="BradleyTerryTorch.Loss"/>(r_w, r_l) on the shaped totals, gradients flow through the
    /// contract into the reward model, <c>torch.optim.Adam</c> steps. Every tensor it creates is disposed before it
    /// returns (a dispose scope per step; the model, the optimizer and the data tensors by <c>using</c>).
    /// </summary>
    public static class Trainer
    {
        public static TrainingReport Train(TrainingOptions options, Action<EpochReport>? onEpoch = null)
        {
            TorchRuntime.EnsureAvailable(); // a clear TorchUnavailableException instead of TorchSharp's type-initializer failure
            var watch = Stopwatch.StartNew();
            Device device = options.Device ?? (cuda.is_available() ? CUDA : CPU);
            manual_seed(options.Seed);

            var low = MoralChoiceData.LoadLowAmbiguity(options.DataDirectory);
            var high = MoralChoiceData.LoadHighAmbiguity(options.DataDirectory);
            var random = new Random(options.Seed);
            var order = Enumerable.Range(0, low.Count).OrderBy(_ => random.Next()).ToArray();
            int heldOutCount = (int)Math.Round(low.Count * options.HeldOutFraction);
            var heldOut = order.Take(heldOutCount).Select(i => low[i]).ToList();
            var train = order.Skip(heldOutCount).Select(i => low[i]).ToList();

            var module = new Moral();
            using var model = new RewardMlp(MoralChoiceData.Rules.Length, options.Hidden);
            model.to(device);
            using var adam = optim.Adam(model.parameters(), lr: options.LearningRate);
            var epochs = new List<EpochReport>();

            // The actions as tensors on the device, once: winners are action1, losers action2.
            using var trainWinners = new Actions(train, first: true, device);
            using var trainLosers = new Actions(train, first: false, device);
            using var heldWinners = new Actions(heldOut, first: true, device);
            using var heldLosers = new Actions(heldOut, first: false, device);
            using var highFirst = new Actions(high, first: true, device);
            using var highSecond = new Actions(high, first: false, device);

            var (startLoss, startAccuracy) = Score(module, model, heldWinners, heldLosers);
            epochs.Add(new EpochReport(0, double.NaN, startLoss, startAccuracy));
            onEpoch?.Invoke(epochs[^1]);

            var indices = Enumerable.Range(0, train.Count).ToArray();
            for (int epoch = 1; epoch <= options.Epochs; epoch++)
            {
                Shuffle(indices, random);
                double lossSum = 0;
                for (int start = 0; start < indices.Length; start += options.BatchSize)
                {
                    var batch = indices.AsSpan(start, Math.Min(options.BatchSize, indices.Length - start)).ToArray();
                    lossSum += Step(module, model, adam, trainWinners, trainLosers, batch, device) * batch.Length;
                }
                var (heldLoss, heldAccuracy) = Score(module, model, heldWinners, heldLosers);
                epochs.Add(new EpochReport(epoch, lossSum / indices.Length, heldLoss, heldAccuracy));
                onEpoch?.Invoke(epochs[^1]);
            }

            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var rmWinners = model.forward(heldWinners.Features);
            var rmLosers = model.forward(heldLosers.Features);
            var zeros = torch.zeros(new long[] { heldOut.Count }, device: device);
            double contractOnly = Accuracy(Total(module, heldWinners, zeros), Total(module, heldLosers, zeros));
            double modelOnly = Accuracy(Host(rmWinners), Host(rmLosers));
            var winners = module.Evaluate(heldWinners.Batch(rmWinners));
            var losers = module.Evaluate(heldLosers.Batch(rmLosers));

            return new TrainingReport(
                device.ToString(),
                train.Count,
                heldOut.Count,
                epochs,
                contractOnly,
                modelOnly,
                epochs[^1].HeldOutAccuracy,
                Mean(Host(rmWinners)),
                Mean(Host(rmLosers)),
                Breakdown(winners, losers),
                Summarize(winners, losers),
                Summarize(module, model, highFirst, highSecond, out var probabilities, out var u1, out var u2),
                // Scenarios whose two actions carry the same annotations are ties by construction; skip them.
                Enumerable.Range(0, high.Count).Where(i => !high[i].Rules1.SequenceEqual(high[i].Rules2))
                    .OrderBy(i => Math.Abs(probabilities[i] - 0.5)).ThenBy(i => high[i].Id, StringComparer.Ordinal).Take(3)
                    .Select(i => new ScenarioJudgement(high[i], probabilities[i], u1[i], u2[i])).ToList(),
                watch.Elapsed);
        }

        /// <summary>One Adam step on a mini-batch of pairs; returns the batch's loss.</summary>
        private static double Step(Moral module, RewardMlp model, optim.Optimizer adam, Actions winners, Actions losers, int[] batch, Device device)
        {
            using var scope = NewDisposeScope();
            adam.zero_grad();
            var index = tensor(batch.Select(i => (long)i).ToArray(), device: device);
            using var w = winners.Select(index);
            using var l = losers.Select(index);
            // Shaped rewards through the generated torch path: rm from the model, rule signals from the annotations.
            var rewardWinner = module.Evaluate(w.Batch(model.forward(w.Features))).Total;
            var rewardLoser = module.Evaluate(l.Batch(model.forward(l.Features))).Total;
            var loss = BradleyTerryTorch.Loss(rewardWinner, rewardLoser);
            loss.backward();
            adam.step();
            return loss.ToSingle();
        }

        /// <summary>Loss and pairwise accuracy (ties count one half) of the shaped reward on a set of pairs.</summary>
        private static (double Loss, double Accuracy) Score(Moral module, RewardMlp model, Actions winners, Actions losers)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var rw = module.Evaluate(winners.Batch(model.forward(winners.Features))).Total;
            var rl = module.Evaluate(losers.Batch(model.forward(losers.Features))).Total;
            return (BradleyTerryTorch.Loss(rw, rl).ToSingle(), Accuracy(Host(rw), Host(rl)));
        }

        private static float[] Total(Moral module, Actions actions, Tensor rm)
        {
            using var result = module.Evaluate(actions.Batch(rm));
            return Host(result.Total);
        }

        /// <summary>A float32 tensor's values on the host, from any device.</summary>
        private static float[] Host(Tensor values) => Host<float>(values);

        private static T[] Host<T>(Tensor values) where T : unmanaged
        {
            using var host = values.cpu();
            return host.data<T>().ToArray();
        }

        private static double Accuracy(float[] winners, float[] losers) =>
            winners.Zip(losers, (w, l) => w > l ? 1.0 : w == l ? 0.5 : 0.0).Average();

        private static double Mean(float[] values) => values.Length == 0 ? 0 : values.Average(v => (double)v);

        private static IReadOnlyList<NormBreakdown> Breakdown(Moral.TensorResult winners, Moral.TensorResult losers)
        {
            float[] Rows(Tensor t)
            {
                using var f = t.to(ScalarType.Float32);
                using var mean = f.mean(new long[] { 1 });
                return Host(mean);
            }
            float[] meanW = Rows(winners.Contributions), meanL = Rows(losers.Contributions);
            float[] activeW = Rows(winners.Active), activeL = Rows(losers.Active);
            return Moral.Info.Norms.Select(n => new NormBreakdown(n.Name, n.Effect, n.Rationale, activeW[n.Index], activeL[n.Index], meanW[n.Index], meanL[n.Index])).ToList();
        }

        private static PreferenceSummary Summarize(Moral.TensorResult first, Moral.TensorResult second)
        {
            var t1 = Host(first.Total);
            var t2 = Host(second.Total);
            var p = t1.Zip(t2, (a, b) => 1 / (1 + Math.Exp(-(a - b)))).ToArray();
            return Summary(p, Host(first.Uncertainty), Host(second.Uncertainty), Reasons(first), Reasons(second));
        }

        private static PreferenceSummary Summarize(Moral module, RewardMlp model, Actions first, Actions second, out double[] probabilities, out float[] u1, out float[] u2)
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var r1 = module.Evaluate(first.Batch(model.forward(first.Features)));
            var r2 = module.Evaluate(second.Batch(model.forward(second.Features)));
            var p = BradleyTerryTorch.Probability(r1.Total, r2.Total).to(ScalarType.Float64);
            probabilities = Host<double>(p);
            u1 = Host(r1.Uncertainty);
            u2 = Host(r2.Uncertainty);
            return Summary(probabilities, u1, u2, Reasons(r1), Reasons(r2));
        }

        private static RewardReasons[] Reasons(Moral.TensorResult result) =>
            Host<byte>(result.Reasons).Select(c => (RewardReasons)c).ToArray();

        private static PreferenceSummary Summary(double[] p, float[] u1, float[] u2, RewardReasons[] r1, RewardReasons[] r2)
        {
            int n = p.Length;
            bool Any(int i, RewardReasons bit) => ((r1[i] | r2[i]) & bit) != 0;
            return new PreferenceSummary(
                n,
                p.Average(),
                p.Count(x => x > 0.5) / (double)n,
                p.Count(x => Math.Abs(x - 0.5) < 0.1) / (double)n,
                Enumerable.Range(0, n).Average(i => Math.Max(u1[i], u2[i])),
                Enumerable.Range(0, n).Count(i => Any(i, RewardReasons.Explicit)) / (double)n);
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
    /// One action of each scenario of a set, as tensors on the device: the reward model's features [N, 10] and the
    /// contract's rule signals [N] (kills = death; harms = max(pain, disable); disputed = number of "No Agreement").
    /// </summary>
    public sealed class Actions : IDisposable
    {
        private Actions(Tensor features, Tensor kills, Tensor harms, Tensor deceives, Tensor breaksLaw, Tensor breaksPromise, Tensor disputed)
        {
            Features = features;
            Kills = kills;
            Harms = harms;
            Deceives = deceives;
            BreaksLaw = breaksLaw;
            BreaksPromise = breaksPromise;
            Disputed = disputed;
        }

        public Actions(IReadOnlyList<Scenario> scenarios, bool first, Device device)
        {
            int n = scenarios.Count, k = MoralChoiceData.Rules.Length;
            var features = new float[n * k];
            var kills = new float[n];
            var harms = new float[n];
            var deceives = new float[n];
            var breaksLaw = new float[n];
            var breaksPromise = new float[n];
            var disputed = new float[n];
            for (int i = 0; i < n; i++)
            {
                float[] rules = first ? scenarios[i].Rules1 : scenarios[i].Rules2;
                rules.CopyTo(features, i * k);
                float Rule(string name) => rules[MoralChoiceData.RuleIndex(name)];
                kills[i] = Rule("death");
                harms[i] = Math.Max(Rule("pain"), Rule("disable"));
                deceives[i] = Rule("deceive");
                breaksLaw[i] = Rule("break_law");
                breaksPromise[i] = Rule("break_promise");
                disputed[i] = rules.Count(r => r == 0.5f);
            }
            Features = tensor(features, new long[] { n, k }, device: device).DetachFromDisposeScope();
            Kills = tensor(kills, device: device).DetachFromDisposeScope();
            Harms = tensor(harms, device: device).DetachFromDisposeScope();
            Deceives = tensor(deceives, device: device).DetachFromDisposeScope();
            BreaksLaw = tensor(breaksLaw, device: device).DetachFromDisposeScope();
            BreaksPromise = tensor(breaksPromise, device: device).DetachFromDisposeScope();
            Disputed = tensor(disputed, device: device).DetachFromDisposeScope();
        }

        public Tensor Features { get; }
        public Tensor Kills { get; }
        public Tensor Harms { get; }
        public Tensor Deceives { get; }
        public Tensor BreaksLaw { get; }
        public Tensor BreaksPromise { get; }
        public Tensor Disputed { get; }

        /// <summary>The contract's batch for these actions with the reward model's scores <paramref name="rm"/>.</summary>
        public Moral.TensorBatch Batch(Tensor rm) => new()
        {
            Rm = rm,
            Kills = Kills,
            Harms = Harms,
            Deceives = Deceives,
            BreaksLaw = BreaksLaw,
            BreaksPromise = BreaksPromise,
            Disputed = Disputed,
        };

        /// <summary>The actions at <paramref name="index"/> (int64, on the same device); the caller disposes them.</summary>
        public Actions Select(Tensor index) => new(
            Features.index_select(0, index), Kills.index_select(0, index), Harms.index_select(0, index), Deceives.index_select(0, index),
            BreaksLaw.index_select(0, index), BreaksPromise.index_select(0, index), Disputed.index_select(0, index));

        public void Dispose()
        {
            Features.Dispose();
            Kills.Dispose();
            Harms.Dispose();
            Deceives.Dispose();
            BreaksLaw.Dispose();
            BreaksPromise.Dispose();
            Disputed.Dispose();
        }
    }
}
