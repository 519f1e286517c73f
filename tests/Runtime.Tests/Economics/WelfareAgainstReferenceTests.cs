using System.IO;
using ContractDsl.Evaluation;
using ContractDsl.Collections;
using SyntaxWelfareKind = ContractDsl.Syntax.WelfareKind;

namespace ContractDsl.Runtime.Tests.Economics;

/// <summary>
/// The runtime's welfare (exact statistics, log-domain weights) against the definitional reference
/// (ContractDsl.Evaluation.WelfareReference: the brief's formulas in double over a list of samples), for every
/// rule, with group weights, absent groups, invalid samples, and d at a real contract's analysed lower bound.
/// </summary>
public class WelfareAgainstReferenceTests
{
    private const int GroupCount = 5;
    private const int AbsentGroup = 3;

    /// <summary>A rule in both vocabularies.</summary>
    public sealed record Case(string Name, WelfareRule Runtime, WelfareReferenceRule Reference);

    private static Case Make(string name, SyntaxWelfareKind kind, double[] lambda, double exponent = 1, double d = double.NegativeInfinity, double temperature = 1)
    {
        WelfareRule runtime = kind switch
        {
            SyntaxWelfareKind.Utilitarian => WelfareRule.Utilitarian(lambda.Length, lambda),
            SyntaxWelfareKind.Nash => WelfareRule.Nash(lambda.Length, d, lambda),
            SyntaxWelfareKind.Maximin => WelfareRule.Maximin(lambda.Length, temperature, lambda),
            _ => WelfareRule.Power(lambda.Length, exponent, d, lambda),
        };
        return new Case(name, runtime, new WelfareReferenceRule(kind, lambda.ToEquatableArray(), exponent, d, temperature));
    }

