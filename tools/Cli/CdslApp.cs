using System;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.IO;
using System.Linq;

namespace ContractDsl.Cli
{
    /// <summary>
    /// The <c>cdsl</c> command line: a root command whose subcommands are every <see cref="ICliCommand"/> of
    /// this assembly, with <c>--help</c> on each, <c>--version</c>, one clear message for a command line it doesn't
    /// understand, and the exit codes of <see cref="ExitCodes"/>. Tests call <see cref="Run"/> with their own writers.
    /// </summary>
    public static class CdslApp
    {
        public const string Description =
            "cdsl: check ContractDsl reward contracts, evaluate them on data through the generated fused kernel, and write contract cards.";

        /// <summary>Runs one command line, writing to <paramref name="output"/> and <paramref name="error"/>; returns the exit code.</summary>
        public static int Run(string[] args, TextWriter output, TextWriter error, bool interactive = false, string? workingDirectory = null)
        {
            var context = new CliContext(output, error, interactive, workingDirectory ?? Directory.GetCurrentDirectory());
            var root = CreateRoot(context);
            var parsed = root.Parse(args);
            var invocation = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
            // --help and --version answer even when the rest of the line has errors (that is what they are for).
            if (parsed.Errors.Count > 0 && parsed.Action is ParseErrorAction)
            {
                ReportParseErrors(parsed, error);
                return ExitCodes.Usage;
            }
            return parsed.Invoke(invocation);
        }

        /// <summary>
        /// The root command, named <c>cdsl</c> whatever the host process is called (help reads the same in tests and in
        /// the installed tool), with <c>--help</c> on every command, <c>--version</c>, and every subcommand ordered by name.
        /// </summary>
        public static Command CreateRoot(CliContext context)
        {
            var root = new Command(ToolInfo.Name, Description);
            root.Options.Add(new HelpOption { Recursive = true });
            root.Options.Add(new VersionOption { Action = new PrintVersion() });
            foreach (var command in Commands(context))
            {
                RejectOptionLikeArguments(command);
                root.Subcommands.Add(command);
            }
            // `cdsl` alone: say what there is to do, and fail (nothing was done).
            root.SetAction(result =>
            {
                context.Error.WriteLine("cdsl: no command given.");
                WriteCommandList(root, context.Error);
                return ExitCodes.Usage;
            });
            return root;
        }

        /// <summary>
        /// A word that looks like an option but is none (<c>--frobnicate</c>) would otherwise be taken as a file name and
        /// fail later as a missing file; it is a usage error, unless a file of that name exists.
        /// </summary>
        private static void RejectOptionLikeArguments(Command command)
        {
            foreach (var argument in command.Arguments)
            {
                argument.Validators.Add(result =>
                {
                    foreach (var token in result.Tokens)
                        if (token.Value.Length > 1 && token.Value[0] == '-' && !char.IsDigit(token.Value[1]) && !File.Exists(token.Value) && !Directory.Exists(token.Value))
                            result.AddError($"unknown option '{token.Value}'");
                });
            }
        }

        /// <summary>--version: the package version, without the source revision.</summary>
        private sealed class PrintVersion : SynchronousCommandLineAction
        {
            public override int Invoke(ParseResult parseResult)
            {
                parseResult.InvocationConfiguration.Output.WriteLine(ToolInfo.Version);
                return ExitCodes.Success;
            }
        }

        private static Command[] Commands(CliContext context) =>
            typeof(CdslApp).Assembly.GetTypes()
                .Where(t => t.IsClass && !t.IsAbstract && typeof(ICliCommand).IsAssignableFrom(t))
                .Select(t => ((ICliCommand)Activator.CreateInstance(t, nonPublic: true)!).Create(context))
                .OrderBy(c => c.Name, StringComparer.Ordinal)
                .ToArray();

        /// <summary>A file-system failure, as opposed to an assembly that failed to load (a broken install, which is a bug report).</summary>
        private static bool IsFileSystemError(Exception ex) =>
            ex is UnauthorizedAccessException ||
            (ex is IOException && ex is not FileLoadException && !(ex is FileNotFoundException missing && missing.FileName?.Contains("Version=", StringComparison.Ordinal) == true));

        private static void ReportParseErrors(ParseResult parsed, TextWriter error)
        {
            var command = parsed.CommandResult.Command;
            bool atRoot = command.Parents.FirstOrDefault() is null;
            string name = atRoot ? "cdsl" : "cdsl " + command.Name;
            // A first word that is no command: say so, and list the commands, rather than "unrecognized argument".
            if (atRoot && parsed.UnmatchedTokens.Count > 0 && !parsed.UnmatchedTokens[0].StartsWith("-", StringComparison.Ordinal))
            {
                error.WriteLine($"cdsl: unknown command '{parsed.UnmatchedTokens[0]}'.");
                WriteCommandList(command, error);
                return;
            }
            foreach (var e in parsed.Errors) error.WriteLine($"{name}: error: {e.Message}");
            error.WriteLine($"Run '{name} --help' for usage.");
        }

        private static void WriteCommandList(Command root, TextWriter error)
        {
            error.WriteLine("The commands are:");
            int width = root.Subcommands.Max(c => c.Name.Length);
            foreach (var c in root.Subcommands) error.WriteLine($"  {c.Name.PadRight(width)}  {FirstSentence(c.Description)}");
            error.WriteLine("Run 'cdsl COMMAND --help' for a command's arguments and options.");
        }

        private static string FirstSentence(string? text)
        {
            if (string.IsNullOrEmpty(text)) return "";
            int end = text!.IndexOf(". ", StringComparison.Ordinal);
            return end < 0 ? text : text.Substring(0, end + 1);
        }

        /// <summary>
        /// Runs a command's body with the failures a user can act on reported as one line and their exit code, and anything
        /// else reported as an internal error (with its stack, which is what a bug report needs).
        /// </summary>
        public static int Guard(CliContext context, string command, Func<int> body)
        {
            try
            {
                return body();
            }
            catch (CliException ex)
            {
                context.Error.WriteLine($"cdsl {command}: error: {ex.Message}");
                return ex.ExitCode;
            }
            catch (Exception ex) when (IsFileSystemError(ex))
            {
                // Writing an output where it can't go (no permission, a directory of that name, a full disk).
                context.Error.WriteLine($"cdsl {command}: error: {ex.Message}");
                return ExitCodes.InputError;
            }
            catch (Exception ex)
            {
                context.Error.WriteLine($"cdsl {command}: internal error: {ex}");
                context.Error.WriteLine("This is a bug in cdsl; please report it with the command line and the input.");
                return ExitCodes.InternalError;
            }
        }
    }
}
