namespace ContractDsl.Runtime.Tests.Economics;

public class ParetoTests
{
    // Five models × three groups (say, mean reward per prompt type).
    private static readonly string[] Models = { "A", "B", "C", "D", "E" };
    private static readonly double[,] Utilities =
    {
        { 0.9, 0.2, 0.5 }, // A: best on group 0
        { 0.5, 0.8, 0.5 }, // B: best on group 1
        { 0.5, 0.7, 0.4 }, // C: B ≥ C everywhere, > on groups 1 and 2 → dominated by B
        { 0.9, 0.2, 0.4 }, // D: A ≥ D everywhere, > on group 2 → dominated by A
        { 0.4, 0.1, 0.3 }, // E: dominated by A, B, C and D
    };

    [Fact]
    public void Dominance_relation_and_non_dominated_set_by_hand()
    {
        var set = Pareto.Analyze(Models, Utilities);
        Assert.Equal(new[] { "A", "B" }, set.NonDominatedNames);
        Assert.Equal(new[] { 0, 1 }, set.NonDominated);
        Assert.True(set.Dominates("B", "C"));
        Assert.True(set.Dominates("A", "D"));
        Assert.False(set.Dominates("A", "B"));
        Assert.False(set.Dominates("B", "A"));
        Assert.False(set.Dominates("A", "A")); // irreflexive
        Assert.Equal(new[] { "A", "B", "C", "D" }, set.DominatedBy("E"));
        Assert.Empty(set.DominatedBy("A"));
        Assert.Empty(set.Incomplete);
        Assert.True(set.IsNonDominated("B"));
        Assert.False(set.IsNonDominated("C"));
        Assert.Equal(3, set.Criteria);
        Assert.Equal("non-dominated: A, B (of A, B, C, D, E over 3 criteria)", set.ToString());
    }

    [Fact]
    public void The_flat_and_the_rectangular_forms_agree_and_results_are_value_equal()
    {
        var flat = Utilities.Cast<double>().ToArray(); // row-major
        Assert.Equal(Pareto.Analyze(Models, Utilities), Pareto.Analyze(Models, flat, 3));
        Assert.Equal(Pareto.Analyze(Models, Utilities).GetHashCode(), Pareto.Analyze(Models, flat, 3).GetHashCode());
    }

    [Fact]
    public void Identical_candidates_do_not_dominate_each_other()
    {
        var set = Pareto.Analyze(new[] { "x", "y", "z" }, new double[] { 1, 2, 1, 2, 0, 2 }, 2);
        Assert.False(set.Dominates("x", "y"));
        Assert.False(set.Dominates("y", "x"));
        Assert.True(set.Dominates("x", "z"));
        Assert.Equal(new[] { "x", "y" }, set.NonDominatedNames);
    }

    [Fact]
    public void A_NaN_utility_makes_its_candidate_incomparable_on_that_criterion()
    {
        // q is worse than p everywhere it is known, but unknown on criterion 1: neither dominates the other.
        var set = Pareto.Analyze(new[] { "p", "q", "r" }, new[] { 1.0, 1.0, 0.5, double.NaN, 0.0, 0.0 }, 2);
        Assert.False(set.Dominates("p", "q"));
        Assert.False(set.Dominates("q", "p"));
        Assert.False(set.Dominates("q", "r")); // even against a candidate it beats on every known criterion
        Assert.True(set.Dominates("p", "r"));
        Assert.Equal(new[] { "p", "q" }, set.NonDominatedNames);
        Assert.Equal(new[] { 1 }, set.Incomplete);
        Assert.False(Pareto.Dominates(new[] { double.NaN }, new[] { double.NaN }));
    }

    [Fact]
    public void Infinities_are_ordinary_values()
    {
        var set = Pareto.Analyze(new[] { "top", "bottom" }, new[] { double.PositiveInfinity, 0, double.NegativeInfinity, 0 }, 2);
        Assert.True(set.Dominates("top", "bottom"));
        Assert.Equal(new[] { "top" }, set.NonDominatedNames);
    }

    [Fact]
    public void Bad_shapes_and_names_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => Pareto.Analyze(new[] { "a", "a" }, new double[] { 1, 2 }, 1));
        Assert.Throws<ArgumentException>(() => Pareto.Analyze(new[] { "a", "b" }, new double[] { 1, 2, 3 }, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Pareto.Analyze(new[] { "a" }, new double[] { 1 }, 0));
        Assert.Throws<ArgumentException>(() => Pareto.Dominates(new[] { 1.0 }, new[] { 1.0, 2.0 }));
        Assert.Throws<ArgumentException>(() => Pareto.Analyze(Models, Utilities).Dominates("A", "nobody"));
    }
}
