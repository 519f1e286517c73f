using ContractDsl.Syntax;
using ContractDsl.Text;

namespace ContractDsl.Tests.Syntax
{
    /// <summary>Every node carries the right offset, length and 1-based line/column.</summary>
    public class SpanTests
    {
        private const string Text =
            "namespace Acme.Alignment;\n" +                                    // line 1
            "\n" +                                                             // line 2
            "contract Assistant {\n" +                                         // line 3
            "  signal region : category { EU, US, MENA };\n" +                 // line 4
            "  signal rm     : real[4] in [-10, 10] \"ensemble\";\n" +        // line 5
            "\tparam w = 4 in [0, 10];\n" +                                    // line 6 (a tab counts as one column)
            "  let c = rm.mean - 0.5 * rm.std;\n" +                            // line 7
            "  /* a comment */ norm concise \"Length.\"\n" +                   // line 8
            "    when tokens > 512\n" +                                        // line 9
            "    penalize 0.002 * (tokens - 512) cap 2;\n" +                   // line 10
            "  norm mena in region in { MENA, EU } allow;\n" +                 // line 11
            "  welfare power 0.5 over region weights { EU: 2 } from -3;\n" +   // line 12
            "}\n";                                                             // line 13

        private static readonly ContractFileSyntax File = P.Ok(Text);
        private static ContractSyntax Contract => File.Contracts[0];
        private static T M<T>(int index) => Assert.IsType<T>(Contract.Members[index]);

        [Fact]
        public void The_helper_computes_line_and_column_independently()
        {
            Assert.Equal(new SourceSpan(0, 9, 1, 1), P.SpanOf(Text, "namespace"));
            Assert.Equal(new SourceSpan(Text.IndexOf("contract", StringComparison.Ordinal), 8, 3, 1), P.SpanOf(Text, "contract"));
            Assert.Equal((6, 2), (P.SpanOf(Text, "param").Line, P.SpanOf(Text, "param").Column));
        }

        [Fact]
        public void Namespace_and_contract()
        {
            Assert.Equal(P.SpanOf(Text, "Acme.Alignment"), File.Namespace!.Span);
            Assert.Equal(new SourceSpan(36, 9, 3, 10), Contract.Name.Span);
            Assert.Equal(P.SpanOf(Text, "Assistant"), Contract.Name.Span);
            var whole = Contract.Span;
            Assert.Equal(P.SpanOf(Text, "contract").Start, whole.Start);
            Assert.Equal(Text.LastIndexOf('}') + 1, whole.End);
            Assert.Equal((3, 1), (whole.Line, whole.Column));
        }

        [Fact]
        public void Identifiers()
        {
            var region = M<SignalSyntax>(0);
            Assert.Equal(new SourceSpan(P.SpanOf(Text, "region").Start, 6, 4, 10), region.Name.Span);
            var rm = M<SignalSyntax>(1);
            Assert.Equal(P.SpanOf(Text, "rm", 0), rm.Name.Span);
            Assert.Equal((5, 10), (rm.Name.Span.Line, rm.Name.Span.Column));
            var param = M<ParamSyntax>(2);
            Assert.Equal(new SourceSpan(P.SpanOf(Text, "w =").Start, 1, 6, 8), param.Name.Span);
        }

        [Fact]
        public void Category_values()
        {
            var category = Assert.IsType<CategoryTypeSyntax>(M<SignalSyntax>(0).Type);
            Assert.Equal(P.SpanOf(Text, "EU"), category.Values[0].Span);
            Assert.Equal(P.SpanOf(Text, "US"), category.Values[1].Span);
            Assert.Equal(new SourceSpan(P.SpanOf(Text, "MENA").Start, 4, 4, 38), category.Values[2].Span);
            Assert.Equal(P.SpanFromTo(Text, "category", "}"), category.Span);
        }

