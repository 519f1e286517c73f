using ContractDsl.Syntax;

namespace ContractDsl.Tests.Syntax
{
    /// <summary>Every declaration form of design brief §3 parses into the expected nodes.</summary>
    public class ParserConstructTests
    {
        // ---- file level -------------------------------------------------------------------------------

        [Fact]
        public void A_qualified_namespace_is_one_name_with_dots()
        {
            var file = P.Ok("namespace Acme.Alignment.V2;\ncontract C { }");
            Assert.Equal("Acme.Alignment.V2", file.Namespace!.Text);
            Assert.Equal(P.SpanOf("namespace Acme.Alignment.V2;\ncontract C { }", "Acme.Alignment.V2"), file.Namespace.Span);
        }

        [Fact]
        public void A_simple_namespace_and_no_namespace()
        {
            Assert.Equal("Acme", P.Ok("namespace Acme; contract C {}").Namespace!.Text);
            Assert.Null(P.Ok("contract C {}").Namespace);
        }

        [Fact]
        public void The_path_is_kept()
        {
            Assert.Equal("dir/x.contract", ContractParser.Parse("dir/x.contract", "contract C {}").Path);
        }

        [Fact]
        public void An_empty_or_trivia_only_file_has_no_contracts_and_no_errors()
        {
            foreach (var text in new[] { "", "   \n\t\r\n", "// only a comment", "/* block */", "/// a stray doc comment\n" })
            {
                var file = P.Ok(text);
                Assert.Empty(file.Contracts);
                Assert.Null(file.Namespace);
            }
        }

        [Fact]
        public void Several_contracts_in_one_file()
        {
            var file = P.Ok("namespace N;\ncontract A { signal x : flag; }\ncontract B { signal y : flag; signal z : prob; }\ncontract C {}");
            Assert.Equal(new[] { "A", "B", "C" }, file.Contracts.Select(c => c.Name.Text));
            Assert.Equal(new[] { 1, 2, 0 }, file.Contracts.Select(c => c.Members.Length));
            Assert.Equal("z", ((SignalSyntax)file.Contracts[1].Members[1]).Name.Text);
        }

        [Fact]
        public void Comments_may_appear_between_any_two_tokens()
        {
            const string text =
                "/*a*/namespace/*b*/Acme/*c*/./*d*/Alignment/*e*/;//f\n" +
                "contract/**/C/**/{//x\n" +
                "signal/**/r/**/:/**/real/**/[/**/4/**/]/**/in/**/[/**/-1/**/,/**/2/**/]/**/controlled/**/\"d\"/**/;\n" +
                "signal /*x*/ region : category /*y*/ { /*z*/ EU /*w*/ , US } ;\n" +
                "norm // line comment\n n /* c */ concern /* c */ k \"r\" in /**/ region /**/ in /**/ { /**/ EU /**/ } when /**/ r.mean /**/ >= /**/ 1 " +
                "penalize /**/ min /**/ ( /**/ r.std /**/ , /**/ 2 /**/ ) /**/ * /**/ 3 cap /**/ 4 /**/ ;\n" +
                "}/* end */";
            var file = P.Ok(text);
            Assert.Equal("Acme.Alignment", file.Namespace!.Text);
            var contract = Assert.Single(file.Contracts);
            var signal = Assert.IsType<SignalSyntax>(contract.Members[0]);
            var real = Assert.IsType<RealTypeSyntax>(signal.Type);
            Assert.Equal(4, real.EnsembleSize!.Value);
            Assert.Equal(-1, real.Range!.Low.Value);
            Assert.True(signal.Controlled);
            Assert.Equal("d", signal.Description);
            Assert.Equal(new[] { "EU", "US" }, ((CategoryTypeSyntax)((SignalSyntax)contract.Members[1]).Type).Values.Select(v => v.Text));
            var norm = Assert.IsType<NormSyntax>(contract.Members[2]);
            Assert.Equal("k", norm.Concern!.Text);
            Assert.Equal("(in region {EU})", P.Show(norm.Context!));
            Assert.Equal("(>= r.mean 1)", P.Show(norm.Guard!));
            Assert.Equal("(* (min r.std 2) 3)", P.Show(norm.Amount!));
            Assert.Equal(4, norm.Cap!.Value);
        }

