using ContractDsl.Binding;
using ContractDsl.Syntax;

namespace ContractDsl.Tests.Binding
{
    /// <summary>What the binder builds: types and domains, resolved names, normalised guards, orders, texts, docs.</summary>
    public class BoundModelTests
    {
        private static BoundContract Assistant => B.Clean(TestFiles.Read("assistant.contract"));

        // ---- types and domains ----------------------------------------------------------------------

        [Fact]
        public void Signal_kinds_and_domains()
        {
            var c = B.CleanSnippet(
                "signal r : real;\n" +
                "signal k : count;\n" +
                "signal h : real in [-1.5, 2];\n" +
                "signal e : real[3];\n" +
                "signal lever : count in [0, 10] controlled \"a lever\";");

            var x = B.Signal(c, "x");
            Assert.Equal((SignalKind.Real, -10.0, 10.0), (x.Kind, x.Low, x.High));

            var p = B.Signal(c, "toxicity");
            Assert.Equal((SignalKind.Prob, 0.0, 1.0), (p.Kind, p.Low, p.High));
            Assert.True(p.IsScalar);

            var tokens = B.Signal(c, "tokens");
            Assert.Equal((SignalKind.Count, 0.0, 4096.0), (tokens.Kind, tokens.Low, tokens.High));
            Assert.True(tokens.IsInteger);

            var k = B.Signal(c, "k");
            Assert.Equal((SignalKind.Count, 0.0, double.PositiveInfinity), (k.Kind, k.Low, k.High));

            var r = B.Signal(c, "r");
            Assert.Equal((SignalKind.Real, double.NegativeInfinity, double.PositiveInfinity), (r.Kind, r.Low, r.High));
            Assert.Equal("real", r.TypeText);

            var h = B.Signal(c, "h");
            Assert.Equal((-1.5, 2.0), (h.Low, h.High));

            var rm = B.Signal(c, "rm");
            Assert.Equal((SignalKind.Ensemble, 4, -10.0, 10.0), (rm.Kind, rm.EnsembleSize, rm.Low, rm.High));
            Assert.False(rm.IsScalar);
            Assert.Equal("real[4] in [-10, 10]", rm.TypeText);

            var e = B.Signal(c, "e");
            Assert.Equal((SignalKind.Ensemble, 3, double.NegativeInfinity, double.PositiveInfinity), (e.Kind, e.EnsembleSize, e.Low, e.High));

            var region = B.Signal(c, "region");
            Assert.Equal(SignalKind.Category, region.Kind);
            Assert.Equal(new[] { "EU", "US", "MENA", "Other" }, region.Categories.ToArray());
            Assert.Equal((0.0, 3.0), (region.Low, region.High));
            Assert.False(region.IsScalar);

            var refused = B.Signal(c, "refused");
            Assert.Equal((SignalKind.Flag, 0.0, 1.0), (refused.Kind, refused.Low, refused.High));

            var lever = B.Signal(c, "lever");
            Assert.True(lever.Controlled);
            Assert.False(x.Controlled);
            Assert.Equal("a lever", lever.Description);
        }

        [Fact]
        public void A_count_domain_is_rounded_inwards_to_whole_numbers()
        {
            var c = B.CleanSnippet("signal k : count in [0.5, 7.5];");
            var k = B.Signal(c, "k");
            Assert.Equal((1.0, 7.0), (k.Low, k.High));
        }

        [Fact]
        public void Signals_and_params_are_indexed_in_declaration_order()
        {
            var c = B.CleanSnippet("param second = 1 in [0, 2] \"the second\";");
            Assert.Equal(new[] { "x", "y", "toxicity", "tokens", "rm", "region", "refused" }, c.Signals.Select(s => s.Name).ToArray());
            Assert.Equal(Enumerable.Range(0, c.Signals.Length), c.Signals.Select(s => s.Index));
            Assert.Equal(new[] { ("toxicity_weight", 0), ("second", 1) }, c.Params.Select(p => (p.Name, p.Index)));
            var second = c.Params[1];
            Assert.Equal((1.0, 0.0, 2.0, "the second"), (second.Default, second.Low, second.High, second.Description));
        }

