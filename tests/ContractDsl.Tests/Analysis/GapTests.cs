using ContractDsl.Analysis;
using static ContractDsl.Tests.Analysis.AnalysisTestSupport;

namespace ContractDsl.Tests.Analysis
{
    /// <summary>CDSL2001: a concern whose contexts leave part of the context space without guidance.</summary>
    public class GapTests
    {
        private const string Signals = @"
  signal region : category { EU, US, MENA, Other };
  signal topic : category { Med, Law, Chat };
  signal alcohol : flag;
  signal toxicity : prob;
  signal turns : count in [0, 10];
  reward 0;
";

        [Fact]
        public void A_value_no_context_covers_is_a_gap_with_that_value_as_witness()
        {
            var (_, a) = Analyze(Signals + @"
  norm mena concern alcohol ""r"" in region == MENA when alcohol penalize 3;
  norm west concern alcohol ""r"" in region in { EU, US } allow;");
            var d = Single(a, "CDSL2001");
            Assert.Contains("concern `alcohol` gives no guidance when region = Other", d.Message);
            Assert.Contains("cover it with a norm of concern `alcohol`", d.Message);
            var gap = Assert.Single(a.Gaps);
            Assert.Equal("region = Other", gap.Witness!.Text);
            Assert.Equal("alcohol", gap.Concern);
        }

        [Fact]
        public void Contexts_that_cover_every_value_leave_no_gap()
        {
            var (_, a) = Analyze(Signals + @"
  norm mena concern alcohol ""r"" in region == MENA when alcohol penalize 3;
  norm rest concern alcohol ""r"" in region in { EU, US, Other } allow;");
            None(a, "CDSL2001");
        }

        [Fact]
        public void Not_over_a_category_is_its_complement()
        {
            var (_, a) = Analyze(Signals + @"
  norm mena concern alcohol ""r"" in region == MENA when alcohol penalize 3;
  norm rest concern alcohol ""r"" in not region == MENA allow;
  norm x concern k ""r"" in region != EU allow;
  norm y concern k ""r"" in not (region != EU) penalize 1;");
            None(a, "CDSL2001");
        }

        [Fact]
        public void A_context_free_norm_covers_its_whole_concern()
        {
            var (_, a) = Analyze(Signals + @"
  norm mena concern alcohol ""r"" in region == MENA when alcohol penalize 3;
  norm anywhere concern alcohol ""r"" when alcohol and toxicity > 0.9 penalize 1;");
            None(a, "CDSL2001");
            Assert.Empty(a.Gaps);
        }

        [Fact]
        public void Two_categories_give_a_two_dimensional_gap()
        {
            var (c, a) = Analyze(Signals + @"
  norm eu_med concern advice ""r"" in region == EU and topic == Med penalize 1;
  norm us concern advice ""r"" in region == US allow;
  norm rest concern advice ""r"" in region in { MENA, Other } or (region == EU and topic == Med) allow;");
            var gap = Assert.Single(a.Gaps);
            // only (EU, Law) and (EU, Chat) are uncovered: the witness names both axes
            Assert.Equal("region = EU, topic = Law", gap.Witness!.Text);
            Assert.Contains("region = EU, topic = Law", Single(a, "CDSL2001").Message);
        }

        [Fact]
        public void A_gap_left_by_a_flag()
        {
            var (_, a) = Analyze(Signals + @"
  norm with concern k ""r"" in alcohol penalize 1;");
            Assert.Equal("alcohol = false", Assert.Single(a.Gaps).Witness!.Text);
        }

        [Fact]
        public void Numeric_contexts_gap_at_the_boundary()
        {
            // `<` on one norm and `>` on the other at the same constant: only 0.5 itself is uncovered
            var (_, a) = Analyze(Signals + @"
  norm low concern tox ""r"" in toxicity < 0.5 allow;
  norm high concern tox ""r"" in toxicity > 0.5 penalize 1;");
            Assert.Equal("toxicity = 0.5", Assert.Single(a.Gaps).Witness!.Text);

            var (_, closed) = Analyze(Signals + @"
  norm low concern tox ""r"" in toxicity <= 0.5 allow;
  norm high concern tox ""r"" in toxicity > 0.5 penalize 1;");
            None(closed, "CDSL2001");
        }

        [Fact]
        public void Whole_numbers_leave_no_gap_between_consecutive_integers()
        {
            var (_, a) = Analyze(Signals + @"
  norm short concern len ""r"" in turns <= 3 allow;
  norm long concern len ""r"" in turns >= 4 penalize 1;");
            None(a, "CDSL2001");

            var (_, b) = Analyze(Signals + @"
  norm short concern len ""r"" in turns < 3 allow;
  norm long concern len ""r"" in turns > 3 penalize 1;");
            Assert.Equal("turns = 3", Assert.Single(b.Gaps).Witness!.Text);
        }

        [Fact]
        public void The_diagnostic_points_at_the_first_norm_and_lists_the_others()
        {
            var (c, a, _) = Compile(Contract(Signals + @"
  norm mena concern alcohol ""r"" in region == MENA penalize 3;
  norm west concern alcohol ""r"" in region in { EU, US } allow;"));
            var d = Single(a, "CDSL2001");
            Assert.Equal(c.Norms[0].NameSpan, d.Span);
            Assert.Equal(new[] { c.Norms[1].NameSpan }, d.AdditionalSpans.ToArray());
        }

        [Fact]
        public void The_brief_example_has_no_gap()
        {
            var (_, a, _) = Compile(TestFiles.Read("assistant.contract"), "assistant.contract");
            None(a, "CDSL2001");
        }
    }
}
