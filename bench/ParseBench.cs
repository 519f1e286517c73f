using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using ContractDsl.Syntax;

namespace ContractDsl.Bench
{
    /// <summary>
    /// Parse time alone (<see cref="ContractParser.Parse(string, string, System.Threading.CancellationToken)"/>) for
    /// the analysis bench's contracts of 10, 100 and 1,000 norms, two ways:
    /// <list type="bullet">
    /// <item>from scratch: each parse under a path never parsed before, so no declaration is reused;</item>
    /// <item>after an edit: the same path re-parsed after one character is typed in the middle norm (every
    /// declaration after it moves), which is what the IDE does on a keystroke.</item>
    /// </list>
    /// Prints median and fastest time and the bytes allocated per parse. Options: <c>--sizes 10,100,1000</c>,
    /// <c>--runs 200</c>.
    /// </summary>
    public static class ParseBench
    {
        public static int Run(string[] args)
        {
            var sizes = new[] { 10, 100, 1000 };
            int runs = 200;
            for (int i = 0; i < args.Length; i++)
            {
                if (args[i] == "--sizes" && i + 1 < args.Length) sizes = args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                else if (args[i] == "--runs" && i + 1 < args.Length) runs = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }

            Console.WriteLine($"# Parse benchmark ({Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}); {runs} parses per cell after a warm-up");
            Console.WriteLine();
            Console.WriteLine("| norms | characters | from scratch: median | fastest | allocated | after a one-character edit: median | fastest | allocated |");
            Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            int unique = 0;
            foreach (int size in sizes)
            {
                string text = AnalysisBench.Generate(size, seed: 42, conflicting: false);
                int middle = text.IndexOf("norm n" + size / 2 + " ", StringComparison.Ordinal);
                int digit = text.IndexOf("\"clause", middle, StringComparison.Ordinal);   // inside the middle norm's rationale
                string Edited(int k) => text.Insert(digit + 1, ((char)('a' + k % 26)).ToString());

                var scratch = Measure(runs, k => ($"scratch-{unique++}.contract", text));
                ContractParser.Parse("edited.contract", text);
                var edit = Measure(runs, k => ("edited.contract", Edited(k)));
                Console.WriteLine($"| {size:N0} | {text.Length:N0} | {Ms(scratch.Median)} | {Ms(scratch.Fastest)} | {Mb(scratch.Bytes)} | " +
                                  $"{Ms(edit.Median)} | {Ms(edit.Fastest)} | {Mb(edit.Bytes)} |");
            }
            return 0;
        }

        /// <summary>Parses <paramref name="runs"/> inputs (made outside the timed part) after a warm-up.</summary>
        private static (double Median, double Fastest, long Bytes) Measure(int runs, Func<int, (string Path, string Text)> input)
        {
            for (int w = 0; w < Math.Max(20, runs / 4); w++)
            {
                var (path, text) = input(-1 - w);
                ContractParser.Parse(path, text);
            }
            var times = new List<double>();
            long allocated = 0;
            for (int k = 0; k < runs; k++)
            {
                var (path, text) = input(k);
                long before = GC.GetAllocatedBytesForCurrentThread();
                var clock = Stopwatch.StartNew();
                var file = ContractParser.Parse(path, text);
                times.Add(clock.Elapsed.TotalMilliseconds);
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
                if (file.Errors.Length > 0) throw new InvalidOperationException("the benchmark contract has syntax errors: " + file.Errors[0]);
            }
            times.Sort();
            return (times[times.Count / 2], times[0], allocated / runs);
        }

        private static string Ms(double ms) => ms.ToString(ms < 1 ? "0.000" : "0.00", CultureInfo.InvariantCulture) + " ms";

        private static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.00", CultureInfo.InvariantCulture) + " MB";
    }
}
