namespace ContractDsl.Runtime.Tests.Economics;

/// <summary>
/// Hand-computed welfare. The batch throughout: group 0 has totals 1 and 3 (n₀ = 2, U₀ = 2), group 1 has
/// total 5 (n₁ = 1, U₁ = 5), and one invalid sample (NaN total, unknown group code 7) that must get weight 0.
/// N = 3 valid samples.
/// </summary>
public class WelfareTests
{
    private static readonly int[] Groups = { 0, 1, 0, 7 };
    private static readonly float[] Totals = { 1f, 5f, 3f, float.NaN };
    private static readonly RewardReasons[] Reasons = { RewardReasons.None, RewardReasons.None, RewardReasons.Conflict, RewardReasons.Invalid | RewardReasons.OutOfDomain };

    private static double[] Statistics(int groupCount = 2)
    {
        var statistics = new double[WelfareStatistics.Length(groupCount)];
        WelfareStatistics.Accumulate(Groups, Totals, Reasons, statistics);
        return statistics;
    }

    private static double[] Weights(WelfareRule rule)
    {
        var weights = new double[Groups.Length];
        Welfare.Weights(rule, Statistics(rule.GroupCount), Groups, Reasons, weights);
        return weights;
    }

    private static double[] Gradient(WelfareRule rule)
    {
        var gradient = new double[Groups.Length];
        Welfare.Gradient(rule, Statistics(rule.GroupCount), Groups, Reasons, gradient);
        return gradient;
    }

