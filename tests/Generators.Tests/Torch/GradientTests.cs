using ContractDsl.Runtime;
using static TorchSharp.torch;

namespace ContractDsl.Generators.Tests.Torch
{
    /// <summary>
    /// Gradients of the generated torch path: d total / d input equals the analytic value, is zero outside clamps
    /// and caps and for inactive norms, and stays finite for valid samples when the batch holds invalid (NaN, ±Inf)
    /// samples or an unused amount is singular (log at 0).
    /// </summary>
    [Collection(TorchCollection.Name)]
    public sealed class GradientTests : TorchTestBase
    {
        private const string Contract = @"
contract Grad {
  signal x : real in [-10, 10];
  signal y : real in [0, 5];
  signal z : real                 ""unbounded: log needs z > 0"";
  signal e : real[2] in [-5, 5];
  signal k : count in [0, 100];

  reward 2 * x + e.mean + 0.5 * k;

  norm capped ""Capped penalty."" when y > 1 penalize 3 * y cap 6;
  norm logged ""Log penalty, singular at 0 where it is inactive."" when z > 0 penalize log(z);
  norm spread ""Disagreement costs."" when e.std > 1 penalize e.std;
}";

        private static readonly Lazy<TorchModule> Module = new(() => TorchModule.Compile(Contract, "grad.contract"));

        private static readonly float[] X = { 1, 12, float.NaN, -3, 2, 0, -11 };
        private static readonly float[] Y = { 0.5f, 1.5f, 1.5f, 3, 1.2f, 1.8f, 1.5f };
        private static readonly float[] Z = { 2, 0, 0.5f, -1, float.PositiveInfinity, 4, 0 };
        private static readonly float[] E = { 1, 1, 3, -1, 0, 0, 2, 1.5f, 1, 1, 6, 0, 0, 3 };
        private static readonly float[] K = { 3, 4, 5, 6, 7, 8.5f, 9 };

        // Analytic d total / d input per sample (0 for the invalid samples 2 and 4).
        private static readonly float[] DX = { 2, 0, 0, 2, 0, 2, 0 };           // 0 outside the clamp (12, -11)
        private static readonly float[] DY = { 0, -3, 0, 0, 0, -3, -3 };        // 0 when inactive (0.5) or capped (3 → 9 > 6)
        private static readonly float[] DZ = { -0.5f, 0, 0, 0, 0, -0.25f, 0 };  // −1/z where z > 0; 0 (not NaN) at z = 0
        private static readonly float[] DE =
        {
            0.5f, 0.5f,   // equal members: std 0, the spread norm inactive, the mean's 1/2 each
            0, 1,         // [3, −1]: std 2 > 1 → 1/2 − sign(a − b)/2
            0, 0,         // invalid sample
            0.5f, 0.5f,   // std 0.25: inactive
            0, 0,         // invalid sample
            0, 1,         // [6 → 5 clamped, 0]: the clamped member gets nothing
            1, 0,         // [0, 3]: std 1.5 > 1
        };
        private static readonly float[] DK = { 0.5f, 0.5f, 0, 0.5f, 0, 0, 0.5f }; // a non-whole count is rounded: no gradient

        private static TorchModule M => Module.Value;

        [Fact]
        public void Gradients_equal_the_analytic_values_and_are_finite()
        {
            using var scope = NewDisposeScope();
            var x = tensor(X, requires_grad: true);
            var y = tensor(Y, requires_grad: true);
            var z = tensor(Z, requires_grad: true);
            var e = tensor(E, new long[] { X.Length, 2 }, requires_grad: true);
            var k = tensor(K, requires_grad: true);
            var r = M.EvaluateTorch(new Dictionary<string, Tensor> { ["x"] = x, ["y"] = y, ["z"] = z, ["e"] = e, ["k"] = k });
            r[0].sum().backward();

            AssertGradient(DX, x.grad!, "x");
            AssertGradient(DY, y.grad!, "y");
            AssertGradient(DZ, z.grad!, "z");
            AssertGradient(DK, k.grad!, "k");
            AssertGradient(DE, e.grad!, "e");

            // The values themselves: invalid samples give 0.
            var total = TorchModule.Host<float>(r[0]);
            Assert.Equal(0f, total[2]);
            Assert.Equal(0f, total[4]);
            Assert.Equal(2f * 1 + 1 + 1.5f - 0 - (float)Math.Log(2), total[0], 5);
        }

        [Fact]
        public void Gradients_of_each_contribution_row_are_zero_where_the_norm_is_inactive()
        {
            using var scope = NewDisposeScope();
            var y = tensor(Y, requires_grad: true);
            var r = M.EvaluateTorch(new Dictionary<string, Tensor>
            {
                ["x"] = tensor(X), ["y"] = y, ["z"] = tensor(Z), ["e"] = tensor(E, new long[] { X.Length, 2 }), ["k"] = tensor(K),
            });
            r[2].select(0, M.Norm("capped")).sum().backward();
            AssertGradient(DY, y.grad!, "y");
        }

        [Fact]
        public void A_batch_of_only_invalid_samples_has_zero_finite_gradients()
        {
            using var scope = NewDisposeScope();
            var x = tensor(new[] { float.NaN, float.NegativeInfinity }, requires_grad: true);
            var z = tensor(new[] { 0f, -1f }, requires_grad: true);
            var r = M.EvaluateTorch(new Dictionary<string, Tensor>
            {
                ["x"] = x, ["y"] = tensor(new[] { 2f, 2f }), ["z"] = z, ["e"] = tensor(new[] { 0f, 0, 0, 0 }, new long[] { 2, 2 }), ["k"] = tensor(new[] { 1f, 1 }),
            });
            r[0].sum().backward();
            Assert.Equal(new[] { 0f, 0f }, TorchModule.Host<float>(x.grad!));
            Assert.Equal(new[] { 0f, 0f }, TorchModule.Host<float>(z.grad!));
            Assert.Equal((byte)(RewardReasons.OutOfDomain | RewardReasons.Invalid), TorchModule.Host<byte>(r[5])[0]);
        }

        [Fact]
        public void No_gradient_is_recorded_under_no_grad()
        {
            using var scope = NewDisposeScope();
            var x = tensor(X, requires_grad: true);
            using (no_grad())
            {
                var r = M.EvaluateTorch(new Dictionary<string, Tensor>
                {
                    ["x"] = x, ["y"] = tensor(Y), ["z"] = tensor(Z), ["e"] = tensor(E, new long[] { X.Length, 2 }), ["k"] = tensor(K),
                });
                Assert.False(r[0].requires_grad);
            }
        }

        private static void AssertGradient(float[] expected, Tensor gradient, string name)
        {
            var actual = TorchModule.Host<float>(gradient);
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++)
            {
                Assert.True(float.IsFinite(actual[i]), $"d total / d {name}[{i}] = {actual[i]} is not finite");
                Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-6, $"d total / d {name}[{i}]: expected {expected[i]}, got {actual[i]}; all: [{string.Join(", ", actual)}]");
            }
        }
    }
}
