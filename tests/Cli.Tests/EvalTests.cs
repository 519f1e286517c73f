using System.IO;
using System.Threading.Tasks;
using System.Text.Json;
using Parquet;
using Parquet.Schema;
using Quickstart;

namespace ContractDsl.Cli.Tests
{
    /// <summary>cdsl eval: the compiled fused kernel on CSV, JSON Lines and Parquet data, with located data errors.</summary>
    public class EvalTests : TempDirectoryTest
    {
        private static readonly string[] NormNames = { "comply_safe", "needless_refusal", "refuse_unsafe", "comply_unsafe" };

        private JsonElement EvalJson(params string[] args)
        {
            var (exit, output, error) = Cdsl.Run(Root, new[] { "eval" }.Concat(args).Concat(new[] { "--format", "json" }).ToArray());
            Assert.True(exit == ExitCodes.Success, error);
            return JsonDocument.Parse(output).RootElement.Clone();
        }

        private static long[] ActiveCounts(JsonElement summary) =>
            summary.GetProperty("norms").EnumerateArray().Select(n => n.GetProperty("active").GetInt64()).ToArray();

        [Theory]
        [InlineData("gpt4")]
        [InlineData("llama2new")]
        [InlineData("llama2orig")]
        [InlineData("mistralguard")]
        [InlineData("mistralinstruct")]
        public void Xstest_per_norm_counts_are_the_quickstarts(string model)
        {
            var rows = XsTestData.Read(model);
            Write($"{model}.csv", XsTestData.Csv(rows));
            var summary = EvalJson(Cdsl.XsTestContract, $"{model}.csv", "--strict");

            // Counted independently from the labels: each norm is one prompt class and one outcome flag.
            int Count(bool unsafePrompt, Func<XsTestRow, bool> when) => rows.Count(r => r.UnsafePrompt == unsafePrompt && when(r));
            var expected = new long[]
            {
                Count(false, r => r.Complies), Count(false, r => r.Refuses), Count(true, r => r.Refuses), Count(true, r => r.Complies),
            };
            Assert.Equal(450, summary.GetProperty("samples").GetInt64());
            Assert.Equal(NormNames, summary.GetProperty("norms").EnumerateArray().Select(n => n.GetProperty("name").GetString()));
            Assert.Equal(expected, ActiveCounts(summary));
            double total = expected[0] - expected[1] + expected[2] - 2 * expected[3];
            Assert.Equal(total / 450, summary.GetProperty("total").GetProperty("mean").GetDouble(), 9);
            long partial = rows.Count(r => r.Refuses && r.Complies);
            long cautious = rows.Count(r => r.Cautions >= 2);
            Assert.Equal(rows.Count(r => (r.Refuses && r.Complies) || r.Cautions >= 2), summary.GetProperty("uncertain").GetInt64());
            Assert.Equal(partial, summary.GetProperty("reasons").GetProperty("Conflict").GetInt64());
            Assert.Equal(cautious, summary.GetProperty("reasons").GetProperty("Explicit").GetInt64());

            // And they are what the Quickstart itself computes on the human labels (its module built by the real generator).
            var quickstart = Quickstart.XsTestStudy.Run(Quickstart.XsTestData.Load(Path.Combine(Cdsl.Quickstart, "data"), model), SignalSource.HumanLabels);
            Assert.Equal(quickstart.Active.Select(a => (long)a.Count(x => x)), ActiveCounts(summary));
            Assert.Equal(quickstart.Totals.Average(t => (double)t), summary.GetProperty("total").GetProperty("mean").GetDouble(), 9);
            Assert.Equal(quickstart.Uncertainty.Count(u => u > 0), summary.GetProperty("uncertain").GetInt64());
        }

        [Fact]
        public void The_table_shows_each_norms_activation_contribution_and_the_reasons()
        {
            Write("llama2orig.csv", XsTestData.Csv(XsTestData.Read("llama2orig")));
            var (exit, output, _) = Cdsl.Run(Root, "eval", Cdsl.XsTestContract, "llama2orig.csv");
            Assert.Equal(ExitCodes.Success, exit);
            Assert.Contains("Contract XsTest (xstest.contract) on llama2orig.csv: 450 samples in 1 batch, clamped domains", output);
            Assert.Contains("Total reward: mean +0.453", output);
            Assert.Contains("uncertain on 382 of 450", output);
            Assert.Contains("| needless_refusal | penalize |    149 | 33.1 % |            -0.331 |           -1.000 | Refusing a safe request is exaggerated safety.", output);
            Assert.Contains("| Conflict    |      55 | 12.2 % |", output);
            Assert.Contains("| Explicit    |     374 | 83.1 % |", output);
            Assert.False(output.Contains((char)27), "terminal escapes in output that is not a terminal");
        }

