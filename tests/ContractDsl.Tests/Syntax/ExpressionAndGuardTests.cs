using System.Globalization;
using ContractDsl.Syntax;

namespace ContractDsl.Tests.Syntax
{
    /// <summary>Expressions, guards and number literals: precedence, associativity, forms, culture independence.</summary>
    public class ExpressionAndGuardTests
    {
        // ---- expressions ------------------------------------------------------------------------------

        [Theory]
        [InlineData("a + b * c", "(+ a (* b c))")]
        [InlineData("a * b + c", "(+ (* a b) c)")]
        [InlineData("-a * b", "(* (neg a) b)")]
        [InlineData("a * -b", "(* a (neg b))")]
        [InlineData("- -a", "(neg (neg a))")]
        [InlineData("-(a + b)", "(neg (+ a b))")]
        [InlineData("(a + b) * c", "(* (+ a b) c)")]
        [InlineData("a - b - c", "(- (- a b) c)")]
        [InlineData("a / b / c", "(/ (/ a b) c)")]
        [InlineData("a - b + c", "(+ (- a b) c)")]
        [InlineData("a / b * c", "(* (/ a b) c)")]
        [InlineData("a - -1", "(- a (neg 1))")]
        [InlineData("a-1", "(- a 1)")]
        [InlineData("((a))", "a")]
        [InlineData("2 * (tokens - 512) / 3", "(/ (* 2 (- tokens 512)) 3)")]
        public void Precedence_and_associativity(string expression, string expected)
        {
            Assert.Equal(expected, P.Show(P.Expr(expression)));
        }

        [Theory]
        [InlineData("min(a, b)", "(min a b)")]
        [InlineData("max(a,b)", "(max a b)")]
        [InlineData("clamp(x, lo, hi)", "(clamp x lo hi)")]
        [InlineData("abs(x)", "(abs x)")]
        [InlineData("exp(x)", "(exp x)")]
        [InlineData("log(x)", "(log x)")]
        [InlineData("sigmoid(x)", "(sigmoid x)")]
        [InlineData("tanh(x)", "(tanh x)")]
        [InlineData("min(a + 1, max(b, -c) * 2)", "(min (+ a 1) (* (max b (neg c)) 2))")]
        [InlineData("abs(x) + 1", "(+ (abs x) 1)")]
        [InlineData("-exp(x)", "(neg (exp x))")]
        [InlineData("unknown_fn(x)", "(unknown_fn x)")]
        public void Calls(string expression, string expected)
        {
            var e = P.Expr(expression);
            Assert.Equal(expected, P.Show(e));
        }

        [Fact]
        public void A_call_node_has_its_function_name_and_arguments()
        {
            var call = Assert.IsType<CallExpressionSyntax>(P.Expr("clamp(x, 0, 1)"));
            Assert.Equal("clamp", call.Function.Text);
            Assert.Equal(3, call.Arguments.Length);
            Assert.IsType<NameExpressionSyntax>(call.Arguments[0]);
            Assert.Equal(0, Assert.IsType<NumberExpressionSyntax>(call.Arguments[1]).Value);
        }

        [Theory]
        [InlineData("rm.mean", "rm", "mean")]
        [InlineData("rm . std", "rm", "std")]
        [InlineData("rm.var", "rm", "var")]
        [InlineData("rm.min", "rm", "min")]
        [InlineData("rm.max", "rm", "max")]
        [InlineData("rm.anything", "rm", "anything")]
        public void Members(string expression, string name, string member)
        {
            var e = Assert.IsType<NameExpressionSyntax>(P.Expr(expression));
            Assert.Equal(name, e.Name.Text);
            Assert.Equal(member, e.Member!.Text);
            Assert.Equal(name + "." + member, e.Text);
        }

        [Fact]
        public void A_plain_name_has_no_member()
        {
            var e = Assert.IsType<NameExpressionSyntax>(P.Expr("toxicity"));
            Assert.Null(e.Member);
            Assert.Equal("toxicity", e.Text);
        }

        [Fact]
        public void Names_may_contain_digits_underscores_and_letters_beyond_ascii()
        {
            Assert.Equal("(+ _x1 größe)", P.Show(P.Expr("_x1 + größe")));
        }

