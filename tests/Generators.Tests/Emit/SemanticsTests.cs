using ContractDsl.Generators.Tests.Harness;
using ContractDsl.Runtime;

namespace ContractDsl.Generators.Tests.Emit
{
    /// <summary>
    /// The generated CPU module against hand-computed values for every step of design brief §4, using
    /// tests/TestData/semantics.contract. Neutral inputs: x = 0, e = (0,0,0), n = 0, g = A, f = false.
    /// </summary>
    public class SemanticsTests
    {
        private static readonly Lazy<CompiledModule> Module = new(() => CompiledModule.Compile(TestData.Read("semantics.contract"), "semantics.contract"));

        private static CompiledModule M => Module.Value;

        private static RewardOutputs One(float x = 0, float[]? e = null, float n = 0, int g = 0, bool f = false, DomainPolicy policy = DomainPolicy.Clamp, Dictionary<string, double>? parameters = null) =>
            M.Evaluate(1, new Dictionary<string, Array>
            {
                ["x"] = new[] { x },
                ["e"] = e ?? new float[] { 0, 0, 0 },
                ["n"] = new[] { n },
                ["g"] = new[] { g },
                ["f"] = new[] { f },
            }, policy, parameters);

        private float C(RewardOutputs o, string norm) => o.Contribution(M.Norm(norm))[0];

        [Fact]
        public void Base_reward_uses_lets_and_params()
        {
            var o = One(x: 2, g: 1); // g = B: allow, no effect
            Assert.Equal(6f, o.Base[0]);          // (2 + 1) * 2
            Assert.Equal(6f, o.Total[0]);
            Assert.Equal(RewardReasons.None, o.Reasons[0]);
            Assert.Equal(0f, o.Uncertainty[0]);
        }

        [Fact]
        public void Penalize_subtracts_and_context_selects_the_norm()
        {
            var o = One(x: 2, g: 0); // g = A
            Assert.Equal(-1f, C(o, "in_a"));
            Assert.Equal(0f, C(o, "in_b"));
            Assert.Equal(5f, o.Total[0]);
        }

        [Fact]
        public void Cap_bounds_the_amount_before_the_sign()
        {
            var o = One(x: 9, g: 1);
            Assert.Equal(3f, C(o, "big_x"));       // 9 - 5 = 4, capped at 3
            Assert.Equal(20f + 3f, o.Total[0]);    // base (9 + 1) * 2
            var penalized = One(n: 100, g: 1);
            Assert.Equal(-4f, C(penalized, "long_n")); // 0.5 * 90 = 45, capped at 4, then negated
        }

        [Fact]
        public void Inactive_norms_contribute_zero()
        {
            var o = One(x: 5, g: 1); // x > 5 is false at 5
            Assert.Equal(0f, C(o, "big_x"));
        }

        [Fact]
        public void Preferences_silence_the_less_preferred_norm_transitively()
        {
            var all = One(n: 100, g: 1);
            Assert.Equal(-1f, C(all, "chain_top"));
            Assert.Equal(0f, C(all, "chain_mid"));  // top over mid
            Assert.Equal(0f, C(all, "chain_low"));  // top over low through mid
            Assert.True(all.IsActive(M.Norm("chain_low"))[0]); // silenced, still active
            var two = One(n: 45, g: 1);
            Assert.Equal(2f, C(two, "chain_mid"));
            Assert.Equal(0f, C(two, "chain_low"));
            Assert.Equal(-3f, C(One(n: 35, g: 1), "chain_low"));
            // n = 100: base 2, long_n -4, top -1.
            Assert.Equal(2f - 4f - 1f, all.Total[0]);
        }

        [Fact]
        public void Opposite_effects_without_preference_are_a_conflict()
        {
            var o = One(x: -1, f: true, g: 1);
            Assert.Equal(-2f, C(o, "flag_pen"));
            Assert.Equal(1f, C(o, "flag_bonus"));
            Assert.Equal(RewardReasons.Conflict, o.Reasons[0]);
            Assert.Equal(0.3f, o.Uncertainty[0]);
            Assert.Equal(0f + -2f + 1f, o.Total[0]);
        }

        [Theory]
        [InlineData("prefer up over down;", RewardReasons.None)]
        [InlineData("prefer down over up;", RewardReasons.None)]
        [InlineData("", RewardReasons.Conflict)]
        public void Only_pairs_without_a_preference_are_a_conflict(string preference, RewardReasons expected)
        {
            var module = CompiledModule.Compile(
                "contract P { signal a : flag; reward 0; norm up \"u\" when a reward 1; norm down \"d\" when a penalize 1; " + preference + " }");
            var o = module.Evaluate(1, new Dictionary<string, Array> { ["a"] = new[] { true } });
            Assert.Equal(expected, o.Reasons[0]);
        }

        [Fact]
        public void A_context_no_norm_of_the_concern_covers_is_a_gap()
        {
            var o = One(g: 2); // C: neither in_a nor in_b
            Assert.Equal(RewardReasons.Gap, o.Reasons[0]);
            Assert.Equal(0.6f, o.Uncertainty[0]);
        }

