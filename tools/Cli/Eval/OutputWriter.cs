using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using ContractDsl.Runtime;
using CsvHelper;
using Parquet;
using Parquet.Schema;

namespace ContractDsl.Cli.Eval
{
    /// <summary>
    /// <c>cdsl eval --out FILE</c>: every sample's outputs, in the format the extension names. Flat formats (CSV, Parquet)
    /// have the columns <c>row, total, base, contribution.NORM…, active.NORM…, uncertainty, reasons</c>; JSON Lines has
    /// one object per sample with <c>contributions</c> and <c>active</c> objects keyed by norm and <c>reasons</c> as an
    /// array. Reasons are <see cref="RewardReasons"/> names (<c>Conflict|Explicit</c> in the flat formats).
    /// </summary>
    public abstract class OutputWriter : IDisposable
    {
        protected OutputWriter(IReadOnlyList<string> norms) => Norms = norms;

        protected IReadOnlyList<string> Norms { get; }

        /// <summary>Writes the batch's samples; <paramref name="firstRow"/> is the data row (1-based) of its first sample.</summary>
        public abstract void Write(RewardOutputs outputs, long firstRow);

        public abstract void Dispose();

        public static OutputWriter Create(string path, IReadOnlyList<string> norms)
        {
            string extension = Path.GetExtension(path).ToLowerInvariant();
            string? directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory != null) Directory.CreateDirectory(directory);
            return extension switch
            {
                ".csv" => new CsvOutputWriter(path, norms),
                ".jsonl" or ".ndjson" => new JsonLinesOutputWriter(path, norms),
                ".parquet" => new ParquetOutputWriter(path, norms),
                _ => throw new CliException($"--out {path}: unknown output format `{extension}`; use .csv, .jsonl or .parquet"),
            };
        }

        /// <summary>The column names of the flat formats.</summary>
        protected IEnumerable<string> FlatColumns() =>
            new[] { "row", "total", "base" }
                .Concat(Norms.Select(n => "contribution." + n))
                .Concat(Norms.Select(n => "active." + n))
                .Concat(new[] { "uncertainty", "reasons" });

        /// <summary>The reason names of one sample: <c>Conflict|Explicit</c>, empty for none.</summary>
        public static string ReasonText(RewardReasons reasons) => string.Join("|", ReasonNames(reasons));