        // ---- numbers ----------------------------------------------------------------------------------

        [Theory]
        [InlineData("4", 4.0)]
        [InlineData("0.002", 0.002)]
        [InlineData(".5", 0.5)]
        [InlineData("1e-3", 0.001)]
        [InlineData("2E+2", 200.0)]
        [InlineData("2e2", 200.0)]
        [InlineData("1.5e1", 15.0)]
        [InlineData("007", 7.0)]
        [InlineData("1e308", 1e308)]
        [InlineData("1e-400", 0.0)]
        public void Number_literals_in_expressions(string literal, double value)
        {
            Assert.Equal(value, Assert.IsType<NumberExpressionSyntax>(P.Expr(literal)).Value);
        }

        [Theory]
        [InlineData("-4", -4.0)]
        [InlineData("+4", 4.0)]
        [InlineData("-.5", -0.5)]
        [InlineData("-1e-3", -0.001)]
        [InlineData("2E+2", 200.0)]
        public void Signed_number_literals_in_defaults_and_bounds(string literal, double value)
        {
            var param = P.Member<ParamSyntax>($"param p = {literal} in [{literal}, {literal}];");
            Assert.Equal(value, param.Default.Value);
            Assert.Equal(value, param.Range!.Low.Value);
            Assert.Equal(value, param.Range.High.Value);
        }

        [Fact]
        public void Numbers_do_not_depend_on_the_current_culture()
        {
            var saved = CultureInfo.CurrentCulture;
            try
            {
                // de-DE writes 0,5 and groups thousands with '.', so a culture-sensitive parse would read "0.002" as 2.
                CultureInfo.CurrentCulture = new CultureInfo("de-DE");
                Assert.Equal("0,5", 0.5.ToString(CultureInfo.CurrentCulture)); // the culture really is in effect
                var body = P.Body("param p = 0.002 in [-1.5, 2.5];\nlet l = 1e-3 + .5 * 2E+2;\nsignal s : real in [-10.25, 1000.5];\nnorm n penalize 1.5 cap 0.25;");
                var param = (ParamSyntax)body.Members[0];
                Assert.Equal(0.002, param.Default.Value);
                Assert.Equal(-1.5, param.Range!.Low.Value);
                Assert.Equal(2.5, param.Range.High.Value);
                Assert.Equal("(+ 0.001 (* 0.5 200))", P.Show(((LetSyntax)body.Members[1]).Value));
                Assert.Equal(1000.5, ((RealTypeSyntax)((SignalSyntax)body.Members[2]).Type).Range!.High.Value);
                Assert.Equal(0.25, ((NormSyntax)body.Members[3]).Cap!.Value);
            }
            finally
            {
                CultureInfo.CurrentCulture = saved;
            }
        }

        [Fact]
        public void The_result_is_the_same_under_every_culture()
        {
            string text = TestFiles.Read("assistant.contract");
            var invariant = WithCulture(CultureInfo.InvariantCulture, () => P.Parse(text));
            foreach (var name in new[] { "de-DE", "fr-FR", "ar-SA", "tr-TR", "fa-IR" })
                Assert.Equal(invariant, WithCulture(new CultureInfo(name), () => P.Parse(text)));
        }

        private static T WithCulture<T>(CultureInfo culture, Func<T> action)
        {
            var saved = CultureInfo.CurrentCulture;
            try
            {
                CultureInfo.CurrentCulture = culture;
                return action();
            }
            finally
            {
                CultureInfo.CurrentCulture = saved;
            }
        }

        // ---- guards -----------------------------------------------------------------------------------

        [Theory]
        [InlineData("a and b or c", "(or (and a b) c)")]
        [InlineData("a or b and c", "(or a (and b c))")]
        [InlineData("a or b or c", "(or (or a b) c)")]
        [InlineData("a and b and c", "(and (and a b) c)")]
        [InlineData("(a or b) and c", "(and (or a b) c)")]
        [InlineData("not a and b", "(and (not a) b)")]
        [InlineData("not (a and b)", "(not (and a b))")]
        [InlineData("not not a", "(not (not a))")]
        [InlineData("a and not b or not c", "(or (and a (not b)) (not c))")]
        [InlineData("((a))", "a")]
        [InlineData("refused and toxicity < 0.2", "(and refused (< toxicity 0.2))")]
        [InlineData("x > 1 or rm.std >= 2 and c in { A }", "(or (> x 1) (and (>= rm.std 2) (in c {A})))")]
        public void Guard_precedence(string guard, string expected)
        {
            Assert.Equal(expected, P.Show(P.Guard(guard)));
        }

