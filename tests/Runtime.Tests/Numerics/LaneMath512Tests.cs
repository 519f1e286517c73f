using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using ContractDsl.Testing;

namespace ContractDsl.Runtime.Tests.Numerics;

/// <summary>
/// <see cref="LaneMath512"/>, the helpers of the generated kernels' <c>Vector512&lt;float&gt;</c> body, against their scalar
/// meaning lane by lane — the transcendental functions over a stride through all 2^32 floats, NaN (several payloads),
/// ±∞, ±0, subnormals and every threshold; clamps, flags, reason bytes and ensemble statistics on random and special
/// inputs. They run on every machine: with AVX-512 on its instructions (as here), without it on .NET's software
/// Vector512, which follows the same IEEE semantics.
/// </summary>
public sealed class LaneMath512Tests
{
    private const int Lanes = 16;

    private static float Scalar(string function, float x) => function switch
    {
        "exp" => DeterministicMath.Exp(x),
        "log" => DeterministicMath.Log(x),
        "sigmoid" => DeterministicMath.Sigmoid(x),
        _ => DeterministicMath.Tanh(x),
    };

    private static Vector512<float> Apply512(string function, Vector512<float> x) => function switch
    {
        "exp" => LaneMath512.Exp(x),
        "log" => LaneMath512.Log(x),
        "sigmoid" => LaneMath512.Sigmoid(x),
        _ => LaneMath512.Tanh(x),
    };

    private static Vector<float> Apply(string function, Vector<float> x) => function switch
    {
        "exp" => LaneMath.Exp(x),
        "log" => LaneMath.Log(x),
        "sigmoid" => LaneMath.Sigmoid(x),
        _ => LaneMath.Tanh(x),
    };

    public static TheoryData<string> Functions => new(FloatAccuracy.Functions);

    [Fact]
    public void The_kernels_choose_the_512_bit_body_exactly_where_Vector512_is_accelerated_and_wider_than_Vector_of_T() =>
        Assert.Equal(Vector512.IsHardwareAccelerated && Vector<float>.Count < Vector512<float>.Count, LaneMath512.UseVector512Body);

    [Theory]
    [MemberData(nameof(Functions))]
    public void Transcendental_functions_give_the_scalar_bits_on_every_lane_of_both_kernel_widths(string function)
    {
        // Every 65,521st bit pattern (all signs and exponents, NaNs, subnormals), the special values and the thresholds,
        // each shifted through every lane position.
        float[] inputs = FloatAccuracy.Strided(65521, offset: 5).Concat(FloatAccuracy.Boundaries(function, ulps: 64)).ToArray();
        float[] scalar = inputs.Select(x => Scalar(function, x)).ToArray();
        var output = new float[inputs.Length];
        for (int offset = 0; offset < Lanes; offset += 5)
        {
            int end = offset;
            for (; end + Lanes <= inputs.Length; end += Lanes) Apply512(function, Vector512.Create(inputs, end)).CopyTo(output, end);
            AssertSame(function, "LaneMath512", inputs, scalar, output, offset, end);
            end = offset;
            for (; end + Vector<float>.Count <= inputs.Length; end += Vector<float>.Count) Apply(function, new Vector<float>(inputs, end)).CopyTo(output, end);
            AssertSame(function, "LaneMath", inputs, scalar, output, offset, end);
        }
    }

    private static void AssertSame(string function, string path, float[] inputs, float[] scalar, float[] output, int start, int end)
    {
        for (int j = start; j < end; j++)
        {
            if (BitConverter.SingleToInt32Bits(output[j]) != BitConverter.SingleToInt32Bits(scalar[j]))
                Assert.Fail($"{path}.{function}({FloatAccuracy.Describe(inputs[j])}) = {FloatAccuracy.Describe(output[j])}, scalar {FloatAccuracy.Describe(scalar[j])}");
        }
    }