        [Fact]
        public void Division_is_not_mistaken_for_a_comment_and_comments_are_not_division()
        {
            Assert.Equal("(/ a b)", P.Show(P.Expr("a/b")));
            Assert.Equal("(/ a b)", P.Show(P.Expr("a / /* not b */ b")));
            Assert.Equal("a", P.Show(P.Member<LetSyntax>("let v = a // / b;\n;").Value));
        }

        [Fact]
        public void The_brief_example_parses_into_the_expected_members()
        {
            var file = P.Ok(TestFiles.Read("assistant.contract"));
            var members = Assert.Single(file.Contracts).Members;
            Assert.Equal(
                new[]
                {
                    "Party", "Party", "Signal", "Signal", "Signal", "Signal", "Signal", "Signal", "Signal", "Param", "Let", "Reward",
                    "Norm", "Norm", "Norm", "Norm", "Norm", "Prefer", "Welfare", "Uncertain", "Uncertain", "Uncertain",
                },
                members.Select(m => m.GetType().Name.Replace("Syntax", "")));
            var concise = (NormSyntax)members[13];
            Assert.Equal("concise", concise.Name.Text);
            Assert.Equal("(* 0.002 (- tokens 512))", P.Show(concise.Amount!));
            Assert.Equal(2, concise.Cap!.Value);
            var let = (LetSyntax)members[10];
            Assert.Equal("(- rm.mean (* 0.5 rm.std))", P.Show(let.Value));
        }

        // ---- parties ----------------------------------------------------------------------------------

        [Fact]
        public void Parties_with_and_without_descriptions()
        {
            var body = P.Body("principal Developer \"the team that ships\";\nagent ChatModel;");
            var principal = Assert.IsType<PartySyntax>(body.Members[0]);
            Assert.Equal(PartyRole.Principal, principal.Role);
            Assert.Equal("Developer", principal.Name.Text);
            Assert.Equal("the team that ships", principal.Description);
            var agent = Assert.IsType<PartySyntax>(body.Members[1]);
            Assert.Equal(PartyRole.Agent, agent.Role);
            Assert.Equal("ChatModel", agent.Name.Text);
            Assert.Null(agent.Description);
        }

        // ---- signals ----------------------------------------------------------------------------------

        [Fact]
        public void Real_without_and_with_a_range()
        {
            var plain = Assert.IsType<RealTypeSyntax>(P.Member<SignalSyntax>("signal x : real;").Type);
            Assert.Null(plain.EnsembleSize);
            Assert.Null(plain.Range);

            var ranged = Assert.IsType<RealTypeSyntax>(P.Member<SignalSyntax>("signal x : real in [-1, 2.5];").Type);
            Assert.Null(ranged.EnsembleSize);
            Assert.Equal(-1, ranged.Range!.Low.Value);
            Assert.Equal(2.5, ranged.Range.High.Value);
        }

        [Fact]
        public void Prob_flag_and_count()
        {
            Assert.IsType<ProbTypeSyntax>(P.Member<SignalSyntax>("signal p : prob;").Type);
            Assert.IsType<FlagTypeSyntax>(P.Member<SignalSyntax>("signal f : flag;").Type);
            Assert.Null(Assert.IsType<CountTypeSyntax>(P.Member<SignalSyntax>("signal n : count;").Type).Range);
            var counted = Assert.IsType<CountTypeSyntax>(P.Member<SignalSyntax>("signal n : count in [0, 4096];").Type);
            Assert.Equal(0, counted.Range!.Low.Value);
            Assert.Equal(4096, counted.Range.High.Value);
        }

        [Fact]
        public void Category_values_in_order()
        {
            var category = Assert.IsType<CategoryTypeSyntax>(P.Member<SignalSyntax>("signal region : category { EU, US, MENA, Other };").Type);
            Assert.Equal(new[] { "EU", "US", "MENA", "Other" }, category.Values.Select(v => v.Text));
            var single = Assert.IsType<CategoryTypeSyntax>(P.Member<SignalSyntax>("signal c : category {Only};").Type);
            Assert.Equal("Only", Assert.Single(single.Values).Text);
        }

