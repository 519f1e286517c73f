namespace ContractDsl.Runtime.Tests.Economics;

public class BradleyTerryTests
{
    [Fact]
    public void Probability_is_the_logistic_of_the_difference()
    {
        // σ(1) = 1 / (1 + e^−1) = 0.7310585786300049
        Assert.Equal(0.7310585786300049, BradleyTerry.Probability(1.5f, 0.5f), 1e-7);
        Assert.Equal(0.5f, BradleyTerry.Probability(3f, 3f));
        var p = new float[3];
        BradleyTerry.Probability(new[] { 0f, 100f, -100f }, new[] { 1f, 0f, 0f }, p);
        Assert.Equal(1 - 0.7310585786300049, p[0], 1e-7);
        Assert.Equal(1f, p[1]);
        // σ(−100) = e^−100 / (1 + e^−100) ≈ 3.72e−44, a float32 subnormal: computed without overflow, not rounded to 0 early.
        Assert.Equal((float)Math.Exp(-100), p[2]);
    }

    [Fact]
    public void Softplus_is_stable_at_both_ends()
    {
        Assert.Equal(Math.Log(2), BradleyTerry.Softplus(0), 1e-15);
        Assert.Equal(1000.0, BradleyTerry.Softplus(1000)); // log(1 + e^1000) overflows naively
        // log1p(e^−40) = e^−40 − e^−80/2 + …: naive log(1 + e^−40) is 0.
        Assert.Equal(Math.Exp(-40), BradleyTerry.Softplus(-40), 1e-30);
        Assert.Equal(0.0, BradleyTerry.Softplus(-1000));
        // softplus(2) = log(1 + e²) = 2.1269280110429727
        Assert.Equal(2.1269280110429727, BradleyTerry.Softplus(2), 1e-14);
    }

    [Fact]
    public void Loss_by_hand_with_margins_and_centring()
    {
        float[] winner = { 2f, 0.5f };
        float[] loser = { 0f, 1f };
        // No margin: mean(softplus(−2), softplus(0.5)) = (0.12692801104297263 + 0.9740769841801067) / 2
        Assert.Equal((0.12692801104297263 + 0.9740769841801067) / 2, BradleyTerry.Loss(winner, loser), 1e-12);
        // Margin 0.5 and per-pair margins (0.5, −1): m = (1, −0.5); d = r_w − r_l − m = (1, 0);
        // mean(softplus(−1), softplus(0)) = (0.31326168751822286 + 0.6931471805599453) / 2
        Assert.Equal((0.31326168751822286 + 0.6931471805599453) / 2, BradleyTerry.Loss(winner, loser, 0.5f, new[] { 0.5f, -1f }), 1e-12);
        // Centring 0.125: + 0.125 · mean((2 + 0)², (0.5 + 1)²) = 0.125 · (4 + 2.25) / 2 = 0.390625
        Assert.Equal((0.12692801104297263 + 0.9740769841801067) / 2 + 0.390625, BradleyTerry.Loss(winner, loser, centering: 0.125f), 1e-12);
    }

    [Fact]
    public void Gradient_by_hand_and_by_central_differences()
    {
        // One pair, d = 2 − 0 = 2, P = 1: ∂L/∂r_w = −σ(−2) = −0.11920292202211755, ∂L/∂r_l = +0.11920292202211755.
        var gw = new float[1];
        var gl = new float[1];
        BradleyTerry.LossAndGradient(new[] { 2f }, new[] { 0f }, gw, gl);
        Assert.Equal(-0.11920292202211755, gw[0], 1e-7);
        Assert.Equal(0.11920292202211755, gl[0], 1e-7);

        // Rewards on a 1/256 grid and a step of 2^−10 keep r ± h exact in float32.
        var random = new Random(11);
        int pairs = 9;
        float[] winner = Enumerable.Range(0, pairs).Select(_ => random.Next(-800, 800) / 256f).ToArray();
        float[] loser = Enumerable.Range(0, pairs).Select(_ => random.Next(-800, 800) / 256f).ToArray();
        float[] margins = Enumerable.Range(0, pairs).Select(_ => random.Next(0, 128) / 256f).ToArray();
        const float margin = 0.25f, centering = 0.05f;
        var gradientWinner = new float[pairs];
        var gradientLoser = new float[pairs];
        double loss = BradleyTerry.LossAndGradient(winner, loser, gradientWinner, gradientLoser, margin, margins, centering);
        Assert.Equal(BradleyTerry.Loss(winner, loser, margin, margins, centering), loss);
        const float h = 1f / 1024;
        for (int k = 0; k < pairs; k++)
        {
            foreach (var (rewards, gradient) in new[] { (winner, gradientWinner), (loser, gradientLoser) })
            {
                float original = rewards[k];
                rewards[k] = original + h;
                double up = BradleyTerry.Loss(winner, loser, margin, margins, centering);
                rewards[k] = original - h;
                double down = BradleyTerry.Loss(winner, loser, margin, margins, centering);
                rewards[k] = original;
                Assert.Equal((up - down) / (2 * h), gradient[k], 1e-7);
            }
        }
    }

    [Fact]
    public void Extreme_differences_give_finite_losses_and_gradients()
    {
        var gw = new float[2];
        var gl = new float[2];
        double loss = BradleyTerry.LossAndGradient(new[] { -1000f, 1000f }, new[] { 1000f, -1000f }, gw, gl);
        // softplus(2000) = 2000 and softplus(−2000) = 0: mean 1000.
        Assert.Equal(1000.0, loss);
        Assert.Equal(new[] { -0.5f, 0f }, gw); // σ(2000)/2 = 0.5, σ(−2000)/2 = 0
        Assert.Equal(new[] { 0.5f, 0f }, gl);
    }

    [Fact]
    public void No_pairs_is_NaN_as_torchs_mean_of_nothing_and_shapes_are_checked()
    {
        Assert.True(double.IsNaN(BradleyTerry.Loss(ReadOnlySpan<float>.Empty, ReadOnlySpan<float>.Empty)));
        Assert.Throws<ArgumentException>(() => BradleyTerry.Loss(new[] { 1f }, new[] { 1f, 2f }));
        Assert.Throws<ArgumentException>(() => BradleyTerry.Loss(new[] { 1f }, new[] { 1f }, 0, new[] { 1f, 2f }));
        Assert.Throws<ArgumentException>(() => BradleyTerry.LossAndGradient(new[] { 1f }, new[] { 1f }, new float[2], new float[1]));
    }
}
