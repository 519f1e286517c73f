using ContractDsl.Generators.Tests.Harness;
using Microsoft.CodeAnalysis;

namespace ContractDsl.Generators.Tests.Emit
{
    /// <summary>Every batch column is a required member: a forgotten signal is a compile-time error, not a run-time one.</summary>
    public class RequiredColumnsTests
    {
        private const string Contract = "contract Two { signal a : prob; signal b : flag; reward a; norm n \"r\" when b penalize 1; }";

        private static IEnumerable<Diagnostic> Errors(string program) =>
            GeneratorHarness.Run(new Dictionary<string, string> { ["two.contract"] = Contract }, new[] { program })
                .CompilationDiagnostics.Where(d => d.Severity == DiagnosticSeverity.Error);

        [Fact]
        public void A_missing_column_does_not_compile()
        {
            var errors = Errors("class P { static void M() { var b = new Consumer.App.Two.Batch(1) { A = new float[1] }; } }");
            var error = Assert.Single(errors);
            Assert.Equal("CS9035", error.Id); // Required member 'Two.Batch.B' must be set in the object initializer
            Assert.Contains("B", error.GetMessage());
        }

        [Fact]
        public void Every_column_set_compiles()
        {
            Assert.Empty(Errors("class P { static void M() { var b = new Consumer.App.Two.Batch(1) { A = new float[1], B = new bool[1] }; } }"));
        }
    }
}