        [Fact]
        public void An_ensemble_with_and_without_a_range()
        {
            var ensemble = Assert.IsType<RealTypeSyntax>(P.Member<SignalSyntax>("signal rm : real[4] in [-10, 10];").Type);
            Assert.Equal(4, ensemble.EnsembleSize!.Value);
            Assert.Equal(-10, ensemble.Range!.Low.Value);
            Assert.Equal(10, ensemble.Range.High.Value);

            var open = Assert.IsType<RealTypeSyntax>(P.Member<SignalSyntax>("signal rm : real [ 3 ];").Type);
            Assert.Equal(3, open.EnsembleSize!.Value);
            Assert.Null(open.Range);
        }

        [Fact]
        public void Controlled_and_description_are_optional_and_ordered()
        {
            var both = P.Member<SignalSyntax>("signal tokens : count in [0, 4096] controlled \"reply length\";");
            Assert.True(both.Controlled);
            Assert.Equal("reply length", both.Description);

            var controlledOnly = P.Member<SignalSyntax>("signal tokens : count controlled;");
            Assert.True(controlledOnly.Controlled);
            Assert.Null(controlledOnly.Description);

            var neither = P.Member<SignalSyntax>("signal tokens : count;");
            Assert.False(neither.Controlled);
            Assert.Null(neither.Description);

            Assert.False(P.Member<SignalSyntax>("signal f : flag \"d\";").Controlled);
        }

        [Fact]
        public void Type_names_are_not_reserved()
        {
            // `real`, `prob`, `count`, `flag`, `category`, `weights`, `from`, `temperature` are contextual.
            var body = P.Body("signal count : count;\nsignal flag : flag;\nsignal from : real;\nsignal weights : prob;\nsignal temperature : real;");
            Assert.Equal(new[] { "count", "flag", "from", "weights", "temperature" }, body.Members.Cast<SignalSyntax>().Select(s => s.Name.Text));
        }

        [Theory]
        [InlineData("\"plain\"", "plain")]
        [InlineData("\"say \\\"hi\\\"\"", "say \"hi\"")]
        [InlineData("\"back\\\\slash\"", "back\\slash")]
        [InlineData("\"tab\\there\"", "tab\there")]
        [InlineData("\"new\\nline\"", "new\nline")]
        [InlineData("\"\"", "")]
        [InlineData("\"// not a comment /* nor this */\"", "// not a comment /* nor this */")]
        [InlineData("\"ünïcødé ✓\"", "ünïcødé ✓")]
        public void Descriptions_are_unescaped(string literal, string expected)
        {
            Assert.Equal(expected, P.Member<SignalSyntax>("signal x : flag " + literal + ";").Description);
        }

        // ---- params, lets, reward -------------------------------------------------------------------

        [Fact]
        public void A_param_with_range_and_description()
        {
            var param = P.Member<ParamSyntax>("param toxicity_weight = 4 in [0, 10] \"penalty per unit\";");
            Assert.Equal("toxicity_weight", param.Name.Text);
            Assert.Equal(4, param.Default.Value);
            Assert.Equal(0, param.Range!.Low.Value);
            Assert.Equal(10, param.Range.High.Value);
            Assert.Equal("penalty per unit", param.Description);
        }

        [Fact]
        public void A_param_without_a_range_is_not_a_syntax_error()
        {
            // The binder reports a missing range; the parser only records its absence.
            var param = P.Member<ParamSyntax>("param w = -0.5;");
            Assert.Equal(-0.5, param.Default.Value);
            Assert.Null(param.Range);
            Assert.Null(param.Description);
            Assert.Equal("d", P.Member<ParamSyntax>("param w = +2 \"d\";").Description);
        }

        [Fact]
        public void A_let_with_and_without_description()
        {
            var let = P.Member<LetSyntax>("let conservative = rm.mean - 0.5 * rm.std \"derived\";");
            Assert.Equal("conservative", let.Name.Text);
            Assert.Equal("(- rm.mean (* 0.5 rm.std))", P.Show(let.Value));
            Assert.Equal("derived", let.Description);
            Assert.Null(P.Member<LetSyntax>("let x = 1;").Description);
        }

