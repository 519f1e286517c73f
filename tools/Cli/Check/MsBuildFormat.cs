using System.IO;

namespace ContractDsl.Cli.Check
{
    /// <summary>
    /// MSBuild's canonical format, one line per diagnostic — <c>file.contract(12,5): warning CDSL3001: message</c> — which
    /// editors, CI log parsers and problem matchers already understand.
    /// </summary>
    public static class MsBuildFormat
    {
        public static void Write(CheckReport report, TextWriter output)
        {
            foreach (var file in report.Files)
                foreach (var r in file.Diagnostics)
                    output.WriteLine($"{file.Path}({r.Range.StartLine},{r.Range.StartColumn}): {Word(r.Severity)} {r.Diagnostic.Id}: {r.Diagnostic.Message}");
        }

        /// <summary>The severity as MSBuild spells it.</summary>
        public static string Word(EffectiveSeverity severity) => severity switch
        {
            EffectiveSeverity.Error => "error",
            EffectiveSeverity.Warning => "warning",
            _ => "info",
        };
    }
}
