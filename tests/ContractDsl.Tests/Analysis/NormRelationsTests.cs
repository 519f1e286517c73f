using ContractDsl.Lowering;

namespace ContractDsl.Tests.Analysis
{
    /// <summary>
    /// The fast paths of <see cref="NormRelations"/> against the pair-by-pair definitions they replace, on random contracts:
    /// trade-off partners found by grouping penalties by their condition signals, and dominators listed from the
    /// compressed preference closure.
    /// </summary>
    public class NormRelationsTests
    {
        [Theory]
        [InlineData(11)]
        [InlineData(4242)]
        public void Fast_paths_agree_with_the_pairwise_definitions(int seed)
        {
            var random = new RandomContracts(seed);
            int partners = 0, dominators = 0;
            for (int t = 0; t < 300; t++)
            {
                string text = random.Next(out _);
                var contract = AnalysisTestSupport.Bind(text, "random.contract");
                var relations = NormRelations.Of(contract);
                Assert.Same(relations, NormRelations.Of(contract));
                int n = contract.Norms.Length;
                for (int r = 0; r < n; r++)
                {
                    var expected = Enumerable.Range(0, n).Where(p => contract.Norms[r].Sign > 0 && relations.IsTradeOff(r, p)).ToList();
                    Assert.Equal(expected, relations.TradeOffPartners(r));
                    partners += expected.Count;

                    var above = Enumerable.Range(0, n).Where(a => a != r && contract.Order.Dominates(a, r)).ToList();
                    Assert.Equal(above, relations.Dominators(r));
                    dominators += above.Count;
                }
            }
            // The random contracts exercise both: some trade-offs and some preferences.
            Assert.True(partners > 0 && dominators > 0, $"{partners} partners, {dominators} dominators");
        }
    }
}