        [Fact]
        public void The_base_reward()
        {
            Assert.Equal("(+ a (* 2 b))", P.Show(P.Member<RewardSyntax>("reward a + 2 * b;").Value));
        }

        // ---- norms ------------------------------------------------------------------------------------

        [Fact]
        public void A_minimal_norm_has_nothing_but_its_effect()
        {
            var norm = P.Member<NormSyntax>("norm n penalize 1;");
            Assert.Equal("n", norm.Name.Text);
            Assert.Null(norm.Concern);
            Assert.Null(norm.Rationale);
            Assert.Null(norm.Context);
            Assert.Null(norm.Guard);
            Assert.Equal(EffectKind.Penalize, norm.Effect);
            Assert.Equal("1", P.Show(norm.Amount!));
            Assert.Null(norm.Cap);
        }

        /// <summary>Every subset of the optional clauses, in the fixed order, with each effect.</summary>
        [Theory]
        [MemberData(nameof(NormCombinations))]
        public void Every_combination_of_norm_clauses(bool concern, bool rationale, bool context, bool guard, string effect, bool cap)
        {
            string text = "norm n" +
                (concern ? " concern fam" : "") +
                (rationale ? " \"why\"" : "") +
                (context ? " in region == MENA" : "") +
                (guard ? " when x > 1 and f" : "") +
                " " + effect +
                (effect != "allow" ? " 2 * x" : "") +
                (cap ? " cap 3" : "") + ";";
            var norm = P.Member<NormSyntax>(text);
            Assert.Equal("n", norm.Name.Text);
            Assert.Equal(concern ? "fam" : null, norm.Concern?.Text);
            Assert.Equal(rationale ? "why" : null, norm.Rationale);
            Assert.Equal(context ? "(== region MENA)" : null, norm.Context is null ? null : P.Show(norm.Context));
            Assert.Equal(guard ? "(and (> x 1) f)" : null, norm.Guard is null ? null : P.Show(norm.Guard));
            Assert.Equal(effect switch { "reward" => EffectKind.Reward, "penalize" => EffectKind.Penalize, _ => EffectKind.Allow }, norm.Effect);
            Assert.Equal(effect, text.Substring(norm.EffectSpan.Start - "contract C {\n".Length, norm.EffectSpan.Length));
            Assert.Equal(effect == "allow" ? null : "(* 2 x)", norm.Amount is null ? null : P.Show(norm.Amount));
            Assert.Equal(cap ? 3 : (double?)null, norm.Cap?.Value);
        }

        public static IEnumerable<object[]> NormCombinations()
        {
            for (int mask = 0; mask < 16; mask++)
                foreach (var effect in new[] { "reward", "penalize", "allow" })
                    foreach (var cap in effect == "allow" ? new[] { false } : new[] { false, true })
                        yield return new object[] { (mask & 1) != 0, (mask & 2) != 0, (mask & 4) != 0, (mask & 8) != 0, effect, cap };
        }

        [Fact]
        public void A_negative_cap_parses_and_is_left_to_the_binder()
        {
            Assert.Equal(-2, P.Member<NormSyntax>("norm n reward 1 cap -2;").Cap!.Value);
        }

        [Fact]
        public void A_norm_spread_over_lines_as_in_the_brief()
        {
            var norm = P.Member<NormSyntax>(
                "  norm alcohol_mena concern alcohol \"Respect local norms on alcohol.\"\n    in region == MENA when alcohol\n    penalize 3;");
            Assert.Equal("alcohol", norm.Concern!.Text);
            Assert.Equal("Respect local norms on alcohol.", norm.Rationale);
            Assert.Equal("(== region MENA)", P.Show(norm.Context!));
            Assert.Equal("alcohol", P.Show(norm.Guard!));
            Assert.Equal("3", P.Show(norm.Amount!));
        }

        [Fact]
        public void A_norm_whose_effect_is_reward_on_its_own_line()
        {
            var body = P.Body("norm helpful \"be helpful\"\n  when h > 1\n  reward h;\nreward base;");
            var norm = Assert.IsType<NormSyntax>(body.Members[0]);
            Assert.Equal(EffectKind.Reward, norm.Effect);
            Assert.Equal("h", P.Show(norm.Amount!));
            Assert.Equal("base", P.Show(Assert.IsType<RewardSyntax>(body.Members[1]).Value));
        }

