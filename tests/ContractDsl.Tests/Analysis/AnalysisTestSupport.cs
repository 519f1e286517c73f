using ContractDsl.Lowering;
using ContractDsl.Analysis;
using ContractDsl.Binding;
using ContractDsl.Diagnostics;
using ContractDsl.Evaluation;
using ContractDsl.Syntax;

namespace ContractDsl.Tests.Analysis
{
    /// <summary>Compiles contract text and checks what the analysis claims against the interpreter.</summary>
    internal static class AnalysisTestSupport
    {
        public static (BoundContract Contract, ContractAnalysis Analysis, CompiledFile File) Compile(string text, string path = "test.contract")
        {
            var file = ContractCompiler.Compile(path, text);
            var errors = file.Diagnostics.Where(d => d.IsError && d.Id != "CDSL4001").ToList();
            Assert.True(errors.Count == 0, "unexpected errors:\n" + string.Join("\n", errors));
            var bound = Bind(text, path);
            var analysis = Assert.Single(file.Analyses);
            return (bound, analysis, file);
        }

        /// <summary>Compiles <c>contract T { members }</c> and re-checks every witness it reports.</summary>
        public static (BoundContract Contract, ContractAnalysis Analysis) Analyze(string members)
        {
            var (contract, analysis, _) = Compile(Contract(members));
            WitnessesCheckOut(contract, analysis);
            return (contract, analysis);
        }

        public static BoundContract Bind(string text, string path = "test.contract")
        {
            var syntax = ContractParser.Parse(path, text);
            var diagnostics = new List<ContractDiagnostic>(syntax.Errors);
            var results = Binder.Bind(syntax, text, diagnostics);
            Assert.True(!diagnostics.Any(d => d.IsError), "binding errors:\n" + string.Join("\n", diagnostics));
            return Assert.Single(results).Contract;
        }

        /// <summary>Wraps members into a contract.</summary>
        public static string Contract(string members) => "contract T {\n" + members + "\n}\n";

        public static List<ContractDiagnostic> Reported(ContractAnalysis analysis, string id) =>
            analysis.Diagnostics.Where(d => d.Id == id).ToList();

        public static ContractDiagnostic Single(ContractAnalysis analysis, string id)
        {
            var found = Reported(analysis, id);
            Assert.True(found.Count == 1, $"expected one {id}, got {found.Count}:\n" + string.Join("\n", analysis.Diagnostics));
            return found[0];
        }

        public static void None(ContractAnalysis analysis, string id)
        {
            var found = Reported(analysis, id);
            Assert.True(found.Count == 0, $"expected no {id}, got:\n" + string.Join("\n", found));
        }

        /// <summary>Re-checks every gap and conflict witness with a fresh interpreter: the reason fires there.</summary>
        public static void WitnessesCheckOut(BoundContract contract, ContractAnalysis analysis)
        {
            var interpreter = new ContractInterpreter(contract);
            foreach (var finding in analysis.Findings)
            {
                if (finding.Kind == FindingKind.Conflict)
                {
                    var r = interpreter.Evaluate(finding.Witness!.Sample);
                    Assert.False(r.Invalid);
                    Assert.True(r.Active[finding.Norm] && r.Active[finding.Other], "conflict witness does not activate both norms: " + finding.Message);
                    Assert.True((r.Reasons & ReasonBits.Conflict) != 0, "no Conflict reason at the witness: " + finding.Message);
                }
                else if (finding.Kind == FindingKind.Gap)
                {
                    var r = interpreter.Evaluate(finding.Witness!.Sample);
                    Assert.False(r.Invalid);
                    Assert.True((r.Reasons & ReasonBits.Gap) != 0, "no Gap reason at the witness: " + finding.Message);
                    foreach (var n in contract.Norms.Where(n => n.Concern == finding.Concern))
                        Assert.False(r.ContextHolds[n.Index], "a context of the concern holds at the gap witness: " + finding.Message);
                }
            }
        }
    }
}
