using ContractDsl.Analysis;
using static ContractDsl.Tests.Analysis.AnalysisTestSupport;

namespace ContractDsl.Tests.Analysis
{
    /// <summary>CDSL3002 (dead norm) and CDSL3003 (shadowed norm).</summary>
    public class DeadAndShadowedTests
    {
        private const string Signals = @"
  signal region : category { EU, US, MENA, Other };
  signal alcohol : flag;
  signal toxicity : prob;
  signal turns : count in [0, 10];
  signal rm : real[4] in [-10, 10];
  reward 0;
";

        [Fact]
        public void A_guard_between_two_consecutive_whole_numbers_is_dead()
        {
            var (c, a) = Analyze(Signals + @"norm odd ""r"" when turns > 3 and turns < 4 penalize 1;");
            var d = Single(a, "CDSL3002");
            Assert.Equal(c.Norms[0].NameSpan, d.Span);
            Assert.Contains("norm `odd` can never be active: its guard `turns > 3 and turns < 4` never holds", d.Message);
            Assert.True(a.Norms[0].Dead);
        }

        [Fact]
        public void Context_and_guard_that_exclude_each_other()
        {
            var (_, a) = Analyze(Signals + @"norm n ""r"" in region == EU when region == US penalize 1;");
            Assert.Contains("its context `region == EU` and its guard `region == US` never hold together", Single(a, "CDSL3002").Message);
        }

        [Fact]
        public void Contradictory_flags_and_category_sets()
        {
            var (_, a) = Analyze(Signals + @"
  norm f ""r"" when alcohol and not alcohol penalize 1;
  norm g ""r"" when region in { EU, US } and not region in { EU, US, Other } and region != MENA penalize 1;");
            Assert.Equal(2, Reported(a, "CDSL3002").Count);
        }

        [Fact]
        public void Impossible_ensemble_statistics_are_dead()
        {
            var (_, a) = Analyze(Signals + @"
  norm spread ""r"" when rm.min > 5 and rm.max < 3 penalize 1;
  norm wide ""r"" when rm.std > 10.5 penalize 1;
  norm tight ""r"" when rm.mean >= 9 and rm.std > 3 penalize 1;");
            Assert.Equal(3, Reported(a, "CDSL3002").Count);
        }

        [Fact]
        public void Live_norms_are_not_dead()
        {
            var (_, a) = Analyze(Signals + @"
  norm a ""r"" when turns > 3 and turns < 5 penalize 1;
  norm b ""r"" when rm.std > 9.9 penalize 1;
  norm c ""r"" when toxicity >= 1 penalize 1;");
            None(a, "CDSL3002");
        }

        [Fact]
        public void A_norm_inside_a_preferred_norm_is_shadowed()
        {
            var (c, a) = Analyze(Signals + @"
  norm strict ""r"" when toxicity > 0.5 penalize 2;
  norm mild ""r"" when toxicity > 0.8 penalize 1;
  prefer strict over mild;");
            var d = Single(a, "CDSL3003");
            Assert.Equal(c.Norms[1].NameSpan, d.Span);
            Assert.Equal(new[] { c.Norms[0].NameSpan }, d.AdditionalSpans.ToArray());
            Assert.Contains("norm `mild` is shadowed: whenever it is active, `strict`, which is preferred over it, is active too", d.Message);
            Assert.True(a.Norms[1].Shadowed);
        }

        [Fact]
        public void Shadowing_through_a_chain_and_by_a_union()
        {
            var (_, chain) = Analyze(Signals + @"
  norm top ""r"" when toxicity > 0.5 penalize 2;
  norm mid ""r"" when alcohol penalize 1;
  norm low ""r"" when toxicity > 0.9 penalize 1;
  prefer top over mid; prefer mid over low;");
            Assert.Contains("`low` is shadowed", Single(chain, "CDSL3003").Message);

            var (_, union) = Analyze(Signals + @"
  norm eu ""r"" when region == EU penalize 2;
  norm rest ""r"" when region != EU penalize 2;
  norm any ""r"" when alcohol penalize 1;
  prefer eu over any; prefer rest over any;");
            var d = Single(union, "CDSL3003");
            Assert.Contains("one of `eu`, `rest` (each preferred over it) is active too", d.Message);
        }

        [Fact]
        public void A_norm_only_partly_covered_is_not_shadowed()
        {
            var (_, a) = Analyze(Signals + @"
  norm strict ""r"" when toxicity > 0.5 penalize 2;
  norm mild ""r"" when toxicity >= 0.5 penalize 1;
  prefer strict over mild;");
            None(a, "CDSL3003");
        }

        [Fact]
        public void The_brief_example_has_no_dead_or_shadowed_norm()
        {
            var (_, a, _) = Compile(TestFiles.Read("assistant.contract"), "assistant.contract");
            None(a, "CDSL3002");
            None(a, "CDSL3003");
        }
    }
}