        // ---- prefer, welfare, uncertain ---------------------------------------------------------------

        [Fact]
        public void Prefer_over_one_and_over_a_list()
        {
            var one = P.Member<PreferSyntax>("prefer a over b;");
            Assert.Equal("a", one.Preferred.Text);
            Assert.Equal(new[] { "b" }, one.Over.Select(o => o.Text));
            var list = P.Member<PreferSyntax>("prefer a over b, c , d;");
            Assert.Equal(new[] { "b", "c", "d" }, list.Over.Select(o => o.Text));
        }

        [Theory]
        [InlineData("utilitarian", WelfareKind.Utilitarian)]
        [InlineData("nash", WelfareKind.Nash)]
        [InlineData("maximin", WelfareKind.Maximin)]
        public void Welfare_kinds_without_a_parameter(string word, WelfareKind kind)
        {
            var welfare = P.Member<WelfareSyntax>("welfare " + word + " over region;");
            Assert.Equal(kind, welfare.Kind);
            Assert.Null(welfare.Exponent);
            Assert.Equal("region", welfare.Over.Text);
            Assert.Empty(welfare.Weights);
            Assert.Null(welfare.From);
            Assert.Null(welfare.Temperature);
        }

        [Fact]
        public void Welfare_power_takes_an_exponent()
        {
            var welfare = P.Member<WelfareSyntax>("welfare power 0.5 over region;");
            Assert.Equal(WelfareKind.Power, welfare.Kind);
            Assert.Equal(0.5, welfare.Exponent!.Value);
            Assert.Equal(-1, P.Member<WelfareSyntax>("welfare power -1 over g;").Exponent!.Value);
        }

        [Fact]
        public void Welfare_with_every_option()
        {
            var welfare = P.Member<WelfareSyntax>("welfare nash over region weights { EU: 2, US: 1.5, Other: 0 } from -3 temperature 0.5;");
            Assert.Equal(new[] { ("EU", 2.0), ("US", 1.5), ("Other", 0.0) }, welfare.Weights.Select(w => (w.Value.Text, w.Weight.Value)));
            Assert.Equal(-3, welfare.From!.Value);
            Assert.Equal(0.5, welfare.Temperature!.Value);
        }

        [Theory]
        [InlineData("welfare maximin over g weights { A: 1 };", true, false, false)]
        [InlineData("welfare maximin over g from 0;", false, true, false)]
        [InlineData("welfare maximin over g temperature 2;", false, false, true)]
        [InlineData("welfare maximin over g weights {A:1} temperature 2;", true, false, true)]
        [InlineData("welfare maximin over g from 1 temperature 2;", false, true, true)]
        public void Welfare_options_are_independent(string text, bool weights, bool from, bool temperature)
        {
            var welfare = P.Member<WelfareSyntax>(text);
            Assert.Equal(weights, !welfare.Weights.IsEmpty);
            Assert.Equal(from, welfare.From != null);
            Assert.Equal(temperature, welfare.Temperature != null);
        }

        [Fact]
        public void Uncertain_with_a_guard_and_a_reason_and_no_weight()
        {
            var uncertain = P.Member<UncertainSyntax>("uncertain when rm.std > 2 \"reward models disagree\";");
            Assert.Null(uncertain.Weight);
            Assert.Equal(UncertainTrigger.Guard, uncertain.Trigger);
            Assert.Equal("(> rm.std 2)", P.Show(uncertain.Guard!));
            Assert.Equal("reward models disagree", uncertain.Reason);
        }

        [Fact]
        public void Uncertain_with_a_weight_on_conflict_and_gap()
        {
            var conflict = P.Member<UncertainSyntax>("uncertain 0.5 when conflict;");
            Assert.Equal(0.5, conflict.Weight!.Value);
            Assert.Equal(UncertainTrigger.Conflict, conflict.Trigger);
            Assert.Null(conflict.Guard);
            Assert.Null(conflict.Reason);

            var gap = P.Member<UncertainSyntax>("uncertain 2 when gap \"no norm applies\";");
            Assert.Equal(2, gap.Weight!.Value);
            Assert.Equal(UncertainTrigger.Gap, gap.Trigger);
            Assert.Equal("no norm applies", gap.Reason);

            var unweighted = P.Member<UncertainSyntax>("uncertain when conflict;");
            Assert.Null(unweighted.Weight);
        }

