using System;

namespace ContractDsl.Runtime
{
    /// <summary>
    /// Bradley–Terry pairwise preferences on the CPU (design brief §4 step 8), with the meaning of
    /// <c>Torch.BradleyTerryTorch</c>: P(a ≻ b) = σ(r_a − r_b); over pairs (winner w, loser l) the loss is
    /// mean(softplus(−(r_w − r_l − m))) + centering · mean((r_w + r_l)²) with m = margin + marginPerPair[k].
    /// Rewards and margins are float32 (as the tensors); sums and transcendental functions are computed in
    /// double. Allocation-free.
    /// </summary>
    public static class BradleyTerry
    {
        /// <summary>softplus(x) = log(1 + eˣ), computed as max(x, 0) + log1p(e^−|x|): no overflow for large |x|, no loss of precision for very negative x.</summary>
        public static double Softplus(double x) => Math.Max(x, 0) + LogOnePlus(Math.Exp(-Math.Abs(x)));

        /// <summary>σ(x) = 1 / (1 + e^−x), evaluated on the side where the exponential cannot overflow.</summary>
        public static double Sigmoid(double x)
        {
            if (x >= 0) return 1 / (1 + Math.Exp(-x));
            double e = Math.Exp(x);
            return e / (1 + e);
        }

        /// <summary>P(a preferred over b) = σ(r_a − r_b).</summary>
        public static float Probability(float rewardA, float rewardB) => (float)Sigmoid((double)rewardA - rewardB);

        /// <summary>P(a preferred over b) = σ(r_a − r_b), element-wise into <paramref name="probability"/>.</summary>
        public static void Probability(ReadOnlySpan<float> rewardA, ReadOnlySpan<float> rewardB, Span<float> probability)
        {
            CheckPairs(rewardA.Length, rewardB.Length, probability.Length, nameof(probability));
            for (int k = 0; k < probability.Length; k++) probability[k] = Probability(rewardA[k], rewardB[k]);
        }

        /// <summary>
        /// The loss mean_k softplus(−(r_w − r_l − m_k)) + centering · mean_k (r_w + r_l)², where
        /// m_k = <paramref name="margin"/> + <paramref name="marginPerPair"/>[k] (an empty span: no per-pair margin).
        /// NaN for zero pairs (the mean of nothing, as torch's mean of an empty tensor).
        /// </summary>
        public static double Loss(ReadOnlySpan<float> rewardWinner, ReadOnlySpan<float> rewardLoser, float margin = 0, ReadOnlySpan<float> marginPerPair = default, float centering = 0) =>
            Evaluate(rewardWinner, rewardLoser, margin, marginPerPair, centering, Span<float>.Empty, Span<float>.Empty, withGradient: false);

        /// <summary>
        /// The loss (returned) and its gradient: ∂L/∂r_w[k] into <paramref name="gradientWinner"/> and ∂L/∂r_l[k] into
        /// <paramref name="gradientLoser"/>. With P pairs and d_k = r_w − r_l − m_k:
        /// ∂L/∂r_w = −σ(−d_k)/P + 2·centering·(r_w + r_l)/P and ∂L/∂r_l = +σ(−d_k)/P + 2·centering·(r_w + r_l)/P.
        /// </summary>
        public static double LossAndGradient(ReadOnlySpan<float> rewardWinner, ReadOnlySpan<float> rewardLoser, Span<float> gradientWinner, Span<float> gradientLoser,
            float margin = 0, ReadOnlySpan<float> marginPerPair = default, float centering = 0)
        {
            CheckPairs(rewardWinner.Length, gradientWinner.Length, gradientLoser.Length, nameof(gradientLoser));
            return Evaluate(rewardWinner, rewardLoser, margin, marginPerPair, centering, gradientWinner, gradientLoser, withGradient: true);
        }

        private static double Evaluate(ReadOnlySpan<float> rewardWinner, ReadOnlySpan<float> rewardLoser, float margin, ReadOnlySpan<float> marginPerPair, float centering,
            Span<float> gradientWinner, Span<float> gradientLoser, bool withGradient)
        {
            int pairs = rewardWinner.Length;
            CheckPairs(pairs, rewardLoser.Length, pairs, nameof(rewardLoser));
            if (!marginPerPair.IsEmpty && marginPerPair.Length != pairs)
                throw new ArgumentException($"marginPerPair has {marginPerPair.Length} values for {pairs} pairs (leave it empty for none)", nameof(marginPerPair));
            if (pairs == 0) return double.NaN;

            double likelihood = 0, centre = 0;
            for (int k = 0; k < pairs; k++)
            {
                double winner = rewardWinner[k], loser = rewardLoser[k];
                double difference = winner - loser - margin - (marginPerPair.IsEmpty ? 0 : marginPerPair[k]);
                // softplus(−d) and σ(−d) share e = exp(−|d|): one exponential per pair.
                double e = Math.Exp(-Math.Abs(difference));
                likelihood += Math.Max(-difference, 0) + LogOnePlus(e);
                double sum = winner + loser;
                centre += sum * sum;
                if (withGradient)
                {
                    double sigmoidOfMinusD = difference >= 0 ? e / (1 + e) : 1 / (1 + e);
                    double pull = sigmoidOfMinusD / pairs; // −∂softplus(−d)/∂d / P
                    double push = 2.0 * centering * sum / pairs;
                    gradientWinner[k] = (float)(-pull + push);
                    gradientLoser[k] = (float)(pull + push);
                }
            }
            double loss = likelihood / pairs;
            if (centering != 0) loss += centering * (centre / pairs);
            return loss;
        }

        /// <summary>log(1 + y) for y in [0, 1], accurate for small y (Math has no log1p).</summary>
        private static double LogOnePlus(double y)
        {
            double u = 1 + y;
            // The classic correction: log(u) · y / (u − 1) is exact to rounding when u is the rounded 1 + y.
            return u == 1 ? y : Math.Log(u) * (y / (u - 1));
        }

        private static void CheckPairs(int expected, int actual, int third, string name)
        {
            if (actual != expected || third != expected)
                throw new ArgumentException($"every span must have one value per pair ({expected}); got {actual} and {third}", name);
        }
    }
}