        [Fact]
        public void The_assistant_binds_to_what_it_says()
        {
            var c = Assistant;
            Assert.Equal("Assistant", c.Name);
            Assert.Equal("Acme.Alignment", c.Namespace);
            Assert.Equal("Developer", c.Principal!.Name);
            Assert.Equal("ChatModel", c.Agent!.Name);
            Assert.Equal(7, c.Signals.Length);
            Assert.Equal(new BoundParam(0, "toxicity_weight", 4, 0, 10, "penalty per unit of toxicity", null, c.Params[0].Span), c.Params[0]);
            Assert.Equal(5, c.Norms.Length);
            Assert.Equal(new[] { "no_toxicity", "concise", "alcohol", "needless_refusal" }, c.Concerns.ToArray());
            Assert.Equal(WelfareKind.Nash, c.Welfare!.Kind);
            Assert.Equal(3, c.Uncertainty.Length);
        }

        [Fact]
        public void The_semantics_contract_binds_cleanly()
        {
            var c = B.Clean(TestFiles.Read("semantics.contract"));
            Assert.Equal(9, c.Norms.Length);
            Assert.Null(c.Welfare);
        }

        [Fact]
        public void Binding_is_pure()
        {
            var text = TestFiles.Read("assistant.contract");
            Assert.Equal(B.Clean(text), B.Clean(text));
        }

        // ---- expressions ----------------------------------------------------------------------------

        [Fact]
        public void Names_resolve_to_the_right_symbols()
        {
            var c = B.CleanSnippet("let t = toxicity_weight * toxicity + rm.var - conservative / -x + clamp(y, 0, 1);");
            int toxicity = B.Signal(c, "toxicity").Index, rm = B.Signal(c, "rm").Index, x = B.Signal(c, "x").Index, y = B.Signal(c, "y").Index;
            int conservative = B.Let(c, "conservative").Index;
            BoundExpression expected = new BoundBinary(BinaryOperator.Add,
                new BoundBinary(BinaryOperator.Subtract,
                    new BoundBinary(BinaryOperator.Add,
                        new BoundBinary(BinaryOperator.Multiply, new BoundParamValue(0), new BoundSignalValue(toxicity)),
                        new BoundEnsembleMember(rm, EnsembleStatistic.Var)),
                    new BoundBinary(BinaryOperator.Divide, new BoundLetValue(conservative), new BoundNegate(new BoundSignalValue(x)))),
                new BoundCall(BuiltinFunction.Clamp, new Collections.EquatableArray<BoundExpression>(new BoundExpression[] { new BoundSignalValue(y), new BoundConstant(0), new BoundConstant(1) })));
            Assert.Equal(expected, B.Let(c, "t").Value);
        }

        [Theory]
        [InlineData("mean", EnsembleStatistic.Mean)]
        [InlineData("std", EnsembleStatistic.Std)]
        [InlineData("var", EnsembleStatistic.Var)]
        [InlineData("min", EnsembleStatistic.Min)]
        [InlineData("max", EnsembleStatistic.Max)]
        public void Ensemble_members(string member, EnsembleStatistic statistic)
        {
            var c = B.CleanSnippet($"let t = rm.{member};");
            Assert.Equal(new BoundEnsembleMember(B.Signal(c, "rm").Index, statistic), B.Let(c, "t").Value);
        }

        [Theory]
        [InlineData("min", BuiltinFunction.Min, 2)]
        [InlineData("max", BuiltinFunction.Max, 2)]
        [InlineData("clamp", BuiltinFunction.Clamp, 3)]
        [InlineData("abs", BuiltinFunction.Abs, 1)]
        [InlineData("exp", BuiltinFunction.Exp, 1)]
        [InlineData("log", BuiltinFunction.Log, 1)]
        [InlineData("sigmoid", BuiltinFunction.Sigmoid, 1)]
        [InlineData("tanh", BuiltinFunction.Tanh, 1)]
        public void Builtin_functions(string name, BuiltinFunction function, int arity)
        {
            var args = string.Join(", ", Enumerable.Repeat("x", arity));
            var c = B.CleanSnippet($"let t = {name}({args});");
            var call = Assert.IsType<BoundCall>(B.Let(c, "t").Value);
            Assert.Equal(function, call.Function);
            Assert.Equal(arity, call.Arguments.Length);
        }

        // ---- guards ---------------------------------------------------------------------------------

