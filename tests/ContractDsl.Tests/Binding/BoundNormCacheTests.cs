using System.IO;
using ContractDsl.Analysis;
using ContractDsl.Binding;
using ContractDsl.Diagnostics;
using ContractDsl.Syntax;

namespace ContractDsl.Tests.Binding
{
    /// <summary>
    /// Reusing the norms of a file's last binding (unchanged declarations, and declarations moved by an edit above them)
    /// must give exactly what binding from scratch gives: the same bound contracts, locations included, and the same
    /// diagnostics, reported again on every binding.
    /// </summary>
    public class BoundNormCacheTests
    {
        private static readonly string[] Files = Directory.GetFiles(TestFiles.Directory, "*.contract").OrderBy(f => f, StringComparer.Ordinal).ToArray();

        /// <summary>Binds incrementally (the file's caches) and from scratch; asserts equal results; returns the incremental one.</summary>
        private static IReadOnlyList<BindingResult> BindBothWays(string path, string text, DeclarationCache declarations, BoundNormCache norms)
        {
            var reusedDiagnostics = new List<ContractDiagnostic>();
            var syntax = ContractParser.Parse(path, text, declarations, out var moves);
            var reused = Binder.Bind(syntax, text, reusedDiagnostics, moves, norms);
            var freshDiagnostics = new List<ContractDiagnostic>();
            var fresh = Binder.Bind(ContractParser.Parse(path, text, cache: null), text, freshDiagnostics, moves: null, cache: null);
            Assert.Equal(fresh, reused);
            Assert.Equal(freshDiagnostics, reusedDiagnostics);
            return reused;
        }

        /// <summary>
        /// Edits an IDE makes (<see cref="EditorEdits"/>), and edits to norms: a conjunct added to a condition, a changed
        /// digit, a renamed norm.
        /// </summary>
        private static IEnumerable<string> Edits(string text, Random random)
        {
            for (int i = 0; i < 60; i++)
            {
                int at = random.Next(text.Length + 1);
                int kind = random.Next(EditorEdits.Kinds + 3);
                int when = text.IndexOf(" when ", at, StringComparison.Ordinal);
                int digit = text.IndexOfAny("0123456789".ToCharArray(), at);
                int name = text.IndexOf("norm ", at, StringComparison.Ordinal);
                if (kind < EditorEdits.Kinds) text = EditorEdits.Apply(text, at, kind, random);
                else if (kind == EditorEdits.Kinds && when >= 0) text = text.Insert(when + 6, "not refused and ");
                else if (kind == EditorEdits.Kinds + 1 && digit >= 0) text = text.Remove(digit, 1).Insert(digit, random.Next(10).ToString());
                else if (name >= 0) text = text.Insert(name + 5, "x");
                yield return text;
            }
        }

        [Fact]
        public void Every_rebinding_after_an_edit_equals_a_binding_from_scratch()
        {
            var random = new Random(2026);
            foreach (var file in Files)
            {
                var declarations = new DeclarationCache();
                var norms = new BoundNormCache();
                string path = Path.GetFileName(file);
                string text = File.ReadAllText(file);
                BindBothWays(path, text, declarations, norms);
                foreach (var edited in Edits(text, random)) BindBothWays(path, edited, declarations, norms);
            }
        }

        private const string Before =
            "contract C {\n" +
            "  signal x : real in [0, 1];\n" +
            "  signal y : real in [0, 1];\n" +
            "  reward x;\n" +
            "  norm a \"r\" when x > 0.5 penalize 2 * x;\n" +
            "  norm b \"r\" when y > 0.5 penalize 3 * y;\n" +
            "  norm c \"r\" when x < 0.2 and y < 0.2 reward x + y;\n" +
            "}\n";

        [Fact]
        public void Norms_above_an_edit_are_reused_and_norms_below_it_are_moved_not_bound_again()
        {
            var declarations = new DeclarationCache();
            var norms = new BoundNormCache();
            var first = BindBothWays("m.contract", Before, declarations, norms).Single().Contract;
            // A conjunct in b's condition, on the line after a's: a stays where it was, c moves right by the insertion.
            string after = Before.Replace("when y > 0.5", "when y > 0.5 and x > 0.1");
            var second = BindBothWays("m.contract", after, declarations, norms).Single().Contract;

            Assert.Same(first.Norms[0], second.Norms[0]);
            Assert.NotSame(first.Norms[1], second.Norms[1]);
            var moved = second.Norms[2];
            Assert.NotSame(first.Norms[2], moved);
            // Moved, not bound again: the amount (which holds no location) is the very same tree.
            Assert.Same(first.Norms[2].Amount, moved.Amount);
            Assert.Equal(after.IndexOf("norm c", StringComparison.Ordinal), moved.Span.Start);
            Assert.Equal(first.Norms[2].Span.Start + " and x > 0.1".Length, moved.Span.Start);
            Assert.Equal(first.Norms[2].Span.Line, moved.Span.Line);

            // Back to the first text: every norm is the first binding's again (c's original is kept beside the moved one).
            var third = BindBothWays("m.contract", Before, declarations, norms).Single().Contract;
            Assert.Same(first.Norms[0], third.Norms[0]);
            Assert.Same(first.Norms[2], third.Norms[2]);
        }

