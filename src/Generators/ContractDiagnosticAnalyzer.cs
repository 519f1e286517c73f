using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ContractDsl.Generators
{
    /// <summary>
    /// Reports the language's diagnostics for <c>.contract</c> files without errors — warnings and infos about gaps,
    /// conflicts, trade-offs, levers, ranges — located inside the file, in the IDE and in <c>dotnet build</c>. Files
    /// with errors are reported whole by <see cref="ContractGenerator"/> (the compiler skips analyzers when there are
    /// errors). Severities follow <c>dotnet_diagnostic.CDSLnnnn.severity</c> in a <c>.globalconfig</c>.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ContractDiagnosticAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Descriptors.All;

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterAdditionalFileAction(static file =>
            {
                if (!file.AdditionalFile.Path.EndsWith(".contract", StringComparison.OrdinalIgnoreCase)) return;
                var text = file.AdditionalFile.GetText(file.CancellationToken);
                if (text is null) return;
                // Diagnostics only: the module is the generator's business.
                var compiled = ContractCompiler.Diagnose(file.AdditionalFile.Path, text.ToString(), file.CancellationToken);
                if (compiled.HasErrors) return; // the generator reported this file
                string? helpLinkBase = file.Options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("build_property.ContractDslHelpLinkBase", out var b) ? b : null;
                foreach (var diagnostic in compiled.Diagnostics)
                    file.ReportDiagnostic(Descriptors.ToDiagnostic(diagnostic, text, helpLinkBase));
            });
        }
    }
}
