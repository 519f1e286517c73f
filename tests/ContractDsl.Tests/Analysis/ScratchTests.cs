using ContractDsl.Analysis;
using ContractDsl.Evaluation;
using Xunit.Abstractions;

namespace ContractDsl.Tests.Analysis
{
    public class ScratchTests
    {
        private readonly ITestOutputHelper _out;
        public ScratchTests(ITestOutputHelper output) => _out = output;

        [Fact]
        public void Scratch()
        {
            float t = -1.78f;
            float r = (float)(0.5 - 1 / 1.78);
            int hits = 0;
            for (int d = -3000; d < 3000; d++)
            {
                float rr = FloatKey.ToFloat(FloatKey.Of(r) + d);
                float l = 1f / (rr - 0.5f);
                if (l == t) { hits++; _out.WriteLine(d + " " + rr); }
            }
            _out.WriteLine("hits " + hits);
            float m = -0.9f; int mh = 0;
            for (int d = -3000; d < 3000; d++)
            {
                float x = FloatKey.ToFloat(FloatKey.Of(m) + d);
                float s = -0.9f + -0.9f + x; float mean = s / 3;
                if (mean == m) { mh++; }
            }
            _out.WriteLine("mean hits " + mh);
        }
    }
}
