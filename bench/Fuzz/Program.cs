using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using ContractDsl.Binding;
using ContractDsl.Diagnostics;
using ContractDsl.Syntax;

namespace ContractDsl.Fuzz
{
    /// <summary>
    /// The fuzzing benchmark (docs/robustness.md). Generates <c>--count</c> inputs (<see cref="Inputs"/>), compiles
    /// each with <see cref="ContractCompiler.Compile"/> — the full pipeline — and times it. Batches run in child
    /// processes: a stack overflow ends the child, the parent sees which input it had started, saves it, counts a
    /// crash and starts a new child after it; an input that runs past <c>--timeout</c> is killed the same way and
    /// counted as a hang. Exceptions (thrown by Compile, or caught inside it and reported as an internal error)
    /// and inputs over 2 s are saved to <c>--out</c> for replay (<c>--replay FILE…</c>).
    /// </summary>
    public static class Program
    {
        private sealed class Options
        {
            public int Count = 100_000;
            public int Seed = 1;
            public int Jobs = 1;
            public int Batch = 2_000;
            public double Timeout = 10;
            public double Slow = 2;
            public int MaxBytes = 1 << 20;
            public double StressShare = 0.02;
            public int StackKb = 1024;
            public double ProfileMs = 250;
            public string Out = Path.Combine("artifacts", "fuzz");
            public string? Corpus;
            public int From;
            public int To;
            public bool Child;
            public readonly List<string> Replay = new List<string>();
            public readonly List<string> Families = new List<string>();
            public int Stages;
            public bool FrontEndOnly;
            public string? Cold;
            public int Warm;
            public bool Phases;
        }

        public static int Main(string[] args)
        {
            var options = new Options();
            for (int i = 0; i < args.Length; i++)
            {
                string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException("missing value after " + args[i]);
                switch (args[i])
                {
                    case "--count": options.Count = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--seed": options.Seed = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--jobs": options.Jobs = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--batch": options.Batch = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--timeout": options.Timeout = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--slow": options.Slow = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--max-bytes": options.MaxBytes = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--stress-share": options.StressShare = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--stack-kb": options.StackKb = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--profile-ms": options.ProfileMs = double.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--out": options.Out = Next(); break;
                    case "--corpus": options.Corpus = Next(); break;
                    case "--family": options.Families.Add(Next()); break;
                    case "--child": options.Child = true; break;
                    case "--from": options.From = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--to": options.To = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--stages": options.Stages = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--front-end": options.FrontEndOnly = true; break;
                    case "--cold": options.Cold = Next(); break;
                    case "--warm": options.Warm = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                    case "--phases": options.Phases = true; break;
                    case "--replay": while (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) options.Replay.Add(args[++i]); break;
                    case "--help":
                    case "-h":
                        Console.WriteLine(Usage);
                        return 0;
                    default:
                        Console.Error.WriteLine("unknown option " + args[i] + "\n" + Usage);
                        return 2;
                }
            }
            if (options.Replay.Count > 0) return Replay(options);
            if (options.Cold != null) return Cold(options);
            var inputs = new Inputs(options.Seed, LoadCorpus(options.Corpus), options.StressShare, options.MaxBytes);
            if (options.Stages > 0) return Stages(options, inputs);
            return options.Child ? RunChild(options, inputs) : RunParent(options, inputs);
        }

        private const string Usage =
            "dotnet run -c Release --project bench/Fuzz -- [--count 100000] [--seed 1] [--jobs 1] [--timeout 10] [--slow 2]\n" +
            "    [--max-bytes 1048576] [--stress-share 0.02] [--family NAME]... [--stack-kb 1024] [--out artifacts/fuzz] [--corpus DIR]\n" +
            "  or: --replay FILE... [--front-end] (compile saved inputs in this process, with a per-stage profile;\n" +
            "      with --front-end, only parse and bind them: for inputs whose analysis does not finish)\n" +
            "  or: --cold FILE [--warm N] [--phases] (compile one saved input the way a child meets it: after the child's\n" +
            "      warm-up, first large input of a fresh process; prints time, allocation and GCs, then N warm repeats;\n" +
            "      with --phases, parse, bind, analysis and lowering are run and timed one by one instead of Compile)\n" +
            "  or: --stages BYTES (parse and bind alone, timed, for every stress family at that size; no analysis)\n" +
            "  --family restricts stress inputs to the named families (e.g. --family prefer-chain --stress-share 1).";

