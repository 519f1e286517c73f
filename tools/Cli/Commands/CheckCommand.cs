using System.CommandLine;
using System.IO;
using ContractDsl.Cli.Check;

namespace ContractDsl.Cli.Commands
{
    /// <summary><c>cdsl check FILES|DIRS</c>: every diagnostic of the contracts, with the severities the build would give them.</summary>
    internal sealed class CheckCommand : ICliCommand
    {
        public Command Create(CliContext context)
        {
            var paths = new Argument<string[]>("paths")
            {
                Description = "Contract files, or directories searched recursively for *.contract.",
                Arity = ArgumentArity.OneOrMore,
            };
            var format = new Option<string>("--format", "-f")
            {
                Description = "msbuild: file(line,col): warning CDSL3001: message; sarif: SARIF 2.1.0 for code scanning; json: the shape docs/cli.md describes.",
                DefaultValueFactory = _ => "msbuild",
            };
            format.AcceptOnlyFromAmong("msbuild", "sarif", "json");
            var output = new Option<string?>("--output", "-o") { HelpName = "FILE", Description = "Write the diagnostics to this file instead of standard output." };
            var warnAsError = new Option<bool>("--warnaserror") { Description = "Report warnings as errors (and fail on them)." };
            var config = new Option<string[]>("--config")
            {
                HelpName = "FILE",
                Description = "A global analyzer config (.globalconfig format) to apply on top of the .globalconfig files found next to each contract and above it; repeatable, the last wins.",
                AllowMultipleArgumentsPerToken = false,
            };
            var helpLinkBase = new Option<string?>("--help-link-base")
            {
                HelpName = "URI",
                Description = "Where the diagnostic pages are (URL or directory); links are BASE/CDSLnnnn.md. Default: the pages shipped with the tool, as file: URIs.",
            };
            var sarifRoot = new Option<string?>("--sarif-root")
            {
                HelpName = "DIR",
                Description = "SARIF artifact URIs are relative to this directory (%SRCROOT%); default: the current directory (run from the repository root for code scanning).",
            };

            var command = new Command("check", "Report every diagnostic of the contracts, with the severities .globalconfig files give them, and a summary. Exit 1 on errors.")
            {
                paths, format, output, warnAsError, config, helpLinkBase, sarifRoot,
            };
            command.SetAction(result => CdslApp.Guard(context, "check", () =>
            {
                var problems = new System.Collections.Generic.List<string>();
                var files = ContractFiles.Expand(result.GetValue(paths)!, context.WorkingDirectory, problems);
                var configuration = SeverityConfiguration.Load(result.GetValue(config) ?? System.Array.Empty<string>(), context.WorkingDirectory);
                var report = CheckRun.Run(files, context.WorkingDirectory, configuration, result.GetValue(warnAsError), problems);
                string links = result.GetValue(helpLinkBase) is { } b ? Absolute(b, context.WorkingDirectory) : ToolInfo.DefaultHelpLinkBase;
                string root = Path.GetFullPath(result.GetValue(sarifRoot) ?? ".", context.WorkingDirectory);

                string? outputPath = result.GetValue(output);
                var writer = outputPath is null ? context.Output : new StringWriter();
                string chosen = result.GetValue(format)!;
                switch (chosen)
                {
                    case "sarif": SarifFormat.Write(report, writer, root, links); break;
                    case "json": JsonFormat.Write(report, writer, links); break;
                    default: MsBuildFormat.Write(report, writer); break;
                }
                if (outputPath is not null)
                {
                    string file = Path.GetFullPath(outputPath, context.WorkingDirectory);
                    Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                    File.WriteAllText(file, writer.ToString());
                }

                foreach (var warning in configuration.Warnings) context.Error.WriteLine($"cdsl check: warning: {warning}");
                foreach (var problem in report.Problems) context.Error.WriteLine($"cdsl check: error: {problem}");
                // The summary goes with msbuild-format lines; next to SARIF or JSON on standard output it would break the document.
                var summaryTo = chosen == "msbuild" || outputPath is not null ? context.Output : context.Error;
                summaryTo.WriteLine(report.Summary.ToString());
                return report.ExitCode;
            }));
            return command;
        }

        /// <summary>A directory given as the link base becomes an absolute path (HelpLinks turns it into a file: URI); URLs stay as they are.</summary>
        private static string Absolute(string linkBase, string workingDirectory) =>
            linkBase.Contains("://", System.StringComparison.Ordinal) ? linkBase : Path.GetFullPath(linkBase, workingDirectory);
    }
}
