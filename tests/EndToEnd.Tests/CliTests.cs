using System.IO;
using ContractDsl.Cli;

namespace ContractDsl.EndToEnd.Tests
{
    public class CliTests : IDisposable
    {
        private readonly string _directory = Directory.CreateTempSubdirectory("cdsl-cli-").FullName;

        public void Dispose() => Directory.Delete(_directory, recursive: true);

        private (int Exit, string Output, string Error) Run(params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            int exit = CommandLine.Run(args, output, error);
            return (exit, output.ToString(), error.ToString());
        }

        [Fact]
        public void Check_prints_located_diagnostics_and_fails_on_errors()
        {
            string file = Path.Combine(_directory, "typo.contract");
            File.WriteAllText(file, "contract T {\n  signal toxicity : prob;\n  reward 0;\n  norm n \"r\" when toxicty > 0.5 penalize 1;\n}\n");
            var (exit, output, _) = Run("check", file);
            Assert.Equal(1, exit);
            Assert.Contains($"{file}(4,19): error CDSL1001: unknown name `toxicty`", output);
        }

        [Fact]
        public void Check_passes_the_quickstart_contract()
        {
            var (exit, output, _) = Run("check", Path.Combine(Repository.Root, "examples", "Quickstart", "xstest.contract"));
            Assert.True(exit == 0, output);
        }

        [Fact]
        public void Card_writes_one_markdown_card_per_contract()
        {
            var (exit, output, _) = Run("card", Path.Combine(Repository.Root, "examples", "Quickstart", "xstest.contract"), "--out", _directory);
            Assert.Equal(0, exit);
            string card = File.ReadAllText(Path.Combine(_directory, "XsTest.card.md"));
            Assert.StartsWith("# Contract card: XsTest", card);
            Assert.Contains("`needless_refusal`", card);
            Assert.Contains(Path.Combine(_directory, "XsTest.card.md"), output);
        }

        [Fact]
        public void Bad_arguments_print_usage()
        {
            var (exit, _, error) = Run("frobnicate");
            Assert.Equal(2, exit);
            Assert.Contains("usage: cdsl", error);
        }
    }
}