        [Fact]
        public void Types_ranges_and_numbers()
        {
            var real = Assert.IsType<RealTypeSyntax>(M<SignalSyntax>(1).Type);
            Assert.Equal(P.SpanFromTo(Text, "real[4]", "10]"), real.Span);
            Assert.Equal(new SourceSpan(P.SpanOf(Text, "4]").Start, 1, 5, 24), real.EnsembleSize!.Span);
            Assert.Equal(P.SpanOf(Text, "[-10, 10]"), real.Range!.Span);
            Assert.Equal(P.SpanOf(Text, "-10"), real.Range.Low.Span);
            Assert.Equal((5, 31), (real.Range.Low.Span.Line, real.Range.Low.Span.Column));

            var param = M<ParamSyntax>(2);
            Assert.Equal(new SourceSpan(P.SpanOf(Text, "4 in").Start, 1, 6, 12), param.Default.Span);
            Assert.Equal(P.SpanOf(Text, "[0, 10]"), param.Range!.Span);
        }

        [Fact]
        public void Whole_declarations_run_from_keyword_to_semicolon()
        {
            Assert.Equal(P.SpanFromTo(Text, "signal region", ";"), M<SignalSyntax>(0).Span);
            Assert.Equal(P.SpanFromTo(Text, "signal rm", ";"), M<SignalSyntax>(1).Span);
            Assert.Equal(new SourceSpan(P.SpanOf(Text, "param").Start, "param w = 4 in [0, 10];".Length, 6, 2), M<ParamSyntax>(2).Span);
            Assert.Equal(P.SpanFromTo(Text, "let c", ";"), M<LetSyntax>(3).Span);
            Assert.Equal(P.SpanFromTo(Text, "welfare", ";"), M<WelfareSyntax>(6).Span);
        }

        [Fact]
        public void A_norms_span_runs_from_norm_to_its_semicolon_across_lines()
        {
            var norm = M<NormSyntax>(4);
            var expected = P.SpanFromTo(Text, "norm concise", "cap 2;");
            Assert.Equal(expected, norm.Span);
            Assert.Equal((8, 19), (norm.Span.Line, norm.Span.Column));
            Assert.StartsWith("norm concise", P.TextOf(Text, norm.Span));
            Assert.EndsWith("cap 2;", P.TextOf(Text, norm.Span));
            Assert.Equal(new SourceSpan(P.SpanOf(Text, "concise").Start, 7, 8, 24), norm.Name.Span);
            Assert.Equal(new SourceSpan(P.SpanOf(Text, "penalize").Start, 8, 10, 5), norm.EffectSpan);
            Assert.Equal(new SourceSpan(P.SpanOf(Text, "2;").Start, 1, 10, 41), norm.Cap!.Span);
        }

        [Fact]
        public void Comparisons_cover_both_operands()
        {
            var comparison = Assert.IsType<ComparisonGuardSyntax>(M<NormSyntax>(4).Guard);
            Assert.Equal(new SourceSpan(P.SpanOf(Text, "tokens > 512").Start, "tokens > 512".Length, 9, 10), comparison.Span);
            Assert.Equal(new SourceSpan(P.SpanOf(Text, "> 512").Start, 1, 9, 17), comparison.OperatorSpan);
            Assert.Equal(P.SpanOf(Text, "tokens", 0), comparison.Left.Span);
            Assert.Equal(P.SpanOf(Text, "512", 0), comparison.Right.Span);
        }

        [Fact]
        public void Expressions_cover_their_operands()
        {
            var amount = Assert.IsType<BinaryExpressionSyntax>(M<NormSyntax>(4).Amount);
            Assert.Equal(P.SpanOf(Text, "0.002 * (tokens - 512)"), amount.Span);
            Assert.Equal((10, 14), (amount.Span.Line, amount.Span.Column));
            Assert.Equal(P.SpanOf(Text, "0.002"), amount.Left.Span);
            // There is no parenthesis node: the inner expression's span covers the parentheses.
            Assert.Equal(P.SpanOf(Text, "(tokens - 512)"), amount.Right.Span);
            Assert.Equal(P.SpanOf(Text, "tokens", 1), Assert.IsType<BinaryExpressionSyntax>(amount.Right).Left.Span);

            var let = Assert.IsType<BinaryExpressionSyntax>(M<LetSyntax>(3).Value);
            Assert.Equal(P.SpanOf(Text, "rm.mean - 0.5 * rm.std"), let.Span);
            var member = Assert.IsType<NameExpressionSyntax>(let.Left);
            Assert.Equal(P.SpanOf(Text, "rm.mean"), member.Span);
            Assert.Equal(P.SpanOf(Text, "mean"), member.Member!.Span);
            Assert.Equal(P.SpanOf(Text, "0.5 * rm.std"), let.Right.Span);
        }

