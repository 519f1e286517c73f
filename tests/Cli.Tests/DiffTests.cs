using System.Text.Json;
using ContractDsl.Cli.Commands;

namespace ContractDsl.Cli.Tests
{
    /// <summary>cdsl diff: diff's exit codes (0 equivalent, 1 different, 2 trouble), the report, JSON.</summary>
    public class DiffTests : TempDirectoryTest
    {
        private const string Before = """
            contract Gate {
              signal toxicity : prob;
              signal tokens : count in [0, 100];
              reward 0;
              norm toxic "No toxic replies." when toxicity >= 0.5 penalize 2;
              norm long "Short replies." when tokens > 3 penalize 1;
            }
            """;

        [Fact]
        public void Rewritten_but_equivalent_versions_exit_0()
        {
            string a = Write("a.contract", Before);
            // reordered norms, a rewritten guard, and a count boundary between the same whole numbers
            string b = Write("b.contract", Before
                .Replace("  norm toxic \"No toxic replies.\" when toxicity >= 0.5 penalize 2;\n", "")
                .Replace("when tokens > 3 penalize 1;", "when tokens >= 3.5 penalize 1;\n  norm toxic \"No toxic replies.\" when not (toxicity < 0.5) penalize 2;"));
            var (exit, output, error) = Cdsl.Run(Root, "diff", a, b);
            Assert.True(exit == DiffCommand.Equivalent, output + error);
            Assert.Contains("equivalent", output, StringComparison.OrdinalIgnoreCase);
        }

        [Fact]
        public void A_boundary_change_exits_1_with_a_witness_at_the_boundary()
        {
            string a = Write("a.contract", Before);
            string b = Write("b.contract", Before.Replace("toxicity >= 0.5", "toxicity > 0.5"));
            var (exit, output, _) = Cdsl.Run(Root, "diff", a, b);
            Assert.Equal(DiffCommand.Different, exit);
            Assert.Contains("toxicity = 0.5", output);

            var (jsonExit, json, _) = Cdsl.Run(Root, "diff", a, b, "--format", "json");
            Assert.Equal(DiffCommand.Different, jsonExit);
            var result = JsonDocument.Parse(json).RootElement[0];
            Assert.False(result.GetProperty("equivalent").GetBoolean());
            Assert.NotEqual(0, result.GetProperty("regions").GetArrayLength());
        }

        [Fact]
        public void Bad_input_exits_2()
        {
            string a = Write("a.contract", Before);
            string broken = Write("broken.contract", "contract Gate { reward missing; }");
            Assert.Equal(DiffCommand.Trouble, Cdsl.Run(Root, "diff", a, broken).Exit);
            Assert.Equal(DiffCommand.Trouble, Cdsl.Run(Root, "diff", a, "nope.contract").Exit);
        }
    }
}
