using System.Text;
using System.Threading;
using ContractDsl.Binding;
using ContractDsl.Collections;
using ContractDsl.Diagnostics;
using ContractDsl.Syntax;
using ContractDsl.Text;

using ContractDsl.Testing;

namespace ContractDsl.Tests.Robustness
{
    /// <summary>
    /// The inputs that crashed or stalled the parser and binder (issue 10's fuzzing run, and the fuzzing
    /// benchmark in bench/Fuzz), as regression tests on what they report. They assert diagnostics, not time:
    /// the benchmark measures time.
    /// </summary>
    public class FrontEndStressTests
    {
        private static (ContractFileSyntax Syntax, List<ContractDiagnostic> Diagnostics, IReadOnlyList<BindingResult> Bound) ParseAndBind(string text)
        {
            var syntax = ContractParser.Parse("stress.contract", text);
            var diagnostics = new List<ContractDiagnostic>(syntax.Errors);
            var bound = Binder.Bind(syntax, text, diagnostics);
            return (syntax, diagnostics, bound);
        }

        private const string Header = "contract S {\n  signal x : real in [-10, 10];\n  signal f : flag;\n";

        // ---- depth -----------------------------------------------------------------------------------

        [Fact]
        public void Nested_parentheses_around_long_chains_are_a_located_syntax_error_not_a_stack_overflow()
        {
            // ((x + x + … 256 terms) + x + …) nested 100 deep: each parser limit holds, the tree was 25,600 deep.
            string terms = string.Join(" + ", Enumerable.Repeat("x", Lexer.MaxChainLength));
            string e = terms;
            for (int d = 1; d < Lexer.MaxNesting; d++) e = "(" + e + ") + " + terms;
            string text = Header + "  let deep = " + e + ";\n  reward deep;\n}\n";
            var (syntax, diagnostics, _) = SmallStack.Run(() => ParseAndBind(text));
            var error = Assert.Single(syntax.Errors);
            Assert.Equal("CDSL0001", error.Id);
            Assert.Contains("nested too deeply", error.Message);
            Assert.Equal(text.IndexOf("let deep = ", StringComparison.Ordinal) + "let deep = ".Length, error.Span.Start);
            Assert.Contains(diagnostics, d => d.Id == "CDSL1001");   // `deep` is lost with its declaration
        }

        [Fact]
        public void The_deepest_accepted_expression_binds_on_a_small_stack()
        {
            // A chain of MaxChainLength inside parentheses, inside chains, until just under MaxDepth.
            string terms = string.Join(" + ", Enumerable.Repeat("x", 100));
            string e = terms;
            while (SyntaxDepth.Of(ParseExpression(e)) + 101 <= SyntaxDepth.MaxDepth) e = "(" + e + ") + " + terms;
            string text = Header + "  let deep = " + e + ";\n  reward deep;\n}\n";
            var (syntax, diagnostics, bound) = SmallStack.Run(() => ParseAndBind(text));
            Assert.Empty(syntax.Errors);
            Assert.Empty(diagnostics);
            Assert.False(Assert.Single(bound).HasErrors);
        }

        private static ExpressionSyntax ParseExpression(string text)
        {
            var file = ContractParser.Parse("e.contract", Header + "  reward " + text + ";\n}\n");
            return ((RewardSyntax)file.Contracts[0].Members.Single(m => m is RewardSyntax)).Value;
        }

        [Fact]
        public void Conditions_nested_past_the_depth_limit_are_a_syntax_error()
        {
            string chain = string.Join(" and ", Enumerable.Repeat("f", Lexer.MaxChainLength));
            string g = chain;
            for (int d = 1; d < 10; d++) g = "(" + g + ") and " + chain;
            string text = Header + "  reward x;\n  norm n \"r\" when " + g + " penalize 1;\n}\n";
            var (syntax, _, _) = SmallStack.Run(() => ParseAndBind(text));
            var error = Assert.Single(syntax.Errors);
            Assert.Contains("condition nested too deeply", error.Message);
            Assert.Equal(text.IndexOf("when ", StringComparison.Ordinal) + "when ".Length, error.Span.Start);
        }

