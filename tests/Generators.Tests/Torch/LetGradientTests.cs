using static TorchSharp.torch;

namespace ContractDsl.Generators.Tests.Torch
{
    /// <summary>
    /// A let that is singular only where nothing uses it — <c>log z</c> at z = 0 read by a norm that is not in effect
    /// there — must not turn the zero upstream gradient into NaN (0 · ∞). The IR says where each let's gradient is needed
    /// (GradientUse); the torch path recomputes such lets from inputs gated with that mask.
    /// </summary>
    [Collection(TorchCollection.Name)]
    public sealed class LetGradientTests : TorchTestBase
    {
        private const string Contract = @"
contract LetGrad {
  signal z : real in [0, 10]   ""log z is singular at 0"";
  signal w : real in [-5, 5];
  let lz = log(z);
  let scaled = 2 * lz + w;     // a let over a let: inherits where lz's gradient is needed
  let inv = 1 / z;             // singular at 0 too, read by two norms
  reward w;
  norm uses_log ""Reads the let where z > 1 only."" when z > 1 reward lz;
  norm uses_scaled ""Reads the derived let where z > 2."" when z > 2 penalize 0.1 * scaled;
  norm inverse_a ""Reads 1/z where z > 4."" when z > 4 reward inv;
  norm inverse_b ""Reads 1/z where z > 5 and w > 0."" when z > 5 and w > 0 reward inv;
}";

        private static readonly Lazy<TorchModule> Module = new(() => TorchModule.Compile(Contract, "letgrad.contract"));

        [Fact]
        public void Lets_singular_where_no_reader_is_in_effect_give_zero_finite_gradients()
        {
            var m = Module.Value;
            float[] Z = { 0f, 0.5f, 3f, 6f, 0f };
            float[] W = { 1f, 1f, -1f, 2f, -2f };
            using var scope = NewDisposeScope();
            var z = tensor(Z, requires_grad: true);
            var w = tensor(W, requires_grad: true);
            var r = m.EvaluateTorch(new Dictionary<string, Tensor> { ["z"] = z, ["w"] = w });
            r[0].sum().backward();
            var dz = TorchModule.Host<float>(z.grad!);
            var dw = TorchModule.Host<float>(w.grad!);

            // d total / dz, by hand:
            //   z = 0, 0.5: no reader in effect (z ≤ 1) → 0 (not NaN, although log z and 1/z are −∞/∞ or large there)
            //   z = 3: uses_log (+1/z) and uses_scaled (−0.1 · 2/z) → 1/3 − 0.2/3
            //   z = 6, w = 2: uses_log, uses_scaled, inverse_a and inverse_b (each −1/z²) → 1/6 − 0.2/6 − 2/36
            float[] expectedZ = { 0f, 0f, 1f / 3 - 0.2f / 3, 1f / 6 - 0.2f / 6 - 2f / 36, 0f };
            // d total / dw: the base (1) minus 0.1 where uses_scaled is in effect (z > 2)
            float[] expectedW = { 1f, 1f, 0.9f, 0.9f, 1f };
            for (int i = 0; i < Z.Length; i++)
            {
                Assert.True(float.IsFinite(dz[i]), $"dz[{i}] = {dz[i]}");
                Assert.Equal(expectedZ[i], dz[i], 5);
                Assert.Equal(expectedW[i], dw[i], 5);
            }
        }

        [Fact]
        public void The_ir_records_where_each_lets_gradient_is_needed()
        {
            var compiled = ContractCompiler.Compile("letgrad.contract", Contract);
            var kernel = compiled.Modules.Single().Kernel;
            var lets = kernel.Lets.ToDictionary(l => l.Name);
            string Norms(string let) => string.Join(",", lets[let].Gradient.Norms.Select(n => kernel.Norms[n].Name));
            Assert.False(lets["lz"].Gradient.Everywhere);
            Assert.Equal("uses_log,uses_scaled", Norms("lz"));     // directly, and through `scaled`
            Assert.Equal("uses_scaled", Norms("scaled"));
            Assert.Equal("inverse_a,inverse_b", Norms("inv"));
        }
    }
}
