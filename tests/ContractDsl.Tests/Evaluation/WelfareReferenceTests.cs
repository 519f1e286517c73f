using ContractDsl.Collections;
using ContractDsl.Evaluation;
using ContractDsl.Syntax;

namespace ContractDsl.Tests.Evaluation
{
    /// <summary>
    /// The welfare reference on hand-computed cases. The batch: group 0 has totals 1 and 3 (n₀ = 2, U₀ = 2),
    /// group 1 has total 5 (n₁ = 1, U₁ = 5), and one invalid sample; N = 3 valid samples.
    /// </summary>
    public class WelfareReferenceTests
    {
        private static readonly WelfareSample[] Batch =
        {
            new(0, 1, true), new(1, 5, true), new(0, 3, true), new(7, double.NaN, false),
        };

        private static WelfareReferenceRule Rule(WelfareKind kind, double[] lambda, double p = 1, double d = double.NegativeInfinity, double t = 1) =>
            new(kind, lambda.ToEquatableArray(), p, d, t);

        private static void Close(double[] expected, double[] actual)
        {
            Assert.Equal(expected.Length, actual.Length);
            for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-12);
        }

        [Fact]
        public void Groups_are_means_of_the_valid_samples()
        {
            var groups = WelfareReference.Groups(Batch);
            Assert.Equal(new[] { 0, 1 }, groups.Keys.OrderBy(k => k));
            Assert.Equal((2, 2.0), groups[0]);
            Assert.Equal((1, 5.0), groups[1]);
        }

        [Fact]
        public void Utilitarian()
        {
            var rule = Rule(WelfareKind.Utilitarian, new[] { 3.0, 1.0 });
            // unscaled φ/n: 3/2, 1, 3/2 → Σ 4, c = 3/4
            Close(new[] { 1.125, 0.75, 1.125, 0 }, WelfareReference.Weights(rule, Batch));
            Assert.Equal(3 * 2 + 1 * 5, WelfareReference.Value(rule, Batch), 1e-12);
        }

        [Fact]
        public void Nash_and_its_floor()
        {
            var rule = Rule(WelfareKind.Nash, new[] { 1.0, 1.0 }, d: 1);
            // x = (1, 4), φ = (1, 1/4); unscaled 1/2, 1/4, 1/2 → Σ 1.25, c = 2.4
            Close(new[] { 1.2, 0.6, 1.2, 0 }, WelfareReference.Weights(rule, Batch));
            Assert.Equal(Math.Log(4), WelfareReference.Value(rule, Batch), 1e-12);
            var floored = Rule(WelfareKind.Nash, new[] { 1.0, 1.0 }, d: 3);
            // x = (1e-6, 2): W = log 1e-6 + log 2 ≈ −13.122363377404328
            Assert.Equal(-13.122363377404328, WelfareReference.Value(floored, Batch), 1e-12);
        }

        [Fact]
        public void Maximin()
        {
            var rule = Rule(WelfareKind.Maximin, new[] { 1.0, 1.0 }, t: 1);
            // softmax(−2, −5) = (1/(1 + e^−3), e^−3/(1 + e^−3)) = (0.9525741268224334, 0.0474258731775668); c = 3
            Close(new[] { 1.4288611902336501, 0.1422776195327003, 1.4288611902336501, 0 }, WelfareReference.Weights(rule, Batch));
            // W = 2 − log(1 + e^−3) = 1.9514126484262577
            Assert.Equal(1.9514126484262577, WelfareReference.Value(rule, Batch), 1e-12);
        }

        [Fact]
        public void Power()
        {
            var square = Rule(WelfareKind.Power, new[] { 1.0, 1.0 }, p: 2, d: 0);
            // φ = x = (2, 5); unscaled 1, 5, 1 → c = 3/7; W = √29
            Close(new[] { 3.0 / 7, 15.0 / 7, 3.0 / 7, 0 }, WelfareReference.Weights(square, Batch));
            Assert.Equal(Math.Sqrt(29), WelfareReference.Value(square, Batch), 1e-12);
            var root = Rule(WelfareKind.Power, new[] { 1.0, 1.0 }, p: 0.5, d: 0);
            // W = (√2 + √5)² = 7 + 2√10 = 13.324555320336759
            Assert.Equal(13.324555320336759, WelfareReference.Value(root, Batch), 1e-12);
            var harmonic = Rule(WelfareKind.Power, new[] { 1.0, 1.0 }, p: -1, d: 0);
            Assert.Equal(1 / 0.7, WelfareReference.Value(harmonic, Batch), 1e-12);
        }

        [Fact]
        public void Edge_cases()
        {
            var nothing = new[] { new WelfareSample(0, 1, false) };
            var rule = Rule(WelfareKind.Maximin, new[] { 1.0, 1.0 });
            Assert.True(double.IsNaN(WelfareReference.Value(rule, nothing)));
            Assert.Equal(new[] { 0.0 }, WelfareReference.Weights(rule, nothing));
            Assert.All(WelfareReference.Weights(Rule(WelfareKind.Utilitarian, new[] { 0.0, 0.0 }), Batch), w => Assert.Equal(0.0, w));
        }

        [Fact]
        public void A_bound_rule_takes_its_disagreement_point_from_the_analysis_unless_written()
        {
            const string text = """
                contract C {
                  signal r : real in [-3, 2];
                  signal g : category { A, B };
                  reward r;
                  welfare power 2 over g weights { B: 2 };
                }
                """;
            var module = Assert.Single(ContractCompiler.Compile("c.contract", text).Modules);
            var rule = WelfareReferenceRule.FromBound(module.Contract.Welfare!, module.TotalLow);
            Assert.Equal(-3, rule.DisagreementPoint);
            Assert.Equal(new[] { 1.0, 2.0 }, rule.GroupWeights);
            Assert.Equal(2, rule.Exponent);
            var written = Assert.Single(ContractCompiler.Compile("c.contract", text.Replace("{ B: 2 }", "{ B: 2 } from -1")).Modules);
            Assert.Equal(-1, WelfareReferenceRule.FromBound(written.Contract.Welfare!, written.TotalLow).DisagreementPoint);
        }
    }
}
