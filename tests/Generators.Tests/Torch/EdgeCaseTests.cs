using ContractDsl.Runtime;

namespace ContractDsl.Generators.Tests.Torch
{
    /// <summary>
    /// Contracts at the edges of what the torch emitter handles: no signals, no norms, only flags (nothing can be
    /// invalid), unconditional norms, guards and amounts that depend only on params (host values), open domains,
    /// single-member ensembles, division. Each compiles warning-free and agrees with the CPU kernel.
    /// </summary>
    [Collection(TorchCollection.Name)]
    public sealed class EdgeCaseTests : TorchTestBase
    {
        public static IEnumerable<object[]> Contracts() => new[]
        {
            new object[] { "contract NoSignals { param w = 2 in [0, 5]; reward w * 3; norm always \"Always.\" penalize w; }" },
            new object[] { "contract NoNorms { signal x : real in [0, 1]; reward x * 2; uncertain when x > 0.5; }" },
            new object[] { "contract OnlyFlags { signal a : flag; signal b : flag; reward 1; norm both \"Both.\" when a and b penalize 2; norm either \"Either.\" when a or not b reward 0.5; }" },
            new object[] { @"contract HostGuards {
                signal x : real in [-5, 5];
                param w = 1 in [0, 4];
                let k = w * 2;
                reward x;
                norm host_on ""Host guard on."" when k > 1 penalize k;
                norm host_off ""Host guard off."" when k > 100 and x > 0 reward x;
                norm mixed ""Host and tensor."" when k >= 2 or x < -1 penalize abs(x) / (k + 1);
                uncertain 0.25 when k > 1;
              }" },
            new object[] { @"contract Open {
                signal u : real;
                signal c : count;
                signal e : real[1];
                reward u / 4 + e.mean - e.std + c * 0.01;
                norm big ""Big."" when c > 1000 penalize min(c / 1000, 5);
                norm low_e ""Low e."" when e.min < -3 reward max(-e.min - 3, 0) cap 2;
              }" },
            new object[] { @"contract Categories {
                signal g : category { A, B, C };
                signal h : category { X, Y };
                reward 0;
                norm in_a concern zone ""A."" in g == A penalize 1;
                norm in_b concern zone ""B."" in g in { B } and h != X allow;
                norm y_rule concern other ""Y."" in h == Y reward 1;
                uncertain 0.5 when gap;
                uncertain 0.75 when conflict;
              }" },
        };

        [Theory]
        [MemberData(nameof(Contracts))]
        public void Edge_contracts_compile_warning_free_and_agree_with_the_cpu_kernel(string text)
        {
            var module = TorchModule.Compile(text, "edge.contract");
            foreach (int seed in new[] { 1, 2 })
            {
                const int count = 1000;
                var columns = RandomBatch.Create(module.Contract, count, seed);
                var cpu = module.EvaluateCpu(count, columns);
                var torch = module.EvaluateTorch(count, columns, device: ParityDevice);
                var problems = Parity.Differences(cpu, torch, count, module.NormCount, i => i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Assert.True(problems.Count == 0, string.Join("\n", problems));
                Assert.Equal(count, torch.Total.Length);
            }
        }

        [Fact]
        public void A_contract_without_signals_takes_its_batch_size_from_the_batch()
        {
            var module = TorchModule.Compile((string)Contracts().First()[0], "edge.contract");
            var torch = module.EvaluateTorch(5, new Dictionary<string, Array>());
            Assert.Equal(new[] { 4f, 4f, 4f, 4f, 4f }, torch.Total); // 2 · 3 − 2
            Assert.All(torch.Reasons, r => Assert.Equal(RewardReasons.None, r));
        }
    }
}
