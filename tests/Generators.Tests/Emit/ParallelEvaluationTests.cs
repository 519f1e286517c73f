using System.Threading;
using System.Threading.Tasks;
using ContractDsl.Generators.Tests.Harness;
using ContractDsl.Runtime;

namespace ContractDsl.Generators.Tests.Emit
{
    /// <summary>
    /// A batch evaluated on several threads (<c>Parallelism</c>, docs/language.md) gives exactly the bits of the same batch on
    /// one thread, allocates nothing once the workers exist, and leaves strict mode's first-offending-sample error as it is.
    /// </summary>
    [Collection(SequentialCollection.Name)]
    public class ParallelEvaluationTests
    {
        /// <summary>Every chunk boundary and worker is exercised: no threshold, chunks of a few hundred samples, more threads than cores.</summary>
        private static readonly EvaluationParallelism Eager = new EvaluationParallelism(maxThreads: 4, minimumSamples: 0);

        [Theory]
        [InlineData("assistant.contract")]
        [InlineData("semantics.contract")]
        [InlineData("functions.contract")]
        [InlineData("realistic.contract")]
        public void A_parallel_evaluation_gives_the_bits_of_a_single_threaded_one(string file)
        {
            var text = TestData.Read(file);
            var module = CompiledModule.Compile(text, file);
            var contract = ContractCompiler.Compile(file, text).Modules.Single().Contract;
            const int n = 5003; // several chunks, a partial last chunk, a scalar tail
            var columns = RandomBatches.Columns(contract, n, new Random(file.Length * 31), specials: true);
            var single = module.Evaluate(n, columns, parallelism: EvaluationParallelism.SingleThread);
            var parallel = module.Evaluate(n, columns, parallelism: Eager);
            AssertSameBits(single, parallel, module.NormCount, file);
        }

        [Fact]
        public void Concurrent_parallel_evaluations_each_get_their_own_results()
        {
            // One evaluation holds the workers at a time; the others run on their own threads. Either way, the right results.
            var module = CompiledModule.Compile(TestData.Read("assistant.contract"), "assistant.contract");
            var contract = ContractCompiler.Compile("assistant.contract", TestData.Read("assistant.contract")).Modules.Single().Contract;
            var batches = Enumerable.Range(0, 6).Select(seed => RandomBatches.Columns(contract, 3000 + seed, new Random(seed), specials: true)).ToArray();
            var expected = batches.Select((b, k) => module.Evaluate(3000 + k, b, parallelism: EvaluationParallelism.SingleThread)).ToArray();
            var actual = new RewardOutputs[batches.Length];
            Parallel.For(0, batches.Length, new ParallelOptions { MaxDegreeOfParallelism = 3 }, k => actual[k] = module.Evaluate(3000 + k, batches[k], parallelism: Eager));
            for (int k = 0; k < batches.Length; k++) AssertSameBits(expected[k], actual[k], module.NormCount, $"batch {k}");
        }

        [Fact]
        public void Workers_that_spin_or_block_between_evaluations_give_the_same_bits()
        {
            // Back-to-back evaluations (the workers still polling), evaluations after a pause longer than the spin (the
            // workers blocked on their semaphore), and no spin at all: the same bits every time, no wake lost (a lost wake
            // would leave its chunks to the caller, still correct; a wake delivered twice must not run a job twice).
            var module = CompiledModule.Compile(TestData.Read("realistic.contract"), "realistic.contract");
            var contract = ContractCompiler.Compile("realistic.contract", TestData.Read("realistic.contract")).Modules.Single().Contract;
            const int n = 20_011;
            var columns = RandomBatches.Columns(contract, n, new Random(17), specials: true);
            var expected = module.Evaluate(n, columns, parallelism: EvaluationParallelism.SingleThread);
            foreach (var spin in new[] { EvaluationParallelism.DefaultWorkerSpin, TimeSpan.Zero, TimeSpan.FromMilliseconds(0.05) })
            {
                var parallelism = new EvaluationParallelism(maxThreads: 4, minimumSamples: 0, workerSpin: spin);
                for (int i = 0; i < 24; i++)
                {
                    if (i % 4 == 3) Thread.Sleep(3); // past any spin: the workers block
                    var actual = module.Evaluate(n, columns, parallelism: parallelism);
                    AssertSameBits(expected, actual, module.NormCount, $"spin {spin.TotalMilliseconds} ms, evaluation {i}");
                }
            }
        }

