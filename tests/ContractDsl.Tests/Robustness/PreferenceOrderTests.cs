using ContractDsl.Binding;
using ContractDsl.Syntax;

namespace ContractDsl.Tests.Robustness
{
    /// <summary>
    /// The preference closure: exact against a brute-force closure, value-equal on its edges, and sized by the
    /// preferences written (issue 10: an n × n matrix overflowed <c>n * n</c> on a 1 MB file of tiny norms).
    /// </summary>
    public class PreferenceOrderTests
    {
        /// <summary>Floyd–Warshall over an n × n matrix: the definition the sparse closure must match.</summary>
        private static bool[,] BruteForce(int n, IEnumerable<(int, int)> edges)
        {
            var m = new bool[n, n];
            foreach (var (a, b) in edges) m[a, b] = true;
            for (int k = 0; k < n; k++)
                for (int i = 0; i < n; i++)
                    if (m[i, k])
                        for (int j = 0; j < n; j++)
                            if (m[k, j]) m[i, j] = true;
            return m;
        }

        [Fact]
        public void Closure_matches_brute_force_on_random_graphs_with_cycles()
        {
            var random = new Random(20240611);
            for (int round = 0; round < 300; round++)
            {
                int n = 1 + random.Next(40);
                int edgeCount = random.Next(3 * n);
                var edges = Enumerable.Range(0, edgeCount).Select(_ => (random.Next(n), random.Next(n))).ToList();
                var order = PreferenceOrder.Close(n, edges);
                var expected = BruteForce(n, edges);
                for (int a = 0; a < n; a++)
                {
                    for (int b = 0; b < n; b++)
                    {
                        Assert.Equal(expected[a, b], order.Dominates(a, b));
                        Assert.Equal(expected[a, b] || expected[b, a], order.Related(a, b));
                    }
                    Assert.Equal(Enumerable.Range(0, n).Where(x => x != a && expected[x, a]), order.Dominators(a));
                    Assert.Equal(Enumerable.Range(0, n).Where(x => x != a && expected[a, x]), order.Dominated(a));
                }
                var cycles = order.Cycles.Select(c => c.ToList()).ToList();
                var onCycle = Enumerable.Range(0, n).Where(i => expected[i, i]).ToList();
                Assert.Equal(onCycle, cycles.SelectMany(c => c).OrderBy(i => i));
                foreach (var cycle in cycles)
                    Assert.All(cycle, i => Assert.All(cycle, j => Assert.True(expected[i, j])));
            }
        }

        [Fact]
        public void Wide_rows_are_exact_across_word_boundaries()
        {
            // One norm over 300 others: its row is a bit window spanning several 64-bit words.
            var edges = Enumerable.Range(1, 300).Select(i => (0, i)).ToList();
            var order = PreferenceOrder.Close(301, edges);
            Assert.Equal(Enumerable.Range(1, 300), order.Dominated(0));
            Assert.All(Enumerable.Range(1, 300), i => Assert.True(order.Dominates(0, i)));
            Assert.All(Enumerable.Range(1, 300), i => Assert.Equal(new[] { 0 }, order.Dominators(i)));
            Assert.False(order.Dominates(1, 2));
        }

        [Fact]
        public void Orders_are_equal_when_their_edges_are_whatever_the_order_and_repetition_they_were_given_in()
        {
            var a = PreferenceOrder.Close(5, new[] { (0, 1), (1, 2), (0, 1) });
            var b = PreferenceOrder.Close(5, new[] { (1, 2), (0, 1) });
            var c = PreferenceOrder.Close(5, new[] { (1, 2), (0, 2) });
            var d = PreferenceOrder.Close(6, new[] { (1, 2), (0, 1) });
            Assert.Equal(a, b);
            Assert.Equal(a.GetHashCode(), b.GetHashCode());
            Assert.NotEqual(a, c);
            Assert.NotEqual(a, d);
            Assert.Equal(new[] { (0, 1), (1, 2) }, a.Edges);
        }

        [Fact]
        public void Sixty_thousand_norms_without_preferences_cost_nothing_and_do_not_overflow()
        {
            var order = PreferenceOrder.Close(60_000, Array.Empty<(int, int)>());
            Assert.Equal(60_000, order.NormCount);
            Assert.True(order.IsComplete);
            Assert.False(order.Dominates(59_999, 0));
            Assert.Empty(order.Dominators(59_999));
            Assert.False(order.IsOrdered(12));
        }

        [Fact]
        public void Out_of_range_norms_are_related_to_nothing()
        {
            var order = PreferenceOrder.Close(3, new[] { (0, 1), (5, 1), (-1, 2) });
            Assert.Equal(new[] { (0, 1) }, order.Edges);
            Assert.False(order.Dominates(0, 7));
            Assert.False(order.Dominates(-3, 1));
            Assert.Empty(order.Dominators(9));
        }

        [Fact]
        public void A_two_thousand_link_chain_is_closed_exactly()
        {
            int n = 2001;
            var order = PreferenceOrder.Close(n, Enumerable.Range(0, n - 1).Select(i => (i, i + 1)));
            Assert.True(order.IsComplete);
            Assert.True(order.Dominates(0, n - 1));
            Assert.False(order.Dominates(n - 1, 0));
            Assert.True(order.Dominates(700, 701));
            Assert.False(order.Dominates(701, 701));
            Assert.Equal(n - 1, order.Dominators(n - 1).Count);
            Assert.Equal(n - 1, order.Dominated(0).Count);
            Assert.Empty(order.Cycles);
        }

        [Fact]
        public void A_closure_past_the_limit_is_marked_incomplete()
        {
            // A chain of 3,000 links relates about 4.5 million pairs, past MaxClosurePairs.
            int n = 3001;
            var order = PreferenceOrder.Close(n, Enumerable.Range(0, n - 1).Select(i => (i, i + 1)));
            Assert.False(order.IsComplete);
        }
    }
}
