using System.IO;
using System.Text.RegularExpressions;

namespace ContractDsl.Cli.Tests
{
    /// <summary>The README's example contract says what the compiler says about it.</summary>
    public class ReadmeTests : TempDirectoryTest
    {
        [Fact]
        public void The_readmes_check_output_is_what_cdsl_check_prints_for_its_contract()
        {
            string readme = File.ReadAllText(Path.Combine(EndToEnd.Tests.Repository.Root, "README.md"));
            var contract = Regex.Match(readme, @"^/// A chat assistant.*?^}\n", RegexOptions.Singleline | RegexOptions.Multiline);
            Assert.True(contract.Success, "the README's example contract was not found");
            var shown = Regex.Match(readme, @"^\$ cdsl check assistant\.contract\n(.*?)^```", RegexOptions.Singleline | RegexOptions.Multiline);
            Assert.True(shown.Success, "the README's `cdsl check` block was not found");
            Write("assistant.contract", contract.Value);

            var (exit, output, _) = Cdsl.Run(Root, "check", "assistant.contract");

            Assert.Equal(0, exit);
            static string[] Lines(string text) => text.Replace("\r", "").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToArray();
            Assert.Equal(Lines(shown.Groups[1].Value), Lines(output));
        }
    }
}
