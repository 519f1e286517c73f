using ContractDsl.Diagnostics;

namespace ContractDsl.Tests.Syntax
{
    /// <summary>CDSL0001: the message says what was expected and what was found, at the right place.</summary>
    public class SyntaxErrorTests
    {
        private static void AssertError(string text, string messagePart, int line, int column, int? length = null)
        {
            var error = P.SingleError(text);
            Assert.Contains(messagePart, error.Message, StringComparison.Ordinal);
            Assert.Equal((line, column), (error.Span.Line, error.Span.Column));
            Assert.Equal(P.LineColumn(text, error.Span.Start), (error.Span.Line, error.Span.Column));
            if (length != null) Assert.Equal(length.Value, error.Span.Length);
        }

        [Fact]
        public void The_descriptor_and_canonical_form()
        {
            var error = P.SingleError("contract C {\n  sginal x : real;\n}");
            Assert.Equal(DiagnosticCatalog.SyntaxError.Id, error.Id);
            Assert.True(error.IsError);
            Assert.StartsWith("test.contract(2,3): error CDSL0001: expected a declaration", error.ToString(), StringComparison.Ordinal);
        }

        [Fact]
        public void Missing_semicolon_after_a_signal_is_reported_at_the_next_token()
        {
            const string text = "contract C {\n  signal x : flag\n  signal y : flag;\n}";
            var error = P.SingleError(text);
            Assert.Equal("expected `;` after the signal declaration, found `signal`", error.Message);
            Assert.Equal((3, 3), (error.Span.Line, error.Span.Column));
            Assert.Equal(text.LastIndexOf("signal", StringComparison.Ordinal), error.Span.Start);
            Assert.Equal(6, error.Span.Length);
        }

        [Fact]
        public void Missing_semicolon_before_the_closing_brace()
        {
            AssertError("contract C {\n  signal x : flag\n}", "expected `;` after the signal declaration, found `}`", 3, 1, 1);
        }

        [Theory]
        [InlineData("principal Dev\n", "`;` after the principal declaration")]
        [InlineData("agent Model\n", "`;` after the agent declaration")]
        [InlineData("param p = 1 in [0, 2]\n", "`;` after the param declaration")]
        [InlineData("let l = a + b\n", "`;` after the let declaration")]
        [InlineData("reward a\n", "`;` after the reward")]
        [InlineData("norm n penalize 1\n", "`;` after the norm")]
        [InlineData("prefer a over b\n", "`;` after the preference")]
        [InlineData("welfare nash over g\n", "`;` after the welfare rule")]
        [InlineData("uncertain when gap\n", "`;` after the uncertainty rule")]
        public void Missing_semicolon_names_the_declaration(string declaration, string expected)
        {
            AssertError("contract C {\n  " + declaration + "}", "expected " + expected + ", found `}`", 3, 1);
        }

        [Fact]
        public void Missing_closing_bracket_of_a_range()
        {
            AssertError("contract C {\n  signal x : real in [0, 1;\n}", "expected `]` to close the range, found `;`", 2, 27, 1);
            AssertError("contract C {\n  signal x : real in [0, 1 \"d\";\n}", "expected `]` to close the range, found `\"`", 2, 28);
            AssertError("contract C {\n  signal x : real in [0 1];\n}", "expected `,` between the range's bounds, found `1`", 2, 25);
            AssertError("contract C {\n  signal x : real[4 in [0, 1];\n}", "expected `]` after the ensemble size, found `in`", 2, 21, 2);
        }

        [Fact]
        public void Cap_without_a_number()
        {
            AssertError("contract C {\n  norm n penalize 1 cap;\n}", "expected a number after `cap`, found `;`", 2, 24, 1);
            AssertError("contract C {\n  norm n penalize 1 cap x;\n}", "expected a number after `cap`, found `x`", 2, 25);
        }

        [Fact]
        public void A_stray_semicolon()
        {
            var file = P.Parse("contract C {\n  signal x : flag;;\n  signal y : flag;\n}");
            var error = Assert.Single(file.Errors);
            Assert.EndsWith("found `;`", error.Message, StringComparison.Ordinal);
            Assert.Equal((2, 19), (error.Span.Line, error.Span.Column));
            Assert.Equal(2, file.Contracts[0].Members.Length);
        }

