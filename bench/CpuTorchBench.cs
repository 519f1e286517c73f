using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using ContractDsl.Bench.Contracts;
using ContractDsl.Runtime;
using ContractDsl.Runtime.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace ContractDsl.Bench
{
    /// <summary>
    /// Throughput of the generated reward module for contracts/bench.contract (11 signals, one a 4-head ensemble, 12 norms,
    /// preferences, uncertainty rules) on 10^4 … 10^7 samples:
    /// <list type="bullet">
    /// <item><c>cpu</c>: the fused CPU kernel on one thread and on two (the batch split in halves, each into its own
    /// outputs, as a data-parallel job would), against the memory-bandwidth bound: bytes the kernel must read and
    /// write per sample × samples/s, compared with a measured memcpy bandwidth.</item>
    /// <item><c>torch</c>: the CPU timings, then a parity check of the torch path against the CPU kernel on the benchmark
    /// batch (up to 10^6 samples; exit code 1 when they disagree), then the timings of the generated torch path on
    /// TorchSharp eager tensors on <c>--device</c> (default cpu: libtorch 2.10's CPU backend with its default intra-op
    /// threads; cuda: the GPU, each evaluation synchronised), under no_grad, and the CPU/torch ratio.</item>
    /// </list>
    /// Each figure is the median of several runs after a warm-up run; a run repeats the evaluation until it lasts at
    /// least <c>--min-seconds</c>. Options: <c>--sizes 1e4,1e5,1e6,1e7 --runs 5 --min-seconds 0.25 --device cpu|cuda --threads T</c>
    /// (T: libtorch's intra-op threads on the CPU; default one per core).
    /// </summary>
    public static class CpuTorchBench
    {
        public static int RunCpu(string[] args) => Run(args, withTorch: false);

        public static int RunTorch(string[] args) => Run(args, withTorch: true);

        private sealed record Options(int[] Sizes, int Runs, double MinSeconds, string Device, int Threads);

        private static int Run(string[] args, bool withTorch)
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            var options = Parse(args);
            if (withTorch && !TorchRuntime.IsAvailable)
            {
                Console.Error.WriteLine(TorchRuntime.UnavailableReason);
                return 1;
            }

            int max = options.Sizes.Max();
            Console.WriteLine($"# {(withTorch ? "CPU vs torch" : "CPU")}: contract {Shaping.Info.Name} ({Shaping.Info.SourceFile}), {Shaping.Info.Signals.Count} signals, {Shaping.NormCount} norms");
            Console.WriteLine();
            Device device = torch.device(options.Device);
            if (withTorch && options.Threads > 0) set_num_threads(options.Threads); // libtorch's intra-op threads on the CPU (default: one per core)
            if (withTorch && device.type == DeviceType.CUDA && !cuda.is_available())
            {
                Console.Error.WriteLine("--device cuda: libtorch sees no GPU (a CPU-only libtorch, or no driver)");
                return 1;
            }
            Console.WriteLine("Machine: " + Machine(withTorch) + (withTorch ? $"; torch device {device}" : ""));
            Console.WriteLine();
            string startLoad = LoadAverage();
            var watch = Stopwatch.StartNew();
            var data = new Inputs(max, seed: 20240601);
            Console.WriteLine($"Generated {max:N0} samples in {watch.Elapsed.TotalSeconds:F1} s; medians of {options.Runs} runs (each ≥ {options.MinSeconds} s) after a warm-up run.");

            double copy1 = CopyBandwidth(threads: 1, options.Runs), copy2 = CopyBandwidth(threads: 2, options.Runs);
            int cpuBytes = BytesPerSample(categoryBytes: 4), torchBytes = BytesPerSample(categoryBytes: 8);
            Console.WriteLine($"memcpy bandwidth (bytes read + written per second, best copy of 512 MiB): {copy1 / 1e9:F1} GB/s on 1 thread, {copy2 / 1e9:F1} GB/s on 2.");
            Console.WriteLine($"Bytes per sample the kernel must move: {cpuBytes} (read {cpuBytes - OutputBytes} + written {OutputBytes}); " +
                              $"bound = bandwidth / bytes = {copy1 / cpuBytes / 1e6:F1} M samples/s on 1 thread, {copy2 / cpuBytes / 1e6:F1} M on 2.");
            Console.WriteLine();

            // Every CPU timing first: libtorch's OpenMP workers keep spinning for a while after each parallel region
            // and would steal a core from a CPU-kernel timing that followed a torch one.
            var rows = new List<(int N, double Cpu1, double Cpu2, double Torch)>();
            foreach (int n in options.Sizes)
            {
                double cpu1 = MeasureCpu(data, n, threads: 1, options);
                double cpu2 = MeasureCpu(data, n, threads: 2, options);
                rows.Add((n, cpu1, cpu2, double.NaN));
                Console.Error.WriteLine($"  {n:N0}: cpu×1 {cpu1 / 1e6:F2} M/s, cpu×2 {cpu2 / 1e6:F2} M/s");
            }
            if (withTorch)
            {
                if (!CheckParity(data, Math.Min(max, 1_000_000), device)) return 1;
                for (int r = 0; r < rows.Count; r++)
                {
                    rows[r] = rows[r] with { Torch = MeasureTorch(data, rows[r].N, options, device) };
                    Console.Error.WriteLine($"  {rows[r].N:N0}: torch {rows[r].Torch / 1e6:F3} M/s");
                }
            }

            Console.WriteLine(withTorch
                ? "| samples | CPU ×1 (samples/s) | CPU ×2 (samples/s) | torch CPU (samples/s) | CPU ×1 / torch | CPU ×2 / torch | CPU ×1 of bound | CPU ×2 of bound |"
                : "| samples | CPU ×1 (samples/s) | CPU ×2 (samples/s) | CPU ×1 of bound | CPU ×2 of bound |");
            Console.WriteLine(withTorch
                ? "|--------:|-------------------:|-------------------:|----------------------:|---------------:|---------------:|----------------:|----------------:|"
                : "|--------:|-------------------:|-------------------:|----------------:|----------------:|");
            foreach (var (n, cpu1, cpu2, torchRate) in rows)
            {
                string common = $"| {Size(n),7} | {Rate(cpu1),18} | {Rate(cpu2),18} |";
                string bound = $" {cpu1 * cpuBytes / copy1,15:P0} | {cpu2 * cpuBytes / copy2,15:P0} |";
                Console.WriteLine(withTorch
                    ? $"{common} {Rate(torchRate),21} | {cpu1 / torchRate,13:F1}× | {cpu2 / torchRate,13:F1}× |{bound}"
                    : common + bound);
            }
            Console.WriteLine();
            Console.WriteLine($"Total {watch.Elapsed.TotalSeconds:F0} s; load average {LoadAverage()} at the end ({startLoad} at the start).");
            return 0;
        }

        private static Options Parse(string[] args)
        {
            var options = new Options(new[] { 10_000, 100_000, 1_000_000, 10_000_000 }, 5, 0.25, "cpu", Threads: 0);
            for (int i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                options = args[i] switch
                {
                    "--sizes" => options with { Sizes = Next().Split(',').Select(s => checked((int)double.Parse(s, CultureInfo.InvariantCulture))).ToArray() },
                    "--runs" => options with { Runs = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--min-seconds" => options with { MinSeconds = double.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--device" => options with { Device = Next() },
                    "--threads" => options with { Threads = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    _ => throw new ArgumentException($"unknown option {args[i]}; options: --sizes 1e4,1e5,1e6,1e7 --runs 5 --min-seconds 0.25 --device cpu|cuda --threads T"),
                };
            }
            return options;
        }

        // ---- measurements ---------------------------------------------------------------------------------

        /// <summary>Median samples/s of <paramref name="evaluate"/> (one call = <paramref name="n"/> samples) over the runs, after a warm-up run.</summary>
        private static double Measure(int n, Options options, Action evaluate)
        {
            var rates = new List<double>();
            for (int run = 0; run <= options.Runs; run++)
            {
                var watch = Stopwatch.StartNew();
                long calls = 0;
                do
                {
                    evaluate();
                    calls++;
                }
                // The warm-up run lasts at least half a second, so the JIT has reached its optimised tier.
                while (watch.Elapsed.TotalSeconds < (run == 0 ? Math.Max(0.5, options.MinSeconds) : options.MinSeconds));
                if (run > 0) rates.Add(calls * (double)n / watch.Elapsed.TotalSeconds); // run 0 is the warm-up
            }
            rates.Sort();
            return rates[rates.Count / 2];
        }

        private static double MeasureCpu(Inputs data, int n, int threads, Options options)
        {
            var module = new Shaping();
            // One output block per thread: the norm-major layout of a block is per batch, so each half is its own batch.
            int[] starts = Enumerable.Range(0, threads + 1).Select(t => (int)((long)n * t / threads)).ToArray();
            var outputs = Enumerable.Range(0, threads).Select(t => new RewardOutputs(starts[t + 1] - starts[t], Shaping.NormCount)).ToArray();
            void EvaluatePart(int t) => module.Evaluate(data.CpuBatch(starts[t], starts[t + 1] - starts[t]), outputs[t].AsSpans());
            return threads == 1
                ? Measure(n, options, () => EvaluatePart(0))
                : Measure(n, options, () => Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads }, EvaluatePart));
        }

        private static double MeasureTorch(Inputs data, int n, Options options, Device device)
        {
            var module = new Shaping();
            using var scope = NewDisposeScope();
            var batch = data.TensorBatch(n, device);
            using var noGrad = no_grad();
            bool synchronize = device.type == DeviceType.CUDA;
            double rate = Measure(n, options, () =>
            {
                using var result = module.Evaluate(batch);
                if (synchronize)
                {
                    // Kernels run asynchronously on a GPU: reading one value back waits for all of them.
                    using var last = result.Reasons.narrow(0, n - 1, 1);
                    _ = last.item<byte>();
                }
            });
            return rate;
        }

        /// <summary>
        /// The torch path on <paramref name="device"/> against the fused CPU kernel on the first <paramref name="n"/> samples
        /// of the benchmark batch: totals, bases, contributions and uncertainty within 1e-5 relative (1e-6 absolute floor),
        /// reasons and activity equal. Prints the outcome; false when they disagree.
        /// </summary>
        private static bool CheckParity(Inputs data, int n, Device device)
        {
            var module = new Shaping();
            var cpu = new RewardOutputs(n, Shaping.NormCount);
            module.Evaluate(data.CpuBatch(0, n), cpu.AsSpans());
            using var scope = NewDisposeScope();
            using var result = module.Evaluate(data.TensorBatch(n, device));
            float[] total = Host<float>(result.Total), @base = Host<float>(result.Base), contributions = Host<float>(result.Contributions), uncertainty = Host<float>(result.Uncertainty);
            bool[] active = Host<bool>(result.Active);
            byte[] reasonCodes = Host<byte>(result.Reasons);
            double worst = 0;
            string worstAt = "";
            int mismatches = 0;
            void Compare(string what, int i, float expected, float actual)
            {
                if (expected.Equals(actual)) return;
                double difference = Math.Abs((double)expected - actual), scale = Math.Max(Math.Abs((double)expected), Math.Abs((double)actual));
                double relative = difference / Math.Max(scale, 1e-30);
                if (relative > worst)
                {
                    worst = relative;
                    worstAt = $"{what} of sample {i}: {expected:R} vs {actual:R}";
                }
                if (difference > 1e-5 * scale + 1e-6) mismatches++;
            }
            for (int i = 0; i < n; i++)
            {
                Compare("total", i, cpu.Total[i], total[i]);
                Compare("base", i, cpu.Base[i], @base[i]);
                Compare("uncertainty", i, cpu.Uncertainty[i], uncertainty[i]);
                if ((int)cpu.Reasons[i] != reasonCodes[i]) mismatches++;
                for (int k = 0; k < Shaping.NormCount; k++)
                {
                    Compare($"contribution {k}", i, cpu.Contribution(k)[i], contributions[k * n + i]);
                    if (cpu.IsActive(k)[i] != active[k * n + i]) mismatches++;
                }
            }
            Console.WriteLine($"Parity on {n:N0} samples ({device} torch path vs fused CPU kernel): largest relative difference {worst:G3}" +
                              (worst > 0 ? $" ({worstAt}; the tolerance is 1e-5 relative or 1e-6 absolute)" : "") + "; " +
                              (mismatches == 0 ? "reasons and activity identical — OK." : $"{mismatches} values outside 1e-5 relative or unequal — FAILED."));
            Console.WriteLine();
            return mismatches == 0;
        }

        /// <summary>A tensor's values on the host, from any device.</summary>
        private static T[] Host<T>(Tensor values) where T : unmanaged
        {
            using var host = values.cpu();
            return host.data<T>().ToArray();
        }

        /// <summary>
        /// memcpy bandwidth in bytes read + written per second: the best of 2 × <paramref name="runs"/> copies of 512 MiB
        /// split over the threads (the best, not the median: it estimates what the memory system can sustain).
        /// </summary>
        private static double CopyBandwidth(int threads, int runs)
        {
            const int size = 512 << 20;
            var source = GC.AllocateUninitializedArray<byte>(size);
            var destination = GC.AllocateUninitializedArray<byte>(size);
            source.AsSpan().Fill(1);
            destination.AsSpan().Fill(0); // touch every page first
            int part = size / threads;
            var rates = new List<double>();
            for (int run = 0; run <= 2 * runs; run++)
            {
                var watch = Stopwatch.StartNew();
                Parallel.For(0, threads, new ParallelOptions { MaxDegreeOfParallelism = threads },
                    t => source.AsSpan(t * part, part).CopyTo(destination.AsSpan(t * part, part)));
                if (run > 0) rates.Add(2.0 * size / watch.Elapsed.TotalSeconds);
            }
            return rates.Max();
        }

        // ---- bytes and machine ---------------------------------------------------------------------------

        /// <summary>total, base, uncertainty (float) + reasons (byte) + per norm a float contribution and a bool.</summary>
        private static int OutputBytes => 4 + 4 + 4 + 1 + Shaping.NormCount * (4 + 1);

        /// <summary>What one sample's evaluation must read (its columns) and write (its outputs), at least once each.</summary>
        private static int BytesPerSample(int categoryBytes) =>
            Shaping.Info.Signals.Sum(s => s.Kind switch
            {
                "flag" => 1,
                "category" => categoryBytes,
                "ensemble" => 4 * s.EnsembleSize,
                _ => 4,
            }) + OutputBytes;

        internal static string Machine(bool withTorch)
        {
            string cpu = "unknown CPU";
            try
            {
                cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
            }
            catch (IOException)
            {
            }
            double memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (double)(1L << 30);
            string text = $"{cpu}, {Environment.ProcessorCount} cores, {memory:F0} GiB; {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}; " +
                          $"Vector<float>.Count = {System.Numerics.Vector<float>.Count}";
            return withTorch ? text + $"; TorchSharp {typeof(torch).Assembly.GetName().Version?.ToString(3)}, libtorch {__version__} ({get_num_threads()} intra-op threads on the CPU)" : text;
        }

        /// <summary>The 1-minute load average (other processes competing for the cores make the figures noisy).</summary>
        internal static string LoadAverage()
        {
            try
            {
                return File.ReadAllText("/proc/loadavg").Split(' ')[0];
            }
            catch (IOException)
            {
                return "unknown";
            }
        }

        private static string Size(int n) => n switch
        {
            10_000 => "10^4",
            100_000 => "10^5",
            1_000_000 => "10^6",
            10_000_000 => "10^7",
            _ => n.ToString("N0", CultureInfo.InvariantCulture),
        };

        private static string Rate(double samplesPerSecond) =>
            double.IsNaN(samplesPerSecond) ? "—"
            : samplesPerSecond >= 1e6 ? $"{samplesPerSecond / 1e6:F1} M"
            : $"{samplesPerSecond / 1e3:F0} k";

        // ---- data --------------------------------------------------------------------------------------------

        /// <summary>
        /// Plausible RL-batch signals (heads that mostly agree, skewed probabilities, long-tailed lengths), with a little
        /// dirt: 0.5 % of toxicity values outside [0, 1], 0.1 % NaN KL values.
        /// </summary>
        private sealed class Inputs
        {
            private readonly float[] _rm, _helpful, _toxicity, _refusal, _unsafe, _tokens, _citations, _kl;
            private readonly int[] _language;
            private readonly bool[] _code, _pii;

            public Inputs(int n, ulong seed)
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
                    float quality = 3 * r.Normal();
                    float spread = 0.5f + 2 * r.Uniform();
                    for (int m = 0; m < 4; m++) _rm[i * 4 + m] = quality + spread * r.Normal();
                    _helpful[i] = r.Uniform();
                    float t = r.Uniform();
                    _toxicity[i] = r.Uniform() < 0.005f ? 1 + t : t * t * t;
                    _refusal[i] = MathF.Pow(r.Uniform(), 3);
                    _unsafe[i] = MathF.Pow(r.Uniform(), 4);
                    _tokens[i] = MathF.Round(50 - 600 * MathF.Log(1 - r.Uniform()));
                    _citations[i] = MathF.Floor(MathF.Exp(3 * r.Uniform())) - 1;
                    _kl[i] = r.Uniform() < 0.001f ? float.NaN : -4 * MathF.Log(1 - r.Uniform());
                    float u = r.Uniform();
                    _language[i] = u < 0.6f ? 0 : u < 0.75f ? 1 : u < 0.9f ? 2 : 3;
                    _code[i] = r.Uniform() < 0.2f;
                    _pii[i] = r.Uniform() < 0.01f;
                }
            }

            public Shaping.Batch CpuBatch(int start, int count) => new Shaping.Batch(count)
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

            /// <summary>The first <paramref name="n"/> samples as tensors on <paramref name="device"/> (in the caller's dispose scope).</summary>
            public Shaping.TensorBatch TensorBatch(int n, Device device)
            {
                var language = new long[n];
                for (int i = 0; i < n; i++) language[i] = _language[i];
                return new Shaping.TensorBatch
                {
                    Rm = tensor(_rm.AsSpan(0, n * 4).ToArray(), new long[] { n, 4 }, device: device),
                    Helpful = tensor(_helpful.AsSpan(0, n).ToArray(), device: device),
                    Toxicity = tensor(_toxicity.AsSpan(0, n).ToArray(), device: device),
                    Refusal = tensor(_refusal.AsSpan(0, n).ToArray(), device: device),
                    UnsafeReq = tensor(_unsafe.AsSpan(0, n).ToArray(), device: device),
                    Tokens = tensor(_tokens.AsSpan(0, n).ToArray(), device: device),
                    Citations = tensor(_citations.AsSpan(0, n).ToArray(), device: device),
                    Kl = tensor(_kl.AsSpan(0, n).ToArray(), device: device),
                    Language = tensor(language, device: device),
                    CodeBlock = tensor(_code.AsSpan(0, n).ToArray(), device: device),
                    Pii = tensor(_pii.AsSpan(0, n).ToArray(), device: device),
                };
            }
        }

        /// <summary>xorshift64* — fast and reproducible, enough for benchmark data.</summary>
        private struct Rng
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
}