        private static BoundGuard GuardOf(string guard, out BoundContract contract)
        {
            contract = B.CleanSnippet("norm m when " + guard + " penalize 1;");
            return B.Norm(contract, "m").Guard!;
        }

        [Theory]
        [InlineData("0.5 <= toxicity", "toxicity", ComparisonOperator.GreaterOrEqual, 0.5)]
        [InlineData("0.5 < toxicity", "toxicity", ComparisonOperator.Greater, 0.5)]
        [InlineData("3 > x", "x", ComparisonOperator.Less, 3)]
        [InlineData("3 >= x", "x", ComparisonOperator.LessOrEqual, 3)]
        [InlineData("-2 == x", "x", ComparisonOperator.Equal, -2)]
        [InlineData("-2 != x", "x", ComparisonOperator.NotEqual, -2)]
        [InlineData("x >= 0.5", "x", ComparisonOperator.GreaterOrEqual, 0.5)]
        [InlineData("x < -1", "x", ComparisonOperator.Less, -1)]
        [InlineData("tokens > 512", "tokens", ComparisonOperator.Greater, 512)]
        public void Comparisons_put_the_subject_first(string guard, string signal, ComparisonOperator op, double constant)
        {
            var g = GuardOf(guard, out var c);
            var comparison = Assert.IsType<BoundComparison>(g);
            Assert.Equal(new BoundSignalValue(B.Signal(c, signal).Index), comparison.Subject);
            Assert.Equal(op, comparison.Operator);
            Assert.Equal(constant, comparison.Constant);
        }

        [Fact]
        public void Ensemble_members_and_lets_are_guard_subjects()
        {
            var g = GuardOf("2 < rm.std or conservative >= 1", out var c);
            var or = Assert.IsType<BoundOr>(g);
            Assert.Equal(new BoundComparison(new BoundEnsembleMember(B.Signal(c, "rm").Index, EnsembleStatistic.Std), ComparisonOperator.Greater, 2, or.Left.Span), or.Left);
            Assert.Equal(new BoundComparison(new BoundLetValue(B.Let(c, "conservative").Index), ComparisonOperator.GreaterOrEqual, 1, or.Right.Span), or.Right);
        }

        [Theory]
        [InlineData("region == MENA", new[] { 2 })]
        [InlineData("MENA == region", new[] { 2 })]
        [InlineData("region != US", new[] { 0, 2, 3 })]
        [InlineData("US != region", new[] { 0, 2, 3 })]
        [InlineData("region in { Other, EU }", new[] { 0, 3 })]
        [InlineData("region in { US, US }", new[] { 1 })]
        [InlineData("region in { EU, US, MENA, Other }", new[] { 0, 1, 2, 3 })]
        public void Category_tests_become_sets_of_value_indices(string guard, int[] values)
        {
            var g = GuardOf(guard, out var c);
            var test = Assert.IsType<BoundCategoryTest>(g);
            Assert.Equal(B.Signal(c, "region").Index, test.Signal);
            Assert.Equal(values, test.Values.ToArray());
        }

        [Fact]
        public void Logical_structure_and_flags()
        {
            var g = GuardOf("refused and not (x > 1 or region == EU)", out var c);
            var and = Assert.IsType<BoundAnd>(g);
            Assert.Equal(B.Signal(c, "refused").Index, Assert.IsType<BoundFlag>(and.Left).Signal);
            var not = Assert.IsType<BoundNot>(and.Right);
            var or = Assert.IsType<BoundOr>(not.Operand);
            Assert.IsType<BoundComparison>(or.Left);
            Assert.IsType<BoundCategoryTest>(or.Right);
        }

        [Fact]
        public void Guard_spans_cover_the_guard_as_written()
        {
            var text = B.Wrap("norm m when x > 1 and refused penalize 1;");
            var g = Assert.IsType<BoundAnd>(B.Norm(B.Clean(text), "m").Guard);
            Assert.Equal(B.SpanOf(text, "x > 1 and refused"), g.Span);
            Assert.Equal(B.SpanOf(text, "x > 1", 0, B.Preamble.Length), g.Left.Span);
            Assert.Equal(B.SpanOf(text, "refused", 0, B.Preamble.Length), g.Right.Span);
        }

        // ---- norms ----------------------------------------------------------------------------------