    /// <summary>
    /// tanh skips its exponential where every lane is below 0.625: a vector of such inputs takes the short path, the same
    /// inputs next to one large value the full one; both must give the bits of the scalar function.
    /// </summary>
    [Fact]
    public void Tanh_gives_the_same_bits_with_and_without_its_exponential()
    {
        var random = new Random(29);
        float[] edges = { 0f, -0f, float.Epsilon, -float.Epsilon, 1e-30f, 1.17549435e-38f, 0.62499994f, -0.62499994f, 0.625f, -0.625f, 1e-4f };
        var near = new float[Lanes];
        int skipped = 0;
        for (int trial = 0; trial < 20000; trial++)
        {
            for (int l = 0; l < Lanes; l++)
                near[l] = random.Next(8) == 0 ? edges[random.Next(edges.Length)] : (float)(random.NextDouble() * 1.25 - 0.625);
            var alone = Vector512.Create(near);
            var mixed = alone.WithElement(trial % Lanes, 3f); // one lane far: the full computation
            var shortPath = LaneMath512.Tanh(alone);
            var fullPath = LaneMath512.Tanh(mixed);
            var narrow = LaneMath.Tanh(new Vector<float>(near));
            bool allNear = near.All(x => MathF.Abs(x) < 0.625f);
            if (allNear) skipped++;
            for (int l = 0; l < Lanes; l++)
            {
                int expected = BitConverter.SingleToInt32Bits(DeterministicMath.Tanh(near[l]));
                Assert.Equal(expected, BitConverter.SingleToInt32Bits(shortPath[l]));
                if (l != trial % Lanes) Assert.Equal(expected, BitConverter.SingleToInt32Bits(fullPath[l]));
                if (l < Vector<float>.Count) Assert.Equal(expected, BitConverter.SingleToInt32Bits(narrow[l]));
            }
        }
        Assert.True(skipped > 1000, $"only {skipped} all-near vectors"); // the short path did run
    }

    private static readonly float[] Specials =
    {
        float.NaN, -float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, 0f, float.Epsilon, -float.Epsilon,
        BitConverter.UInt32BitsToSingle(0x007FFFFF), 1e-30f, -2f, 2f, 2.5f, -2.5f, float.MaxValue, float.MinValue,
    };

    private static float RandomFloat(Random random) =>
        random.Next(4) == 0 ? Specials[random.Next(Specials.Length)] : (float)(random.NextDouble() * 8 - 4);

    [Fact]
    public void Finiteness_and_clamps_are_the_scalar_kernels_on_every_lane()
    {
        var random = new Random(7);
        (float Lo, float Hi)[] bounds = { (-2f, 2f), (0f, 1f), (-0f, 0f), (0f, -0f), (-1e30f, 1e30f), (1f, 1f), (-3f, -0f) };
        var v = new float[Lanes];
        for (int trial = 0; trial < 5000; trial++)
        {
            for (int l = 0; l < Lanes; l++) v[l] = RandomFloat(random);
            var (lo, hi) = bounds[trial % bounds.Length];
            var x = Vector512.Create(v);
            var finite = LaneMath512.IsFinite(x);
            var clamped = LaneMath512.Clamp(x, Vector512.Create(lo), Vector512.Create(hi));
            for (int l = 0; l < Lanes; l++)
            {
                Assert.Equal(float.IsFinite(v[l]) ? -1 : 0, finite[l]);
                Assert.Equal(BitConverter.SingleToInt32Bits(RewardMath.Clamp(v[l], lo, hi)), BitConverter.SingleToInt32Bits(clamped[l]));
            }
        }
    }

    [Fact]
    public void Flags_become_masks_and_masks_become_flags()
    {
        var random = new Random(3);
        var bytes = new byte[Lanes + 3];
        for (int trial = 0; trial < 500; trial++)
        {
            random.NextBytes(bytes);
            for (int i = 0; i < bytes.Length; i++) if (random.Next(3) == 0) bytes[i] = 0;
            var flags = MemoryMarshal.Cast<byte, bool>(bytes.AsSpan());
            var mask = LaneMath512.FromFlags(ref MemoryMarshal.GetReference(flags), 3);
            for (int l = 0; l < Lanes; l++) Assert.Equal(bytes[3 + l] != 0 ? -1 : 0, mask[l]);

            var stored = new bool[Lanes + 6];
            LaneMath512.StoreFlags(mask, ref stored[0], 5);
            for (int l = 0; l < Lanes; l++) Assert.Equal(bytes[3 + l] != 0 ? (byte)1 : (byte)0, Unsafe.As<bool, byte>(ref stored[5 + l]));
            Assert.All(stored.Take(5), b => Assert.False(b));
            Assert.False(stored[Lanes + 5]); // nothing written after the block
        }
    }

    [Fact]
    public void Reason_bits_are_stored_as_bytes()
    {
        var random = new Random(4);
        for (int trial = 0; trial < 500; trial++)
        {
            var bits = Enumerable.Range(0, Lanes).Select(_ => random.Next(256)).ToArray();
            var stored = new RewardReasons[Lanes + 2];
            LaneMath512.StoreReasons(Vector512.Create(bits), ref stored[0], 1);
            Assert.Equal(RewardReasons.None, stored[0]);
            for (int l = 0; l < Lanes; l++) Assert.Equal((RewardReasons)bits[l], stored[1 + l]);
            Assert.Equal(RewardReasons.None, stored[Lanes + 1]);
        }
    }

