using ContractDsl.Generators.Tests.Harness;
using ContractDsl.Runtime;

namespace ContractDsl.Generators.Tests.Emit
{
    /// <summary>
    /// The vectorised kernel handles whole vectors of samples and the scalar kernel the rest (and every sample
    /// of a batch shorter than a vector). A sample's outputs must not depend on which one ran it: they are
    /// compared bit for bit with the same sample evaluated alone.
    /// </summary>
    public class VectorScalarIdentityTests
    {
        [Theory]
        [InlineData("assistant.contract")]
        [InlineData("semantics.contract")]
        [InlineData("functions.contract")]
        [InlineData("calls.contract")]
        public void Every_sample_gets_the_same_bits_from_the_vector_and_the_scalar_kernel(string file)
        {
            var text = TestData.Read(file);
            var module = CompiledModule.Compile(text, file);
            var contract = ContractCompiler.Compile(file, text).Modules.Single().Contract;
            var random = new Random(file.Length * 7919);
            const int n = 203; // whole vectors plus a scalar tail on any vector width
            var columns = RandomBatches.Columns(contract, n, random, specials: true);
            var batch = module.Evaluate(n, columns);
            for (int i = 0; i < n; i++)
            {
                var alone = module.Evaluate(1, RandomBatches.Row(contract, columns, i));
                string at = $"{file} sample {i}";
                Assert.True(Bits(batch.Total[i]) == Bits(alone.Total[0]), $"{at}: total {batch.Total[i]} vs {alone.Total[0]}");
                Assert.True(Bits(batch.Base[i]) == Bits(alone.Base[0]), $"{at}: base {batch.Base[i]} vs {alone.Base[0]}");
                Assert.True(Bits(batch.Uncertainty[i]) == Bits(alone.Uncertainty[0]), $"{at}: uncertainty");
                Assert.True(batch.Reasons[i] == alone.Reasons[0], $"{at}: reasons {batch.Reasons[i]} vs {alone.Reasons[0]}");
                for (int k = 0; k < module.NormCount; k++)
                {
                    Assert.True(Bits(batch.Contribution(k)[i]) == Bits(alone.Contribution(k)[0]), $"{at}: norm {k} {batch.Contribution(k)[i]} vs {alone.Contribution(k)[0]}");
                    Assert.True(batch.IsActive(k)[i] == alone.IsActive(k)[0], $"{at}: active {k}");
                }
            }
            Assert.Contains(batch.Reasons.ToArray(), r => r.HasFlag(RewardReasons.Invalid));
            Assert.Contains(batch.Reasons.ToArray(), r => r == RewardReasons.OutOfDomain);
        }

        private static int Bits(float value) => BitConverter.SingleToInt32Bits(value);
    }
}
