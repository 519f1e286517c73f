using ContractDsl.Runtime.Torch;
using static ContractDsl.Runtime.Torch.torch;

namespace ContractDsl.Runtime.Tests.Torch;

[Collection(TorchCollection.Name)]
public sealed class TensorOperationTests : TorchTestBase
{
    [Fact]
    public void ArithmeticTensorTensorAndScalarInBothOrders()
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor a = tensor(new[] { 1f, 2f, 4f });
        Tensor b = tensor(new[] { 4f, 5f, 8f });
        Assert.Equal(new[] { 5f, 7f, 12f }, (a + b).data<float>());
        Assert.Equal(new[] { -3f, -3f, -4f }, (a - b).data<float>());
        Assert.Equal(new[] { 4f, 10f, 32f }, (a * b).data<float>());
        Assert.Equal(new[] { 0.25f, 0.4f, 0.5f }, (a / b).data<float>());
        Assert.Equal(new[] { 3f, 4f, 6f }, (a + 2f).data<float>());
        Assert.Equal(new[] { 3f, 4f, 6f }, (2f + a).data<float>());
        Assert.Equal(new[] { -1f, 0f, 2f }, (a - 2f).data<float>());
        Assert.Equal(new[] { 1f, 0f, -2f }, (2f - a).data<float>());
        Assert.Equal(new[] { 3f, 6f, 12f }, (a * 3f).data<float>());
        Assert.Equal(new[] { 3f, 6f, 12f }, (3f * a).data<float>());
        Assert.Equal(new[] { 0.5f, 1f, 2f }, (a / 2f).data<float>());
        Assert.Equal(new[] { 4f, 2f, 1f }, (4f / a).data<float>());
        Assert.Equal(new[] { -1f, -2f, -4f }, (-a).data<float>());
        Assert.Equal(new[] { 1f, 4f, 16f }, a.pow(2).data<float>());
        Assert.Equal(new[] { 1f, 2f, 4f }, minimum(a, b - 0f).data<float>());
        Assert.Equal(new[] { 4f, 5f, 8f }, maximum(a, b).data<float>());
        Assert.Equal(ScalarType.Float32, (2.0 / a).dtype); // a Scalar does not widen the tensor
    }

    [Fact]
    public void IntegerScalarsKeepIntegerTensorsIntegral()
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor l = tensor(new long[] { 1, 2, 3 });
        Tensor plusOne = l + 1;
        Assert.Equal(ScalarType.Int64, plusOne.dtype);
        Assert.Equal(new long[] { 2, 3, 4 }, plusOne.data<long>());
        Tensor plusHalf = l + 0.5;
        Assert.Equal(ScalarType.Float32, plusHalf.dtype); // promotes to the default float type, like PyTorch
        Tensor divided = l / 2;
        Assert.Equal(new[] { 0.5f, 1f, 1.5f }, divided.data<float>()); // true division
    }

    [Fact]
    public void ComparisonsTensorAndScalar()
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor a = tensor(new[] { 1f, 2f, 3f });
        Tensor b = tensor(new[] { 3f, 2f, 1f });
        Assert.Equal(new[] { true, false, false }, a.lt(b).data<bool>());
        Assert.Equal(new[] { true, true, false }, a.le(b).data<bool>());
        Assert.Equal(new[] { false, false, true }, a.gt(b).data<bool>());
        Assert.Equal(new[] { false, true, true }, a.ge(b).data<bool>());
        Assert.Equal(new[] { false, true, false }, a.eq(b).data<bool>());
        Assert.Equal(new[] { true, false, true }, a.ne(b).data<bool>());
        Assert.Equal(new[] { true, false, false }, a.lt(2).data<bool>());
        Assert.Equal(new[] { true, true, false }, a.le(2f).data<bool>());
        Assert.Equal(new[] { false, false, true }, a.gt(2.0).data<bool>());
        Assert.Equal(new[] { false, true, true }, a.ge(2).data<bool>());
        Assert.Equal(new[] { false, true, false }, a.eq(2).data<bool>());
        Assert.Equal(new[] { true, false, true }, a.ne(2).data<bool>());
    }

    [Fact]
    public void LogicalOperatorsOnBoolTensors()
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor p = tensor(new[] { true, true, false, false });
        Tensor q = tensor(new[] { true, false, true, false });
        Assert.Equal(new[] { true, false, false, false }, (p & q).data<bool>());
        Assert.Equal(new[] { true, true, true, false }, (p | q).data<bool>());
        Assert.Equal(new[] { false, false, true, true }, (!p).data<bool>());
        Assert.Equal(new[] { false, false, true, true }, (~p).data<bool>());
        Assert.Equal(new[] { false, true, false, false }, logical_and(p, logical_not(q)).data<bool>());
    }

    [Fact]
    public void WhereWithTensorsAndScalars()
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor x = tensor(new[] { 1f, -2f, 3f, -4f });
        Tensor positive = x.gt(0);
        Assert.Equal(new[] { 1f, 0f, 3f, 0f }, where(positive, x, zeros_like(x)).data<float>());
        Assert.Equal(new[] { 1f, -1f, 3f, -1f }, where(positive, x, -1).data<float>());
        Assert.Equal(new[] { 9f, -2f, 9f, -4f }, where(positive, 9, x).data<float>());
        Assert.Equal(new[] { 1f, 0.5f, 3f, 0.5f }, x.where(positive, full(new long[] { 1 }, 0.5f)).data<float>());
    }

    [Fact]
    public void ClampVariants()
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor x = tensor(new[] { -2f, -0.5f, 0.5f, 2f });
        Assert.Equal(new[] { -1f, -0.5f, 0.5f, 1f }, clamp(x, -1, 1).data<float>());
        Assert.Equal(new[] { 0f, 0f, 0.5f, 2f }, x.clamp(min: 0).data<float>());
        Assert.Equal(new[] { -2f, -0.5f, 0f, 0f }, x.clamp(max: 0).data<float>());
        Assert.Equal(new[] { -1f, -0.5f, 0.5f, 2f }, x.clamp_min(-1).data<float>());
        Assert.Equal(new[] { -2f, -0.5f, 0.5f, 1f }, clamp_max(x, 1).data<float>());
        Assert.Throws<TorchException>(() => x.clamp()); // torch: at least one bound is required
    }

    [Fact]
    public void UnaryMath()
    {
        using DisposeScope scope = NewDisposeScope();
        double[] xs = { -3, -0.5, 0, 0.5, 2.5 };
        Tensor x = tensor(xs);
        AssertClose(xs.Select(Math.Exp).ToArray(), exp(x));
        AssertClose(xs.Select(Sigmoid).ToArray(), sigmoid(x));
        AssertClose(xs.Select(Math.Tanh).ToArray(), tanh(x));
        AssertClose(xs.Select(Math.Abs).ToArray(), abs(x));
        AssertClose(new[] { -3.0, -0.0, 0, 0, 2 }, round(x)); // half to even
        AssertClose(xs.Select(v => Math.Log(1 + Math.Exp(v))).ToArray(), nn.functional.softplus(x));
        AssertClose(xs.Select(v => Math.Log(Sigmoid(v))).ToArray(), nn.functional.logsigmoid(x));
        AssertClose(new[] { Math.Log(2), Math.Log(3) }, log(tensor(new[] { 2.0, 3.0 })));
        AssertClose(new[] { 1000.0 }, nn.functional.softplus(tensor(new[] { 1000.0 }))); // no overflow
    }

    [Fact]
    public void FiniteAndNanChecks()
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor x = tensor(new[] { 1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity });
        Assert.Equal(new[] { true, false, false, false }, isfinite(x).data<bool>());
        Assert.Equal(new[] { false, true, false, false }, isnan(x).data<bool>());
    }

    [Fact]
    public void ShapeAndIndexing()
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor x = arange(6, ScalarType.Float32).reshape(2, 3);
        Assert.Equal(new long[] { 2, 3 }, x.shape);
        Assert.Equal(new long[] { 3, 2 }, x.view(3, 2).shape);
        Assert.Equal(new long[] { 6 }, x.reshape(-1).shape);
        Assert.Equal(new[] { 3f, 4f, 5f }, x.select(0, 1).data<float>());
        Assert.Equal(new[] { 1f, 4f }, x.select(1, 1).data<float>());
        Assert.Equal(new[] { 1f, 2f, 4f, 5f }, x.narrow(1, 1, 2).data<float>());
        Tensor index = tensor(new long[] { 2, 0 });
        Assert.Equal(new[] { 2f, 0f, 5f, 3f }, x.index_select(1, index).data<float>());
        Assert.Equal(new[] { 0f, 3f, 1f, 4f, 2f, 5f }, x.t().data<float>()); // copy is row-major of the transpose
        Assert.Equal(new long[] { 3, 2 }, x.transpose(0, 1).shape);
        Tensor c = cat(new[] { x, x }, 0);
        Assert.Equal(new long[] { 4, 3 }, c.shape);
        Tensor s = stack(new[] { x, x }, 1);
        Assert.Equal(new long[] { 2, 2, 3 }, s.shape);
        Assert.Equal(3, x.size(-1));
        Tensor m = matmul(x, x.t());
        Assert.Equal(new[] { 5f, 14f, 14f, 50f }, m.data<float>());
    }

    [Fact]
    public void ViewOfANonContiguousTensorFailsWithTorchsMessage()
    {
        using DisposeScope scope = NewDisposeScope();
        Tensor transposed = arange(6, ScalarType.Float32).reshape(2, 3).t();
        TorchException error = Assert.Throws<TorchException>(() => transposed.view(6));
        Assert.Contains("view", error.Message);
        Assert.Equal(new long[] { 6 }, transposed.reshape(6).shape);
    }
}
