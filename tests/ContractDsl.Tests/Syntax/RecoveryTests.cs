using ContractDsl.Syntax;

namespace ContractDsl.Tests.Syntax
{
    /// <summary>One broken declaration costs one error; everything around it is still parsed.</summary>
    public class RecoveryTests
    {
        private const string Before =
            "contract C {\n" +
            "  principal Dev;\n" +
            "  signal a : flag;\n" +
            "  signal region : category { EU, US };\n";

        private const string After =
            "  signal b : prob \"after\";\n" +
            "  param w = 1 in [0, 2];\n" +
            "  let l = a + b;\n" +
            "  reward l;\n" +
            "  norm n \"r\"\n    when b > 0.5\n    penalize w * b;\n" +
            "  prefer n over m;\n" +
            "  welfare nash over region;\n" +
            "  uncertain when gap;\n" +
            "}\n" +
            "contract D { signal z : flag; }\n";

        private static readonly string[] NamesBefore = { "Party", "Signal:a", "Signal:region" };

        private static readonly string[] NamesAfter =
            { "Signal:b", "Param:w", "Let:l", "Reward", "Norm:n", "Prefer", "Welfare", "Uncertain" };

        private static string Describe(MemberSyntax member) => member switch
        {
            SignalSyntax s => "Signal:" + s.Name.Text,
            ParamSyntax p => "Param:" + p.Name.Text,
            LetSyntax l => "Let:" + l.Name.Text,
            NormSyntax n => "Norm:" + n.Name.Text,
            _ => member.GetType().Name.Replace("Syntax", ""),
        };

        private static void AssertRecovers(string broken, int errorLine)
        {
            string text = Before + broken + After;
            var file = P.Parse(text);
            var error = Assert.Single(file.Errors);
            Assert.Equal("CDSL0001", error.Id);
            Assert.Equal(errorLine, error.Span.Line);
            Assert.Equal(new[] { "C", "D" }, file.Contracts.Select(c => c.Name.Text));
            Assert.Equal(NamesBefore.Concat(NamesAfter), file.Contracts[0].Members.Select(Describe));
            Assert.Single(file.Contracts[1].Members);
            // The declarations after the broken one are the same nodes, at the same places, as without it.
            var clean = P.Ok(Before + After).Contracts[0].Members.Skip(NamesBefore.Length).Select(m => m.Span.Length);
            Assert.Equal(clean, file.Contracts[0].Members.Skip(NamesBefore.Length).Select(m => m.Span.Length));
        }

        [Theory]
        [InlineData("  sginal x : real;\n", 5)]
        [InlineData("  signal norm : flag;\n", 5)]
        [InlineData("  signal x : real in [0, 1;\n", 5)]
        [InlineData("  signal x : real in [0, 1 \"unclosed;\n", 5)]
        [InlineData("  signal x : category { A, B;\n", 5)]
        [InlineData("  signal x : category { };\n", 5)]
        [InlineData("  signal x : category { A B };\n", 5)]
        [InlineData("  signal x : category { A,\n  ;\n", 6)]
        [InlineData("  signal x : flag \"unterminated;\n", 5)]
        [InlineData("  param p = 1e999;\n", 5)]
        [InlineData("  let x = min(a, (b;\n", 5)]
        [InlineData("  let x = ((((a;\n", 5)]
        [InlineData("  norm q penalize 1 cap;\n", 5)]
        [InlineData("  norm q when (a or b penalize 1;\n", 5)]
        [InlineData("  norm q \"rationale\"\n    when x >\n    penalize 1;\n", 7)]
        [InlineData("  norm q \"rationale\"\n    when\n    reward 1;\n", 7)]
        [InlineData("  norm q \"rationale\"\n    when (x\n    reward 1;\n", 7)]
        [InlineData("  welfare nashh over region;\n", 5)]
        [InlineData("  welfare nash over g weights { A 2 };\n", 5)]
        [InlineData("  uncertain 1e999 when gap;\n", 5)]
        [InlineData("  signal x : category A, B };\n", 5)]
        [InlineData("  norm q in region in EU, US }\n    allow;\n", 5)]
        [InlineData("  welfare nash over g weights A: 2 };\n", 5)]
        [InlineData("  ;\n", 5)]
        [InlineData("  ) ] {\n", 5)]
        [InlineData("  signal x : flag /* a comment ; inside */ = 3;\n", 5)]
        [InlineData("  let x = \"a string; with a semicolon\" + 1;\n", 5)]
        public void One_broken_declaration_in_the_middle(string broken, int errorLine)
        {
            AssertRecovers(broken, errorLine);
        }

