using System.Threading.Tasks;
using ContractDsl.Diagnostics;
using ContractDsl.Generators.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Testing;

namespace ContractDsl.Generators.Tests.Pipeline
{
    /// <summary>
    /// Diagnostics as the build reports them, on Microsoft.CodeAnalysis.Testing: generator and analyzer together, every
    /// expected diagnostic marked up where it belongs inside the <c>.contract</c> file (any other diagnostic, or a compiler
    /// error in the generated code, fails the test). The generated sources themselves are pinned by the golden tests.
    /// </summary>
    public class DiagnosticsTests
    {
        private static ContractAnalyzerTest Test(params (string Path, string Text)[] contracts)
        {
            var test = new ContractAnalyzerTest { TestBehaviors = TestBehaviors.SkipGeneratedSourcesCheck };
            foreach (var (path, text) in contracts) test.TestState.AdditionalFiles.Add((path, text));
            test.TestState.Sources.Add("class Program { }");
            return test;
        }

        [Fact]
        public async Task A_typo_is_reported_inside_the_contract_file_on_the_offending_token_once()
        {
            var test = Test(("t.contract", "contract T {\n  signal toxicity : prob;\n  reward 0;\n  norm n \"r\" when {|#0:toxicty|} > 0.5 penalize 1;\n}\n"));
            // Line 4, column 19, the seven characters of the token; an error; reported by the generator, not again by the analyzer.
            test.ExpectedDiagnostics.Add(new DiagnosticResult("CDSL1001", DiagnosticSeverity.Error).WithLocation(0)
                .WithMessage("unknown name `toxicty`; did you mean `toxicity`?"));
            await test.RunAsync();
        }

        [Fact]
        public async Task Diagnostics_of_several_files_are_each_located_in_their_own_file()
        {
            await Test(
                ("a.contract", "contract A { reward 0; {|CDSL1006:reward|} 1; }"),
                ("b.contract", "contract {|CDSL1006:B|} { signal s : flag {|CDSL0001:}|}"),
                ("ok.contract", "contract Ok { reward 1; }")).RunAsync();
        }

        [Fact]
        public async Task A_contract_without_errors_is_reported_by_the_analyzer_with_its_warnings_and_infos()
        {
            // An unused signal (warning), a norm its preferred rival always silences (warning), a norm without rationale (info).
            await Test(("w.contract", """
                contract W {
                  signal a : flag "a";
                  signal {|CDSL2005:unused|} : prob "never read";
                  reward 0;
                  norm up "Reward a." when a reward 1;
                  norm {|CDSL3003:down|} "Penalise a." when a penalize 1;
                  norm {|CDSL2004:terse|} when a reward 1;
                  prefer terse over down;
                }

                """)).RunAsync();
        }

        [Fact]
        public void Diagnostics_carry_help_links_and_the_catalogs_severity()
        {
            foreach (var info in DiagnosticCatalog.All)
            {
                var descriptor = Assert.Single(Descriptors.All, d => d.Id == info.Id);
                Assert.Equal(info.Title, descriptor.Title.ToString());
                Assert.Equal(info.Category, descriptor.Category);
                Assert.Equal(info.DefaultSeverity.ToString(), descriptor.DefaultSeverity.ToString());
                Assert.Equal("docs/diagnostics/" + info.Id + ".md", descriptor.HelpLinkUri);
                Assert.Equal("file:///pkg/docs/diagnostics/" + info.Id + ".md", Descriptors.For(info.Id, "/pkg/docs/diagnostics/").HelpLinkUri);
                Assert.Equal("https://example.org/cdsl/" + info.Id + ".md", Descriptors.For(info.Id, "https://example.org/cdsl").HelpLinkUri);
            }
            Assert.Equal(DiagnosticCatalog.All.Count, Descriptors.All.Length);
            Assert.Equal(Descriptors.All.Select(d => d.Id).OrderBy(x => x), new ContractDiagnosticAnalyzer().SupportedDiagnostics.Select(d => d.Id).OrderBy(x => x));
        }

        [Fact]
        public void The_root_namespace_is_used_when_the_file_has_none()
        {
            static string Namespace(string? rootNamespace)
            {
                var run = ModuleCompiler.Run(new Dictionary<string, string> { ["ok.contract"] = "contract Ok { reward 1; }" }, rootNamespace: rootNamespace);
                var tree = run.GeneratedSources.Single(s => s.HintName == "ok.Ok.Contract.g.cs").SyntaxTree;
                return tree.GetRoot().DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().Single().Name.ToString();
            }
            Assert.Equal("My.Project", Namespace("My.Project"));
            Assert.Equal(ContractGenerator.DefaultNamespace, Namespace(null));
        }

        [Fact]
        public void The_generator_never_throws_on_broken_or_random_input()
        {
            var random = new Random(42);
            var seed = TestData.Read("assistant.contract");
            for (int k = 0; k < 60; k++)
            {
                var chars = seed.ToCharArray().ToList();
                for (int m = 0; m < 1 + k % 6; m++)
                {
                    int at = random.Next(chars.Count);
                    if (random.Next(2) == 0) chars.RemoveAt(at); else chars.Insert(at, "{};:=.()[]\"/*xyz019-"[random.Next(20)]);
                }
                var run = ModuleCompiler.Run(new Dictionary<string, string> { ["m.contract"] = new string(chars.ToArray()) });
                Assert.DoesNotContain(run.GeneratorDiagnostics, d => d.Id == "CDSL9002"); // never an internal error
                Assert.DoesNotContain(run.Result.Results, r => r.Exception != null);
                // Only the contract's own diagnostics are errors: the generated code always compiles.
                Assert.DoesNotContain(run.CompilationDiagnostics, d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("CDSL", StringComparison.Ordinal));
            }
        }
    }
}
