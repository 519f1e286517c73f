using ContractDsl.Diagnostics;

namespace ContractDsl.Tests.Binding
{
    // Every binding diagnostic: a positive case (exactly one diagnostic, with the ID, severity Error and the span of
    // the offending token: not the whole declaration) and a negative case (the closest valid variant binds without
    // that diagnostic and without any error). Snippets are appended to B.Preamble; needles are searched in the snippet.

    /// <summary>Rows: case name, the erroneous snippet, the offending token, its occurrence in the snippet, the valid variant.</summary>
    public sealed class SnippetCases : TheoryData<string, string, string, int, string> { }

    public class UnknownNameTests
    {
        public static readonly SnippetCases Cases = new()
        {
            { "signal in an expression", "let t = toxicty * 2;", "toxicty", 0, "let t = toxicity * 2;" },
            { "param in an expression", "let t = toxicity_wieght * toxicity;", "toxicity_wieght", 0, "let t = toxicity_weight * toxicity;" },
            { "let in an expression", "let t = consrvative + 1;", "consrvative", 0, "let t = conservative + 1;" },
            { "name in a norm amount", "norm m when toxicity > 0.5 penalize toxicity * wieght;", "wieght", 0, "norm m when toxicity > 0.5 penalize toxicity * toxicity_weight;" },
            { "name in a comparison", "norm m when toxicty > 0.5 penalize 1;", "toxicty", 0, "norm m when toxicity > 0.5 penalize 1;" },
            { "name in an uncertain guard", "uncertain when rm.std > 2 and tokns > 5;", "tokns", 0, "uncertain when rm.std > 2 and tokens > 5;" },
            { "flag in a guard", "norm m when refsued penalize 1;", "refsued", 0, "norm m when refused penalize 1;" },
            { "flag under not", "norm m when toxicity > 0.5 and not refsued penalize 1;", "refsued", 0, "norm m when toxicity > 0.5 and not refused penalize 1;" },
            { "category signal in a set test", "norm m in regoin in { EU, US } allow;", "regoin", 0, "norm m in region in { EU, US } allow;" },
            { "category signal compared with a value", "norm m in regoin == MENA allow;", "regoin", 0, "norm m in region == MENA allow;" },
            { "function", "let t = sigmod(x);", "sigmod", 0, "let t = sigmoid(x);" },
            { "ensemble member", "let t = rm.meen;", "meen", 0, "let t = rm.mean;" },
            { "ensemble member in a guard", "uncertain when rm.average > 2;", "average", 0, "uncertain when rm.var > 2;" },
            {
                "norm in prefer (preferred)",
                "norm no_toxicity when toxicity > 0.5 penalize 1; norm concise when tokens > 512 penalize 1; prefer no_toxcity over concise;", "no_toxcity", 0,
                "norm no_toxicity when toxicity > 0.5 penalize 1; norm concise when tokens > 512 penalize 1; prefer no_toxicity over concise;"
            },
            {
                "norm in prefer (over)",
                "norm no_toxicity when toxicity > 0.5 penalize 1; norm concise when tokens > 512 penalize 1; prefer no_toxicity over concize;", "concize", 0,
                "norm no_toxicity when toxicity > 0.5 penalize 1; norm concise when tokens > 512 penalize 1; prefer no_toxicity over concise;"
            },
            { "welfare category", "welfare utilitarian over regoin;", "regoin", 0, "welfare utilitarian over region;" },
            { "welfare category with weights", "welfare utilitarian over regoin weights { EU: 2 };", "regoin", 0, "welfare utilitarian over region weights { EU: 2 };" },
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public void Is_reported_on_the_unknown_name(string name, string bad, string needle, int occurrence, string good)
        {
            _ = (name, good);
            var d = B.SnippetError(bad, "CDSL1001", needle, occurrence);
            Assert.Contains("`" + needle + "`", d.Message);
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Is_not_reported_when_the_name_is_spelt_right(string name, string bad, string needle, int occurrence, string good)
        {
            _ = (name, bad, needle, occurrence);
            B.NoSuchInSnippet(good, "CDSL1001");
        }

        [Fact]
        public void The_preamble_binds_cleanly()
        {
            var contract = B.Clean(B.Wrap(""));
            Assert.Equal(7, contract.Signals.Length);
        }

        [Fact]
        public void A_near_miss_gets_a_suggestion()
        {
            var d = B.SnippetError("let t = toxicty * 2;", "CDSL1001", "toxicty");
            Assert.Equal("unknown name `toxicty`; did you mean `toxicity`?", d.Message);
        }

        [Fact]
        public void A_far_miss_gets_no_suggestion()
        {
            var d = B.SnippetError("let t = banana * 2;", "CDSL1001", "banana");
            Assert.Equal("unknown name `banana`", d.Message);
            Assert.DoesNotContain("did you mean", d.Message);
        }

        [Theory]
        [InlineData("norm m when refsued penalize 1;", "refsued", "refused")]
        [InlineData("norm m in regoin in { EU } allow;", "regoin", "region")]
        [InlineData("let t = sigmod(x);", "sigmod", "sigmoid")]
        [InlineData("let t = rm.meen;", "meen", "mean")]
        [InlineData("norm concise when tokens > 512 penalize 1; norm other when refused penalize 1; prefer other over concize;", "concize", "concise")]
        [InlineData("welfare utilitarian over regoin;", "regoin", "region")]
        [InlineData("let t = toxicity_wieght;", "toxicity_wieght", "toxicity_weight")]
        [InlineData("let t = consrvative;", "consrvative", "conservative")]
        public void Suggestions_come_from_the_right_kind_of_name(string snippet, string needle, string suggestion)
        {
            var d = B.SnippetError(snippet, "CDSL1001", needle);
            Assert.EndsWith("did you mean `" + suggestion + "`?", d.Message);
        }

        [Theory]
        [InlineData("let t = sigmaid_of_everything(x);", "sigmaid_of_everything")]
        [InlineData("let t = rm.average;", "average")]
        [InlineData("norm m when walrus penalize 1;", "walrus")]
        [InlineData("welfare utilitarian over continent;", "continent")]
        public void Far_misses_of_every_kind_get_no_suggestion(string snippet, string needle)
        {
            var d = B.SnippetError(snippet, "CDSL1001", needle);
            Assert.DoesNotContain("did you mean", d.Message);
        }

        [Fact]
        public void A_value_is_never_suggested_to_be_a_norm()
        {
            // `no_toxicty` is one letter from the norm `no_toxicity`, but a norm is not a value: suggesting it would
            // lead straight to the next error.
            var d = B.SnippetError("norm no_toxicity when toxicity > 0.5 penalize 1; let t = no_toxicty + 1;", "CDSL1001", "no_toxicty");
            Assert.DoesNotContain("no_toxicity", d.Message);
        }

        [Fact]
        public void A_flag_is_suggested_only_among_flags()
        {
            // `toxicty` is near `toxicity`, a prob: as a bare condition it has to be a flag, so no suggestion.
            var d = B.SnippetError("norm m when toxicty penalize 1;", "CDSL1001", "toxicty");
            Assert.Equal("unknown flag `toxicty`", d.Message);
        }

        [Fact]
        public void The_span_is_line_and_column_of_the_token()
        {
            // Absolute position, not computed by a helper: line 12 of the wrapped text, column 9.
            var d = B.SnippetError("let t = toxicty * 2;", "CDSL1001", "toxicty");
            Assert.Equal((12, 9, 7), (d.Span.Line, d.Span.Column, d.Span.Length));
        }
    }

    public class DuplicateDeclarationTests
    {
        public static readonly SnippetCases Cases = new()
        {
            { "signal twice", "signal x : prob;", "x", 0, "signal x2 : prob;" },
            { "param named like a signal", "param toxicity = 1 in [0, 2];", "toxicity", 0, "param toxicity2 = 1 in [0, 2];" },
            { "let named like a param", "let toxicity_weight = 3;", "toxicity_weight", 0, "let weight3 = 3;" },
            { "norm named like a let", "norm conservative when refused penalize 1;", "conservative", 0, "norm careful when refused penalize 1;" },
            { "signal named like a norm", "norm loud when refused penalize 1; signal loud : flag;", "loud", 1, "norm loud when refused penalize 1; signal loudness : flag;" },
            { "norm twice", "norm dup when refused penalize 1; norm dup when x > 1 penalize 1;", "dup", 1, "norm dup when refused penalize 1; norm dup2 when x > 1 penalize 1;" },
            { "category value twice", "signal zone : category { A, B, A };", "A", 1, "signal zone : category { A, B, C };" },
            { "second principal", "principal Dev; principal Ops;", "Ops", 0, "principal Dev; agent Ops;" },
            { "second agent", "agent Bot; agent Other;", "Other", 0, "principal Other; agent Bot;" },
            { "second welfare rule", "welfare utilitarian over region; welfare maximin over region;", "welfare", 1, "welfare utilitarian over region;" },
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public void Is_reported_on_the_second_declaration(string name, string bad, string needle, int occurrence, string good)
        {
            _ = (name, good);
            B.SnippetError(bad, "CDSL1002", needle, occurrence);
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Is_not_reported_for_distinct_declarations(string name, string bad, string needle, int occurrence, string good)
        {
            _ = (name, bad, needle, occurrence);
            B.NoSuchInSnippet(good, "CDSL1002");
        }

        [Fact]
        public void The_message_names_the_first_declaration()
        {
            var d = B.SnippetError("param toxicity = 1 in [0, 2];", "CDSL1002", "toxicity");
            Assert.Equal("`toxicity` is already declared as a signal at line 4", d.Message);
        }

        [Fact]
        public void A_category_value_may_reuse_a_declared_name()
        {
            // Category values live in their category, not in the contract's namespace.
            B.NoSuchInSnippet("signal zone : category { x, toxicity, conservative };", "CDSL1002");
        }
    }

    public class TypeMismatchTests
    {
        public static readonly SnippetCases Cases = new()
        {
            { "arithmetic on a category", "let t = region + 1;", "region", 0, "let t = x + 1;" },
            { "a flag used as a number", "let t = 2 * refused;", "refused", 0, "norm m when refused penalize 2;" },
            { "an ensemble without member", "let t = rm + 1;", "rm", 0, "let t = rm.mean + 1;" },
            { "an ensemble without member in a guard", "norm m when rm > 1 penalize 1;", "rm", 1, "norm m when rm.max > 1 penalize 1;" },
            { "a member on a scalar signal", "let t = x.mean;", "mean", 0, "let t = x;" },
            { "a member on a param", "let t = toxicity_weight.max;", "max", 0, "let t = toxicity_weight;" },
            { "a member on a let", "let t = conservative.std;", "std", 0, "let t = conservative;" },
            { "a category compared with a number", "norm m in region == 1 allow;", "1", 0, "norm m in region == EU allow;" },
            { "a number compared with a category", "norm m in 2 != region allow;", "2", 0, "norm m in EU != region allow;" },
            { "an ordered comparison on a category", "norm m in region < EU allow;", "<", 0, "norm m in region != EU allow;" },
            { "an ordered comparison on a category (>=)", "norm m in region >= EU allow;", ">=", 0, "norm m in region == EU allow;" },
            { "two scalars compared", "norm m when x > y penalize 1;", "x > y", 0, "let d = x - y; norm m when d > 0 penalize 1;" },
            { "two constants compared", "norm m when 1 < 2 penalize 1;", "1 < 2", 0, "norm m when 1 < x penalize 1;" },
            { "a param in a guard", "norm m when toxicity_weight > 1 penalize 1;", "toxicity_weight", 0, "norm m when toxicity > 0.5 penalize toxicity_weight;" },
            { "a param in an uncertain guard", "uncertain when 1 < toxicity_weight;", "toxicity_weight", 0, "uncertain when 1 < conservative;" },
            { "a numeric signal as a bare condition", "norm m when toxicity penalize 1;", "toxicity", 0, "norm m when toxicity > 0 penalize 1;" },
            { "a category as a bare condition", "norm m in region allow;", "region", 0, "norm m in region in { EU } allow;" },
            { "a flag compared with a number", "norm m when refused == 1 penalize 1;", "refused == 1", 0, "norm m when refused penalize 1;" },
            { "prefer naming a signal", "norm a when refused penalize 1; prefer a over toxicity;", "toxicity", 0, "norm a when refused penalize 1; norm b when x > 0 penalize 1; prefer a over b;" },
            { "prefer naming a let", "norm a when refused penalize 1; prefer conservative over a;", "conservative", 0, "norm a when refused penalize 1; norm b when x > 0 penalize 1; prefer b over a;" },
            { "a norm used as a value", "norm nrm when refused penalize 1; let t = nrm + 1;", "nrm", 1, "norm nrm when refused penalize 1; let t = x + 1;" },
            { "min with one argument", "let t = min(x);", "min(x)", 0, "let t = min(x, y);" },
            { "clamp with two arguments", "let t = clamp(x, 0);", "clamp(x, 0)", 0, "let t = clamp(x, 0, 1);" },
            { "abs with two arguments", "let t = abs(x, y);", "abs(x, y)", 0, "let t = abs(x - y);" },
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public void Is_reported_on_the_offending_token(string name, string bad, string needle, int occurrence, string good)
        {
            _ = (name, good);
            B.SnippetError(bad, "CDSL1003", needle, occurrence);
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Is_not_reported_for_the_valid_variant(string name, string bad, string needle, int occurrence, string good)
        {
            _ = (name, bad, needle, occurrence);
            B.NoSuchInSnippet(good, "CDSL1003");
        }

        [Fact]
        public void The_arity_message_says_how_many()
        {
            var d = B.SnippetError("let t = clamp(x, 0);", "CDSL1003", "clamp(x, 0)");
            Assert.Equal("`clamp` takes 3 arguments, not 2", d.Message);
        }
    }

    public class UnknownCategoryValueTests
    {
        public static readonly SnippetCases Cases = new()
        {
            { "==", "norm m in region == Asia allow;", "Asia", 0, "norm m in region == MENA allow;" },
            { "!=", "norm m in region != Asia allow;", "Asia", 0, "norm m in region != MENA allow;" },
            { "in { }", "norm m in region in { EU, Asia } allow;", "Asia", 0, "norm m in region in { EU, MENA } allow;" },
            { "value first", "norm m in Asia == region allow;", "Asia", 0, "norm m in Other == region allow;" },
            { "in a guard", "norm m when region == Asia and refused penalize 1;", "Asia", 0, "norm m when region == US and refused penalize 1;" },
            { "in an uncertain guard", "uncertain when region != Asia;", "Asia", 0, "uncertain when region != US;" },
            { "case matters", "norm m in region == eu allow;", "eu", 0, "norm m in region == EU allow;" },
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public void Is_reported_on_the_value(string name, string bad, string needle, int occurrence, string good)
        {
            _ = (name, good);
            var d = B.SnippetError(bad, "CDSL1004", needle, occurrence);
            Assert.Contains("EU, US, MENA, Other", d.Message);
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Is_not_reported_for_a_declared_value(string name, string bad, string needle, int occurrence, string good)
        {
            _ = (name, bad, needle, occurrence);
            B.NoSuchInSnippet(good, "CDSL1004");
        }

        [Fact]
        public void A_near_miss_gets_a_suggestion()
        {
            var d = B.SnippetError("norm m in region == MEN allow;", "CDSL1004", "MEN");
            Assert.EndsWith("did you mean `MENA`?", d.Message);
        }

        [Fact]
        public void Each_unknown_value_of_a_set_is_reported()
        {
            var (_, diagnostics) = B.Bind(B.Wrap("norm m in region in { Asia, EU, Africa } allow;"));
            Assert.Equal(new[] { "CDSL1004", "CDSL1004" }, diagnostics.Select(d => d.Id));
        }
    }

    public class RewardCountTests
    {
        private const string NoReward = "contract NoReward {\n  signal x : prob;\n  norm m when x > 0.5 reward 1;\n}\n";
        private const string OneReward = "contract NoReward {\n  signal x : prob;\n  reward x;\n  norm m when x > 0.5 reward 1;\n}\n";
        private const string TwoRewards = "contract Two {\n  signal x : prob;\n  reward x;\n  reward 2 * x;\n}\n";

        [Fact]
        public void No_reward_is_reported_on_the_contract_name()
        {
            var d = B.SingleError(NoReward, "CDSL1006", "NoReward");
            Assert.Equal((1, 10, 8), (d.Span.Line, d.Span.Column, d.Span.Length));
        }

        [Fact]
        public void A_second_reward_is_reported_on_its_keyword()
        {
            var d = B.SingleError(TwoRewards, "CDSL1006", "reward", 1);
            Assert.Equal((4, 3, 6), (d.Span.Line, d.Span.Column, d.Span.Length));
            Assert.Contains("line 3", d.Message);
        }

        [Fact]
        public void Every_extra_reward_is_reported()
        {
            var (_, diagnostics) = B.Bind("contract Three {\n  signal x : prob;\n  reward x;\n  reward 1;\n  reward 2;\n}\n");
            Assert.Equal(new[] { (4, 3), (5, 3) }, diagnostics.Where(d => d.Id == "CDSL1006").Select(d => (d.Span.Line, d.Span.Column)));
        }

        [Fact]
        public void Exactly_one_reward_is_fine_and_norm_rewards_do_not_count()
        {
            B.NoSuch(OneReward, "CDSL1006");
        }
    }

    public class ParamBoundsTests
    {
        public static readonly SnippetCases Cases = new()
        {
            { "no bounds", "param k = 1;", "k", 0, "param k = 1 in [0, 5];" },
            { "default above the bounds", "param k = 7 in [0, 5];", "7", 0, "param k = 5 in [0, 5];" },
            { "default below the bounds", "param k = -1 in [0, 5];", "-1", 0, "param k = 0 in [0, 5];" },
            { "lo > hi", "param k = 1 in [5, 0];", "[5, 0]", 0, "param k = 1 in [0, 5];" },
            { "lo > hi, negative", "param k = -1 in [-0.5, -2];", "[-0.5, -2]", 0, "param k = -1 in [-2, -0.5];" },
            { "a single allowed value", "param k = 2 in [1, 1];", "2", 0, "param k = 1 in [1, 1];" },
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public void Is_reported_on_the_offending_part(string name, string bad, string needle, int occurrence, string good)
        {
            _ = (name, good);
            B.SnippetError(bad, "CDSL1007", needle, occurrence);
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Is_not_reported_for_valid_bounds(string name, string bad, string needle, int occurrence, string good)
        {
            _ = (name, bad, needle, occurrence);
            B.NoSuchInSnippet(good, "CDSL1007");
        }
    }

    public class InvalidValueTests
    {
        public static readonly SnippetCases Cases = new()
        {
            { "ensemble of 0", "signal e : real[0] in [0, 1];", "0", 0, "signal e : real[1] in [0, 1];" },
            { "ensemble of 2.5", "signal e : real[2.5];", "2.5", 0, "signal e : real[2];" },
            { "count domain starting below 0", "signal c : count in [-1, 5];", "-1", 0, "signal c : count in [0, 5];" },
            { "real domain lo > hi", "signal s : real in [5, 1];", "[5, 1]", 0, "signal s : real in [1, 5];" },
            { "count domain lo > hi", "signal c : count in [5, 1];", "[5, 1]", 0, "signal c : count in [1, 5];" },
            { "ensemble domain lo > hi", "signal e : real[3] in [5, -5];", "[5, -5]", 0, "signal e : real[3] in [-5, 5];" },
            { "count domain without a whole number", "signal c : count in [0.2, 0.8];", "[0.2, 0.8]", 0, "signal c : count in [0.2, 1.8];" },
            { "negative cap", "norm m when x > 0 penalize x cap -1;", "-1", 0, "norm m when x > 0 penalize x cap 1;" },
            { "uncertain weight above 1", "uncertain 1.5 when x > 5;", "1.5", 0, "uncertain 1 when x > 5;" },
            { "uncertain weight below 0", "uncertain -0.5 when conflict;", "-0.5", 0, "uncertain 0 when conflict;" },
            { "temperature 0", "welfare maximin over region temperature 0;", "0", 0, "welfare maximin over region temperature 0.5;" },
            { "negative temperature", "welfare maximin over region temperature -1;", "-1", 0, "welfare maximin over region temperature 1;" },
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public void Is_reported_on_the_value(string name, string bad, string needle, int occurrence, string good)
        {
            _ = (name, good);
            B.SnippetError(bad, "CDSL1009", needle, occurrence);
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Is_not_reported_for_an_allowed_value(string name, string bad, string needle, int occurrence, string good)
        {
            _ = (name, bad, needle, occurrence);
            B.NoSuchInSnippet(good, "CDSL1009");
        }

        [Fact]
        public void A_count_domain_without_whole_numbers_still_binds_to_a_non_empty_domain()
        {
            var (result, _) = B.Bind(B.Wrap("signal c : count in [0.2, 0.8];"));
            var c = B.Signal(result.Contract, "c");
            Assert.True(c.Low <= c.High, $"[{c.Low}, {c.High}]");
        }
    }

    public class LetCycleTests
    {
        public static readonly SnippetCases Cases = new()
        {
            { "a -> b -> a", "let a = b + 1; let b = a * 2;", "a", 0, "let a = b + 1; let b = x * 2;" },
            { "self", "let a = a + 1;", "a", 0, "let a = x + 1;" },
            { "a -> c -> b -> a", "let a = c + 1; let b = a * 2; let c = b - 1;", "a", 0, "let a = c + 1; let b = x * 2; let c = b - 1;" },
            { "through a call", "let a = max(b, 0); let b = abs(a);", "a", 0, "let a = max(b, 0); let b = abs(x);" },
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public void Is_reported_once_on_the_let_that_closes_the_cycle(string name, string bad, string needle, int occurrence, string good)
        {
            _ = (name, good);
            B.SnippetError(bad, "CDSL1010", needle, occurrence);
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Is_not_reported_without_a_cycle(string name, string bad, string needle, int occurrence, string good)
        {
            _ = (name, bad, needle, occurrence);
            B.NoSuchInSnippet(good, "CDSL1010");
        }

        [Theory]
        [InlineData("let a = b + 1; let b = a * 2;", "a → b → a")]
        [InlineData("let a = a + 1;", "a → a")]
        [InlineData("let a = c + 1; let b = a * 2; let c = b - 1;", "a → c → b → a")]
        public void The_message_shows_the_path(string snippet, string path)
        {
            var d = B.SnippetError(snippet, "CDSL1010", "a");
            Assert.EndsWith(path, d.Message);
        }

        [Fact]
        public void A_let_hanging_off_a_cycle_is_not_reported()
        {
            var (_, diagnostics) = B.Bind(B.Wrap("let a = b + 1; let b = a * 2; let c = a + b;"));
            Assert.Equal("CDSL1010", Assert.Single(diagnostics).Id);
        }
    }

    public class PreferenceCycleTests
    {
        private const string Norms =
            "norm alpha when refused penalize 1; norm beta when x > 0 penalize 1; norm gamma when y > 1 penalize 1;\n";

        // The offending token is the norm after `over` in the last `prefer` that is part of the cycle.
        public static readonly SnippetCases Cases = new()
        {
            { "a > b > a", Norms + "prefer alpha over beta; prefer beta over alpha;", "alpha", 2, Norms + "prefer alpha over beta;" },
            { "a > b > c > a", Norms + "prefer alpha over beta; prefer beta over gamma; prefer gamma over alpha;", "alpha", 2, Norms + "prefer alpha over beta; prefer beta over gamma; prefer alpha over gamma;" },
            { "self", Norms + "prefer alpha over alpha;", "alpha", 2, Norms + "prefer alpha over beta;" },
            { "a list after over", Norms + "prefer alpha over beta, gamma; prefer gamma over alpha;", "alpha", 2, Norms + "prefer alpha over beta, gamma; prefer beta over gamma;" },
            { "cycle written out of order", Norms + "prefer gamma over alpha; prefer alpha over beta; prefer beta over gamma;", "gamma", 2, Norms + "prefer gamma over alpha; prefer alpha over beta;" },
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public void Is_reported_once_per_cycle(string name, string bad, string needle, int occurrence, string good)
        {
            _ = (name, good);
            B.SnippetError(bad, "CDSL3004", needle, occurrence);
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Is_not_reported_for_a_partial_order(string name, string bad, string needle, int occurrence, string good)
        {
            _ = (name, bad, needle, occurrence);
            B.NoSuchInSnippet(good, "CDSL3004");
        }

        [Fact]
        public void The_message_names_every_norm_of_the_cycle_and_only_those()
        {
            var d = B.SnippetError(Norms + "norm delta when refused penalize 2;\nprefer delta over alpha; prefer alpha over beta; prefer beta over gamma; prefer gamma over alpha;", "CDSL3004", "alpha", 3);
            Assert.Contains("`alpha`, `beta`, `gamma`", d.Message);
            Assert.DoesNotContain("delta", d.Message);
        }

        [Fact]
        public void Two_separate_cycles_are_two_errors()
        {
            var (_, diagnostics) = B.Bind(B.Wrap(Norms + "prefer alpha over beta; prefer beta over alpha; prefer gamma over gamma;"));
            Assert.Equal(new[] { "CDSL3004", "CDSL3004" }, diagnostics.Select(d => d.Id));
        }
    }

    public class InvalidWelfareTests
    {
        public static readonly SnippetCases Cases = new()
        {
            { "over a flag", "welfare utilitarian over refused;", "refused", 0, "welfare utilitarian over region;" },
            { "over a number", "welfare utilitarian over toxicity;", "toxicity", 0, "welfare utilitarian over region;" },
            { "over a param", "welfare utilitarian over toxicity_weight;", "toxicity_weight", 0, "welfare utilitarian over region;" },
            { "weights naming an unknown value", "welfare utilitarian over region weights { EU: 2, Asia: 1 };", "Asia", 0, "welfare utilitarian over region weights { EU: 2, MENA: 1 };" },
            { "a negative weight", "welfare utilitarian over region weights { EU: -2 };", "-2", 0, "welfare utilitarian over region weights { EU: 0 };" },
            { "power 0", "welfare power 0 over region from -100;", "0", 0, "welfare power 0.5 over region from -100;" },
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public void Is_reported_on_the_offending_token(string name, string bad, string needle, int occurrence, string good)
        {
            _ = (name, good);
            B.SnippetError(bad, "CDSL4002", needle, occurrence);
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Is_not_reported_for_a_valid_rule(string name, string bad, string needle, int occurrence, string good)
        {
            _ = (name, bad, needle, occurrence);
            B.NoSuchInSnippet(good, "CDSL4002");
        }

        [Fact]
        public void A_near_miss_weight_gets_a_suggestion()
        {
            var d = B.SnippetError("welfare utilitarian over region weights { Othr: 2 };", "CDSL4002", "Othr");
            Assert.EndsWith("did you mean `Other`?", d.Message);
        }
    }

    public class SeverityTests
    {
        [Fact]
        public void Every_binding_diagnostic_is_an_error_by_default()
        {
            foreach (var id in new[] { "CDSL1001", "CDSL1002", "CDSL1003", "CDSL1004", "CDSL1006", "CDSL1007", "CDSL1009", "CDSL1010", "CDSL3004", "CDSL4002" })
                Assert.Equal(Severity.Error, Assert.Single(DiagnosticCatalog.All, d => d.Id == id).DefaultSeverity);
        }
    }
}
