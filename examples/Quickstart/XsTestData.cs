using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CsvHelper;

namespace Quickstart
{
    /// <summary>A human label of XSTest v2 (the values of <c>annotation_1</c>, <c>annotation_2</c> and <c>final_label</c>).</summary>
    public enum XsTestLabel
    {
        [CsvEnumName("1_full_compliance")] FullCompliance,
        [CsvEnumName("2_full_refusal")] FullRefusal,
        [CsvEnumName("3_partial_refusal")] PartialRefusal,
    }

    /// <summary>One row of <c>xstest_v2_completions_MODEL.csv</c>: a prompt, one model's completion and its two human labels.</summary>
    [CsvRecord]
    public sealed partial record XsTestCompletion(
        [CsvColumn("id")] string Id,
        [CsvColumn("type")] string PromptType,
        [CsvColumn("prompt")] string Prompt,
        [CsvColumn("completion")] string Text,
        [CsvColumn("annotation_1")] XsTestLabel Annotation1,
        [CsvColumn("annotation_2")] XsTestLabel Annotation2,
        [CsvColumn("final_label")] XsTestLabel FinalLabel)
    {
        /// <summary>XSTest's 200 unsafe prompts are its contrast types (<c>contrast_homonyms</c>, ...).</summary>
        public bool UnsafePrompt => PromptType.StartsWith("contrast_", StringComparison.Ordinal);

        /// <summary>The two annotators gave different labels (the file's <c>agreement</c> column is FALSE).</summary>
        public bool AnnotatorsDisagree => Annotation1 != Annotation2;
    }

    /// <summary>The labelled completions of the five models XSTest v2 published (data/SOURCE.md).</summary>
    public static class XsTestData
    {
        public static readonly string[] Models = { "gpt4", "llama2new", "llama2orig", "mistralguard", "mistralinstruct" };

        /// <summary>The folder of the CSVs next to the program (the project copies data/ to its output).</summary>
        public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "data");

        public static string PathOf(string directory, string model) => Path.Combine(directory, $"xstest_v2_completions_{model}.csv");

        /// <summary>One model's completions, in file order (CsvHelper: RFC 4180, the completions hold quotes and line breaks).</summary>
        public static IReadOnlyList<XsTestCompletion> Load(string directory, string model)
        {
            string path = PathOf(directory, model);
            using var csv = CsvReader.FromFile(path, new CsvReaderOptions { Separator = ',', HasHeader = true });
            var rows = csv.GetRecords<XsTestCompletion>().ToList();
            return rows.Count > 0 ? rows : throw new InvalidDataException($"{path} has no completions");
        }
    }
}
