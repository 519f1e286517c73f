using static ContractDsl.Tests.Analysis.AnalysisTestSupport;

namespace ContractDsl.Tests.Analysis
{
    /// <summary>CDSL2003: a reward term that increases with a controlled signal no penalty watches.</summary>
    public class LeverTests
    {
        private const string Signals = @"
  signal quality : real in [-5, 5];
  signal tokens : count in [0, 4096] controlled ""reply length"";
  signal emojis : count in [0, 50] controlled;
  signal toxicity : prob;
";

        [Fact]
        public void A_base_reward_growing_with_a_controlled_signal_is_a_lever()
        {
            var (c, a) = Analyze(Signals + @"reward quality + 0.001 * tokens; norm e ""r"" when emojis > 3 penalize 1;");
            var d = Single(a, "CDSL2003");
            Assert.Contains("the base reward `quality + 0.001 * tokens` increases with `tokens`, which the agent controls, and no `penalize` norm mentions `tokens`", d.Message);
            Assert.Equal(c.RewardSpan, d.Span);
            Assert.Equal(new[] { c.Signals[1].Span }, d.AdditionalSpans.ToArray());
        }

        [Fact]
        public void A_penalty_that_mentions_the_signal_removes_the_lever()
        {
            foreach (var penalty in new[]
            {
                @"norm long ""r"" when tokens > 1000 penalize 1;",             // guard
                @"norm long ""r"" in tokens > 1000 penalize 1;",               // context
                @"norm long ""r"" when toxicity > 0.5 penalize tokens / 1000;", // amount
            })
            {
                var (_, a) = Analyze(Signals + @"reward quality + 0.001 * tokens; norm e ""r"" when emojis > 3 penalize 1;" + penalty);
                None(a, "CDSL2003");
            }
        }

        [Fact]
        public void Decreasing_and_constant_terms_are_not_levers()
        {
            var (_, a) = Analyze(Signals + @"reward quality - 0.001 * tokens + emojis * 0; ");
            None(a, "CDSL2003");
            var (_, neg) = Analyze(Signals + @"param w = -1 in [-2, -0.5]; reward quality + w * tokens + emojis * -1;");
            None(neg, "CDSL2003");
        }

        [Fact]
        public void Monotonicity_is_followed_through_lets_functions_and_products()
        {
            var (_, let) = Analyze(Signals + @"let score = log(1 + tokens) * 2; reward quality + score; norm e ""r"" when emojis > 3 penalize 1;");
            Assert.Contains("increases with `tokens`", Single(let, "CDSL2003").Message);

            var (_, negative) = Analyze(Signals + @"reward (quality - 10) * sigmoid(tokens); norm e ""r"" when emojis > 3 penalize 1;");
            None(negative, "CDSL2003"); // a negative factor times an increasing function decreases

            var (_, mixed) = Analyze(Signals + @"reward quality * tokens; norm e ""r"" when emojis > 3 penalize 1;");
            Assert.Contains("can increase with `tokens`", Single(mixed, "CDSL2003").Message);
        }

        [Fact]
        public void A_reward_norm_amount_is_a_term_too()
        {
            var (c, a) = Analyze(Signals + @"reward quality; norm tokens_penalty ""r"" when tokens > 3000 penalize 1;
  norm emoji_fun ""r"" when toxicity < 0.5 reward 0.1 * emojis cap 1;");
            var d = Single(a, "CDSL2003");
            Assert.Contains("the reward of `emoji_fun` (`0.1 * emojis`) increases with `emojis`", d.Message);
            Assert.Equal(c.Norms[1].NameSpan, d.Span);
        }

        [Fact]
        public void Penalties_and_uncontrolled_signals_are_not_levers()
        {
            var (_, a) = Analyze(@"
  signal quality : real in [-5, 5];
  signal tokens : count in [0, 4096];
  reward quality + 0.001 * tokens;");
            None(a, "CDSL2003");
        }

        [Fact]
        public void The_brief_example_has_no_lever()
        {
            var (_, a, _) = Compile(TestFiles.Read("assistant.contract"), "assistant.contract");
            None(a, "CDSL2003");
        }
    }
}
