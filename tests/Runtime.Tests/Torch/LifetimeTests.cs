using System.Diagnostics;
using System.Runtime.CompilerServices;
using ContractDsl.Runtime.Torch;
using Xunit.Abstractions;
using static ContractDsl.Runtime.Torch.torch;

namespace ContractDsl.Runtime.Tests.Torch;

/// <summary>Dispose scopes, finalization, native errors and leaks.</summary>
[Collection(TorchCollection.Name)]
public sealed class LifetimeTests : TorchTestBase
{
    private readonly ITestOutputHelper _output;

    public LifetimeTests(ITestOutputHelper output)
    {
        _output = output;
    }

    [Fact]
    public void NativeErrorSurfacesAsTorchExceptionAndTheProcessSurvives()
    {
        long baseline = SettledLiveCount();
        using (Tensor a = tensor(new[] { 1f, 2f }))
        using (Tensor b = tensor(new[] { 1f, 2f, 3f }))
        {
            TorchException error = Assert.Throws<TorchException>(() => a + b);
            // libtorch's own message, without the C++ backtrace.
            Assert.Contains("The size of tensor a (2) must match the size of tensor b (3)", error.Message);
            Assert.DoesNotContain("Exception raised from", error.Message);
            Assert.Throws<TorchException>(() => matmul(a, b));
            Assert.Throws<TorchException>(() => a.select(0, 5));
            Assert.Throws<TorchException>(() => a.to((ScalarType)99));

            // Still fully usable afterwards.
            using Tensor sum = a + a;
            Assert.Equal(new[] { 2f, 4f }, sum.data<float>());
        }
        Assert.Equal(baseline, SettledLiveCount()); // a failed call creates no handle
    }

    [Fact]
    public void DisposedTensorsAreRejectedAndDisposeIsIdempotent()
    {
        Tensor t = tensor(new[] { 1f });
        t.Dispose();
        t.Dispose();
        Assert.True(t.IsInvalid);
        Assert.Throws<ObjectDisposedException>(() => t.sum());
        Assert.Throws<ObjectDisposedException>(() => t.shape);
    }

    [Fact]
    public void ScopeDisposesEverythingCreatedInIt()
    {
        long baseline = SettledLiveCount();
        Tensor kept;
        Tensor escaped;
        using (DisposeScope scope = NewDisposeScope())
        {
            Tensor a = ones(new long[] { 4 });
            Tensor b = a * 2 + 1;
            (Tensor values, Tensor indexes) = b.reshape(2, 2).max(1);
            Assert.Equal(6, scope.DisposablesCount); // a, a*2, +1, reshape, values, indexes
            Assert.False(indexes.IsInvalid);
            Assert.Equal(baseline + 6, torch.LiveTensorCount);
            kept = values.sum().MoveToOuterDisposeScope();
            escaped = tensor(new[] { 1f }).DetachFromDisposeScope();
            Assert.False(a.IsInvalid);
        }
        Assert.False(kept.IsInvalid);
        Assert.Equal(6f, kept.ToSingle());
        Assert.Equal(baseline + 2, torch.LiveTensorCount);
        kept.Dispose();
        escaped.Dispose();
        Assert.Equal(baseline, SettledLiveCount());
    }

    [Fact]
    public void MoveToOuterDisposeScopeHandsTheTensorToTheEnclosingScope()
    {
        long baseline = SettledLiveCount();
        using (DisposeScope outer = NewDisposeScope())
        {
            Tensor result;
            using (DisposeScope inner = NewDisposeScope())
            {
                Assert.Same(outer, inner.OuterScope);
                Tensor temp = arange(10, ScalarType.Float32);
                result = (temp * temp).sum().MoveToOuterDisposeScope();
                Assert.Equal(2, inner.DisposablesCount);
                Assert.Equal(1, outer.DisposablesCount);
            }
            Assert.Equal(baseline + 1, torch.LiveTensorCount);
            Assert.Equal(285f, result.ToSingle());
            Tensor another = result + 1;
            Assert.Equal(2, outer.DisposablesCount);
            another.Dispose(); // an explicit dispose leaves the scope
            Assert.Equal(1, outer.DisposablesCount);
        }
        Assert.Equal(baseline, torch.LiveTensorCount);
    }

    [Fact]
    public void DisposeEverythingButKeepsTheGivenTensors()
    {
        long baseline = SettledLiveCount();
        using (DisposeScope scope = NewDisposeScope())
        {
            Tensor accumulator = zeros(3);
            for (int i = 0; i < 10; i++)
            {
                Tensor next = accumulator + 1;
                scope.DisposeEverythingBut(next); // keep memory flat inside a long loop
                accumulator = next;
            }
            Assert.Equal(1, scope.DisposablesCount);
            Assert.Equal(new[] { 10f, 10f, 10f }, accumulator.data<float>());
        }
        Assert.Equal(baseline, torch.LiveTensorCount);
    }

    [Fact]
    public void UndisposedTensorsAreReleasedByTheFinalizer()
    {
        long baseline = SettledLiveCount();
        CreateGarbage(1000);
        Assert.True(torch.LiveTensorCount >= baseline, "sanity");
        Assert.Equal(baseline, SettledLiveCount());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void CreateGarbage(int count)
    {
        for (int i = 0; i < count; i++) _ = ones(new long[] { 16 }) * 2;
    }

    [Fact]
    public void AMillionOperationsInScopesLeakNeitherHandlesNorMemory()
    {
        const int iterations = 10_000, opsPerIteration = 100;
        using Tensor x = tensor(Enumerable.Range(0, 64).Select(i => i / 64f).ToArray());
        using Tensor mask = x.gt(0.5f);

        void Run(int count)
        {
            for (int i = 0; i < count; i++)
            {
                using DisposeScope scope = NewDisposeScope();
                Tensor t = x;
                for (int op = 0; op < opsPerIteration; op += 5)
                {
                    t = t * 0.5f;             // 1
                    t = t + x;                // 2
                    t = t.sigmoid();          // 3
                    t = where(mask, t, x);    // 4
                    t = t.clamp(0.1f, 0.9f);  // 5
                }
                if (i % 1000 == 0) _ = t.sum().ToSingle();
            }
        }

        Run(200); // warm up allocators, JIT and the GC heap before measuring
        long baselineHandles = SettledLiveCount();
        long baselineRss = ResidentBytes();
        var watch = Stopwatch.StartNew();
        Run(iterations);
        watch.Stop();
        long handlesAfter = SettledLiveCount();
        long growth = ResidentBytes() - baselineRss;
        _output.WriteLine($"{iterations * opsPerIteration:N0} ops in {watch.Elapsed.TotalSeconds:F1} s " +
                          $"({watch.Elapsed.TotalMilliseconds * 1000 / (iterations * opsPerIteration):F2} µs/op), " +
                          $"RSS growth {growth / 1024.0 / 1024.0:F1} MB, live handles {baselineHandles} -> {handlesAfter}");

        Assert.Equal(baselineHandles, handlesAfter);
        Assert.True(growth < 50L * 1024 * 1024, $"RSS grew by {growth / 1024 / 1024} MB over {iterations * opsPerIteration:N0} ops");
    }
}