        [Fact]
        public void An_unknown_declaration_keyword()
        {
            AssertError("contract C {\n  sginal x : real;\n}",
                "expected a declaration (`signal`, `param`, `let`, `reward`, `norm`, `prefer`, `welfare`, `uncertain`, `principal` or `agent`) or `}`, found `sginal`",
                2, 3, 6);
        }

        [Theory]
        [InlineData("signal norm : flag;", "norm", "the signal's name")]
        [InlineData("signal in : flag;", "in", "the signal's name")]
        [InlineData("param when = 1;", "when", "the param's name")]
        [InlineData("let and = 1;", "and", "the let's name")]
        [InlineData("norm allow allow;", "allow", "the norm's name")]
        [InlineData("norm n concern penalize penalize 1;", "penalize", "the concern's name")]
        [InlineData("principal agent;", "agent", "the party's name")]
        public void A_keyword_used_as_a_name_says_it_is_a_keyword(string declaration, string keyword, string expected)
        {
            var error = P.SingleError("contract C {\n  " + declaration + "\n}");
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
            Assert.Contains("`" + keyword + "` is a keyword", error.Message, StringComparison.Ordinal);
            Assert.Equal(2, error.Span.Line);
            Assert.Equal(keyword.Length, error.Span.Length);
        }

        [Fact]
        public void A_keyword_where_a_value_is_expected_is_reported_as_found()
        {
            // Only names of declarations get the "is a keyword" note: where a value or a condition is expected, a
            // keyword is far more often a forgotten operand (`when x > penalize 1`) than a name.
            Assert.Equal("expected a value (a number, a name or a function call), found `cap`", P.SingleError("contract C { let x = cap + 1; }").Message);
            Assert.Equal("expected a constant to compare with, found `penalize`", P.SingleError("contract C { norm n when x > penalize 1; }").Message);
        }

        [Fact]
        public void A_keyword_as_the_contract_name()
        {
            var error = P.SingleError("contract signal {\n}");
            Assert.Contains("`signal` is a keyword", error.Message, StringComparison.Ordinal);
            Assert.Equal((1, 10), (error.Span.Line, error.Span.Column));
        }

        [Fact]
        public void An_unterminated_string_is_reported_at_its_opening_quote()
        {
            const string text = "contract C {\n  signal x : flag \"reply recommends;\n  signal y : flag;\n}";
            var error = P.SingleError(text);
            Assert.Contains("unterminated string", error.Message, StringComparison.Ordinal);
            Assert.Equal((2, 19), (error.Span.Line, error.Span.Column));
            Assert.Equal(text.IndexOf('"'), error.Span.Start);
        }

        [Fact]
        public void An_unterminated_string_at_the_end_of_the_file()
        {
            var file = P.Parse("contract C {\n  norm n \"unfinished");
            Assert.Contains(file.Errors, e => e.Message.Contains("unterminated string", StringComparison.Ordinal) && e.Span.Line == 2 && e.Span.Column == 10);
            Assert.Contains(file.Errors, e => e.Message.Contains("expected `}` to close contract `C`, found end of file", StringComparison.Ordinal));
            Assert.Equal(2, file.Errors.Length);
        }

        [Fact]
        public void Missing_closing_brace_at_the_end_of_the_file()
        {
            const string text = "contract C {\n  signal x : flag;\n  ";
            var file = P.Parse(text);
            var error = Assert.Single(file.Errors);
            Assert.Equal("expected `}` to close contract `C`, found end of file", error.Message);
            Assert.Equal(text.Length, error.Span.Start);
            Assert.Equal(0, error.Span.Length);
            Assert.Equal((3, 3), (error.Span.Line, error.Span.Column));
            // What was parsed is kept, and the contract's span reaches its last declaration.
            var contract = Assert.Single(file.Contracts);
            Assert.Single(contract.Members);
            Assert.Equal(text.IndexOf(';') + 1, contract.Span.End);
        }

