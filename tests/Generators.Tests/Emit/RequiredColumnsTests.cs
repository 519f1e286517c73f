using System.Threading.Tasks;
using ContractDsl.Generators.Tests.Harness;
using Microsoft.CodeAnalysis.Testing;

namespace ContractDsl.Generators.Tests.Emit
{
    /// <summary>Every batch column is a required member: a forgotten signal is a compile-time error, not a run-time one.</summary>
    public class RequiredColumnsTests
    {
        private const string Contract = "contract Two { signal a : prob \"a\"; signal b : flag \"b\"; reward a; norm n \"r\" when b penalize 1; }";

        private static ContractAnalyzerTest Test(string program)
        {
            var test = new ContractAnalyzerTest { TestBehaviors = TestBehaviors.SkipGeneratedSourcesCheck };
            test.TestState.AdditionalFiles.Add(("two.contract", Contract));
            test.TestState.Sources.Add(program);
            return test;
        }

        [Fact]
        public async Task A_missing_column_does_not_compile()
        {
            var test = Test("class P { static void M() { var b = new {|#0:Consumer.App.Two.Batch|}(1) { A = new float[1] }; } }");
            // Required member 'Two.Batch.B' must be set in the object initializer or attribute constructor.
            test.ExpectedDiagnostics.Add(DiagnosticResult.CompilerError("CS9035").WithLocation(0).WithArguments("Consumer.App.Two.Batch.B"));
            await test.RunAsync();
        }

        [Fact]
        public async Task Every_column_set_compiles()
        {
            await Test("class P { static void M() { var b = new Consumer.App.Two.Batch(1) { A = new float[1], B = new bool[1] }; } }").RunAsync();
        }
    }
}
