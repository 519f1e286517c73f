using System.IO;

namespace ContractDsl.EndToEnd.Tests
{
    /// <summary>
    /// The packages as a user gets them: a fresh console project outside the repository, a nuget.config naming the local
    /// feed, one <c>PackageReference</c> (two more for the torch path), a <c>.contract</c> file dropped into the project and
    /// nothing else; then <c>dotnet build</c> and <c>dotnet run</c> as processes.
    /// </summary>
    [Collection(PackageFeedCollection.Name)]
    public class PackageTests
    {
        private readonly PackageFeed _feed;

        public PackageTests(PackageFeed feed) => _feed = feed;

        private const string GentleContract = """
            /// Rewards a good score; penalises toxic replies.
            contract Gentle {
              signal score : real in [-1, 1] "reward-model score";
              signal toxic : flag "the reply is toxic";
              reward score;
              norm no_toxic "No toxic content." when toxic penalize 2;
            }

            """;

        [Fact]
        public void One_package_reference_compiles_the_projects_contracts_into_a_module_that_runs()
        {
            const string program = """
                using ContractDsl.Runtime;
                using CpuConsumer;
                var module = new Gentle();
                var batch = new Gentle.Batch(2) { Score = new[] { 0.5f, 3f }, Toxic = new[] { false, true } };
                var outputs = new RewardOutputs(2, Gentle.NormCount);
                module.Evaluate(batch, outputs.AsSpans());
                Console.WriteLine($"totals {outputs.Total[0]} {outputs.Total[1]} reasons {outputs.Reasons[1]}");
                """;
            // The contract sits in a subfolder: every **/*.contract of the project is compiled, with no AdditionalFiles item.
            string dir = _feed.CreateCpuConsumer("CpuConsumer", new Dictionary<string, string>
            {
                ["contracts/gentle.contract"] = GentleContract,
                ["Program.cs"] = program,
            });
            var (exit, output) = Repository.Run("dotnet", "run -nologo", dir);
            Assert.True(exit == 0, output);
            Assert.Contains("totals 0.5 -1 reasons OutOfDomain", output);

            // The CPU path needs no torch: no TorchSharp assembly and no libtorch in the output folder.
            var torchFiles = Directory.EnumerateFiles(Path.Combine(dir, "bin"), "*", SearchOption.AllDirectories)
                .Where(f => Path.GetFileName(f).Contains("torch", StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.True(torchFiles.Count == 0, "torch files: " + string.Join(", ", torchFiles));
        }

        [Fact]
        public void A_mistake_in_a_contract_is_a_located_diagnostic_with_an_absolute_help_link_to_the_packaged_page()
        {
            string dir = _feed.CreateCpuConsumer("BrokenConsumer", new Dictionary<string, string>
            {
                ["typo.contract"] = "contract Typo {\n  signal toxicity : prob \"P(toxic)\";\n  reward 0;\n  norm n \"r\" when toxicty > 0.5 penalize 1;\n}\n",
                ["Program.cs"] = "Console.WriteLine(new BrokenConsumer.Typo() is not null);\n",
            });
            var (exit, output) = Repository.Run("dotnet", "build -nologo -v:q", dir);
            Assert.NotEqual(0, exit);
            string expected = Path.Combine(dir, "typo.contract") + "(4,19): error CDSL1001: unknown name `toxicty`; did you mean `toxicity`?";
            string line = Assert.Single(output.Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith(expected, StringComparison.Ordinal)).Distinct());
            Assert.DoesNotContain("error CS", output); // the module's shape was emitted: the C# that uses it compiled

            // MSBuild prints the help link after the message: a file: URI of the page inside the extracted package.
            string link = line.Substring(line.LastIndexOf("(file:", StringComparison.Ordinal) + 1).Split(')')[0];
            var uri = new Uri(link);
            Assert.True(uri.IsFile && Path.IsPathRooted(uri.LocalPath), link);
            Assert.EndsWith(Path.Combine("docs", "diagnostics", "CDSL1001.md"), uri.LocalPath);
            Assert.Contains(_feed.Version.ToLowerInvariant(), uri.LocalPath);
            Assert.True(File.Exists(uri.LocalPath), uri.LocalPath);
            Assert.Contains("CDSL1001", File.ReadAllText(uri.LocalPath));
        }

        [Fact]
        public void A_hosted_help_link_base_replaces_the_packaged_pages()
        {
            string dir = _feed.CreateCpuConsumer("HostedLinks", new Dictionary<string, string>
            {
                ["typo.contract"] = "contract Typo {\n  signal toxicity : prob \"P(toxic)\";\n  reward 0;\n  norm n \"r\" when toxicty > 0.5 penalize 1;\n}\n",
                ["Program.cs"] = "Console.WriteLine();\n",
            });
            var (_, output) = Repository.Run("dotnet", "build -nologo -v:q -p:ContractDslHelpLinkBase=https://docs.example.org/cdsl/", dir);
            Assert.Contains("error CDSL1001: unknown name `toxicty`; did you mean `toxicity`? (https://docs.example.org/cdsl/CDSL1001.md)", output);
        }

        [Fact]
        public void The_torch_package_with_a_libtorch_backend_gives_every_module_its_differentiable_tensor_overload()
        {
            const string program = """
                using TorchConsumer;
                using static TorchSharp.torch;

                using var scope = NewDisposeScope();
                var score = tensor(new[] { 0.5f, 3f }, requires_grad: true);
                var result = new Gentle().Evaluate(new Gentle.TensorBatch { Score = score, Toxic = tensor(new[] { false, true }) });
                result.Total.sum().backward();
                Console.WriteLine($"totals {result.Total[0].item<float>()} {result.Total[1].item<float>()} grad {score.grad![0].item<float>()} {score.grad![1].item<float>()}");
                """;
            // ContractDsl.Torch brings ContractDsl (generator, build files, CPU runtime) with it; the backend is the user's choice.
            string dir = _feed.CreateConsumer("TorchConsumer",
                new[] { ("ContractDsl.Torch", _feed.Version), ("TorchSharp-cpu", "0.107.0") },
                new Dictionary<string, string> { ["gentle.contract"] = GentleContract, ["Program.cs"] = program });
            var (exit, output) = Repository.Run("dotnet", "run -nologo", dir, timeoutSeconds: 600);
            Assert.True(exit == 0, output);
            // Sample 1's score 3 is clamped to the domain [-1, 1]: its gradient is zero there.
            Assert.Contains("totals 0.5 -1 grad 1 0", output);
        }
    }
}
