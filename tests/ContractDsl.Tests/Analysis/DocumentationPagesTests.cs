using System.IO;
using ContractDsl.Diagnostics;

namespace ContractDsl.Tests.Analysis
{
    /// <summary>Every diagnostic of the catalogue has its page, reachable through <see cref="HelpLinks"/>.</summary>
    public class DocumentationPagesTests
    {
        private static string Root => Path.GetDirectoryName(Path.GetDirectoryName(TestFiles.Directory))!;

        [Fact]
        public void Every_catalogued_diagnostic_has_a_page_with_the_four_sections()
        {
            foreach (var descriptor in DiagnosticCatalog.All)
            {
                string path = Path.Combine(Root, HelpLinks.For(descriptor.Id));
                Assert.True(File.Exists(path), "missing " + path);
                string text = File.ReadAllText(path);
                Assert.StartsWith("# " + descriptor.Id, text);
                foreach (var section in new[] { "## What", "## Why it matters", "## Example", "## How to fix" })
                    Assert.True(text.Contains(section), $"{descriptor.Id}: no `{section}` section");
            }
        }

        [Fact]
        public void Every_page_example_triggers_its_diagnostic()
        {
            foreach (var descriptor in DiagnosticCatalog.All)
            {
                string text = File.ReadAllText(Path.Combine(Root, HelpLinks.For(descriptor.Id)));
                int start = text.IndexOf("```contract\n", StringComparison.Ordinal) + "```contract\n".Length;
                int end = text.IndexOf("```", start, StringComparison.Ordinal);
                string example = text.Substring(start, end - start);
                var file = ContractCompiler.Compile(descriptor.Id + ".contract", example);
                Assert.True(file.Diagnostics.Any(d => d.Id == descriptor.Id),
                    $"{descriptor.Id}: the page's example does not report it:\n{example}\n" + string.Join("\n", file.Diagnostics));
            }
        }

        [Fact]
        public void Help_links_are_relative_paths_or_urls()
        {
            Assert.Equal("docs/diagnostics/CDSL2001.md", HelpLinks.For("CDSL2001"));
            Assert.Equal("https://example.org/repo/docs/diagnostics/CDSL3001.md", HelpLinks.For("CDSL3001", "https://example.org/repo/"));
        }
    }
}
