using TorchSharp;
using static TorchSharp.torch;

namespace ContractDsl.Runtime.Torch.Tests
{
    /// <summary>
    /// The helpers the generated torch path calls: values as the CPU kernel computes them (bit for bit where the CPU
    /// kernel's order is reproduced), gradients exact and finite, dtypes and devices of the inputs, no tensor left behind.
    /// </summary>
    public sealed class TorchKernelTests : TorchTestBase
    {
        [Fact]
        public void Where_with_constant_branches_keeps_the_dtype_of_the_tensor_branch()
        {
            using var scope = NewDisposeScope();
            var condition = tensor(new[] { true, false, true });
            var x = tensor(new[] { 1f, 2f, 3f });
            Assert.Equal(new[] { 1f, -1f, 3f }, Host<float>(TorchKernel.Where(condition, x, -1f)));
            Assert.Equal(new[] { 0.5f, 2f, 0.5f }, Host<float>(TorchKernel.Where(condition, 0.5f, x)));
            var both = TorchKernel.Where(condition, 4f, 0f);
            Assert.Equal(ScalarType.Float32, both.dtype);
            Assert.Equal(new[] { 4f, 0f, 4f }, Host<float>(both));
            var doubles = tensor(new[] { 1.0, 2.0, 3.0 });
            Assert.Equal(ScalarType.Float64, TorchKernel.Where(condition, doubles, 0f).dtype);
        }

        [Fact]
        public void Divide_is_the_correctly_rounded_float_quotient()
        {
            using var scope = NewDisposeScope();
            var random = new Random(5);
            var divisors = Enumerable.Range(0, 4096).Select(_ => (float)(random.NextDouble() * 20 - 10)).Where(v => v != 0).ToArray();
            foreach (float dividend in new[] { 3f, 0.1f, -7.25f })
            {
                var quotient = Host<float>(TorchKernel.Divide(dividend, tensor(divisors)));
                for (int i = 0; i < divisors.Length; i++) Assert.Equal(dividend / divisors[i], quotient[i]);
            }
            // Why it exists: TorchSharp's `float / Tensor` multiplies by the reciprocal, which is not always the quotient.
            var viaReciprocal = Host<float>(3f / tensor(divisors));
            Assert.Contains(Enumerable.Range(0, divisors.Length), i => viaReciprocal[i] != 3f / divisors[i]);
        }

        [Fact]
        public void Member_statistics_follow_the_cpu_kernels_summation_order_bit_for_bit()
        {
            using var scope = NewDisposeScope();
            var random = new Random(3);
            const int n = 1000, k = 5;
            var values = Enumerable.Range(0, n * k).Select(_ => (float)(random.NextDouble() * 200 - 100)).ToArray();
            var members = tensor(values, new long[] { n, k });
            var mean = TorchKernel.MemberSum(members) / (float)k;
            var variance = TorchKernel.MemberVariance(members, mean);
            float[] hostMean = Host<float>(mean), hostVariance = Host<float>(variance);
            for (int i = 0; i < n; i++)
            {
                float sum = values[i * k];
                for (int m = 1; m < k; m++) sum += values[i * k + m];
                float expectedMean = sum / k;
                float squares = 0;
                for (int m = 0; m < k; m++)
                {
                    float d = values[i * k + m] - expectedMean;
                    squares = m == 0 ? d * d : squares + d * d;
                }
                Assert.Equal(expectedMean, hostMean[i]);
                Assert.Equal(squares / k, hostVariance[i]);
            }
        }

        [Fact]
        public void A_single_member_sum_is_a_copy_not_a_view()
        {
            using var scope = NewDisposeScope();
            var members = tensor(new[] { 1f, 2f }, new long[] { 2, 1 });
            var sum = TorchKernel.MemberSum(members);
            members.fill_(7f);
            Assert.Equal(new[] { 1f, 2f }, Host<float>(sum));
        }

