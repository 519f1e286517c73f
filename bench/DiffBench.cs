using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using ContractDsl.Binding;
using ContractDsl.Collections;
using ContractDsl.Diagnostics;
using ContractDsl.Lowering;
using ContractDsl.Syntax;
using ContractDsl.Versions;

namespace ContractDsl.Bench
{
    /// <summary>
    /// The semantic diff (<see cref="ContractDiff"/>) of a generated contract (<see cref="AnalysisBench.Generate"/>, seed
    /// 42) against: itself; a copy with its norms in reverse order; a copy with one norm's boundary changed
    /// (<c>&gt;</c> to <c>&gt;=</c> in the middle norm with such a threshold); a copy with one amount changed. The
    /// versions are compiled once (not timed); each diff is timed, median over repeated runs after a warm-up. Prints a
    /// markdown table. Options: <c>--sizes 10,100,1000</c>, <c>--seconds 2</c> (time budget per row), <c>--show</c>
    /// (print each diff's report for the smallest size).
    /// </summary>
    public static class DiffBench
    {
        public static int Run(string[] args)
        {
            var sizes = new[] { 10, 100, 1000 };
            double seconds = 2;
            bool show = false;
            for (int i = 0; i < args.Length; i++)
            {
                if (args[i] == "--sizes" && i + 1 < args.Length) sizes = args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                else if (args[i] == "--seconds" && i + 1 < args.Length) seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
                else if (args[i] == "--show") show = true;
            }

            Console.WriteLine($"# Diff benchmark ({Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription.Trim()})");
            Console.WriteLine();
            Console.WriteLine("| norms | after version | runs | diff (median wall) | diff (mean CPU) | verdict | regions (confirmed) | norms changed |");
            Console.WriteLine("| ---: | --- | ---: | ---: | ---: | --- | ---: | ---: |");
            foreach (int size in sizes)
            {
                string text = AnalysisBench.Generate(size, seed: 42);
                var before = Module(text);
                foreach (var (label, after) in Versions(text))
                {
                    var module = Module(after);
                    var result = ContractDiff.Compare(before, module);
                    // warm-up: until the JIT has settled (tiered compilation), at least a second
                    var warm = Stopwatch.StartNew();
                    for (int w = 0; w < 5 || warm.Elapsed.TotalSeconds < 1; w++) ContractDiff.Compare(before, module);
                    // wall time per run, and the process's CPU time over all runs (on a shared machine the wall clock also
                    // counts other jobs' turns; the CPU clock ticks in 10 ms steps, hence the mean over the runs)
                    var times = new List<double>();
                    var process = Process.GetCurrentProcess();
                    process.Refresh();
                    var cpu0 = process.TotalProcessorTime;
                    var clock = Stopwatch.StartNew();
                    while (times.Count < 3 || (clock.Elapsed.TotalSeconds < seconds && times.Count < 200))
                    {
                        var sw = Stopwatch.StartNew();
                        ContractDiff.Compare(before, module);
                        times.Add(sw.Elapsed.TotalMilliseconds);
                    }
                    process.Refresh();
                    double cpu = (process.TotalProcessorTime - cpu0).TotalMilliseconds / times.Count;
                    Console.WriteLine($"| {size:N0} | {label} | {times.Count} | **{Ms(Median(times))}** | {Ms(cpu)} | {result.Verdict} | {result.Regions.Length} ({result.Regions.Count(r => r.Confirmed)}) | {result.Norms.Length} |");
                    if (show && size == sizes.Min()) Console.Error.WriteLine(result.ToText());
                }
            }
            return 0;
        }

        private static double Median(List<double> values)
        {
            var v = values.OrderBy(x => x).ToList();
            return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
        }

        private static string Ms(double ms) => ms < 1 ? ms.ToString("0.000", CultureInfo.InvariantCulture) + " ms" : ms.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

        /// <summary>
        /// A module as the compiler makes it, without the analysis (the diff reads the bound contract and the kernel
        /// program only, and the versions' own analysis is not what this bench measures).
        /// </summary>
        private static ContractIR Module(string text)
        {
            var syntax = ContractParser.Parse("bench.contract", text);
            var diagnostics = new List<ContractDiagnostic>(syntax.Errors);
            var bound = Binder.Bind(syntax, text, diagnostics).Single();
            if (bound.HasErrors || syntax.Errors.Length > 0) throw new InvalidOperationException("the generated contract has errors:\n" + string.Join("\n", diagnostics));
            return new ContractIR(bound.Contract, Lowerer.Lower(bound.Contract), RewardRange.Unknown, EquatableArray<ContractDiagnostic>.Empty);
        }

        /// <summary>The after versions: identical, reordered, one boundary changed, one amount changed.</summary>
        private static IEnumerable<(string Label, string Text)> Versions(string text)
        {
            var lines = text.Split('\n').ToList();
            var norms = lines.Select((l, i) => (l, i)).Where(x => x.l.TrimStart().StartsWith("norm ", StringComparison.Ordinal)).Select(x => x.i).ToList();
            yield return ("identical", text);

            var reordered = new List<string>(lines);
            var reversed = norms.Select(i => lines[i]).Reverse().ToList();
            for (int k = 0; k < norms.Count; k++) reordered[norms[k]] = reversed[k];
            yield return ("norms in reverse order", string.Join("\n", reordered));

            int boundary = norms.Skip(norms.Count / 2).Concat(norms).First(i => lines[i].Contains(" > "));
            var changed = new List<string>(lines);
            int at = changed[boundary].IndexOf(" > ", StringComparison.Ordinal);
            changed[boundary] = changed[boundary].Substring(0, at) + " >= " + changed[boundary].Substring(at + 3);
            yield return ("one boundary `>` → `>=`", string.Join("\n", changed));

            int amount = norms.Skip(norms.Count / 2).Concat(norms).First(i => lines[i].Contains("cap 3"));
            var costlier = new List<string>(lines);
            costlier[amount] = costlier[amount].Replace("cap 3", "cap 4");
            yield return ("one cap 3 → 4", string.Join("\n", costlier));
        }
    }
}
