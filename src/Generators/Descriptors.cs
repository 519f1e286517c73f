using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using ContractDsl.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ContractDsl.Generators
{
    /// <summary>
    /// Roslyn's view of the language's diagnostic table (<see cref="DiagnosticCatalog"/>): one descriptor per entry,
    /// built from it, never written twice. Help links are absolute: the project's <c>ContractDslHelpLinkBase</c>
    /// (the package points it at the pages it ships) followed by <c>CDSLnnnn.md</c>.
    /// </summary>
    internal static class Descriptors
    {
        private static readonly ConcurrentDictionary<(string Id, string? Base), DiagnosticDescriptor> Cache = new();

        /// <summary>What the analyzer declares (with the default links; Roslyn matches reported diagnostics by ID).</summary>
        public static ImmutableArray<DiagnosticDescriptor> All { get; } = DiagnosticCatalog.All.Select(info => For(info.Id, null)).ToImmutableArray();

        /// <summary>The descriptor of <paramref name="id"/> with help links under <paramref name="helpLinkBase"/>.</summary>
        public static DiagnosticDescriptor For(string id, string? helpLinkBase) =>
            Cache.GetOrAdd((id, helpLinkBase), static key =>
            {
                var info = DiagnosticCatalog.All.First(d => d.Id == key.Id);
#pragma warning disable RS1017 // The IDs are constants of the language's diagnostic table, the one place they are written.
                return new DiagnosticDescriptor(info.Id, info.Title, "{0}", info.Category, Map(info.DefaultSeverity), isEnabledByDefault: true,
                    helpLinkUri: HelpLinks.For(info.Id, key.Base));
#pragma warning restore RS1017
            });

        private static DiagnosticSeverity Map(Severity severity) => severity switch
        {
            Severity.Error => DiagnosticSeverity.Error,
            Severity.Warning => DiagnosticSeverity.Warning,
            Severity.Info => DiagnosticSeverity.Info,
            _ => DiagnosticSeverity.Hidden,
        };

        /// <summary>A finding located inside the <c>.contract</c> file (line and column, as the build prints them).</summary>
        public static Diagnostic ToDiagnostic(ContractDiagnostic d, SourceText text, string? helpLinkBase)
        {
            var primary = Locate(d.Path, d.Span.Start, d.Span.Length, text);
            var additional = d.AdditionalSpans.Select(s => Locate(d.Path, s.Start, s.Length, text));
            return Diagnostic.Create(For(d.Id, helpLinkBase), primary, additional, d.Message);
        }

        private static Location Locate(string path, int start, int length, SourceText text)
        {
            start = System.Math.Max(0, System.Math.Min(start, text.Length));
            length = System.Math.Max(0, System.Math.Min(length, text.Length - start));
            var span = new TextSpan(start, length);
            return Location.Create(path, span, text.Lines.GetLinePositionSpan(span));
        }
    }
}