        [Fact]
        public void Category_sets_and_their_values()
        {
            var set = Assert.IsType<InSetGuardSyntax>(M<NormSyntax>(5).Context);
            Assert.Equal(P.SpanFromTo(Text, "region in {", "}"), set.Span);
            Assert.Equal(new SourceSpan(P.SpanOf(Text, "MENA, EU").Start, 4, 11, 28), set.Values[0].Span);
            Assert.Equal(P.SpanOf(Text, "EU }"), set.Values[1].Span with { Length = 4 });
        }

        [Fact]
        public void Welfare_parts()
        {
            var welfare = M<WelfareSyntax>(6);
            Assert.Equal(P.SpanOf(Text, "power"), welfare.KindSpan);
            Assert.Equal(P.SpanOf(Text, "0.5 over"), welfare.Exponent!.Span with { Length = 8 });
            Assert.Equal(new SourceSpan(P.SpanOf(Text, "region weights").Start, 6, 12, 26), welfare.Over.Span);
            Assert.Equal(P.SpanOf(Text, "EU: 2").Start, welfare.Weights[0].Value.Span.Start);
            Assert.Equal(P.SpanOf(Text, "-3"), welfare.From!.Span);
        }

        [Fact]
        public void Every_span_in_the_tree_is_consistent()
        {
            P.AssertSpansConsistent(Text, File);
        }

        [Fact]
        public void Every_span_in_the_brief_example_is_consistent()
        {
            string text = TestFiles.Read("assistant.contract");
            P.AssertSpansConsistent(text, P.Ok(text));
        }

        [Fact]
        public void Crlf_line_endings_count_lines_by_the_line_feed()
        {
            string text = Text.Replace("\n", "\r\n");
            var file = P.Ok(text);
            P.AssertSpansConsistent(text, file);
            var norm = (NormSyntax)file.Contracts[0].Members[4];
            Assert.Equal((8, 19), (norm.Span.Line, norm.Span.Column));
            Assert.Equal((10, 5), (norm.EffectSpan.Line, norm.EffectSpan.Column));
        }

        [Fact]
        public void Spans_of_nested_calls_and_negation()
        {
            const string text = "contract C {\n  reward -min(a, clamp(b, 0, 1)) / 2;\n}";
            var reward = (RewardSyntax)P.Ok(text).Contracts[0].Members[0];
            var division = Assert.IsType<BinaryExpressionSyntax>(reward.Value);
            Assert.Equal(P.SpanOf(text, "-min(a, clamp(b, 0, 1)) / 2"), division.Span);
            var negate = Assert.IsType<NegateExpressionSyntax>(division.Left);
            Assert.Equal(P.SpanOf(text, "-min(a, clamp(b, 0, 1))"), negate.Span);
            var min = Assert.IsType<CallExpressionSyntax>(negate.Operand);
            Assert.Equal(P.SpanOf(text, "min(a, clamp(b, 0, 1))"), min.Span);
            Assert.Equal(P.SpanOf(text, "clamp(b, 0, 1)"), min.Arguments[1].Span);
            Assert.Equal((2, 11), (min.Span.Line, min.Span.Column));
        }

        [Fact]
        public void Spans_of_guard_combinations()
        {
            const string text = "contract C {\n  norm n when not a and (b or c > 1) penalize 1;\n}";
            var guard = Assert.IsType<AndGuardSyntax>(((NormSyntax)P.Ok(text).Contracts[0].Members[0]).Guard);
            Assert.Equal(P.SpanOf(text, "not a and (b or c > 1)"), guard.Span);
            Assert.Equal(P.SpanOf(text, "not a"), guard.Left.Span);
            Assert.Equal(P.SpanOf(text, "(b or c > 1)"), guard.Right.Span);
            Assert.Equal(P.SpanOf(text, "c > 1"), ((OrGuardSyntax)guard.Right).Right.Span);
            var flag = Assert.IsType<NameGuardSyntax>(((NotGuardSyntax)guard.Left).Operand);
            Assert.Equal(new SourceSpan(text.IndexOf("a and", StringComparison.Ordinal), 1, 2, 19), flag.Span);
        }
    }
}
