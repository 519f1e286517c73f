using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace RewardModelTraining
{
    /// <summary>
    /// The reward model: a one-hidden-layer MLP, features → tanh(x·W1 + b1)·w2 + b2 = rm, as a TorchSharp module.
    /// Glorot-uniform weights and zero biases, drawn from torch's generator (seed it with <c>torch.manual_seed</c>).
    /// Trained with <c>torch.optim.Adam</c>; libtorch's autograd differentiates the loss through the generated contract
    /// module into these weights.
    /// </summary>
    public sealed class RewardMlp : Module<Tensor, Tensor>
    {
        // TorchSharp's RegisterComponents names submodules and parameters after the fields ("hidden.weight"), as PyTorch does.
        private readonly Linear hidden;
        private readonly Linear output;

        public RewardMlp(int inputs, int hiddenUnits) : base(nameof(RewardMlp))
        {
            hidden = Linear(inputs, hiddenUnits);
            output = Linear(hiddenUnits, 1);
            Initialize();
            RegisterComponents();
        }

        /// <summary>Glorot-uniform weights and zero biases from torch's generator: seed it first for reproducible weights.</summary>
        public void Initialize()
        {
            using (no_grad())
            {
                init.xavier_uniform_(hidden.weight!);
                init.zeros_(hidden.bias!);
                init.xavier_uniform_(output.weight!);
                init.zeros_(output.bias!);
            }
        }

        /// <summary>rm for each row of <paramref name="features"/> [N, inputs] → [N].</summary>
        public override Tensor forward(Tensor features)
        {
            using var scope = NewDisposeScope();
            Tensor rm = output.forward(hidden.forward(features).tanh()).reshape(-1);
            return rm.MoveToOuterDisposeScope();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                hidden.Dispose();
                output.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
