using ContractDsl.Runtime.Torch;
using static ContractDsl.Runtime.Torch.torch;

namespace ContractDsl.Runtime.Tests.Torch;

[Collection(TorchCollection.Name)]
public sealed class TensorCreationTests : TorchTestBase
{
    [Fact]
    public void NativeLibraryLoadsAndReportsItsVersion()
    {
        Assert.True(torch.TryInitialize(out string? error), error);
        Assert.Null(error);
        Assert.True(torch.IsAvailable);
        Assert.Matches(@"^\d+\.\d+", torch.LibTorchVersion);
    }

    [Fact]
    public void Float32RoundTrips()
    {
        float[] values = { 1.5f, -2.25f, 0f, 3.125f, float.MaxValue, float.Epsilon };
        using Tensor t = tensor(values, new long[] { 2, 3 });
        Assert.Equal(new long[] { 2, 3 }, t.shape);
        Assert.Equal(ScalarType.Float32, t.dtype);
        Assert.Equal(Device.CPU, t.device);
        Assert.Equal(6, t.numel());
        Assert.Equal(2, t.dim());
        Assert.Equal(values, t.data<float>());
    }

    [Fact]
    public void Float64RoundTrips()
    {
        double[] values = { Math.PI, -Math.E, 1e-300, double.NaN };
        using Tensor t = tensor(values);
        Assert.Equal(new long[] { 4 }, t.shape);
        Assert.Equal(ScalarType.Float64, t.dtype);
        Assert.Equal(values, t.data<double>());
    }

    [Fact]
    public void Int64RoundTripsWithoutLosingPrecision()
    {
        long[] values = { long.MinValue, -1, 0, (1L << 53) + 1, long.MaxValue, 42 };
        using Tensor t = tensor(values, new long[] { 3, 2 });
        Assert.Equal(ScalarType.Int64, t.dtype);
        Assert.Equal(values, t.data<long>());
        using Tensor row = t.select(0, 1);
        using Tensor last = row.select(0, 1);
        Assert.Equal((1L << 53) + 1, last.item<long>());
    }

    [Fact]
    public void Int32RoundTrips()
    {
        int[] values = { int.MinValue, -7, 0, 7, int.MaxValue };
        using Tensor t = tensor(new ReadOnlySpan<int>(values));
        Assert.Equal(ScalarType.Int32, t.dtype);
        Assert.Equal(values, t.data<int>());
    }

    [Fact]
    public void BoolRoundTrips()
    {
        bool[] values = { true, false, false, true };
        using Tensor t = tensor(values, new long[] { 2, 2 });
        Assert.Equal(ScalarType.Bool, t.dtype);
        Assert.Equal(values, t.data<bool>());
    }

    [Fact]
    public void ByteRoundTrips()
    {
        byte[] values = { 0, 1, 127, 128, 255 };
        using Tensor t = tensor(values);
        Assert.Equal(ScalarType.Byte, t.dtype);
        Assert.Equal(values, t.data<byte>());
    }

    [Fact]
    public void SpanOverloadsAndRequestedDtypeConvert()
    {
        Span<float> values = stackalloc float[] { 1.5f, 2.5f };
        using Tensor t = tensor((ReadOnlySpan<float>)values, dtype: ScalarType.Float64);
        Assert.Equal(ScalarType.Float64, t.dtype);
        Assert.Equal(new[] { 1.5, 2.5 }, t.data<double>());
        using Tensor asLong = tensor(new[] { 1.9, -1.9 }, dtype: ScalarType.Int64);
        Assert.Equal(new long[] { 1, -1 }, asLong.data<long>());
    }

    [Fact]
    public void DataRequiresTheExactTypeButToArrayConverts()
    {
        using Tensor t = tensor(new[] { 1f, 2f, 3f });
        ArgumentException error = Assert.Throws<ArgumentException>(() => t.data<double>());
        Assert.Contains("Float32", error.Message);
        Assert.Equal(new[] { 1.0, 2.0, 3.0 }, t.ToArray<double>());
        Assert.Equal(new long[] { 1, 2, 3 }, t.ToArray<long>());
        Assert.Equal(new[] { true, true, true }, t.ToArray<bool>());
    }

    [Fact]
    public void ScalarTensorsAndItem()
    {
        using Tensor f = tensor(2.5f);
        using Tensor d = tensor(2.5);
        using Tensor l = tensor(7L);
        using Tensor i = tensor(7);
        using Tensor b = tensor(true);
        using Tensor u = tensor((byte)200);
        Assert.Equal(ScalarType.Float32, f.dtype);
        Assert.Equal(ScalarType.Float64, d.dtype);
        Assert.Equal(ScalarType.Int64, l.dtype);
        Assert.Equal(ScalarType.Int32, i.dtype);
        Assert.Equal(ScalarType.Bool, b.dtype);
        Assert.Equal(ScalarType.Byte, u.dtype);
        Assert.Empty(f.shape);
        Assert.Equal(2.5f, f.item<float>());
        Assert.Equal(2.5, d.ToDouble());
        Assert.Equal(7L, l.ToInt64());
        Assert.Equal(7, i.ToInt32());
        Assert.True(b.ToBoolean());
        Assert.Equal((byte)200, u.item<byte>());
        Assert.Equal(2.5, f.item<double>());
    }