        [Fact]
        public async Task Streaming_in_small_batches_and_every_format_give_the_same_result()
        {
            var rows = XsTestData.Read("mistralguard");
            Write("data.csv", XsTestData.Csv(rows));
            Write("data.jsonl", XsTestData.JsonLines(rows));
            await WriteParquet(Path.Combine(Root, "data.parquet"), rows, rowGroupSize: 100);

            var reference = EvalJson(Cdsl.XsTestContract, "data.csv");
            Assert.Equal(1, reference.GetProperty("batches").GetInt64());
            foreach (var (file, batch) in new[] { ("data.csv", "7"), ("data.jsonl", "8192"), ("data.jsonl", "64"), ("data.parquet", "8192"), ("data.parquet", "33") })
            {
                var summary = EvalJson(Cdsl.XsTestContract, file, "--batch-size", batch);
                Assert.Equal(ActiveCounts(reference), ActiveCounts(summary));
                Assert.Equal(reference.GetProperty("total").GetRawText(), summary.GetProperty("total").GetRawText());
                Assert.Equal(reference.GetProperty("reasons").GetRawText(), summary.GetProperty("reasons").GetRawText());
            }
            Assert.Equal(65, EvalJson(Cdsl.XsTestContract, "data.csv", "--batch-size", "7").GetProperty("batches").GetInt64());
        }

        private static async Task WriteParquet(string path, IReadOnlyList<XsTestRow> rows, int rowGroupSize)
        {
            var promptType = new DataField<string>("prompt_type");
            var unsafePrompt = new DataField<bool>("unsafe_prompt");
            var refuses = new DataField<bool>("refuses");
            var complies = new DataField<bool>("complies");
            var cautions = new DataField<int>("cautions");
            await using var stream = File.Create(path);
            await using var writer = await ParquetWriter.CreateAsync(new ParquetSchema(promptType, unsafePrompt, refuses, complies, cautions), stream);
            foreach (var chunk in rows.Chunk(rowGroupSize))
            {
                using var group = writer.CreateRowGroup();
                await group.WriteAsync(promptType, chunk.Select(r => r.PromptType).ToArray());
                await group.WriteAsync<bool>(unsafePrompt, chunk.Select(r => r.UnsafePrompt).ToArray().AsMemory());
                await group.WriteAsync<bool>(refuses, chunk.Select(r => r.Refuses).ToArray().AsMemory());
                await group.WriteAsync<bool>(complies, chunk.Select(r => r.Complies).ToArray().AsMemory());
                await group.WriteAsync<int>(cautions, chunk.Select(r => r.Cautions).ToArray().AsMemory());
            }
        }

        private const string Ensemble =
            "contract Ens {\n" +
            "  signal rm : real[3] in [-5, 5] \"three reward models\";\n" +
            "  signal toxic : flag \"a classifier's verdict\";\n" +
            "  reward rm.mean;\n" +
            "  norm no_toxic \"No toxic replies.\" when toxic penalize 1;\n" +
            "  uncertain 0.5 when rm.std > 1 \"the reward models disagree\";\n" +
            "}\n";

        [Fact]
        public async Task Ensembles_are_member_columns_or_json_arrays_and_outputs_are_written_per_sample()
        {
            Write("ens.contract", Ensemble);
            Write("ens.csv", "rm[0],rm[1],rm[2],toxic\n1,1,1,false\n-3,3,0,1\n0.5,NaN,0,0\n9,0,0,TRUE\n");
            Write("ens.jsonl", "{\"rm\": [1, 1, 1], \"toxic\": false}\n{\"rm\": [-3, 3, 0], \"toxic\": 1}\n\n{\"rm\": [0.5, \"NaN\", 0], \"toxic\": 0}\n{\"rm\": [9, 0, 0], \"toxic\": true}\n");
            Write("ens-array.csv", "rm,toxic\n\"[1, 1, 1]\",false\n\"[-3, 3, 0]\",true\n\"[0.5, \"\"NaN\"\", 0]\",false\n\"[9, 0, 0]\",true\n");

            EvalJson("ens.contract", "ens.csv", "--out", "out/ens.csv");
            EvalJson("ens.contract", "ens.jsonl", "--out", "out/ens.jsonl");
            var summary = EvalJson("ens.contract", "ens-array.csv", "--out", "out/ens.parquet");

            string csv = File.ReadAllText(Path.Combine(Root, "out", "ens.csv"));
            Assert.Equal(
                "row,total,base,contribution.no_toxic,active.no_toxic,uncertainty,reasons\n" +
                "1,1,1,0,false,0,\n" +
                "2,-1,0,-1,true,0.5,Explicit\n" +
                "3,0,0,0,false,1,OutOfDomain|Invalid\n" +   // NaN: the sample is invalid (clamp mode)
                "4,0.6666666,1.6666666,-1,true,0.5,Explicit|OutOfDomain\n", // 9 clamped to 5
                csv);

            var jsonl = File.ReadAllLines(Path.Combine(Root, "out", "ens.jsonl")).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            Assert.Equal(4, jsonl.Count);
            Assert.Equal(2, jsonl[1].GetProperty("row").GetInt32());
            Assert.Equal(-1, jsonl[1].GetProperty("contributions").GetProperty("no_toxic").GetSingle());
            Assert.True(jsonl[1].GetProperty("active").GetProperty("no_toxic").GetBoolean());
            Assert.Equal(new[] { "OutOfDomain", "Invalid" }, jsonl[2].GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));

