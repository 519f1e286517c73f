using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace ContractDsl.Runtime.Tests.Numerics;

/// <summary>
/// <see cref="LaneMath"/>'s loads, stores and ensemble statistics against their scalar meaning, lane by lane, on whichever
/// instruction set this machine has (AVX-512, AVX2 or the portable fallback; <c>DOTNET_EnableAVX512=0</c> or
/// <c>DOTNET_EnableAVX2=0</c> select the others). Each vector sits at an odd offset, so no path relies on alignment.
/// </summary>
public sealed class LaneMathTests
{
    private static readonly int Width = Vector<float>.Count;

    [Fact]
    public void Flags_become_masks_and_masks_become_flags()
    {
        var random = new Random(3);
        var bytes = new byte[Width + 3];
        for (int trial = 0; trial < 200; trial++)
        {
            random.NextBytes(bytes);
            for (int i = 0; i < bytes.Length; i++) if (random.Next(3) == 0) bytes[i] = 0; // plenty of false, any non-zero byte is true
            var flags = MemoryMarshal.Cast<byte, bool>(bytes.AsSpan());
            var mask = LaneMath.FromFlags(ref MemoryMarshal.GetReference(flags), 3);
            for (int l = 0; l < Width; l++) Assert.Equal(bytes[3 + l] != 0 ? -1 : 0, mask[l]);

            var stored = new bool[Width + 5];
            LaneMath.StoreFlags(mask, ref stored[0], 5);
            for (int l = 0; l < Width; l++) Assert.Equal(bytes[3 + l] != 0 ? (byte)1 : (byte)0, Unsafe.As<bool, byte>(ref stored[5 + l]));
            Assert.All(stored.Take(5), b => Assert.False(b)); // nothing written before the vector
        }
    }

    [Fact]
    public void Reason_bits_are_stored_as_bytes()
    {
        var random = new Random(4);
        for (int trial = 0; trial < 200; trial++)
        {
            var bits = Enumerable.Range(0, Width).Select(_ => random.Next(256)).ToArray();
            var stored = new RewardReasons[Width + 2];
            LaneMath.StoreReasons(new Vector<int>(bits), ref stored[0], 1);
            Assert.Equal(RewardReasons.None, stored[0]);
            for (int l = 0; l < Width; l++) Assert.Equal((RewardReasons)bits[l], stored[1 + l]);
            Assert.Equal(RewardReasons.None, stored[Width + 1]);
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Ensemble_statistics_are_the_scalar_ones_on_every_lane(int k)
    {
        var random = new Random(k);
        float[] specials = { float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, 0f, -2.5f, 2.5f, 1e-30f };
        float lo = -2, hi = 2;
        var scratch = new float[k * Width];
        for (int trial = 0; trial < 300; trial++)
        {
            var column = Enumerable.Range(0, (Width + 3) * k)
                .Select(_ => random.Next(10) == 0 ? specials[random.Next(specials.Length)] : (float)(random.NextDouble() * 5 - 2.5))
                .ToArray();
            LaneMath.Ensemble(ref column[0], 3, k, new Vector<float>(lo), new Vector<float>(hi), scratch,
                out var mean, out var variance, out var std, out var min, out var max, out var valid, out var outside);
            for (int l = 0; l < Width; l++)
            {
                var expected = EnsembleStats.Compute(column.AsSpan((3 + l) * k, k), lo, hi, new float[k]);
                string at = $"trial {trial}, lane {l}";
                Assert.True(expected.Invalid == (valid[l] == 0), at + ": validity");
                if (expected.Invalid) continue; // invalid lanes are overwritten by the kernel, whatever their statistics
                Assert.True(expected.OutOfDomain == (outside[l] != 0), at + ": out of domain");
                Assert.Equal(Bits(expected.Mean), Bits(mean[l]));
                Assert.Equal(Bits(expected.Var), Bits(variance[l]));
                Assert.Equal(Bits(expected.Std), Bits(std[l]));
                Assert.Equal(Bits(expected.Min), Bits(min[l]));
                Assert.Equal(Bits(expected.Max), Bits(max[l]));
            }
        }
    }

    private static int Bits(float value) => BitConverter.SingleToInt32Bits(value);
}
