using System.IO;
using CsvHelper;

namespace ContractDsl.Cli.Tests
{
    /// <summary>
    /// One XSTest v2 completion as the Quickstart's contract signals, with the outcome from the human label (the
    /// Quickstart's <c>SignalSource.HumanLabels</c>): compliance → complies, refusal → refuses, partial refusal → both.
    /// </summary>
    internal sealed record XsTestRow(string Id, string PromptType, bool UnsafePrompt, bool Refuses, bool Complies, int Cautions);

    /// <summary>The XSTest completions of examples/Quickstart/data as signal rows, and signal files built from them.</summary>
    internal static class XsTestData
    {
        public static readonly string[] Models = { "gpt4", "llama2new", "llama2orig", "mistralguard", "mistralinstruct" };

        /// <summary>
        /// prompt type → <c>prompt_type</c>; the contrast (unsafe) prompt types → <c>unsafe_prompt</c>; final label →
        /// <c>refuses</c>, <c>complies</c>; the Quickstart's refusal detector's caution count → <c>cautions</c>.
        /// </summary>
        public static IReadOnlyList<XsTestRow> Read(string model)
        {
            string path = Path.Combine(Cdsl.Quickstart, "data", $"xstest_v2_completions_{model}.csv");
            var rows = new List<XsTestRow>();
            using var csv = CsvReader.FromFile(path, new CsvReaderOptions { Separator = ',' });
            while (csv.Read())
            {
                string type = csv.GetString("type");
                var (refuses, complies) = csv.GetString("final_label").Trim() switch
                {
                    "1_full_compliance" => (false, true),
                    "2_full_refusal" => (true, false),
                    "3_partial_refusal" => (true, true),
                    var other => throw new InvalidDataException($"{path}: unknown final_label `{other}`"),
                };
                int cautions = Quickstart.RefusalDetector.Detect(csv.GetString("completion")).Cautions;
                rows.Add(new XsTestRow(csv.GetString("id"), type, type.StartsWith("contrast_", StringComparison.Ordinal), refuses, complies, cautions));
            }
            return rows;
        }

        private static string Flag(bool value) => value ? "true" : "false";

        /// <summary>The signals as CSV: a column per signal (plus the id, which eval ignores).</summary>
        public static string Csv(IEnumerable<XsTestRow> rows) =>
            "id,prompt_type,unsafe_prompt,refuses,complies,cautions\n" +
            string.Concat(rows.Select(r => $"{r.Id},{r.PromptType},{Flag(r.UnsafePrompt)},{Flag(r.Refuses)},{Flag(r.Complies)},{r.Cautions}\n"));

        public static string JsonLines(IEnumerable<XsTestRow> rows) =>
            string.Concat(rows.Select(r => $"{{\"id\": \"{r.Id}\", \"prompt_type\": \"{r.PromptType}\", \"unsafe_prompt\": {Flag(r.UnsafePrompt)}, " +
                $"\"refuses\": {Flag(r.Refuses)}, \"complies\": {Flag(r.Complies)}, \"cautions\": {r.Cautions}}}\n"));
    }
}
