using System;
using System.Diagnostics;
using System.Globalization;
using System.Threading;

namespace ContractDsl.Bench
{
    /// <summary>
    /// <c>wake</c>: how long a thread blocked on a <see cref="SemaphoreSlim"/> takes to run after another releases it, after
    /// the waker has been busy (0 ms idle) or asleep for 1 and 10 ms before each wake (so that its core may have gone idle).
    /// This is what a parallel evaluation's helper costs when it has to be woken: the reason the workers poll for a while
    /// after each evaluation (<c>EvaluationParallelism.WorkerSpin</c>). Options: <c>--wakes 300</c>.
    /// </summary>
    public static class WakeLatencyBench
    {
        public static int Run(string[] args)
        {
            int wakes = 300;
            for (int i = 0; i + 1 < args.Length; i += 2)
            {
                if (args[i] == "--wakes") wakes = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                else throw new ArgumentException($"unknown option {args[i]}; options: --wakes 300");
            }
            Console.WriteLine($"# Wake latency of a blocked thread ({Environment.ProcessorCount} cores, .NET {Environment.Version}), {wakes} wakes each");
            Console.WriteLine();
            Console.WriteLine("| before each wake | p10 | median | p90 | max |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: |");
            foreach (int idleMs in new[] { 0, 1, 10 })
            {
                var latencies = Measure(idleMs, wakes);
                string Us(double q) => $"{latencies[(int)(q * (latencies.Length - 1))]:F0} µs";
                Console.WriteLine($"| {(idleMs == 0 ? "waker busy" : $"waker asleep {idleMs} ms")} | {Us(0.1)} | {Us(0.5)} | {Us(0.9)} | {Us(1)} |");
            }
            return 0;
        }

        private static double[] Measure(int idleMs, int wakes)
        {
            using var go = new SemaphoreSlim(0);
            using var ran = new ManualResetEventSlim(false);
            long started = 0;
            var thread = new Thread(() =>
            {
                while (true)
                {
                    go.Wait();
                    if (Volatile.Read(ref started) < 0) return;
                    Volatile.Write(ref started, Stopwatch.GetTimestamp());
                    ran.Set();
                }
            }) { IsBackground = true };
            thread.Start();
            var latencies = new double[wakes];
            for (int i = 0; i < wakes; i++)
            {
                if (idleMs > 0) Thread.Sleep(idleMs);
                else for (var busy = Stopwatch.StartNew(); busy.Elapsed.TotalMilliseconds < 1;) { }
                ran.Reset();
                long released = Stopwatch.GetTimestamp();
                go.Release();
                while (!ran.IsSet) { }
                latencies[i] = (Volatile.Read(ref started) - released) * 1e6 / Stopwatch.Frequency;
            }
            Volatile.Write(ref started, -1);
            go.Release();
            thread.Join();
            Array.Sort(latencies);
            return latencies;
        }
    }
}
