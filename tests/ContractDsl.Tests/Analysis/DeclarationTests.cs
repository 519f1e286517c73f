using static ContractDsl.Tests.Analysis.AnalysisTestSupport;

namespace ContractDsl.Tests.Analysis
{
    /// <summary>CDSL2004 (norm without rationale) and CDSL2005 (unused declaration).</summary>
    public class DeclarationTests
    {
        [Fact]
        public void A_norm_without_rationale_is_reported_as_info()
        {
            var (c, a) = Analyze(@"signal f : flag; reward 0; norm quiet when f penalize 1; norm loud ""because"" when f penalize 1;");
            var d = Single(a, "CDSL2004");
            Assert.Equal(Diagnostics.Severity.Info, d.Severity);
            Assert.Equal(c.Norms[0].NameSpan, d.Span);
            Assert.Contains("norm `quiet` has no rationale", d.Message);
        }

        [Fact]
        public void Unused_signals_params_and_lets_are_reported_at_their_declarations()
        {
            var (c, a) = Analyze(@"
  signal used : real in [0, 1];
  signal idle : real in [0, 1];
  param w = 1 in [0, 2];
  param spare = 1 in [0, 2];
  let l = used * w;
  let orphan = used + 1;
  reward l;");
            var ds = Reported(a, "CDSL2005");
            Assert.Equal(3, ds.Count);
            Assert.Contains(ds, d => d.Message.StartsWith("signal `idle` is never used") && d.Span == c.Signals[1].Span);
            Assert.Contains(ds, d => d.Message.StartsWith("param `spare` is never used") && d.Span == c.Params[1].Span);
            Assert.Contains(ds, d => d.Message.StartsWith("let `orphan` is never used"));
        }

        [Fact]
        public void Uses_in_guards_uncertainty_rules_and_welfare_count()
        {
            var (_, a) = Analyze(@"
  signal g : category { A, B };
  signal u : real[3] in [0, 1];
  signal f : flag;
  signal n : count in [0, 9];
  let half = n / 2;
  reward 0;
  norm x ""r"" in f when half > 2 allow;
  uncertain when u.std > 0.2;
  welfare utilitarian over g;");
            None(a, "CDSL2005");
        }

        [Fact]
        public void The_brief_example_never_uses_helpfulness()
        {
            var (c, a, _) = Compile(TestFiles.Read("assistant.contract"), "assistant.contract");
            var d = Single(a, "CDSL2005");
            Assert.Contains("signal `helpfulness` is never used", d.Message);
            Assert.Equal(c.Signals[0].Span, d.Span);
            None(a, "CDSL2004");
        }
    }
}
