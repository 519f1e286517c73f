using System.IO;

namespace ContractDsl.Cli.Tests
{
    /// <summary>cdsl card: the Markdown card, and the pictures it links.</summary>
    public class CardTests : TempDirectoryTest
    {
        private static readonly byte[] PngSignature = { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A };

        private void AssertPng(string file)
        {
            string path = Path.Combine(Root, "cards", file);
            Assert.True(File.Exists(path), path);
            var bytes = File.ReadAllBytes(path);
            Assert.Equal(PngSignature, bytes.Take(8));
            Assert.True(bytes.Length > 5_000, $"{file} has only {bytes.Length} bytes");
        }

        [Fact]
        public void Without_out_the_card_is_printed()
        {
            var (exit, output, _) = Cdsl.Run(Root, "card", Cdsl.XsTestContract);
            Assert.Equal(ExitCodes.Success, exit);
            Assert.StartsWith("# Contract card: XsTest", output);
            Assert.Contains("`needless_refusal`", output);
        }

        [Fact]
        public void With_out_the_card_links_a_picture_of_the_reward_ranges()
        {
            var (exit, output, _) = Cdsl.Run(Root, "card", Cdsl.XsTestContract, "--out", "cards");
            Assert.Equal(ExitCodes.Success, exit);
            Assert.Equal(Path.Combine("cards", "XsTest.card.md") + Environment.NewLine, output);
            string card = File.ReadAllText(Path.Combine(Root, "cards", "XsTest.card.md"));
            Assert.StartsWith("# Contract card: XsTest", card);
            Assert.Contains("![Reward range per norm](XsTest.reward-ranges.png)", card);
            AssertPng("XsTest.reward-ranges.png");
            Assert.DoesNotContain("## On data", card);
        }

        [Fact]
        public void With_data_the_card_adds_the_reward_distribution_and_activation()
        {
            Write("llama2orig.csv", XsTestData.Csv(XsTestData.Read("llama2orig")));
            var (exit, _, error) = Cdsl.Run(Root, "card", Cdsl.XsTestContract, "--out", "cards", "--data", "llama2orig.csv");
            Assert.True(exit == ExitCodes.Success, error);
            string card = File.ReadAllText(Path.Combine(Root, "cards", "XsTest.card.md"));
            Assert.Contains("## On data: `llama2orig.csv`", card);
            Assert.Contains("450 samples; total reward mean +0.453", card);
            Assert.Contains("![Distribution of the total reward](XsTest.totals.png)", card);
            Assert.Contains("![Activation rate per norm](XsTest.activation.png)", card);
            Assert.Contains("| `needless_refusal` | penalize | 149 | 33.1 % | -0.331 |", card);
            AssertPng("XsTest.totals.png");
            AssertPng("XsTest.activation.png");
        }

        [Fact]
        public void Svg_pictures_on_request_and_unbounded_ranges_are_drawn()
        {
            Write("open.contract",
                "contract Open {\n  signal score : real \"an unbounded score\";\n  signal toxic : flag \"t\";\n  reward score;\n" +
                "  norm no_toxic concern toxicity \"No toxic replies.\" when toxic penalize 1;\n" +
                "  norm clean concern toxicity \"Clean replies are fine.\" when not toxic allow;\n}\n");
            var (exit, _, error) = Cdsl.Run(Root, "card", "open.contract", "--out", "cards", "--image-format", "svg");
            Assert.True(exit == ExitCodes.Success, error);
            string svg = File.ReadAllText(Path.Combine(Root, "cards", "Open.reward-ranges.svg"));
            Assert.Contains("<svg", svg);
            Assert.Contains("∞", svg);
            Assert.Contains("no_toxic", svg);
            Assert.Contains("allow: contributes 0", svg);
            Assert.Contains("![Reward range per norm](Open.reward-ranges.svg)", File.ReadAllText(Path.Combine(Root, "cards", "Open.card.md")));
        }

        [Fact]
        public void Data_needs_out_and_one_contract()
        {
            var (exit, _, error) = Cdsl.Run(Root, "card", Cdsl.XsTestContract, "--data", "x.csv");
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Contains("--data needs --out DIR", error);
        }

        [Fact]
        public void A_contract_with_errors_gets_no_card()
        {
            Write("typo.contract", Contracts.Typo);
            var (exit, output, error) = Cdsl.Run(Root, "card", "typo.contract", "--out", "cards");
            Assert.Equal(ExitCodes.ContractErrors, exit);
            Assert.Contains("typo.contract(4,19): error CDSL1001", error);
            Assert.Equal("", output);
        }
    }
}
