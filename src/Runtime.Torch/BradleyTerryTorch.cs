using System;
using static TorchSharp.torch;

namespace ContractDsl.Runtime.Torch
{
    /// <summary>
    /// The Bradley–Terry preference model on tensors (design brief §4 step 8), differentiable, for training reward
    /// models from (winner, loser) pairs.
    /// </summary>
    public static class BradleyTerryTorch
    {
        /// <summary>
        /// mean(softplus(−(r_w − r_l − m))) + centering · mean((r_w + r_l)²), i.e. the mean negative
        /// log-likelihood −log σ(r_w − r_l − m) plus an optional penalty that keeps rewards centred at 0.
        /// m is <paramref name="margin"/> plus <paramref name="marginPerPair"/> when given. Intermediate
        /// tensors are disposed; the returned 0-dim loss belongs to the caller's dispose scope (if any).
        /// </summary>
        /// <param name="rewardWinner">Rewards of the preferred responses, one per pair.</param>
        /// <param name="rewardLoser">Rewards of the rejected responses, same shape.</param>
        /// <param name="margin">A constant margin the winner must beat the loser by.</param>
        /// <param name="marginPerPair">Optional per-pair margins, broadcast against the rewards.</param>
        /// <param name="centering">Weight of the mean((r_w + r_l)²) centering penalty (0 = off).</param>
        public static Tensor Loss(Tensor rewardWinner, Tensor rewardLoser, float margin = 0, Tensor? marginPerPair = null, float centering = 0)
        {
            ArgumentNullException.ThrowIfNull(rewardWinner);
            ArgumentNullException.ThrowIfNull(rewardLoser);
            using var scope = NewDisposeScope();
            Tensor difference = rewardWinner - rewardLoser;
            if (margin != 0) difference = difference - margin;
            if (marginPerPair is not null) difference = difference - marginPerPair;
            // softplus(−d) = −log σ(d), computed without overflow for large |d|.
            Tensor loss = nn.functional.softplus(-difference).mean();
            if (centering != 0)
            {
                Tensor total = rewardWinner + rewardLoser;
                loss = loss + (total * total).mean() * centering;
            }
            return loss.MoveToOuterDisposeScope();
        }

        /// <summary>P(a preferred over b) = σ(ra − rb), element-wise.</summary>
        public static Tensor Probability(Tensor ra, Tensor rb)
        {
            ArgumentNullException.ThrowIfNull(ra);
            ArgumentNullException.ThrowIfNull(rb);
            using Tensor difference = ra - rb;
            return difference.sigmoid();
        }
    }
}
