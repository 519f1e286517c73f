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
            // CDSL9002 is the generator's internal error: no contract can trigger it on purpose.
            foreach (var descriptor in DiagnosticCatalog.All.Where(d => d.Id != DiagnosticCatalog.InternalError.Id))
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
        public void Help_links_are_absolute_under_the_configured_base()
        {
            Assert.Equal("https://example.org/docs/diagnostics/CDSL3001.md", HelpLinks.For("CDSL3001", "https://example.org/docs/diagnostics/"));
            Assert.Equal("https://example.org/docs/diagnostics/CDSL3001.md", HelpLinks.For("CDSL3001", "https://example.org/docs/diagnostics"));
            Assert.Equal("file:///home/me/.nuget/packages/contractdsl/1.0.0/docs/diagnostics/CDSL2001.md",
                HelpLinks.For("CDSL2001", "/home/me/.nuget/packages/contractdsl/1.0.0/docs/diagnostics/"));
            Assert.Equal("file:///C:/Users/me/docs/CDSL2001.md", HelpLinks.For("CDSL2001", @"C:\Users\me\docs"));
            // without a configured base: the page's place in the repository
            Assert.Equal("docs/diagnostics/CDSL2001.md", HelpLinks.For("CDSL2001"));
        }
    }
}
