using ContractDsl.Analysis;
using static ContractDsl.Tests.Analysis.AnalysisTestSupport;

namespace ContractDsl.Tests.Analysis
{
    /// <summary>Reward ranges, CDSL1008 (negative amounts), CDSL2002 (unbounded total), CDSL4001 (no disagreement point).</summary>
    public class IntervalTests
    {
        private const string Signals = @"
  signal x : real in [-1, 2];
  signal y : real;
  signal big : count;
  signal tokens : count in [0, 4096];
  signal toxicity : prob;
  signal rm : real[4] in [-10, 10];
  signal region : category { EU, US };
";

        private static Interval I(double lo, double hi) => new Interval(lo, hi);

        [Fact]
        public void Interval_arithmetic_handles_signs_division_and_monotone_functions()
        {
            Assert.Equal(I(1, 6), IntervalMath.Multiply(I(-3, -1), I(-2, -1)));
            Assert.Equal(I(-6, 3), IntervalMath.Multiply(I(-3, 1), I(-1, 2)));
            var byZero = IntervalMath.Divide(I(1, 2), I(-1, 1));
            Assert.True(double.IsNegativeInfinity(byZero.Low) && double.IsPositiveInfinity(byZero.High) && byZero.MayBeNaN);
            Assert.Equal(I(0.5, 2), IntervalMath.Divide(I(1, 2), I(1, 2)));
            Assert.Equal(I(0, 3), IntervalMath.Abs(I(-3, 2)));
            Assert.True(IntervalMath.Log(I(-1, 1)).MayBeNaN);
            Assert.True(double.IsNegativeInfinity(IntervalMath.Log(I(0, 1)).Low));
            var e = IntervalMath.Exp(I(0, 1));
            Assert.True(e.Low <= 1 && e.High >= Math.E && e.Low > 0.99);
            var s = IntervalMath.Sigmoid(I(double.NegativeInfinity, double.PositiveInfinity));
            Assert.Equal(I(0, 1), s);
            Assert.Equal(I(-1, 1), IntervalMath.Clamp(I(-5, 5), I(-1, -1), I(1, 1)));
            // float overflow: exp(100) is +inf in float32
            Assert.True(double.IsPositiveInfinity(IntervalMath.Exp(I(0, 100)).High));
            // ends are floats, rounded outwards
            var third = IntervalMath.Divide(I(1, 1), I(3, 3));
            Assert.True(third.Low <= 1f / 3f && third.High >= 1f / 3f && third.Low < third.High);
        }

