using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using ContractDsl.Card;
using ContractDsl.Cli.Card;
using ContractDsl.Cli.Eval;

namespace ContractDsl.Cli.Commands
{
    /// <summary>
    /// <c>cdsl card CONTRACT... [--out DIR] [--data FILE]</c>: each contract's Markdown card (the one its module carries),
    /// and in DIR the pictures it links — reward range per norm, and with data the reward distribution and activation.
    /// </summary>
    internal sealed class CardCommand : ICliCommand
    {
        public Command Create(CliContext context)
        {
            var contracts = new Argument<string[]>("contracts") { Description = "The .contract files.", Arity = ArgumentArity.OneOrMore };
            var output = new Option<string?>("--out", "-o") { HelpName = "DIR", Description = "Write CONTRACT.card.md and its pictures here; without it the card is printed (without pictures)." };
            var data = new Option<string?>("--data", "-d") { HelpName = "FILE", Description = "Evaluate the contract on this data file (as cdsl eval does) and add its reward distribution and per-norm activation to the card. Needs --out and one contract." };
            var contractName = new Option<string?>("--contract", "-c") { HelpName = "NAME", Description = "With --data: the contract to evaluate, when the file declares several." };
            var parameters = new Option<string?>("--params", "-p") { HelpName = "FILE", Description = "With --data: a JSON object of param name → value." };
            var strict = new Option<bool>("--strict") { Description = "With --data: stop at the first value outside its domain." };
            var imageFormat = new Option<string>("--image-format") { Description = "png or svg.", DefaultValueFactory = _ => "png" };
            imageFormat.AcceptOnlyFromAmong("png", "svg");

            var command = new Command("card", "Write each contract's card (Markdown): parties, signals, norms with rationales, priorities, welfare, uncertainty policy, analysis findings, and pictures of its reward ranges (and, with --data, of its behaviour on data).")
            {
                contracts, output, data, contractName, parameters, strict, imageFormat,
            };
            command.Validators.Add(r =>
            {
                if (r.GetValue(data) is not null && r.GetValue(output) is null) r.AddError("--data needs --out DIR (the pictures are files)");
                if (r.GetValue(data) is not null && (r.GetValue(contracts)?.Length ?? 0) != 1) r.AddError("--data evaluates one contract: give one contract file");
            });
            command.SetAction(result => CdslApp.Guard(context, "card", () =>
            {
                string? outDirectory = result.GetValue(output) is { } o ? Path.GetFullPath(o, context.WorkingDirectory) : null;
                string extension = "." + result.GetValue(imageFormat);
                int exit = ExitCodes.Success;
                foreach (var path in result.GetValue(contracts)!)
                {
                    string full = Path.GetFullPath(path, context.WorkingDirectory);
                    if (!File.Exists(full))
                    {
                        context.Error.WriteLine($"cdsl card: error: {path}: no such file");
                        exit = System.Math.Max(exit, ExitCodes.InputError);
                        continue;
                    }
                    var compiled = ContractCompiler.Compile(path, File.ReadAllText(full));
                    if (compiled.HasErrors)
                    {
                        foreach (var d in compiled.Diagnostics.Where(d => d.IsError)) context.Error.WriteLine(d.ToString());
                        exit = System.Math.Max(exit, ExitCodes.ContractErrors);
                        continue;
                    }
                    var modules = result.GetValue(contractName) is { } name ? compiled.Modules.Where(m => m.Name == name).ToList() : compiled.Modules.ToList();
                    if (modules.Count == 0) throw new CliException($"{path} has no contract{(result.GetValue(contractName) is { } n ? " `" + n + "`" : "")}", ExitCodes.Usage);
                    foreach (var module in modules)
                    {
                        var card = new StringBuilder(ContractCard.Render(module, module.Findings));
                        if (outDirectory is null)
                        {
                            context.Output.Write(card.ToString());
                            continue;
                        }
                        Directory.CreateDirectory(outDirectory);
                        var analysis = compiled.Analyses.FirstOrDefault(a => a.Contract == module.Name);
                        if (analysis != null)
                        {
                            string picture = module.Name + ".reward-ranges" + extension;
                            CardPictures.RewardRanges(module, analysis, Path.Combine(outDirectory, picture));
                            card.AppendLine().AppendLine("## Reward ranges").AppendLine()
                                .AppendLine("What each norm can add to or take from the reward, as the analysis proved it (over every sample and every param value within bounds):")
                                .AppendLine().AppendLine($"![Reward range per norm]({picture})");
                        }
                        if (result.GetValue(data) is { } dataPath)
                        {
                            var request = new EvalRequest(path, dataPath, module.Name, result.GetValue(parameters), result.GetValue(strict), KeepTotals: true);
                            var evaluation = EvalRun.Run(request, context);
                            AppendData(card, module.Name, evaluation, outDirectory, extension);
                        }
                        string cardPath = Path.Combine(outDirectory, module.Name + ".card.md");
                        File.WriteAllText(cardPath, card.ToString());
                        context.Output.WriteLine(Path.Combine(result.GetValue(output)!, module.Name + ".card.md"));
                    }
                }
                return exit;
            }));
            return command;
        }

        private static void AppendData(StringBuilder card, string contract, EvalResult evaluation, string outDirectory, string extension)
        {
            var s = evaluation.Statistics;
            string totals = contract + ".totals" + extension;
            string activation = contract + ".activation" + extension;
            CardPictures.TotalsHistogram(contract, evaluation.DataPath, s.Totals, Path.Combine(outDirectory, totals));
            CardPictures.ActivationRates(evaluation, Path.Combine(outDirectory, activation));
            card.AppendLine().AppendLine($"## On data: `{Path.GetFileName(evaluation.DataPath)}`").AppendLine()
                .AppendLine($"{s.Samples} samples; total reward mean {EvalReport.Signed(s.MeanTotal)}, min {EvalReport.Number(s.Samples == 0 ? 0 : s.TotalMin)}, max {EvalReport.Number(s.Samples == 0 ? 0 : s.TotalMax)}; " +
                            $"uncertain on {s.Uncertain} ({EvalReport.Percent(s.Samples == 0 ? 0 : (double)s.Uncertain / s.Samples)}).")
                .AppendLine()
                .AppendLine($"![Distribution of the total reward]({totals})").AppendLine()
                .AppendLine($"![Activation rate per norm]({activation})").AppendLine()
                .AppendLine("| norm | effect | active | rate | mean contribution |")
                .AppendLine("| --- | --- | ---: | ---: | ---: |");
            foreach (var norm in evaluation.Info.Norms)
                card.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| `{norm.Name}` | {norm.Effect} | {s.Active(norm.Index)} | {EvalReport.Percent(s.Rate(norm.Index))} | {EvalReport.Signed(s.MeanContribution(norm.Index))} |"));
        }
    }
}