    [Fact]
    public void Transcendentals_in_one_call_give_the_bits_of_the_calls_one_at_a_time()
    {
        // exp ×2, log ×1, sigmoid ×3, tanh ×2 per call; arguments random, special, and some blocks all near 0 (tanh's
        // exponential skipped) or all far from it.
        var random = new Random(11);
        float[] specials = { float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, 0f, float.Epsilon, -1e-40f, 88.8f, -104f, 0.624f, 9.1f, 1e30f };
        string[] functions = { "exp", "exp", "log", "sigmoid", "sigmoid", "sigmoid", "tanh", "tanh" };
        var arguments512 = new Vector512<float>[functions.Length];
        var values512 = new Vector512<float>[functions.Length + 1];
        var arguments = new Vector<float>[functions.Length];
        var values = new Vector<float>[functions.Length];
        for (int trial = 0; trial < 400; trial++)
        {
            float scale = trial % 4 == 0 ? 0.5f : trial % 4 == 1 ? 100f : 8f;
            float Next() => random.Next(8) == 0 ? specials[random.Next(specials.Length)] : (float)(random.NextDouble() * 2 - 1) * scale;
            for (int j = 0; j < functions.Length; j++)
            {
                arguments512[j] = Vector512.Create(Enumerable.Range(0, Lanes).Select(_ => Next()).ToArray());
                arguments[j] = new Vector<float>(Enumerable.Range(0, Vector<float>.Count).Select(_ => Next()).ToArray());
            }
            values512[^1] = Vector512.Create(42f);
            LaneMath512.Transcendentals(arguments512, values512, exp: 2, log: 1, sigmoid: 3, tanh: 2);
            LaneMath.Transcendentals(arguments, values, exp: 2, log: 1, sigmoid: 3, tanh: 2);
            for (int j = 0; j < functions.Length; j++)
            {
                Assert.Equal(Apply512(functions[j], arguments512[j]).AsInt32(), values512[j].AsInt32());
                Assert.Equal(Apply(functions[j], arguments[j]).As<float, int>(), values[j].As<float, int>());
            }
            Assert.Equal(Vector512.Create(42f), values512[^1]); // nothing written past the counted entries
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => LaneMath512.Transcendentals(arguments512, values512, exp: 9, log: 0, sigmoid: 0, tanh: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => LaneMath.Transcendentals(arguments, values, exp: -1, log: 0, sigmoid: 0, tanh: 0));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Ensemble_statistics_are_the_scalar_ones_on_every_lane(int k)
    {
        var random = new Random(100 + k);
        float[] specials = { float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, 0f, -2.5f, 2.5f, 1e-30f, float.Epsilon };
        float lo = -2, hi = 2;
        var scratch = new float[k * Lanes];
        int invalid = 0, outside = 0;
        for (int trial = 0; trial < 300; trial++)
        {
            var column = Enumerable.Range(0, (Lanes + 3) * k)
                .Select(_ => random.Next(10) == 0 ? specials[random.Next(specials.Length)] : (float)(random.NextDouble() * 5 - 2.5))
                .ToArray();
            LaneMath512.Ensemble(ref column[0], 3, k, Vector512.Create(lo), Vector512.Create(hi), scratch,
                out var mean, out var variance, out var std, out var min, out var max, out var valid, out var clamped);
            for (int l = 0; l < Lanes; l++)
            {
                var expected = EnsembleStats.Compute(column.AsSpan((3 + l) * k, k), lo, hi, new float[k]);
                string at = $"k {k}, trial {trial}, lane {l}";
                Assert.True(expected.Invalid == (valid[l] == 0), at + ": validity");
                if (expected.Invalid)
                {
                    invalid++;
                    continue; // invalid lanes are overwritten by the kernel, whatever their statistics
                }
                if (expected.OutOfDomain) outside++;
                Assert.True(expected.OutOfDomain == (clamped[l] != 0), at + ": out of domain");
                Assert.Equal(BitConverter.SingleToInt32Bits(expected.Mean), BitConverter.SingleToInt32Bits(mean[l]));
                Assert.Equal(BitConverter.SingleToInt32Bits(expected.Var), BitConverter.SingleToInt32Bits(variance[l]));
                Assert.Equal(BitConverter.SingleToInt32Bits(expected.Std), BitConverter.SingleToInt32Bits(std[l]));
                Assert.Equal(BitConverter.SingleToInt32Bits(expected.Min), BitConverter.SingleToInt32Bits(min[l]));
                Assert.Equal(BitConverter.SingleToInt32Bits(expected.Max), BitConverter.SingleToInt32Bits(max[l]));
            }
        }
        Assert.True(invalid > 0 && outside > 0, "both kinds of special lane occurred");
    }
}
