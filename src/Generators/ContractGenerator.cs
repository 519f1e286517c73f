using System;
using System.IO;
using System.Linq;
using ContractDsl.Binding;
using ContractDsl.Collections;
using ContractDsl.Diagnostics;
using ContractDsl.Lowering;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ContractDsl.Generators
{
    /// <summary>A <c>.contract</c> additional file's path and text: the value-equal input of the pipeline.</summary>
    internal sealed record ContractSource(string Path, string Text);

    /// <summary>A compiled file with the text it came from (diagnostics are located in it).</summary>
    internal sealed record CompiledSource(ContractSource Source, CompiledFile File);

    /// <summary>
    /// The project's settings the generator reads (MSBuild properties made compiler-visible by the package's
    /// props): the namespace for contracts without one, where help links point, and whether the project references
    /// the torch runtime (then every module gets its TorchSharp part).
    /// </summary>
    internal sealed record GeneratorOptions(string RootNamespace, string? HelpLinkBase);

    /// <summary>One module to emit: the IR, the namespace it lands in, and whether to emit the torch part.</summary>
    internal sealed record EmitRequest(ContractIR Module, string Namespace, bool Torch);

    /// <summary>The shape of a contract with errors, to be emitted with members that throw.</summary>
    internal sealed record StubRequest(BoundContract Contract, string Namespace);

    /// <summary>The diagnostics the generator reports for one file: everything, when the file has errors.</summary>
    internal sealed record DiagnosticBatch(string Path, string Text, EquatableArray<ContractDiagnostic> Diagnostics);

    /// <summary>
    /// Compiles every <c>.contract</c> among the project's AdditionalFiles into typed C# reward modules.
    /// <para>
    /// A thin adapter: all language work happens in <see cref="ContractCompiler"/>; every model between the steps
    /// is value-equal, so an edit elsewhere leaves these steps cached. Two outputs: source for the modules, and —
    /// on its own diagnostics-only branch, so a change in diagnostics never re-runs source output — the
    /// diagnostics of files with errors. The compiler skips analyzers on a compilation with errors, so what stops
    /// generation must be reported here; the file's warnings come with them so that one build shows every problem.
    /// Files without errors are reported by <see cref="ContractDiagnosticAnalyzer"/>.
    /// </para>
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class ContractGenerator : IIncrementalGenerator
    {
        public const string DefaultNamespace = "ContractDsl.Generated";

        /// <summary>The torch runtime assembly: a project that references it gets the TorchSharp part of every module.</summary>
        public const string TorchRuntimeAssembly = "ContractDsl.Runtime.Torch";

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var sources = context.AdditionalTextsProvider
                .Where(static file => file.Path.EndsWith(".contract", StringComparison.OrdinalIgnoreCase))
                .Select(static (file, ct) => new ContractSource(file.Path, file.GetText(ct)?.ToString() ?? string.Empty))
                .WithTrackingName(TrackingNames.Source);

            var compiled = sources
                .Select(static (source, ct) => new CompiledSource(source, ContractCompiler.Compile(source.Path, source.Text, ct)))
                .WithTrackingName(TrackingNames.Compiled);

            var options = context.AnalyzerConfigOptionsProvider
                .Select(static (provider, _) =>
                {
                    var global = provider.GlobalOptions;
                    string ns = global.TryGetValue("build_property.RootNamespace", out var root) && !string.IsNullOrWhiteSpace(root) ? root.Trim() : DefaultNamespace;
                    string? help = global.TryGetValue("build_property.ContractDslHelpLinkBase", out var link) && !string.IsNullOrWhiteSpace(link) ? link.Trim() : null;
                    return new GeneratorOptions(ns, help);
                })
                .WithTrackingName(TrackingNames.RootNamespace);

            // Whether the torch runtime is referenced: a bool, so edits elsewhere never invalidate the modules.
            var torch = context.MetadataReferencesProvider
                .Where(static reference => string.Equals(Path.GetFileNameWithoutExtension(reference.Display ?? ""), TorchRuntimeAssembly, StringComparison.OrdinalIgnoreCase))
                .Collect()
                .Select(static (references, _) => references.Length > 0)
                .WithTrackingName(TrackingNames.Torch);

            var modules = compiled
                .SelectMany(static (file, _) => file.File.Modules)
                .WithTrackingName(TrackingNames.Modules);

            var requests = modules
                .Combine(options)
                .Combine(torch)
                .Select(static (pair, _) => new EmitRequest(pair.Left.Left, pair.Left.Left.Contract.Namespace ?? pair.Left.Right.RootNamespace, pair.Right))
                .WithTrackingName(TrackingNames.EmitRequest);
            context.RegisterSourceOutput(requests, static (spc, request) => EmitModule(spc, request));

            var stubs = compiled
                .SelectMany(static (file, _) => file.File.Broken)
                .Combine(options)
                .Select(static (pair, _) => new StubRequest(pair.Left, pair.Left.Namespace ?? pair.Right.RootNamespace))
                .WithTrackingName(TrackingNames.Stub);
            context.RegisterSourceOutput(stubs, static (spc, request) => EmitStub(spc, request));

            var diagnostics = compiled
                .Where(static file => file.File.HasErrors)
                .Select(static (file, _) => new DiagnosticBatch(file.Source.Path, file.Source.Text, file.File.Diagnostics))
                .Combine(options)
                .WithTrackingName(TrackingNames.Diagnostics);
            context.RegisterSourceOutput(diagnostics, static (spc, pair) =>
            {
                var text = SourceText.From(pair.Left.Text);
                foreach (var diagnostic in pair.Left.Diagnostics)
                    spc.ReportDiagnostic(Descriptors.ToDiagnostic(diagnostic, text, pair.Right.HelpLinkBase));
            });
        }

        private static void EmitModule(SourceProductionContext context, EmitRequest request)
        {
            var contract = request.Module.Contract;
            string stem = Path.GetFileNameWithoutExtension(contract.Path);
            try
            {
                context.AddSource($"{stem}.{contract.Name}.Contract.g.cs", Emit.CpuModuleEmitter.Emit(request.Module, request.Namespace));
                if (request.Torch)
                    context.AddSource($"{stem}.{contract.Name}.Torch.g.cs", Emit.TorchModuleEmitter.Emit(request.Module, request.Namespace));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                ReportInternalError(context, contract, exception);
            }
        }

        private static void EmitStub(SourceProductionContext context, StubRequest request)
        {
            var contract = request.Contract;
            string stem = Path.GetFileNameWithoutExtension(contract.Path);
            try
            {
                context.AddSource($"{stem}.{contract.Name}.Contract.g.cs", Emit.CpuModuleEmitter.EmitShapeOnly(contract, request.Namespace));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                ReportInternalError(context, contract, exception);
            }
        }

        /// <summary>The generator never throws: a bug in an emitter becomes a located diagnostic.</summary>
        private static void ReportInternalError(SourceProductionContext context, BoundContract contract, Exception exception)
        {
            var start = new LinePosition(contract.NameSpan.Line - 1, contract.NameSpan.Column - 1);
            var end = new LinePosition(contract.NameSpan.Line - 1, contract.NameSpan.Column - 1 + contract.Name.Length);
            var location = Location.Create(contract.Path, new TextSpan(contract.NameSpan.Start, contract.NameSpan.Length), new LinePositionSpan(start, end));
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.For(DiagnosticCatalog.InternalError.Id, null), location,
                $"ContractDsl could not generate contract '{contract.Name}': {exception.GetType().Name}: {exception.Message}. Please report this with the contract file."));
        }
    }

    /// <summary>Step names for <c>GeneratorDriverRunResult.TrackedSteps</c> (cacheability tests).</summary>
    public static class TrackingNames
    {
        public const string Source = "ContractSource";
        public const string Compiled = "CompiledFile";
        public const string Modules = "ContractModules";
        public const string RootNamespace = "GeneratorOptions";
        public const string Torch = "TorchReferenced";
        public const string EmitRequest = "EmitRequest";
        public const string Stub = "StubRequest";
        public const string Diagnostics = "GeneratorDiagnostics";
    }
}
