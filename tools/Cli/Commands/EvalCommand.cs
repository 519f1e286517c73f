using System;
using System.CommandLine;
using System.IO;
using ContractDsl.Cli.Eval;
using Spectre.Console;

namespace ContractDsl.Cli.Commands
{
    /// <summary><c>cdsl eval CONTRACT DATA</c>: the contract's fused kernel on a data file, batch by batch, with a per-norm summary.</summary>
    internal sealed class EvalCommand : ICliCommand
    {
        /// <summary>Inputs above this size get a progress bar (in a terminal): smaller ones finish before it would be read.</summary>
        private const long ProgressThresholdBytes = 1 << 20;

        public Command Create(CliContext context)
        {
            var contract = new Argument<string>("contract") { Description = "The .contract file." };
            var data = new Argument<string>("data")
            {
                Description = "CSV (.csv, .tsv), JSON Lines (.jsonl, .ndjson) or Parquet (.parquet) with a column per signal, named after it; an ensemble rm as columns rm[0] … rm[k-1] or one column of JSON arrays; categories by value name; flags true/false/1/0.",
            };
            var contractName = new Option<string?>("--contract", "-c") { HelpName = "NAME", Description = "The contract to evaluate, when the file declares several." };
            var parameters = new Option<string?>("--params", "-p") { HelpName = "FILE", Description = "A JSON object of param name → value (e.g. {\"refusal_cost\": 2})." };
            var strict = new Option<bool>("--strict") { Description = "Stop at the first value outside its signal's domain, NaN included (DomainPolicy.Strict); by default values are clamped and such samples flagged." };
            var output = new Option<string?>("--out", "-o") { HelpName = "FILE", Description = "Write every sample's outputs (total, base, contributions, activity, uncertainty, reasons) to this .csv, .jsonl or .parquet file." };
            var format = new Option<string>("--format", "-f") { Description = "table: per-norm and reason tables; json: the summary as JSON (docs/cli.md).", DefaultValueFactory = _ => "table" };
            format.AcceptOnlyFromAmong("table", "json");
            var batchSize = new Option<int>("--batch-size") { HelpName = "N", Description = "Samples per batch through the kernel.", DefaultValueFactory = _ => EvalRequest.DefaultBatchSize };
            batchSize.Validators.Add(r =>
            {
                if (r.GetValueOrDefault<int>() < 1) r.AddError("--batch-size must be at least 1");
            });

            var command = new Command("eval", "Evaluate a contract on a data file through its generated fused kernel, streaming in batches; print per-norm activation, contributions and reasons.")
            {
                contract, data, contractName, parameters, strict, output, format, batchSize,
            };
            command.SetAction(result => CdslApp.Guard(context, "eval", () =>
            {
                var request = new EvalRequest(result.GetValue(contract)!, result.GetValue(data)!, result.GetValue(contractName), result.GetValue(parameters),
                    result.GetValue(strict), result.GetValue(batchSize), result.GetValue(output));
                var evaluation = RunWithProgress(request, context);
                if (result.GetValue(format) == "json") EvalReport.WriteJson(evaluation, context.Output);
                else EvalReport.WriteTables(evaluation, context.Output, context.Interactive);
                if (request.OutPath is { } outPath) context.Error.WriteLine($"cdsl eval: wrote {evaluation.Statistics.Samples} samples' outputs to {outPath}");
                return ExitCodes.Success;
            }));
            return command;
        }

        /// <summary>A progress bar for long runs in a terminal; a plain run otherwise (files, pipes, tests).</summary>
        private static EvalResult RunWithProgress(EvalRequest request, CliContext context)
        {
            string data = Path.GetFullPath(request.DataPath, context.WorkingDirectory);
            bool large = File.Exists(data) && new FileInfo(data).Length >= ProgressThresholdBytes;
            if (!context.Interactive || !large) return EvalRun.Run(request, context);
            EvalResult? evaluation = null;
            Terminal.Create(context.Output, interactive: true).Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
                .Start(progress =>
                {
                    var task = progress.AddTask($"Reading {Path.GetFileName(request.ContractPath)}", maxValue: 1.0);
                    evaluation = EvalRun.Run(request, context, (what, fraction) =>
                    {
                        task.Description = what;
                        task.Value = fraction;
                    });
                    task.Value = 1.0;
                });
            return evaluation ?? throw new InvalidOperationException("the evaluation did not run");
        }
    }
}
