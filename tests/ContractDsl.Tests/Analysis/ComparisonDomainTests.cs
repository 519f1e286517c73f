using static ContractDsl.Tests.Analysis.AnalysisTestSupport;

namespace ContractDsl.Tests.Analysis
{
    /// <summary>CDSL1005: a comparison that is always true or always false over its subject's domain.</summary>
    public class ComparisonDomainTests
    {
        private const string Signals = @"
  signal toxicity : prob;
  signal turns : count in [0, 10];
  signal rm : real[4] in [-10, 10];
  let doubled = toxicity * 2;
  reward 0;
";

        [Fact]
        public void A_constant_outside_the_domain_is_always_false_or_true()
        {
            var (c, a) = Analyze(Signals + @"
  norm never ""r"" when toxicity > 1.5 penalize 1;
  norm always ""r"" when toxicity < 2 and turns > 1 penalize 1;");
            var ds = Reported(a, "CDSL1005");
            Assert.Equal(2, ds.Count);
            Assert.Contains("`toxicity > 1.5` is always false: `toxicity` is a prob: it only takes values in [0, 1]", ds[0].Message);
            Assert.Contains("`toxicity < 2` is always true", ds[1].Message);
            // located at the comparison, not the norm
            var comparison = ((ContractDsl.Binding.BoundComparison)c.Norms[0].Guard!);
            Assert.Equal(comparison.Span, ds[0].Span);
        }

        [Fact]
        public void Boundaries_inside_the_domain_are_fine_but_vacuous_ones_are_not()
        {
            var (_, a) = Analyze(Signals + @"
  norm a ""r"" when toxicity >= 1 penalize 1;
  norm b ""r"" when toxicity > 0 penalize 1;
  norm c ""r"" when turns <= 10 and turns >= 0 penalize 1;");
            var ds = Reported(a, "CDSL1005");
            Assert.Equal(2, ds.Count); // turns <= 10 and turns >= 0 hold everywhere
            Assert.All(ds, d => Assert.Contains("is always true", d.Message));
        }

        [Fact]
        public void Whole_numbers_make_fractional_equalities_impossible()
        {
            var (_, a) = Analyze(Signals + @"norm n ""r"" when turns == 2.5 or turns != 3.5 penalize 1;");
            var ds = Reported(a, "CDSL1005");
            Assert.Equal(2, ds.Count);
            Assert.Contains("`turns == 2.5` is always false: `turns` is a count in [0, 10]: it only takes whole numbers in [0, 10]", ds[0].Message);
            Assert.Contains("`turns != 3.5` is always true", ds[1].Message);
        }

        [Fact]
        public void Ensemble_members_lets_and_uncertainty_rules_are_checked()
        {
            var (_, a) = Analyze(Signals + @"
  norm s ""r"" when rm.std > 11 penalize 1;
  norm l ""r"" when doubled > 3 penalize 1;
  uncertain when rm.mean < -20;");
            Assert.Equal(3, Reported(a, "CDSL1005").Count);
        }

        [Fact]
        public void Comparisons_inside_the_domain_are_not_reported()
        {
            var (_, a) = Analyze(Signals + @"norm n ""r"" when toxicity > 0.5 and turns < 3 and rm.std > 2 and doubled < 1 penalize 1;");
            None(a, "CDSL1005");
        }
    }
}
