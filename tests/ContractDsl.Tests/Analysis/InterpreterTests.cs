using ContractDsl.Lowering;
using ContractDsl.Evaluation;
using static ContractDsl.Tests.Analysis.AnalysisTestSupport;

namespace ContractDsl.Tests.Analysis
{
    /// <summary>The reference interpreter follows the brief's §4 in float32.</summary>
    public class InterpreterTests
    {
        private const string Signals = @"
  signal x : real in [-1, 2];
  signal p : prob;
  signal n : count in [0, 10];
  signal rm : real[4] in [-10, 10];
  signal c : category { A, B, C };
  signal f : flag;
";

        private static (ContractDsl.Binding.BoundContract Contract, ContractInterpreter Interpreter) Make(string members)
        {
            var contract = Bind(Contract(Signals + members));
            return (contract, new ContractInterpreter(contract));
        }

        [Fact]
        public void Nan_infinity_and_unknown_codes_make_the_sample_invalid()
        {
            var (c, it) = Make("reward x + 1; norm a \"r\" penalize 1; uncertain 0.25 when f;");
            foreach (var sample in new[]
            {
                Sample.Neutral(c).With(c, "x", float.NaN),
                Sample.Neutral(c).With(c, "p", float.PositiveInfinity),
                Sample.Neutral(c).With(c, "rm", new[] { 0f, 0f, float.NegativeInfinity, 0f }),
                Sample.Neutral(c).With(c, "c", 3),
                Sample.Neutral(c).With(c, "c", -1),
            })
            {
                var r = it.Evaluate(sample);
                Assert.True(r.Invalid);
                Assert.Equal(ReasonBits.OutOfDomain | ReasonBits.Invalid, r.Reasons);
                Assert.Equal(0f, r.Total);
                Assert.Equal(0f, r.Base);
                Assert.All(r.Contributions, v => Assert.Equal(0f, v));
                Assert.Equal(1f, r.Uncertainty);
            }
        }

        [Fact]
        public void Finite_values_outside_the_domain_are_clamped_and_flagged()
        {
            var (c, it) = Make("reward x;");
            var r = it.Evaluate(Sample.Neutral(c).With(c, "x", 5f));
            Assert.Equal(2f, r.Base);
            Assert.Equal(ReasonBits.OutOfDomain, r.Reasons);
            Assert.Equal(-1f, it.Evaluate(Sample.Neutral(c).With(c, "x", -7f)).Base);
            Assert.Equal(ReasonBits.None, it.Evaluate(Sample.Neutral(c).With(c, "x", 2f)).Reasons);
        }

        [Fact]
        public void Counts_are_rounded_half_to_even()
        {
            var (c, it) = Make("reward n;");
            var r = it.Evaluate(Sample.Neutral(c).With(c, "n", 2.5f));
            Assert.Equal(2f, r.Base);
            Assert.Equal(ReasonBits.OutOfDomain, r.Reasons);
            Assert.Equal(4f, it.Evaluate(Sample.Neutral(c).With(c, "n", 3.5f)).Base);
            var exact = it.Evaluate(Sample.Neutral(c).With(c, "n", 3f));
            Assert.Equal(3f, exact.Base);
            Assert.Equal(ReasonBits.None, exact.Reasons);
        }

        [Fact]
        public void Ensemble_statistics_are_population_statistics_of_clamped_members()
        {
            var (c, it) = Make("reward rm.mean; let s = rm.std; let v = rm.var; let lo = rm.min; let hi = rm.max; norm a \"r\" when s > 0 reward v + lo + hi;");
            var r = it.Evaluate(Sample.Neutral(c).With(c, "rm", new[] { -3f, -3f, 3f, 3f }));
            Assert.Equal(0f, r.Base);
            Assert.Equal(3f, r.Inputs.Lets[0]);
            Assert.Equal(9f, r.Inputs.Lets[1]);
            Assert.Equal(-3f, r.Inputs.Lets[2]);
            Assert.Equal(3f, r.Inputs.Lets[3]);
            var clamped = it.Evaluate(Sample.Neutral(c).With(c, "rm", new[] { 20f, 10f, 10f, 10f }));
            Assert.Equal(10f, clamped.Base);
            Assert.Equal(0f, clamped.Inputs.Lets[0]);
            Assert.Equal(ReasonBits.OutOfDomain, clamped.Reasons);
        }

        [Fact]
        public void Arithmetic_is_float32()
        {
            var (c, it) = Make("reward x * 0.1 + sigmoid(x) - exp(x) + log(p) + tanh(x) + abs(x) + clamp(x, 0, 1);");
            float x = 0.3f, p = 0.7f;
            // The transcendental functions are DeterministicMath's (the generated kernels' own), everything else IEEE float32.
            float expected = x * 0.1f + DeterministicMath.Sigmoid(x) - DeterministicMath.Exp(x) + DeterministicMath.Log(p) + DeterministicMath.Tanh(x) + MathF.Abs(x) + MathF.Min(MathF.Max(x, 0f), 1f);
            var r = it.Evaluate(Sample.Neutral(c).With(c, "x", x).With(c, "p", p));
            Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(r.Base));
            // and within an ulp or two of the correctly rounded functions
            Assert.Equal(MathF.Exp(x), DeterministicMath.Exp(x), 6);
            Assert.Equal(MathF.Log(p), DeterministicMath.Log(p), 6);
        }