        [Fact]
        public void The_concern_defaults_to_the_norm_name()
        {
            var c = Assistant;
            Assert.Equal("no_toxicity", B.Norm(c, "no_toxicity").Concern);
            Assert.Equal("alcohol", B.Norm(c, "alcohol_mena").Concern);
            Assert.Equal("alcohol", B.Norm(c, "alcohol_elsewhere").Concern);
            Assert.Equal("needless_refusal", B.Norm(c, "needless_refusal").Concern);
        }

        [Fact]
        public void Norms_keep_effect_amount_cap_and_rationale()
        {
            var c = Assistant;
            var concise = B.Norm(c, "concise");
            Assert.Equal((EffectKind.Penalize, -1, 2.0), (concise.Effect, concise.Sign, concise.Cap));
            Assert.Equal("Length is not helpfulness.", concise.Rationale);
            Assert.Null(concise.Context);
            Assert.NotNull(concise.Amount);

            var elsewhere = B.Norm(c, "alcohol_elsewhere");
            Assert.Equal((EffectKind.Allow, 0), (elsewhere.Effect, elsewhere.Sign));
            Assert.Null(elsewhere.Amount);
            Assert.Null(elsewhere.AmountText);
            Assert.Null(elsewhere.AmountSpan);
            Assert.Null(elsewhere.Guard);
            Assert.Null(elsewhere.GuardText);
            Assert.Null(elsewhere.Cap);

            var bonus = B.Norm(B.CleanSnippet("norm bonus when x > 5 reward x - 5;"), "bonus");
            Assert.Equal((EffectKind.Reward, 1), (bonus.Effect, bonus.Sign));
            Assert.Null(bonus.Rationale);

            Assert.Equal(Enumerable.Range(0, c.Norms.Length), c.Norms.Select(n => n.Index));
        }

        [Fact]
        public void Texts_are_the_source_as_written()
        {
            var c = Assistant;
            Assert.Equal("conservative", c.RewardText);
            Assert.Equal("rm.mean - 0.5 * rm.std", B.Let(c, "conservative").Text);

            var mena = B.Norm(c, "alcohol_mena");
            Assert.Equal("region == MENA", mena.ContextText);
            Assert.Equal("alcohol", mena.GuardText);
            Assert.Equal("3", mena.AmountText);

            Assert.Equal("region in { EU, US, Other }", B.Norm(c, "alcohol_elsewhere").ContextText);
            Assert.Equal("0.002 * (tokens - 512)", B.Norm(c, "concise").AmountText);
            Assert.Equal("toxicity_weight * toxicity", B.Norm(c, "no_toxicity").AmountText);
            Assert.Equal("refused and toxicity < 0.2", B.Norm(c, "needless_refusal").GuardText);
            Assert.Equal("rm.std > 2", c.Uncertainty[0].GuardText);
            Assert.Null(c.Uncertainty[1].GuardText);
        }

        [Fact]
        public void Texts_keep_spacing_and_parentheses()
        {
            var text = B.Wrap("norm odd in (region==EU)   when (x>1  or refused) penalize (x  +1)*2 cap 3;");
            var n = B.Norm(B.Clean(text), "odd");
            Assert.Equal("(region==EU)", n.ContextText);
            Assert.Equal("(x>1  or refused)", n.GuardText);
            Assert.Equal("(x  +1)*2", n.AmountText);
            Assert.Equal(B.SpanOf(text, "(x  +1)*2"), n.AmountSpan);
            Assert.Equal(B.SpanOf(text, "odd"), n.NameSpan);
        }

        [Fact]
        public void Reward_span_and_text()
        {
            var text = "contract R {\n  signal x : prob;\n  reward  2 * x - 1 ;\n}\n";
            var c = B.Clean(text);
            Assert.Equal("2 * x - 1", c.RewardText);
            Assert.Equal(B.SpanOf(text, "2 * x - 1"), c.RewardSpan);
            Assert.Equal(new BoundBinary(BinaryOperator.Subtract, new BoundBinary(BinaryOperator.Multiply, new BoundConstant(2), new BoundSignalValue(0)), new BoundConstant(1)), c.Reward);
        }

        // ---- lets -----------------------------------------------------------------------------------

