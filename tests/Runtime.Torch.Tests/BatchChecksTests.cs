using TorchSharp;
using static TorchSharp.torch;

namespace ContractDsl.Runtime.Torch.Tests
{
    /// <summary>The column checks and the strict-mode collector of the generated torch path.</summary>
    public sealed class BatchChecksTests : TorchTestBase
    {
        [Fact]
        public void The_first_column_fixes_the_batch_size_and_device()
        {
            using var scope = NewDisposeScope();
            var shape = new TensorBatchShape("Assistant");
            Assert.Equal(-1, shape.Count);
            shape.Column(zeros(4), "Toxicity", "toxicity", ScalarType.Float32);
            shape.Column(zeros(new long[] { 4, 3 }), "Rm", "rm", ScalarType.Float32, members: 3);
            Assert.Equal(4, shape.Count);
            Assert.Equal(DeviceType.CPU, shape.Device.type);
        }

        [Fact]
        public void Each_wrong_column_is_named_with_what_was_expected()
        {
            using var scope = NewDisposeScope();
            var shape = new TensorBatchShape("Assistant");
            shape.Column(zeros(4), "Toxicity", "toxicity", ScalarType.Float32);
            string Message(Action check) => Assert.Throws<ArgumentException>(check).Message;
            Assert.Contains("Assistant.TensorBatch.Tokens (signal tokens) is not set", Message(() => shape.Column(null, "Tokens", "tokens", ScalarType.Float32)));
            Assert.Contains("must be Int64 but is Float32", Message(() => shape.Column(zeros(4), "Region", "region", ScalarType.Int64)));
            Assert.Contains("must have shape [N, 4] but has [4, 3]", Message(() => shape.Column(zeros(new long[] { 4, 3 }), "Rm", "rm", ScalarType.Float32, members: 4)));
            Assert.Contains("has 5 samples but the batch's other columns have 4", Message(() => shape.Column(zeros(5), "Tokens", "tokens", ScalarType.Float32)));
            var disposed = zeros(4);
            disposed.Dispose();
            Assert.Contains("has been disposed", Message(() => shape.Column(disposed, "Tokens", "tokens", ScalarType.Float32)));
        }

        [Fact]
        public void Strict_mode_names_the_first_sample_then_the_first_signal_then_the_first_member()
        {
            using var scope = NewDisposeScope();
            var violations = new DomainViolations("Assistant");
            var toxicity = tensor(new[] { 0.5f, 0.5f, 2f });
            violations.Add("toxicity", "[0, 1]", toxicity, toxicity.gt(1f));
            var rm = tensor(new[] { 0f, 0f, 0f, 11f, 0f, 12f }, new long[] { 3, 2 });
            violations.Add("rm", "[-10, 10]", rm, rm.gt(10f));
            var e = Assert.Throws<ContractDomainException>(violations.ThrowIfAny);
            Assert.Equal(1, e.SampleIndex);
            Assert.Equal("rm", e.Signal);
            Assert.Equal(11, e.Value);
            Assert.Equal("contract Assistant: sample 1: signal `rm` = 11 is outside its domain [-10, 10]", e.Message);
        }

        [Fact]
        public void Strict_mode_is_silent_on_an_in_domain_batch()
        {
            using var scope = NewDisposeScope();
            var violations = new DomainViolations("Assistant");
            var x = tensor(new[] { 0.5f });
            violations.Add("toxicity", "[0, 1]", x, x.gt(1f));
            violations.ThrowIfAny();
        }
    }
}
