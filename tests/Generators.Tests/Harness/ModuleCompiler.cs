using System.Collections.Immutable;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ContractDsl.Generators.Tests.Harness
{
    /// <summary>
    /// What Microsoft.CodeAnalysis.Testing does not do: drive the real incremental generator directly (step tracking for
    /// the cacheability tests, many runs for the fuzz test, golden-file updates), and emit and load the generated modules
    /// so that tests can run them. Compilations reference what a consumer compiles against: the .NET reference assemblies
    /// (Basic.Reference.Assemblies, no network), the CPU runtime and, for a torch consumer, the torch runtime and TorchSharp.
    /// </summary>
    public static class ModuleCompiler
    {
        /// <summary>The .NET 10 reference assemblies and the CPU runtime: what a CPU-only consumer compiles against.</summary>
        public static ImmutableArray<MetadataReference> CpuReferences { get; } = Basic.Reference.Assemblies.Net100.References.All
            .Cast<MetadataReference>()
            .Append(MetadataReference.CreateFromFile(typeof(ContractDsl.Runtime.RewardOutputs).Assembly.Location))
            .ToImmutableArray();

        /// <summary>Plus the torch runtime and TorchSharp: the generator then emits every module's torch part too.</summary>
        public static ImmutableArray<MetadataReference> TorchReferences { get; } = CpuReferences.AddRange(new[]
        {
            MetadataReference.CreateFromFile(typeof(ContractDsl.Runtime.Torch.TorchKernel).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location),
        });

        public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

        /// <summary>
        /// What the .NET SDK passes as NoWarn by default: CS1701/CS1702 (an assembly built against an older framework, such
        /// as TorchSharp against .NET 8, unified with the .NET 10 reference assemblies).
        /// </summary>
        public static ImmutableDictionary<string, ReportDiagnostic> SdkNoWarn { get; } = ImmutableDictionary<string, ReportDiagnostic>.Empty
            .Add("CS1701", ReportDiagnostic.Suppress)
            .Add("CS1702", ReportDiagnostic.Suppress);

        /// <summary>A consumer compilation of <paramref name="csharpSources"/>; <paramref name="withTorch"/>: it references the torch runtime.</summary>
        public static CSharpCompilation CreateCompilation(bool withTorch, params string[] csharpSources) =>
            CSharpCompilation.Create(
                "Consumer" + Guid.NewGuid().ToString("N"),
                csharpSources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
                withTorch ? TorchReferences : CpuReferences,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true,
                    specificDiagnosticOptions: SdkNoWarn));

        /// <summary>The generator over <paramref name="contracts"/>, with step tracking, in a project whose RootNamespace is <paramref name="rootNamespace"/>.</summary>
        public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> contracts, string? rootNamespace = "Consumer.App") =>
            CSharpGeneratorDriver.Create(
                new[] { new ContractGenerator().AsSourceGenerator() },
                contracts,
                ParseOptions,
                new GlobalOptionsProvider(rootNamespace is null
                    ? new Dictionary<string, string>()
                    : new Dictionary<string, string> { ["build_property.RootNamespace"] = rootNamespace }),
                new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

        /// <summary>One run of the generator over the given contracts (path → text) and C# sources.</summary>
        public static GeneratorRun Run(IDictionary<string, string> contracts, string[]? csharpSources = null, string? rootNamespace = "Consumer.App", bool withTorch = true)
        {
            var texts = contracts.Select(c => (AdditionalText)new InMemoryAdditionalText(c.Key, c.Value)).ToList();
            var driver = CreateDriver(texts, rootNamespace)
                .RunGeneratorsAndUpdateCompilation(CreateCompilation(withTorch, csharpSources ?? Array.Empty<string>()), out var output, out var diagnostics);
            return new GeneratorRun(driver.GetRunResult(), output, diagnostics, output.GetDiagnostics());
        }

        /// <summary>
        /// Compiles one contract with the real generator, together with a test driver written against its module's shape;
        /// requires the generated code to be warning-free (as consumers with TreatWarningsAsErrors need) and loads it.
        /// </summary>
        internal static (ContractDsl.Lowering.ContractIR Module, ContractDsl.Generators.Emit.ModuleShape Shape, Assembly Assembly) CompileAndLoad(
            string contractText, string path, string rootNamespace, Func<ContractDsl.Generators.Emit.ModuleShape, string> driverSource)
        {
            var compiled = ContractCompiler.Compile(path, contractText);
            var errors = compiled.Diagnostics.Where(d => d.IsError).ToList();
            if (errors.Count > 0) throw new InvalidOperationException("contract has errors:\n" + string.Join("\n", errors));
            var module = compiled.Modules.Single();
            var shape = new ContractDsl.Generators.Emit.ModuleShape(module, module.Contract.Namespace ?? rootNamespace);
            var run = Run(new Dictionary<string, string> { [path] = contractText }, new[] { driverSource(shape) }, rootNamespace);
            if (!run.GeneratorDiagnostics.IsEmpty) throw new InvalidOperationException("the generator reported:\n" + string.Join("\n", run.GeneratorDiagnostics));
            var problems = run.CompilationDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
            if (problems.Count > 0) throw new InvalidOperationException("generated code has errors or warnings:\n" + string.Join("\n", problems));
            return (module, shape, EmitAndLoad(run.OutputCompilation));
        }

        /// <summary>Emits the compilation to memory and loads it into a collectible context.</summary>
        public static Assembly EmitAndLoad(Compilation compilation)
        {
            using var stream = new MemoryStream();
            var emit = compilation.Emit(stream);
            if (!emit.Success)
                throw new InvalidOperationException("generated code does not compile:\n" + string.Join("\n", emit.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
            stream.Position = 0;
            return new AssemblyLoadContext("contract-test", isCollectible: true).LoadFromStream(stream);
        }
    }

    /// <summary>What one run of the generator produced, and the compilation with its output.</summary>
    public sealed record GeneratorRun(
        GeneratorDriverRunResult Result,
        Compilation OutputCompilation,
        ImmutableArray<Diagnostic> GeneratorDiagnostics,
        ImmutableArray<Diagnostic> CompilationDiagnostics)
    {
        public IReadOnlyList<GeneratedSourceResult> GeneratedSources => Result.Results.Single().GeneratedSources;
    }
}
