using System.IO;
using System.Numerics;
using System.Runtime.Intrinsics;
using ContractDsl.Generators.Tests.Harness;
using ContractDsl.Runtime;
using Kernel = ContractDsl.Generators.Tests.Harness.CompiledModule.Kernel;

namespace ContractDsl.Generators.Tests.Emit
{
    /// <summary>
    /// The module's <c>Vector512&lt;float&gt;</c> body (<c>EvaluateVectors512</c>) and its <c>Vector&lt;float&gt;</c> body, each
    /// called directly on a whole batch, against the scalar kernel on the same batch: every output bit for bit. Calling
    /// the bodies directly means each test runs the body it names, whatever <c>Evaluate</c> would choose on this machine
    /// (without AVX-512, .NET runs the Vector512 operations in software, on the same IEEE semantics).
    /// </summary>
    public class Vector512BodyTests
    {
        public static TheoryData<string> Contracts => new TheoryData<string>
        {
            "assistant.contract", "semantics.contract", "functions.contract", "calls.contract", "../../bench/contracts/smooth.contract",
            "../../bench/contracts/bench.contract",
        };

        [Theory]
        [MemberData(nameof(Contracts))]
        public void The_512_bit_body_gives_the_scalar_kernels_bits_on_every_sample(string file) => BodyMatchesScalar(file, Kernel.Vector512);

        [Theory]
        [MemberData(nameof(Contracts))]
        public void The_vector_of_T_body_gives_the_scalar_kernels_bits_on_every_sample(string file) => BodyMatchesScalar(file, Kernel.Vector);

        /// <summary>
        /// Which body <c>Evaluate</c> takes: the 512-bit one exactly where Vector512 is accelerated and <c>Vector&lt;float&gt;</c>
        /// narrower. On this project's AVX-512 machines that is true (.NET keeps <c>Vector&lt;float&gt;</c> at 256 bits), so the
        /// public path's identity tests (VectorScalarIdentityTests, ParallelEvaluationTests) run through it there.
        /// </summary>
        [Fact]
        public void Evaluate_takes_the_512_bit_body_where_Vector512_is_accelerated()
        {
            Assert.Equal(Vector512.IsHardwareAccelerated && Vector<float>.Count < Vector512<float>.Count, LaneMath512.UseVector512Body);
            // A mixed batch through Evaluate: blocks of 16, one Vector<float>, then a scalar tail, all against the scalar kernel.
            const string file = "functions.contract";
            var text = TestData.Read(file);
            var module = CompiledModule.Compile(text, file);
            var contract = ContractCompiler.Compile(file, text).Modules.Single().Contract;
            int n = 16 * 9 + Vector<float>.Count + 5;
            var columns = RandomBatches.Columns(contract, n, new Random(11), specials: true);
            AssertSameBits(module, module.Evaluate(n, columns), module.EvaluateWith(Kernel.Scalar, n, columns), n, file + " through Evaluate");
        }

        private static void BodyMatchesScalar(string file, Kernel body)
        {
            var text = File.ReadAllText(Path.Combine(TestData.Directory, file));
            var module = CompiledModule.Compile(text, Path.GetFileName(file));
            var contract = ContractCompiler.Compile(Path.GetFileName(file), text).Modules.Single().Contract;
            var random = new Random(file.Length * 104729 + (int)body);
            int width = body == Kernel.Vector512 ? Vector512<float>.Count : Vector<float>.Count;
            int n = width * (208 / width); // whole vectors only: every sample goes through the body under test
            for (int round = 0; round < 4; round++)
            {
                var columns = RandomBatches.Columns(contract, n, random, specials: round > 0);
                var vector = module.EvaluateWith(body, n, columns);
                var scalar = module.EvaluateWith(Kernel.Scalar, n, columns);
                AssertSameBits(module, vector, scalar, n, $"{file} {body} round {round}");
                if (round > 0)
                {
                    // Not vacuous: the batch has invalid and clamped samples, and samples where norms apply.
                    Assert.Contains(vector.Reasons.ToArray(), r => r.HasFlag(RewardReasons.Invalid));
                    Assert.Contains(vector.Reasons.ToArray(), r => r.HasFlag(RewardReasons.OutOfDomain));
                }
            }
        }

        private static void AssertSameBits(CompiledModule module, RewardOutputs actual, RewardOutputs expected, int n, string what)
        {
            for (int i = 0; i < n; i++)
            {
                string at = $"{what}, sample {i}";
                Assert.True(Bits(actual.Total[i]) == Bits(expected.Total[i]), $"{at}: total {actual.Total[i]} vs {expected.Total[i]}");
                Assert.True(Bits(actual.Base[i]) == Bits(expected.Base[i]), $"{at}: base {actual.Base[i]} vs {expected.Base[i]}");
                Assert.True(Bits(actual.Uncertainty[i]) == Bits(expected.Uncertainty[i]), $"{at}: uncertainty {actual.Uncertainty[i]} vs {expected.Uncertainty[i]}");
                Assert.True(actual.Reasons[i] == expected.Reasons[i], $"{at}: reasons {actual.Reasons[i]} vs {expected.Reasons[i]}");
                for (int k = 0; k < module.NormCount; k++)
                {
                    Assert.True(Bits(actual.Contribution(k)[i]) == Bits(expected.Contribution(k)[i]), $"{at}: norm {k} {actual.Contribution(k)[i]} vs {expected.Contribution(k)[i]}");
                    Assert.True(actual.IsActive(k)[i] == expected.IsActive(k)[i], $"{at}: active {k}");
                }
            }
        }

        private static int Bits(float value) => BitConverter.SingleToInt32Bits(value);
    }
}