    [Fact]
    public void ShapeThatDoesNotMatchTheDataIsRejected()
    {
        TorchException error = Assert.Throws<TorchException>(() => tensor(new[] { 1f, 2f, 3f }, new long[] { 2, 2 }));
        Assert.Contains("needs 4 elements but 3 were given", error.Message);
    }

    [Fact]
    public void Factories()
    {
        using Tensor z = zeros(new long[] { 2, 3 });
        Assert.Equal(ScalarType.Float32, z.dtype);
        Assert.Equal(new float[6], z.data<float>());
        using Tensor o = ones(3, ScalarType.Int64);
        Assert.Equal(new long[] { 1, 1, 1 }, o.data<long>());
        using Tensor f = full(new long[] { 2 }, 4.5, ScalarType.Float64);
        Assert.Equal(new[] { 4.5, 4.5 }, f.data<double>());
        using Tensor fi = full(new long[] { 2 }, 3);
        Assert.Equal(ScalarType.Int64, fi.dtype); // dtype inferred from an integer fill value
        using Tensor a = arange(5);
        Assert.Equal(ScalarType.Int64, a.dtype);
        Assert.Equal(new long[] { 0, 1, 2, 3, 4 }, a.data<long>());
        using Tensor af = arange(0, 1, 0.25);
        Assert.Equal(ScalarType.Float32, af.dtype);
        Assert.Equal(new[] { 0f, 0.25f, 0.5f, 0.75f }, af.data<float>());
        using Tensor like = zeros_like(f);
        Assert.Equal(ScalarType.Float64, like.dtype);
        using Tensor onesLike = ones_like(a);
        Assert.Equal(new long[] { 1, 1, 1, 1, 1 }, onesLike.data<long>());
    }

    [Fact]
    public void RandomTensorsAreReproducibleWithManualSeed()
    {
        manual_seed(1234);
        using Tensor a = randn(new long[] { 1000 });
        using Tensor u = rand(new long[] { 1000 });
        manual_seed(1234);
        using Tensor b = randn(new long[] { 1000 });
        Assert.Equal(a.data<float>(), b.data<float>());
        float[] uniform = u.data<float>();
        Assert.All(uniform, v => Assert.InRange(v, 0f, 1f));
        using Tensor mean = a.mean();
        Assert.InRange(mean.ToSingle(), -0.2f, 0.2f);
    }

    [Fact]
    public void ToStringSummarizesShapeDtypeAndDevice()
    {
        Tensor t = zeros(new long[] { 2, 3 }, ScalarType.Float64);
        Assert.Equal("[2x3], type = Float64, device = cpu", t.ToString());
        t.Dispose();
        Assert.Equal("[disposed tensor]", t.ToString());
    }

    [Fact]
    public void DevicesParseAndPrint()
    {
        Assert.Equal(Device.CPU, new Device("cpu"));
        Assert.Equal(Device.CUDA(0), Device.Parse("cuda:0"));
        Assert.Equal(Device.CUDA(1), (Device)"CUDA:1");
        Assert.Equal("cuda:2", Device.CUDA(2).ToString());
        Assert.Equal("cuda", torch.CUDA.ToString());
        Assert.Equal("cpu", torch.CPU.ToString());
        Assert.Equal(DeviceType.CUDA, device("cuda").type);
        Assert.Throws<FormatException>(() => Device.Parse("tpu:0"));
        Assert.Throws<FormatException>(() => Device.Parse("cuda:x"));
    }

    [Fact]
    public void CudaQueriesAreConsistentAndMovesWork()
    {
        int count = torch.cuda.device_count();
        Assert.Equal(count > 0, torch.cuda.is_available());
        using Tensor t = tensor(new[] { 1f, 2f });
        using Tensor same = t.cpu();
        Assert.Equal(new[] { 1f, 2f }, same.data<float>());
        if (count > 0)
        {
            using Tensor gpu = t.cuda(0);
            Assert.Equal(Device.CUDA(0), gpu.device);
            using Tensor doubled = gpu * 2f;
            Assert.Equal(new[] { 2f, 4f }, doubled.data<float>()); // copies back through the host
        }
        else
        {
            // A CPU-only libtorch refuses CUDA with its own message rather than crashing.
            Assert.Throws<TorchException>(() => t.to(Device.CUDA(0)));
        }
        using Tensor d = t.to(ScalarType.Float64);
        Assert.Equal(ScalarType.Float64, d.dtype);
    }
}
