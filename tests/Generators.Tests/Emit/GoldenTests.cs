using System.IO;
using System.Threading.Tasks;
using ContractDsl.Generators.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace ContractDsl.Generators.Tests.Emit
{
    /// <summary>
    /// The emitted C# of the repository's contracts, compared exactly with the golden files in tests/Generators.Tests/Golden
    /// (reviewed in diffs, as the Regex generator's output tests are). After a deliberate change to the emitters, rewrite
    /// them with <c>CDSL_UPDATE_GOLDEN=1 dotnet test tests/Generators.Tests --filter Golden</c> and review <c>git diff</c>.
    /// The generated code must also compile without a warning.
    /// </summary>
    public class GoldenTests
    {
        public static IEnumerable<object[]> Contracts() => new[]
        {
            new object[] { "examples/Quickstart/xstest.contract", "xstest.XsTest" },
            new object[] { "examples/RewardModelTraining/moral.contract", "moral.Moral" },
            new object[] { "bench/contracts/bench.contract", "bench.Shaping" },
            new object[] { "tests/TestData/assistant.contract", "assistant.Assistant" },
        };

        private static ContractGeneratorTest Test(string path, bool withTorch)
        {
            var test = new ContractGeneratorTest(withTorch) { CompilerDiagnostics = CompilerDiagnostics.Warnings };
            test.TestState.AdditionalFiles.Add((Path.GetFileName(path), File.ReadAllText(Path.Combine(TestData.RepositoryRoot, path))));
            return test;
        }

        [Theory]
        [MemberData(nameof(Contracts))]
        public async Task A_torch_consumer_gets_the_golden_cpu_module_and_torch_part(string path, string stem)
        {
            var test = Test(path, withTorch: true);
            Golden.ExpectSources(test, withTorch: true, "Consumer.App", $"{stem}.Contract.g.cs", $"{stem}.Torch.g.cs");
            await test.RunAsync();
        }

        [Fact]
        public async Task A_consumer_without_the_torch_runtime_gets_the_golden_cpu_module_only()
        {
            var test = Test("examples/Quickstart/xstest.contract", withTorch: false);
            Golden.ExpectSources(test, withTorch: false, "Consumer.App", "xstest.XsTest.Contract.g.cs");
            await test.RunAsync();
        }

        /// <summary>
        /// A contract with an error still gives C# its module's shape (the members throw <c>ContractHasErrorsException</c>),
        /// so the only errors a user sees are the contract's; the generator reports them (the compiler runs no analyzer on a
        /// compilation with errors), located in the contract, and the analyzer does not report them a second time.
        /// </summary>
        [Fact]
        public async Task A_contract_with_errors_gets_its_golden_shape_and_only_its_own_diagnostics()
        {
            var test = new ContractAnalyzerTest(withTorch: true, rootNamespace: "Consumer.App");
            test.TestState.AdditionalFiles.Add(("typo.contract", """
                contract Typo {
                  signal toxicity : prob;
                  signal tokens : count in [0, 4096];
                  reward 0;
                  norm n "r" when {|#0:toxicty|} > 0.5 penalize tokens;
                }

                """));
            test.TestState.Sources.Add("class UsesTheModule { Consumer.App.Typo Module = new(); int Norms = Consumer.App.Typo.NormCount; }");
            test.ExpectedDiagnostics.Add(new DiagnosticResult("CDSL1001", DiagnosticSeverity.Error).WithLocation(0)
                .WithMessage("unknown name `toxicty`; did you mean `toxicity`?"));
            Golden.ExpectSources(test, withTorch: true, "Consumer.App", "typo.Typo.Contract.g.cs");
            await test.RunAsync();
        }
    }
}
