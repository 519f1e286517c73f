using System.IO;

namespace ContractDsl.Cli
{
    /// <summary>
    /// Where a command writes and what it may assume about the person running it.
    /// </summary>
    /// <param name="Output">Results: diagnostics, reports, tables.</param>
    /// <param name="Error">Errors, and summaries that must not mix into machine-readable results.</param>
    /// <param name="Interactive">
    /// True when <see cref="Output"/> is a terminal: progress bars, colours and rounded tables. False for a file, a pipe or
    /// a test, which get plain text that is the same on every run.
    /// </param>
    /// <param name="WorkingDirectory">What relative paths are relative to (the SARIF root by default).</param>
    public sealed record CliContext(TextWriter Output, TextWriter Error, bool Interactive, string WorkingDirectory);
}