        [Fact]
        public void Caps_bound_the_amount_before_the_sign()
        {
            var (c, it) = Make("reward 0; norm a \"r\" penalize x * 10 cap 3; norm b \"r\" reward x * 10 cap 3;");
            var r = it.Evaluate(Sample.Neutral(c).With(c, "x", 2f));
            Assert.Equal(-3f, r.Contributions[0]);
            Assert.Equal(3f, r.Contributions[1]);
            var neg = it.Evaluate(Sample.Neutral(c).With(c, "x", -1f));
            Assert.Equal(3f, neg.Contributions[0]);
            Assert.Equal(-3f, neg.Contributions[1]);
        }

        [Fact]
        public void Preferred_norms_suppress_transitively_and_the_total_sums_in_order()
        {
            var (c, it) = Make(@"reward 1;
  norm a ""r"" when f penalize 2;
  norm b ""r"" when x > 0 reward 3;
  norm d ""r"" reward 0.5;
  prefer a over b; prefer b over d;");
            var both = it.Evaluate(Sample.Neutral(c).With(c, "f", true).With(c, "x", 1f));
            Assert.Equal(new[] { -2f, 0f, 0f }, both.Contributions);
            Assert.Equal(1f - 2f, both.Total);
            Assert.Equal(ReasonBits.None, both.Reasons); // related pairs never conflict
            var onlyB = it.Evaluate(Sample.Neutral(c).With(c, "x", 1f));
            Assert.Equal(new[] { 0f, 3f, 0f }, onlyB.Contributions);
            Assert.Equal(4f, onlyB.Total);
        }

        [Fact]
        public void Reasons_and_uncertainty()
        {
            var (c, it) = Make(@"reward 0;
  norm a ""r"" when x > 0 penalize 1;
  norm b ""r"" when x > 1 reward 1;
  norm k1 concern k ""r"" in c == A allow;
  norm k2 concern k ""r"" in c == B penalize 1;
  uncertain 0.3 when f ""flagged"";
  uncertain 0.6 when conflict;
  uncertain 0.2 when gap;");
            var conflict = it.Evaluate(Sample.Neutral(c).With(c, "x", 1.5f));
            Assert.Equal(ReasonBits.Conflict, conflict.Reasons);
            Assert.Equal(0.6f, conflict.Uncertainty);

            var gap = it.Evaluate(Sample.Neutral(c).With(c, "c", "C"));
            Assert.Equal(ReasonBits.Gap, gap.Reasons);
            Assert.Equal(0.2f, gap.Uncertainty);
            Assert.False(gap.ContextHolds[2] || gap.ContextHolds[3]);

            var explicitAndGap = it.Evaluate(Sample.Neutral(c).With(c, "c", "C").With(c, "f", true));
            Assert.Equal(ReasonBits.Gap | ReasonBits.Explicit, explicitAndGap.Reasons);
            Assert.Equal(0.3f, explicitAndGap.Uncertainty);

            Assert.Equal(0f, it.Evaluate(Sample.Neutral(c)).Uncertainty);
        }

        [Fact]
        public void Allow_and_penalize_of_one_concern_conflict()
        {
            var (c, it) = Make(@"reward 0;
  norm ok concern k ""r"" when f allow;
  norm no concern k ""r"" when x > 0 penalize 1;
  norm other ""r"" when x > 0 penalize 1;");
            var r = it.Evaluate(Sample.Neutral(c).With(c, "f", true).With(c, "x", 1f));
            Assert.Equal(ReasonBits.Conflict, r.Reasons & ReasonBits.Conflict);
            var notSameConcern = Make(@"reward 0;
  norm ok concern k ""r"" when f allow;
  norm other ""r"" when x > 0 penalize 1;");
            Assert.Equal(ReasonBits.None, notSameConcern.Interpreter.Evaluate(Sample.Neutral(notSameConcern.Contract).With(notSameConcern.Contract, "f", true).With(notSameConcern.Contract, "x", 1f)).Reasons);
        }

        [Fact]
        public void Comparisons_use_the_constant_as_a_float()
        {
            var (c, it) = Make("reward 0; norm a \"r\" when x > 0.2 penalize 1;");
            float point2 = 0.2f; // (float)0.2 is slightly above 0.2
            Assert.False(it.Evaluate(Sample.Neutral(c).With(c, "x", point2)).Active[0]);
            Assert.True(it.Evaluate(Sample.Neutral(c).With(c, "x", MathF.BitIncrement(point2))).Active[0]);
        }

        [Fact]
        public void Params_default_or_given()
        {
            var contract = Bind(Contract(Signals + "param w = 2 in [0, 5]; reward w * x;"));
            var sample = Sample.Neutral(contract).With(contract, "x", 1f);
            Assert.Equal(2f, new ContractInterpreter(contract).Evaluate(sample).Base);
            Assert.Equal(4.5f, new ContractInterpreter(contract, new[] { 4.5 }).Evaluate(sample).Base);
        }
    }
}
