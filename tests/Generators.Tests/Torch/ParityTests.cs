using System.Globalization;
using System.IO;
using ContractDsl.Runtime;

namespace ContractDsl.Generators.Tests.Torch
{
    /// <summary>
    /// The generated torch path (CPU libtorch; CONTRACTDSL_TORCH_TEST_DEVICE=cuda on a GPU) against the fused CPU kernel on random batches with every kind of hard
    /// input: totals, bases, contributions and uncertainty agree to 1e-5 relative (1e-6 absolute floor), reasons and
    /// activity exactly. Strict mode names the same sample and signal.
    /// </summary>
    [Collection(TorchCollection.Name)]
    public sealed class ParityTests : TorchTestBase
    {
        /// <summary>Exercises what the two test contracts do not: every function, division, params inside amounts,
        /// host-only lets, guards on lets and on ensemble min/max, or/not, category sets and !=, unbounded signals, open counts.</summary>
        public const string Functions = @"
contract Functions {
  signal a : real                       ""unbounded"";
  signal b : real in [0.5, 8]           ""bounded away from 0"";
  signal p : prob;
  signal k : count                      ""open count"";
  signal h : real[4] in [-3, 3]         ""heads"";
  signal c : category { Red, Green, Blue, Grey };
  signal f : flag;
  signal g : flag;

  param scale = 1.5 in [0, 4];
  param offset = -0.25 in [-1, 1];

  let host_only = scale * 2 + offset;
  let smooth = tanh(a / 4) + sigmoid(b - 2) * exp(-p);
  let spread = h.max - h.min;
  reward smooth + log(b) * scale - abs(h.mean) / b + min(a, 3) - max(p, 0.25) + clamp(a, -2, host_only) + h.var;

  norm big_spread ""Heads far apart cost."" when spread > 2 penalize spread * scale cap 5;
  norm many concern volume ""Many items cost."" in c in { Red, Blue } when k >= 10 penalize log(k) * 0.5;
  norm fine concern volume ""Other colours are fine."" in c != Red and c != Blue allow;
  norm flagged ""Flag and high p."" when (f or g) and not p < 0.7 penalize p * host_only;
  norm low_a ""Low a is rewarded a little."" when a <= -1 reward clamp(-a, 0, 2) / 2;
  norm top ""Max head at the top."" when h.max >= 3 reward 1;
  norm smooth_bonus ""Smooth is rewarded."" when smooth > 1 reward smooth - 1 cap 0.5;
  norm scaled ""A param-only amount."" when g penalize scale * 0.5;

  prefer flagged over low_a;
  prefer big_spread over top;

  uncertain when h.min < -2.5 ""a head is very negative"";
  uncertain 0.4 when host_only > 100 ""never: host-only guard"";
  uncertain 0.7 when conflict;
  uncertain 0.2 when gap;
}";

        public static IEnumerable<object[]> Contracts() => new[]
        {
            new object[] { "assistant.contract" },
            new object[] { "semantics.contract" },
            new object[] { "functions" },
            new object[] { "bench" },
        };

        internal static string Text(string name) => name switch
        {
            "functions" => Functions,
            "bench" => File.ReadAllText(Path.Combine(TestData.RepositoryRoot, "bench", "contracts", "bench.contract")),
            _ => TestData.Read(name),
        };

        private static readonly Dictionary<string, TorchModule> Modules = new();

        internal static TorchModule Module(string name)
        {
            lock (Modules)
            {
                if (!Modules.TryGetValue(name, out var module))
                    Modules[name] = module = TorchModule.Compile(Text(name), name.EndsWith(".contract", StringComparison.Ordinal) ? name : name + ".contract");
                return module;
            }
        }

