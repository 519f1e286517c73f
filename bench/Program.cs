using System;
using System.Collections.Generic;
using System.Linq;

namespace ContractDsl.Bench
{
    /// <summary>
    /// Benchmarks, one per name: <c>dotnet run -c Release --project bench -- analysis</c>. Add a bench by adding
    /// an entry to <see cref="Benches"/> (e.g. <c>cpu</c>, <c>torch</c>); the remaining arguments go to it.
    /// </summary>
    public static class Program
    {
        private static readonly Dictionary<string, (string Description, Func<string[], int> Run)> Benches =
            new Dictionary<string, (string, Func<string[], int>)>(StringComparer.OrdinalIgnoreCase)
            {
                ["analysis"] = ("parse + bind + analyse + lower contracts of 10, 100, 1,000 norms; median time per stage", AnalysisBench.Run),
                ["diff"] = ("semantic diff of contracts of 10, 100, 1,000 norms against themselves and changed copies; median time", DiffBench.Run),
                ["parse"] = ("parse alone, from scratch and after a one-character edit, for 10, 100, 1,000 norms", ParseBench.Run),
                ["cpu"] = ("fused CPU kernel of three contracts on 1e4..1e7 samples, 1 thread and all cores, vs a memcpy of the same bytes", CpuTorchBench.RunCpu),
                ["vecmath"] = ("deterministic exp/log/sigmoid/tanh: elements/s for MathF per element, scalar, Vector<float>, Vector128/256/512", VectorMathBench.RunThroughput),
                ["vecmath-check"] = ("deterministic exp/log/sigmoid/tanh over all 2^32 floats: bit identity of every path, max ulp error vs double", VectorMathBench.RunCheck),
                ["kernel"] = ("one contract's fused CPU kernel, evaluated over and over: for profilers (perf, callgrind)", KernelProfileBench.Run),
                ["wake"] = ("how long a blocked thread takes to run after it is signalled (the cost of waking a parallel evaluation's helper)", WakeLatencyBench.Run),
                ["torch"] = ("cpu, plus the generated torch path on TorchSharp eager tensors (libtorch CPU); samples/s and ratios", CpuTorchBench.RunTorch),
            };

        public static int Main(string[] args)
        {
            if (args.Length == 0 || !Benches.TryGetValue(args[0], out var bench))
            {
                Console.Error.WriteLine("usage: dotnet run -c Release --project bench -- <bench> [options]");
                foreach (var (name, (description, _)) in Benches.OrderBy(b => b.Key))
                    Console.Error.WriteLine($"  {name,-10} {description}");
                return args.Length == 0 ? 1 : 2;
            }
            return bench.Run(args.Skip(1).ToArray());
        }
    }
}
