using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text.Json;
using ContractDsl.Lowering;
using ContractDsl.Versions;

namespace ContractDsl.Cli.Commands
{
    /// <summary>
    /// <c>cdsl diff OLD NEW</c>: the semantic difference of two versions of a contract (design brief §6) — the regions
    /// where the total, a norm's activity or a reason differs, each with a checked witness, or a proof that there are
    /// none. Exit codes are <c>diff</c>'s, so CI can gate on them: 0 equivalent, 1 different, 2 trouble.
    /// </summary>
    public sealed class DiffCommand : ICliCommand
    {
        /// <summary><c>diff</c>'s exit codes (they differ from the other commands' on purpose: CI scripts know these).</summary>
        public const int Equivalent = 0, Different = 1, Trouble = 2;

        public Command Create(CliContext context)
        {
            var before = new Argument<string>("old") { Description = "The earlier version's .contract file." };
            var after = new Argument<string>("new") { Description = "The later version's .contract file." };
            var contractName = new Option<string?>("--contract", "-c") { HelpName = "NAME", Description = "The contract to compare when the files declare several (matched by name); default: every contract the two files share, or the only one of each." };
            var format = new Option<string>("--format", "-f") { Description = "text (the report) or json.", DefaultValueFactory = _ => "text" };
            format.AcceptOnlyFromAmong("text", "json");

            var command = new Command("diff", "Compare two versions of a contract semantically: where the total reward, a norm's activity or a reason differs (with checked witnesses and the change's interval), norms added/removed/changed, per concern stricter or more permissive, or a proof of equivalence. Exit 0 equivalent, 1 different, 2 trouble.")
            {
                before, after, contractName, format,
            };
            command.SetAction(result =>
            {
                try
                {
                    return Run(context, result.GetValue(before)!, result.GetValue(after)!, result.GetValue(contractName), result.GetValue(format)!);
                }
                catch (CliException e)
                {
                    context.Error.WriteLine($"cdsl diff: error: {e.Message}");
                    return Trouble;
                }
                catch (System.Exception e) when (e is not System.OutOfMemoryException)
                {
                    context.Error.WriteLine($"cdsl diff: internal error: {e.GetType().Name}: {e.Message}");
                    return Trouble;
                }
            });
            return command;
        }

        private static int Run(CliContext context, string beforePath, string afterPath, string? name, string format)
        {
            var old = Load(context, beforePath);
            var @new = Load(context, afterPath);
            var pairs = Pair(old, @new, name);
            var results = pairs.Select(p => ContractDiff.Compare(p.Before, p.After)).ToList();
            if (format == "json")
            {
                var options = new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
                options.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
                context.Output.WriteLine(JsonSerializer.Serialize(results.Select(r => new
                {
                    before = r.Before,
                    after = r.After,
                    verdict = r.Verdict.ToString(),
                    equivalent = r.Equivalent,
                    regions = r.Regions.Select(d => new { kind = d.Kind.ToString(), norm = d.Norm, description = d.Description, where = d.Where, change = new[] { d.Change.Low, d.Change.High }, witness = d.Witness?.Text, note = d.Note }),
                    norms = r.Norms.Select(n => new { kind = n.Kind.ToString(), name = n.Name, aspects = n.Aspects.ToArray(), before = n.Before, after = n.After }),
                    concerns = r.Concerns.Select(c => new { concern = c.Concern, order = c.Order.ToString(), note = c.Note }),
                    signals = r.Signals.Select(s => new { kind = s.Kind.ToString(), name = s.Name, before = s.Before, after = s.After, note = s.Note }),
                    @params = r.Params.Select(p => new { kind = p.Kind.ToString(), name = p.Name, before = p.Before, after = p.After, note = p.Note }),
                    other = r.OtherChanges.ToArray(),
                    notes = r.Notes.ToArray(),
                }), options));
            }
            else
            {
                foreach (var r in results) context.Output.Write(r.ToText());
            }
            if (results.Any(r => r.Verdict == DiffVerdict.GaveUp)) return Trouble;
            return results.All(r => r.Equivalent) ? Equivalent : Different;
        }

        private static CompiledFile Load(CliContext context, string path)
        {
            string full = Path.GetFullPath(path, context.WorkingDirectory);
            if (!File.Exists(full)) throw new CliException($"{path}: no such file");
            var compiled = ContractCompiler.Compile(path, File.ReadAllText(full));
            if (compiled.HasErrors)
            {
                foreach (var d in compiled.Diagnostics.Where(d => d.IsError)) context.Error.WriteLine(d.ToString());
                throw new CliException($"{path} has errors; a contract is compared only once it compiles");
            }
            return compiled;
        }

        private static List<(ContractIR Before, ContractIR After)> Pair(CompiledFile old, CompiledFile @new, string? name)
        {
            if (name != null)
            {
                var a = old.Modules.FirstOrDefault(m => m.Name == name) ?? throw new CliException($"{old.Path} declares no contract `{name}`");
                var b = @new.Modules.FirstOrDefault(m => m.Name == name) ?? throw new CliException($"{@new.Path} declares no contract `{name}`");
                return new List<(ContractIR, ContractIR)> { (a, b) };
            }
            if (old.Modules.Length == 1 && @new.Modules.Length == 1) return new List<(ContractIR, ContractIR)> { (old.Modules[0], @new.Modules[0]) };
            var shared = old.Modules.Where(m => @new.Modules.Any(n => n.Name == m.Name)).Select(m => (m, @new.Modules.First(n => n.Name == m.Name))).ToList();
            if (shared.Count == 0)
                throw new CliException($"{old.Path} and {@new.Path} share no contract name ({string.Join(", ", old.Modules.Select(m => m.Name))} vs {string.Join(", ", @new.Modules.Select(m => m.Name))}); name one with --contract");
            return shared;
        }
    }
}
