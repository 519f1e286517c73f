namespace ContractDsl.Runtime.Tests.Economics;

public class ParamJsonTests
{
    private static readonly ParamInfo[] Params =
    {
        new("toxicity_weight", 4, 0, 10, "penalty per unit of toxicity"),
        new("length_budget", 512, 64, 4096, null),
        new("refusal_penalty", 0.1, -1, 0.1, null),
    };

    private static ParamJsonException Fails(string json, double[]? values = null)
    {
        values ??= new double[] { 4, 512, 0.1 };
        var before = values.ToArray();
        var error = Assert.Throws<ParamJsonException>(() => ParamJson.Read(json, Params, values, "Assistant"));
        Assert.Equal(before, values); // nothing applied
        return error;
    }

    [Fact]
    public void Reading_sets_the_named_params_and_keeps_the_others()
    {
        var values = new double[] { 4, 512, 0.1 };
        ParamJson.Read("""{ "refusal_penalty": -0.25, "toxicity_weight": 7 }""", Params, values);
        Assert.Equal(new[] { 7, 512, -0.25 }, values);
        ParamJson.Read("{}", Params, values);
        Assert.Equal(new[] { 7, 512, -0.25 }, values);
    }

    [Fact]
    public void Comments_and_trailing_commas_are_allowed()
    {
        var values = new double[] { 4, 512, 0.1 };
        ParamJson.Read("""
            {
              // reviewed 2024-06: stricter on toxicity
              "toxicity_weight": 9.5, /* was 4 */
            }
            """, Params, values);
        Assert.Equal(9.5, values[0]);
    }

    [Fact]
    public void Out_of_bounds_values_name_the_param_and_its_bounds()
    {
        var error = Fails("""{ "toxicity_weight": 12 }""");
        Assert.Equal("contract Assistant: $.toxicity_weight: 12 is outside the bounds of param `toxicity_weight`, [0, 10]", error.Message);
        Assert.Equal("$.toxicity_weight", error.Path);
        Assert.Equal("toxicity_weight", error.Param);
        // Just above the upper bound 0.1, and a finite double beyond any bound.
        Assert.Contains("[-1, 0.1]", Fails("""{ "refusal_penalty": 0.10000000000000002 }""").Message);
        Assert.Contains("not a finite double", Fails("""{ "length_budget": 1e400 }""").Message);
    }

    [Fact]
    public void Unknown_names_are_rejected_with_the_known_ones()
    {
        var error = Fails("""{ "toxicity_weight": 5, "toxicty_weight": 5 }""");
        Assert.Equal("contract Assistant: $.toxicty_weight: unknown param `toxicty_weight` (its params: toxicity_weight, length_budget, refusal_penalty)", error.Message);
        Assert.Equal("toxicty_weight", error.Param);
        Assert.Equal("$['odd name']", Fails("""{ "odd name": 1 }""").Path);
    }

    [Fact]
    public void Non_numbers_are_rejected_with_their_path()
    {
        var error = Fails("""{ "length_budget": "512" }""");
        Assert.Equal("contract Assistant: $.length_budget: param `length_budget` must be a number, not a string", error.Message);
        Assert.Contains("not null", Fails("""{ "length_budget": null }""").Message);
        Assert.Contains("not an object", Fails("""{ "length_budget": { "value": 1 } }""").Message);
        Assert.Contains("$: a param file is a JSON object", Fails("[1, 2]").Message);
        Assert.Contains("is given twice", Fails("""{ "length_budget": 100, "length_budget": 200 }""").Message);
        var malformed = Fails("""{ "length_budget": 100 """);
        Assert.Contains("not valid JSON", malformed.Message);
        Assert.NotNull(malformed.InnerException);
    }

    [Fact]
    public void Double_values_round_trip_bit_for_bit()
    {
        var random = new Random(42);
        for (int trial = 0; trial < 200; trial++)
        {
            double[] values =
            {
                random.NextDouble() * 10,
                64 + random.NextDouble() * 4032,
                trial == 0 ? -0.0 : -1 + random.NextDouble() * 1.1,
            };
            string json = ParamJson.Write(Params, values);
            var read = new double[3];
            ParamJson.Read(json, Params, read);
            Assert.Equal(values.Select(BitConverter.DoubleToInt64Bits), read.Select(BitConverter.DoubleToInt64Bits));
        }
    }

    [Fact]
    public void Float_values_round_trip_bit_for_bit_and_are_written_shortest()
    {
        float[] values = { 0.1f, 4096f, 1f / 3 };
        // refusal_penalty is in [−1, 0.1]: 1/3 is out of bounds, so use a value inside.
        values[2] = -1f / 3;
        string json = ParamJson.Write(Params, values);
        Assert.Contains("\"toxicity_weight\": 0.1,", json); // not 0.10000000149011612
        var read = new float[3];
        ParamJson.Read(json, Params, read);
        Assert.Equal(values.Select(BitConverter.SingleToInt32Bits), read.Select(BitConverter.SingleToInt32Bits));

        var random = new Random(9);
        for (int trial = 0; trial < 200; trial++)
        {
            float[] v = { (float)(random.NextDouble() * 10), (float)(64 + random.NextDouble() * 4032), (float)(-1 + random.NextDouble()) };
            var back = new float[3];
            ParamJson.Read(ParamJson.Write(Params, v), Params, back);
            Assert.Equal(v.Select(BitConverter.SingleToInt32Bits), back.Select(BitConverter.SingleToInt32Bits));
        }
    }

    [Fact]
    public void A_float_read_rounds_the_text_once()
    {
        var values = new float[] { 4, 512, 0.1f };
        ParamJson.Read("""{ "toxicity_weight": 0.1, "refusal_penalty": 0.1 }""", Params, values);
        Assert.Equal(0.1f, values[0]);
        Assert.Equal(0.1f, values[2]); // at the upper bound 0.1 exactly
    }

    [Fact]
    public void Writing_lists_every_param_in_order_and_refuses_out_of_bounds_values()
    {
        string json = ParamJson.Write(Params, new double[] { 4, 512, 0.1 });
        Assert.Equal("{\n  \"toxicity_weight\": 4,\n  \"length_budget\": 512,\n  \"refusal_penalty\": 0.1\n}", json.ReplaceLineEndings("\n"));
        Assert.Equal("{}", ParamJson.Write(Array.Empty<ParamInfo>(), ReadOnlySpan<double>.Empty));
        var error = Assert.Throws<ParamJsonException>(() => ParamJson.Write(Params, new double[] { 11, 512, 0.1 }));
        Assert.Contains("[0, 10]", error.Message);
        Assert.Throws<ArgumentException>(() => ParamJson.Write(Params, new double[] { 1 }));
    }

    [Fact]
    public void A_contract_without_params_accepts_only_an_empty_object()
    {
        ParamJson.Read("{}", Array.Empty<ParamInfo>(), Span<double>.Empty);
        var error = Assert.Throws<ParamJsonException>(() => ParamJson.Read("""{ "x": 1 }""", Array.Empty<ParamInfo>(), Span<double>.Empty));
        Assert.Contains("it has none", error.Message);
    }
}
