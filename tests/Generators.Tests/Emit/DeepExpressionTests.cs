using ContractDsl.Testing;
using ContractDsl.Generators.Tests.Harness;
using ContractDsl.Syntax;

namespace ContractDsl.Generators.Tests.Emit
{
    /// <summary>
    /// The deepest expression the parser accepts (<see cref="SyntaxDepth.MaxDepth"/>) through the emitters on a 1 MB
    /// stack (a compiler thread's), and the emitted C# through the C# compiler: the printers walk the IR's trees
    /// recursively, so the parser's limit must be enough for them too.
    /// </summary>
    public class DeepExpressionTests
    {
        [Fact]
        public void The_deepest_accepted_expression_is_emitted_on_a_small_stack_and_compiles()
        {
            string terms = string.Join(" + ", Enumerable.Repeat("x", 100));
            string e = terms;
            string header = "contract Deep {\n  signal x : real in [0, 1];\n  signal f : flag;\n";
            while (Depth(header, e) + 101 <= SyntaxDepth.MaxDepth) e = "(" + e + ") * 0.5 + " + terms;
            string text = header + $"  let deep = {e};\n  reward clamp(deep, 0, 10);\n  norm big \"Big.\" when f and deep > 3 penalize clamp(deep, 0, 2);\n}}\n";

            var (cpu, torch) = SmallStack.Run(() =>
            {
                var compiled = ContractCompiler.Compile("deep.contract", text);
                Assert.DoesNotContain(compiled.Diagnostics, d => d.IsError);
                var module = Assert.Single(compiled.Modules);
                return (ModuleSources.Cpu(module, "Consumer.App"), ModuleSources.Torch(module, "Consumer.App"));
            });

            var compilation = ModuleCompiler.CreateCompilation(withTorch: true, cpu, torch);
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity >= Microsoft.CodeAnalysis.DiagnosticSeverity.Warning));
        }

        private static int Depth(string header, string expression)
        {
            var file = ContractParser.Parse("e.contract", header + "  reward " + expression + ";\n}\n");
            return SyntaxDepth.Of(((RewardSyntax)file.Contracts[0].Members.Single(m => m is RewardSyntax)).Value);
        }
    }
}
