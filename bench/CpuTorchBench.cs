using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using ContractDsl.Runtime;
using ContractDsl.Runtime.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace ContractDsl.Bench
{
    /// <summary>
    /// Throughput of the generated reward modules of three contracts (Workloads.cs: bench.contract, the brief's
    /// Assistant, and smooth.contract with ten transcendental terms) on 10^4 … 10^7 samples, all in one run, one table
    /// per contract:
    /// <list type="bullet">
    /// <item>the fused CPU kernel on one thread and on all cores (the module's <c>Parallelism</c>; <c>--split</c>
    /// instead splits the batch into one sub-batch per core, each evaluated into its own outputs, as a data-parallel job
    /// without that option would);</item>
    /// <item>a memcpy of the same bytes at the same size (it reads and writes as many bytes as the kernel must read and
    /// write per sample: the memory-bandwidth bound), on one thread and on all cores;</item>
    /// <item><c>torch</c> only: the generated torch path on TorchSharp eager tensors (<c>--device</c>, default cpu: libtorch's
    /// CPU backend), under no_grad, best over the intra-op thread counts of <c>--torch-threads</c>; before its timings, a
    /// parity check against the CPU kernel (exit code 1 when they disagree).</item>
    /// </list>
    /// Each figure is the best of several runs (the machine is shared: the best run is the one least disturbed by other
    /// jobs); a run repeats the evaluation until it lasts at least <c>--min-seconds</c>; the 1-minute load average is
    /// printed with every table. Options: <c>--contracts bench,assistant,smooth --sizes 1e4,1e5,1e6,1e7 --runs 5
    /// --torch-runs 2 --min-seconds 0.2 --device cpu|cuda --torch-threads 1,N --split</c>.
    /// </summary>
    public static class CpuTorchBench
    {
        public static int RunCpu(string[] args) => Run(args, withTorch: false);

        public static int RunTorch(string[] args) => Run(args, withTorch: true);

        private sealed record Options(string[] Contracts, int[] Sizes, int Runs, int TorchRuns, double MinSeconds, string Device, int[] TorchThreads, bool Split);

        private sealed record Row(int N, double Cpu1, double CpuAll, double Copy1, double CopyAll, double Torch, int TorchThreads);

        private static int Run(string[] args, bool withTorch)
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            var options = Parse(args);
            if (withTorch && !TorchRuntime.IsAvailable)
            {
                Console.Error.WriteLine(TorchRuntime.UnavailableReason);
                return 1;
            }
            Device device = torch.device(options.Device);
            if (withTorch && device.type == DeviceType.CUDA && !cuda.is_available())
            {
                Console.Error.WriteLine("--device cuda: libtorch sees no GPU (a CPU-only libtorch, or no driver)");
                return 1;
            }
            int cores = Environment.ProcessorCount;
            Console.WriteLine($"# Fused CPU kernel{(withTorch ? " vs TorchSharp" : "")}, {cores} cores");
            Console.WriteLine();
            Console.WriteLine("Machine: " + Machine(withTorch));
            Console.WriteLine($"Command: bench -- {(withTorch ? "torch" : "cpu")} {string.Join(' ', args)}");
            Console.WriteLine($"Best of {options.Runs} runs (torch: {options.TorchRuns}), each ≥ {options.MinSeconds} s, after a warm-up; all cores = {cores} threads" +
                              (options.Split ? " (--split: one sub-batch per thread, each into its own outputs)" : " (the module's Parallelism)") + ".");
            Console.WriteLine();
            var watch = Stopwatch.StartNew();
            string startLoad = LoadAverage();
            bool parityOk = true;
            foreach (var workload in Workload.All().Where(w => options.Contracts.Contains(w.Key)))
            {
                int max = options.Sizes.Max();
                workload.Generate(max, seed: 20240601);
                int bytesRead = workload.BytesRead(categoryBytes: 4), bytesWritten = workload.BytesWritten;
                int bytes = bytesRead + bytesWritten;
                string tableLoad = LoadAverage();
                Console.WriteLine($"## {workload.Info.Name} ({workload.Info.SourceFile}): {workload.Info.Signals.Count} signals, {workload.NormCount} norms; " +
                                  $"{bytes} bytes per sample (read {bytesRead} + written {bytesWritten})");
                Console.WriteLine();

                // Every CPU timing first: libtorch's OpenMP workers keep spinning for a while after each parallel region
                // and would steal a core from a CPU-kernel timing that followed a torch one.
                var rows = new List<Row>();
                using (var copy = new CopyBuffers((long)max * bytes / 2))
                {
                    foreach (int n in options.Sizes)
                    {
                        long copyBytes = (long)n * bytes / 2; // a copy reads and writes this many: the kernel's bytes
                        double copy1 = n / CopySeconds(copy, copyBytes, 1, options);
                        double copyAll = n / CopySeconds(copy, copyBytes, cores, options);
                        double cpu1 = MeasureCpu(workload, n, 1, options);
                        double cpuAll = MeasureCpu(workload, n, cores, options);
                        rows.Add(new Row(n, cpu1, cpuAll, copy1, copyAll, double.NaN, 0));
                        Console.Error.WriteLine($"  {workload.Key} {n:N0}: cpu×1 {cpu1 / 1e6:F2} M/s ({cpu1 / copy1:P0} of memcpy), cpu×{cores} {cpuAll / 1e6:F2} M/s ({cpuAll / copyAll:P0}); load {LoadAverage()}");
                    }
                }
                if (withTorch)
                {
                    if (!CheckParity(workload, Math.Min(max, 1_000_000), device)) parityOk = false;
                    for (int r = 0; r < rows.Count; r++)
                    {
                        foreach (int threads in options.TorchThreads)
                        {
                            set_num_threads(threads);
                            double rate = MeasureTorch(workload, rows[r].N, options, device, warmUp: r == 0);
                            Console.Error.WriteLine($"  {workload.Key} {rows[r].N:N0}: torch ({threads} threads) {rate / 1e6:F3} M/s; load {LoadAverage()}");
                            if (!(rate <= rows[r].Torch)) rows[r] = rows[r] with { Torch = rate, TorchThreads = threads };
                        }
                    }
                }
                PrintTable(rows, withTorch, cores);
                Console.WriteLine();
                Console.WriteLine($"Load average (1 min) {tableLoad} before this table's measurements, {LoadAverage()} after.");
                Console.WriteLine();
            }
            Console.WriteLine($"Total {watch.Elapsed.TotalSeconds:F0} s; load average {startLoad} at the start, {LoadAverage()} at the end.");
            return parityOk ? 0 : 1;
        }

        private static void PrintTable(List<Row> rows, bool withTorch, int cores)
        {
            string all = $"×{cores}";
            var header = new List<string> { "samples", "CPU ×1 (samples/s)", $"CPU {all}", "memcpy ×1", $"memcpy {all}", "CPU ×1 / memcpy ×1", $"CPU {all} / memcpy {all}" };
            if (withTorch) header.AddRange(new[] { "torch CPU", "CPU ×1 / torch", $"CPU {all} / torch" });
            Console.WriteLine("| " + string.Join(" | ", header) + " |");
            Console.WriteLine("|" + string.Concat(header.Select(h => new string('-', h.Length + 1) + ":|")));
            foreach (var row in rows)
            {
                var cells = new List<string>
                {
                    Size(row.N), Rate(row.Cpu1), Rate(row.CpuAll), Rate(row.Copy1), Rate(row.CopyAll),
                    $"{row.Cpu1 / row.Copy1:P0}", $"{row.CpuAll / row.CopyAll:P0}",
                };
                if (withTorch)
                    cells.AddRange(new[] { $"{Rate(row.Torch)} ({row.TorchThreads}t)", $"{row.Cpu1 / row.Torch:F0}×", $"{row.CpuAll / row.Torch:F0}×" });
                Console.WriteLine("| " + string.Join(" | ", cells.Select((c, i) => c.PadLeft(header[i].Length))) + " |");
            }
        }

        private static Options Parse(string[] args)
        {
            int cores = Environment.ProcessorCount;
            var options = new Options(new[] { "bench", "assistant", "smooth" }, new[] { 10_000, 100_000, 1_000_000, 10_000_000 }, Runs: 5, TorchRuns: 2,
                MinSeconds: 0.2, Device: "cpu", TorchThreads: cores == 1 ? new[] { 1 } : new[] { 1, cores }, Split: false);
            for (int i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
                int[] Numbers(string text) => text.Split(',').Select(s => checked((int)double.Parse(s, CultureInfo.InvariantCulture))).ToArray();
                options = args[i] switch
                {
                    "--contracts" => options with { Contracts = Next().Split(',') },
                    "--sizes" => options with { Sizes = Numbers(Next()) },
                    "--runs" => options with { Runs = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--torch-runs" => options with { TorchRuns = int.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--min-seconds" => options with { MinSeconds = double.Parse(Next(), CultureInfo.InvariantCulture) },
                    "--device" => options with { Device = Next() },
                    "--torch-threads" => options with { TorchThreads = Numbers(Next()) },
                    "--split" => options with { Split = true },
                    _ => throw new ArgumentException($"unknown option {args[i]}; options: --contracts bench,assistant,smooth --sizes 1e4,1e5,1e6,1e7 --runs 5 --torch-runs 2 --min-seconds 0.2 --device cpu|cuda --torch-threads 1,{cores} --split"),
                };
            }
            return options;
        }

        // ---- measurements ---------------------------------------------------------------------------------

        /// <summary>
        /// Best samples/s of <paramref name="evaluate"/> (one call = <paramref name="n"/> samples) over <paramref name="runs"/>
        /// runs, after a warm-up run (long enough for the JIT's optimised tier) when <paramref name="warmUp"/>.
        /// </summary>
        private static double Measure(int n, int runs, double minSeconds, bool warmUp, Action evaluate)
        {
            double best = 0;
            for (int run = warmUp ? 0 : 1; run <= runs; run++)
            {
                var watch = Stopwatch.StartNew();
                long calls = 0;
                do
                {
                    evaluate();
                    calls++;
                }
                while (watch.Elapsed.TotalSeconds < (run == 0 ? Math.Max(0.5, minSeconds) : minSeconds));
                if (run > 0) best = Math.Max(best, calls * (double)n / watch.Elapsed.TotalSeconds);
            }
            return best;
        }

        private static double MeasureCpu(Workload workload, int n, int threads, Options options)
        {
            if (threads == 1 || !options.Split)
            {
                var outputs = new RewardOutputs(n, workload.NormCount);
                workload.UseThreads(threads);
                return Measure(n, options.Runs, options.MinSeconds, warmUp: true, () => workload.Evaluate(0, n, outputs));
            }
            // --split: one sub-batch per thread, each into its own outputs (norm-major per sub-batch).
            workload.UseThreads(1);
            int[] starts = Enumerable.Range(0, threads + 1).Select(t => (int)((long)n * t / threads)).ToArray();
            var parts = Enumerable.Range(0, threads).Select(t => new RewardOutputs(starts[t + 1] - starts[t], workload.NormCount)).ToArray();
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
            Action<int> part = t => workload.Evaluate(starts[t], starts[t + 1] - starts[t], parts[t]);
            return Measure(n, options.Runs, options.MinSeconds, warmUp: true, () => Parallel.For(0, threads, parallel, part));
        }

        private static double MeasureTorch(Workload workload, int n, Options options, Device device, bool warmUp)
        {
            using var scope = NewDisposeScope();
            var evaluate = workload.PrepareTorch(n, device);
            using var noGrad = no_grad();
            bool synchronize = device.type == DeviceType.CUDA;
            return Measure(n, options.TorchRuns, options.MinSeconds, warmUp, () =>
            {
                using var result = evaluate();
                if (synchronize) cuda.synchronize();
            });
        }

        /// <summary>
        /// The torch path on <paramref name="device"/> against the fused CPU kernel on the first <paramref name="n"/> samples:
        /// totals, bases, contributions and uncertainty within 1e-5 relative (1e-6 absolute floor), reasons and activity equal.
        /// Prints the outcome; false when they disagree.
        /// </summary>
        private static bool CheckParity(Workload workload, int n, Device device)
        {
            var cpu = new RewardOutputs(n, workload.NormCount);
            workload.UseThreads(Environment.ProcessorCount);
            workload.Evaluate(0, n, cpu);
            TorchOutputs t;
            using (NewDisposeScope()) t = workload.EvaluateTorch(n, device);
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
                Compare("total", i, cpu.Total[i], t.Total[i]);
                Compare("base", i, cpu.Base[i], t.Base[i]);
                Compare("uncertainty", i, cpu.Uncertainty[i], t.Uncertainty[i]);
                if ((int)cpu.Reasons[i] != t.Reasons[i]) mismatches++;
                for (int k = 0; k < workload.NormCount; k++)
                {
                    Compare($"contribution {k}", i, cpu.Contribution(k)[i], t.Contributions[k * n + i]);
                    if (cpu.IsActive(k)[i] != t.Active[k * n + i]) mismatches++;
                }
            }
            Console.WriteLine($"Parity on {n:N0} samples ({device} torch path vs fused CPU kernel): largest relative difference {worst:G3}" +
                              (worst > 0 ? $" ({worstAt}; the tolerance is 1e-5 relative or 1e-6 absolute)" : "") + "; " +
                              (mismatches == 0 ? "reasons and activity identical — OK." : $"{mismatches} values outside 1e-5 relative or unequal — FAILED."));
            Console.WriteLine();
            return mismatches == 0;
        }

        /// <summary>A source and a destination for memcpy timings, every page touched once before any timing.</summary>
        private sealed class CopyBuffers : IDisposable
        {
            public CopyBuffers(long bytes)
            {
                Source = GC.AllocateUninitializedArray<byte>(checked((int)Math.Min(bytes, Array.MaxLength)));
                Destination = GC.AllocateUninitializedArray<byte>(Source.Length);
                Source.AsSpan().Fill(1);
                Destination.AsSpan().Fill(0);
            }

            public byte[] Source { get; private set; }
            public byte[] Destination { get; private set; }

            public void Dispose()
            {
                Source = Destination = Array.Empty<byte>();
                GC.Collect();
            }
        }

        /// <summary>Best seconds per copy of <paramref name="bytes"/> bytes, split over <paramref name="threads"/> threads.</summary>
        private static double CopySeconds(CopyBuffers buffers, long bytes, int threads, Options options)
        {
            int size = (int)Math.Min(bytes, buffers.Source.Length);
            int[] starts = Enumerable.Range(0, threads + 1).Select(t => (int)((long)size * t / threads)).ToArray();
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
            Action<int> part = t => buffers.Source.AsSpan(starts[t], starts[t + 1] - starts[t]).CopyTo(buffers.Destination.AsSpan(starts[t], starts[t + 1] - starts[t]));
            Action copy = threads == 1 ? () => part(0) : () => Parallel.For(0, threads, parallel, part);
            // Measure counts "samples": one copy = one sample here, so the result is copies per second.
            return 1 / Measure(1, 2 * options.Runs, options.MinSeconds, warmUp: true, copy);
        }

        // ---- machine ---------------------------------------------------------------------------------------

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
                          $"Vector<float>.Count = {System.Numerics.Vector<float>.Count}, Vector512 {(System.Runtime.Intrinsics.Vector512.IsHardwareAccelerated ? "accelerated" : "not accelerated")}";
            return withTorch ? text + $"; TorchSharp {typeof(torch).Assembly.GetName().Version?.ToString(3)}, libtorch {__version__}" : text;
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
    }
}
