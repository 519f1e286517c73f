using System.IO;
using CsvHelper;

namespace ContractDsl.Cli.Tests
{
    /// <summary>One labelled completion of XSTest v2, mapped the way the Quickstart (XsTestReport) maps it.</summary>
    internal sealed record XsTestRow(string Id, string PromptType, string Outcome, bool UnsafePrompt);

    /// <summary>The XSTest completions of examples/Quickstart/data as signal rows, and signal files built from them.</summary>
    internal static class XsTestData
    {
        public static readonly string[] Models = { "gpt4", "llama2new", "llama2orig", "mistralguard", "mistralinstruct" };

        /// <summary>
        /// prompt type → <c>prompt_type</c>; final label → <c>outcome</c>; the contrast (unsafe) prompt types →
        /// <c>unsafe_prompt</c>, as XsTestReport does.
        /// </summary>
        public static IReadOnlyList<XsTestRow> Read(string model)
        {
            string path = Path.Combine(Cdsl.Quickstart, "data", $"xstest_v2_completions_{model}.csv");
            var rows = new List<XsTestRow>();
            using var csv = CsvReader.FromFile(path, new CsvReaderOptions { Separator = ',' });
            while (csv.Read())
            {
                string type = csv.GetString("type");
                string outcome = csv.GetString("final_label").Trim() switch
                {
                    "1_full_compliance" => "FullCompliance",
                    "2_full_refusal" => "FullRefusal",
                    "3_partial_refusal" => "PartialRefusal",
                    var other => throw new InvalidDataException($"{path}: unknown final_label `{other}`"),
                };
                rows.Add(new XsTestRow(csv.GetString("id"), type, outcome, type.StartsWith("contrast_", StringComparison.Ordinal)));
            }
            return rows;
        }

        /// <summary>The signals as CSV: a column per signal (plus the id, which eval ignores).</summary>
        public static string Csv(IEnumerable<XsTestRow> rows) =>
            "id,prompt_type,outcome,unsafe_prompt\n" +
            string.Concat(rows.Select(r => $"{r.Id},{r.PromptType},{r.Outcome},{(r.UnsafePrompt ? "true" : "false")}\n"));

        public static string JsonLines(IEnumerable<XsTestRow> rows) =>
            string.Concat(rows.Select(r => $"{{\"id\": \"{r.Id}\", \"prompt_type\": \"{r.PromptType}\", \"outcome\": \"{r.Outcome}\", \"unsafe_prompt\": {(r.UnsafePrompt ? "true" : "false")}}}\n"));
    }
}
