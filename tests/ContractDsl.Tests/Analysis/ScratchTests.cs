using ContractDsl.Analysis;
using Xunit.Abstractions;

namespace ContractDsl.Tests.Analysis
{
    public class ScratchTests
    {
        private readonly ITestOutputHelper _out;
        public ScratchTests(ITestOutputHelper output) => _out = output;

        [Fact]
        public void Brief()
        {
            var (c, a, f) = AnalysisTestSupport.Compile(TestFiles.Read("assistant.contract"), "assistant.contract");
            foreach (var d in f.Diagnostics) _out.WriteLine(d.ToString());
            _out.WriteLine("base " + a.BaseRange + " total " + a.TotalRange);
            foreach (var n in a.Norms) _out.WriteLine(n.ToString());
        }
    }
}
