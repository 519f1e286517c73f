using ContractDsl.Diagnostics;

namespace ContractDsl.Tests.Binding
{
    /// <summary>One mistake, one diagnostic; a contract with errors generates nothing, its neighbours still do.</summary>
    public class CascadeAndModuleTests
    {
        [Theory]
        // An unknown let used again by the reward, a norm and an uncertainty rule: only its own use is reported.
        [InlineData("let t = toxicty * 2; norm m when t > 1 penalize t; uncertain when t > 3;", "toxicty")]
        // A misspelt category signal compared with a value: the value is not a second unknown name.
        [InlineData("norm m in regoin == MENA allow;", "regoin")]
        [InlineData("norm m in regoin != MENA when refused penalize 1;", "regoin")]
        // A misspelt category signal with a set of values: the values are not checked against nothing.
        [InlineData("norm m in regoin in { EU, Nowhere } allow;", "regoin")]
        // An unknown function with good arguments, and a good function with one unknown argument.
        [InlineData("let t = sigmod(x + conservative);", "sigmod")]
        [InlineData("let t = clamp(toxicty, 0, 1);", "toxicty")]
        // An unknown welfare category with weights: the weights are not checked against nothing.
        [InlineData("welfare nash over regoin weights { EU: 2, Nowhere: -1 } from 0;", "regoin")]
        // An unknown norm in a list after `over`: the other preferences still bind.
        [InlineData("norm a when refused penalize 1; norm b when x > 0 penalize 1; prefer a over b, cc;", "cc")]
        // An unknown name compared with a scalar.
        [InlineData("norm m when tokns > 3 penalize 1;", "tokns")]
        [InlineData("norm m when 3 < tokns penalize 1;", "tokns")]
        // An unknown flag under `not` inside `or`.
        [InlineData("norm m when x > 1 or not refsued penalize 1;", "refsued")]
        public void One_unknown_name_one_diagnostic(string snippet, string needle)
        {
            B.SnippetError(snippet, "CDSL1001", needle);
        }

        [Fact]
        public void A_let_with_an_error_does_not_make_its_users_errors()
        {
            var (_, diagnostics) = B.Bind(B.Wrap("let t = region * 2; let u = t + 1; norm m when u > 1 penalize u;"));
            Assert.Equal("CDSL1003", Assert.Single(diagnostics).Id);
        }

        [Fact]
        public void A_duplicate_signal_does_not_make_its_uses_errors()
        {
            var (_, diagnostics) = B.Bind(B.Wrap("signal x : real in [0, 1]; norm m when x > 0.5 penalize x;"));
            Assert.Equal("CDSL1002", Assert.Single(diagnostics).Id);
        }

        [Fact]
        public void A_let_cycle_is_one_diagnostic_even_when_the_lets_are_used()
        {
            var (_, diagnostics) = B.Bind(B.Wrap("let a = b + 1; let b = a * 2; norm m when a > 1 penalize b;"));
            Assert.Equal("CDSL1010", Assert.Single(diagnostics).Id);
        }

        [Fact]
        public void Independent_mistakes_are_all_reported()
        {
            var (result, diagnostics) = B.Bind(B.Wrap("let t = toxicty; param k = 1; norm m in region == Asia allow; uncertain 2 when conflict;"));
            Assert.Equal(new[] { "CDSL1001", "CDSL1004", "CDSL1007", "CDSL1009" }, diagnostics.Select(d => d.Id).OrderBy(id => id, StringComparer.Ordinal).ToArray());
            Assert.True(result.HasErrors);
        }

        // ---- modules --------------------------------------------------------------------------------

        private const string Good =
            "contract Good {\n" +
            "  signal x : prob;\n" +
            "  reward x;\n" +
            "  norm m \"why\" when x > 0.5 penalize 1;\n" +
            "}\n";

        private const string Bad =
            "contract Bad {\n" +
            "  signal x : prob;\n" +
            "  reward xx;\n" +
            "}\n";

        [Fact]
        public void A_contract_with_errors_yields_no_module_its_neighbour_does()
        {
            var text = Good + Bad;
            var compiled = ContractCompiler.Compile("two.contract", text);
            var module = Assert.Single(compiled.Modules);
            Assert.Equal("Good", module.Name);
            Assert.True(compiled.HasErrors);

            var error = Assert.Single(compiled.Diagnostics, d => d.IsError);
            Assert.Equal("CDSL1001", error.Id);
            Assert.Equal("two.contract", error.Path);
            Assert.Equal(B.SpanOf(text, "xx"), error.Span);
            Assert.Equal("two.contract(8,10): error CDSL1001: unknown name `xx`; did you mean `x`?", error.ToString());
        }

        [Fact]
        public void The_order_of_the_contracts_does_not_matter()
        {
            var compiled = ContractCompiler.Compile("two.contract", Bad + Good);
            Assert.Equal("Good", Assert.Single(compiled.Modules).Name);
            Assert.Single(compiled.Diagnostics, d => d.IsError);
        }

        [Fact]
        public void Each_contract_binds_in_its_own_scope()
        {
            // Both contracts declare `x`: no duplicate; each one's errors stay its own.
            var compiled = ContractCompiler.Compile("two.contract", Good + Good.Replace("Good", "Other"));
            Assert.DoesNotContain(compiled.Diagnostics, d => d.IsError);
            Assert.Equal(new[] { "Good", "Other" }, compiled.Modules.Select(m => m.Name).ToArray());
        }

        [Fact]
        public void Only_errors_hold_a_module_back()
        {
            // The binder itself never reports below Error; whatever the analysis adds (warnings, infos) does not
            // stop generation.
            var compiled = ContractCompiler.Compile("one.contract", Good);
            Assert.DoesNotContain(compiled.Diagnostics, d => d.IsError);
            Assert.DoesNotContain(compiled.Diagnostics, d => d.Id.StartsWith("CDSL1", StringComparison.Ordinal) && d.Severity == Severity.Error);
            Assert.Single(compiled.Modules);
        }

        [Fact]
        public void A_syntax_error_anywhere_holds_back_every_module()
        {
            var compiled = ContractCompiler.Compile("two.contract", Good + "contract Broken {\n  signal : prob;\n  reward 0;\n}\n");
            Assert.Contains(compiled.Diagnostics, d => d.Id == "CDSL0001");
            Assert.Empty(compiled.Modules);
        }

        [Fact]
        public void The_assistant_compiles_to_one_module_without_binding_errors()
        {
            var compiled = ContractCompiler.Compile("assistant.contract", TestFiles.Read("assistant.contract"));
            Assert.DoesNotContain(compiled.Diagnostics, d => d.IsError);
            Assert.Equal("Assistant", Assert.Single(compiled.Modules).Name);
        }
    }
}