    private static void Close(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++) Assert.Equal(expected[i], actual[i], 1e-12 * Math.Max(1, Math.Abs(expected[i])));
    }

    [Fact]
    public void Utilitarian_with_group_weights()
    {
        var rule = WelfareRule.Utilitarian(2, new[] { 3.0, 1.0 });
        // φ = λ = (3, 1); unscaled w = φ/n: group 0 → 3/2 each, group 1 → 1; Σ = 1.5 + 1.5 + 1 = 4; c = N/Σ = 3/4.
        Close(new[] { 1.5 * 0.75, 1 * 0.75, 1.5 * 0.75, 0 }, Weights(rule));
        // W = 3·2 + 1·5
        Assert.Equal(11.0, Welfare.Value(rule, Statistics()), 1e-12);
        // ∂W/∂r_i = λ_g / n_g: 3/2 for group 0, 1 for group 1
        Close(new[] { 1.5, 1, 1.5, 0 }, Gradient(rule));
    }

    [Fact]
    public void Nash_above_the_disagreement_point()
    {
        var rule = WelfareRule.Nash(2, disagreementPoint: 1);
        // x = U − d = (1, 4); φ = 1/x = (1, 0.25); unscaled: 0.5, 0.5, 0.25; Σ = 1.25; c = 3/1.25 = 2.4.
        Close(new[] { 1.2, 0.6, 1.2, 0 }, Weights(rule));
        Assert.Equal(Math.Log(1) + Math.Log(4), Welfare.Value(rule, Statistics()), 1e-12);
        // ∂W/∂U_g = 1/x_g, over n_g: 1/(1·2) and 1/(4·1)
        Close(new[] { 0.5, 0.25, 0.5, 0 }, Gradient(rule));
    }

    [Fact]
    public void Nash_with_a_group_at_or_below_the_disagreement_point_uses_the_floor()
    {
        var rule = WelfareRule.Nash(2, disagreementPoint: 3);
        // U₀ − d = −1 → x₀ = 1e-6; x₁ = 2. φ = (1e6, 0.5); unscaled 5e5, 0.5, 5e5; Σ = 1e6 + 0.5; c = 3 / (1e6 + 0.5).
        double c = 3 / (1e6 + 0.5);
        Close(new[] { 5e5 * c, 0.5 * c, 5e5 * c, 0 }, Weights(rule));
        Assert.Equal(Math.Log(1e-6) + Math.Log(2), Welfare.Value(rule, Statistics()), 1e-12);
        // The floored group's term is flat: gradient 0 there; group 1: 1/2.
        Close(new[] { 0, 0.5, 0, 0 }, Gradient(rule));
    }

    [Fact]
    public void Maximin_soft_minimum()
    {
        var rule = WelfareRule.Maximin(2, temperature: 1);
        // softmax(−U) = (e^−2, e^−5) / (e^−2 + e^−5); φ = that; unscaled: s₀/2, s₁, s₀/2; Σ = s₀ + s₁ = 1; c = 3.
        double s0 = Math.Exp(-2) / (Math.Exp(-2) + Math.Exp(-5)), s1 = 1 - s0;
        Close(new[] { 3 * s0 / 2, 3 * s1, 3 * s0 / 2, 0 }, Weights(rule));
        // W = −log(e^−2 + e^−5) = 2 − log(1 + e^−3) ≈ 1.95141
        Assert.Equal(2 - Math.Log(1 + Math.Exp(-3)), Welfare.Value(rule, Statistics()), 1e-12);
        Close(new[] { s0 / 2, s1, s0 / 2, 0 }, Gradient(rule));
    }

    [Fact]
    public void Maximin_group_weights_enter_the_weights_but_not_the_value()
    {
        var rule = WelfareRule.Maximin(2, 1, new[] { 1.0, 4.0 });
        double s0 = Math.Exp(-2) / (Math.Exp(-2) + Math.Exp(-5)), s1 = 1 - s0;
        // φ = (s₀, 4 s₁); unscaled s₀/2, 4 s₁, s₀/2; c = 3 / (s₀ + 4 s₁)
        double c = 3 / (s0 + 4 * s1);
        Close(new[] { c * s0 / 2, c * 4 * s1, c * s0 / 2, 0 }, Weights(rule));
        Assert.Equal(2 - Math.Log(1 + Math.Exp(-3)), Welfare.Value(rule, Statistics()), 1e-12);
    }

    [Fact]
    public void Power_two_and_minus_one()
    {
        var square = WelfareRule.Power(2, exponent: 2, disagreementPoint: 0);
        // x = (2, 5); φ = x^(p−1) = (2, 5); unscaled 1, 5, 1; Σ = 7; c = 3/7.
        Close(new[] { 3.0 / 7, 15.0 / 7, 3.0 / 7, 0 }, Weights(square));
        Assert.Equal(Math.Sqrt(4 + 25), Welfare.Value(square, Statistics()), 1e-12);
        // ∂W/∂U_g = S^(1/2 − 1) · x_g = x_g / √29, over n_g
        Close(new[] { 2 / Math.Sqrt(29) / 2, 5 / Math.Sqrt(29), 2 / Math.Sqrt(29) / 2, 0 }, Gradient(square));

        var harmonic = WelfareRule.Power(2, exponent: -1, disagreementPoint: 0);
        // φ = x^−2 = (1/4, 1/25); unscaled 1/8, 1/25, 1/8; Σ = 0.29; c = 3/0.29.
        double c = 3 / 0.29;
        Close(new[] { c / 8, c / 25, c / 8, 0 }, Weights(harmonic));
        // W = (1/2 + 1/5)^−1 = 1/0.7
        Assert.Equal(1 / 0.7, Welfare.Value(harmonic, Statistics()), 1e-12);
        // ∂W/∂U_g = S^(−2) · x_g^(−2) with S = 0.7
        Close(new[] { 1 / (0.49 * 4) / 2, 1 / (0.49 * 25), 1 / (0.49 * 4) / 2, 0 }, Gradient(harmonic));
    }

    [Fact]
    public void Weights_sum_to_the_number_of_valid_samples()
    {
        foreach (var rule in new[]
        {
            WelfareRule.Utilitarian(2, new[] { 0.5, 2.0 }), WelfareRule.Nash(2, -1), WelfareRule.Maximin(2, 0.3),
            WelfareRule.Power(2, 0.5, -2), WelfareRule.Power(2, -1, 0),
        })
        {
            Assert.Equal(3.0, Weights(rule).Sum(), 1e-12);
        }
    }

    [Fact]
    public void An_absent_group_is_left_out_of_every_sum_and_softmax()
    {
        // Three groups; group 2 has no sample. Its λ must not matter, and the result equals the two-group one.
        foreach (var (three, two) in new[]
        {
            (WelfareRule.Utilitarian(3, new[] { 3.0, 1.0, 100.0 }), WelfareRule.Utilitarian(2, new[] { 3.0, 1.0 })),
            (WelfareRule.Nash(3, 1, new[] { 1.0, 1.0, 9.0 }), WelfareRule.Nash(2, 1)),
            (WelfareRule.Maximin(3, 0.5), WelfareRule.Maximin(2, 0.5)),
            (WelfareRule.Power(3, -1, 0), WelfareRule.Power(2, -1, 0)),
        })
        {
            Close(Weights(two), Weights(three));
            Close(Gradient(two), Gradient(three));
            Assert.Equal(Welfare.Value(two, Statistics(2)), Welfare.Value(three, Statistics(3)), 1e-12);
            var table = new double[3];
            Welfare.GroupWeights(three, Statistics(3), table);
            Assert.Equal(0.0, table[2]);
        }
    }

    [Fact]
    public void No_valid_sample_gives_a_NaN_value_and_zero_weights()
    {
        var rule = WelfareRule.Maximin(2);
        var statistics = new double[WelfareStatistics.Length(2)];
        WelfareStatistics.Accumulate(new[] { 5 }, new[] { float.NaN }, new[] { RewardReasons.Invalid }, statistics);
        Assert.True(double.IsNaN(Welfare.Value(rule, statistics)));
        var weights = new float[1] { 42 };
        Welfare.Weights(rule, statistics, new[] { 5 }, new[] { RewardReasons.Invalid }, weights);
        Assert.Equal(0f, weights[0]);
    }

    [Fact]
    public void Present_groups_that_all_weigh_zero_give_zero_weights()
    {
        // λ = 0 for both present groups: Σ φ = 0, so no c can make the weights sum to N.
        var rule = WelfareRule.Utilitarian(3, new[] { 0.0, 0.0, 1.0 });
        Assert.All(Weights(rule), w => Assert.Equal(0.0, w));
        Assert.Equal(0.0, Welfare.Value(rule, Statistics(3)));
    }

    [Fact]
    public void Extreme_temperatures_and_exponents_stay_finite()
    {
        var cold = WelfareRule.Maximin(2, temperature: 1e-3);
        var weights = Weights(cold);
        Assert.All(weights, w => Assert.True(double.IsFinite(w)));
        // T → 0: all weight on the worst group (U₀ = 2), value → min U.
        Close(new[] { 1.5, 0, 1.5, 0 }, weights);
        Assert.Equal(2.0, Welfare.Value(cold, Statistics()), 1e-9);

        var steep = WelfareRule.Power(2, exponent: -2000, disagreementPoint: 0);
        // 2^−2000 and 5^−2000 both underflow a double, so Σ x^p would be 0 and its power infinite; the log domain
        // keeps them. W = 2 · (1 + (2/5)^2000)^(−1/2000) = 2 to double precision; all weight on the worse group.
        Close(new[] { 1.5, 0, 1.5, 0 }, Weights(steep));
        Assert.Equal(2.0, Welfare.Value(steep, Statistics()), 1e-12);
    }

    [Fact]
    public void Compute_is_accumulate_then_weights_then_value_and_float_weights_round_the_double_ones()
    {
        var rule = WelfareRule.Nash(2, 1);
        var weights = new float[4];
        double value = Welfare.Compute(rule, Groups, Totals, Reasons, weights);
        Assert.Equal(Welfare.Value(rule, Statistics()), value);
        Assert.Equal(Weights(rule).Select(w => (float)w), weights);
    }

    [Fact]
    public void Group_codes_of_an_enum_column_are_read_without_copying()
    {
        var column = new[] { DayOfWeek.Monday, DayOfWeek.Sunday };
        Assert.Equal(new[] { 1, 0 }, Welfare.GroupCodes<DayOfWeek>(column).ToArray());
    }

    [Fact]
    public void Mismatched_inputs_are_rejected()
    {
        var rule = WelfareRule.Utilitarian(2);
        Assert.Throws<ArgumentException>(() => Welfare.Value(rule, new double[WelfareStatistics.Length(3)]));
        Assert.Throws<ArgumentException>(() => Welfare.Weights(rule, Statistics(), Groups, Reasons, new float[3]));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Welfare.Weights(rule, Statistics(), new[] { 0, 2 }, new RewardReasons[2], new float[2]));
        Assert.Contains("sample 1", error.Message);
    }
}
