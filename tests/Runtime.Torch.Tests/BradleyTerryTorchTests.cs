using TorchSharp;
using static TorchSharp.torch;

namespace ContractDsl.Runtime.Torch.Tests
{
    /// <summary>The Bradley–Terry loss and probability (brief §4 step 8): values and gradients against the formulas.</summary>
    public sealed class BradleyTerryTorchTests : TorchTestBase
    {
        private static readonly float[] Winners = { 1f, 0.2f, -0.5f, 30f };
        private static readonly float[] Losers = { 0.3f, 0.4f, -1f, -30f };

        private static double Softplus(double x) => Math.Log(1 + Math.Exp(x));

        [Fact]
        public void The_loss_is_the_mean_negative_log_likelihood_and_its_gradient_is_exact()
        {
            using var scope = NewDisposeScope();
            var rw = tensor(Winners, requires_grad: true);
            var rl = tensor(Losers, requires_grad: true);
            var loss = BradleyTerryTorch.Loss(rw, rl);
            double expected = Winners.Zip(Losers, (w, l) => Softplus(-(w - l))).Average();
            Assert.Equal(expected, loss.ToSingle(), tolerance: 1e-6);
            loss.backward();
            var gradient = Host<float>(rw.grad!);
            for (int i = 0; i < Winners.Length; i++)
            {
                double d = Winners[i] - Losers[i];
                Assert.Equal(-1 / (1 + Math.Exp(d)) / Winners.Length, gradient[i], tolerance: 1e-6); // d/dr_w softplus(−d) / n
            }
            Assert.Equal(Host<float>(rw.grad!).Select(g => -g), Host<float>(rl.grad!));
        }

        [Fact]
        public void Margins_and_centering_enter_as_in_the_brief()
        {
            using var scope = NewDisposeScope();
            var rw = tensor(Winners);
            var rl = tensor(Losers);
            var perPair = tensor(new[] { 0.1f, 0f, 0.2f, 0f });
            var loss = BradleyTerryTorch.Loss(rw, rl, margin: 0.5f, marginPerPair: perPair, centering: 0.01f);
            double[] m = { 0.1, 0, 0.2, 0 };
            double expected = Enumerable.Range(0, 4).Average(i => Softplus(-(Winners[i] - Losers[i] - 0.5 - m[i])))
                              + 0.01 * Enumerable.Range(0, 4).Average(i => Math.Pow(Winners[i] + Losers[i], 2));
            Assert.Equal(expected, loss.ToSingle(), tolerance: 1e-5);
        }

        [Fact]
        public void The_probability_is_the_sigmoid_of_the_difference()
        {
            using var scope = NewDisposeScope();
            var p = Host<float>(BradleyTerryTorch.Probability(tensor(Winners), tensor(Losers)));
            for (int i = 0; i < Winners.Length; i++) Assert.Equal(1 / (1 + Math.Exp(-(Winners[i] - Losers[i]))), p[i], tolerance: 1e-6);
        }

        [Fact]
        public void Only_the_loss_survives()
        {
            using var rw = tensor(Winners, requires_grad: true);
            using var rl = tensor(Losers);
            long baseline = LiveTensors;
            using (var loss = BradleyTerryTorch.Loss(rw, rl, margin: 1f, centering: 0.1f)) Assert.Equal(baseline + 1, LiveTensors);
            Assert.Equal(baseline, LiveTensors);
        }
    }
}
