using ContractDsl.Analysis;
using ContractDsl.Binding;

namespace ContractDsl.Tests.Analysis
{
    /// <summary>
    /// Reusing analysis results across edits that do not change a contract's meaning (a comment typed above it, blank
    /// lines, reindentation) gives exactly what a fresh analysis gives, at the new locations.
    /// </summary>
    public class AnalysisCacheTests
    {
        private static BoundContract Bind(string text, string path) =>
            Binder.Bind(ContractDsl.Syntax.ContractParser.Parse(path, text), text, new List<Diagnostics.ContractDiagnostic>()).Single().Contract;

        [Theory]
        [InlineData("// a comment typed above the contract\n\n")]
        [InlineData("\n\n\n")]
        public void A_shifted_contract_gets_the_fresh_analysis_at_its_new_locations(string prefix)
        {
            string text = TestFiles.Read("witnesses.contract");
            var first = ContractCompiler.Compile("w.contract", text);
            string shifted = prefix + text.Replace("\n  norm", "\n\n    norm");
            var second = ContractCompiler.Compile("moved/w.contract", shifted);

            var fresh = ContractAnalyzer.Analyze(Bind(shifted, "moved/w.contract"));
            Assert.Equal(fresh.Diagnostics, second.Analyses.Single().Diagnostics);
            Assert.Equal(fresh.Diagnostics.Select(d => d.ToString()), second.Diagnostics.Select(d => d.ToString()));
            Assert.NotEqual(first.Diagnostics.Select(d => d.Span), second.Diagnostics.Select(d => d.Span));
            Assert.All(second.Diagnostics, d => Assert.Equal("moved/w.contract", d.Path));
            Assert.Equal(first.Modules.Single().Kernel, second.Modules.Single().Kernel);
        }

        [Fact]
        public void A_change_of_meaning_is_analysed_afresh()
        {
            string text = TestFiles.Read("witnesses.contract");
            ContractCompiler.Compile("w.contract", text);
            string changed = text.Replace("turns >= 4", "turns >= 5");
            var compiled = ContractCompiler.Compile("w.contract", changed);
            var fresh = ContractAnalyzer.Analyze(Bind(changed, "w.contract"));
            Assert.Equal(fresh.Diagnostics, compiled.Analyses.Single().Diagnostics);
        }
    }
}
