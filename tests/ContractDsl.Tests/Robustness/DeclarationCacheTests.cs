using System.IO;
using ContractDsl.Syntax;

namespace ContractDsl.Tests.Robustness
{
    /// <summary>
    /// Reusing unchanged declarations between parses of a file must give exactly the model a parse from scratch
    /// gives: same nodes, same spans (offsets, lines, columns), same doc comments, same errors.
    /// </summary>
    public class DeclarationCacheTests
    {
        private static readonly string[] Files = System.IO.Directory.GetFiles(TestFiles.Directory, "*.contract").OrderBy(f => f, StringComparer.Ordinal).ToArray();

        /// <summary>Edits an IDE makes: typing a character, a newline, indenting, adding a doc comment, deleting a line.</summary>
        private static IEnumerable<string> Edits(string text, Random random)
        {
            for (int i = 0; i < 40; i++)
            {
                int at = random.Next(text.Length + 1);
                text = EditorEdits.Apply(text, at, random.Next(EditorEdits.Kinds), random);
                yield return text;
            }
        }

        [Fact]
        public void Every_reparse_after_an_edit_equals_a_parse_from_scratch()
        {
            var random = new Random(4242);
            var cache = new DeclarationCache();
            foreach (var file in Files)
            {
                string text = File.ReadAllText(file);
                string path = Path.GetFileName(file);
                Assert.Equal(ContractParser.Parse(path, text, cache: null), ContractParser.Parse(path, text, cache));
                foreach (var edited in Edits(text, random))
                    Assert.Equal(ContractParser.Parse(path, edited, cache: null), ContractParser.Parse(path, edited, cache));
            }
        }

        [Fact]
        public void A_declaration_moved_to_another_line_and_offset_gets_its_new_spans_and_doc()
        {
            var cache = new DeclarationCache();
            const string before = "contract C {\n  signal x : real in [0, 1];\n  reward x;\n  norm n \"r\" when x > 0.5 penalize 2 * x;\n}\n";
            const string after = "contract C {\n  signal x : real in [0, 1];\n\n  reward x;\n  /// documented now\n  norm n \"r\" when x > 0.5 penalize 2 * x;\n}\n";
            ContractParser.Parse("m.contract", before, cache);
            var reused = ContractParser.Parse("m.contract", after, cache);
            var fresh = ContractParser.Parse("m.contract", after, cache: null);
            Assert.Equal(fresh, reused);
            var norm = reused.Contracts[0].Members.OfType<NormSyntax>().Single();
            Assert.Equal("documented now", norm.Doc);
            Assert.Equal(6, norm.Span.Line);
            Assert.Equal(after.IndexOf("norm n", StringComparison.Ordinal), norm.Span.Start);
        }

        [Fact]
        public void A_declaration_indented_differently_is_parsed_again_with_its_columns()
        {
            var cache = new DeclarationCache();
            ContractParser.Parse("i.contract", "contract C {\n  signal x : real;\n  reward x;\n}\n", cache);
            var shifted = ContractParser.Parse("i.contract", "contract C {\n      signal x : real;\n  reward x;\n}\n", cache);
            var signal = shifted.Contracts[0].Members.OfType<SignalSyntax>().Single();
            Assert.Equal(7, signal.Span.Column);
            Assert.Equal(14, signal.Name.Span.Column);
        }
    }
}
