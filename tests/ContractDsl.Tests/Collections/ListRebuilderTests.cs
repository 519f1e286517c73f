using ContractDsl.Collections;

namespace ContractDsl.Tests
{
    public class ListRebuilderTests
    {
        private static List<int> Build(List<int>? previous, IEnumerable<int> items)
        {
            var builder = new ListRebuilder<int>(previous);
            foreach (int item in items) builder.Add(item);
            return builder.ToList();
        }

        [Fact]
        public void An_equal_list_is_the_previous_list_itself()
        {
            var previous = new List<int> { 1, 2, 3 };
            Assert.Same(previous, Build(previous, new[] { 1, 2, 3 }));
        }

        [Theory]
        [InlineData(new int[0])]            // nothing added
        [InlineData(new[] { 1, 2 })]        // a prefix
        [InlineData(new[] { 1, 2, 3, 4 })]  // longer
        [InlineData(new[] { 1, 5, 3 })]     // one item differs
        [InlineData(new[] { 9 })]           // differs at once
        public void A_different_list_has_exactly_the_items_added_and_leaves_the_previous_one_alone(int[] items)
        {
            var previous = new List<int> { 1, 2, 3 };
            var built = Build(previous, items);
            Assert.NotSame(previous, built);
            Assert.Equal(items, built);
            Assert.Equal(new[] { 1, 2, 3 }, previous);
        }

        [Fact]
        public void Without_a_previous_list_it_is_an_ordinary_list()
        {
            Assert.Equal(new[] { 4, 5 }, Build(null, new[] { 4, 5 }));
        }
    }
}
