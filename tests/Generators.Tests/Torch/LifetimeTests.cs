using ContractDsl.Runtime;
using static TorchSharp.torch;

namespace ContractDsl.Generators.Tests.Torch
{
    /// <summary>
    /// No tensor of the generated torch path outlives its result: after an evaluation exactly the result's six tensors
    /// are alive, and disposing them returns the live count to the baseline — with and without gradients, in strict
    /// mode when it throws, and inside a caller's dispose scope (which then owns the six). Counted with TorchSharp's
    /// dispose-scope statistics, tensor by tensor, so the checks are exact. Batch checks name the column.
    /// </summary>
    [Collection(TorchCollection.Name)]
    public sealed class LifetimeTests : TorchTestBase
    {
        private static TorchModule Assistant => ParityTests.Module("assistant.contract");

        private static Dictionary<string, Array> Columns(int count, int seed) => RandomBatch.Create(Assistant.Contract, count, seed);

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void Only_the_result_survives_and_disposing_it_restores_the_baseline(bool requiresGrad)
        {
            const int count = 500;
            var columns = Columns(count, 3);
            long baseline = LiveTensors;
            var inputs = Assistant.ToTensors(count, columns, CPU, requiresGrad);
            long withInputs = LiveTensors;
            Assert.Equal(baseline + inputs.Count, withInputs);

            var result = Assistant.EvaluateTorch(inputs);
            Assert.Equal(withInputs + 6, LiveTensors); // no intermediate survives the call
            if (requiresGrad)
            {
                using var loss = result[0].sum();
                loss.backward();
                Assert.Equal(withInputs + 7, LiveTensors);
            }
            foreach (var t in result) t.Dispose();
            Assert.Equal(withInputs, LiveTensors);

            foreach (var t in inputs.Values) t.Dispose();
            Assert.Equal(baseline, LiveTensors);
        }

        [Fact]
        public void Repeated_evaluations_do_not_accumulate_tensors()
        {
            const int count = 200;
            var columns = Columns(count, 4);
            long baseline = LiveTensors;
            for (int i = 0; i < 20; i++)
            {
                Assistant.EvaluateTorch(count, columns);
                Assert.Equal(baseline, LiveTensors);
            }
        }

        [Fact]
        public void A_caller_scope_owns_the_result()
        {
            const int count = 100;
            var columns = Columns(count, 5);
            long baseline = LiveTensors;
            using (var scope = NewDisposeScope())
            {
                var inputs = Assistant.ToTensors(count, columns, CPU);
                Assert.Equal(inputs.Count, scope.DisposablesCount);
                var result = Assistant.EvaluateTorch(inputs);
                Assert.Equal(inputs.Count + 6, scope.DisposablesCount); // the outputs joined the caller's scope, nothing else did
                Assert.All(result, t => Assert.True(scope.Contains(t)));
                Assert.False(result[0].IsInvalid);
            }
            Assert.Equal(baseline, LiveTensors);
        }

        [Fact]
        public void Strict_mode_releases_everything_when_it_throws()
        {
            const int count = 300;
            var columns = Columns(count, 6);
            long baseline = LiveTensors;
            using (NewDisposeScope())
            {
                var inputs = Assistant.ToTensors(count, columns, CPU);
                long withInputs = LiveTensors;
                Assert.Throws<ContractDomainException>(() => Assistant.EvaluateTorch(inputs, DomainPolicy.Strict));
                Assert.Equal(withInputs, LiveTensors);
            }
            Assert.Equal(baseline, LiveTensors);
        }

        [Fact]
        public void Batch_checks_name_the_column()
        {
            using var scope = NewDisposeScope();
            var inputs = Assistant.ToTensors(4, Columns(4, 7), CPU);

            var missing = new Dictionary<string, Tensor>(inputs);
            missing.Remove("toxicity");
            var e = Assert.Throws<ArgumentException>(() => Assistant.EvaluateTorch(missing));
            Assert.Contains("Assistant.TensorBatch.Toxicity (signal toxicity) is not set", e.Message);

            var wrongType = new Dictionary<string, Tensor>(inputs) { ["region"] = tensor(new[] { 0f, 1f, 2f, 3f }) };
            e = Assert.Throws<ArgumentException>(() => Assistant.EvaluateTorch(wrongType));
            Assert.Contains("must be Int64 but is Float32", e.Message);

            var wrongShape = new Dictionary<string, Tensor>(inputs) { ["rm"] = zeros(new long[] { 4, 3 }) };
            e = Assert.Throws<ArgumentException>(() => Assistant.EvaluateTorch(wrongShape));
            Assert.Contains("must have shape [N, 4] but has [4, 3]", e.Message);

            var wrongCount = new Dictionary<string, Tensor>(inputs) { ["toxicity"] = zeros(5) };
            e = Assert.Throws<ArgumentException>(() => Assistant.EvaluateTorch(wrongCount));
            Assert.Contains("has 5 samples but the batch's other columns have 4", e.Message);
        }

        [Fact]
        public void An_empty_batch_gives_empty_outputs()
        {
            var columns = Assistant.Contract.Signals.ToDictionary(s => s.Name, s => s.Kind switch
            {
                Binding.SignalKind.Flag => (Array)Array.Empty<bool>(),
                Binding.SignalKind.Category => Array.Empty<int>(),
                _ => Array.Empty<float>(),
            });
            var r = Assistant.EvaluateTorch(0, columns);
            Assert.Empty(r.Total);
            Assert.Empty(r.Contributions);
        }
    }
}
