using ContractDsl.Diagnostics;
using ContractDsl.Generators.Tests.Harness;
using Microsoft.CodeAnalysis;

namespace ContractDsl.Generators.Tests.Pipeline
{
    public class DiagnosticsTests
    {
        [Fact]
        public void A_typo_is_reported_inside_the_contract_file_with_line_and_column()
        {
            const string text = "contract T {\n  signal toxicity : prob;\n  reward 0;\n  norm n \"r\" when toxicty > 0.5 penalize 1;\n}\n";
            var result = GeneratorHarness.Run(new Dictionary<string, string> { ["t.contract"] = text });
            // A file with errors is reported by the generator (the compiler skips analyzers when there are errors).
            var d = Assert.Single(result.GeneratorDiagnostics, x => x.Id.StartsWith("CDSL", StringComparison.Ordinal));
            Assert.Equal("CDSL1001", d.Id);
            Assert.Equal(DiagnosticSeverity.Error, d.Severity);
            var span = d.Location.GetLineSpan();
            Assert.Equal("t.contract", span.Path);
            Assert.Equal(3, span.StartLinePosition.Line);       // 0-based: line 4
            Assert.Equal(18, span.StartLinePosition.Character); // the offending token, column 19
            Assert.Equal(7, span.EndLinePosition.Character - span.StartLinePosition.Character);
            Assert.Contains("did you mean `toxicity`", d.GetMessage());
            Assert.Empty(result.AnalyzerDiagnostics); // not twice
            // The module's shape is still emitted (its Evaluate throws), so C# that uses it compiles.
            var source = result.GeneratedSource("t.T.Contract.g.cs");
            Assert.Contains("throw new ContractHasErrorsException", source);
            Assert.DoesNotContain(result.CompilationDiagnostics, x => x.Severity == DiagnosticSeverity.Error && !x.Id.StartsWith("CDSL", StringComparison.Ordinal));
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
            }
            Assert.Equal(DiagnosticCatalog.All.Count, Descriptors.All.Length);
            Assert.Equal(Descriptors.All.Select(d => d.Id).OrderBy(x => x), new ContractDiagnosticAnalyzer().SupportedDiagnostics.Select(d => d.Id).OrderBy(x => x));
        }

        [Fact]
        public void Diagnostics_of_several_files_are_each_located_in_their_own_file()
        {
            var result = GeneratorHarness.Run(new Dictionary<string, string>
            {
                ["a.contract"] = "contract A { reward 0; reward 1; }",
                ["b.contract"] = "contract B { signal s : flag }",
                ["ok.contract"] = "contract Ok { reward 1; }",
            });
            var all = result.GeneratorDiagnostics.Concat(result.AnalyzerDiagnostics).ToList();
            Assert.Contains(all, d => d.Id == "CDSL1006" && d.Location.GetLineSpan().Path == "a.contract");
            Assert.Contains(all, d => d.Id == "CDSL0001" && d.Location.GetLineSpan().Path == "b.contract");
            Assert.DoesNotContain(all, d => d.Location.GetLineSpan().Path == "ok.contract" && d.Severity == DiagnosticSeverity.Error);
            Assert.Equal(new[] { "ok.Ok.Contract.g.cs", "ok.Ok.Torch.g.cs" }, result.HintNames.Where(h => h.Contains("Ok")).OrderBy(h => h, StringComparer.Ordinal)); // CPU and torch parts
        }

        [Fact]
        public void A_consumer_without_the_torch_runtime_gets_the_cpu_part_only()
        {
            var contracts = new List<AdditionalText> { new InMemoryAdditionalText("ok.contract", "contract Ok { signal s : prob; reward s; }") };
            var result = GeneratorHarness.Run(GeneratorHarness.CreateDriver(contracts), GeneratorHarness.CreateCompilation(withTorch: false), contracts);
            Assert.Equal(new[] { "ok.Ok.Contract.g.cs" }, result.HintNames);
            Assert.DoesNotContain(result.CompilationDiagnostics, d => d.Severity == DiagnosticSeverity.Error);
        }

        [Fact]
        public void The_root_namespace_is_used_when_the_file_has_none()
        {
            var result = GeneratorHarness.Run(new Dictionary<string, string> { ["ok.contract"] = "contract Ok { reward 1; }" }, rootNamespace: "My.Project");
            Assert.Contains("namespace My.Project", result.GeneratedSource("Ok.Contract.g.cs"));
            var fallback = GeneratorHarness.Run(new Dictionary<string, string> { ["ok.contract"] = "contract Ok { reward 1; }" }, rootNamespace: null);
            Assert.Contains("namespace " + ContractGenerator.DefaultNamespace, fallback.GeneratedSource("Ok.Contract.g.cs"));
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
                var result = GeneratorHarness.Run(new Dictionary<string, string> { ["m.contract"] = new string(chars.ToArray()) });
                Assert.DoesNotContain(result.GeneratorDiagnostics, d => d.Id == "CDSL9002"); // never an internal error
                Assert.DoesNotContain(result.Run.Results, r => r.Exception != null);
                // Only the contract's own diagnostics are errors: the generated code always compiles.
                Assert.DoesNotContain(result.CompilationDiagnostics, d => d.Severity == DiagnosticSeverity.Error && !d.Id.StartsWith("CDSL", StringComparison.Ordinal));
            }
        }
    }
}
