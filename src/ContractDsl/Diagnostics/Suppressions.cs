using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using ContractDsl.Text;

namespace ContractDsl.Diagnostics
{
    /// <summary>
    /// In-file suppression of one finding, for the cases a reviewer has accepted:
    /// <code>
    /// // cdsl-disable-next-line CDSL3001 -- the wellness team accepted this overlap (ticket 123)
    /// norm ...
    /// norm ... // cdsl-disable-line CDSL2004
    /// </code>
    /// A directive names one or more IDs (comma-separated) and applies to diagnostics whose primary location starts on
    /// the directive's own line (<c>disable-line</c>) or on the next line that is not a comment (<c>disable-next-line</c>).
    /// Errors can't be suppressed (the module could not be generated anyway). A directive that suppresses nothing is
    /// itself reported (CDSL0002), so stale suppressions don't outlive the problem they hid. Every front end — the
    /// generator, the analyzer, the CLI — sees the same result because the compiler applies this.
    /// </summary>
    public static class Suppressions
    {
        private static readonly Regex Directive = new Regex(
            @"//\s*cdsl-disable-(?<kind>next-line|line)\s+(?<ids>[A-Za-z0-9_]+(\s*,\s*[A-Za-z0-9_]+)*)",
            RegexOptions.CultureInvariant);

        private sealed record Entry(int Line, int TargetLine, string Id, SourceSpan Span)
        {
            public bool Used { get; set; }
        }

        /// <summary>The diagnostics that remain after the file's directives, plus CDSL0002 for directives that suppressed nothing.</summary>
        public static List<ContractDiagnostic> Apply(string path, string text, IReadOnlyList<ContractDiagnostic> diagnostics)
        {
            if (text.IndexOf("cdsl-disable", StringComparison.Ordinal) < 0) return diagnostics.ToList();
            var entries = Parse(text);
            var result = new List<ContractDiagnostic>();
            foreach (var d in diagnostics)
            {
                var entry = d.IsError ? null : entries.FirstOrDefault(e => e.TargetLine == d.Span.Line && string.Equals(e.Id, d.Id, StringComparison.OrdinalIgnoreCase));
                if (entry == null) { result.Add(d); continue; }
                entry.Used = true;
            }
            foreach (var entry in entries.Where(e => !e.Used))
            {
                var info = DiagnosticCatalog.All.FirstOrDefault(i => string.Equals(i.Id, entry.Id, StringComparison.OrdinalIgnoreCase));
                string why = info == null ? $"`{entry.Id}` is not a ContractDsl diagnostic"
                    : info.DefaultSeverity == Severity.Error ? $"{info.Id} is an error, and errors can't be suppressed"
                    : $"no {info.Id} is reported on line {entry.TargetLine}";
                result.Add(new ContractDiagnostic(DiagnosticCatalog.UnusedSuppression, path, entry.Span,
                    $"this suppression does nothing: {why}; remove it (or move it above the line the diagnostic is reported on)"));
            }
            return result;
        }

        private static List<Entry> Parse(string text)
        {
            var map = new LineMap(text);
            var lines = text.Split('\n');
            var entries = new List<Entry>();
            int offset = 0;
            for (int i = 0; i < lines.Length; offset += lines[i].Length + 1, i++)
            {
                var line = lines[i];
                int comment = CommentStart(line);
                if (comment < 0) continue;
                var match = Directive.Match(line, comment);
                if (!match.Success) continue;
                int target = i + 1;
                if (match.Groups["kind"].Value == "next-line")
                {
                    target = i + 2;
                    while (target - 1 < lines.Length && (lines[target - 1].Trim().Length == 0 || lines[target - 1].TrimStart().StartsWith("//", StringComparison.Ordinal))) target++;
                }
                var span = map.Span(offset + match.Index, match.Length);
                foreach (var id in match.Groups["ids"].Value.Split(',').Select(x => x.Trim()).Where(x => x.Length > 0))
                    entries.Add(new Entry(i + 1, target, id, span));
            }
            return entries;
        }

        /// <summary>Where a line's <c>//</c> comment starts, ignoring <c>//</c> inside a string; -1 if none.</summary>
        private static int CommentStart(string line)
        {
            bool inString = false;
            for (int i = 0; i + 1 < line.Length; i++)
            {
                if (line[i] == '"') inString = !inString;
                else if (!inString && line[i] == '/' && line[i + 1] == '/') return i;
            }
            return -1;
        }
    }
}
