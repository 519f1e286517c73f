using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ContractDsl.Lowering;
using ContractDsl.Runtime;

namespace ContractDsl.Cli.Eval
{
    /// <summary>What to evaluate, on what, and how.</summary>
    /// <param name="ContractPath">The .contract file.</param>
    /// <param name="DataPath">CSV, JSON Lines or Parquet with a column per signal.</param>
    /// <param name="ContractName">Which contract of the file (needed only when it has several).</param>
    /// <param name="ParamsPath">A JSON object of param name → value (the module's <c>Params.LoadJson</c>).</param>
    /// <param name="Strict"><see cref="DomainPolicy.Strict"/>: stop at the first value outside its domain; else clamp.</param>
    /// <param name="OutPath">Per-sample outputs (.csv, .jsonl, .parquet).</param>
    /// <param name="KeepTotals">Keep every total (for histograms).</param>
    public sealed record EvalRequest(
        string ContractPath,
        string DataPath,
        string? ContractName = null,
        string? ParamsPath = null,
        bool Strict = false,
        int BatchSize = EvalRequest.DefaultBatchSize,
        string? OutPath = null,
        bool KeepTotals = false)
    {
        public const int DefaultBatchSize = 8192;
    }

    /// <summary>What a run found: the module's metadata, the data's statistics, and how it was run.</summary>
    public sealed record EvalResult(ContractInfo Info, string DataPath, EvalStatistics Statistics, long Batches, string ParamsJson, DomainPolicy Policy);

    /// <summary>
    /// Streams a data file through a contract's compiled fused kernel batch by batch: read a batch of signal columns,
    /// evaluate it into reused output buffers, add it to the statistics, write its outputs, repeat.
    /// </summary>
    public static class EvalRun
    {
        /// <summary>The contract to evaluate: the file must compile without errors (they are written to <paramref name="error"/>).</summary>
        public static ContractIR LoadContract(string contractPath, string displayPath, string? contractName, TextWriter error)
        {
            if (!File.Exists(contractPath)) throw new CliException($"{displayPath}: no such file");
            var compiled = ContractCompiler.Compile(displayPath, File.ReadAllText(contractPath));
            if (compiled.HasErrors)
            {
                foreach (var d in compiled.Diagnostics.Where(d => d.IsError)) error.WriteLine(d.ToString());
                throw new CliException($"{displayPath} has errors (above); fix them first (cdsl check {displayPath})", ExitCodes.ContractErrors);
            }
            var modules = compiled.Modules;
            if (contractName != null)
                return modules.FirstOrDefault(m => m.Name == contractName)
                       ?? throw new CliException($"{displayPath} has no contract `{contractName}`; it has {string.Join(", ", modules.Select(m => m.Name))}", ExitCodes.Usage);
            return modules.Length switch
            {
                1 => modules[0],
                0 => throw new CliException($"{displayPath} declares no contract"),
                _ => throw new CliException($"{displayPath} declares {modules.Length} contracts ({string.Join(", ", modules.Select(m => m.Name))}); choose one with --contract NAME", ExitCodes.Usage),
            };
        }

        /// <param name="progress">Told what is happening and how far it is (0 to 1): compiling, then evaluating.</param>
        public static EvalResult Run(EvalRequest request, CliContext context, Action<string, double>? progress = null)
        {
            string contractFull = Path.GetFullPath(request.ContractPath, context.WorkingDirectory);
            string dataFull = Path.GetFullPath(request.DataPath, context.WorkingDirectory);
            var module = LoadContract(contractFull, request.ContractPath, request.ContractName, context.Error);
            progress?.Invoke($"Compiling {module.Name}'s kernel", 0);
            var kernel = KernelCompiler.Compile(module);
            string evaluating = $"Evaluating {Path.GetFileName(request.DataPath)}";
            progress?.Invoke(evaluating, 0);
            if (request.ParamsPath is { } paramsPath) LoadParams(kernel, paramsPath, context.WorkingDirectory);
            var policy = request.Strict ? DomainPolicy.Strict : DomainPolicy.Clamp;
            var signals = module.Contract.Signals;
            var norms = kernel.Info.Norms.Select(n => n.Name).ToList();

            using var reader = SampleReader.Open(dataFull, request.DataPath, signals, request.Strict);
            using var writer = request.OutPath is { } outPath ? OutputWriter.Create(Path.GetFullPath(outPath, context.WorkingDirectory), norms) : null;
            var batch = new SignalBatch(signals, request.BatchSize);
            var outputs = new RewardOutputs(request.BatchSize, norms.Count);
            var statistics = new EvalStatistics(norms.Count, request.KeepTotals);
            long batches = 0;
            while (true)
            {
                long firstRow = reader.RowsRead + 1;
                if (reader.Read(batch) == 0) break;
                try
                {
                    kernel.Evaluate(batch, outputs, policy);
                }
                catch (ContractDomainException ex)
                {
                    var signal = kernel.Info.Signals.FirstOrDefault(s => s.Name == ex.Signal);
                    string value = ex.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                    string what = signal?.Kind == "category" ? $"category code {value}" : value;
                    throw new CliException($"{request.DataPath}: {reader.Position(ex.SampleIndex)}, column `{ex.Signal}`: {what} is outside the domain {signal?.Domain} of `{ex.Signal}` (--strict; without it the value is clamped and the sample marked OutOfDomain)");
                }
                statistics.Add(outputs);
                writer?.Write(outputs, firstRow);
                batches++;
                progress?.Invoke(evaluating, reader.Progress);
            }
            return new EvalResult(kernel.Info, request.DataPath, statistics, batches, kernel.ParamsJson, policy);
        }

        private static void LoadParams(IContractKernel kernel, string path, string workingDirectory)
        {
            string full = Path.GetFullPath(path, workingDirectory);
            if (!File.Exists(full)) throw new CliException($"--params {path}: no such file");
            try
            {
                kernel.LoadParams(File.ReadAllText(full));
            }
            catch (ParamJsonException ex)
            {
                throw new CliException($"--params {path}: {ex.Message}");
            }
            catch (ArgumentException ex)
            {
                throw new CliException($"--params {path}: {ex.Message}");
            }
        }
    }
}
