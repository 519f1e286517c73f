using ContractDsl.Analysis;
using Xunit.Abstractions;

namespace ContractDsl.Tests.Analysis
{
    public class ScratchTests
    {
        private readonly ITestOutputHelper _out;
        public ScratchTests(ITestOutputHelper output) => _out = output;

        [Fact]
        public void GaveUps()
        {
            var random = new RandomContracts(20240611);
            for (int t = 0; t < 400; t++)
            {
                string text = random.Next(out _);
                var file = ContractCompiler.Compile("random.contract", text);
                var a = file.Analyses[0];
                foreach (var f in a.Findings.Where(f => f.Kind == FindingKind.GaveUp))
                {
                    _out.WriteLine(text);
                    _out.WriteLine(f.Message);
                    _out.WriteLine("=====");
                }
            }
        }
    }
}
