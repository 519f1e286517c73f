using ContractDsl.Analysis;
using ContractDsl.Evaluation;
using ContractDsl.Generators.Tests.Harness;
using ContractDsl.Runtime;

namespace ContractDsl.Generators.Tests.Analysis
{
    /// <summary>
    /// The analysis reasons about the contract through its reference interpreter; users run the generated
    /// module. These tests tie the two together: every reported witness is a gap or conflict under the
    /// generated module's own output, and the interpreter agrees with the module bit for bit.
    /// </summary>
    public class ModuleAgreementTests
    {
        public static IEnumerable<object[]> Contracts() => new[]
        {
            new object[] { "assistant.contract" },
            new object[] { "semantics.contract" },
            new object[] { "functions.contract" },
            new object[] { "calls.contract" },
            new object[] { "realistic.contract" },
            new object[] { "witnesses.contract" },
        };

        [Theory]
        [MemberData(nameof(Contracts))]
        public void Every_reported_witness_is_a_gap_or_conflict_under_the_generated_module(string file)
        {
            var text = TestData.Read(file);
            var compiled = ContractCompiler.Compile(file, text);
            var analysis = compiled.Analyses.Single();
            var contract = compiled.Modules.Single().Contract;
            var module = CompiledModule.Compile(text, file);
            var witnessed = analysis.Findings.Where(f => f.Witness != null && f.Kind is FindingKind.Gap or FindingKind.Conflict).ToList();
            if (file == "witnesses.contract") Assert.True(witnessed.Count >= 4, $"expected several findings, got {witnessed.Count}");
            foreach (var finding in witnessed)
            {
                var o = module.Evaluate(1, RandomBatches.FromSample(contract, finding.Witness!.Sample));
                if (finding.Kind == FindingKind.Gap)
                {
                    Assert.True(o.Reasons[0].HasFlag(RewardReasons.Gap), $"{file}: gap witness {finding.Witness} gives reasons {o.Reasons[0]}");
                }
                else
                {
                    Assert.True(o.IsActive(finding.Norm)[0] && o.IsActive(finding.Other)[0], $"{file}: conflict witness {finding.Witness}: not both active");
                    Assert.True(o.Reasons[0].HasFlag(RewardReasons.Conflict), $"{file}: conflict witness {finding.Witness} gives reasons {o.Reasons[0]}");
                }
            }
        }

        [Theory]
        [MemberData(nameof(Contracts))]
        public void The_reference_interpreter_agrees_with_the_generated_module_bit_for_bit(string file)
        {
            var text = TestData.Read(file);
            var contract = ContractCompiler.Compile(file, text).Modules.Single().Contract;
            var module = CompiledModule.Compile(text, file);
            var interpreter = new ContractInterpreter(contract);
            const int n = 301;
            var columns = RandomBatches.Columns(contract, n, new Random(file.Length * 31), specials: true);
            var o = module.Evaluate(n, columns);
            for (int i = 0; i < n; i++)
            {
                var r = interpreter.Evaluate(RandomBatches.ToSample(contract, columns, i));
                string at = $"{file} sample {i}";
                Assert.True(Bits(o.Total[i]) == Bits(r.Total), $"{at}: total {o.Total[i]} vs interpreter {r.Total}");
                Assert.True(Bits(o.Uncertainty[i]) == Bits(r.Uncertainty), $"{at}: uncertainty");
                Assert.True((byte)o.Reasons[i] == (byte)r.Reasons, $"{at}: reasons {o.Reasons[i]} vs {r.Reasons}");
                if (r.Invalid) continue;
                Assert.True(Bits(o.Base[i]) == Bits(r.Base), $"{at}: base");
                for (int k = 0; k < contract.Norms.Length; k++)
                {
                    Assert.True(o.IsActive(k)[i] == r.Active[k], $"{at}: active {k}");
                    Assert.True(Bits(o.Contribution(k)[i]) == Bits(r.Contributions[k]), $"{at}: norm {k}");
                }
            }
        }

        private static int Bits(float value) => BitConverter.SingleToInt32Bits(value);
    }
}
