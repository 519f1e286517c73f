using System.Diagnostics;
using ContractDsl.Analysis;
using ContractDsl.Evaluation;
using ContractDsl.Lowering;
using ContractDsl.Syntax;
using Xunit.Abstractions;

namespace ContractDsl.Tests.Analysis
{
    /// <summary>
    /// What the analysis claims, checked against the interpreter on random contracts and samples: reported
    /// witnesses are real, and a contract declared free of conflicts/gaps never shows them at run time.
    /// </summary>
    public class PropertyTests
    {
        private readonly ITestOutputHelper _output;

        public PropertyTests(ITestOutputHelper output) => _output = output;

        [Theory]
        [InlineData(20240611)]
        [InlineData(7)]
        [InlineData(31337)]
        public void Random_contracts_agree_with_the_interpreter(int seed)
        {
            var inconsistencies = new List<string>();
            void Observe(string message) { lock (inconsistencies) inconsistencies.Add(message); }
            WitnessFinder.Inconsistency += Observe;
            try
            {
                var random = new RandomContracts(seed);
                var watch = Stopwatch.StartNew();
                int contracts = 0, conflicts = 0, gaps = 0, gaveUp = 0, samples = 0;
                for (int t = 0; t < 250; t++)
                {
                    string text = random.Next(out _);
                    var file = ContractCompiler.Compile("random.contract", text);
                    Assert.False(file.Diagnostics.Any(d => d.IsError), text + "\n" + string.Join("\n", file.Diagnostics));
                    var contract = AnalysisTestSupport.Bind(text, "random.contract");
                    Assert.DoesNotContain(file.Diagnostics, d => d.Message.Contains("internal error"));
                    var analysis = Assert.Single(file.Analyses);
                    contracts++;

                    // (a) every reported witness checks out
                    AnalysisTestSupport.WitnessesCheckOut(contract, analysis);
                    conflicts += analysis.Conflicts.Count();
                    gaps += analysis.Gaps.Count();
                    gaveUp += analysis.Findings.Count(f => f.Kind == FindingKind.GaveUp);
                    foreach (var g in analysis.Findings.Where(f => f.Kind == FindingKind.GaveUp)) _output.WriteLine(text + g.Message + "\n");

                    // (b) run-time reasons only where the analysis reported (or gave up)
                    var interpreter = new ContractInterpreter(contract);
                    var relations = NormRelations.Of(contract);
                    bool Reported(FindingKind kind, Func<Finding, bool> match) => analysis.Findings.Any(f => f.Kind == kind && match(f));
                    bool GaveUpOn(int n) => analysis.Findings.Any(f => f.Kind == FindingKind.GaveUp && (f.Norm == n || f.Other == n));
                    var norms = contract.Norms;
                    for (int s = 0; s < 150; s++)
                    {
                        var sample = random.RandomSample(contract);
                        var r = interpreter.Evaluate(sample);
                        samples++;
                        if (r.Invalid) continue;
                        string where = $"\n{text}\nsample: {sample.Describe(contract)}\n" + string.Join("\n", analysis.Diagnostics);
                        for (int i = 0; i < norms.Length; i++)
                        {
                            if (r.Active[i])
                            {
                                Assert.False(analysis.Norms[i].Dead, $"dead norm m{i} is active" + where);
                                if (analysis.Norms[i].Shadowed)
                                    Assert.True(norms.Any(a => a.Index != i && r.Active[a.Index] && contract.Order.Dominates(a.Index, i)), $"shadowed m{i} active alone" + where);
                                if (norms[i].Amount != null && norms[i].Effect != EffectKind.Allow && !analysis.Diagnostics.Any(d => d.Id == "CDSL1008" && d.Span == norms[i].NameSpan))
                                {
                                    float amount = interpreter.Eval(norms[i].Amount!, r.Inputs);
                                    Assert.True(!(amount < 0), $"m{i}'s amount {amount} < 0 without CDSL1008" + where);
                                }
                            }
                            Assert.True(analysis.Norms[i].Contribution.Contains(r.Contributions[i]) || float.IsNaN(r.Contributions[i]), $"m{i} contribution {r.Contributions[i]} outside {analysis.Norms[i].Contribution}" + where);
                            for (int j = i + 1; j < norms.Length; j++)
                            {
                                if (!r.InEffect[i] || !r.InEffect[j] || !relations.CanConflict(i, j)) continue;
                                Assert.True(analysis.CanBothBeInEffect(i, j), $"m{i}, m{j} declared never in effect together" + where);
                                Assert.True((r.Reasons & ReasonBits.Conflict) != 0, $"m{i}, m{j} in effect together without the Conflict reason" + where);
                                Assert.True(Reported(FindingKind.Conflict, f => f.Norm == i && f.Other == j) || GaveUpOn(i) || GaveUpOn(j), $"unreported conflict m{i}/m{j}" + where);
                            }
                        }
                        foreach (var group in interpreter.GapGroups)
                        {
                            if (group.Any(n => r.ContextHolds[n])) continue;
                            string concern = norms[group[0]].Concern;
                            Assert.True(Reported(FindingKind.Gap, f => f.Concern == concern) || group.Any(GaveUpOn) || analysis.Findings.Any(f => f.Kind == FindingKind.GaveUp && f.Concern == concern),
                                $"unreported gap in {concern}" + where);
                        }
                        Assert.True(analysis.BaseRange.Contains(r.Base) || float.IsNaN(r.Base), $"base {r.Base} outside {analysis.BaseRange}" + where);
                        Assert.True(analysis.TotalRange.Contains(r.Total) || float.IsNaN(r.Total), $"total {r.Total} outside {analysis.TotalRange}" + where);
                    }
                }
                _output.WriteLine($"{contracts} contracts, {samples} samples, {conflicts} conflicts, {gaps} gaps, {gaveUp} gave up, {watch.ElapsedMilliseconds} ms");
                Assert.True(conflicts > 20 && gaps > 20, "the generator should produce findings");
                Assert.True(gaveUp * 20 < contracts, "the analysis should rarely give up");
            }
            finally
            {
                WitnessFinder.Inconsistency -= Observe;
            }
            Assert.True(inconsistencies.Count == 0, string.Join("\n", inconsistencies));
        }
    }
}