        // ---- corpus -------------------------------------------------------------------------------------

        /// <summary>The repository's <c>.contract</c> files (<c>git ls-files '*.contract'</c>), or those under <c>--corpus</c>.</summary>
        private static IReadOnlyList<string> LoadCorpus(string? directory)
        {
            IEnumerable<string> paths;
            if (directory != null)
            {
                paths = Directory.EnumerateFiles(directory, "*.contract", SearchOption.AllDirectories);
            }
            else
            {
                string? root = RepositoryRoot();
                if (root is null) return Array.Empty<string>();
                paths = GitFiles(root) ?? Directory.EnumerateFiles(root, "*.contract", SearchOption.AllDirectories)
                    .Where(p => !p.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar) &&
                                !p.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar));
            }
            return paths.OrderBy(p => p, StringComparer.Ordinal).Select(File.ReadAllText).ToList();
        }

        private static string? RepositoryRoot()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Dsl.sln"))) return dir.FullName;
            for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Dsl.sln"))) return dir.FullName;
            return null;
        }

        private static IEnumerable<string>? GitFiles(string root)
        {
            try
            {
                var git = Process.Start(new ProcessStartInfo("git", "ls-files *.contract")
                {
                    WorkingDirectory = root, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
                });
                if (git is null) return null;
                var files = git.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)
                    .Select(f => Path.Combine(root, f.Trim())).Where(File.Exists).ToList();
                git.WaitForExit();
                return git.ExitCode == 0 && files.Count > 0 ? files : null;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null;   // no git: enumerate instead
            }
        }

        // ---- child: compile a range of inputs --------------------------------------------------------

        /// <summary>
        /// Compiles inputs [from, to) on one thread with a <c>--stack-kb</c> stack (1 MB by default: the main
        /// thread's 8 MB on Linux would hide overflows that a compiler thread, with less, would hit). Writes
        /// <c>S index</c> before each input and <c>R …</c> after it, flushed, so the parent knows which input a
        /// crash interrupted.
        /// </summary>
        private static int RunChild(Options options, Inputs inputs)
        {
            var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = true };
            var worker = new Thread(() =>
            {
                // Warm up first, so that the first inputs of a child are not charged for the JIT: random contracts, then
                // every stress family at 32 KB, until the code those inputs run has been recompiled at the top tier — what a
                // compiler server that has compiled contracts before runs. (A fresh process's first 1 MB input pays up to
                // ~2 s more for tiering: `--cold FILE` measures that, see docs/robustness.md.)
                for (int w = 0; w < 200; w++) ContractCompiler.Compile("warm-up.contract", new GrammarGenerator(new Random(w)).Contract());
                for (int round = 0; round < 4; round++)
                    foreach (string family in Inputs.StressFamilies)
                        ContractCompiler.Compile("warm-up.contract", Inputs.Stress(family, 32 * 1024, new Random(round)));
                for (int i = options.From; i < options.To; i++)
                {
                    var input = Generate(inputs, options, i);
                    output.WriteLine("S " + i);
                    var result = CompileTimed(input, options.ProfileMs);
                    output.WriteLine(result.Format());
                }
            }, options.StackKb * 1024);
            worker.Start();
            worker.Join();
            return 0;
        }

        private static FuzzInput Generate(Inputs inputs, Options options, int index)
        {
            var input = inputs.Generate(index);
            if (options.Families.Count == 0 || !input.Family.StartsWith("stress/", StringComparison.Ordinal)) return input;
            // Restricted to some stress families: the same draw, mapped onto them.
            string family = options.Families[index % options.Families.Count];
            var random = new Random(unchecked(options.Seed * 31 + index));
            int size = (int)Math.Exp(Math.Log(256) + random.NextDouble() * (Math.Log(inputs.MaxBytes) - Math.Log(256)));
            string text = Inputs.Stress(family, size, random);
            return new FuzzInput(index, "stress/" + family, text.Length > inputs.MaxBytes ? text.Substring(0, inputs.MaxBytes) : text);
        }

        /// <summary>What one input did.</summary>
        private sealed record Outcome(int Index, string Family, int Bytes, double Ms, string Kind, double ParseMs, double BindMs, string Detail)
        {
            public string Format() =>
                string.Join("\t", "R", Index.ToString(CultureInfo.InvariantCulture), Family, Bytes.ToString(CultureInfo.InvariantCulture),
                    Ms.ToString("R", CultureInfo.InvariantCulture), Kind, ParseMs.ToString("R", CultureInfo.InvariantCulture),
                    BindMs.ToString("R", CultureInfo.InvariantCulture), Escape(Detail));

            public static Outcome? Parse(string line)
            {
                var f = line.Split('\t');
                if (f.Length < 9 || f[0] != "R") return null;
                return new Outcome(int.Parse(f[1], CultureInfo.InvariantCulture), f[2], int.Parse(f[3], CultureInfo.InvariantCulture),
                    double.Parse(f[4], CultureInfo.InvariantCulture), f[5], double.Parse(f[6], CultureInfo.InvariantCulture),
                    double.Parse(f[7], CultureInfo.InvariantCulture), Unescape(f[8]));
            }

            private static string Escape(string s) => s.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r");

            private static string Unescape(string s)
            {
                var sb = new StringBuilder();
                for (int i = 0; i < s.Length; i++)
                {
                    if (s[i] == '\\' && i + 1 < s.Length)
                    {
                        i++;
                        sb.Append(s[i] switch { 't' => '\t', 'n' => '\n', 'r' => '\r', var c => c });
                    }
                    else sb.Append(s[i]);
                }
                return sb.ToString();
            }
        }

        /// <summary>
        /// Compiles one input and times it. Only <see cref="ContractCompiler.Compile"/> and its diagnostics decide
        /// the outcome; when it was slow (over <paramref name="profileMs"/>), the public stage entry points
        /// (<see cref="ContractParser.Parse(string, string, CancellationToken)"/>, <see cref="Binder.Bind"/>) are
        /// timed once more to say where the time went (the rest is analysis and lowering).
        /// </summary>
        private static Outcome CompileTimed(FuzzInput input, double profileMs)
        {
            string path = $"fuzz/{input.Index}.contract";
            var clock = Stopwatch.StartNew();
            string kind = "ok", detail = "";
            try
            {
                var compiled = ContractCompiler.Compile(path, input.Text);
                var internalError = compiled.Diagnostics.FirstOrDefault(d => d.Message.Contains("internal error") || d.Message.Contains("internal parser error"));
                if (internalError != null) { kind = "exception"; detail = "reported as " + internalError.Id + ": " + internalError.Message; }
            }
            catch (Exception exception)
            {
                kind = "exception";
                detail = exception.ToString();
            }
            double ms = clock.Elapsed.TotalMilliseconds;
            double parseMs = -1, bindMs = -1;
            if (ms > profileMs && kind == "ok")
            {
                clock.Restart();
                var syntax = ContractParser.Parse(path + ".profile", input.Text);
                parseMs = clock.Elapsed.TotalMilliseconds;
                clock.Restart();
                Binder.Bind(syntax, input.Text, new List<ContractDiagnostic>());
                bindMs = clock.Elapsed.TotalMilliseconds;
            }
            return new Outcome(input.Index, input.Family, input.Text.Length, ms, kind, parseMs, bindMs, detail);
        }

        // ---- parent: run children, collect, report ---------------------------------------------------

        private static int RunParent(Options options, Inputs inputs)
        {
            Directory.CreateDirectory(options.Out);
            var results = new ConcurrentDictionary<int, Outcome>();
            var batches = new ConcurrentQueue<(int From, int To)>();
            for (int from = 0; from < options.Count; from += options.Batch) batches.Enqueue((from, Math.Min(options.Count, from + options.Batch)));
            var clock = Stopwatch.StartNew();
            int done = 0;
            var progress = new Timer(_ =>
                Console.Error.WriteLine($"[{clock.Elapsed.TotalSeconds:F0} s] {Volatile.Read(ref done):N0} / {options.Count:N0} inputs"),
                null, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30));
            var workers = Enumerable.Range(0, Math.Max(1, options.Jobs)).Select(_ => new Thread(() =>
            {
                while (batches.TryDequeue(out var batch))
                {
                    int next = batch.From;
                    while (next < batch.To)
                    {
                        next = RunBatch(options, inputs, next, batch.To, outcome =>
                        {
                            results[outcome.Index] = outcome;
                            Interlocked.Increment(ref done);
                            if (outcome.Kind != "ok" || outcome.Ms > options.Slow * 1000) Save(options, inputs, outcome);
                        });
                    }
                }
            })).ToList();
            workers.ForEach(w => w.Start());
            workers.ForEach(w => w.Join());
            progress.Dispose();
            Report(options, results.Values.OrderBy(r => r.Index).ToList(), clock.Elapsed);
            return 0;
        }

        /// <summary>
        /// Runs one child over [from, to) until it finishes, crashes or hangs; returns where to continue.
        /// </summary>
        private static int RunBatch(Options options, Inputs inputs, int from, int to, Action<Outcome> record)
        {
            var start = ChildStart(options, from, to);
            using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start a child process");
            var stderr = new StringBuilder();
            child.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (stderr) { if (stderr.Length < 100_000) stderr.AppendLine(e.Data); } };
            child.BeginErrorReadLine();
            var lines = new BlockingCollection<string?>();
            var reader = new Thread(() =>
            {
                string? line;
                while ((line = child.StandardOutput.ReadLine()) != null) lines.Add(line);
                lines.Add(null);
            }) { IsBackground = true };
            reader.Start();

            int started = -1;
            var startedAt = Stopwatch.StartNew();
            while (true)
            {
                var wait = started < 0 ? TimeSpan.FromMinutes(5) : TimeSpan.FromSeconds(options.Timeout) - startedAt.Elapsed;
                if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
                if (!lines.TryTake(out var line, wait))
                {
                    // Hang: past the timeout with no result. Kill the child and go on after the input.
                    try { child.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
                    child.WaitForExit();
                    if (started < 0) throw new InvalidOperationException("a child process started no input within 5 minutes:\n" + stderr);
                    var input = Generate(inputs, options, started);
                    record(new Outcome(started, input.Family, input.Text.Length, options.Timeout * 1000, "hang", -1, -1, $"no result after {options.Timeout} s; killed"));
                    return started + 1;
                }
                if (line is null)
                {
                    child.WaitForExit();
                    if (started >= 0)
                    {
                        // The child died inside an input: a crash (a stack overflow, most likely; its stderr says).
                        var input = Generate(inputs, options, started);
                        string why;
                        lock (stderr) why = $"child exited with code {child.ExitCode}\n{stderr}";
                        record(new Outcome(started, input.Family, input.Text.Length, startedAt.Elapsed.TotalMilliseconds, "crash", -1, -1, why));
                        return started + 1;
                    }
                    return to;
                }
                if (line.StartsWith("S ", StringComparison.Ordinal))
                {
                    started = int.Parse(line.Substring(2), CultureInfo.InvariantCulture);
                    startedAt.Restart();
                }
                else if (Outcome.Parse(line) is { } outcome)
                {
                    record(outcome);
                    started = -1;
                }
            }
        }

        private static ProcessStartInfo ChildStart(Options options, int from, int to)
        {
            string host = Environment.ProcessPath ?? "dotnet";
            var start = new ProcessStartInfo(host)
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
                StandardOutputEncoding = Encoding.UTF8,
            };
            // Run through `dotnet ContractDsl.Fuzz.dll` when this process was started that way.
            if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
                start.ArgumentList.Add(typeof(Program).Assembly.Location);
            foreach (var arg in new[]
                     {
                         "--child", "--from", from.ToString(CultureInfo.InvariantCulture), "--to", to.ToString(CultureInfo.InvariantCulture),
                         "--seed", options.Seed.ToString(CultureInfo.InvariantCulture), "--max-bytes", options.MaxBytes.ToString(CultureInfo.InvariantCulture),
                         "--stress-share", options.StressShare.ToString("R", CultureInfo.InvariantCulture),
                         "--stack-kb", options.StackKb.ToString(CultureInfo.InvariantCulture),
                         "--profile-ms", options.ProfileMs.ToString("R", CultureInfo.InvariantCulture),
                     })
                start.ArgumentList.Add(arg);
            if (options.Corpus != null) { start.ArgumentList.Add("--corpus"); start.ArgumentList.Add(options.Corpus); }
            foreach (var family in options.Families) { start.ArgumentList.Add("--family"); start.ArgumentList.Add(family); }
            return start;
        }

        private static void Save(Options options, Inputs inputs, Outcome outcome)
        {
            string kind = outcome.Kind == "ok" ? "slow" : outcome.Kind;
            string name = $"{kind}-{outcome.Index:D6}-{outcome.Family.Replace('/', '-')}";
            var input = Generate(inputs, options, outcome.Index);
            File.WriteAllText(Path.Combine(options.Out, name + ".contract"), input.Text);
            File.WriteAllText(Path.Combine(options.Out, name + ".txt"),
                $"input {outcome.Index} (seed {options.Seed}), family {outcome.Family}, {outcome.Bytes:N0} characters\n" +
                $"outcome: {outcome.Kind}, {outcome.Ms:F1} ms" +
                (outcome.ParseMs >= 0 ? $" (parse {outcome.ParseMs:F1} ms, bind {outcome.BindMs:F1} ms, analysis and lowering {outcome.Ms - outcome.ParseMs - outcome.BindMs:F1} ms)" : "") +
                "\n" + outcome.Detail + "\n" +
                $"replay: dotnet run -c Release --project bench/Fuzz -- --replay {Path.Combine(options.Out, name + ".contract")}\n");
        }

        private static void Report(Options options, List<Outcome> results, TimeSpan elapsed)
        {
            double Percentile(IReadOnlyList<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
            string Ms(double ms) => ms >= 1000 ? (ms / 1000).ToString("0.00", CultureInfo.InvariantCulture) + " s" : ms.ToString(ms < 1 ? "0.000" : "0.0", CultureInfo.InvariantCulture) + " ms";
            string Size(int bytes) => bytes >= 1 << 20 ? $"{bytes / 1048576.0:0.0} MB" : bytes >= 1024 ? $"{bytes / 1024.0:0} KB" : $"{bytes} B";

            var times = results.Select(r => r.Ms).OrderBy(t => t).ToList();
            var slowest = results.OrderByDescending(r => r.Ms).FirstOrDefault();
            Console.WriteLine($"# Fuzzing benchmark: {results.Count:N0} inputs, seed {options.Seed}, {Environment.ProcessorCount} cores, {options.Jobs} job(s), " +
                              $"stack {options.StackKb} KB, {elapsed.TotalMinutes:F1} min");
            Console.WriteLine();
            Console.WriteLine($"| inputs | exceptions | crashes | hangs (> {options.Timeout:0} s) | over {options.Slow:0} s | slowest input | p50 | p99 |");
            Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: |");
            Console.WriteLine($"| {results.Count:N0} | {results.Count(r => r.Kind == "exception")} | {results.Count(r => r.Kind == "crash")} | {results.Count(r => r.Kind == "hang")} | " +
                              $"{results.Count(r => r.Ms > options.Slow * 1000)} | " +
                              (slowest is null ? "–" : $"{slowest.Family}, {Size(slowest.Bytes)}, {Ms(slowest.Ms)}") +
                              $" | {Ms(Percentile(times, 0.5))} | {Ms(Percentile(times, 0.99))} |");
            Console.WriteLine();
            Console.WriteLine("| family | inputs | largest | p50 | p99 | max | over 2 s | exceptions | crashes | hangs |");
            Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var group in results.GroupBy(r => r.Family).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var t = group.Select(r => r.Ms).OrderBy(x => x).ToList();
                Console.WriteLine($"| {group.Key} | {group.Count():N0} | {Size(group.Max(r => r.Bytes))} | {Ms(Percentile(t, 0.5))} | {Ms(Percentile(t, 0.99))} | {Ms(t[t.Count - 1])} | " +
                                  $"{group.Count(r => r.Ms > options.Slow * 1000)} | {group.Count(r => r.Kind == "exception")} | {group.Count(r => r.Kind == "crash")} | {group.Count(r => r.Kind == "hang")} |");
            }
            var profiled = results.Where(r => r.ParseMs >= 0).OrderByDescending(r => r.Ms).Take(15).ToList();
            if (profiled.Count > 0)
            {
                Console.WriteLine();
                Console.WriteLine($"Slowest inputs with a stage profile (compile over {options.ProfileMs:0} ms; stages timed again separately):");
                Console.WriteLine();
                Console.WriteLine("| input | family | size | compile | parse | bind | analysis + lowering |");
                Console.WriteLine("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
                foreach (var r in profiled)
                    Console.WriteLine($"| {r.Index} | {r.Family} | {Size(r.Bytes)} | {Ms(r.Ms)} | {Ms(r.ParseMs)} | {Ms(r.BindMs)} | {Ms(Math.Max(0, r.Ms - r.ParseMs - r.BindMs))} |");
            }
            var bad = results.Where(r => r.Kind != "ok").Take(20).ToList();
            if (bad.Count > 0)
            {
                Console.WriteLine();
                Console.WriteLine($"Failures (first {bad.Count}; inputs and details in {options.Out}):");
                foreach (var r in bad) Console.WriteLine($"  {r.Kind} #{r.Index} {r.Family} {Size(r.Bytes)}: {r.Detail.Split('\n')[0]}");
            }
        }

        // ---- front-end stages alone ----------------------------------------------------------------------

        /// <summary>
        /// Parse and bind time of every stress family at one size, after a warm-up (so the JIT has reached its
        /// optimised code): what the front end costs on the shapes that used to crash or stall it, without the
        /// analysis.
        /// </summary>
        private static int Stages(Options options, Inputs inputs)
        {
            for (int w = 0; w < 300; w++) StagesOnce(new GrammarGenerator(new Random(w)).Contract(), "warm" + w);
            Console.WriteLine($"# Front-end stages on the stress families at {options.Stages:N0} characters (best of 3, after a warm-up)");
            Console.WriteLine();
            Console.WriteLine("| family | characters | parse | bind | diagnostics |");
            Console.WriteLine("| --- | ---: | ---: | ---: | --- |");
            foreach (var family in options.Families.Count > 0 ? options.Families.ToArray() : Inputs.StressFamilies)
            {
                string text = Inputs.Stress(family, options.Stages, new Random(options.Seed));
                if (text.Length > options.MaxBytes) text = text.Substring(0, options.MaxBytes);
                var runs = Enumerable.Range(0, 3).Select(k => StagesOnce(text, family + k)).ToList();
                var diagnostics = runs[0].Diagnostics.GroupBy(d => d.Id).OrderBy(g => g.Key).Select(g => $"{g.Key}×{g.Count()}");
                Console.WriteLine($"| {family} | {text.Length:N0} | {runs.Min(r => r.ParseMs):F1} ms | {runs.Min(r => r.BindMs):F1} ms | {string.Join(" ", diagnostics)} |");
            }
            return 0;
        }

        private static (double ParseMs, double BindMs, List<ContractDiagnostic> Diagnostics) StagesOnce(string text, string path)
        {
            var clock = Stopwatch.StartNew();
            var syntax = ContractParser.Parse(path, text);
            double parse = clock.Elapsed.TotalMilliseconds;
            var diagnostics = new List<ContractDiagnostic>(syntax.Errors);
            clock.Restart();
            Binder.Bind(syntax, text, diagnostics);
            return (parse, clock.Elapsed.TotalMilliseconds, diagnostics);
        }

        // ---- one input in a cold process ----------------------------------------------------------------

        /// <summary>
        /// A saved input as the first large input of a fresh process: after 200 grammar contracts only (a child's warm-up
        /// before it also ran every stress family, which is what made the slowest inputs of the runs of 2026-11-29 the first
        /// large input of a child) on a <c>--stack-kb</c> thread, the file once, with its allocation, collections and GC
        /// pause time, then <c>--warm</c> more times. Run it in a fresh process each time (it is the process that is cold).
        /// </summary>
        private static int Cold(Options options)
        {
            string text = File.ReadAllText(options.Cold!);
            var worker = new Thread(() =>
            {
                for (int w = 0; w < 200; w++) ContractCompiler.Compile("warm-up.contract", new GrammarGenerator(new Random(w)).Contract());
                for (int run = 0; run <= options.Warm; run++)
                {
                    string path = $"cold/{run}.contract";
                    long allocated = GC.GetTotalAllocatedBytes(precise: true);
                    int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
                    var pause = GC.GetTotalPauseDuration();
                    double thread0 = ThreadCpuMs();
                    var process0 = Process.GetCurrentProcess().TotalProcessorTime;
                    var clock = Stopwatch.StartNew();
                    string phases = "";
                    int contracts;
                    if (options.Phases)
                    {
                        var syntax = ContractParser.Parse(path, text);
                        double parse = clock.Elapsed.TotalMilliseconds;
                        var bound = Binder.Bind(syntax, text, new List<ContractDiagnostic>());
                        double bind = clock.Elapsed.TotalMilliseconds;
                        var analyses = bound.Select(b => b.HasErrors ? null : Analysis.ContractAnalyzer.Analyze(b.Contract)).ToList();
                        double analyse = clock.Elapsed.TotalMilliseconds;
                        for (int k = 0; k < bound.Count; k++)
                            if (analyses[k] is { HasErrors: false } a) Lowering.Lowerer.Lower(bound[k].Contract, a.LoweringFacts());
                        double lower = clock.Elapsed.TotalMilliseconds;
                        contracts = bound.Count;
                        phases = $" (parse {parse:F0}, bind {bind - parse:F0}, analysis {analyse - bind:F0}, lowering {lower - analyse:F0} ms)";
                    }
                    else contracts = ContractCompiler.Compile(path, text).Analyses.Length;
                    double ms = clock.Elapsed.TotalMilliseconds;
                    double threadMs = ThreadCpuMs() - thread0;
                    double processMs = (Process.GetCurrentProcess().TotalProcessorTime - process0).TotalMilliseconds;
                    long bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
                    Console.WriteLine($"{(run == 0 ? "cold" : "warm")}: {ms:F0} ms{phases}, CPU: this thread {threadMs:F0} ms, process {processMs:F0} ms; {bytes / 1048576.0:F0} MB allocated ({bytes / 1024.0 / Math.Max(1, contracts):F1} KB per contract, {contracts} contracts), " +
                                      $"GCs {GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2}, GC pause {(GC.GetTotalPauseDuration() - pause).TotalMilliseconds:F0} ms, " +
                                      $"heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0:F0} MB, committed {GC.GetGCMemoryInfo().TotalCommittedBytes / 1048576.0:F0} MB");
                }
            }, options.StackKb * 1024);
            worker.Start();
            worker.Join();
            return 0;
        }

        /// <summary>CPU time of the calling thread (Linux; 0 elsewhere): on a shared machine a steadier figure than the clock.</summary>
        private static double ThreadCpuMs()
        {
            if (!OperatingSystem.IsLinux()) return 0;
            return clock_gettime(3 /* CLOCK_THREAD_CPUTIME_ID */, out var t) == 0 ? t.Seconds * 1e3 + t.Nanoseconds / 1e6 : 0;
        }

        private struct TimeSpec { public long Seconds; public long Nanoseconds; }

        [System.Runtime.InteropServices.DllImport("libc", SetLastError = false)]
        private static extern int clock_gettime(int clock, out TimeSpec time);

        // ---- replay ---------------------------------------------------------------------------------------

        private static int Replay(Options options)
        {
            int replayed = 0;
            foreach (var file in options.Replay)
            {
                replayed++;
                string text = File.ReadAllText(file);
                if (options.FrontEndOnly)
                {
                    var (parse, bind, diagnostics) = StagesOnce(text, file + "#" + replayed);
                    Console.WriteLine($"{file}: {text.Length:N0} characters, parse {parse:F1} ms, bind {bind:F1} ms, {diagnostics.Count} diagnostics");
                    continue;
                }
                // A different index each time: the same file replayed twice must not reuse the first parse's declarations.
                var outcome = CompileTimed(new FuzzInput(1_000_000 + replayed, Path.GetFileName(file), text), profileMs: 0);
                Console.WriteLine($"{file}: {outcome.Kind}, {outcome.Ms:F1} ms (parse {outcome.ParseMs:F1} ms, bind {outcome.BindMs:F1} ms, " +
                                  $"analysis and lowering {Math.Max(0, outcome.Ms - outcome.ParseMs - outcome.BindMs):F1} ms){(outcome.Detail.Length > 0 ? "\n" + outcome.Detail : "")}");
                foreach (var d in ContractCompiler.Compile(file, text).Diagnostics.Take(10)) Console.WriteLine("  " + d);
            }
            return 0;
        }
    }
}
