using System.Text;
using ContractDsl.Diagnostics;

namespace ContractDsl.Tests.Robustness
{
    /// <summary>
    /// Inputs that crashed the stages after the binder (the fuzzing benchmark, bench/Fuzz): the whole pipeline,
    /// <see cref="ContractCompiler.Compile"/>, on a 1 MB stack (<see cref="SmallStack"/>).
    /// </summary>
    public class PipelineStressTests
    {
        private static CompiledFile CompileOnSmallStack(string text) => SmallStack.Run(() => ContractCompiler.Compile("stress.contract", text));

        [Theory]
        [InlineData(3_000, false)]
        [InlineData(3_000, true)]
        public void A_long_let_chain_read_by_guards_and_amounts_compiles_on_a_small_stack(int count, bool lastFirst)
        {
            var sb = new StringBuilder("contract S {\n  signal x : real in [-10, 10];\n  signal f : flag;\n  let a0 = x;\n");
            var lets = Enumerable.Range(1, count - 1).Select(i => $"  let a{i} = a{i - 1} * 0.5 + 1;\n");
            foreach (var let in lastFirst ? lets.Reverse() : lets) sb.Append(let);
            string last = "a" + (count - 1);
            sb.Append($"  reward clamp({last}, -1, 1);\n");
            sb.Append($"  norm high \"High is good.\" when {last} > 1.5 reward 1;\n");
            sb.Append($"  norm flagged \"Flags cost.\" when f and {last} < 3 penalize clamp({last}, 0, 2);\n}}\n");

            var compiled = CompileOnSmallStack(sb.ToString());

            Assert.DoesNotContain(compiled.Diagnostics, d => d.IsError);
            var module = Assert.Single(compiled.Modules);
            Assert.Equal(count, module.Kernel.Lets.Length);
            // The analysis followed the chain: a_k tends to 2 from any x in [-10, 10], so `high` can apply and the
            // range is finite.
            var analysis = Assert.Single(compiled.Analyses);
            Assert.True(double.IsFinite(analysis.Range.Low) && double.IsFinite(analysis.Range.High), analysis.Range.ToString());
        }
    }
}