        [Fact]
        public void Missing_closing_brace_before_the_next_contract()
        {
            const string text = "contract A {\n  signal x : flag;\n\ncontract B {\n  signal y : flag;\n}\n";
            var file = P.Parse(text);
            var error = Assert.Single(file.Errors);
            Assert.Equal("expected `}` to close contract `A`, found `contract`", error.Message);
            Assert.Equal((4, 1), (error.Span.Line, error.Span.Column));
            Assert.Equal(new[] { "A", "B" }, file.Contracts.Select(c => c.Name.Text));
            Assert.Equal(new[] { 1, 1 }, file.Contracts.Select(c => c.Members.Length));
        }

        [Theory]
        [InlineData("nashh")]
        [InlineData("utilitarianism")]
        [InlineData("Nash")]
        public void A_bad_welfare_kind(string kind)
        {
            AssertError("contract C {\n  welfare " + kind + " over region;\n}",
                "expected a welfare function (`utilitarian`, `nash`, `maximin` or `power p`), found `" + kind + "`", 2, 11, kind.Length);
        }

        [Fact]
        public void Welfare_power_without_an_exponent()
        {
            AssertError("contract C {\n  welfare power over region;\n}", "expected the exponent after `power`, found `over`", 2, 17);
        }

        [Theory]
        [InlineData("param p = 1e999;", "1e999", 13)]
        [InlineData("param p = 0 in [-1e999, 1];", "-1e999", 19)]
        [InlineData("let x = 2 * 1e999;", "1e999", 15)]
        [InlineData("norm n penalize 1e999;", "1e999", 19)]
        [InlineData("norm n penalize 1 cap 1e400;", "1e400", 25)]
        [InlineData("uncertain 1e999 when gap;", "1e999", 13)]
        [InlineData("norm n when x > 1e999 allow;", "1e999", 19)]
        [InlineData("welfare power 1e999 over g;", "1e999", 17)]
        public void A_number_too_large(string declaration, string literal, int column)
        {
            var error = P.SingleError("contract C {\n  " + declaration + "\n}");
            Assert.Equal("the number `" + literal + "` is too large (numbers must be finite)", error.Message);
            Assert.Equal((2, column), (error.Span.Line, error.Span.Column));
            Assert.Equal(literal.Length, error.Span.Length);
        }