        [Fact]
        public void Amounts_are_taken_over_the_activation_region()
        {
            var (_, a) = Analyze(Signals + @"reward 0;
  norm concise ""r"" when tokens > 512 penalize 0.002 * (tokens - 512) cap 2;
  norm above ""r"" when x > 0.5 penalize x - 0.5;");
            None(a, "CDSL1008");
            Assert.Equal(0.002, a.Norms[0].Amount.Low, 6);
            Assert.Equal(2, a.Norms[0].Amount.High);
            Assert.Equal(I(-2, 0), a.Norms[0].Contribution);
        }

        [Fact]
        public void An_amount_that_can_be_negative_is_reported()
        {
            var (c, a) = Analyze(Signals + @"reward 0;
  norm wobble ""r"" when x > 0 penalize x - 0.5;
  norm bonus ""r"" reward x;");
            var ds = Reported(a, "CDSL1008");
            Assert.Equal(2, ds.Count);
            Assert.Contains("the amount of `wobble` (`x - 0.5`) can be negative when `wobble` is active", ds[0].Message);
            Assert.Contains("a negative penalty rewards", ds[0].Message);
            Assert.Equal(c.Norms[0].NameSpan, ds[0].Span);
            Assert.Equal(new[] { c.Norms[0].AmountSpan!.Value }, ds[0].AdditionalSpans.ToArray());
            Assert.Contains("a negative reward penalizes", ds[1].Message);
        }

        [Fact]
        public void Ranges_of_the_brief_example()
        {
            var (_, a, _) = Compile(TestFiles.Read("assistant.contract"), "assistant.contract");
            // conservative = rm.mean − 0.5·rm.std over rm ∈ [−10, 10]^4: [−15, 10] (plus float slack)
            Assert.InRange(a.BaseRange.Low, -15.001, -15);
            Assert.InRange(a.BaseRange.High, 10, 10.001);
            Assert.Equal(I(-10, 0), a.Norms[0].Contribution);   // no_toxicity: 4 ∈ [0, 10] × toxicity ∈ [0.5, 1]
            Assert.Equal(-2, a.Norms[1].Contribution.Low);      // concise, capped
            Assert.Equal(I(0, 0), a.Norms[3].Contribution);     // allow
            // the exact minimum: base −15, concise −2, alcohol_mena −3, and the worse of no_toxicity (−10) and
            // needless_refusal (−1), which can't both apply (toxicity ≥ 0.5 against toxicity < 0.2): −30, not the −31
            // an interval sum of every term would give
            Assert.InRange(a.TotalRange.Low, -30.001, -30);
            Assert.True(a.Range.Exact, a.Range.Note);
            Assert.InRange(a.TotalRange.High, 10, 10.001);
            None(a, "CDSL2002");
            None(a, "CDSL4001");
        }

        [Fact]
        public void An_unbounded_signal_makes_the_total_unbounded_and_is_named()
        {
            var (c, a, _) = Compile(Contract(Signals + @"reward 2 * y + x;"));
            var d = Single(a, "CDSL2002");
            Assert.Contains("the total reward is unbounded above and below", d.Message);
            Assert.Contains("the base reward `2 * y + x` is unbounded both ways because it reads `y` (real, no bounds)", d.Message);
            Assert.Equal(c.RewardSpan, d.Span);

            var (_, norm, _) = Compile(Contract(Signals + @"reward 0; norm long ""r"" when big > 10 penalize big;"));
            var nd = Single(norm, "CDSL2002");
            Assert.Contains("unbounded below", nd.Message);
            Assert.Contains("because it reads `big` (count in [0, inf], no upper bound)", nd.Message);
        }

        [Fact]
        public void A_cap_bounds_an_unbounded_amount()
        {
            var (_, a, _) = Compile(Contract(Signals + @"reward 0; norm long ""r"" when big > 10 penalize big cap 5;"));
            None(a, "CDSL2002");
            Assert.Equal(I(-5, 0), a.TotalRange);
        }

        [Fact]
        public void Division_by_a_range_containing_zero_is_named()
        {
            var (_, a, _) = Compile(Contract(Signals + @"reward 1 / x;"));
            Assert.Contains("`1 / x` divides by a range that contains 0", Single(a, "CDSL2002").Message);
            var (_, ok, _) = Compile(Contract(Signals + @"reward 1 / (x + 2);"));
            None(ok, "CDSL2002");
        }

        [Fact]
        public void Nash_and_power_welfare_need_a_finite_disagreement_point()
        {
            var file = ContractCompiler.Compile("t.contract", Contract(Signals + @"reward y; welfare nash over region;"));
            var d = Assert.Single(file.Diagnostics, x => x.Id == "CDSL4001");
            Assert.True(d.IsError);
            Assert.Contains("`nash` welfare needs a finite disagreement point", d.Message);
            Assert.Empty(file.Modules); // an analysis error stops generation

            Assert.DoesNotContain(ContractCompiler.Compile("t.contract", Contract(Signals + @"reward y; welfare power 2 over region from -5;")).Diagnostics, x => x.Id == "CDSL4001");
            Assert.DoesNotContain(ContractCompiler.Compile("t.contract", Contract(Signals + @"reward y; welfare utilitarian over region;")).Diagnostics, x => x.Id == "CDSL4001");
            Assert.Contains(ContractCompiler.Compile("t.contract", Contract(Signals + @"reward y; welfare power 2 over region;")).Diagnostics, x => x.Id == "CDSL4001");
            var bounded = ContractCompiler.Compile("t.contract", Contract(Signals + @"reward x; welfare nash over region;"));
            Assert.DoesNotContain(bounded.Diagnostics, x => x.Id == "CDSL4001");
            Assert.Equal(-1, Assert.Single(bounded.Modules).TotalLow);
        }

        [Fact]
        public void Params_range_over_their_bounds()
        {
            var (_, a) = Analyze(Signals + @"param w = 1 in [-1, 3]; reward 0; norm n ""r"" when x > 0 penalize w * x;");
            Assert.Contains("can be negative", Single(a, "CDSL1008").Message);
            Assert.Equal(I(-2, 6), a.Norms[0].Amount);
        }

        [Fact]
        public void Lets_in_guards_narrow_amounts()
        {
            var (_, a) = Analyze(Signals + @"let excess = tokens - 512; reward 0; norm n ""r"" when excess > 0 penalize excess / 100;");
            None(a, "CDSL1008");
            Assert.True(a.Norms[0].Amount.Low >= 0);
            Assert.Equal(35.84, a.Norms[0].Amount.High, 4);
        }
    }
}