        [Fact]
        public void Sqrt_has_a_zero_gradient_where_the_variance_is_zero()
        {
            using var scope = NewDisposeScope();
            var variance = tensor(new[] { 0f, 4f, 0.25f }, requires_grad: true);
            var root = TorchKernel.Sqrt(variance);
            Assert.Equal(new[] { 0f, 2f, 0.5f }, Host<float>(root));
            root.sum().backward();
            Assert.Equal(new[] { 0f, 0.25f, 1f }, Host<float>(variance.grad!)); // 1 / (2 √v), and 0 (not inf) at 0
        }

        [Fact]
        public void Gate_drops_the_gradient_of_inactive_samples_even_when_it_is_infinite()
        {
            using var scope = NewDisposeScope();
            var z = tensor(new[] { 2f, 0f, 4f }, requires_grad: true);
            var active = tensor(new[] { true, false, true });
            var gated = TorchKernel.Gate(active, z);
            Assert.Equal(Host<float>(z), Host<float>(gated));
            var contribution = TorchKernel.Where(active, -gated.log(), 0f); // log 0 = −inf where inactive
            contribution.sum().backward();
            Assert.Equal(new[] { -0.5f, 0f, -0.25f }, Host<float>(z.grad!)); // not NaN = 0 · inf at z = 0
        }

        [Fact]
        public void Gate_is_the_identity_without_gradient_recording()
        {
            using var scope = NewDisposeScope();
            var z = tensor(new[] { 1f }, requires_grad: true);
            var active = tensor(new[] { false });
            using (no_grad()) Assert.Same(z, TorchKernel.Gate(active, z));
            var constant = tensor(new[] { 1f });
            Assert.Same(constant, TorchKernel.Gate(active, constant));
        }

        [Fact]
        public void Reasons_combine_the_bits_and_mark_invalid_samples()
        {
            using var scope = NewDisposeScope();
            var invalid = tensor(new[] { false, false, false, true });
            var outOfDomain = tensor(new[] { true, false, false, false });
            var conflict = tensor(new[] { true, true, false, true });
            var gap = tensor(new[] { false, true, false, false });
            var reasons = TorchKernel.Reasons(invalid, outOfDomain, conflict, gap, @explicit: null);
            Assert.Equal(ScalarType.Byte, reasons.dtype);
            Assert.Equal(
                new[] { RewardReasons.OutOfDomain | RewardReasons.Conflict, RewardReasons.Conflict | RewardReasons.Gap, RewardReasons.None, RewardReasons.OutOfDomain | RewardReasons.Invalid },
                Host<byte>(reasons).Select(b => (RewardReasons)b));
        }

        [Fact]
        public void Constants_and_empty_matrices_have_the_requested_shape_and_dtype()
        {
            using var scope = NewDisposeScope();
            Assert.Equal(new[] { 2.5f, 2.5f, 2.5f }, Host<float>(TorchKernel.Full(3, 2.5f, CPU)));
            Assert.Equal(new[] { true, true }, Host<bool>(TorchKernel.Mask(2, true, CPU)));
            var none = TorchKernel.NoNorms(7, ScalarType.Bool, CPU);
            Assert.Equal(new long[] { 0, 7 }, none.shape);
            Assert.Equal(ScalarType.Bool, none.dtype);
            Assert.Equal(new[] { true, false }, Host<bool>(TorchKernel.AnyMember(tensor(new[] { false, true, false, false }, new long[] { 2, 2 }))));
        }

        [Fact]
        public void The_helpers_leave_only_their_results_alive()
        {
            long baseline = LiveTensors;
            using (var x = tensor(new[] { 1f, 4f, 0f, 9f }, new long[] { 2, 2 }))
            using (var mask = tensor(new[] { true, false }))
            {
                long withInputs = LiveTensors;
                using (TorchKernel.MemberSum(x)) { }
                using (var mean = TorchKernel.MemberSum(x))
                using (TorchKernel.MemberVariance(x, mean)) { }
                using (TorchKernel.Sqrt(x)) { }
                using (TorchKernel.Where(mask, 1f, 0f)) { }
                using (TorchKernel.Divide(1f, x)) { }
                using (TorchKernel.Reasons(mask, mask, mask, mask, mask)) { }
                Assert.Equal(withInputs, LiveTensors);
            }
            Assert.Equal(baseline, LiveTensors);
        }
    }
}