        [Fact]
        public void A_parallel_evaluation_allocates_nothing_once_the_workers_exist()
        {
            var module = CompiledModule.Compile(TestData.Read("assistant.contract"), "assistant.contract");
            var contract = ContractCompiler.Compile("assistant.contract", TestData.Read("assistant.contract")).Modules.Single().Contract;
            var columns = RandomBatches.Columns(contract, 20_000, new Random(5), specials: true);
            Assert.Equal(0, module.AllocatedBytes(20_000, columns, repeats: 50, parallelism: Eager));
        }

        [Fact]
        public void Strict_mode_reports_the_first_offending_sample_with_parallelism_on()
        {
            var module = CompiledModule.Compile(TestData.Read("assistant.contract"), "assistant.contract");
            var toxicity = Enumerable.Repeat(0.1f, 4000).ToArray();
            toxicity[2500] = 1.5f;
            toxicity[3900] = float.NaN;
            var e = Assert.Throws<ContractDomainException>(() => module.Evaluate(4000, new Dictionary<string, Array> { ["toxicity"] = toxicity }, DomainPolicy.Strict, parallelism: Eager));
            Assert.Equal(2500, e.SampleIndex);
        }

        [Fact]
        public void Small_batches_stay_on_the_calling_thread_and_the_options_are_checked()
        {
            var options = new EvaluationParallelism(maxThreads: 8, minimumSamples: 10_000);
            Assert.Equal(1, options.ThreadsFor(9_999));
            Assert.Equal(8, options.ThreadsFor(1_000_000));
            // No more threads than chunks of the smallest size, as the evaluation itself counts them.
            var eager = new EvaluationParallelism(8, minimumSamples: 0);
            Assert.Equal(1, eager.ThreadsFor(ParallelEvaluation.MinChunk));
            Assert.Equal(2, eager.ThreadsFor(ParallelEvaluation.MinChunk + 1));
            Assert.Equal(8, eager.ThreadsFor(int.MaxValue));
            Assert.Equal(1, eager.ThreadsFor(0));
            Assert.Equal(1, EvaluationParallelism.SingleThread.ThreadsFor(int.MaxValue));
            Assert.Equal(Environment.ProcessorCount, EvaluationParallelism.Default.MaxThreads);
            Assert.Throws<ArgumentOutOfRangeException>(() => new EvaluationParallelism(0));
            Assert.Throws<ArgumentOutOfRangeException>(() => new EvaluationParallelism(2, minimumSamples: -1));
            Assert.Equal(TimeSpan.FromMilliseconds(1), EvaluationParallelism.Default.WorkerSpin);
            Assert.Equal(EvaluationParallelism.DefaultWorkerSpin, new EvaluationParallelism(2).WorkerSpin);
            Assert.Equal(TimeSpan.Zero, new EvaluationParallelism(2, 0, TimeSpan.Zero).WorkerSpin);
            Assert.Throws<ArgumentOutOfRangeException>(() => new EvaluationParallelism(2, 0, TimeSpan.FromTicks(-1)));
            Assert.Throws<ArgumentOutOfRangeException>(() => new EvaluationParallelism(2, 0, EvaluationParallelism.MaxWorkerSpin + TimeSpan.FromTicks(1)));
        }

        private static void AssertSameBits(RewardOutputs expected, RewardOutputs actual, int norms, string what)
        {
            Assert.Equal(Bits(expected.Total), Bits(actual.Total));
            Assert.Equal(Bits(expected.Base), Bits(actual.Base));
            Assert.Equal(Bits(expected.Uncertainty), Bits(actual.Uncertainty));
            Assert.Equal(expected.Reasons.ToArray(), actual.Reasons.ToArray());
            for (int k = 0; k < norms; k++)
            {
                Assert.True(Bits(expected.Contribution(k)).SequenceEqual(Bits(actual.Contribution(k))), $"{what}: contributions of norm {k}");
                Assert.True(expected.IsActive(k).ToArray().SequenceEqual(actual.IsActive(k).ToArray()), $"{what}: activity of norm {k}");
            }
        }

        private static int[] Bits(Span<float> values) => values.ToArray().Select(BitConverter.SingleToInt32Bits).ToArray();
    }

    /// <summary>Tests that measure the whole process (allocations on every thread) run alone, not next to other tests.</summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class SequentialCollection
    {
        public const string Name = "Sequential (process-wide measurements)";
    }
}
