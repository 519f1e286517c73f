using ContractDsl.Analysis;
using static ContractDsl.Tests.Analysis.AnalysisTestSupport;

namespace ContractDsl.Tests.Analysis
{
    /// <summary>The analysis inside <see cref="ContractCompiler.Compile"/>: when it runs and what it feeds the IR.</summary>
    public class CompilerPipelineTests
    {
        [Fact]
        public void Compiling_the_same_text_twice_gives_equal_results()
        {
            string text = TestFiles.Read("assistant.contract") + "\n" + Contract(@"signal x : real in [0, 1]; signal g : category { A, B }; reward 0;
  norm a concern k ""r"" in g == A when x > 0.5 penalize 1;
  norm b ""r"" when x >= 0.5 reward 1;");
            var first = ContractCompiler.Compile("two.contract", text);
            var second = ContractCompiler.Compile("two.contract", text);
            Assert.Equal(2, first.Analyses.Length);
            Assert.Equal(first, second);                     // value-equal: the incremental generator caches on it
            Assert.Equal(first.Analyses, second.Analyses);
            Assert.Contains(first.Analyses[1].Findings, f => f.Witness != null);
        }

        [Fact]
        public void Contracts_with_errors_are_not_analysed()
        {
            var file = ContractCompiler.Compile("bad.contract", Contract("signal x : real; reward y;") + Contract("signal z : real in [0, 1]; reward z;"));
            Assert.Contains(file.Diagnostics, d => d.Id == "CDSL1001");
            var analysis = Assert.Single(file.Analyses); // only the second contract
            Assert.Equal(new Interval(0, 1), analysis.TotalRange);

            var syntax = ContractCompiler.Compile("syntax.contract", "contract A { signal x : real in [0, 1] reward x; }");
            Assert.Empty(syntax.Analyses);
        }

        [Fact]
        public void The_ir_gets_the_total_range_and_the_pruned_pairs()
        {
            var file = ContractCompiler.Compile("t.contract", TestFiles.Read("realistic.contract"));
            var ir = Assert.Single(file.Modules);
            var analysis = Assert.Single(file.Analyses);
            Assert.Equal(-34, ir.TotalLow);
            Assert.Equal(analysis.TotalRange.High, ir.TotalHigh);
            // without the analysis every opposite pair would be checked at run time
            var unpruned = Lowering.Lowerer.Lower(ir.Contract);
            int Terms(Lowering.KernelProgram p) => p.ConflictGroups.Sum(g => g.Left.Length + g.Right.Length) + p.GapGroups.Length;
            Assert.True(Terms(unpruned) > Terms(ir.Kernel), $"{Terms(unpruned)} run-time terms unpruned, {Terms(ir.Kernel)} pruned");
        }
    }
}