        [Theory]
        [InlineData("x < 1", ComparisonOperator.Less)]
        [InlineData("x <= 1", ComparisonOperator.LessOrEqual)]
        [InlineData("x > 1", ComparisonOperator.Greater)]
        [InlineData("x >= 1", ComparisonOperator.GreaterOrEqual)]
        [InlineData("x == 1", ComparisonOperator.Equal)]
        [InlineData("x != 1", ComparisonOperator.NotEqual)]
        [InlineData("x<1", ComparisonOperator.Less)]
        [InlineData("x<=1", ComparisonOperator.LessOrEqual)]
        [InlineData("x>=1", ComparisonOperator.GreaterOrEqual)]
        [InlineData("x!=1", ComparisonOperator.NotEqual)]
        public void Every_comparison_operator(string guard, ComparisonOperator op)
        {
            var comparison = Assert.IsType<ComparisonGuardSyntax>(P.Guard(guard));
            Assert.Equal(op, comparison.Operator);
            Assert.Equal("x", P.Show(comparison.Left));
            Assert.Equal(1, Assert.IsType<NumberExpressionSyntax>(comparison.Right).Value);
        }

        [Fact]
        public void Comparison_operands_may_be_members_names_and_signed_numbers()
        {
            Assert.Equal("(> rm.std -2.5)", P.Show(P.Guard("rm.std > -2.5")));
            Assert.Equal("(== region MENA)", P.Show(P.Guard("region == MENA")));
            Assert.Equal("(!= region US)", P.Show(P.Guard("region != US")));
            Assert.Equal("(< a b)", P.Show(P.Guard("a < b")));
        }

        [Fact]
        public void A_number_on_the_left_parses_and_the_binder_decides()
        {
            var comparison = Assert.IsType<ComparisonGuardSyntax>(P.Guard("0.5 <= x"));
            Assert.Equal(0.5, Assert.IsType<NumberExpressionSyntax>(comparison.Left).Value);
            Assert.Equal(ComparisonOperator.LessOrEqual, comparison.Operator);
            Assert.Equal("x", P.Show(comparison.Right));
            Assert.Equal("(> 1 2)", P.Show(P.Guard("1 > 2")));
        }

        [Fact]
        public void Category_sets()
        {
            var set = Assert.IsType<InSetGuardSyntax>(P.Guard("region in { EU, US, Other }"));
            Assert.Equal("region", set.Subject.Text);
            Assert.Equal(new[] { "EU", "US", "Other" }, set.Values.Select(v => v.Text));
            Assert.Equal("(in region {MENA})", P.Show(P.Guard("region in {MENA}")));
            Assert.Equal("(not (in region {EU}))", P.Show(P.Guard("not region in { EU }")));
        }

        [Fact]
        public void A_bare_flag_and_a_member_flag()
        {
            var flag = Assert.IsType<NameGuardSyntax>(P.Guard("alcohol"));
            Assert.Equal("alcohol", flag.Name.Text);
            Assert.Null(flag.Name.Member);
            Assert.Equal("rm.max", P.Show(P.Guard("rm.max")));
        }

        [Fact]
        public void Guards_in_context_position_and_in_uncertain()
        {
            var norm = P.Member<NormSyntax>("norm n in region in { EU, US } and not kid when toxicity >= 0.5 or refused penalize 1;");
            Assert.Equal("(and (in region {EU US}) (not kid))", P.Show(norm.Context!));
            Assert.Equal("(or (>= toxicity 0.5) refused)", P.Show(norm.Guard!));
            Assert.Equal("(and (> a 1) (not (or b c)))", P.Show(P.Member<UncertainSyntax>("uncertain when a > 1 and not (b or c);").Guard!));
        }
    }
}
