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
    /// <c>valgrind --tool=callgrind --collect-atstart=no --toggle-collect=*EvaluateRange*</c>, whose instruction counts do not depend on the machine's load). Options:
    /// <c>--contract bench|assistant|smooth --size 1e5 --calls 100 --threads 1</c>; prints samples/s.
    /// </summary>
    public static class KernelProfileBench
    {
        public static int Run(string[] args)
        {
            string key = "bench";
            int size = 100_000, calls = 100, threads = 1;
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                switch (args[i])
                {
                    case "--contract": key = args[i + 1]; break;
                    case "--size": size = checked((int)double.Parse(args[i + 1], CultureInfo.InvariantCulture)); break;
                    case "--calls": calls = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                    case "--threads": threads = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                    default: throw new ArgumentException($"unknown option {args[i]}; options: --contract bench|assistant|smooth --size 1e5 --calls 100 --threads 1");
                }
            }
            var workload = Workload.All().Single(w => w.Key == key);
            workload.Generate(size, seed: 20240601);
            workload.UseThreads(threads);
            var outputs = new RewardOutputs(size, workload.NormCount);
            // Two seconds of warm-up, so that the JIT's optimised tier is what gets profiled (perf record -D 3000 skips them).
            var warmUp = Stopwatch.StartNew();
            while (warmUp.Elapsed.TotalSeconds < 2) workload.Evaluate(0, size, outputs);
            Console.Error.WriteLine("warmed up");
            var watch = Stopwatch.StartNew();
            for (int c = 0; c < calls; c++) workload.Evaluate(0, size, outputs);
            Console.WriteLine($"{key}: {calls} × {size:N0} samples on {threads} thread(s): {calls * (double)size / watch.Elapsed.TotalSeconds / 1e6:F2} M samples/s");
            return 0;
        }
    }
}