        [Fact]
        public void The_binder_walks_syntax_built_by_other_code_without_recursion()
        {
            // 200,000 levels: deeper than any stack. The parser never builds this; the binder must still not crash.
            var span = new SourceSpan(0, 1, 1, 1);
            ExpressionSyntax e = new NumberExpressionSyntax(1, span);
            GuardSyntax g = new NameGuardSyntax(new NameExpressionSyntax(new IdentifierSyntax("f", span), null, span), span);
            for (int i = 0; i < 200_000; i++)
            {
                e = new BinaryExpressionSyntax(BinaryOperator.Add, e, new NumberExpressionSyntax(1, span), span);
                g = new NotGuardSyntax(g, span);
            }
            var members = new MemberSyntax[]
            {
                new SignalSyntax(new IdentifierSyntax("f", span), new FlagTypeSyntax(span), false, null, null, span),
                new LetSyntax(new IdentifierSyntax("deep", span), e, null, null, span),
                new RewardSyntax(new NameExpressionSyntax(new IdentifierSyntax("deep", span), null, span), null, span),
                new NormSyntax(new IdentifierSyntax("n", span), null, "r", null, g, EffectKind.Penalize, span,
                    new NumberExpressionSyntax(1, span), null, null, span),
            };
            var file = new ContractFileSyntax("deep.contract", null,
                new[] { new ContractSyntax(new IdentifierSyntax("C", span), null, members.ToEquatableArray(), span) }.ToEquatableArray(),
                EquatableArray<ContractDiagnostic>.Empty);
            var diagnostics = new List<ContractDiagnostic>();
            var results = SmallStack.Run(() => Binder.Bind(file, "", diagnostics));
            Assert.Empty(diagnostics);
            var let = Assert.Single(results[0].Contract.Lets);
            int depth = 0;
            for (var node = let.Value; node is BoundBinary binary; node = binary.Left) depth++;
            Assert.Equal(200_000, depth);
        }

        // ---- sizes -----------------------------------------------------------------------------------

        [Fact]
        public void A_megabyte_of_tiny_norms_binds_without_overflow()
        {
            // Issue 10: `norm n0 allow;` repeated to 1 MB made PreferenceOrder.Close overflow `n * n`.
            var sb = new StringBuilder("contract S {\n  signal x : real in [0, 1];\n  reward x;\n");
            int count = 0;
            while (sb.Length < 1_000_000) sb.Append("norm n").Append(count++).Append(" allow;\n");
            sb.Append("}\n");
            var (syntax, diagnostics, bound) = ParseAndBind(sb.ToString());
            Assert.Empty(syntax.Errors);
            Assert.Empty(diagnostics);
            var contract = Assert.Single(bound).Contract;
            Assert.Equal(count, contract.Norms.Length);
            Assert.Equal(count, contract.Order.NormCount);
            Assert.False(contract.Order.Dominates(0, count - 1));
        }

        [Fact]
        public void A_two_thousand_link_preference_chain_binds_with_its_closure()
        {
            var sb = new StringBuilder(Header).Append("  reward x;\n");
            for (int i = 0; i <= 2000; i++) sb.Append($"  norm n{i} \"r\" when x > {i % 20 - 10} penalize 1;\n");
            for (int i = 0; i < 2000; i++) sb.Append($"  prefer n{i} over n{i + 1};\n");
            sb.Append("}\n");
            var (_, diagnostics, bound) = ParseAndBind(sb.ToString());
            Assert.Empty(diagnostics);
            var order = Assert.Single(bound).Contract.Order;
            Assert.True(order.IsComplete);
            Assert.True(order.Dominates(0, 2000));
            Assert.Equal(2000, order.Dominators(2000).Count);
        }

