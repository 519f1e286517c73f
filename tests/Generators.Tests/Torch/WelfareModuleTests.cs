using System.Reflection;
using ContractDsl.Evaluation;
using ContractDsl.Generators.Tests.Harness;

namespace ContractDsl.Generators.Tests.Torch
{
    /// <summary>
    /// The welfare a contract declares, computed three ways on one batch — the reference interpreter's totals with the
    /// definitional formulas (ContractDsl.Evaluation.WelfareReference), the generated CPU module's <c>Welfare</c>, and
    /// the generated torch part's <c>Welfare</c> — agreeing to 1e-5 relative, for every rule; and the disagreement
    /// point defaulting to the analysed lower bound of the total.
    /// </summary>
    public class WelfareModuleTests
    {
        private static string Contract(string rule) => $$"""
            contract Fair {
              signal helpful : prob;
              signal toxicity : prob;
              signal region : category { EU, US, MENA, Other };
              reward helpful;
              norm toxic "No toxic replies." when toxicity >= 0.5 penalize 2 * toxicity;
              norm mena concern culture "Care in MENA." in region == MENA when helpful < 0.3 penalize 0.5;
              welfare {{rule.Split(';')[0]}} over region weights { EU: 2, MENA: 0.5 }{{(rule.Contains(';') ? " " + rule.Split(';')[1] : "")}};
            }
            """;

        public static IEnumerable<object[]> Rules() => new[]
        {
            new object[] { "utilitarian" },
            new object[] { "nash" },
            new object[] { "maximin;temperature 0.3" },
            new object[] { "power 2" },
            new object[] { "power 0.5;from -3" },
        };

        private const string Driver = """
            using System;
            using Tensor = global::TorchSharp.torch.Tensor;
            public static class WelfareDriver
            {
                public static double Cpu(float[] helpful, float[] toxicity, int[] region, float[] weights, float[] totals)
                {
                    int n = helpful.Length;
                    var module = new Consumer.App.Fair();
                    var groups = System.Runtime.InteropServices.MemoryMarshal.Cast<int, Consumer.App.Fair.Region>(region);
                    var batch = new Consumer.App.Fair.Batch(n) { Helpful = helpful, Toxicity = toxicity, Region = groups };
                    var outputs = new ContractDsl.Runtime.RewardOutputs(n, Consumer.App.Fair.NormCount);
                    module.Evaluate(batch, outputs.AsSpans());
                    outputs.Total.CopyTo(totals);
                    return Consumer.App.Fair.Welfare(groups, outputs.Total, outputs.Reasons, weights);
                }

                public static Tensor[] Torch(Tensor helpful, Tensor toxicity, Tensor region)
                {
                    var module = new Consumer.App.Fair();
                    var batch = new Consumer.App.Fair.TensorBatch { Helpful = helpful, Toxicity = toxicity, Region = region };
                    using var result = module.Evaluate(batch);
                    var (weights, value) = Consumer.App.Fair.Welfare(region, result);
                    return new[] { weights, value };
                }

                public static double DisagreementPoint => Consumer.App.Fair.WelfareRule.DisagreementPoint;
            }
            """;

        [Theory]
        [MemberData(nameof(Rules))]
        public void Interpreter_cpu_module_and_torch_path_agree(string rule)
        {
            string text = Contract(rule);
            var (ir, _, assembly) = ModuleCompiler.CompileAndLoad(text, "fair.contract", "Consumer.App", _ => Driver);
            var driver = assembly.GetType("WelfareDriver")!;

            const int n = 257;
            var random = new Random(rule.Length);
            var helpful = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
            var toxicity = Enumerable.Range(0, n).Select(_ => (float)random.NextDouble()).ToArray();
            // region Other (3) never occurs; a few samples carry an unknown code and are invalid
            var region = Enumerable.Range(0, n).Select(i => i % 37 == 0 ? 9 : random.Next(3)).ToArray();
            var cpuWeights = new float[n];
            var totals = new float[n];
            double cpuValue = (double)Invoke(driver.GetMethod("Cpu")!, helpful, toxicity, region, cpuWeights, totals);
            double d = (double)driver.GetProperty("DisagreementPoint")!.GetValue(null)!;
            float[] torchWeights;
            double torchValue;
            using (var scope = TorchSharp.torch.NewDisposeScope())
            {
                var r = (TorchSharp.torch.Tensor[])Invoke(driver.GetMethod("Torch")!,
                    TorchSharp.torch.tensor(helpful), TorchSharp.torch.tensor(toxicity), TorchSharp.torch.tensor(region.Select(x => (long)x).ToArray()));
                torchWeights = r[0].data<float>().ToArray();
                torchValue = r[1].item<double>();
            }

            // The reference: the interpreter's totals and the brief's formulas, written independently of the runtime.
            var contract = ir.Contract;
            var interpreter = new ContractInterpreter(contract);
            var samples = Enumerable.Range(0, n).Select(i =>
            {
                var sample = Sample.Neutral(contract).With(contract, "helpful", helpful[i]).With(contract, "toxicity", toxicity[i]);
                sample.Codes[contract.Signals.Single(s => s.Name == "region").Index] = region[i];
                var r = interpreter.Evaluate(sample);
                Assert.Equal(r.Total, totals[i]); // the CPU module and the interpreter agree bit for bit
                return new WelfareSample(region[i], r.Total, !r.Invalid);
            }).ToList();
            var referenceRule = WelfareReferenceRule.FromBound(contract.Welfare!, ir.TotalLow);
            if (rule.StartsWith("nash", StringComparison.Ordinal) || rule.StartsWith("power", StringComparison.Ordinal))
            {
                // the default disagreement point is the analysed lower bound of the total: helpful ≥ 0, toxic ≥ −2, mena −0.5
                Assert.Equal(rule.Contains("from") ? -3 : -2.5, d);
                Assert.Equal(referenceRule.DisagreementPoint, d);
            }
            double expected = WelfareReference.Value(referenceRule, samples);
            double[] expectedWeights = WelfareReference.Weights(referenceRule, samples);

            Assert.True(Math.Abs(cpuValue - expected) <= 1e-5 * Math.Max(1, Math.Abs(expected)), $"{rule}: cpu value {cpuValue} vs reference {expected}");
            Assert.True(Math.Abs(torchValue - expected) <= 1e-5 * Math.Max(1, Math.Abs(expected)), $"{rule}: torch value {torchValue} vs reference {expected}");
            for (int i = 0; i < n; i++)
            {
                Assert.True(Math.Abs(cpuWeights[i] - expectedWeights[i]) <= 1e-5 * Math.Max(1, expectedWeights[i]), $"{rule}: cpu weight {i}");
                Assert.True(Math.Abs(torchWeights[i] - expectedWeights[i]) <= 1e-5 * Math.Max(1, expectedWeights[i]), $"{rule}: torch weight {i}");
            }
            Assert.Equal(n - region.Count(r => r == 9), expectedWeights.Sum(), tolerance: 1e-6);
        }

        private static object Invoke(MethodInfo method, params object[] arguments)
        {
            try
            {
                return method.Invoke(null, arguments)!;
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        }
    }
}