        [Fact]
        public void Lets_are_ordered_by_dependency_regardless_of_declaration_order()
        {
            var c = B.CleanSnippet("let c3 = b2 * 2; let d4 = c3 + a1; let b2 = a1 + 1; let a1 = x;");
            var names = c.Lets.Select(l => l.Name).ToList();
            Assert.True(names.IndexOf("a1") < names.IndexOf("b2"));
            Assert.True(names.IndexOf("b2") < names.IndexOf("c3"));
            Assert.True(names.IndexOf("c3") < names.IndexOf("d4"));
            Assert.Equal(Enumerable.Range(0, c.Lets.Length), c.Lets.Select(l => l.Index));

            // Every reference points at a let that comes earlier.
            foreach (var let in c.Lets)
                foreach (var used in LetsIn(let.Value))
                    Assert.True(used < let.Index, $"`{let.Name}` (#{let.Index}) uses let #{used}");

            Assert.Equal(new BoundBinary(BinaryOperator.Multiply, new BoundLetValue(B.Let(c, "b2").Index), new BoundConstant(2)), B.Let(c, "c3").Value);
            Assert.Equal("b2 * 2", B.Let(c, "c3").Text);
        }

        [Fact]
        public void Independent_lets_keep_declaration_order()
        {
            var c = B.CleanSnippet("let p1 = x; let p2 = y; let p3 = toxicity;");
            Assert.Equal(new[] { "conservative", "p1", "p2", "p3" }, c.Lets.Select(l => l.Name).ToArray());
        }

        private static IEnumerable<int> LetsIn(BoundExpression e) => e switch
        {
            BoundLetValue l => new[] { l.Let },
            BoundNegate n => LetsIn(n.Operand),
            BoundBinary b => LetsIn(b.Left).Concat(LetsIn(b.Right)),
            BoundCall call => call.Arguments.SelectMany(LetsIn),
            _ => Enumerable.Empty<int>(),
        };

        // ---- preferences ----------------------------------------------------------------------------

        private const string FourNorms =
            "norm a when refused penalize 1; norm b when x > 0 reward 1; norm c when y > 1 penalize 1; norm d when tokens > 9 penalize 1;\n";

        [Fact]
        public void Preference_order_is_the_transitive_closure()
        {
            var c = B.CleanSnippet(FourNorms + "prefer a over b; prefer b over c;");
            int a = B.Norm(c, "a").Index, b = B.Norm(c, "b").Index, cc = B.Norm(c, "c").Index, d = B.Norm(c, "d").Index;
            Assert.True(c.Order.Dominates(a, b));
            Assert.True(c.Order.Dominates(b, cc));
            Assert.True(c.Order.Dominates(a, cc));
            Assert.False(c.Order.Dominates(cc, a));
            Assert.False(c.Order.Dominates(b, a));
            Assert.False(c.Order.Dominates(a, a));
            Assert.False(c.Order.Dominates(a, d));
            Assert.True(c.Order.Related(cc, a));
            Assert.False(c.Order.Related(d, a));
            Assert.Equal(4, c.Order.NormCount);
        }

        [Fact]
        public void Preferences_are_kept_as_written_one_pair_per_name()
        {
            var text = B.Wrap(FourNorms + "prefer a over b, d;");
            var c = B.Clean(text);
            Assert.Equal(new[] { (0, 1), (0, 3) }, c.Preferences.Select(p => (p.Preferred, p.Over)));
            Assert.True(c.Order.Dominates(0, 3));
            Assert.False(c.Order.Dominates(1, 3));
        }

        [Fact]
        public void No_preferences_no_order()
        {
            var c = B.CleanSnippet(FourNorms);
            Assert.Empty(c.Preferences);
            Assert.Empty(c.Order.Edges);
            Assert.All(Enumerable.Range(0, 4), i => Assert.False(c.Order.IsOrdered(i)));
            Assert.Empty(c.Order.Cycles);
        }

        // ---- welfare and uncertainty ----------------------------------------------------------------

        [Fact]
        public void Welfare_weights_default_to_one()
        {
            var w = B.CleanSnippet("welfare utilitarian over region;").Welfare!;
            Assert.Equal(WelfareKind.Utilitarian, w.Kind);
            Assert.Equal(5, w.Category);
            Assert.Equal(new[] { 1.0, 1.0, 1.0, 1.0 }, w.Weights.ToArray());
            Assert.Null(w.From);
            Assert.Equal(1.0, w.Temperature);
            Assert.Equal(1.0, w.Exponent);
        }