        [Fact]
        public void Preferences_whose_closure_is_too_large_are_one_located_error()
        {
            var sb = new StringBuilder(Header).Append("  reward x;\n");
            for (int i = 0; i <= 3000; i++) sb.Append($"  norm n{i} \"r\" when f penalize 1;\n");
            for (int i = 0; i < 3000; i++) sb.Append($"  prefer n{i} over n{i + 1};\n");
            sb.Append("}\n");
            string text = sb.ToString();
            var (_, diagnostics, bound) = ParseAndBind(text);
            var error = Assert.Single(diagnostics);
            Assert.Equal("CDSL1009", error.Id);
            Assert.Contains("transitive closure exceeds", error.Message);
            Assert.Equal(text.IndexOf("prefer n0 ", StringComparison.Ordinal), error.Span.Start);
            Assert.True(bound[0].HasErrors);
        }

        [Fact]
        public void A_long_preference_cycle_is_one_error_with_a_short_message()
        {
            var sb = new StringBuilder(Header).Append("  reward x;\n");
            for (int i = 0; i < 5000; i++) sb.Append($"  norm n{i} \"r\" when f penalize 1;\n");
            for (int i = 0; i < 5000; i++) sb.Append($"  prefer n{i} over n{(i + 1) % 5000};\n");
            sb.Append("}\n");
            string text = sb.ToString();
            var (_, diagnostics, _) = ParseAndBind(text);
            var error = Assert.Single(diagnostics);
            Assert.Equal("CDSL3004", error.Id);
            Assert.Contains("(4990 more)", error.Message);
            Assert.True(error.Message.Length < 400);
            // On the name after `over` in the preference that closes the cycle: the last one written.
            Assert.Equal(text.IndexOf("over n0;", StringComparison.Ordinal) + "over ".Length, error.Span.Start);
        }

        [Fact]
        public void Let_chains_that_double_bind_each_let_once()
        {
            // let a1 = a0 + a0; let a2 = a1 + a1; … 64 deep: the bound model refers to lets by index, it never expands them.
            var sb = new StringBuilder(Header).Append("  let a0 = x;\n");
            for (int i = 1; i <= 64; i++) sb.Append($"  let a{i} = a{i - 1} + a{i - 1};\n");
            sb.Append("  reward a64;\n}\n");
            var (_, diagnostics, bound) = ParseAndBind(sb.ToString());
            Assert.Empty(diagnostics);
            var lets = Assert.Single(bound).Contract.Lets;
            Assert.Equal(65, lets.Length);
            var last = Assert.IsType<BoundBinary>(lets[64].Value);
            Assert.Equal(new BoundLetValue(63), last.Left);
            Assert.Equal(new BoundLetValue(63), last.Right);
        }

        [Fact]
        public void A_chain_of_forty_thousand_lets_written_last_first_is_ordered_without_recursion()
        {
            int count = 40_000;
            var sb = new StringBuilder(Header);
            for (int i = count - 1; i >= 1; i--) sb.Append($"  let a{i} = a{i - 1} + 1;\n");
            sb.Append("  let a0 = x;\n").Append($"  reward a{count - 1};\n}}\n");
            var (_, diagnostics, bound) = SmallStack.Run(() => ParseAndBind(sb.ToString()));
            Assert.Empty(diagnostics);
            var lets = Assert.Single(bound).Contract.Lets;
            Assert.Equal(Enumerable.Range(0, count).Select(i => "a" + i), lets.Select(l => l.Name));
        }

        [Fact]
        public void A_long_let_cycle_is_reported_with_a_short_message()
        {
            int count = 20_000;
            var sb = new StringBuilder(Header);
            for (int i = 0; i < count; i++) sb.Append($"  let a{i} = a{(i + 1) % count} + 1;\n");
            sb.Append("  reward a0;\n}\n");
            var (_, diagnostics, _) = SmallStack.Run(() => ParseAndBind(sb.ToString()));
            var error = Assert.Single(diagnostics);
            Assert.Equal("CDSL1010", error.Id);
            Assert.Contains("more) →", error.Message);
            Assert.True(error.Message.Length < 400);
        }

