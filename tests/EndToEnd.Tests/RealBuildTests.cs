using System.IO;

namespace ContractDsl.EndToEnd.Tests
{
    /// <summary>
    /// A real <c>dotnet build</c> of a consumer project that references the packed ContractDsl package (see
    /// <see cref="PackageFeed"/>). This is what proves that Sprache and ContractDsl load inside the compiler, not only
    /// in-process tests, and that every mistake reaches the user.
    /// </summary>
    [Collection(PackageFeedCollection.Name)]
    public class RealBuildTests
    {
        private readonly PackageFeed _feed;

        public RealBuildTests(PackageFeed feed) => _feed = feed;

        private string CreateProject(string contractName, string contract, string program, string? globalconfig = null)
        {
            var files = new Dictionary<string, string> { [contractName] = contract, ["Program.cs"] = program };
            if (globalconfig != null) files[".globalconfig"] = globalconfig;
            return _feed.CreateCpuConsumer("Consumer", files);
        }

        private const string TypoContract = "contract Typo {\n  signal toxicity : prob \"P(toxic)\";\n  reward 0;\n  norm no_toxicity \"No toxic content.\"\n    when toxicty >= 0.5\n    penalize 1;\n}\n";

        [Fact]
        public void A_typo_in_a_contract_fails_the_build_with_a_located_CDSL1001()
        {
            var dir = CreateProject("typo.contract", TypoContract, "System.Console.WriteLine(\"unreachable\");\n");
            var (exit, output) = Repository.Run("dotnet", "build -nologo -v:q", dir);
            Assert.NotEqual(0, exit);
            Assert.Contains("typo.contract(5,10): error CDSL1001: unknown name `toxicty`; did you mean `toxicity`?", output);
        }

        // Roslyn applies .editorconfig *section* options per C# file; diagnostics located in a .contract file see
        // the global options, so severities are set in a .globalconfig (same key). See README, "Diagnostics".
        [Theory]
        [InlineData("warning", "typo.contract(5,10): warning CDSL1001", 0)]
        [InlineData("none", null, 0)]
        [InlineData("error", "typo.contract(5,10): error CDSL1001", 1)]
        public void Severities_follow_the_global_analyzer_config(string severity, string? expected, int expectedExit)
        {
            var dir = CreateProject("typo.contract", TypoContract, "System.Console.WriteLine(\"built\");\n",
                $"is_global = true\ndotnet_diagnostic.CDSL1001.severity = {severity}\n");
            var (exit, output) = Repository.Run("dotnet", "build -nologo -v:q", dir);
            Assert.Equal(expectedExit, exit == 0 ? 0 : 1);
            if (expected is null) Assert.DoesNotContain("CDSL1001", output);
            else Assert.Contains(expected, output);
        }

        /// <summary>One mistake of each kind: syntax, unknown name, a param without bounds, a conflict, a gap.</summary>
        private const string BrokenContract = """
            contract Broken {
              signal toxicity : prob "P(toxic)";
              signal tokens : count in [0, 4096] "reply length"
              signal region : category { EU, US } "where the user is";
              param weight = 2 "penalty weight";
              reward 0;
              norm typo "No toxic content." when toxcity > 0.5 penalize 1;
              norm strict "Careful in the US." in region == US when toxicity > 0.2 penalize 2;
              norm lenient "Helpful in the US." in region == US when toxicity < 0.9 reward 1;
              norm eu_only concern eu "Allowed in the EU." in region == EU allow;
            }

            """;

        [Fact]
        public void Every_mistake_of_a_broken_contract_appears_in_one_build_and_the_csharp_using_it_compiles()
        {
            const string program = """
                var module = new Consumer.Broken();
                // Batch columns are required members: a batch of the signals that parsed.
                var batch = new Consumer.Broken.Batch(0) { Toxicity = new float[0], Region = new Consumer.Broken.Region[0] };
                System.Console.WriteLine(Consumer.Broken.NormCount + module.Params.Weight);
                """;
            var dir = CreateProject("broken.contract", BrokenContract, program);
            var (exit, output) = Repository.Run("dotnet", "build -nologo -v:q", dir);
            Assert.NotEqual(0, exit);
            var lines = output.Split('\n').Select(l => l.Trim()).Where(l => l.Contains(": error ") || l.Contains(": warning ")).Distinct().ToList();
            Assert.Contains(lines, l => l.Contains("broken.contract(4,3): error CDSL0001: expected `;` after the signal declaration"));
            Assert.Contains(lines, l => l.Contains("broken.contract(5,9): error CDSL1007: param `weight` needs bounds"));
            Assert.Contains(lines, l => l.Contains("broken.contract(7,38): error CDSL1001: unknown name `toxcity`; did you mean `toxicity`?"));
            Assert.Contains(lines, l => l.Contains("broken.contract(8,8): warning CDSL3001") && l.Contains("`strict`") && l.Contains("`lenient`"));
            Assert.Contains(lines, l => l.Contains("broken.contract(10,8): warning CDSL2001") && l.Contains("concern `eu`") && l.Contains("region = US"));
            // The module's shape was emitted, so the C# that uses it compiled: the contract's are the only problems.
            Assert.DoesNotContain(lines, l => l.Contains("error CS"));
        }

        private const string IncompleteContract = """
            /// A contract with one gap, one conflict and one reward-hacking lever.
            contract Levers {
              signal region  : category { EU, US, Other } "where the user is";
              signal alcohol : flag                       "the reply mentions alcohol";
              signal tokens  : count in [0, 4096] controlled "reply length";
              signal helpful : prob                       "P(reply is helpful)";

              reward helpful + 0.001 * tokens;

              norm alcohol_eu concern alcohol "Alcohol is an ordinary topic in the EU."
                in region == EU allow;
              norm alcohol_us concern alcohol "Be careful with alcohol in the US."
                in region == US when alcohol penalize 1;

              norm very_helpful "Reward very helpful replies in our markets." in region in { EU, US } when helpful > 0.9 reward 1;
            }

            """;

        [Fact]
        public void A_gap_a_conflict_and_a_lever_are_three_located_warnings_with_witnesses()
        {
            var dir = CreateProject("levers.contract", IncompleteContract, "System.Console.WriteLine(\"built\");\n");
            var (exit, output) = Repository.Run("dotnet", "build -nologo -v:q", dir);
            Assert.True(exit == 0, output); // warnings only: the module is still generated
            var warnings = output.Split('\n').Where(l => l.Contains(": warning CDSL")).Select(l => l.Trim()).Distinct().ToList();
            Assert.Contains(warnings, l => l.Contains("levers.contract(8,10): warning CDSL2003") && l.Contains("`tokens`"));
            Assert.Contains(warnings, l => l.Contains("levers.contract(10,8): warning CDSL2001") && l.Contains("region = Other"));
            Assert.Contains(warnings, l => l.Contains("levers.contract(12,8): warning CDSL3001") && l.Contains("witness: region = US, alcohol = true, helpful = 1"));
            Assert.Equal(3, warnings.Select(l => l.Substring(0, l.IndexOf(": warning", StringComparison.Ordinal) + 18)).Distinct().Count());
        }
    }
}
