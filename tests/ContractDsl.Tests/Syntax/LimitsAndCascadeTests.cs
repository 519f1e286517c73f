using ContractDsl.Syntax;

namespace ContractDsl.Tests.Syntax
{
    public class LimitsAndCascadeTests
    {
        [Fact]
        public void A_chain_of_more_operators_than_the_limit_is_a_located_syntax_error_not_a_deep_tree()
        {
            string Sum(int terms) => string.Join(" + ", Enumerable.Repeat("x", terms));
            var ok = ContractParser.Parse("c.contract", $"contract C {{ signal x : real; reward {Sum(Lexer.MaxChainLength + 1)}; }}");
            Assert.Empty(ok.Errors);
            var tooLong = ContractParser.Parse("c.contract", $"contract C {{ signal x : real; reward {Sum(5000)}; }}");
            var error = Assert.Single(tooLong.Errors);
            Assert.Equal("CDSL0001", error.Id);
            Assert.Contains("expression too long", error.Message);
            Assert.Equal(1, error.Span.Line);
        }

        [Fact]
        public void A_declaration_lost_to_a_syntax_error_does_not_cascade_into_unknown_names()
        {
            const string text = "contract C {\n  signal toxicity : prb;\n  reward 0;\n  norm a \"r\" when toxicity > 0.5 penalize 1;\n  norm b \"r\" when toxicity > 0.9 penalize 2;\n}\n";
            var compiled = ContractCompiler.Compile("c.contract", text);
            var error = Assert.Single(compiled.Diagnostics, d => d.IsError);
            Assert.Equal("CDSL0001", error.Id);
            Assert.Equal(2, error.Span.Line);
            // Once the file parses, unknown names are reported again.
            var fixedText = text.Replace("prb", "prob").Replace("when toxicity > 0.9", "when toxicty > 0.9");
            Assert.Contains(ContractCompiler.Compile("c.contract", fixedText).Diagnostics, d => d.Id == "CDSL1001");
        }
    }
}
