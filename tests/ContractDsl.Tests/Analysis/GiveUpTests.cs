using System.Text;
using ContractDsl.Analysis;
using static ContractDsl.Tests.Analysis.AnalysisTestSupport;

namespace ContractDsl.Tests.Analysis
{
    /// <summary>CDSL9001: where the analysis gives up, it says so and concludes nothing.</summary>
    public class GiveUpTests
    {
        /// <summary>not ((a1 and b1) or … or (a13 and b13)) over 26 flags: its complement needs 2^13 boxes.</summary>
        private static string Explosive()
        {
            var sb = new StringBuilder();
            var terms = new List<string>();
            for (int i = 0; i < 13; i++)
            {
                sb.Append($"signal a{i} : flag; signal b{i} : flag;\n");
                terms.Add($"(a{i} and b{i})");
            }
            sb.Append("signal t : prob;\nreward 0;\n");
            sb.Append($"norm huge concern k \"r\" when not ({string.Join(" or ", terms)}) penalize 1;\n");
            sb.Append("norm other concern k \"r\" when t > 0.5 reward 1;\n");
            return sb.ToString();
        }

        [Fact]
        public void A_guard_whose_region_grows_past_the_limit_is_given_up()
        {
            var (c, a, _) = Compile(Contract(Explosive()));
            var d = Single(a, "CDSL9001");
            Assert.Equal(Diagnostics.Severity.Info, d.Severity);
            Assert.Contains("analysis gave up on the guard of `huge` (too large: its region needs more than 4096 boxes); nothing was concluded about it", d.Message);
            Assert.Equal(c.Norms[0].Guard!.Span, d.Span);
            Assert.False(a.Norms[0].RegionKnown);
            // nothing concluded: no conflict reported, and the pair stays checked at run time
            None(a, "CDSL3001");
            Assert.True(a.CanBothBeInEffect(0, 1));
            var ir = Assert.Single(ContractCompiler.Compile("t.contract", Contract(Explosive())).Modules);
            Assert.Single(ir.Kernel.ConflictGroups);
        }

        [Fact]
        public void The_limit_is_an_option()
        {
            var contract = Bind(Contract(@"signal c : category { A, B, C, D }; signal x : real in [0, 1]; reward 0;
  norm n ""r"" when not (c == A and x > 0.5) and not (c == B and x < 0.25) penalize 1;"));
            Assert.DoesNotContain(ContractAnalyzer.Analyze(contract).Diagnostics, d => d.Id == "CDSL9001");
            Assert.Contains(ContractAnalyzer.Analyze(contract, new AnalysisOptions(MaxBoxes: 2)).Diagnostics, d => d.Id == "CDSL9001");
        }

        [Fact]
        public void A_possible_conflict_that_cannot_be_realised_is_given_up_not_reported()
        {
            // l = 1/(n − 0.5) takes the values 1/(k − 0.5) only: no sample gives l == 2.12, but no interval shows it
            var (_, a) = Analyze(@"signal n : count in [0, 10]; let l = 1 / (n - 0.5); reward 0;
  norm odd concern k ""r"" when l == 2.12 penalize 1;
  norm any concern k ""r"" reward 1;");
            None(a, "CDSL3001");
            var d = Single(a, "CDSL9001");
            Assert.Contains("analysis could not confirm a possible conflict between `odd` and `any`", d.Message);
            Assert.Contains("nothing was concluded about the pair", d.Message);
            Assert.True(a.CanBothBeInEffect(0, 1));
        }

        [Fact]
        public void A_possible_gap_that_cannot_be_realised_is_given_up_not_reported()
        {
            var (_, a) = Analyze(@"signal n : count in [0, 10]; let l = 1 / (n - 0.5); reward 0;
  norm some concern k ""r"" in l != 2.12 allow;");
            None(a, "CDSL2001");
            Assert.Contains("analysis could not confirm a possible gap in concern `k`", Single(a, "CDSL9001").Message);
        }
    }
}
