using ContractDsl.Generators.Tests.Harness;
using System.Threading.Tasks;
using ContractDsl.Runtime;

namespace ContractDsl.Generators.Tests.Emit
{
    /// <summary>Properties of the fused CPU kernel that training jobs rely on: no allocation, thread safety, determinism.</summary>
    public class KernelPropertiesTests
    {
        private static readonly Lazy<CompiledModule> Module = new(() => CompiledModule.Compile(TestData.Read("assistant.contract"), "assistant.contract"));

        private static Dictionary<string, Array> RandomBatch(int n, int seed)
        {
            var random = new Random(seed);
            float Next(float lo, float hi) => lo + (float)random.NextDouble() * (hi - lo);
            return new Dictionary<string, Array>
            {
                ["helpfulness"] = Enumerable.Range(0, n).Select(_ => Next(-12, 12)).ToArray(),
                ["rm"] = Enumerable.Range(0, n * 4).Select(_ => Next(-11, 11)).ToArray(),
                ["toxicity"] = Enumerable.Range(0, n).Select(_ => Next(-0.1f, 1.1f)).ToArray(),
                ["tokens"] = Enumerable.Range(0, n).Select(_ => (float)random.Next(0, 5000)).ToArray(),
                ["region"] = Enumerable.Range(0, n).Select(_ => random.Next(0, 4)).ToArray(),
                ["alcohol"] = Enumerable.Range(0, n).Select(_ => random.Next(2) == 0).ToArray(),
                ["refused"] = Enumerable.Range(0, n).Select(_ => random.Next(2) == 0).ToArray(),
            };
        }

        [Fact]
        public void Evaluating_into_reused_outputs_allocates_nothing()
        {
            long bytes = Module.Value.AllocatedBytes(4096, RandomBatch(4096, 1), repeats: 50);
            Assert.Equal(0, bytes);
        }

        [Fact]
        public void Concurrent_evaluations_on_one_module_give_the_sequential_results()
        {
            var batches = Enumerable.Range(0, 8).Select(seed => RandomBatch(2000, seed)).ToArray();
            var sequential = batches.Select(b => Module.Value.Evaluate(2000, b).Total.ToArray()).ToArray();
            var parallel = new float[batches.Length][];
            Parallel.For(0, batches.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 },
                k => parallel[k] = Module.Value.Evaluate(2000, batches[k]).Total.ToArray());
            for (int k = 0; k < batches.Length; k++) Assert.Equal(sequential[k], parallel[k]);
        }

        [Fact]
        public void Results_are_deterministic()
        {
            var batch = RandomBatch(1000, 7);
            var a = Module.Value.Evaluate(1000, batch);
            var b = Module.Value.Evaluate(1000, batch);
            Assert.Equal(a.Total.ToArray(), b.Total.ToArray());
            Assert.Equal(a.Reasons.ToArray(), b.Reasons.ToArray());
            Assert.Equal(a.Uncertainty.ToArray(), b.Uncertainty.ToArray());
        }
    }
}