        public static IEnumerable<string> ReasonNames(RewardReasons reasons) =>
            Enum.GetValues<RewardReasons>().Where(r => r != RewardReasons.None && reasons.HasFlag(r)).Select(r => r.ToString());
    }

    internal sealed class CsvOutputWriter : OutputWriter
    {
        private readonly CsvWriter _csv;

        public CsvOutputWriter(string path, IReadOnlyList<string> norms) : base(norms)
        {
            _csv = CsvWriter.Create(File.Create(path), new CsvWriterOptions { NewLine = "\n", TrueValue = "true", FalseValue = "false" });
            _csv.WriteHeader(FlatColumns().ToArray());
        }

        public override void Write(RewardOutputs outputs, long firstRow)
        {
            for (int i = 0; i < outputs.Count; i++)
            {
                _csv.WriteField(firstRow + i, "");
                _csv.WriteField(outputs.Total[i], "R");
                _csv.WriteField(outputs.Base[i], "R");
                for (int k = 0; k < Norms.Count; k++) _csv.WriteField(outputs.Contribution(k)[i], "R");
                for (int k = 0; k < Norms.Count; k++) _csv.WriteField(outputs.IsActive(k)[i]);
                _csv.WriteField(outputs.Uncertainty[i], "R");
                _csv.WriteField(ReasonText(outputs.Reasons[i]));
                _csv.EndRecord();
            }
        }

        public override void Dispose() => _csv.Dispose();
    }

    internal sealed class JsonLinesOutputWriter : OutputWriter
    {
        private readonly Stream _stream;
        private readonly Utf8JsonWriter _json;

        public JsonLinesOutputWriter(string path, IReadOnlyList<string> norms) : base(norms)
        {
            _stream = File.Create(path);
            _json = new Utf8JsonWriter(_stream);
        }

        public override void Write(RewardOutputs outputs, long firstRow)
        {
            for (int i = 0; i < outputs.Count; i++)
            {
                _json.WriteStartObject();
                _json.WriteNumber("row", firstRow + i);
                WriteFloat("total", outputs.Total[i]);
                WriteFloat("base", outputs.Base[i]);
                _json.WriteStartObject("contributions");
                for (int k = 0; k < Norms.Count; k++) WriteFloat(Norms[k], outputs.Contribution(k)[i]);
                _json.WriteEndObject();
                _json.WriteStartObject("active");
                for (int k = 0; k < Norms.Count; k++) _json.WriteBoolean(Norms[k], outputs.IsActive(k)[i]);
                _json.WriteEndObject();
                WriteFloat("uncertainty", outputs.Uncertainty[i]);
                _json.WriteStartArray("reasons");
                foreach (var r in ReasonNames(outputs.Reasons[i])) _json.WriteStringValue(r);
                _json.WriteEndArray();
                _json.WriteEndObject();
                _json.Flush();
                _stream.WriteByte((byte)'\n');
                _json.Reset(); // one document per line: no separator before the next
            }
        }

        /// <summary>Outputs are finite by construction (an invalid sample's are 0); a non-finite one is written as a string, as JSON has no NaN.</summary>
        private void WriteFloat(string name, float value)
        {
            if (float.IsFinite(value)) _json.WriteNumber(name, value);
            else _json.WriteString(name, value.ToString(CultureInfo.InvariantCulture));
        }

        public override void Dispose()
        {
            _json.Dispose();
            _stream.Dispose();
        }
    }

    internal sealed class ParquetOutputWriter : OutputWriter
    {
        private readonly Stream _stream;
        private readonly ParquetWriter _parquet;
        private readonly ParquetSchema _schema;

        public ParquetOutputWriter(string path, IReadOnlyList<string> norms) : base(norms)
        {
            var fields = new List<Field> { new DataField<long>("row"), new DataField<float>("total"), new DataField<float>("base") };
            fields.AddRange(norms.Select(n => new DataField<float>("contribution." + n)));
            fields.AddRange(norms.Select(n => new DataField<bool>("active." + n)));
            fields.Add(new DataField<float>("uncertainty"));
            fields.Add(new DataField<string>("reasons"));
            _schema = new ParquetSchema(fields);
            _stream = File.Create(path);
            _parquet = ParquetWriter.CreateAsync(_schema, _stream).GetAwaiter().GetResult();
        }

        public override void Write(RewardOutputs outputs, long firstRow)
        {
            int n = outputs.Count;
            if (n == 0) return;
            var data = _schema.GetDataFields();
            using var group = _parquet.CreateRowGroup();
            int f = 0;
            group.WriteAsync<long>(data[f++], Enumerable.Range(0, n).Select(i => firstRow + i).ToArray().AsMemory()).GetAwaiter().GetResult();
            group.WriteAsync<float>(data[f++], outputs.Total.ToArray().AsMemory()).GetAwaiter().GetResult();
            group.WriteAsync<float>(data[f++], outputs.Base.ToArray().AsMemory()).GetAwaiter().GetResult();
            for (int k = 0; k < Norms.Count; k++) group.WriteAsync<float>(data[f++], outputs.Contribution(k).ToArray().AsMemory()).GetAwaiter().GetResult();
            for (int k = 0; k < Norms.Count; k++) group.WriteAsync<bool>(data[f++], outputs.IsActive(k).ToArray().AsMemory()).GetAwaiter().GetResult();
            group.WriteAsync<float>(data[f++], outputs.Uncertainty.ToArray().AsMemory()).GetAwaiter().GetResult();
            var reasons = new string[n];
            for (int i = 0; i < n; i++) reasons[i] = ReasonText(outputs.Reasons[i]);
            group.WriteAsync(data[f], reasons).GetAwaiter().GetResult();
            group.CompleteValidate();
        }

        public override void Dispose()
        {
            _parquet.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _stream.Dispose();
        }
    }
}
