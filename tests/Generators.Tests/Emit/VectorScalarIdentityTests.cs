using ContractDsl.Binding;
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
        private static readonly float[] Specials = { float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, 0f, 1e-30f, -1e30f, 0.5f, 2.5f, 3.5f };

        private static Dictionary<string, Array> RandomColumns(BoundContract contract, int n, Random random, bool specials)
        {
            float Value(BoundSignal s)
            {
                if (specials && random.Next(12) == 0) return Specials[random.Next(Specials.Length)];
                double lo = double.IsInfinity(s.Low) ? -20 : s.Low - 2, hi = double.IsInfinity(s.High) ? 20 : s.High + 2;
                double v = lo + random.NextDouble() * (hi - lo);
                return s.Kind == SignalKind.Count && random.Next(3) > 0 ? (float)Math.Round(v) : (float)v;
            }
            var columns = new Dictionary<string, Array>();
            foreach (var s in contract.Signals)
            {
                columns[s.Name] = s.Kind switch
                {
                    SignalKind.Flag => Enumerable.Range(0, n).Select(_ => random.Next(2) == 0).ToArray(),
                    SignalKind.Category => Enumerable.Range(0, n).Select(_ => specials && random.Next(15) == 0 ? s.Categories.Length + 1 : random.Next(s.Categories.Length)).ToArray(),
                    SignalKind.Ensemble => Enumerable.Range(0, n * s.EnsembleSize).Select(_ => Value(s)).ToArray(),
                    _ => Enumerable.Range(0, n).Select(_ => Value(s)).ToArray(),
                };
            }
            return columns;
        }

        private static Dictionary<string, Array> Row(BoundContract contract, Dictionary<string, Array> columns, int i)
        {
            var row = new Dictionary<string, Array>();
            foreach (var s in contract.Signals)
            {
                int width = s.Kind == SignalKind.Ensemble ? s.EnsembleSize : 1;
                var source = columns[s.Name];
                var target = Array.CreateInstance(source.GetType().GetElementType()!, width);
                Array.Copy(source, i * width, target, 0, width);
                row[s.Name] = target;
            }
            return row;
        }

        [Theory]
        [InlineData("assistant.contract")]
        [InlineData("semantics.contract")]
        [InlineData("functions.contract")]
        public void Every_sample_gets_the_same_bits_from_the_vector_and_the_scalar_kernel(string file)
        {
            var text = TestData.Read(file);
            var module = CompiledModule.Compile(text, file);
            var contract = ContractCompiler.Compile(file, text).Modules.Single().Contract;
            var random = new Random(file.Length * 7919);
            const int n = 203; // whole vectors plus a scalar tail on any vector width
            var columns = RandomColumns(contract, n, random, specials: true);
            var batch = module.Evaluate(n, columns);
            for (int i = 0; i < n; i++)
            {
                var alone = module.Evaluate(1, Row(contract, columns, i));
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
