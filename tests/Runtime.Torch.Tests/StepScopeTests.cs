using static TorchSharp.torch;

namespace ContractDsl.Runtime.Torch.Tests
{
    /// <summary>
    /// <see cref="StepScope"/>: a kept value survives until the end, the temporaries of a step are released at the next
    /// Keep, the caller's tensors are never touched, Return hands a value to the caller's scope — counted tensor by tensor.
    /// </summary>
    public sealed class StepScopeTests : TorchTestBase
    {
        [Fact]
        public void Keep_releases_the_temporaries_of_the_step_at_once()
        {
            using var x = ones(8);
            long baseline = LiveTensors;
            using (var steps = StepScope.Begin())
            {
                var sum = steps.Keep(x + 1f + 2f + 3f); // three tensors created, the last one kept
                Assert.Equal(baseline + 1, LiveTensors);
                var scaled = x * 2f;                     // a temporary of the next step...
                Assert.Equal(baseline + 2, LiveTensors);
                var kept = steps.Keep(sum + scaled);     // ...released here
                Assert.Equal(baseline + 2, LiveTensors);
                Assert.True(scaled.IsInvalid);
                Assert.Equal(new[] { 9f, 9f }, Host<float>(kept).Take(2));
            }
            Assert.Equal(baseline, LiveTensors);
            Assert.False(x.IsInvalid);
        }

        [Fact]
        public void A_tensor_the_scope_did_not_create_is_never_disposed_or_moved()
        {
            using var caller = NewDisposeScope();
            var input = ones(3);
            using (var steps = StepScope.Begin())
            {
                Assert.Same(input, steps.Keep(input));
                Assert.Same(input, steps.Return(input));
            }
            Assert.False(input.IsInvalid);
            Assert.True(caller.Contains(input));
            Assert.Equal(1, caller.DisposablesCount);
        }

        [Fact]
        public void Return_hands_a_kept_or_current_value_to_the_callers_scope()
        {
            using var caller = NewDisposeScope();
            var x = ones(4);
            Tensor kept, current;
            using (var steps = StepScope.Begin())
            {
                kept = steps.Return(steps.Keep(x * 3f));
                current = steps.Return(x + 1f);
                _ = steps.Keep(x - 1f);
            }
            Assert.False(kept.IsInvalid);
            Assert.False(current.IsInvalid);
            Assert.True(caller.Contains(kept));
            Assert.True(caller.Contains(current));
            Assert.Equal(3, caller.DisposablesCount); // x, kept, current: nothing else
        }

        [Fact]
        public void Without_a_callers_scope_a_returned_value_belongs_to_the_caller_alone()
        {
            long baseline = LiveTensors;
            Tensor result;
            using (var steps = StepScope.Begin())
            {
                var x = steps.Keep(ones(2));
                result = steps.Return(x + x);
            }
            Assert.Equal(baseline + 1, LiveTensors);
            Assert.Equal(new[] { 2f, 2f }, Host<float>(result));
            result.Dispose();
            Assert.Equal(baseline, LiveTensors);
        }

        [Fact]
        public void An_exception_midway_releases_everything()
        {
            long baseline = LiveTensors;
            static void FailMidway()
            {
                using var steps = StepScope.Begin();
                var a = steps.Keep(ones(5));
                _ = a * 2f;
                throw new InvalidOperationException("strict mode");
            }
            Assert.Throws<InvalidOperationException>(FailMidway);
            Assert.Equal(baseline, LiveTensors);
        }

        [Fact]
        public void A_disposed_scope_refuses_further_steps()
        {
            var steps = StepScope.Begin();
            steps.Dispose();
            steps.Dispose(); // idempotent
            using var x = ones(1);
            Assert.Throws<ObjectDisposedException>(() => steps.Keep(x));
        }
    }
}
