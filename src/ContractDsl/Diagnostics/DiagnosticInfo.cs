using ContractDsl.Collections;
using ContractDsl.Text;

namespace ContractDsl.Diagnostics
{
    public enum Severity { Hidden, Info, Warning, Error }

    /// <summary>One entry of the diagnostic catalogue: the stable ID, a title and the default severity.</summary>
    public sealed record DiagnosticDescriptorInfo(string Id, string Title, Severity DefaultSeverity, string Category);

    /// <summary>
    /// A finding about a <c>.contract</c> file: what the generator, the analyzers and the CLI all report.
    /// <see cref="AdditionalSpans"/> point at the other clause of a pair (a conflict's second norm).
    /// </summary>
    public sealed record ContractDiagnostic(
        string Id,
        Severity Severity,
        string Message,
        string Path,
        SourceSpan Span,
        EquatableArray<SourceSpan> AdditionalSpans)
    {
        public ContractDiagnostic(DiagnosticDescriptorInfo descriptor, string path, SourceSpan span, string message)
            : this(descriptor.Id, descriptor.DefaultSeverity, message, path, span, EquatableArray<SourceSpan>.Empty) { }

        public bool IsError => Severity == Severity.Error;

        /// <summary>MSBuild's canonical form: <c>file.contract(12,5): error CDSL1001: message</c>.</summary>
        public override string ToString() =>
            $"{Path}({Span.Line},{Span.Column}): {Severity.ToString().ToLowerInvariant()} {Id}: {Message}";
    }
}
