using ContractDsl.Runtime.Torch;
using static ContractDsl.Runtime.Torch.torch;

namespace ContractDsl.Runtime.Tests.Torch;

[Collection(TorchCollection.Name)]
public sealed class ReductionTests : TorchTestBase
{
    [Fact]
    public void SumAndMeanOverAllAndAlongADim()
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor x = tensor(new[] { 1.0, 2, 3, 4, 5, 6 }, new long[] { 2, 3 });
        Assert.Equal(21.0, x.sum().ToDouble());
        Assert.Equal(3.5, x.mean().ToDouble());
        Assert.Equal(new[] { 5.0, 7, 9 }, x.sum(0).data<double>());
        Assert.Equal(new[] { 6.0, 15 }, x.sum(1).data<double>());
        Assert.Equal(new long[] { 2, 1 }, x.sum(1, keepdim: true).shape);
        Assert.Equal(new[] { 2.0, 5 }, x.mean(-1).data<double>());
        Assert.Equal(new long[] { 1, 3 }, x.mean(0, keepdim: true).shape);
        using Tensor flags = tensor(new[] { true, false, true });
        Assert.Equal(2L, flags.sum().ToInt64()); // bool sums count (as int64)
    }

    [Fact]
    public void MaxAndMinAlongADimGiveValuesAndIndexes()
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor x = tensor(new[] { 1f, 9f, 3f, 7f, 2f, 8f }, new long[] { 2, 3 });
        (Tensor values, Tensor indexes) = x.max(1);
        Assert.Equal(new[] { 9f, 8f }, values.data<float>());
        Assert.Equal(new long[] { 1, 2 }, indexes.data<long>());
        (Tensor minValues, Tensor minIndexes) = x.min(0, keepdim: true);
        Assert.Equal(new long[] { 1, 3 }, minValues.shape);
        Assert.Equal(new[] { 1f, 2f, 3f }, minValues.data<float>());
        Assert.Equal(new long[] { 0, 1, 0 }, minIndexes.data<long>());
        Assert.Equal(9f, x.max().ToSingle());
        Assert.Equal(1f, x.min().ToSingle());
        Assert.Equal(new[] { 7f, 9f, 8f }, x.amax(0).data<float>());
        Assert.Equal(new[] { 1f, 2f }, x.amin(1).data<float>());
        Assert.Equal(9f, x.amax(Array.Empty<long>()).ToSingle());
        Assert.Equal(new long[] { 2, 1 }, x.amax(1, keepdim: true).shape);
    }

    [Fact]
    public void StdAndVarBiasedVersusUnbiased()
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor x = tensor(new[] { 1.0, 2, 3, 4 });
        // mean 2.5, squared deviations sum to 5: biased var 5/4, unbiased var 5/3.
        AssertClose(1.25, x.var(unbiased: false).ToDouble());
        AssertClose(5.0 / 3, x.var().ToDouble());
        AssertClose(Math.Sqrt(1.25), x.std(unbiased: false).ToDouble());
        AssertClose(Math.Sqrt(5.0 / 3), x.std(unbiased: true).ToDouble());

        Tensor rows = tensor(new[] { 1.0, 3, 2, 6 }, new long[] { 2, 2 });
        AssertClose(new[] { 1.0, 2.0 }, rows.std(1, unbiased: false));
        AssertClose(new[] { Math.Sqrt(2), Math.Sqrt(8) }, rows.std(1, unbiased: true));
        AssertClose(new[] { 1.0, 4.0 }, rows.var(1, unbiased: false));
        AssertClose(new[] { 0.5, 4.5 }, rows.var(0, unbiased: true));
        Assert.Equal(new long[] { 2, 1 }, rows.std(1, unbiased: true, keepdim: true).shape);
    }

    [Fact]
    public void IndexAddGivesDifferentiablePerGroupSums()
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor values = tensor(new[] { 1f, 2f, 3f, 4f, 5f }, requires_grad: true);
        Tensor group = tensor(new long[] { 0, 2, 0, 1, 2 });
        Tensor sums = zeros(3).index_add(0, group, values);
        Assert.Equal(new[] { 4f, 4f, 7f }, sums.data<float>());

        // d/dvalues of sum(w_g * groupsum_g) = w of each value's group.
        Tensor weights = tensor(new[] { 10f, 20f, 30f });
        (sums * weights).sum().backward();
        Tensor? grad = values.grad;
        Assert.NotNull(grad);
        Assert.Equal(new[] { 10f, 30f, 10f, 20f, 30f }, grad!.data<float>());

        // Rows of a matrix grouped the same way.
        Tensor rows = tensor(new[] { 1f, 10f, 2f, 20f, 3f, 30f }, new long[] { 3, 2 });
        Tensor rowSums = zeros(new long[] { 2, 2 }).index_add(0, tensor(new long[] { 1, 0, 1 }), rows);
        Assert.Equal(new[] { 2f, 20f, 4f, 40f }, rowSums.data<float>());
    }

    [Fact]
    public void BincountCountsAndSumsWeightsPerGroup()
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor group = tensor(new long[] { 0, 2, 0, 1, 2, 2 });
        Assert.Equal(new long[] { 2, 1, 3 }, bincount(group).data<long>());
        Assert.Equal(new long[] { 2, 1, 3, 0, 0 }, group.bincount(minlength: 5).data<long>());
        Tensor weights = tensor(new[] { 0.5, 1.0, 1.5, 2.0, 2.5, 3.0 });
        AssertClose(new[] { 2.0, 2.0, 6.5 }, bincount(group, weights));
    }
}