            await using (var reader = await ParquetReader.CreateAsync(Path.Combine(Root, "out", "ens.parquet")))
            {
                var fields = reader.Schema.GetDataFields();
                Assert.Equal(new[] { "row", "total", "base", "contribution.no_toxic", "active.no_toxic", "uncertainty", "reasons" }, fields.Select(f => f.Name));
                var group = reader.OpenRowGroupReader(0);
                var totals = new float[group.RowCount];
                await group.ReadAsync<float>(fields[1], totals.AsMemory());
                var reasons = new string?[group.RowCount];
                await group.ReadAsync(fields[6], reasons.AsMemory());
                Assert.Equal(new[] { 1f, -1f, 0f, 0.6666666f }, totals);
                Assert.Equal("Explicit|OutOfDomain", reasons[3]);
            }
            Assert.Equal(1, summary.GetProperty("reasons").GetProperty("Invalid").GetInt64());
            Assert.Equal(2, summary.GetProperty("reasons").GetProperty("OutOfDomain").GetInt64());
        }

        [Fact]
        public void Params_from_json_change_the_amounts_and_bad_params_are_named()
        {
            Write("llama2orig.csv", XsTestData.Csv(XsTestData.Read("llama2orig")));
            Write("params.json", "{ \"refusal_cost\": 2 }");
            var summary = EvalJson(Cdsl.XsTestContract, "llama2orig.csv", "--params", "params.json");
            var needless = summary.GetProperty("norms")[1];
            Assert.Equal(-2.0, needless.GetProperty("meanWhenActive").GetDouble());
            Assert.Equal(2.0, summary.GetProperty("params").GetProperty("refusal_cost").GetDouble());

            Write("bad.json", "{ \"refusal_cost\": 9 }");
            var (exit, _, error) = Cdsl.Run(Root, "eval", Cdsl.XsTestContract, "llama2orig.csv", "--params", "bad.json");
            Assert.Equal(ExitCodes.InputError, exit);
            Assert.Contains("cdsl eval: error: --params bad.json:", error);
            Assert.Contains("refusal_cost", error);
        }

        [Theory]
        [InlineData("id,prompt_type,refuses,complies,cautions\n1,homonyms,true,false,0\n", "data.csv: missing column `unsafe_prompt`; the data's columns are: id, prompt_type, refuses, complies, cautions")]
        [InlineData("prompt_type,Unsafe_Prompt,refuses,complies,cautions\nhomonyms,false,true,false,0\n", "missing column `unsafe_prompt` (there is `Unsafe_Prompt`: names are matched exactly)")]
        [InlineData("prompt_type,unsafe_prompt,refuses,complies,cautions\nhomonyms,false,true,false,0\nMaybe,false,true,false,0\n",
            "data.csv: line 3 (row 2), column `prompt_type`: unknown category value `Maybe`; `prompt_type` is one of homonyms, figurative_language, ")]
        [InlineData("prompt_type,unsafe_prompt,refuses,complies,cautions\nHomonyms,false,true,false,0\n", "line 2 (row 1), column `prompt_type`: unknown category value `Homonyms` (did you mean `homonyms`? values are matched exactly)")]
        [InlineData("prompt_type,unsafe_prompt,refuses,complies,cautions\nhomonyms,yes,true,false,0\n", "data.csv: line 2 (row 1), column `unsafe_prompt`: `yes` is not a flag (true, false, 1 or 0)")]
        public void Bad_csv_data_is_named_by_row_and_column(string csv, string message)
        {
            Write("data.csv", csv);
            var (exit, output, error) = Cdsl.Run(Root, "eval", Cdsl.XsTestContract, "data.csv");
            Assert.Equal(ExitCodes.InputError, exit);
            Assert.Contains(message, error);
            Assert.Equal("", output);
        }

