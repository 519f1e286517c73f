using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Text;
using ContractDsl.Analysis;
using ContractDsl.Binding;
using ContractDsl.Diagnostics;
using ContractDsl.Lowering;
using ContractDsl.Syntax;

namespace ContractDsl.Bench
{
    /// <summary>
    /// Generates contracts of 10, 100 and 1,000 norms over 10 signals and compiles each repeatedly, timing
    /// the stages of <see cref="ContractCompiler.Compile"/> separately: parse, bind, analyse, lower. Prints
    /// a markdown table of the median time per contract and stage.
    /// Options: <c>--sizes 10,100,1000</c>, <c>--seconds 2</c> (time budget per size), <c>--show</c> (print
    /// the 10-norm contract and the diagnostics of each size), <c>--conflicting</c> (a worst case: reward and
    /// penalty norms are not kept apart, so many pairs conflict and each conflict needs a checked witness).
    /// </summary>
    public static class AnalysisBench
    {
        public static int Run(string[] args)
        {
            var sizes = new[] { 10, 100, 1000 };
            double seconds = 2;
            bool show = false, conflicting = false;
            for (int i = 0; i < args.Length; i++)
            {
                if (args[i] == "--sizes" && i + 1 < args.Length) sizes = args[++i].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                else if (args[i] == "--seconds" && i + 1 < args.Length) seconds = double.Parse(args[++i], CultureInfo.InvariantCulture);
                else if (args[i] == "--show") show = true;
                else if (args[i] == "--conflicting") conflicting = true;
            }

            Console.WriteLine($"# Analysis benchmark ({Environment.ProcessorCount} logical cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription.Trim()})");
            Console.WriteLine();
            Console.WriteLine("| norms | signals | runs | parse | bind | analyse | lower | total | diagnostics | norms in run-time conflict groups |");
            Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |");
            foreach (int size in sizes)
            {
                string text = Generate(size, seed: 42, conflicting);
                if (show && size == sizes.Min()) Console.Error.WriteLine(text);

                // warm-up (JIT), then timed runs until the budget is spent (at least 5)
                var first = Once(text);
                for (int w = 0; w < 3; w++) Once(text);
                var samples = new List<double[]>();
                var clock = Stopwatch.StartNew();
                while (samples.Count < 5 || (clock.Elapsed.TotalSeconds < seconds && samples.Count < 1000))
                    samples.Add(Once(text).Times);

                double Median(int stage)
                {
                    var v = samples.Select(s => s[stage]).OrderBy(x => x).ToArray();
                    return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
                }
                var byId = first.Diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}");
                Console.WriteLine($"| {size:N0} | 10 | {samples.Count} | {Ms(Median(0))} | {Ms(Median(1))} | {Ms(Median(2))} | {Ms(Median(3))} | **{Ms(Median(4))}** | {string.Join(" ", byId)} | {first.Pairs:N0} |");
                if (show) foreach (var d in first.Diagnostics.Take(30)) Console.Error.WriteLine(d);
            }
            return 0;
        }

        private static string Ms(double ms) => ms < 1 ? ms.ToString("0.000", CultureInfo.InvariantCulture) + " ms" : ms.ToString("0.0", CultureInfo.InvariantCulture) + " ms";

        private sealed record Result(double[] Times, List<ContractDiagnostic> Diagnostics, int Pairs);

        /// <summary>The stages of <see cref="ContractCompiler.Compile"/>, timed one by one.</summary>
        private static Result Once(string text)
        {
            var times = new double[5];
            var sw = Stopwatch.StartNew();
            var syntax = ContractParser.Parse("bench.contract", text);
            times[0] = sw.Elapsed.TotalMilliseconds;
            var diagnostics = new List<ContractDiagnostic>(syntax.Errors);
            var bound = Binder.Bind(syntax, text, diagnostics).Single();
            times[1] = sw.Elapsed.TotalMilliseconds;
            if (bound.HasErrors || syntax.Errors.Length > 0) throw new InvalidOperationException("the generated contract has errors:\n" + string.Join("\n", diagnostics));
            var analysis = ContractAnalyzer.Analyze(bound.Contract);
            times[2] = sw.Elapsed.TotalMilliseconds;
            var ir = Lowerer.Lower(bound.Contract, analysis.LoweringFacts());
            times[3] = sw.Elapsed.TotalMilliseconds;
            times[4] = times[3];
            for (int i = 3; i > 0; i--) times[i] -= times[i - 1];
            diagnostics.AddRange(analysis.Diagnostics);
            return new Result(times, diagnostics, ir.ConflictGroups.Sum(g => g.Left.Length + g.Right.Length));
        }