        [Fact]
        public void A_norm_moved_to_another_line_gets_its_new_lines()
        {
            var declarations = new DeclarationCache();
            var norms = new BoundNormCache();
            var first = BindBothWays("l.contract", Before, declarations, norms).Single().Contract;
            string after = Before.Replace("  reward x;\n", "  reward x;\n\n\n");
            var second = BindBothWays("l.contract", after, declarations, norms).Single().Contract;
            for (int n = 0; n < 3; n++)
            {
                Assert.Same(first.Norms[n].Amount, second.Norms[n].Amount);
                Assert.Equal(first.Norms[n].Span.Line + 2, second.Norms[n].Span.Line);
                Assert.Equal(first.Norms[n].Span.Start + 2, second.Norms[n].Span.Start);
            }
        }

        [Fact]
        public void A_changed_declaration_binds_every_norm_again_with_its_diagnostics()
        {
            var declarations = new DeclarationCache();
            var norms = new BoundNormCache();
            const string flag = "contract F {\n  signal x : flag;\n  reward 0;\n  norm a \"r\" when x penalize 1;\n}\n";
            var first = BindBothWays("f.contract", flag, declarations, norms).Single();
            Assert.False(first.HasErrors);
            // The same length, so the norm's declaration is the very same cached object at the same place; but `x` is no
            // longer a flag, which the binding of the unchanged norm must report.
            var second = BindBothWays("f.contract", flag.Replace(": flag;", ": prob;"), declarations, norms).Single();
            Assert.True(second.HasErrors);
            Assert.True(second.Contract.Norms[0].HasErrors);
            // And reported again on the next binding of the same text (a norm with diagnostics is never reused).
            Assert.True(BindBothWays("f.contract", flag.Replace(": flag;", ": prob;"), declarations, norms).Single().HasErrors);
        }

        [Fact]
        public void The_same_syntax_bound_with_another_text_takes_its_texts_from_that_text()
        {
            // Binder.Bind takes the file's syntax and text separately: a caller may hand the same syntax with another text.
            // The texts of a norm (its conditions and amount as written) come from the text, so a kept norm is reused only
            // where the text still reads the same at its spans.
            var norms = new BoundNormCache();
            var syntax = ContractParser.Parse("t.contract", Before, cache: null);
            Binder.Bind(syntax, Before, new List<ContractDiagnostic>(), moves: null, norms);
            string other = Before.Replace("x > 0.5", "x > 0.7");
            var reused = Binder.Bind(syntax, other, new List<ContractDiagnostic>(), moves: null, norms).Single().Contract;
            var fresh = Binder.Bind(syntax, other, new List<ContractDiagnostic>(), moves: null, cache: null).Single().Contract;
            Assert.Equal(fresh, reused);
            Assert.Equal("x > 0.7", reused.Norms[0].GuardText);
        }

        [Fact]
        public void A_contract_with_a_name_declared_twice_is_bound_afresh_every_time()
        {
            var declarations = new DeclarationCache();
            var norms = new BoundNormCache();
            string twice = Before.Replace("  signal y : real in [0, 1];\n", "  signal y : real in [0, 1];\n  signal a : real;\n");
            var first = BindBothWays("d.contract", twice, declarations, norms).Single().Contract;
            var second = BindBothWays("d.contract", twice, declarations, norms).Single().Contract;
            Assert.Equal(first, second);
            Assert.NotSame(first.Norms[1], second.Norms[1]);
        }

        [Fact]
        public void Erasing_a_new_version_shares_the_erased_norms_that_only_moved_and_equals_a_fresh_erasure()
        {
            var declarations = new DeclarationCache();
            var norms = new BoundNormCache();
            var first = BindBothWays("e.contract", Before, declarations, norms).Single().Contract;
            var second = BindBothWays("e.contract", Before.Replace("when y > 0.5", "when y > 0.25"), declarations, norms).Single().Contract;
            var firstErased = SpanEraser.Erase(first);
            var secondErased = SpanEraser.Erase(second);
            // A contract never erased before (another path) is erased from scratch: the same value.
            Assert.Equal(SpanEraser.Erase(second with { Path = "elsewhere.contract" }), secondErased);
            Assert.Same(firstErased.Norms[0], secondErased.Norms[0]);
            Assert.NotEqual(firstErased.Norms[1], secondErased.Norms[1]);
            Assert.Same(firstErased.Norms[2], secondErased.Norms[2]);
        }

        [Fact]
        public void Norms_that_differ_in_more_than_locations_are_not_the_same_ignoring_locations()
        {
            var c = BindBothWays("s.contract", Before, new DeclarationCache(), new BoundNormCache()).Single().Contract;
            var a = c.Norms[0];
            var comparison = (BoundComparison)a.Guard!;
            Assert.True(SpanEraser.SameIgnoringLocations(a, a with { Span = default, Guard = comparison with { Span = default } }));
            Assert.False(SpanEraser.SameIgnoringLocations(a, a with { Guard = comparison with { Constant = 0.75 } }));
            Assert.False(SpanEraser.SameIgnoringLocations(a, a with { Guard = new BoundNot(comparison, comparison.Span) }));
            Assert.False(SpanEraser.SameIgnoringLocations(a, a with { AmountSpan = null }));
            Assert.False(SpanEraser.SameIgnoringLocations(a, a with { Cap = 1 }));
        }
    }
}