        [Fact]
        public void A_huge_integer_literal_is_too_large_too()
        {
            string literal = "1" + new string('0', 400);
            Assert.Contains("is too large", P.SingleError("contract C { param p = " + literal + "; }").Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("signal x : int;", "expected a type (`real`, `prob`, `count`, `flag`, `category {...}` or `real[k]`), found `int`", 14)]
        [InlineData("signal x real;", "expected `:` and the signal's type, found `real`", 12)]
        [InlineData("signal x : category { };", "expected a category value, found `}`", 25)]
        [InlineData("signal x : category { A, };", "expected a category value, found `}`", 28)]
        [InlineData("signal x : category { A B };", "expected `,` or `}` in the category's values, found `B`", 27)]
        [InlineData("signal x : flag = 1;", "expected `;` after the signal declaration, found `=`", 19)]
        [InlineData("signal 3x : flag;", "expected the signal's name, found `3x`", 10)]
        [InlineData("param p;", "expected `=` and the param's default value, found `;`", 10)]
        [InlineData("param p = ;", "expected the param's default value, found `;`", 13)]
        [InlineData("param p = x;", "expected the param's default value, found `x`", 13)]
        [InlineData("let x = min(a, b;", "expected `,` or `)` in the call, found `;`", 19)]
        [InlineData("let x = min();", "expected a value (a number, a name or a function call), found `)`", 15)]
        [InlineData("let x = rm.;", "expected a member (`mean`, `std`, `var`, `min` or `max`), found `;`", 14)]
        [InlineData("let x = (a + b;", "expected `)` to close the parenthesis, found `;`", 17)]
        [InlineData("let x = a +;", "expected a value (a number, a name or a function call), found `;`", 14)]
        [InlineData("let x = a b;", "expected `;` after the let declaration, found `b`", 13)]
        [InlineData("let x = 0.5 0.25;", "expected `;` after the let declaration, found `0.25`", 15)]
        [InlineData("let x = ٣;", "expected a value (a number, a name or a function call), found `٣`", 11)]
        [InlineData("reward 1 cap 2;", "expected `;` after the reward, found `cap`", 12)]
        [InlineData("norm n;", "expected the norm's effect (`reward`, `penalize` or `allow`), found `;`", 9)]
        [InlineData("norm n cap 2;", "expected the norm's effect (`reward`, `penalize` or `allow`), found `cap`", 10)]
        [InlineData("norm n \"r\" \"s\" penalize 1;", "expected the norm's effect (`reward`, `penalize` or `allow`), found `\"`", 14)]
        [InlineData("norm n allow 1;", "expected `;` after the norm, found `1`", 16)]
        [InlineData("norm n when x > penalize 1;", "expected a constant to compare with, found `penalize`", 19)]
        [InlineData("norm n when x penalize;", "expected a value (a number, a name or a function call), found `;`", 25)]
        [InlineData("norm n when (x penalize 1;", "expected `)` to close the parenthesis, found `penalize`", 18)]
        [InlineData("norm n when x in { A penalize 1;", "expected `,` or `}` in the set of values, found `penalize`", 24)]
        [InlineData("norm n when x in A penalize 1;", "expected `{` and the category values, found `A`", 20)]
        [InlineData("norm n when 1 penalize 1;", "expected a comparison operator after the number, found `penalize`", 17)]
        [InlineData("norm n when a and penalize 1;", "expected a condition (a flag, a comparison, `c in { ... }`, `not` or `(`), found `penalize`", 21)]
        [InlineData("norm n when not penalize 1;", "expected a condition (a flag, a comparison, `c in { ... }`, `not` or `(`), found `penalize`", 19)]
        [InlineData("norm n when a === b penalize 1;", "expected a constant to compare with, found `=`", 19)]
        [InlineData("norm n when x + 1 > 2 penalize 1;", "expected the norm's effect (`reward`, `penalize` or `allow`), found `+`", 17)]
        [InlineData("norm n when rm. > 1 allow;", "expected a member (`mean`, `std`, `var`, `min` or `max`), found `>`", 19)]
        [InlineData("prefer a b;", "expected `over`, found `b`", 12)]
        [InlineData("prefer a over;", "expected a norm's name, found `;`", 16)]
        [InlineData("prefer a over b,;", "expected a norm's name, found `;`", 19)]
        [InlineData("uncertain gap;", "expected `when`, found `gap`", 13)]
        [InlineData("uncertain when;", "expected `conflict`, `gap` or a condition (a flag, a comparison, `c in { ... }`, `not` or `(`), found `;`", 17)]
        [InlineData("welfare nash region;", "expected `over`, found `region`", 16)]
        [InlineData("welfare nash over;", "expected the category signal the welfare rule is over, found `;`", 20)]
        [InlineData("welfare nash over g weights { A 2 };", "expected `:` and the group's weight, found `2`", 35)]
        [InlineData("welfare nash over g weights { A: 2 ;", "expected `,` or `}` in the group weights, found `;`", 38)]
        [InlineData("welfare nash over g weights A: 2;", "expected `{` to list the group weights, found `A`", 31)]
        [InlineData("welfare nash over g from;", "expected the disagreement point after `from`, found `;`", 27)]
        [InlineData("welfare nash over g temperature;", "expected the temperature, found `;`", 34)]
        [InlineData("welfare nash over g temperature 1 from 2;", "expected `;` after the welfare rule, found `from`", 37)]
        [InlineData("principal;", "expected the party's name, found `;`", 12)]
        public void Messages_say_what_was_expected_where(string declaration, string message, int column)
        {
            var error = P.SingleError("contract C {\n  " + declaration + "\n}");
            Assert.Equal(message, error.Message);
            Assert.Equal((2, column), (error.Span.Line, error.Span.Column));
        }

        [Theory]
        [InlineData("contract {\n}", "expected the contract's name, found `{`", 1, 10)]
        [InlineData("contract C\n  signal x : flag;\n}", "expected `{` after the contract's name, found `signal`", 2, 3)]
        [InlineData("namespace ;\ncontract C {}", "expected a namespace name, found `;`", 1, 11)]
        [InlineData("namespace A.;\ncontract C {}", "expected a namespace name, found `;`", 1, 13)]
        [InlineData("namespace A.B\ncontract C {}", "expected `;` after the namespace declaration, found `contract`", 2, 1)]
        [InlineData("signal x : flag;\ncontract C {}", "expected `contract`, found `signal`", 1, 1)]
        [InlineData("contract C { } ;", "expected `contract`, found `;`", 1, 16)]
        [InlineData("contract C {}\nnamespace N;", "expected `contract`, found `namespace`", 2, 1)]
        public void File_level_errors(string text, string message, int line, int column)
        {
            var error = P.SingleError(text);
            Assert.Equal(message, error.Message);
            Assert.Equal((line, column), (error.Span.Line, error.Span.Column));
        }

        [Fact]
        public void A_missing_namespace_semicolon_keeps_the_contract()
        {
            var file = P.Parse("namespace Acme.Alignment\ncontract C {\n  signal x : flag;\n}");
            Assert.Single(file.Errors);
            var contract = Assert.Single(file.Contracts);
            Assert.Equal("C", contract.Name.Text);
            Assert.Single(contract.Members);
        }

        [Fact]
        public void An_unterminated_block_comment_is_reported_where_it_starts()
        {
            const string text = "contract C {\n  signal x : flag;\n  /* the rest is commented out\n  signal y : flag;\n}\n";
            var error = P.SingleError(text);
            Assert.Equal("unterminated comment: `/*` is never closed by `*/`", error.Message);
            Assert.Equal((3, 3), (error.Span.Line, error.Span.Column));
            Assert.Equal(2, error.Span.Length);
            Assert.Single(Assert.Single(P.Parse(text).Contracts).Members);
        }

        [Fact]
        public void An_unterminated_block_comment_after_the_last_contract()
        {
            var error = P.SingleError("contract C {}\n/* trailing");
            Assert.Equal((2, 1), (error.Span.Line, error.Span.Column));
            Assert.Contains("unterminated comment", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Comment_markers_inside_strings_and_line_comments_are_not_comments()
        {
            P.Ok("contract C {\n  signal x : flag \"/* not a comment\";\n  // /* nor this\n}");
        }

        [Fact]
        public void Deep_nesting_is_an_error_not_a_crash()
        {
            // Thousands of levels would overflow the stack of a recursive-descent parser; that cannot be caught
            // and would kill the compiler process. The parser stops at a fixed depth instead.
            int depth = 20000;
            string parens = "contract C {\n  let x = " + new string('(', depth) + "1" + new string(')', depth) + ";\n  signal y : flag;\n}";
            var error = P.SingleError(parens);
            Assert.Contains("nested too deeply", error.Message, StringComparison.Ordinal);
            Assert.Equal(2, error.Span.Line);
            Assert.Single(P.Parse(parens).Contracts[0].Members);   // `signal y` survives

            string nots = "contract C {\n  norm n when " + string.Concat(Enumerable.Repeat("not ", depth)) + "f allow;\n}";
            Assert.Contains("nested too deeply", P.SingleError(nots).Message, StringComparison.Ordinal);
            string minus = "contract C {\n  reward " + new string('-', depth) + "1;\n}";
            Assert.Contains("nested too deeply", P.SingleError(minus).Message, StringComparison.Ordinal);
            string calls = "contract C {\n  reward " + string.Concat(Enumerable.Repeat("abs(", depth)) + "1" + new string(')', depth) + ";\n}";
            Assert.Contains("nested too deeply", P.SingleError(calls).Message, StringComparison.Ordinal);
            string guards = "contract C {\n  norm n when " + new string('(', depth) + "f" + new string(')', depth) + " allow;\n}";
            Assert.Contains("nested too deeply", P.SingleError(guards).Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Nesting_up_to_the_limit_is_fine()
        {
            int depth = 90;
            var let = P.Member<ContractDsl.Syntax.LetSyntax>("let x = " + new string('(', depth) + "1" + new string(')', depth) + ";");
            Assert.Equal("1", P.Show(let.Value));
        }

        [Fact]
        public void A_flat_expression_up_to_the_chain_limit_parses()
        {
            // Longer chains are a syntax error (LimitsAndCascadeTests): later stages walk the tree recursively.
            var let = P.Member<ContractDsl.Syntax.LetSyntax>("let x = " + string.Join(" + ", Enumerable.Repeat("a", ContractDsl.Syntax.Lexer.MaxChainLength + 1)) + ";");
            Assert.IsType<ContractDsl.Syntax.BinaryExpressionSyntax>(let.Value);
        }
    }
}