        /// <summary>
        /// A synthetic but plausible contract: norms in concerns of five, one per region (so the concerns leave
        /// no gap); reward norms only where nothing is toxic or refused, penalties elsewhere; thresholds on
        /// toxicity, length, turns, the ensemble's spread, confidence, topics and flags; a preference every
        /// tenth norm; a few uncertainty rules.
        /// </summary>
        public static string Generate(int norms, int seed, bool conflicting = false)
        {
            var random = new Random(seed);
            var sb = new StringBuilder();
            string N(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
            string[] regions = { "EU", "US", "MENA", "APAC", "Other" };
            string[] topics = { "Medical", "Legal", "Finance", "Code", "Chat", "Other" };
            sb.Append("contract Bench {\n");
            sb.Append("  signal helpfulness : real in [-10, 10] \"helpfulness head\";\n");
            sb.Append("  signal rm : real[4] in [-10, 10] \"reward-model ensemble\";\n");
            sb.Append("  signal toxicity : prob;\n");
            sb.Append("  signal confidence : prob;\n");
            sb.Append("  signal tokens : count in [0, 4096] controlled;\n");
            sb.Append("  signal turns : count in [0, 50];\n");
            sb.Append("  signal region : category { EU, US, MENA, APAC, Other };\n");
            sb.Append("  signal topic : category { Medical, Legal, Finance, Code, Chat, Other };\n");
            sb.Append("  signal refused : flag;\n");
            sb.Append("  signal alcohol : flag;\n");
            sb.Append("  param w = 1 in [0, 4];\n");
            sb.Append("  let conservative = rm.mean - 0.5 * rm.std;\n");
            sb.Append("  reward conservative + 0.1 * helpfulness;\n");

            string Condition(bool rewarding)
            {
                var parts = new List<string>();
                int count = 1 + random.Next(3);
                var kinds = Enumerable.Range(0, 7).OrderBy(_ => random.Next()).Take(count);
                foreach (int kind in kinds)
                {
                    switch (kind)
                    {
                        case 0: parts.Add($"tokens > {64 * (1 + random.Next(60))}"); break;
                        case 1: parts.Add($"turns <= {1 + random.Next(40)}"); break;
                        case 2: parts.Add($"rm.std < {N(0.5 + random.NextDouble() * 4)}"); break;
                        case 3: parts.Add($"confidence >= {N(0.05 + 0.9 * random.NextDouble())}"); break;
                        case 4: parts.Add($"topic in {{ {string.Join(", ", topics.Where(_ => random.Next(2) == 0).DefaultIfEmpty("Chat"))} }}"); break;
                        case 5: parts.Add(random.Next(2) == 0 ? "alcohol" : "not alcohol"); break;
                        default: parts.Add($"helpfulness > {N(random.NextDouble() * 10 - 5)}"); break;
                    }
                }
                if (!conflicting) parts.Add(rewarding ? "toxicity < 0.1 and not refused" : "(toxicity >= 0.1 or refused)");
                return string.Join(" and ", parts);
            }

            for (int i = 0; i < norms; i++)
            {
                int concern = i / 5;
                string region = regions[i % 5];
                int kind = random.Next(10);
                sb.Append($"  norm n{i} concern c{concern} \"clause {i}\" in region == {region} when ");
                if (kind < 2) sb.Append(Condition(true)).Append($" reward {N(0.1 + random.NextDouble())} * confidence cap 1;\n");
                else if (kind < 9) sb.Append(Condition(false)).Append($" penalize w * {N(0.1 + random.NextDouble())} * toxicity + 0.001 * tokens cap 3;\n");
                else sb.Append(Condition(false)).Append(" allow;\n");
            }
            for (int i = 0; i + 5 < norms; i += 10) sb.Append($"  prefer n{i} over n{i + 5};\n");
            sb.Append("  uncertain when rm.std > 3 \"reward models disagree\";\n");
            sb.Append("  uncertain 0.5 when conflict;\n");
            sb.Append("  uncertain 0.5 when gap;\n");
            sb.Append("}\n");
            return sb.ToString();
        }
    }
}
