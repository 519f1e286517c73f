using ContractDsl.Generators.Tests.Harness;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ContractDsl.Generators.Tests.Pipeline
{
    /// <summary>
    /// Editing C# elsewhere, or another contract, must re-run nothing of ours for an unchanged contract:
    /// every tracked step of that contract is Cached or Unchanged. This holds only because every model
    /// between the steps is value-equal.
    /// </summary>
    public class CacheabilityTests
    {
        private const string First = "contract First { signal a : flag; reward 0; norm n \"r\" when a penalize 1; }";
        private const string Second = "contract Second { signal b : prob; reward b; }";

        private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorDriverRunResult run, string step) =>
            run.Results.Single().TrackedSteps[step].SelectMany(s => s.Outputs).Select(o => o.Reason);

        private static IEnumerable<IncrementalStepRunReason> ReasonsFor(GeneratorDriverRunResult run, string step, string contractName) =>
            run.Results.Single().TrackedSteps[step]
                .SelectMany(s => s.Outputs)
                .Where(o => o.Value is EmitRequest r && r.Module.Name == contractName)
                .Select(o => o.Reason);

        [Fact]
        public void Editing_an_unrelated_csharp_file_leaves_every_step_cached()
        {
            var texts = new List<AdditionalText> { new InMemoryAdditionalText("first.contract", First) };
            var compilation = ModuleCompiler.CreateCompilation(withTorch: true, "class A { }");
            var driver = ModuleCompiler.CreateDriver(texts).RunGenerators(compilation);

            var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.First(),
                CSharpSyntaxTree.ParseText("class A { int x; }", ModuleCompiler.ParseOptions, path: "Source0.cs"));
            var run = driver.RunGenerators(edited).GetRunResult();

            foreach (var step in new[] { TrackingNames.Source, TrackingNames.Compiled, TrackingNames.Modules, TrackingNames.EmitRequest })
                Assert.All(Reasons(run, step), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
            Assert.All(run.Results.Single().TrackedOutputSteps.SelectMany(s => s.Value).SelectMany(s => s.Outputs),
                o => Assert.Equal(IncrementalStepRunReason.Cached, o.Reason));
        }

        [Fact]
        public void Editing_another_contract_leaves_this_contracts_steps_unchanged()
        {
            var first = new InMemoryAdditionalText("first.contract", First);
            var second = new InMemoryAdditionalText("second.contract", Second);
            var compilation = ModuleCompiler.CreateCompilation(withTorch: true, "class A { }");
            var driver = ModuleCompiler.CreateDriver(new AdditionalText[] { first, second }).RunGenerators(compilation);

            driver = driver.ReplaceAdditionalText(second, new InMemoryAdditionalText("second.contract", Second.Replace("reward b;", "reward 2 * b;")));
            var run = driver.RunGenerators(compilation).GetRunResult();

            var firstReasons = ReasonsFor(run, TrackingNames.EmitRequest, "First").ToList();
            Assert.NotEmpty(firstReasons);
            Assert.All(firstReasons, r => Assert.True(r is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged, r.ToString()));
            Assert.Contains(IncrementalStepRunReason.Modified, ReasonsFor(run, TrackingNames.EmitRequest, "Second"));
        }

        [Fact]
        public void Rewriting_a_contract_with_the_same_text_is_unchanged_downstream()
        {
            var first = new InMemoryAdditionalText("first.contract", First);
            var compilation = ModuleCompiler.CreateCompilation(withTorch: true);
            var driver = ModuleCompiler.CreateDriver(new AdditionalText[] { first }).RunGenerators(compilation);
            driver = driver.ReplaceAdditionalText(first, new InMemoryAdditionalText("first.contract", First));
            var run = driver.RunGenerators(compilation).GetRunResult();
            // A new text object with equal contents: the source model is Unchanged, so nothing downstream runs.
            Assert.All(Reasons(run, TrackingNames.Source), r => Assert.Equal(IncrementalStepRunReason.Unchanged, r));
            Assert.All(Reasons(run, TrackingNames.Compiled), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
            Assert.All(Reasons(run, TrackingNames.EmitRequest), r => Assert.Equal(IncrementalStepRunReason.Cached, r));
        }

        [Fact]
        public void Compiling_the_same_text_twice_gives_equal_models()
        {
            var text = TestData.Read("assistant.contract");
            var a = ContractCompiler.Compile("assistant.contract", text);
            var b = ContractCompiler.Compile("assistant.contract", text);
            Assert.NotSame(a, b);
            Assert.Equal(a, b);
            Assert.Equal(a.GetHashCode(), b.GetHashCode());
        }
    }
}
