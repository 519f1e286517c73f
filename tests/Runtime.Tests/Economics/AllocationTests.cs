namespace ContractDsl.Runtime.Tests.Economics;

/// <summary>What a training step calls per batch allocates nothing (counted allocations, not timing).</summary>
public class AllocationTests
{
    [Fact]
    public void Welfare_and_Bradley_Terry_allocate_nothing_per_batch()
    {
        var rule = WelfareRule.Power(3, -1, -2, new[] { 1.0, 2.0, 0.5 });
        int[] groups = { 0, 1, 2, 1, 0, 9 };
        float[] totals = { 0.5f, -1f, 2f, 3f, 1e20f, float.NaN };
        var reasons = new[] { RewardReasons.None, RewardReasons.None, RewardReasons.Gap, RewardReasons.None, RewardReasons.None, RewardReasons.Invalid };
        var statistics = new double[WelfareStatistics.Length(3)];
        var weights = new float[6];
        var gradient = new double[6];
        var table = new double[3];
        float[] winner = { 1f, 2f }, loser = { 0f, 3f }, margins = { 0.1f, 0.2f };
        var gradientWinner = new float[2];
        var gradientLoser = new float[2];
        double sink = 0;

        void Step()
        {
            statistics.AsSpan().Clear();
            WelfareStatistics.Accumulate(groups, totals, reasons, statistics);
            Welfare.Weights(rule, statistics, groups, reasons, weights);
            Welfare.Gradient(rule, statistics, groups, reasons, gradient);
            Welfare.GroupWeights(rule, statistics, table);
            sink += Welfare.Value(rule, statistics);
            sink += Welfare.Compute(rule, groups, totals, reasons, weights);
            sink += WelfareStatistics.Mean(statistics, 1);
            sink += BradleyTerry.LossAndGradient(winner, loser, gradientWinner, gradientLoser, 0.5f, margins, 0.01f);
        }

        Step(); // first calls JIT-compile
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) Step();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(double.IsFinite(sink));
    }
}
