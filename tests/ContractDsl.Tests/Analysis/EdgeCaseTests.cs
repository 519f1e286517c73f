using ContractDsl.Analysis;
using static ContractDsl.Tests.Analysis.AnalysisTestSupport;

namespace ContractDsl.Tests.Analysis
{
    /// <summary>Odd but legal contracts: the analysis neither throws nor claims what the interpreter denies.</summary>
    public class EdgeCaseTests
    {
        public static IEnumerable<object[]> Contracts() => new[]
        {
            // one-value category, one-member ensemble, unbounded count and real in guards
            @"signal c : category { Only }; signal e : real[1] in [-1, 1]; signal n : count; signal y : real; reward 0;
              norm a concern k ""r"" in c == Only when e.std > 0 penalize 1;
              norm b ""r"" when n > 1000000 and y < -1e30 reward 1;
              norm d ""r"" when y > 1e40 reward 1;",
            // an unbounded signal with a dead norm: the unbounded-reward message must not look inside the dead norm's empty region
            @"signal score : real; reward score;
              norm never ""r"" when score > 1 and score < 0 penalize score;",
            // NaN and infinities from lets: log of negatives, division by zero, `!=` holds for NaN
            @"signal x : real in [-1, 1]; let l = log(x); let q = 1 / x; reward 0;
              norm a ""r"" when l != 0 penalize 1;
              norm b ""r"" when not (q > 0) and not (q <= 0) reward 1;
              norm c ""r"" when q > 1e38 reward 1;",
            // unbounded ensemble and huge domains
            @"signal e : real[3]; signal big : real in [-3e38, 3e38]; reward e.mean + big;
              norm a ""r"" when e.var > 1e30 penalize 1 cap 1;
              norm b ""r"" when big > 1e38 reward big cap 2;",
            // deeply nested guards over many categories
            @"signal a : category { A, B, C }; signal b : category { A, B, C }; signal c : category { A, B, C }; signal f : flag; reward 0;
              norm n1 concern k ""r"" in (a == A or b == B) and not (c == C and f) allow;
              norm n2 concern k ""r"" in not ((a == A or b == B) and not (c == C and f)) and a != B penalize 1;
              norm n3 ""r"" when not not not f reward 1;",
            // params everywhere, negative bounds
            @"param w = -1 in [-2, 0]; signal x : real in [-5, -1]; let l = w * x; reward l;
              norm a ""r"" when l > 5 penalize w * w;
              norm b ""r"" when x < -4 reward 0 - w;",
            // counts and whole-number boundaries at large magnitudes
            @"signal n : count in [0, 100000000]; reward 0;
              norm a ""r"" when n > 16777216 and n < 16777218 penalize 1;
              norm b ""r"" when n == 16777217 reward 1;",
        }.Select(t => new object[] { t });

        [Theory]
        [MemberData(nameof(Contracts))]
        public void Odd_contracts_are_analysed_soundly(string members)
        {
            var inconsistencies = new List<string>();
            void Observe(string m) { lock (inconsistencies) inconsistencies.Add(m); }
            WitnessFinder.Inconsistency += Observe;
            try
            {
                var file = ContractCompiler.Compile("edge.contract", Contract(members));
                Assert.DoesNotContain(file.Diagnostics, d => d.Message.Contains("internal error"));
                var contract = Bind(Contract(members));
                WitnessesCheckOut(contract, Assert.Single(file.Analyses));
            }
            finally
            {
                WitnessFinder.Inconsistency -= Observe;
            }
            Assert.Empty(inconsistencies);
        }

        [Fact]
        public void Above_two_to_the_24_every_float_is_whole()
        {
            // 16777217 is not a float: (float)16777217 == 16777216, so `n == 16777217` is `n == 16777216`
            var (c, a) = Analyze(@"signal n : count in [0, 100000000]; reward 0;
              norm a ""r"" when n > 16777216 and n < 16777218 penalize 1;
              norm b ""r"" when n == 16777217 reward 1;");
            Assert.True(a.Norms[0].Dead);   // no float strictly between 2^24 and 2^24 + 2
            Assert.False(a.Norms[1].Dead);
        }
    }
}