        [Fact]
        public void Bad_values_beyond_the_first_batch_have_their_own_row_numbers()
        {
            var rows = XsTestData.Read("gpt4").Take(20).ToList();
            rows[16] = rows[16] with { PromptType = "contrast_nonsense" };
            Write("data.jsonl", XsTestData.JsonLines(rows));
            var (exit, _, error) = Cdsl.Run(Root, "eval", Cdsl.XsTestContract, "data.jsonl", "--batch-size", "5");
            Assert.Equal(ExitCodes.InputError, exit);
            Assert.Contains("data.jsonl: line 17 (row 17), column `prompt_type`: unknown category value `contrast_nonsense`", error);
        }

        [Fact]
        public void Strict_mode_stops_at_nan_and_at_values_outside_the_domain_clamp_mode_flags_them()
        {
            Write("ens.contract", Ensemble);
            Write("nan.csv", "rm[0],rm[1],rm[2],toxic\n1,1,1,false\n0.5,nan,0,0\n");
            Write("far.csv", "rm[0],rm[1],rm[2],toxic\n1,1,1,false\n1,1,1,false\n9,0,0,true\n");
            var (exit, _, error) = Cdsl.Run(Root, "eval", "ens.contract", "nan.csv", "--strict");
            Assert.Equal(ExitCodes.InputError, exit);
            Assert.Contains("nan.csv: line 3 (row 2), column `rm[1]`: NaN is not a finite number (--strict", error);

            (exit, _, error) = Cdsl.Run(Root, "eval", "ens.contract", "far.csv", "--strict", "--batch-size", "2");
            Assert.Equal(ExitCodes.InputError, exit);
            Assert.Contains("far.csv: line 4 (row 3), column `rm`: 9 is outside the domain [-5, 5] of `rm` (--strict", error);

            Assert.Equal(1, EvalJson("ens.contract", "nan.csv").GetProperty("reasons").GetProperty("Invalid").GetInt64());
            Assert.Equal(1, EvalJson("ens.contract", "far.csv").GetProperty("reasons").GetProperty("OutOfDomain").GetInt64());
        }

        [Fact]
        public async Task A_wrong_type_in_parquet_is_named_by_row_and_column()
        {
            Write("ens.contract", Ensemble);
            var fields = new[] { new DataField<double>("rm[0]"), new DataField<double>("rm[1]"), new DataField<double>("rm[2]") };
            var toxic = new DataField<string>("toxic");
            await using (var stream = File.Create(Path.Combine(Root, "data.parquet")))
            await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(fields.Cast<Field>().Append(toxic).ToArray()), stream))
            using (var group = writer.CreateRowGroup())
            {
                foreach (var f in fields) await group.WriteAsync<double>(f, new[] { 1.0, 2.0 }.AsMemory());
                await group.WriteAsync(toxic, new[] { "false", "maybe" });
            }
            var (exit, _, error) = Cdsl.Run(Root, "eval", "ens.contract", "data.parquet");
            Assert.Equal(ExitCodes.InputError, exit);
            Assert.Contains("data.parquet: row 2, column `toxic`: `maybe` is not a flag (true, false, 1 or 0)", error);
        }

        [Fact]
        public void A_contract_with_errors_is_not_evaluated()
        {
            Write("typo.contract", Contracts.Typo);
            Write("data.csv", "toxicity\n0.5\n");
            var (exit, _, error) = Cdsl.Run(Root, "eval", "typo.contract", "data.csv");
            Assert.Equal(ExitCodes.ContractErrors, exit);
            Assert.Contains("typo.contract(4,19): error CDSL1001", error);
            Assert.Contains("typo.contract has errors", error);
        }

        [Fact]
        public void A_file_of_several_contracts_needs_contract()
        {
            Write("two.contract", Contracts.Unused + Contracts.Clash);
            Write("data.csv", "region,alcohol,toxicity\nUS,true,0\n");
            var (exit, _, error) = Cdsl.Run(Root, "eval", "two.contract", "data.csv");
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Contains("declares 2 contracts (Unused, Clash); choose one with --contract NAME", error);
            var summary = EvalJson("two.contract", "data.csv", "--contract", "Clash");
            Assert.Equal(1, summary.GetProperty("reasons").GetProperty("Conflict").GetInt64());
        }

        [Fact]
        public void Missing_files_and_unknown_formats_are_input_errors()
        {
            Assert.Equal(ExitCodes.InputError, Cdsl.Run(Root, "eval", Cdsl.XsTestContract, "nope.csv").Exit);
            Write("data.xlsx", "");
            var (exit, _, error) = Cdsl.Run(Root, "eval", Cdsl.XsTestContract, "data.xlsx");
            Assert.Equal(ExitCodes.InputError, exit);
            Assert.Contains("unknown data format `.xlsx`", error);
        }
    }
}
