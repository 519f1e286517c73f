using ContractDsl.Lowering;
using ContractDsl.Analysis;
using ContractDsl.Evaluation;
using static ContractDsl.Tests.Analysis.AnalysisTestSupport;

namespace ContractDsl.Tests.Analysis
{
    /// <summary>CDSL3001: two norms that can be active together with opposite effects and no preference.</summary>
    public class ConflictTests
    {
        private const string Signals = @"
  signal region : category { EU, US, MENA, Other };
  signal alcohol : flag;
  signal toxicity : prob;
  signal x : real in [-1, 1];
  signal turns : count in [0, 10];
  signal rm : real[4] in [-10, 10];
  reward 0;
";

        [Fact]
        public void Opposite_effects_that_overlap_conflict_with_a_checked_witness()
        {
            var (c, a) = Analyze(Signals + @"
  norm no_alcohol ""r"" in region == US when alcohol penalize 1;
  norm helpful ""r"" in region in { EU, US } when toxicity < 0.5 reward 1;");
            var d = Single(a, "CDSL3001");
            Assert.Contains("norms `no_alcohol` (penalize) and `helpful` (reward), both conditioned on `region`, can both apply with opposite effects", d.Message);
            Assert.Contains("(witness: region = US, alcohol = true, toxicity = 0)", d.Message);
            Assert.Contains("say which wins with `prefer no_alcohol over helpful`", d.Message);
            Assert.Equal(c.Norms[0].NameSpan, d.Span);
            Assert.Equal(new[] { c.Norms[1].NameSpan }, d.AdditionalSpans.ToArray());
            var r = ContractInterpreter.Evaluate(c, a.Conflicts.Single().Witness!.Sample);
            Assert.True(r.Active[0] && r.Active[1]);
            Assert.Equal(ReasonBits.Conflict, r.Reasons);
        }

        [Fact]
        public void The_witness_is_the_boundary_when_that_is_the_only_overlap()
        {
            var (_, a) = Analyze(Signals + @"
  norm bad ""r"" when toxicity >= 0.5 penalize 1;
  norm good ""r"" when toxicity <= 0.5 reward 1;");
            Assert.Equal("toxicity = 0.5", Assert.Single(a.Conflicts).Witness!.Text);
        }

        [Fact]
        public void Strict_and_non_strict_at_the_same_constant_do_not_overlap()
        {
            var (_, a) = Analyze(Signals + @"
  norm bad ""r"" when toxicity >= 0.5 penalize 1;
  norm good ""r"" when toxicity < 0.5 reward 1;");
            None(a, "CDSL3001");
            Assert.False(a.CanBothBeInEffect(0, 1));
        }

        [Fact]
        public void Float_boundaries_match_the_generated_code()
        {
            // x > 0.2 starts at the float just above (float)0.2; x <= 0.2 ends at (float)0.2: disjoint
            var (_, disjoint) = Analyze(Signals + @"
  norm a ""r"" when x > 0.2 penalize 1;
  norm b ""r"" when x <= 0.2 reward 1;");
            None(disjoint, "CDSL3001");

            // x > 0.2 and x < 0.20000001 (the next double-precision neighbourhood) share exactly one float
            float just = MathF.BitIncrement(0.2f);
            string upper = ((double)MathF.BitIncrement(just)).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
            var (_, one) = Analyze(Signals + $@"
  norm a ""r"" when x > 0.2 penalize 1;
  norm b ""r"" when x < {upper} reward 1;");
            var w = Assert.Single(one.Conflicts).Witness!;
            Assert.Equal(just, w.Sample.Scalars[3]);
        }

        [Fact]
        public void Whole_numbers_between_two_bounds_can_be_empty()
        {
            var (_, a) = Analyze(Signals + @"
  norm a ""r"" when turns > 3 penalize 1;
  norm b ""r"" when turns < 4 reward 1;");
            None(a, "CDSL3001");
            var (_, b) = Analyze(Signals + @"
  norm a ""r"" when turns > 3 penalize 1;
  norm b ""r"" when turns < 4.5 reward 1;");
            Assert.Equal("turns = 4", Assert.Single(b.Conflicts).Witness!.Text);
        }

        [Fact]
        public void Allow_against_penalize_conflicts_only_within_a_concern()
        {
            var (_, same) = Analyze(Signals + @"
  norm ok concern alcohol ""r"" when region in { EU, US } allow;
  norm no concern alcohol ""r"" when alcohol penalize 2;");
            var d = Single(same, "CDSL3001");
            Assert.Contains("of concern `alcohol` can both apply and give contradictory guidance", d.Message);
            Assert.Equal("region = EU, alcohol = true", Assert.Single(same.Conflicts).Witness!.Text);

            var (_, different) = Analyze(Signals + @"
  norm ok concern travel ""r"" when region in { EU, US } allow;
  norm no concern alcohol ""r"" when alcohol penalize 2;");
            None(different, "CDSL3001");

            var (_, sameSign) = Analyze(Signals + @"
  norm a ""r"" when alcohol penalize 2;
  norm b ""r"" when alcohol penalize 1;");
            None(sameSign, "CDSL3001");
        }

        [Fact]
        public void A_preference_either_way_settles_a_conflict_also_transitively()
        {
            var (_, direct) = Analyze(Signals + @"
  norm a concern k ""r"" when alcohol penalize 1;
  norm b concern k ""r"" when x > 0 reward 1;
  prefer b over a;");
            None(direct, "CDSL3001");

            var (_, transitive) = Analyze(Signals + @"
  norm a concern k ""r"" when alcohol penalize 1;
  norm m concern k ""r"" when turns > 5 penalize 1;
  norm b concern k ""r"" when x > 0 reward 1;
  prefer a over m; prefer m over b;");
            None(transitive, "CDSL3001");
        }

        [Fact]
        public void Disjoint_pairs_are_pruned_from_the_generated_checks()
        {
            var file = ContractCompiler.Compile("t.contract", Contract(Signals + @"
  norm a ""r"" when toxicity >= 0.5 penalize 1;
  norm b ""r"" when toxicity < 0.5 reward 1;
  norm c ""r"" when x > 0 reward 1;"));
            var ir = Assert.Single(file.Modules);
            // (a, b) are related through `toxicity` but can never both hold: nothing is checked at run time;
            // (a, c) can apply together but are unrelated: a trade-off, which is not a run-time reason
            Assert.Empty(ir.Kernel.ConflictGroups);
            Assert.Equal(new[] { 2 }, ir.TradeOffs.Select(t => t.RewardNorm).ToArray());
            Assert.Equal(new[] { 0 }, ir.TradeOffs.Single().Partners.ToArray());
            var analysis = Assert.Single(file.Analyses);
            Assert.Equal(analysis.TotalRange.Low, ir.TotalLow);
            Assert.Equal(analysis.TotalRange.High, ir.TotalHigh);
        }

        [Fact]
        public void Witnesses_over_ensemble_statistics_are_realised_as_members()
        {
            var (c, a) = Analyze(Signals + @"
  norm doubt ""r"" when rm.std > 2 penalize 1;
  norm sure ""r"" when rm.mean > 1 reward 1;");
            var w = Assert.Single(a.Conflicts).Witness!;
            var r = ContractInterpreter.Evaluate(c, w.Sample);
            Assert.True(r.Inputs.Statistic(5, ContractDsl.Binding.EnsembleStatistic.Std) > 2);
            Assert.True(r.Inputs.Statistic(5, ContractDsl.Binding.EnsembleStatistic.Mean) > 1);
            Assert.Contains("rm = [", w.Text);
            Assert.Contains("(rm.std = ", w.Text);
        }

        [Fact]
        public void Witnesses_over_lets_are_realised_through_their_signals()
        {
            var (c, a) = Analyze(Signals + @"
  let excess = turns - 5;
  let busy = turns * 0.1 + x;
  norm long ""r"" when excess > 2 penalize 1;
  norm idle ""r"" when busy < 0.5 reward 1;");
            var w = Assert.Single(a.Conflicts).Witness!;
            var r = ContractInterpreter.Evaluate(c, w.Sample);
            Assert.True(r.Active[0] && r.Active[1]);
            Assert.Contains("turns = ", w.Text);
            Assert.Contains("excess = ", w.Text);
        }

        [Fact]
        public void The_brief_example_has_no_conflict()
        {
            var (_, a, _) = Compile(TestFiles.Read("assistant.contract"), "assistant.contract");
            None(a, "CDSL3001");
        }
    }
}