        [Fact]
        public void A_twenty_thousand_value_category_binds_and_messages_about_it_stay_short()
        {
            int values = 20_000;
            string all = string.Join(", ", Enumerable.Range(0, values).Select(v => "V" + v));
            string half = string.Join(", ", Enumerable.Range(0, values / 2).Select(v => "V" + v));
            string text = "contract S {\n  signal c : category { " + all + " };\n  signal x : real in [0, 1];\n  reward x;\n" +
                          "  norm a concern k \"r\" in c in { " + half + " } penalize 1;\n" +
                          "  norm b concern k \"r\" in c != V19999 allow;\n" +
                          "  norm d \"r\" in c == Nope when x > 0.5 reward 1;\n}\n";
            var (_, diagnostics, bound) = ParseAndBind(text);
            var error = Assert.Single(diagnostics);
            Assert.Equal("CDSL1004", error.Id);
            Assert.Contains("(19990 more)", error.Message);
            Assert.True(error.Message.Length < 300);
            var norms = Assert.Single(bound).Contract.Norms;
            Assert.Equal(values / 2, Assert.IsType<BoundCategoryTest>(norms[0].Context).Values.Length);
            Assert.Equal(values - 1, Assert.IsType<BoundCategoryTest>(norms[1].Context).Values.Length);
        }

        [Fact]
        public void Thousands_of_unknown_names_are_each_reported_and_suggestions_stop_at_their_budget()
        {
            int count = 5000;
            var sb = new StringBuilder("contract S {\n");
            for (int i = 0; i < count; i++) sb.Append($"  signal sig{i} : real in [0, 1];\n");
            for (int i = 0; i < count; i++) sb.Append($"  let l{i} = sig{i}x;\n");
            sb.Append("  reward 0;\n}\n");
            var (_, diagnostics, _) = ParseAndBind(sb.ToString());
            var unknown = diagnostics.Where(d => d.Id == "CDSL1001").ToList();
            Assert.Equal(count, unknown.Count);
            Assert.Contains("did you mean `sig0`?", unknown[0].Message);
            Assert.Contains(unknown, d => !d.Message.Contains("did you mean"));
        }

        [Fact]
        public void A_hundred_thousand_digit_number_is_reported_with_a_short_message()
        {
            string text = Header + "  reward " + new string('9', 100_000) + ";\n}\n";
            var (syntax, _, _) = ParseAndBind(text);
            var error = Assert.Single(syntax.Errors);
            Assert.Contains("is too large", error.Message);
            Assert.True(error.Message.Length < 200);
        }

        [Fact]
        public void Recovery_over_a_megabyte_of_whitespace_reports_the_broken_declaration_once()
        {
            // The skip to the next declaration looked back over the line's whitespace at every character: quadratic.
            string text = "contract S {\n  reward x x" + new string(' ', 1_000_000) + "\n}\n";
            var (syntax, _, _) = ParseAndBind(text);
            var error = Assert.Single(syntax.Errors);
            Assert.Equal(2, error.Span.Line);
        }

        [Fact]
        public void A_hundred_thousand_doc_comment_lines_attach_to_their_declaration()
        {
            var sb = new StringBuilder("contract S {\n  signal x : real in [0, 1];\n");
            for (int i = 0; i < 100_000; i++) sb.Append("  /// line ").Append(i).Append('\n');
            sb.Append("  reward x;\n}\n");
            var (syntax, diagnostics, _) = ParseAndBind(sb.ToString());
            Assert.Empty(diagnostics);
            var reward = syntax.Contracts[0].Members.OfType<RewardSyntax>().Single();
            var lines = reward.Doc!.Split('\n');
            Assert.Equal(100_000, lines.Length);
            Assert.Equal("line 0", lines[0]);
            Assert.Equal("line 99999", lines[^1]);
        }

        // ---- cancellation ------------------------------------------------------------------------------

        [Fact]
        public void Parsing_and_binding_stop_when_cancelled()
        {
            var text = Header + "  reward x;\n  norm n \"r\" when f penalize 1;\n}\n";
            using var cancelled = new CancellationTokenSource();
            cancelled.Cancel();
            Assert.ThrowsAny<OperationCanceledException>(() => ContractParser.Parse("c.contract", text, cancelled.Token));
            var syntax = ContractParser.Parse("c.contract", text);
            Assert.ThrowsAny<OperationCanceledException>(() => Binder.Bind(syntax, text, new List<ContractDiagnostic>(), cancelled.Token));
        }
    }
}