        [Theory]
        [InlineData("  signal x : flag\n", 6)]
        [InlineData("  signal x : real in [0, 1]\n", 6)]
        [InlineData("  param p = 1 in [0, 2]\n", 6)]
        [InlineData("  let x = a + b\n", 6)]
        [InlineData("  principal Other\n", 6)]
        [InlineData("  norm q when a penalize 1\n", 6)]
        [InlineData("  norm q when a allow\n", 6)]
        [InlineData("  uncertain when gap\n", 6)]
        public void A_missing_semicolon_before_a_new_declaration_costs_nothing_else(string broken, int errorLine)
        {
            AssertRecovers(broken, errorLine);
            // The error is at the next line's keyword.
            var error = P.Parse(Before + broken + After).Errors[0];
            Assert.Equal(3, error.Span.Column);
            Assert.EndsWith("found `signal`", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void A_norm_missing_its_semicolon_before_the_base_reward()
        {
            var file = P.Parse("contract C {\n  norm q when a penalize 1\n  reward base;\n  signal s : flag;\n}");
            var error = Assert.Single(file.Errors);
            Assert.Equal("expected `;` after the norm, found `reward`", error.Message);
            Assert.Equal(new[] { "Reward", "Signal:s" }, file.Contracts[0].Members.Select(Describe));
        }

        [Fact]
        public void A_broken_norm_does_not_turn_its_reward_effect_into_a_base_reward()
        {
            var file = P.Parse("contract C {\n  norm q \"r\"\n    when x >\n    reward 1;\n  signal s : flag;\n}");
            Assert.Single(file.Errors);
            Assert.Equal(new[] { "Signal:s" }, file.Contracts[0].Members.Select(Describe));
        }

        [Fact]
        public void Two_broken_declarations_give_two_errors()
        {
            string text = Before + "  sginal x : real;\n" + "  signal b : prob \"after\";\n" + "  param w = ;\n" + "  let l = a + b;\n}\n";
            var file = P.Parse(text);
            Assert.Equal(2, file.Errors.Length);
            Assert.Equal(new[] { 5, 7 }, file.Errors.Select(e => e.Span.Line));
            Assert.Equal(NamesBefore.Concat(new[] { "Signal:b", "Let:l" }), file.Contracts[0].Members.Select(Describe));
        }

        [Fact]
        public void Two_missing_semicolons_in_a_row_give_two_errors()
        {
            var file = P.Parse("contract C {\n  signal a : flag\n  signal b : flag\n  signal c : flag;\n}");
            Assert.Equal(new[] { 3, 4 }, file.Errors.Select(e => e.Span.Line));
            Assert.Equal(new[] { "Signal:c" }, file.Contracts[0].Members.Select(Describe));
        }

        [Fact]
        public void Every_declaration_broken_gives_one_error_each()
        {
            string text = "contract C {\n" + string.Concat(Enumerable.Range(0, 10).Select(i => $"  signal s{i} : ;\n")) + "}\ncontract D {}";
            var file = P.Parse(text);
            Assert.Equal(Enumerable.Range(2, 10), file.Errors.Select(e => e.Span.Line));
            Assert.Empty(file.Contracts[0].Members);
            Assert.Equal("D", file.Contracts[1].Name.Text);
        }

        [Theory]
        [InlineData("contract {\n  signal x : flag;\n}\n")]
        [InlineData("contract 3Bad {\n  signal x : flag;\n}\n")]
        [InlineData("contract Bad\n  signal x : flag;\n}\n")]
        [InlineData("contract norm {\n  signal x : flag;\n}\n")]
        [InlineData("contrct Bad {\n  signal x : flag;\n}\n")]
        [InlineData("signal stray : flag;\n")]
        public void A_broken_contract_header_followed_by_a_good_contract(string broken)
        {
            var file = P.Parse("namespace N;\n" + broken + "contract Good {\n  signal y : flag;\n  norm n penalize 1;\n}\n");
            Assert.Single(file.Errors);
            Assert.Equal("N", file.Namespace!.Text);
            var good = Assert.Single(file.Contracts);
            Assert.Equal("Good", good.Name.Text);
            Assert.Equal(2, good.Members.Length);
        }

        [Fact]
        public void Recovery_after_a_broken_header_does_not_resume_inside_a_comment_or_string()
        {
            var file = P.Parse("junk\n/* old version:\ncontract Old {}\n*/\n\"\ncontract InString {}\ncontract New { signal y : flag; }\n");
            Assert.Single(file.Errors);
            Assert.Equal(new[] { "InString", "New" }, file.Contracts.Select(c => c.Name.Text));
            file = P.Parse("namespace A.B\n// contract Commented {}\ncontract New { signal y : flag; }\n");
            Assert.Single(file.Errors);
            Assert.Equal("New", Assert.Single(file.Contracts).Name.Text);
        }

        [Fact]
        public void A_broken_contract_between_two_good_ones()
        {
            var file = P.Parse("contract A { signal a : flag; }\ncontract {\n  signal x : flag;\n}\ncontract B { signal b : flag; }\n");
            Assert.Single(file.Errors);
            Assert.Equal(new[] { "A", "B" }, file.Contracts.Select(c => c.Name.Text));
        }

        [Fact]
        public void Recovery_skips_strings_and_comments_when_looking_for_the_boundary()
        {
            var file = P.Parse("contract C {\n  signal x : \"; } signal\" flag;\n  signal y /* ; } */ : = // ; }\n  ;\n  signal z : flag;\n}");
            Assert.Equal(2, file.Errors.Length);
            Assert.Equal(new[] { "Signal:z" }, file.Contracts[0].Members.Select(Describe));
        }

        [Fact]
        public void An_unmatched_brace_closes_the_contract_only_before_another_contract_or_the_end()
        {
            // `}` with nothing but the end of the file after it: the contract's, although the declaration is broken.
            var file = P.Parse("contract C {\n  signal a : flag;\n  signal x : category A, B\n}\n");
            Assert.Single(file.Errors);
            Assert.Equal(new[] { "Signal:a" }, file.Contracts[0].Members.Select(Describe));
            Assert.Equal(file.Contracts[0].Span.End, "contract C {\n  signal a : flag;\n  signal x : category A, B\n}".Length);

            file = P.Parse("contract C { signal x : category A, B }\ncontract D { signal y : flag; }");
            Assert.Single(file.Errors);
            Assert.Equal(new[] { "C", "D" }, file.Contracts.Select(c => c.Name.Text));
        }

        [Fact]
        public void A_broken_declaration_at_the_end_of_the_file()
        {
            var file = P.Parse("contract C {\n  signal a : flag;\n  signal b : real in [0,");
            Assert.Equal(2, file.Errors.Length);   // the declaration, and the missing `}`
            Assert.Equal(new[] { "Signal:a" }, file.Contracts[0].Members.Select(Describe));
        }

        [Fact]
        public void The_errors_come_in_file_order()
        {
            var file = P.Parse("namespace ;\ncontract A {\n  signal x :;\n  let = 1;\n}\ncontract {}\ncontract B {\n  norm n;\n");
            var starts = file.Errors.Select(e => e.Span.Start).ToList();
            Assert.Equal(starts.OrderBy(s => s), starts);
            Assert.Equal(6, file.Errors.Length);
        }
    }
}
