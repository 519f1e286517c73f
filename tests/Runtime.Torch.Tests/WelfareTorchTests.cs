using TorchSharp;
using static TorchSharp.torch;

namespace ContractDsl.Runtime.Torch.Tests
{
    /// <summary>
    /// Welfare on tensors against the CPU runtime (which is tested against the brief's formulas and the definitional
    /// reference): values, weights and the gradient of the value, for every rule, with group weights, absent groups,
    /// invalid samples and the disagreement point at a realistic lower bound; sharded statistics; and Bradley–Terry's
    /// CPU and torch versions against each other.
    /// </summary>
    public sealed class WelfareTorchTests : TorchTestBase
    {
        private const int Groups = 5;

        private static readonly double[] Lambda = { 2, 1, 0.5, 1, 3 };

        /// <summary>Every rule the brief names; d = −3 is below every total (totals are drawn from [−2.5, 3]).</summary>
        public static IEnumerable<object[]> Rules() => new[]
        {
            new object[] { "utilitarian" },
            new object[] { "nash" },
            new object[] { "maximin 0.2" },
            new object[] { "maximin 1" },
            new object[] { "maximin 5" },
            new object[] { "power 0.5" },
            new object[] { "power 2" },
            new object[] { "power -1" },
        };

        private static WelfareRule Rule(string name) => name.Split(' ') switch
        {
            ["utilitarian"] => WelfareRule.Utilitarian(Groups, Lambda),
            ["nash"] => WelfareRule.Nash(Groups, -3, Lambda),
            ["maximin", var t] => WelfareRule.Maximin(Groups, double.Parse(t, System.Globalization.CultureInfo.InvariantCulture), Lambda),
            ["power", var p] => WelfareRule.Power(Groups, double.Parse(p, System.Globalization.CultureInfo.InvariantCulture), -3, Lambda),
            _ => throw new ArgumentException(name),
        };

        /// <summary>A batch with group 3 absent and about a tenth of the samples invalid (with junk group codes).</summary>
        private static (float[] Totals, int[] Groups, RewardReasons[] Reasons) Batch(int n, int seed)
        {
            var random = new Random(seed);
            var totals = new float[n];
            var groups = new int[n];
            var reasons = new RewardReasons[n];
            for (int i = 0; i < n; i++)
            {
                totals[i] = (float)(-2.5 + 5.5 * random.NextDouble());
                int g = random.Next(Groups - 1);
                groups[i] = g >= 3 ? g + 1 : g; // never group 3
                if (random.Next(10) == 0)
                {
                    reasons[i] = RewardReasons.Invalid | RewardReasons.OutOfDomain;
                    groups[i] = 99;
                }
            }
            return (totals, groups, reasons);
        }

        [Theory]
        [MemberData(nameof(Rules))]
        public void Value_weights_and_gradient_agree_with_the_cpu_runtime(string name)
        {
            var rule = Rule(name);
            var (totals, groups, reasons) = Batch(401, name.Length);
            var cpuWeights = new float[totals.Length];
            double cpuValue = Welfare.Compute(rule, groups, totals, reasons, cpuWeights);
            var statistics = new double[WelfareStatistics.Length(Groups)];
            WelfareStatistics.Accumulate(groups, totals, reasons, statistics);
            var cpuGradient = new double[totals.Length];
            Welfare.Gradient(rule, statistics, groups, reasons, cpuGradient);

            using var scope = NewDisposeScope();
            var t = tensor(totals, requires_grad: true);
            var g = tensor(groups.Select(x => (long)x).ToArray());
            var valid = WelfareTorch.Valid(tensor(reasons.Select(r => (byte)r).ToArray()));
            var stats = WelfareTorch.Statistics(t, g, valid, Groups);
            var value = WelfareTorch.Value(rule, stats);
            var weights = WelfareTorch.Weights(rule, stats, g, valid);

            Assert.Equal(cpuValue, value.ToDouble(), tolerance: 1e-9 * Math.Max(1, Math.Abs(cpuValue)));
            var torchWeights = Host<float>(weights);
            for (int i = 0; i < totals.Length; i++)
                Assert.True(Math.Abs(cpuWeights[i] - torchWeights[i]) <= 1e-5 * Math.Max(1, Math.Abs(cpuWeights[i])), $"{name}: weight {i}: cpu {cpuWeights[i]}, torch {torchWeights[i]}");
            Assert.Equal(totals.Length - reasons.Count(r => r != 0), torchWeights.Sum(), tolerance: 1e-2);
            Assert.False(weights.requires_grad);

            value.backward();
            var gradient = Host<float>(t.grad!);
            for (int i = 0; i < totals.Length; i++)
                Assert.True(Math.Abs(cpuGradient[i] - gradient[i]) <= 1e-5 * Math.Max(1e-3, Math.Abs(cpuGradient[i])), $"{name}: ∂W/∂r_{i}: cpu {cpuGradient[i]}, torch {gradient[i]}");
        }

