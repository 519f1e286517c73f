using System;
using ContractDsl.Runtime.Torch;
using static ContractDsl.Runtime.Torch.torch;

namespace RewardModelTraining
{
    /// <summary>
    /// The reward model: a one-hidden-layer MLP, features → tanh(x·W1 + b1)·w2 + b2 = rm. The weights live on the
    /// host (a few hundred floats); each step uploads them as leaf tensors, libtorch's autograd differentiates the
    /// loss through the generated contract module, and <see cref="Adam"/> updates the host copy — so the optimizer
    /// is plain managed code and the same program runs on the CPU or a GPU.
    /// </summary>
    public sealed class RewardMlp
    {
        private readonly float[][] _parameters;
        private readonly long[][] _shapes;

        /// <summary>Glorot-uniform weights and zero biases from a fixed seed.</summary>
        public RewardMlp(int inputs, int hidden, int seed)
        {
            Inputs = inputs;
            Hidden = hidden;
            var random = new Random(seed);
            float[] Glorot(int fanIn, int fanOut)
            {
                float limit = MathF.Sqrt(6f / (fanIn + fanOut));
                var w = new float[fanIn * fanOut];
                for (int i = 0; i < w.Length; i++) w[i] = (float)(random.NextDouble() * 2 - 1) * limit;
                return w;
            }
            _parameters = new[] { Glorot(inputs, hidden), new float[hidden], Glorot(hidden, 1), new float[1] };
            _shapes = new[] { new long[] { inputs, hidden }, new long[] { hidden }, new long[] { hidden, 1 }, new long[] { 1 } };
        }

        public int Inputs { get; }

        public int Hidden { get; }

        /// <summary>The host copies of W1, b1, w2, b2 (what the optimizer updates).</summary>
        public float[][] Parameters => _parameters;

        /// <summary>The parameters as leaf tensors on <paramref name="device"/> (in the caller's dispose scope).</summary>
        public Tensor[] Upload(Device device, bool requiresGrad) =>
            new[]
            {
                tensor(_parameters[0], _shapes[0], device: device, requires_grad: requiresGrad),
                tensor(_parameters[1], _shapes[1], device: device, requires_grad: requiresGrad),
                tensor(_parameters[2], _shapes[2], device: device, requires_grad: requiresGrad),
                tensor(_parameters[3], _shapes[3], device: device, requires_grad: requiresGrad),
            };

        /// <summary>rm for each row of <paramref name="features"/> [N, inputs] → [N].</summary>
        public static Tensor Forward(Tensor[] parameters, Tensor features)
        {
            Tensor hidden = (features.matmul(parameters[0]) + parameters[1]).tanh();
            return (hidden.matmul(parameters[2]) + parameters[3]).reshape(-1);
        }
    }

    /// <summary>Adam (Kingma and Ba, 2015) on host arrays.</summary>
    public sealed class Adam
    {
        private readonly float[][] _m;
        private readonly float[][] _v;
        private readonly float _rate;
        private int _step;

        public Adam(float[][] parameters, float rate)
        {
            _rate = rate;
            _m = Array.ConvertAll(parameters, p => new float[p.Length]);
            _v = Array.ConvertAll(parameters, p => new float[p.Length]);
        }

        public void Step(float[][] parameters, float[][] gradients, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f)
        {
            _step++;
            float correction1 = 1 - MathF.Pow(beta1, _step), correction2 = 1 - MathF.Pow(beta2, _step);
            for (int p = 0; p < parameters.Length; p++)
            {
                float[] w = parameters[p], g = gradients[p], m = _m[p], v = _v[p];
                for (int i = 0; i < w.Length; i++)
                {
                    m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                    v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                    w[i] -= _rate * (m[i] / correction1) / (MathF.Sqrt(v[i] / correction2) + epsilon);
                }
            }
        }
    }
}
