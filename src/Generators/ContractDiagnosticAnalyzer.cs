using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ContractDsl.Generators
{
    /// <summary>
    /// Reports every language diagnostic (syntax, binding, underspecification, conflict) located inside the
    /// <c>.contract</c> file, in the IDE and in <c>dotnet build</c>; severities follow <c>.editorconfig</c>
    /// (<c>dotnet_diagnostic.CDSL1001.severity</c>).
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
                var compiled = ContractCompiler.Compile(file.AdditionalFile.Path, text.ToString());
                foreach (var diagnostic in compiled.Diagnostics)
                    file.ReportDiagnostic(Descriptors.ToDiagnostic(diagnostic, text));
            });
        }
    }
}
