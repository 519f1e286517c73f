using System.Text;
using ContractDsl.Diagnostics;

using ContractDsl.Testing;

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

        [Fact]
        public void An_unbounded_let_chain_on_a_controlled_signal_is_reported_with_its_source_on_a_small_stack()
        {
            // The reward grows with a controlled signal through 3,000 lets (CDSL2003 walks the trend through them) and is
            // unbounded (CDSL2002 descends through them to name the term that overflows).
            var sb = new StringBuilder("contract S {\n  signal x : real in [0, 10] controlled \"a lever\";\n  let a0 = x;\n");
            for (int i = 1; i < 3_000; i++) sb.Append($"  let a{i} = a{i - 1} * 2;\n");
            sb.Append("  reward a2999;\n}\n");

            var compiled = CompileOnSmallStack(sb.ToString());

            Assert.DoesNotContain(compiled.Diagnostics, d => d.IsError);
            Assert.Contains(compiled.Diagnostics, d => d.Id == DiagnosticCatalog.RewardHackingLever.Id);
            Assert.Contains(compiled.Diagnostics, d => d.Id == DiagnosticCatalog.UnboundedReward.Id);
        }

        [Fact]
        public void A_let_that_reads_itself_is_a_cycle_error_and_the_rest_is_still_analysed()
        {
            // Found by the fuzzing benchmark (mutate-bytes): the partial analysis of a contract with a let cycle followed
            // the cycle until the stack overflowed.
            const string text = "contract S {\n  signal x : real in [0, 10];\n  let l6 = 21.7 - 7 / 27.8 * l6 - l6;\n  let l8 = l6 / 3;\n" +
                                "  reward x;\n  norm n \"Big l8.\" when l8 > 1 penalize l8;\n  norm m when x > 20 penalize 1;\n}\n";

            var compiled = CompileOnSmallStack(text);

            Assert.Contains(compiled.Diagnostics, d => d.Id == DiagnosticCatalog.LetCycle.Id);
            Assert.Contains(compiled.Diagnostics, d => d.Id == DiagnosticCatalog.NormWithoutRationale.Id);
        }

        [Fact]
        public void Two_versions_of_a_long_let_chain_are_diffed_on_a_small_stack()
        {
            static string Version(double last)
            {
                var sb = new StringBuilder("contract S {\n  signal x : real in [-10, 10];\n  let a0 = x;\n");
                for (int i = 1; i < 3_000; i++) sb.Append($"  let a{i} = a{i - 1} * 0.5 + 1;\n");
                sb.Append($"  reward clamp(a2999, -1, 1);\n  norm high \"High.\" when a2999 > {last} reward 1;\n}}\n");
                return sb.ToString();
            }
            var diff = SmallStack.Run(() => ContractDsl.Versions.ContractDiff.Compare(
                ContractCompiler.Compile("before.contract", Version(1.5)).Modules.Single(),
                ContractCompiler.Compile("after.contract", Version(1.25)).Modules.Single()));
            // a_k = 2 - (2 - x)/2^k: after 3,000 halvings a2999 is 2 for every x, so both thresholds hold everywhere
            Assert.Equal(ContractDsl.Versions.DiffVerdict.Equivalent, diff.Verdict);
        }
    }
}