        [Fact]
        public void Explicit_welfare_weights_and_options_are_applied()
        {
            var w = B.CleanSnippet("welfare nash over region weights { MENA: 0.5, EU: 2, Other: 0 } from -5 temperature 2;").Welfare!;
            Assert.Equal(WelfareKind.Nash, w.Kind);
            Assert.Equal(new[] { 2.0, 1.0, 0.5, 0.0 }, w.Weights.ToArray());
            Assert.Equal(-5.0, w.From);
            Assert.Equal(2.0, w.Temperature);
        }

        [Fact]
        public void Power_welfare_keeps_its_exponent()
        {
            var w = B.CleanSnippet("welfare power -1 over region from 0;").Welfare!;
            Assert.Equal((WelfareKind.Power, -1.0, 0.0), (w.Kind, w.Exponent, w.From!.Value));
        }

        [Fact]
        public void No_welfare_rule_no_welfare()
        {
            Assert.Null(B.CleanSnippet("").Welfare);
        }

        [Fact]
        public void Uncertainty_rules()
        {
            var c = B.CleanSnippet("uncertain when rm.std > 2 \"disagree\"; uncertain 0.5 when conflict; uncertain 0.25 when gap; uncertain 0 when refused;");
            var u = c.Uncertainty;
            Assert.Equal(4, u.Length);
            Assert.Equal((0, 1.0, UncertainTrigger.Guard, "disagree"), (u[0].Index, u[0].Weight, u[0].Trigger, u[0].Reason));
            Assert.IsType<BoundComparison>(u[0].Guard);
            Assert.Equal((1, 0.5, UncertainTrigger.Conflict), (u[1].Index, u[1].Weight, u[1].Trigger));
            Assert.Null(u[1].Guard);
            Assert.Equal((0.25, UncertainTrigger.Gap), (u[2].Weight, u[2].Trigger));
            Assert.Equal(0.0, u[3].Weight);
            Assert.IsType<BoundFlag>(u[3].Guard);
            Assert.Equal("refused", u[3].GuardText);
        }

        // ---- docs -----------------------------------------------------------------------------------

        [Fact]
        public void Doc_comments_attach_to_the_next_declaration()
        {
            var text =
                "/// The contract.\n" +
                "/// Second line.\n" +
                "contract D {\n" +
                "  /// The score.\n" +
                "  signal x : real in [0, 1];\n" +
                "  // not a doc comment\n" +
                "  signal y : prob;\n" +
                "  /// The weight.\n" +
                "  param w = 1 in [0, 2];\n" +
                "  /// Derived.\n" +
                "  let v = w * x;\n" +
                "  reward v + y;\n" +
                "  /// Why it matters.\n" +
                "  norm n \"rationale\" when x > 0.5 penalize 1;\n" +
                "}\n";
            var c = B.Clean(text);
            Assert.Equal("The contract.\nSecond line.", c.Doc);
            Assert.Equal("The score.", B.Signal(c, "x").Doc);
            Assert.Null(B.Signal(c, "y").Doc);
            Assert.Equal("The weight.", c.Params[0].Doc);
            Assert.Equal("Derived.", B.Let(c, "v").Doc);
            var n = B.Norm(c, "n");
            Assert.Equal("Why it matters.", n.Doc);
            Assert.Equal("rationale", n.Rationale);
            Assert.Equal("Doc comment: becomes the card's summary.", Assistant.Doc);
        }

        [Fact]
        public void Symbol_spans_are_the_names()
        {
            var text = TestFiles.Read("assistant.contract");
            var c = B.Clean(text);
            Assert.Equal(B.SpanOf(text, "Assistant"), c.NameSpan);
            Assert.Equal(B.SpanOf(text, "tokens"), B.Signal(c, "tokens").Span);
            Assert.Equal(B.SpanOf(text, "toxicity_weight"), c.Params[0].Span);
            Assert.Equal(B.SpanOf(text, "conservative"), B.Let(c, "conservative").Span);
            Assert.Equal(B.SpanOf(text, "concise"), B.Norm(c, "concise").NameSpan);
            Assert.Equal(B.SpanOf(text, "0.002 * (tokens - 512)"), B.Norm(c, "concise").AmountSpan);
        }
    }
}
