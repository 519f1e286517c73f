using ContractDsl.Lowering;
using ContractDsl.Analysis;
using ContractDsl.Evaluation;
using static ContractDsl.Tests.Analysis.AnalysisTestSupport;

namespace ContractDsl.Tests.Analysis
{
    /// <summary>Well-written contracts get no warnings.</summary>
    public class FalsePositiveTests
    {
        [Fact]
        public void The_brief_example_reports_only_its_unused_signal()
        {
            // The brief's example declares `helpfulness` but its reward is `conservative` (from `rm`), so the
            // signal is never read: CDSL2005 is right. Everything else is clean: the alcohol concern covers
            // MENA and EU/US/Other, no_toxicity and needless_refusal are disjoint (and ordered), amounts are
            // non-negative over their guards, and the total reward is bounded, so `nash` has its point.
            var file = ContractCompiler.Compile("assistant.contract", TestFiles.Read("assistant.contract"));
            var d = Assert.Single(file.Diagnostics);
            Assert.Equal("CDSL2005", d.Id);
            Assert.Contains("`helpfulness`", d.Message);
            Assert.Single(file.Modules);
        }

        [Fact]
        public void The_realistic_contract_reports_nothing()
        {
            var file = ContractCompiler.Compile("realistic.contract", TestFiles.Read("realistic.contract"));
            Assert.True(file.Diagnostics.Length == 0, string.Join("\n", file.Diagnostics));
            var analysis = Assert.Single(file.Analyses);
            // −12 (the clamped base) − 10 (toxicity) − 3 (length) − 1 (citation padding) − 3 − 5 (alcohol in MENA, to a minor):
            // medical_disclaimer needs topic Medical and the alcohol norms topic Alcohol, and needless_refusal
            // (toxicity < 0.2) can't apply with no_toxicity, so no sample reaches the −40 of an interval sum
            Assert.Equal(new Interval(-34, 13.1f), analysis.TotalRange);
            var ir = Assert.Single(file.Modules);
            Assert.Empty(ir.Kernel.ConflictGroups); // every related opposite pair is ordered or disjoint
            Assert.Empty(ir.Kernel.GapGroups);      // alcohol: proven covered, so not checked at run time
        }

        [Fact]
        public void The_realistic_contract_never_shows_conflict_or_gap_at_run_time()
        {
            var contract = Bind(TestFiles.Read("realistic.contract"), "realistic.contract");
            var interpreter = new ContractInterpreter(contract);
            var random = new Random(5);
            for (int i = 0; i < 5000; i++)
            {
                var s = Sample.Neutral(contract);
                foreach (var signal in contract.Signals)
                {
                    switch (signal.Kind)
                    {
                        case ContractDsl.Binding.SignalKind.Flag: s.Flags[signal.Index] = random.Next(2) == 0; break;
                        case ContractDsl.Binding.SignalKind.Category: s.Codes[signal.Index] = random.Next(signal.Categories.Length); break;
                        case ContractDsl.Binding.SignalKind.Ensemble:
                            for (int j = 0; j < s.Members[signal.Index].Length; j++) s.Members[signal.Index][j] = (float)(signal.Low + (signal.High - signal.Low) * random.NextDouble());
                            break;
                        default:
                            double v = signal.Low + (signal.High - signal.Low) * random.NextDouble();
                            s.Scalars[signal.Index] = signal.IsInteger ? MathF.Round((float)v) : (float)v;
                            break;
                    }
                }
                var r = interpreter.Evaluate(s);
                Assert.Equal(ReasonBits.None, r.Reasons & (ReasonBits.Conflict | ReasonBits.Gap));
            }
        }
    }
}
