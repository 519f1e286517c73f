using System;
using System.Linq;
using System.Runtime.InteropServices;
using Acme.Alignment;
using ContractDsl.Bench.Contracts;
using ContractDsl.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace ContractDsl.Bench
{
    /// <summary>The six result tensors of one torch-path evaluation, as host arrays (norm-major like the CPU outputs).</summary>
    internal sealed record TorchOutputs(float[] Total, float[] Base, float[] Contributions, bool[] Active, float[] Uncertainty, byte[] Reasons);

    /// <summary>
    /// One contract's generated module and a synthetic batch for it: plausible RL-batch signals with a little dirt (values
    /// outside their domains, a few NaNs), so that the domain checks and the invalid-sample path are exercised as in
    /// real data. The CPU side evaluates sub-ranges of the batch into caller-owned outputs; the torch side evaluates
    /// the first n samples as tensors.
    /// </summary>
    internal abstract class Workload
    {
        /// <summary>The name used by <c>--contracts</c>.</summary>
        public abstract string Key { get; }

        public abstract ContractInfo Info { get; }

        public abstract int NormCount { get; }

        /// <summary>Generates <paramref name="n"/> samples (replacing any earlier batch).</summary>
        public abstract void Generate(int n, ulong seed);

        /// <summary>Evaluates samples [start, start + count) into <paramref name="outputs"/> (sized for count), with the module's current threading.</summary>
        public abstract void Evaluate(int start, int count, RewardOutputs outputs);

        /// <summary>The module's threading for the next evaluations: at most <paramref name="threads"/> threads, from the first sample.</summary>
        public abstract void UseThreads(int threads);

        /// <summary>The first <paramref name="n"/> samples as tensors on <paramref name="device"/> (in the caller's dispose scope), and an evaluation of them.</summary>
        public abstract Func<IDisposable> PrepareTorch(int n, Device device);

        /// <summary>The torch path's results on the first <paramref name="n"/> samples.</summary>
        public abstract TorchOutputs EvaluateTorch(int n, Device device);

        /// <summary>Bytes one sample's evaluation must move at least: every column read once, every output written once.</summary>
        public int BytesRead(int categoryBytes) => Info.Signals.Sum(s => s.Kind switch
        {
            "flag" => 1,
            "category" => categoryBytes,
            "ensemble" => 4 * s.EnsembleSize,
            _ => 4,
        });

        /// <summary>total, base, uncertainty (float) + reasons (byte) + per norm a float contribution and a bool.</summary>
        public int BytesWritten => 4 + 4 + 4 + 1 + NormCount * (4 + 1);

        public static Workload[] All() => new Workload[] { new ShapingWorkload(), new AssistantWorkload(), new SmoothWorkload() };

        protected static T[] Host<T>(Tensor values) where T : unmanaged
        {
            using var host = values.cpu();
            return host.data<T>().ToArray();
        }

        protected static Tensor Floats(float[] values, int n, Device device, int width = 1) =>
            width == 1 ? tensor(values.AsSpan(0, n).ToArray(), device: device) : tensor(values.AsSpan(0, n * width).ToArray(), new long[] { n, width }, device: device);

        protected static Tensor Flags(bool[] values, int n, Device device) => tensor(values.AsSpan(0, n).ToArray(), device: device);

        protected static Tensor Codes(int[] values, int n, Device device)
        {
            var codes = new long[n];
            for (int i = 0; i < n; i++) codes[i] = values[i];
            return tensor(codes, device: device);
        }

        /// <summary>A reward-model ensemble: heads that mostly agree around a per-sample quality, some that disagree.</summary>
        protected static void Heads(float[] rm, int i, int k, ref Rng r, float scale)
        {
            float quality = scale * r.Normal();
            float spread = 0.5f + 2 * r.Uniform();
            for (int m = 0; m < k; m++) rm[i * k + m] = quality + spread * r.Normal();
        }
    }

    /// <summary>bench/contracts/bench.contract: 11 signals, 12 norms (a log, a sigmoid), preferences, conflicts, a gap group.</summary>
    internal sealed class ShapingWorkload : Workload
    {
        private readonly Shaping _module = new Shaping();
        private float[] _rm = [], _helpful = [], _toxicity = [], _refusal = [], _unsafe = [], _tokens = [], _citations = [], _kl = [];
        private int[] _language = [];
        private bool[] _code = [], _pii = [];

        public override string Key => "bench";
        public override ContractInfo Info => Shaping.Info;
        public override int NormCount => Shaping.NormCount;

        public override void Generate(int n, ulong seed)
        {
            var r = new Rng(seed);
            _rm = new float[n * 4];
            _helpful = new float[n];
            _toxicity = new float[n];
            _refusal = new float[n];
            _unsafe = new float[n];
            _tokens = new float[n];
            _citations = new float[n];
            _kl = new float[n];
            _language = new int[n];
            _code = new bool[n];
            _pii = new bool[n];
            for (int i = 0; i < n; i++)
            {
                Heads(_rm, i, 4, ref r, 3);
                _helpful[i] = r.Uniform();
                float t = r.Uniform();
                _toxicity[i] = r.Uniform() < 0.005f ? 1 + t : t * t * t; // 0.5 % outside [0, 1]
                _refusal[i] = MathF.Pow(r.Uniform(), 3);
                _unsafe[i] = MathF.Pow(r.Uniform(), 4);
                _tokens[i] = MathF.Round(50 - 600 * MathF.Log(1 - r.Uniform()));
                _citations[i] = MathF.Floor(MathF.Exp(3 * r.Uniform())) - 1;
                _kl[i] = r.Uniform() < 0.001f ? float.NaN : -4 * MathF.Log(1 - r.Uniform()); // 0.1 % invalid
                float u = r.Uniform();
                _language[i] = u < 0.6f ? 0 : u < 0.75f ? 1 : u < 0.9f ? 2 : 3;
                _code[i] = r.Uniform() < 0.2f;
                _pii[i] = r.Uniform() < 0.01f;
            }
        }

        private Shaping.Batch Batch(int start, int count) => new Shaping.Batch(count)
        {
            Rm = _rm.AsSpan(start * 4, count * 4),
            Helpful = _helpful.AsSpan(start, count),
            Toxicity = _toxicity.AsSpan(start, count),
            Refusal = _refusal.AsSpan(start, count),
            UnsafeReq = _unsafe.AsSpan(start, count),
            Tokens = _tokens.AsSpan(start, count),
            Citations = _citations.AsSpan(start, count),
            Kl = _kl.AsSpan(start, count),
            Language = MemoryMarshal.Cast<int, Shaping.Language>(_language.AsSpan(start, count)),
            CodeBlock = _code.AsSpan(start, count),
            Pii = _pii.AsSpan(start, count),
        };

        public override void Evaluate(int start, int count, RewardOutputs outputs) => _module.Evaluate(Batch(start, count), outputs.AsSpans());

        public override void UseThreads(int threads) => _module.Parallelism = new EvaluationParallelism(threads, minimumSamples: 0);

        private Shaping.TensorBatch TensorBatch(int n, Device device) => new Shaping.TensorBatch
        {
            Rm = Floats(_rm, n, device, 4),
            Helpful = Floats(_helpful, n, device),
            Toxicity = Floats(_toxicity, n, device),
            Refusal = Floats(_refusal, n, device),
            UnsafeReq = Floats(_unsafe, n, device),
            Tokens = Floats(_tokens, n, device),
            Citations = Floats(_citations, n, device),
            Kl = Floats(_kl, n, device),
            Language = Codes(_language, n, device),
            CodeBlock = Flags(_code, n, device),
            Pii = Flags(_pii, n, device),
        };

        public override Func<IDisposable> PrepareTorch(int n, Device device)
        {
            var batch = TensorBatch(n, device);
            return () => _module.Evaluate(batch);
        }

        public override TorchOutputs EvaluateTorch(int n, Device device)
        {
            using var result = _module.Evaluate(TensorBatch(n, device));
            return new TorchOutputs(Host<float>(result.Total), Host<float>(result.Base), Host<float>(result.Contributions), Host<bool>(result.Active), Host<float>(result.Uncertainty), Host<byte>(result.Reasons));
        }
    }

    /// <summary>tests/TestData/assistant.contract, the brief's example: 7 signals (a 4-head ensemble), 5 norms, no transcendental function.</summary>
    internal sealed class AssistantWorkload : Workload
    {
        private readonly Assistant _module = new Assistant();
        private float[] _helpfulness = [], _rm = [], _toxicity = [], _tokens = [];
        private int[] _region = [];
        private bool[] _alcohol = [], _refused = [];

        public override string Key => "assistant";
        public override ContractInfo Info => Assistant.Info;
        public override int NormCount => Assistant.NormCount;

        public override void Generate(int n, ulong seed)
        {
            var r = new Rng(seed);
            _helpfulness = new float[n];
            _rm = new float[n * 4];
            _toxicity = new float[n];
            _tokens = new float[n];
            _region = new int[n];
            _alcohol = new bool[n];
            _refused = new bool[n];
            for (int i = 0; i < n; i++)
            {
                _helpfulness[i] = r.Uniform() < 0.001f ? float.NaN : 4 * r.Normal(); // 0.1 % invalid, a few beyond ±10
                Heads(_rm, i, 4, ref r, 2.5f);
                float t = r.Uniform();
                _toxicity[i] = r.Uniform() < 0.005f ? 1 + t : t * t * t;
                _tokens[i] = MathF.Round(30 - 300 * MathF.Log(1 - r.Uniform()));
                float u = r.Uniform();
                _region[i] = u < 0.4f ? 0 : u < 0.8f ? 1 : u < 0.9f ? 2 : 3;
                _alcohol[i] = r.Uniform() < 0.05f;
                _refused[i] = r.Uniform() < 0.08f;
            }
        }

        private Assistant.Batch Batch(int start, int count) => new Assistant.Batch(count)
        {
            Helpfulness = _helpfulness.AsSpan(start, count),
            Rm = _rm.AsSpan(start * 4, count * 4),
            Toxicity = _toxicity.AsSpan(start, count),
            Tokens = _tokens.AsSpan(start, count),
            Region = MemoryMarshal.Cast<int, Assistant.Region>(_region.AsSpan(start, count)),
            Alcohol = _alcohol.AsSpan(start, count),
            Refused = _refused.AsSpan(start, count),
        };

        public override void Evaluate(int start, int count, RewardOutputs outputs) => _module.Evaluate(Batch(start, count), outputs.AsSpans());

        public override void UseThreads(int threads) => _module.Parallelism = new EvaluationParallelism(threads, minimumSamples: 0);

        private Assistant.TensorBatch TensorBatch(int n, Device device) => new Assistant.TensorBatch
        {
            Helpfulness = Floats(_helpfulness, n, device),
            Rm = Floats(_rm, n, device, 4),
            Toxicity = Floats(_toxicity, n, device),
            Tokens = Floats(_tokens, n, device),
            Region = Codes(_region, n, device),
            Alcohol = Flags(_alcohol, n, device),
            Refused = Flags(_refused, n, device),
        };

        public override Func<IDisposable> PrepareTorch(int n, Device device)
        {
            var batch = TensorBatch(n, device);
            return () => _module.Evaluate(batch);
        }

        public override TorchOutputs EvaluateTorch(int n, Device device)
        {
            using var result = _module.Evaluate(TensorBatch(n, device));
            return new TorchOutputs(Host<float>(result.Total), Host<float>(result.Base), Host<float>(result.Contributions), Host<bool>(result.Active), Host<float>(result.Uncertainty), Host<byte>(result.Reasons));
        }
    }

    /// <summary>bench/contracts/smooth.contract: 10 signals, 8 norms, ten calls of tanh, log, exp and sigmoid per sample.</summary>
    internal sealed class SmoothWorkload : Workload
    {
        private readonly Smooth _module = new Smooth();
        private float[] _rm = [], _helpful = [], _toxicity = [], _logp = [], _refLogp = [], _kl = [], _tokens = [], _entropy = [], _novelty = [];
        private bool[] _format = [];

        public override string Key => "smooth";
        public override ContractInfo Info => Smooth.Info;
        public override int NormCount => Smooth.NormCount;

        public override void Generate(int n, ulong seed)
        {
            var r = new Rng(seed);
            _rm = new float[n * 4];
            _helpful = new float[n];
            _toxicity = new float[n];
            _logp = new float[n];
            _refLogp = new float[n];
            _kl = new float[n];
            _tokens = new float[n];
            _entropy = new float[n];
            _novelty = new float[n];
            _format = new bool[n];
            for (int i = 0; i < n; i++)
            {
                Heads(_rm, i, 4, ref r, 3);
                _helpful[i] = r.Uniform();
                float t = r.Uniform();
                _toxicity[i] = r.Uniform() < 0.005f ? 1 + t : t * t * t;
                float tokens = MathF.Round(20 - 400 * MathF.Log(1 - r.Uniform()));
                _tokens[i] = tokens;
                float logp = -tokens * (0.05f + 0.4f * r.Uniform()); // long replies fall below the domain's -400 now and then
                _logp[i] = logp;
                _refLogp[i] = logp - (0.5f + 2 * r.Normal());
                _kl[i] = r.Uniform() < 0.001f ? float.NaN : -4 * MathF.Log(1 - r.Uniform());
                _entropy[i] = 0.5f + 6 * r.Uniform() * r.Uniform();
                _novelty[i] = r.Uniform();
                _format[i] = r.Uniform() < 0.9f;
            }
        }

        private Smooth.Batch Batch(int start, int count) => new Smooth.Batch(count)
        {
            Rm = _rm.AsSpan(start * 4, count * 4),
            Helpful = _helpful.AsSpan(start, count),
            Toxicity = _toxicity.AsSpan(start, count),
            Logp = _logp.AsSpan(start, count),
            RefLogp = _refLogp.AsSpan(start, count),
            Kl = _kl.AsSpan(start, count),
            Tokens = _tokens.AsSpan(start, count),
            Entropy = _entropy.AsSpan(start, count),
            Novelty = _novelty.AsSpan(start, count),
            FormatOk = _format.AsSpan(start, count),
        };

        public override void Evaluate(int start, int count, RewardOutputs outputs) => _module.Evaluate(Batch(start, count), outputs.AsSpans());

        public override void UseThreads(int threads) => _module.Parallelism = new EvaluationParallelism(threads, minimumSamples: 0);

        private Smooth.TensorBatch TensorBatch(int n, Device device) => new Smooth.TensorBatch
        {
            Rm = Floats(_rm, n, device, 4),
            Helpful = Floats(_helpful, n, device),
            Toxicity = Floats(_toxicity, n, device),
            Logp = Floats(_logp, n, device),
            RefLogp = Floats(_refLogp, n, device),
            Kl = Floats(_kl, n, device),
            Tokens = Floats(_tokens, n, device),
            Entropy = Floats(_entropy, n, device),
            Novelty = Floats(_novelty, n, device),
            FormatOk = Flags(_format, n, device),
        };

        public override Func<IDisposable> PrepareTorch(int n, Device device)
        {
            var batch = TensorBatch(n, device);
            return () => _module.Evaluate(batch);
        }

        public override TorchOutputs EvaluateTorch(int n, Device device)
        {
            using var result = _module.Evaluate(TensorBatch(n, device));
            return new TorchOutputs(Host<float>(result.Total), Host<float>(result.Base), Host<float>(result.Contributions), Host<bool>(result.Active), Host<float>(result.Uncertainty), Host<byte>(result.Reasons));
        }
    }

    /// <summary>xorshift64* — fast and reproducible, enough for benchmark data.</summary>
    internal struct Rng
    {
        private ulong _state;

        public Rng(ulong seed) => _state = seed == 0 ? 0x9E3779B97F4A7C15UL : seed;

        public float Uniform()
        {
            _state ^= _state >> 12;
            _state ^= _state << 25;
            _state ^= _state >> 27;
            return ((_state * 0x2545F4914F6CDD1DUL) >> 40) * (1f / (1 << 24));
        }

        public float Normal()
        {
            float u1 = 1 - Uniform(), u2 = Uniform();
            return MathF.Sqrt(-2 * MathF.Log(u1)) * MathF.Cos(2 * MathF.PI * u2);
        }
    }
}
