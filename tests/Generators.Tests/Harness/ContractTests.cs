using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;
using Microsoft.CodeAnalysis.Text;

namespace ContractDsl.Generators.Tests.Harness
{
    /// <summary>
    /// The generator and the analyzer together, as the compiler runs them, under Microsoft.CodeAnalysis.Testing: contracts
    /// are additional files whose expected diagnostics are marked up inside them (<c>{|CDSL1001:toxicty|}</c>,
    /// <c>{|#0:…|}</c> with <see cref="AnalyzerTest{TVerifier}.ExpectedDiagnostics"/>); generated sources are expected
    /// exactly (or, with <see cref="TestBehaviors.SkipGeneratedSourcesCheck"/>, not checked); compiler errors fail the
    /// test unless expected. Files with errors are reported by the generator, the others by the analyzer: both are here.
    /// </summary>
    public sealed class ContractAnalyzerTest : CSharpAnalyzerTest<ContractDiagnosticAnalyzer, DefaultVerifier>
    {
        public ContractAnalyzerTest(bool withTorch = true, string? rootNamespace = "Consumer.App")
        {
            ContractTestSetup.Configure(this, withTorch, rootNamespace);
        }

        protected override IEnumerable<Type> GetSourceGenerators()
        {
            yield return typeof(ContractGenerator);
        }

        protected override CompilationOptions CreateCompilationOptions() => ContractTestSetup.AsConsumer(base.CreateCompilationOptions());
    }

    /// <summary>The generator alone (its own diagnostics and its sources), under Microsoft.CodeAnalysis.Testing.</summary>
    public sealed class ContractGeneratorTest : CSharpSourceGeneratorTest<ContractGenerator, DefaultVerifier>
    {
        public ContractGeneratorTest(bool withTorch = true, string? rootNamespace = "Consumer.App")
        {
            ContractTestSetup.Configure(this, withTorch, rootNamespace);
        }

        protected override CompilationOptions CreateCompilationOptions() => ContractTestSetup.AsConsumer(base.CreateCompilationOptions());
    }

    internal static class ContractTestSetup
    {
        /// <summary>A consumer project's compilation: nullable enabled, and the .NET SDK's default NoWarn (CS1701, CS1702).</summary>
        public static CompilationOptions AsConsumer(CompilationOptions options) =>
            ((CSharpCompilationOptions)options)
                .WithNullableContextOptions(NullableContextOptions.Enable)
                .WithSpecificDiagnosticOptions(options.SpecificDiagnosticOptions.SetItems(ModuleCompiler.SdkNoWarn));

        /// <summary>
        /// References without network access at test time: an empty reference-assembly set (no package to download) plus
        /// the .NET 10 reference assemblies of Basic.Reference.Assemblies, the CPU runtime and, for a torch consumer, the
        /// torch runtime and TorchSharp (<see cref="ModuleCompiler"/>'s references). The project's RootNamespace arrives as
        /// the build would pass it, in a global analyzer config.
        /// </summary>
        public static void Configure<TVerifier>(AnalyzerTest<TVerifier> test, bool withTorch, string? rootNamespace)
            where TVerifier : IVerifier, new()
        {
            test.ReferenceAssemblies = new ReferenceAssemblies("net10.0");
            test.TestState.AdditionalReferences.AddRange(withTorch ? ModuleCompiler.TorchReferences : ModuleCompiler.CpuReferences);
            if (rootNamespace != null)
                test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", $"is_global = true\nbuild_property.RootNamespace = {rootNamespace}\n"));
        }
    }

    /// <summary>
    /// Golden files: the generator's exact output for chosen contracts, committed under tests/Generators.Tests/Golden/ and
    /// reviewed in diffs. Tests expect them as generated sources. <c>CDSL_UPDATE_GOLDEN=1 dotnet test tests/Generators.Tests
    /// --filter Golden</c> rewrites them from the current generator first (then the same tests compare against what was
    /// just written, so they pass, and <c>git diff</c> shows what changed).
    /// </summary>
    public static class Golden
    {
        public static bool Updating => Environment.GetEnvironmentVariable("CDSL_UPDATE_GOLDEN") == "1";

        public static string Folder => System.IO.Path.Combine(TestData.RepositoryRoot, "tests", "Generators.Tests", "Golden");

        /// <summary>
        /// Expects exactly the generated sources named <paramref name="hintNames"/>, with the golden files' contents. When
        /// updating, first runs the generator over the test's contracts (markup removed) with the same references and root
        /// namespace, requires it to produce exactly those files, and writes them.
        /// </summary>
        public static void ExpectSources<TVerifier>(AnalyzerTest<TVerifier> test, bool withTorch, string? rootNamespace, params string[] hintNames)
            where TVerifier : IVerifier, new()
        {
            if (Updating)
            {
                var contracts = test.TestState.AdditionalFiles.ToDictionary(f => f.filename, f => Markup.Remove(f.content.ToString()));
                var run = ModuleCompiler.Run(contracts, test.TestState.Sources.Select(s => Markup.Remove(s.content.ToString())).ToArray(), rootNamespace, withTorch);
                var produced = run.GeneratedSources.Select(s => s.HintName).OrderBy(h => h, StringComparer.Ordinal).ToArray();
                Assert.Equal(hintNames.OrderBy(h => h, StringComparer.Ordinal).ToArray(), produced);
                System.IO.Directory.CreateDirectory(Folder);
                foreach (var source in run.GeneratedSources)
                    System.IO.File.WriteAllText(System.IO.Path.Combine(Folder, source.HintName), source.SourceText.ToString(), new UTF8Encoding(false));
            }
            foreach (var hintName in hintNames)
            {
                string path = System.IO.Path.Combine(Folder, hintName);
                Assert.True(System.IO.File.Exists(path), $"no golden file {path}: run CDSL_UPDATE_GOLDEN=1 dotnet test tests/Generators.Tests --filter Golden");
                test.TestState.GeneratedSources.Add((typeof(ContractGenerator), hintName, SourceText.From(System.IO.File.ReadAllText(path), Encoding.UTF8)));
            }
        }
    }

    /// <summary>The testing framework's diagnostic markup, removed: the text the compiler would see.</summary>
    public static class Markup
    {
        private static readonly Regex Tokens = new(@"\{\|[^:|]*:|\|\}|\[\||\|\]", RegexOptions.CultureInvariant);

        public static string Remove(string text) => Tokens.Replace(text, "");
    }
}
