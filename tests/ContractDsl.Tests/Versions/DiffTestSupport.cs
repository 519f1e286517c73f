using ContractDsl.Evaluation;
using ContractDsl.Lowering;
using ContractDsl.Versions;

namespace ContractDsl.Tests.Versions
{
    /// <summary>Compiles two versions, diffs them, and re-checks every witness the diff reports by evaluating both versions again.</summary>
    internal static class DiffTestSupport
    {
        public static ContractIR Module(string members)
        {
            var file = ContractCompiler.Compile("v.contract", "contract T {\n" + members + "\n}\n");
            var errors = file.Diagnostics.Where(d => d.IsError).ToList();
            Assert.True(errors.Count == 0, "unexpected errors:\n" + string.Join("\n", errors));
            return Assert.Single(file.Modules);
        }

        public static ContractDiffResult Diff(string before, string after, DiffOptions? options = null)
        {
            var b = Module(before);
            var a = Module(after);
            var result = ContractDiff.Compare(b, a, options);
            WitnessesCheckOut(b, a, result);
            // the bound-contract entry point (kernels lowered by the diff itself) gives the same answer
            Assert.Equal(result, ContractDiff.Compare(b.Contract, a.Contract, options));
            return result;
        }

        /// <summary>Every witness, evaluated afresh on both versions, shows what its region says.</summary>
        public static void WitnessesCheckOut(ContractIR before, ContractIR after, ContractDiffResult result)
        {
            foreach (var region in result.Regions)
            {
                if (region.Witness is not DiffWitness w) continue;
                var (rb, ra) = Evaluate(before, after, w);
                Assert.Equal(w.Before.Total, rb.Total);
                Assert.Equal(w.After.Total, ra.Total);
                Assert.Equal(w.Before.Reasons, rb.Reasons);
                Assert.Equal(w.After.Reasons, ra.Reasons);
                switch (region.Kind)
                {
                    case DifferenceKind.Total:
                        Assert.True(Math.Abs((double)ra.Total - rb.Total) > 1e-4 * Math.Max(1e-30, Math.Abs(ra.Total) + Math.Abs(rb.Total)),
                            $"totals do not differ at the witness of '{region.Description}': {rb.Total} vs {ra.Total}");
                        Assert.True(region.Change.Contains((double)ra.Total - rb.Total) || region.Change.IsEmpty == false && double.IsInfinity(region.Change.High - region.Change.Low),
                            $"the change {(double)ra.Total - rb.Total} at the witness is outside the region's interval {region.Change}");
                        break;
                    case DifferenceKind.Activity:
                    {
                        int nb = before.Contract.Norms.Single(n => n.Name == region.Norm).Index;
                        int na = after.Contract.Norms.Single(n => n.Name == region.Norm).Index;
                        bool inBefore = region.Description.Contains("before, not after");
                        Assert.Equal(inBefore, rb.InEffect[nb]);
                        Assert.Equal(!inBefore, ra.InEffect[na]);
                        break;
                    }
                    case DifferenceKind.Reason:
                        Assert.NotEqual(ReasonBits.None, (rb.Reasons ^ ra.Reasons) & region.Reasons);
                        break;
                    case DifferenceKind.Uncertainty:
                        Assert.NotEqual(rb.Uncertainty, ra.Uncertainty);
                        break;
                }
            }
            foreach (var concern in result.Concerns)
            {
                foreach (var (w, sign) in new[] { (concern.LowerWitness, -1), (concern.HigherWitness, 1) })
                {
                    if (w == null) continue;
                    var (rb, ra) = Evaluate(before, after, w);
                    double delta = after.Contract.Norms.Where(n => n.Concern == concern.Concern).Sum(n => (double)ra.Contributions[n.Index])
                                 - before.Contract.Norms.Where(n => n.Concern == concern.Concern).Sum(n => (double)rb.Contributions[n.Index]);
                    Assert.True(sign * delta > 0, $"concern {concern.Concern}: the witness {w.Text} does not show a {(sign < 0 ? "lower" : "higher")} contribution ({delta})");
                }
            }
        }

        private static (EvaluationResult Before, EvaluationResult After) Evaluate(ContractIR before, ContractIR after, DiffWitness w) =>
            (new ContractInterpreter(before.Contract, w.BeforeParams.ToArray()).Evaluate(w.BeforeSample),
             new ContractInterpreter(after.Contract, w.AfterParams.ToArray()).Evaluate(w.AfterSample));

        public static DiffRegion Single(ContractDiffResult result, DifferenceKind kind)
        {
            var found = result.Regions.Where(r => r.Kind == kind).ToList();
            Assert.True(found.Count == 1, $"expected one {kind} region, got {found.Count}:\n{result.ToText()}");
            return found[0];
        }

        public static void Equivalent(ContractDiffResult result)
        {
            Assert.True(result.Equivalent, "expected equivalent versions:\n" + result.ToText());
            Assert.Empty(result.Regions);
        }

        public static string Bound(DiffWitness w, string name) => w.Bindings.Single(b => b.Name == name).Value;
    }
}
