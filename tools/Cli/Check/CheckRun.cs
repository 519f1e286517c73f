using System.Collections.Generic;
using System.IO;
using System.Linq;
using ContractDsl.Diagnostics;
using ContractDsl.Text;

namespace ContractDsl.Cli.Check
{
    /// <summary>Where a span sits: 1-based lines and columns, the end exclusive (the character after the span), as SARIF counts.</summary>
    public readonly record struct SourceRange(int StartLine, int StartColumn, int EndLine, int EndColumn)
    {
        /// <summary>The range of <paramref name="span"/> in a file whose lines <paramref name="lines"/> maps.</summary>
        public static SourceRange Of(SourceSpan span, LineMap lines, int textLength)
        {
            int start = System.Math.Clamp(span.Start, 0, textLength);
            int end = System.Math.Clamp(span.End, start, textLength);
            var (startLine, startColumn) = lines.Position(start);
            var (endLine, endColumn) = lines.Position(end);
            return new SourceRange(startLine, startColumn, endLine, endColumn);
        }
    }

    /// <summary>A diagnostic as reported: its effective severity and where its spans are.</summary>
    public sealed record ReportedDiagnostic(ContractDiagnostic Diagnostic, EffectiveSeverity Severity, SourceRange Range, IReadOnlyList<SourceRange> Related);

    /// <summary>One checked file: its path as given on the command line (or found under a given directory), and what is reported in it.</summary>
    public sealed record CheckedFile(string Path, string FullPath, IReadOnlyList<ReportedDiagnostic> Diagnostics);

    /// <summary>The counts of the summary line. Suppressed counts what configuration set to <c>none</c> or <c>silent</c>.</summary>
    public sealed record CheckSummary(int Files, int Errors, int Warnings, int Infos, int Suppressed)
    {
        public override string ToString() =>
            $"{Count(Files, "file")} checked: {Count(Errors, "error")}, {Count(Warnings, "warning")}, {Count(Infos, "info")}" +
            (Suppressed > 0 ? $" ({Suppressed} suppressed by configuration)" : "");

        private static string Count(int n, string what) => n.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + what + (n == 1 ? "" : "s");
    }

    /// <summary>Everything <c>cdsl check</c> concluded, before it is formatted.</summary>
    /// <param name="Problems">Inputs that could not be checked (missing paths, unreadable files), one message each.</param>
    public sealed record CheckReport(IReadOnlyList<CheckedFile> Files, CheckSummary Summary, IReadOnlyList<string> Problems)
    {
        public int ExitCode =>
            Problems.Count > 0 ? ExitCodes.InputError
            : Summary.Errors > 0 ? ExitCodes.ContractErrors
            : ExitCodes.Success;
    }

    /// <summary>Compiles each contract with the same <see cref="ContractCompiler"/> the build uses and applies the configured severities.</summary>
    public static class CheckRun
    {
        public static CheckReport Run(IReadOnlyList<string> files, string workingDirectory, SeverityConfiguration configuration, bool warningsAsErrors, IReadOnlyList<string> problems)
        {
            var allProblems = problems.ToList();
            var checkedFiles = new List<CheckedFile>();
            int errors = 0, warnings = 0, infos = 0, suppressed = 0;
            foreach (var path in files)
            {
                string full = Path.GetFullPath(path, workingDirectory);
                string text;
                try
                {
                    text = File.ReadAllText(full);
                }
                catch (System.Exception ex) when (ex is IOException or System.UnauthorizedAccessException)
                {
                    allProblems.Add($"{path}: {ex.Message}");
                    continue;
                }
                // In-file `// cdsl-disable-...` directives are applied by the compiler, as in the build.
                var compiled = ContractCompiler.Compile(path, text);
                var lines = new LineMap(text);
                var reported = new List<ReportedDiagnostic>();
                foreach (var d in compiled.Diagnostics)
                {
                    var severity = configuration.Resolve(d, full);
                    if (warningsAsErrors && severity == EffectiveSeverity.Warning) severity = EffectiveSeverity.Error;
                    switch (severity)
                    {
                        case EffectiveSeverity.Suppressed:
                        case EffectiveSeverity.Hidden:
                            suppressed++;
                            continue;
                        case EffectiveSeverity.Error: errors++; break;
                        case EffectiveSeverity.Warning: warnings++; break;
                        default: infos++; break;
                    }
                    reported.Add(new ReportedDiagnostic(d, severity, SourceRange.Of(d.Span, lines, text.Length),
                        d.AdditionalSpans.Select(s => SourceRange.Of(s, lines, text.Length)).ToList()));
                }
                checkedFiles.Add(new CheckedFile(path, full, reported
                    .OrderBy(r => r.Range.StartLine).ThenBy(r => r.Range.StartColumn).ThenBy(r => r.Diagnostic.Id, System.StringComparer.Ordinal)
                    .ToList()));
            }
            return new CheckReport(checkedFiles, new CheckSummary(checkedFiles.Count, errors, warnings, infos, suppressed), allProblems);
        }
    }
}
