using System;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using ContractDsl.Runtime;

namespace ContractDsl.Bench
{
    /// <summary>
    /// One contract's fused CPU kernel evaluated over and over, nothing else: what to run under a profiler
    /// (<c>perf record -D 3000</c> with <c>DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0</c>, or
    /// <c>valgrind --tool=callgrind</c>). Options:
    /// <c>--contract bench|assistant|smooth --size 1e5 --calls 100 --threads 1 --warm-up 2</c> (seconds); prints samples/s.
    /// Instructions per sample, independent of the machine's load: the difference of two callgrind runs with
    /// <c>--warm-up 0 --calls 1</c> and <c>--calls 11</c> (under <c>DOTNET_TieredCompilation=0</c>), divided by 10 × size.
    /// </summary>
    public static class KernelProfileBench
    {
        public static int Run(string[] args)
        {
            string key = "bench";
            int size = 100_000, calls = 100, threads = 1;
            double warmUpSeconds = 2;
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                switch (args[i])
                {
                    case "--contract": key = args[i + 1]; break;
                    case "--size": size = checked((int)double.Parse(args[i + 1], CultureInfo.InvariantCulture)); break;
                    case "--calls": calls = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                    case "--threads": threads = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                    case "--warm-up": warmUpSeconds = double.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                    default: throw new ArgumentException($"unknown option {args[i]}; options: --contract bench|assistant|smooth --size 1e5 --calls 100 --threads 1 --warm-up 2");
                }
            }
            var workload = Workload.All().Single(w => w.Key == key);
            workload.Generate(size, seed: 20240601);
            workload.UseThreads(threads);
            var outputs = new RewardOutputs(size, workload.NormCount);
            // Two seconds of warm-up, so that the JIT's optimised tier is what gets profiled (perf record -D 3000 skips them).
            var warmUp = Stopwatch.StartNew();
            while (warmUp.Elapsed.TotalSeconds < warmUpSeconds) workload.Evaluate(0, size, outputs);
            Console.Error.WriteLine("warmed up");
            var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            for (int c = 0; c < calls; c++) workload.Evaluate(0, size, outputs);
            double wall = watch.Elapsed.TotalSeconds;
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            process.Refresh();
            double cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds; // the timed calls only, not the windows below
            for (int window = 0; window < 3; window++)
            {
                long before = GC.GetTotalAllocatedBytes(precise: true);
                for (int c = 0; c < calls; c++) workload.Evaluate(0, size, outputs);
                Console.Error.WriteLine($"window {window}: {GC.GetTotalAllocatedBytes(precise: true) - before} bytes");
            }
            // Per CPU second: what the kernel does while it runs, whatever share of the cores other jobs took.
            Console.WriteLine($"{key}: {calls} × {size:N0} samples on {threads} thread(s): {calls * (double)size / wall / 1e6:F2} M samples/s " +
                              $"({calls * (double)size / cpu / 1e6:F2} M per CPU second, {cpu / wall:F2} CPUs busy); {allocated} bytes allocated by the process meanwhile");
            return 0;
        }
    }
}