    /// <summary>The realistic test contract: its welfare rule (nash, MENA weighted 2) and its analysed lower bound as d.</summary>
    private static (WelfareInfo Info, double TotalLow, double TotalHigh, WelfareReferenceRule Reference) Realistic()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir != null && !Directory.Exists(Path.Combine(dir.FullName, "tests", "TestData"))) dir = dir.Parent;
        string path = Path.Combine(dir!.FullName, "tests", "TestData", "realistic.contract");
        var file = ContractCompiler.Compile(path, File.ReadAllText(path));
        var module = Assert.Single(file.Modules);
        var welfare = module.Contract.Welfare!;
        var region = module.Contract.Signals[welfare.Category];
        // The metadata a generated module carries (CpuModuleEmitter writes the same fields).
        var info = new WelfareInfo(welfare.Kind.ToString().ToLowerInvariant(), welfare.Exponent, region.Name, region.Categories.ToArray(), welfare.Weights.ToArray(), welfare.From, welfare.Temperature);
        return (info, module.TotalLow, module.TotalHigh, WelfareReferenceRule.FromBound(welfare, module.TotalLow));
    }

    public static IEnumerable<object[]> Cases()
    {
        double[] ones = { 1, 1, 1, 1, 1 };
        double[] lambda = { 2, 0.5, 1, 7, 0 }; // group 3 is absent from the batch; group 4 weighs nothing
        const double d = -6.5; // below every total the generator draws (see Batch)
        foreach (var (suffix, weights) in new[] { ("", ones), (" weighted", lambda) })
        {
            yield return new object[] { Make("utilitarian" + suffix, SyntaxWelfareKind.Utilitarian, weights) };
            yield return new object[] { Make("nash" + suffix, SyntaxWelfareKind.Nash, weights, d: d) };
            foreach (double t in new[] { 0.05, 1, 20 })
                yield return new object[] { Make($"maximin T={t}{suffix}", SyntaxWelfareKind.Maximin, weights, temperature: t) };
            foreach (double p in new[] { 0.5, 2, -1 })
                yield return new object[] { Make($"power {p}{suffix}", SyntaxWelfareKind.Power, weights, exponent: p, d: d) };
        }
        // d above some group means: the floor max(U − d, 1e-6) is in play.
        yield return new object[] { Make("nash floored", SyntaxWelfareKind.Nash, ones, d: 0.5) };
        yield return new object[] { Make("power 2 floored", SyntaxWelfareKind.Power, lambda, exponent: 2, d: 0.5) };
    }

    /// <summary>A batch over 5 groups with group 3 absent, ~10% invalid samples (with junk group codes), totals in [−6, 4].</summary>
    private static (int[] Groups, float[] Totals, RewardReasons[] Reasons) Batch(int seed, int count, double low = -6, double high = 4)
    {
        var random = new Random(seed);
        var groups = new int[count];
        var totals = new float[count];
        var reasons = new RewardReasons[count];
        for (int i = 0; i < count; i++)
        {
            int g;
            do g = random.Next(GroupCount); while (g == AbsentGroup);
            // Group-dependent means so that the groups differ (and maximin has a clear worst group).
            totals[i] = (float)Math.Clamp(low + (high - low) * (0.15 * g + 0.4 * random.NextDouble()), low, high);
            groups[i] = g;
            if (random.NextDouble() < 0.1)
            {
                reasons[i] = RewardReasons.Invalid | RewardReasons.OutOfDomain;
                groups[i] = random.Next(2) == 0 ? -1 : 999;
                totals[i] = 0;
            }
        }
        return (groups, totals, reasons);
    }

    private static List<WelfareSample> Samples(int[] groups, float[] totals, RewardReasons[] reasons) =>
        groups.Select((g, i) => new WelfareSample(g, totals[i], (reasons[i] & RewardReasons.Invalid) == 0)).ToList();

    private static void Relative(double expected, double actual, double tolerance, string what)
    {
        double scale = Math.Max(Math.Abs(expected), 1e-300);
        Assert.True(Math.Abs(expected - actual) <= tolerance * scale || expected == actual,
            $"{what}: expected {expected:R}, got {actual:R} (relative error {Math.Abs(expected - actual) / scale:E2})");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Weights_and_value_match_the_reference(Case rule)
    {
        var (groups, totals, reasons) = Batch(seed: rule.Name.Length, count: 400);
        var statistics = new double[WelfareStatistics.Length(GroupCount)];
        WelfareStatistics.Accumulate(groups, totals, reasons, statistics);
        var samples = Samples(groups, totals, reasons);

        Relative(WelfareReference.Value(rule.Reference, samples), Welfare.Value(rule.Runtime, statistics), 1e-12, rule.Name + " value");

        double[] expected = WelfareReference.Weights(rule.Reference, samples);
        var weights = new double[groups.Length];
        var singles = new float[groups.Length];
        Welfare.Weights(rule.Runtime, statistics, groups, reasons, weights);
        Welfare.Weights(rule.Runtime, statistics, groups, reasons, singles);
        for (int i = 0; i < groups.Length; i++)
        {
            if (expected[i] == 0) Assert.Equal(0.0, weights[i]);
            Relative(expected[i], weights[i], 1e-11, $"{rule.Name} weight {i}");
            Relative((float)expected[i], singles[i], 1e-6, $"{rule.Name} float weight {i}"); // tiny weights underflow float32 alike
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Gradient_matches_central_differences_of_the_reference_value(Case rule)
    {
        var (groups, totals, reasons) = Batch(seed: 100 + rule.Name.Length, count: 40);
        var statistics = new double[WelfareStatistics.Length(GroupCount)];
        WelfareStatistics.Accumulate(groups, totals, reasons, statistics);
        var gradient = new double[groups.Length];
        Welfare.Gradient(rule.Runtime, statistics, groups, reasons, gradient);

        var samples = Samples(groups, totals, reasons);
        double largest = gradient.Max(Math.Abs);
        for (int i = 0; i < samples.Count; i++)
        {
            double h = 1e-5;
            var up = samples.ToList();
            var down = samples.ToList();
            up[i] = up[i] with { Total = up[i].Total + h };
            down[i] = down[i] with { Total = down[i].Total - h };
            double difference = (WelfareReference.Value(rule.Reference, up) - WelfareReference.Value(rule.Reference, down)) / (2 * h);
            Assert.True(Math.Abs(difference - gradient[i]) <= 1e-6 * Math.Max(1, largest),
                $"{rule.Name}, sample {i}: runtime ∂W/∂r = {gradient[i]:R}, central difference {difference:R}");
        }
    }

    [Fact]
    public void A_real_contracts_welfare_with_its_analysed_disagreement_point_matches_the_reference()
    {
        var (info, totalLow, totalHigh, reference) = Realistic();
        Assert.Equal("nash", info.Kind);
        Assert.True(double.IsFinite(totalLow) && totalLow < 0, $"analysed lower bound {totalLow}");
        var rule = WelfareRule.FromInfo(info, totalLow);
        Assert.Equal(totalLow, rule.DisagreementPoint);
        Assert.Equal(new[] { 1.0, 1, 2, 1, 1 }, rule.GroupWeights); // MENA: 2
        Assert.Equal(reference.DisagreementPoint, rule.DisagreementPoint);

        // Totals across the contract's whole analysed range, down to its lower bound (where Nash floors).
        var (groups, totals, reasons) = Batch(seed: 5, count: 300, low: totalLow, high: totalHigh);
        totals[0] = (float)totalLow;
        reasons[0] = RewardReasons.None;
        groups[0] = 0;
        var statistics = new double[WelfareStatistics.Length(rule.GroupCount)];
        WelfareStatistics.Accumulate(groups, totals, reasons, statistics);
        var samples = Samples(groups, totals, reasons);
        Relative(WelfareReference.Value(reference, samples), Welfare.Value(rule, statistics), 1e-12, "value");
        var weights = new double[groups.Length];
        Welfare.Weights(rule, statistics, groups, reasons, weights);
        double[] expected = WelfareReference.Weights(reference, samples);
        for (int i = 0; i < weights.Length; i++) Relative(expected[i], weights[i], 1e-11, $"weight {i}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sharded_statistics_reproduce_the_whole_batch_bit_for_bit(Case rule)
    {
        // Totals of very different magnitudes, so that summing in another order would change a double sum.
        var (groups, totals, reasons) = Batch(seed: 200 + rule.Name.Length, count: 1000);
        var random = new Random(3);
        for (int i = 0; i < totals.Length; i++) if (random.Next(4) == 0) totals[i] *= MathF.Pow(2, random.Next(-20, 21));
        Assert.True(OrderMatters(groups, totals, reasons), "the batch should make naive double sums order-dependent");

        var whole = new double[WelfareStatistics.Length(GroupCount)];
        WelfareStatistics.Accumulate(groups, totals, reasons, whole);
        var wholeWeights = new float[totals.Length];
        var wholeGradient = new double[totals.Length];
        Welfare.Weights(rule.Runtime, whole, groups, reasons, wholeWeights);
        Welfare.Gradient(rule.Runtime, whole, groups, reasons, wholeGradient);
        double wholeValue = Welfare.Value(rule.Runtime, whole);

        // Four ranks with uneven shards; each all-reduces (element-wise sum) in its own order.
        int[] bounds = { 0, 137, 138, 600, 1000 };
        var shards = new double[4][];
        for (int r = 0; r < 4; r++)
        {
            shards[r] = new double[whole.Length];
            var range = new Range(bounds[r], bounds[r + 1]);
            WelfareStatistics.Accumulate(groups.AsSpan()[range], totals.AsSpan()[range], reasons.AsSpan()[range], shards[r]);
        }
        for (int r = 0; r < 4; r++)
        {
            var reduced = new double[whole.Length];
            foreach (int source in new[] { r, (r + 2) % 4, (r + 3) % 4, (r + 1) % 4 }) WelfareStatistics.Add(shards[source], reduced);

            var range = new Range(bounds[r], bounds[r + 1]);
            int length = bounds[r + 1] - bounds[r];
            var weights = new float[length];
            var gradient = new double[length];
            Welfare.Weights(rule.Runtime, reduced, groups.AsSpan()[range], reasons.AsSpan()[range], weights);
            Welfare.Gradient(rule.Runtime, reduced, groups.AsSpan()[range], reasons.AsSpan()[range], gradient);
            Assert.Equal(wholeWeights[range].Select(BitConverter.SingleToInt32Bits), weights.Select(BitConverter.SingleToInt32Bits));
            Assert.Equal(wholeGradient[range].Select(BitConverter.DoubleToInt64Bits), gradient.Select(BitConverter.DoubleToInt64Bits));
            Assert.Equal(BitConverter.DoubleToInt64Bits(wholeValue), BitConverter.DoubleToInt64Bits(Welfare.Value(rule.Runtime, reduced)));
        }
    }

    [Fact]
    public void Rules_with_hundreds_of_groups_use_pooled_scratch_and_still_match()
    {
        const int groups = 300;
        var random = new Random(4);
        int[] codes = Enumerable.Range(0, 2000).Select(_ => random.Next(groups)).ToArray();
        float[] totals = codes.Select(g => (float)(g / 100.0 + random.NextDouble())).ToArray();
        var reasons = new RewardReasons[codes.Length];
        var lambda = Enumerable.Range(0, groups).Select(g => 1 + g % 3 * 0.5).ToArray();
        var samples = Samples(codes, totals, reasons);
        foreach (var rule in new[]
        {
            Make("maximin", SyntaxWelfareKind.Maximin, lambda, temperature: 0.5),
            Make("power", SyntaxWelfareKind.Power, lambda, exponent: -1, d: -1),
        })
        {
            var weights = new float[codes.Length];
            double value = Welfare.Compute(rule.Runtime, codes, totals, reasons, weights);
            Relative(WelfareReference.Value(rule.Reference, samples), value, 1e-12, rule.Name + " value");
            double[] expected = WelfareReference.Weights(rule.Reference, samples);
            for (int i = 0; i < codes.Length; i++) Relative((float)expected[i], weights[i], 1e-6, $"{rule.Name} weight {i}");
        }
    }

    /// <summary>Whether summing some group's totals forwards and backwards in double gives different results.</summary>
    private static bool OrderMatters(int[] groups, float[] totals, RewardReasons[] reasons)
    {
        for (int g = 0; g < GroupCount; g++)
        {
            var values = Enumerable.Range(0, totals.Length).Where(i => groups[i] == g && reasons[i] == RewardReasons.None).Select(i => (double)totals[i]).ToList();
            double forward = 0, backward = 0;
            foreach (double v in values) forward += v;
            for (int i = values.Count - 1; i >= 0; i--) backward += values[i];
            if (forward != backward) return true;
        }
        return false;
    }
}
