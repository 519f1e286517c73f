using System.Text.RegularExpressions;
using ContractDsl.Analysis;

namespace ContractDsl.Tests.Analysis
{
    /// <summary>
    /// The analysis reuses the structural properties (regions, conflicts, trade-offs, gaps, shadowing) of a recently
    /// analysed version of a contract that differs only in amounts, the base reward and locations. The result must be
    /// exactly a fresh analysis's: checked on random contracts edited the way a user edits amounts.
    /// </summary>
    public class StructureReuseTests
    {
        /// <summary>A new version: text shifted, the base reward and every amount changed; conditions and preferences kept.</summary>
        private static string EditAmounts(string text, int k)
        {
            var lines = text.Split('\n').Select(line =>
            {
                var m = Regex.Match(line, @"^  reward (.*);$");
                if (m.Success) return $"  reward ({m.Groups[1].Value}) * {k + 2} + 1;";
                if (!line.StartsWith("  norm ", StringComparison.Ordinal)) return line;
                return line.Replace(" reward ", $" reward {k + 2} * ").Replace(" penalize ", $" penalize 0.{k + 1} + ");
            });
            return "// version " + k + "\n\n" + string.Join("\n", lines);
        }

        [Theory]
        [InlineData(5)]
        [InlineData(99)]
        public void Reusing_a_previous_version_gives_a_fresh_analysis(int seed)
        {
            var random = new RandomContracts(seed);
            var structures = new ContractAnalyzer.StructureCache();
            int edits = 0;
            for (int t = 0; t < 120; t++)
            {
                string text = random.Next(out _);
                var first = AnalysisTestSupport.Bind(text, "v.contract");
                Assert.Equal(ContractAnalyzer.Analyze(first), ContractAnalyzer.Analyze(first, structures));
                for (int k = 0; k < 2; k++)
                {
                    string edited = EditAmounts(text, k);
                    var contract = AnalysisTestSupport.Bind(edited, "v.contract");
                    var viaCache = ContractAnalyzer.Analyze(contract, structures);
                    var fresh = ContractAnalyzer.Analyze(contract);
                    Assert.True(fresh.Equals(viaCache), $"reuse differs from a fresh analysis\n{edited}\nfresh:\n{string.Join("\n", fresh.Diagnostics)}\nreused:\n{string.Join("\n", viaCache.Diagnostics)}");
                    edits++;
                }
            }
            // Every edit found its previous version (the first, or the edit before it) in the cache, unless the budget ran out.
            Assert.True(structures.Reuses >= edits * 9 / 10, $"{structures.Reuses} reuses in {edits} edits");
        }

        [Fact]
        public void A_changed_condition_is_analysed_afresh()
        {
            string before = "contract C {\n  signal x : real in [0, 1];\n  reward x;\n  norm a \"r\" when x > 0.5 reward 1;\n  norm b \"r\" when x < 0.2 penalize 1;\n}\n";
            string after = before.Replace("x < 0.2", "x < 0.7");
            var structures = new ContractAnalyzer.StructureCache();
            var first = ContractAnalyzer.Analyze(AnalysisTestSupport.Bind(before, "c.contract"), structures);
            Assert.DoesNotContain(first.Diagnostics, d => d.Id == "CDSL3001");
            var second = ContractAnalyzer.Analyze(AnalysisTestSupport.Bind(after, "c.contract"), structures);
            Assert.Contains(second.Diagnostics, d => d.Id == "CDSL3001");
            Assert.Equal(0, structures.Reuses);
        }
    }
}