        [Theory]
        [MemberData(nameof(Contracts))]
        public void Torch_path_agrees_with_the_cpu_kernel_on_random_batches(string name)
        {
            var module = Module(name);
            foreach (int seed in new[] { 1, 2, 3 })
            {
                const int count = 4000;
                var columns = RandomBatch.Create(module.Contract, count, seed);
                var cpu = module.EvaluateCpu(count, columns);
                var torch = module.EvaluateTorch(count, columns, device: ParityDevice);
                var problems = Parity.Differences(cpu, torch, count, module.NormCount, i => Describe(module, columns, i));
                Assert.True(problems.Count == 0, $"{name}, seed {seed}:\n" + string.Join("\n", problems));

                // The batch really covers the hard cases.
                Assert.Contains(cpu.Reasons.ToArray(), r => (r & RewardReasons.Invalid) != 0);
                Assert.Contains(cpu.Reasons.ToArray(), r => r == RewardReasons.OutOfDomain);
                int valid = cpu.Reasons.ToArray().Count(r => (r & RewardReasons.Invalid) == 0);
                Assert.True(valid > count / 2, $"only {valid} valid samples");
            }
        }

        [Theory]
        [MemberData(nameof(Contracts))]
        public void Parity_holds_for_non_default_params(string name)
        {
            var module = Module(name);
            var parameters = module.Contract.Params.ToDictionary(p => p.Name, p => p.Low + (p.High - p.Low) * 0.8);
            const int count = 2000;
            var columns = RandomBatch.Create(module.Contract, count, 11);
            var cpu = module.EvaluateCpu(count, columns, parameters: parameters);
            var torch = module.EvaluateTorch(count, columns, parameters: parameters, device: ParityDevice);
            var problems = Parity.Differences(cpu, torch, count, module.NormCount, i => Describe(module, columns, i));
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }

        [Theory]
        [MemberData(nameof(Contracts))]
        public void Strict_mode_names_the_same_sample_and_signal(string name)
        {
            var module = Module(name);
            foreach (int seed in new[] { 5, 6, 7 })
            {
                const int count = 300;
                var columns = RandomBatch.Create(module.Contract, count, seed);
                var cpu = Assert.Throws<ContractDomainException>(() => module.EvaluateCpu(count, columns, DomainPolicy.Strict));
                var torch = Assert.Throws<ContractDomainException>(() => module.EvaluateTorch(count, columns, DomainPolicy.Strict, device: ParityDevice));
                Assert.Equal(cpu.SampleIndex, torch.SampleIndex);
                Assert.Equal(cpu.Signal, torch.Signal);
                Assert.Equal(cpu.Value, torch.Value);
                Assert.Equal(cpu.Message, torch.Message);
            }
        }

        [Fact]
        public void Strict_mode_accepts_an_in_domain_batch()
        {
            var module = Module("semantics.contract");
            var columns = new Dictionary<string, Array>
            {
                ["x"] = new[] { 1f, -10f, 10f },
                ["e"] = new[] { 0f, 1f, 6f, 3f, 3f, 3f, 0f, 0f, 0f },
                ["n"] = new[] { 0f, 11f, 100f },
                ["g"] = new[] { 0, 1, 2 },
                ["f"] = new[] { true, false, true },
            };
            var cpu = module.EvaluateCpu(3, columns, DomainPolicy.Strict);
            var torch = module.EvaluateTorch(3, columns, DomainPolicy.Strict, device: ParityDevice);
            Assert.Empty(Parity.Differences(cpu, torch, 3, module.NormCount, i => i.ToString(CultureInfo.InvariantCulture)));
        }

        private static string Describe(TorchModule module, Dictionary<string, Array> columns, int i) =>
            string.Join(", ", module.Contract.Signals.Select(s =>
            {
                var column = columns[s.Name];
                if (s.Kind == Binding.SignalKind.Ensemble)
                {
                    var v = (float[])column;
                    return s.Name + "=[" + string.Join(" ", Enumerable.Range(0, s.EnsembleSize).Select(m => v[i * s.EnsembleSize + m].ToString("R", CultureInfo.InvariantCulture))) + "]";
                }
                return s.Name + "=" + Convert.ToString(column.GetValue(i), CultureInfo.InvariantCulture);
            }));
    }
}