        [Fact]
        public void Explicit_rule_fires_on_ensemble_disagreement_and_uncertainty_is_the_largest_weight()
        {
            var o = One(e: new float[] { 0, 0, 6 }, g: 2); // std = sqrt(8) > 2, and a gap (0.6)
            Assert.Equal(RewardReasons.Explicit | RewardReasons.Gap, o.Reasons[0]);
            Assert.Equal(1f, o.Uncertainty[0]);
        }

        [Fact]
        public void Finite_values_outside_the_domain_are_clamped_and_flagged()
        {
            var o = One(x: 20, g: 1);
            Assert.Equal(22f, o.Base[0]);            // x clamped to 10
            Assert.Equal(3f, C(o, "big_x"));
            Assert.Equal(RewardReasons.OutOfDomain, o.Reasons[0]);
            Assert.Equal(0f, o.Uncertainty[0]);
        }

        [Fact]
        public void Counts_are_rounded_to_the_nearest_whole_number_ties_to_even()
        {
            var o = One(n: 12.5f, g: 1);             // → 12
            Assert.Equal(-1f, C(o, "long_n"));       // 0.5 * (12 - 10)
            Assert.Equal(RewardReasons.OutOfDomain, o.Reasons[0]);
            Assert.Equal(-1.5f, C(One(n: 12.7f, g: 1), "long_n")); // → 13
            Assert.Equal(RewardReasons.None, One(n: 13, g: 1).Reasons[0]);
        }

        [Theory]
        [InlineData(float.NaN, 0, 0f)]
        [InlineData(float.PositiveInfinity, 0, 0f)]
        [InlineData(1f, 7, 0f)]    // unknown category code
        [InlineData(1f, -1, 0f)]
        [InlineData(1f, 0, float.NaN)] // NaN ensemble member
        public void Invalid_samples_get_zero_reward_and_full_uncertainty(float x, int g, float member)
        {
            var o = One(x: x, g: g, e: new[] { 1f, member, 1f }, f: true, n: 100);
            Assert.Equal(0f, o.Total[0]);
            Assert.Equal(0f, o.Base[0]);
            for (int k = 0; k < M.NormCount; k++) Assert.Equal(0f, o.Contribution(k)[0]);
            for (int k = 0; k < M.NormCount; k++) Assert.False(o.IsActive(k)[0]);
            Assert.Equal(1f, o.Uncertainty[0]);
            Assert.True(o.Reasons[0].HasFlag(RewardReasons.OutOfDomain | RewardReasons.Invalid));
        }

        [Fact]
        public void Strict_mode_throws_naming_the_sample_and_the_signal()
        {
            var batch = new Dictionary<string, Array> { ["x"] = new[] { 1f, 2f, 11f }, ["g"] = new[] { 1, 1, 1 } };
            var error = Assert.Throws<ContractDomainException>(() => M.Evaluate(3, batch, DomainPolicy.Strict));
            Assert.Equal(2, error.SampleIndex);
            Assert.Equal("x", error.Signal);
            Assert.Contains("sample 2", error.Message);
            Assert.Throws<ContractDomainException>(() => One(g: 9, policy: DomainPolicy.Strict));
            Assert.Throws<ContractDomainException>(() => One(n: 1.5f, policy: DomainPolicy.Strict));
            One(x: 10, g: 1, policy: DomainPolicy.Strict); // the boundary itself is in the domain
        }

        [Fact]
        public void Params_are_set_by_name_within_their_bounds()
        {
            Assert.Equal(9f, One(x: 2, g: 1, parameters: new() { ["w"] = 3 }).Base[0]);
            Assert.Throws<ArgumentOutOfRangeException>(() => One(parameters: new() { ["w"] = 6 }));
            Assert.Throws<ArgumentException>(() => One(parameters: new() { ["nope"] = 1 }));
        }

        [Fact]
        public void A_batch_evaluates_every_sample_into_norm_major_columns()
        {
            var o = M.Evaluate(3, new Dictionary<string, Array>
            {
                ["x"] = new[] { 2f, 9f, -1f },
                ["n"] = new[] { 0f, 100f, 45f },
                ["g"] = new[] { 0, 1, 2 },
                ["f"] = new[] { false, false, true },
            });
            Assert.Equal(new[] { 5f, 20f + 3f - 4f - 1f, 0f - 4f - 2f + 1f + 2f }, o.Total.ToArray());
            Assert.Equal(new[] { -1f, 0f, 0f }, o.Contribution(M.Norm("in_a")).ToArray());
            Assert.Equal(new[] { 0f, 0f, 2f }, o.Contribution(M.Norm("chain_mid")).ToArray());
            // Sample 1: big_x (reward, reads x) and long_n (penalize, reads n) are unrelated — a trade-off, not a
            // conflict; chain_mid is silenced by chain_top, so it meets long_n in no conflict either.
            // Sample 2: flag_pen and flag_bonus are both conditioned on f; zone C is no context of concern zone.
            Assert.Equal(new[] { RewardReasons.None, RewardReasons.None, RewardReasons.Conflict | RewardReasons.Gap }, o.Reasons.ToArray());
        }

        [Fact]
        public void Columns_of_the_wrong_length_are_rejected()
        {
            var error = Assert.Throws<ArgumentException>(() => M.Evaluate(2, new Dictionary<string, Array> { ["x"] = new[] { 1f } }));
            Assert.Contains("column x", error.Message);
        }
    }
}
