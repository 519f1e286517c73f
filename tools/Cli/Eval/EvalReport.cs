using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ContractDsl.Runtime;
using Spectre.Console;

namespace ContractDsl.Cli.Eval
{
    /// <summary>The summary of a run: a per-norm table and a reasons table, or the JSON shape docs/cli.md describes.</summary>
    public static class EvalReport
    {
        public const int JsonShapeVersion = 1;

        public static void WriteTables(EvalResult result, TextWriter console, bool interactive)
        {
            var s = result.Statistics;
            var info = result.Info;
            console.WriteLine($"Contract {info.Name} ({info.SourceFile}) on {result.DataPath}: {s.Samples} samples in {result.Batches} batch{(result.Batches == 1 ? "" : "es")}, {(result.Policy == DomainPolicy.Strict ? "strict" : "clamped")} domains");
            console.WriteLine($"Total reward: mean {Signed(s.MeanTotal)}, min {Number(s.Samples == 0 ? 0 : s.TotalMin)}, max {Number(s.Samples == 0 ? 0 : s.TotalMax)} (analysed range [{Number(info.TotalLow)}, {Number(info.TotalHigh)}]); uncertain on {s.Uncertain} of {s.Samples}, mean uncertainty {Number(s.MeanUncertainty)}");
            if (info.Params.Count > 0) console.WriteLine($"Params: {Compact(result.ParamsJson)}");
            console.WriteLine();

            var norms = new Table().Border(Terminal.Border(interactive));
            norms.AddColumn("norm");
            norms.AddColumn("effect");
            norms.AddColumn(new TableColumn("active").RightAligned());
            norms.AddColumn(new TableColumn("rate").RightAligned());
            norms.AddColumn(new TableColumn("mean contribution").RightAligned());
            norms.AddColumn(new TableColumn("mean when active").RightAligned());
            norms.AddColumn("rationale");
            foreach (var norm in info.Norms)
            {
                norms.AddRow(
                    Markup.Escape(norm.Name), norm.Effect,
                    s.Active(norm.Index).ToString(CultureInfo.InvariantCulture),
                    Percent(s.Rate(norm.Index)),
                    Signed(s.MeanContribution(norm.Index)),
                    s.Active(norm.Index) == 0 ? "–" : Signed(s.MeanWhenActive(norm.Index)),
                    Markup.Escape(norm.Rationale ?? ""));
            }
            Terminal.Write(console, norms, interactive);
            console.WriteLine();

            var reasons = new Table().Border(Terminal.Border(interactive));
            reasons.AddColumn("reason");
            reasons.AddColumn(new TableColumn("samples").RightAligned());
            reasons.AddColumn(new TableColumn("rate").RightAligned());
            foreach (var reason in EvalStatistics.Reasons)
            {
                long n = s.WithReason(reason);
                reasons.AddRow(reason.ToString(), n.ToString(CultureInfo.InvariantCulture), Percent(s.Samples == 0 ? 0 : (double)n / s.Samples));
            }
            Terminal.Write(console, reasons, interactive);
        }

        public static void WriteJson(EvalResult result, TextWriter output)
        {
            var s = result.Statistics;
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                w.WriteNumber("shapeVersion", JsonShapeVersion);
                w.WriteString("contract", result.Info.Name);
                w.WriteString("source", result.Info.SourceFile);
                w.WriteString("data", result.DataPath);
                w.WriteString("policy", result.Policy == DomainPolicy.Strict ? "strict" : "clamp");
                w.WritePropertyName("params");
                using (var p = JsonDocument.Parse(result.ParamsJson)) p.RootElement.WriteTo(w);
                w.WriteNumber("samples", s.Samples);
                w.WriteNumber("batches", result.Batches);
                w.WriteStartObject("total");
                w.WriteNumber("mean", s.MeanTotal);
                w.WriteNumber("min", s.Samples == 0 ? 0 : s.TotalMin);
                w.WriteNumber("max", s.Samples == 0 ? 0 : s.TotalMax);
                WriteBound(w, "analysedLow", result.Info.TotalLow);
                WriteBound(w, "analysedHigh", result.Info.TotalHigh);
                w.WriteEndObject();
                w.WriteNumber("uncertain", s.Uncertain);
                w.WriteNumber("meanUncertainty", s.MeanUncertainty);
                w.WriteStartArray("norms");
                foreach (var norm in result.Info.Norms)
                {
                    w.WriteStartObject();
                    w.WriteNumber("index", norm.Index);
                    w.WriteString("name", norm.Name);
                    w.WriteString("effect", norm.Effect);
                    w.WriteNumber("active", s.Active(norm.Index));
                    w.WriteNumber("rate", s.Rate(norm.Index));
                    w.WriteNumber("meanContribution", s.MeanContribution(norm.Index));
                    w.WriteNumber("meanWhenActive", s.MeanWhenActive(norm.Index));
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartObject("reasons");
                foreach (var reason in EvalStatistics.Reasons) w.WriteNumber(reason.ToString(), s.WithReason(reason));
                w.WriteEndObject();
                w.WriteEndObject();
            }
            output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
        }

        /// <summary>A JSON document on one line.</summary>
        public static string Compact(string json)
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement);
        }

        /// <summary>JSON has no infinity: an unbounded end of the analysed range is null.</summary>
        private static void WriteBound(Utf8JsonWriter w, string name, double value)
        {
            if (double.IsFinite(value)) w.WriteNumber(name, value);
            else w.WriteNull(name);
        }

        public static string Percent(double rate) => (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

        public static string Signed(double value) => value.ToString("+0.000;-0.000;+0.000", CultureInfo.InvariantCulture);

        public static string Number(double value) =>
            double.IsPositiveInfinity(value) ? "∞" : double.IsNegativeInfinity(value) ? "-∞" : value.ToString("0.###", CultureInfo.InvariantCulture);
    }
}
