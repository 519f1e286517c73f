using System.Collections.Immutable;
using System.IO;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ContractDsl.Generators.Tests.Harness
{
    /// <summary>What one run of the generator and the analyzer produced.</summary>
    public sealed record HarnessResult(
        GeneratorDriver Driver,
        GeneratorDriverRunResult Run,
        Compilation OutputCompilation,
        ImmutableArray<Diagnostic> GeneratorDiagnostics,
        ImmutableArray<Diagnostic> AnalyzerDiagnostics,
        ImmutableArray<Diagnostic> CompilationDiagnostics)
    {
        public string GeneratedSource(string hintNameSuffix) =>
            Run.Results.Single().GeneratedSources.Single(s => s.HintName.EndsWith(hintNameSuffix, StringComparison.Ordinal)).SourceText.ToString();

        public IEnumerable<string> HintNames => Run.Results.Single().GeneratedSources.Select(s => s.HintName);
    }

    /// <summary>
    /// A small stand-in for Microsoft.CodeAnalysis.Testing (not reachable here): runs our incremental
    /// generator through <see cref="CSharpGeneratorDriver"/> with step tracking, our analyzer through
    /// <see cref="CompilationWithAnalyzers"/>, and can emit and load the result.
    /// </summary>
    public static class GeneratorHarness
    {
        /// <summary>The framework and the CPU runtime: what a CPU-only consumer compiles against.</summary>
        private static readonly Lazy<ImmutableArray<MetadataReference>> CpuReferences = new(() =>
        {
            var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "mscorlib.dll" or "netstandard.dll")
                .ToList();
            paths.Add(typeof(ContractDsl.Runtime.RewardOutputs).Assembly.Location);
            return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
        });

        /// <summary>Plus the torch runtime and TorchSharp: the generator then emits the torch part too.</summary>
        private static readonly Lazy<ImmutableArray<MetadataReference>> References = new(() => CpuReferences.Value.AddRange(new[]
        {
            MetadataReference.CreateFromFile(typeof(ContractDsl.Runtime.Torch.TorchKernel).Assembly.Location),
            MetadataReference.CreateFromFile(typeof(TorchSharp.torch).Assembly.Location),
        }));

        public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

        /// <summary>A consumer compilation that references the CPU runtime, the torch runtime and TorchSharp.</summary>
        public static CSharpCompilation CreateCompilation(params string[] csharpSources) => CreateCompilation(withTorch: true, csharpSources);

        /// <summary>A consumer compilation; without <paramref name="withTorch"/> it references the CPU runtime only.</summary>
        public static CSharpCompilation CreateCompilation(bool withTorch, params string[] csharpSources) =>
            CSharpCompilation.Create(
                "Consumer" + Guid.NewGuid().ToString("N"),
                csharpSources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
                withTorch ? References.Value : CpuReferences.Value,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true));

        public static GeneratorDriver CreateDriver(IEnumerable<AdditionalText> contracts, string? rootNamespace = "Consumer.App") =>
            CSharpGeneratorDriver.Create(
                new[] { new ContractGenerator().AsSourceGenerator() },
                contracts,
                ParseOptions,
                new TestOptionsProvider(rootNamespace is null
                    ? new Dictionary<string, string>()
                    : new Dictionary<string, string> { ["build_property.RootNamespace"] = rootNamespace }),
                new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

        /// <summary>Runs generator and analyzer over the given contracts (name → text) and C# sources.</summary>
        public static HarnessResult Run(IDictionary<string, string> contracts, string[]? csharpSources = null, string? rootNamespace = "Consumer.App")
        {
            var texts = contracts.Select(c => (AdditionalText)new InMemoryAdditionalText(c.Key, c.Value)).ToList();
            return Run(CreateDriver(texts, rootNamespace), CreateCompilation(csharpSources ?? Array.Empty<string>()), texts);
        }

        public static HarnessResult Run(GeneratorDriver driver, Compilation compilation, IReadOnlyList<AdditionalText> contracts)
        {
            driver = driver.RunGeneratorsAndUpdateCompilation(compilation, out var output, out var generatorDiagnostics);
            var analyzers = new CompilationWithAnalyzers(
                output,
                ImmutableArray.Create<DiagnosticAnalyzer>(new ContractDiagnosticAnalyzer()),
                new CompilationWithAnalyzersOptions(new AnalyzerOptions(contracts.ToImmutableArray()), null, concurrentAnalysis: false, logAnalyzerExecutionTime: false));
            var analyzerDiagnostics = analyzers.GetAllDiagnosticsAsync().GetAwaiter().GetResult()
                .Where(d => d.Id.StartsWith("CDSL", StringComparison.Ordinal)).ToImmutableArray();
            return new HarnessResult(driver, driver.GetRunResult(), output, generatorDiagnostics, analyzerDiagnostics, output.GetDiagnostics());
        }

        /// <summary>
        /// Compiles one contract with the real generator, together with a test driver written against its module's
        /// shape; requires the generated code to be warning-free (as consumers with TreatWarningsAsErrors need) and
        /// loads the result.
        /// </summary>
        internal static (ContractDsl.Lowering.ContractIR Module, ContractDsl.Generators.Emit.ModuleShape Shape, HarnessResult Result, Assembly Assembly) CompileAndLoad(
            string contractText, string path, string rootNamespace, Func<ContractDsl.Generators.Emit.ModuleShape, string> driverSource)
        {
            var compiled = ContractCompiler.Compile(path, contractText);
            var errors = compiled.Diagnostics.Where(d => d.IsError).ToList();
            if (errors.Count > 0) throw new InvalidOperationException("contract has errors:\n" + string.Join("\n", errors));
            var module = compiled.Modules.Single();
            var shape = new ContractDsl.Generators.Emit.ModuleShape(module, module.Contract.Namespace ?? rootNamespace);
            var result = Run(new Dictionary<string, string> { [path] = contractText }, new[] { driverSource(shape) }, rootNamespace);
            var problems = result.CompilationDiagnostics.Where(d => d.Severity >= DiagnosticSeverity.Warning).ToList();
            if (problems.Count > 0) throw new InvalidOperationException("generated code has errors or warnings:\n" + string.Join("\n", problems));
            return (module, shape, result, EmitAndLoad(result.OutputCompilation));
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
}
