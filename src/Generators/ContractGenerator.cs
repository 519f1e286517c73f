using System;
using System.IO;
using System.Linq;
using ContractDsl.Lowering;
using Microsoft.CodeAnalysis;

namespace ContractDsl.Generators
{
    /// <summary>A <c>.contract</c> additional file's path and text: the value-equal input of the pipeline.</summary>
    internal sealed record ContractSource(string Path, string Text);

    /// <summary>One module to emit: the IR, the namespace it lands in, and whether the torch part is wanted.</summary>
    internal sealed record EmitRequest(ContractIR Module, string Namespace, bool WithTorch);

    /// <summary>
    /// Compiles every <c>.contract</c> among the project's AdditionalFiles into typed C# reward modules.
    /// <para>
    /// A thin adapter: all language work happens in <see cref="ContractCompiler"/>; every model between the
    /// steps is value-equal, so an edit elsewhere leaves these steps cached. Diagnostics are reported by
    /// <see cref="ContractDiagnosticAnalyzer"/>, not here (the generator cookbook's advice), so a change that
    /// only affects diagnostics never re-runs source output.
    /// </para>
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class ContractGenerator : IIncrementalGenerator
    {
        public const string DefaultNamespace = "ContractDsl.Generated";

        /// <summary>The assembly whose reference asks for the torch part (it brings TorchSharp with it).</summary>
        public const string TorchRuntimeAssembly = "ContractDsl.Runtime.Torch";

        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var sources = context.AdditionalTextsProvider
                .Where(static file => file.Path.EndsWith(".contract", StringComparison.OrdinalIgnoreCase))
                .Select(static (file, ct) => new ContractSource(file.Path, file.GetText(ct)?.ToString() ?? string.Empty))
                .WithTrackingName(TrackingNames.Source);

            var modules = sources
                .Select(static (source, _) => ContractCompiler.Compile(source.Path, source.Text))
                .WithTrackingName(TrackingNames.Compiled)
                .SelectMany(static (file, _) => file.Modules)
                .WithTrackingName(TrackingNames.Modules);

            var rootNamespace = context.AnalyzerConfigOptionsProvider
                .Select(static (options, _) =>
                    options.GlobalOptions.TryGetValue("build_property.RootNamespace", out var ns) && !string.IsNullOrWhiteSpace(ns)
                        ? ns.Trim()
                        : DefaultNamespace)
                .WithTrackingName(TrackingNames.RootNamespace);

            // The torch part only for a project that references the torch runtime: a CPU-only consumer compiles
            // (and loads) nothing of TorchSharp. A bool, so a C# edit elsewhere leaves the requests cached.
            var withTorch = context.CompilationProvider
                .Select(static (compilation, _) => compilation.ReferencedAssemblyNames.Any(a => a.Name == TorchRuntimeAssembly))
                .WithTrackingName(TrackingNames.TorchReference);

            var requests = modules
                .Combine(rootNamespace)
                .Combine(withTorch)
                .Select(static (pair, _) => new EmitRequest(pair.Left.Left, pair.Left.Left.Contract.Namespace ?? pair.Left.Right, pair.Right))
                .WithTrackingName(TrackingNames.EmitRequest);

            context.RegisterSourceOutput(requests, static (spc, request) => EmitModule(spc, request));
        }

        private static void EmitModule(SourceProductionContext context, EmitRequest request)
        {
            var contract = request.Module.Contract;
            string stem = Path.GetFileNameWithoutExtension(contract.Path);
            try
            {
                context.AddSource($"{stem}.{contract.Name}.Contract.g.cs", Emit.CpuModuleEmitter.Emit(request.Module, request.Namespace));
                // The torch path: a second part of the same partial class (TensorBatch, TensorResult, Evaluate(TensorBatch)).
                if (request.WithTorch)
                    context.AddSource($"{stem}.{contract.Name}.Torch.g.cs", Emit.TorchModuleEmitter.Emit(request.Module, request.Namespace));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The generator never throws: a bug in an emitter becomes a located diagnostic.
                var location = Location.Create(contract.Path, default, new Microsoft.CodeAnalysis.Text.LinePositionSpan(
                    new Microsoft.CodeAnalysis.Text.LinePosition(contract.NameSpan.Line - 1, contract.NameSpan.Column - 1),
                    new Microsoft.CodeAnalysis.Text.LinePosition(contract.NameSpan.Line - 1, contract.NameSpan.Column - 1 + contract.Name.Length)));
                context.ReportDiagnostic(Diagnostic.Create(Descriptors.InternalError, location, contract.Name, exception.Message));
            }
        }
    }

    /// <summary>Step names for <c>GeneratorDriverRunResult.TrackedSteps</c> (cacheability tests).</summary>
    public static class TrackingNames
    {
        public const string Source = "ContractSource";
        public const string Compiled = "CompiledFile";
        public const string Modules = "ContractModules";
        public const string RootNamespace = "RootNamespace";
        public const string EmitRequest = "EmitRequest";
        public const string TorchReference = "TorchReference";
    }
}