        [Fact]
        public void Summed_shard_statistics_give_every_shard_the_whole_batch_weights()
        {
            var rule = Rule("maximin 1");
            var (totals, groups, reasons) = Batch(300, 7);
            using var scope = NewDisposeScope();
            var t = tensor(totals);
            var g = tensor(groups.Select(x => (long)x).ToArray());
            var valid = WelfareTorch.Valid(tensor(reasons.Select(r => (byte)r).ToArray()));
            var whole = Host<float>(WelfareTorch.Weights(rule, WelfareTorch.Statistics(t, g, valid, Groups), g, valid));

            // Three shards; the "all-reduce" is the element-wise sum of their statistics.
            var cuts = new[] { 0, 97, 201, 300 };
            var shards = Enumerable.Range(0, 3).Select(k => (Start: cuts[k], Length: cuts[k + 1] - cuts[k])).ToList();
            var reduced = shards
                .Select(s => WelfareTorch.Statistics(t.narrow(0, s.Start, s.Length), g.narrow(0, s.Start, s.Length), valid.narrow(0, s.Start, s.Length), Groups))
                .Aggregate((a, b) => a + b);
            foreach (var s in shards)
            {
                var local = Host<float>(WelfareTorch.Weights(rule, reduced, g.narrow(0, s.Start, s.Length), valid.narrow(0, s.Start, s.Length)));
                for (int i = 0; i < s.Length; i++)
                    Assert.Equal(whole[s.Start + i], local[i], tolerance: 1e-6f);
            }
        }

        [Fact]
        public void A_batch_without_valid_samples_has_no_value_and_zero_weights()
        {
            using var scope = NewDisposeScope();
            var rule = Rule("nash");
            var t = tensor(new[] { 1f, 2f });
            var g = tensor(new[] { 0L, 1L });
            var valid = tensor(new[] { false, false });
            var stats = WelfareTorch.Statistics(t, g, valid, Groups);
            Assert.True(double.IsNaN(WelfareTorch.Value(rule, stats).ToDouble()));
            Assert.Equal(new[] { 0f, 0f }, Host<float>(WelfareTorch.Weights(rule, stats, g, valid)));
        }

        [Fact]
        public void Bradley_Terry_on_the_cpu_and_on_tensors_agree()
        {
            var random = new Random(3);
            var winners = Enumerable.Range(0, 64).Select(_ => (float)(random.NextDouble() * 6 - 3)).ToArray();
            var losers = Enumerable.Range(0, 64).Select(_ => (float)(random.NextDouble() * 6 - 3)).ToArray();
            var margins = Enumerable.Range(0, 64).Select(_ => (float)random.NextDouble() * 0.3f).ToArray();
            var gw = new float[64];
            var gl = new float[64];
            double cpu = BradleyTerry.LossAndGradient(winners, losers, gw, gl, margin: 0.25f, marginPerPair: margins, centering: 0.01f);

            using var scope = NewDisposeScope();
            var rw = tensor(winners, requires_grad: true);
            var rl = tensor(losers, requires_grad: true);
            var loss = BradleyTerryTorch.Loss(rw, rl, margin: 0.25f, marginPerPair: tensor(margins), centering: 0.01f);
            Assert.Equal(cpu, loss.ToSingle(), tolerance: 1e-5 * Math.Max(1, Math.Abs(cpu)));
            loss.backward();
            var tw = Host<float>(rw.grad!);
            var tl = Host<float>(rl.grad!);
            for (int i = 0; i < 64; i++)
            {
                Assert.Equal(gw[i], tw[i], tolerance: 1e-6f);
                Assert.Equal(gl[i], tl[i], tolerance: 1e-6f);
            }
            var probability = Host<float>(BradleyTerryTorch.Probability(rw.detach(), rl.detach()));
            for (int i = 0; i < 64; i++) Assert.Equal(BradleyTerry.Probability(winners[i], losers[i]), probability[i], tolerance: 1e-6f);
        }
    }
}