        [Fact]
        public void Names_that_start_with_a_reserved_guard_word_are_names()
        {
            var uncertain = P.Member<UncertainSyntax>("uncertain when gap_size > 3 or conflicted;");
            Assert.Equal(UncertainTrigger.Guard, uncertain.Trigger);
            Assert.Equal("(or (> gap_size 3) conflicted)", P.Show(uncertain.Guard!));
            Assert.Equal("(and android notable)", P.Show(P.Guard("android and notable")));
        }

        // ---- doc comments -----------------------------------------------------------------------------

        [Fact]
        public void Doc_comments_attach_to_the_declaration_below_them()
        {
            const string text =
                "/// The contract.\n/// Second line.\ncontract C {\n" +
                "  /// A party.\n  principal Dev;\n" +
                "  /// A signal.\n  ///   indented text is trimmed  \n  signal x : flag;\n" +
                "  /// A param.\n  param p = 1 in [0, 2];\n" +
                "  /// A let.\n  let l = x;\n" +
                "  /// The reward.\n  reward l;\n" +
                "  /// A norm.\n  norm n penalize 1;\n" +
                "  /// A preference.\n  prefer n over m;\n" +
                "  /// Welfare.\n  welfare nash over g;\n" +
                "  /// Uncertainty.\n  uncertain when gap;\n" +
                "}";
            var contract = Assert.Single(P.Ok(text).Contracts);
            Assert.Equal("The contract.\nSecond line.", contract.Doc);
            Assert.Equal(
                new[] { "A party.", "A signal.\nindented text is trimmed", "A param.", "A let.", "The reward.", "A norm.", "A preference.", "Welfare.", "Uncertainty." },
                contract.Members.Select(m => m.Doc));
        }

        [Fact]
        public void A_doc_comment_not_directly_above_a_declaration_is_ignored()
        {
            const string text =
                "contract C {\n" +
                "  /// separated by a blank line\n\n  signal a : flag;\n" +
                "  /// separated by an ordinary comment\n  // ordinary\n  signal b : flag;\n" +
                "  signal c : flag; /// trailing, on the line of c\n  signal d : flag;\n" +
                "  /// above a declaration that does not start its line\n  signal e : flag; signal f : flag;\n" +
                "  /// at the end of the body\n" +
                "}\n/// at the end of the file\n";
            var contract = Assert.Single(P.Ok(text).Contracts);
            Assert.Equal(6, contract.Members.Length);
            Assert.Equal(new string?[] { null, null, null, null, "above a declaration that does not start its line", null }, contract.Members.Select(m => m.Doc));
        }

        [Fact]
        public void Four_slashes_are_not_a_doc_comment()
        {
            var contract = Assert.Single(P.Ok("//// banner\ncontract C {\n  //// not doc\n  signal a : flag;\n  /// doc\n  //// breaks the run\n  signal b : flag;\n}").Contracts);
            Assert.Null(contract.Doc);
            Assert.All(contract.Members, m => Assert.Null(m.Doc));
        }

        [Fact]
        public void A_doc_run_starts_after_a_four_slash_line()
        {
            var member = P.Member<SignalSyntax>("  //// banner\n  /// first\n  /// second\n  signal a : flag;");
            Assert.Equal("first\nsecond", member.Doc);
        }

        [Fact]
        public void Doc_comments_with_crlf_line_endings()
        {
            var contract = Assert.Single(P.Ok("/// one\r\n/// two\r\ncontract C {\r\n  /// s\r\n  signal a : flag;\r\n}\r\n").Contracts);
            Assert.Equal("one\ntwo", contract.Doc);
            Assert.Equal("s", contract.Members[0].Doc);
        }

        [Fact]
        public void A_doc_comment_at_the_very_start_of_the_file()
        {
            Assert.Equal("x", Assert.Single(P.Ok("///x\ncontract C {}").Contracts).Doc);
            Assert.Equal("", Assert.Single(P.Ok("///\ncontract C {}").Contracts).Doc);
        }
    }
}
