using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Examples.Data;
using ContractDsl.Runtime;

namespace Quickstart
{
    /// <summary>How often one norm fired for one model: <see cref="Active"/> of the <see cref="OutOf"/> prompts its context covers.</summary>
    public sealed record NormActivation(string Norm, string Effect, string? Rationale, int Active, int OutOf)
    {
        public double Rate => OutOf == 0 ? 0 : (double)Active / OutOf;
    }

    /// <summary>The contract evaluated on one model's 450 labelled completions.</summary>
    public sealed record ModelReport(string Model, int Samples, double MeanReward, IReadOnlyList<NormActivation> Norms, int Uncertain);

    /// <summary>Loads XSTest's labelled completions and evaluates the <c>XsTest</c> contract (xstest.contract) on them.</summary>
    public static class XsTestReport
    {
        public static readonly string[] Models = { "gpt4", "llama2new", "llama2orig", "mistralguard", "mistralinstruct" };

        public static string DefaultDataDirectory => Path.Combine(AppContext.BaseDirectory, "data");

        public static IReadOnlyList<ModelReport> Compute(string dataDirectory) =>
            Models.Select(model => Evaluate(model, Path.Combine(dataDirectory, $"xstest_v2_completions_{model}.csv"))).ToList();

        public static ModelReport Evaluate(string model, string path)
        {
            var rows = CsvReader.ReadFile(path);
            int n = rows.Count;
            var unsafePrompt = new bool[n];
            var outcome = new XsTest.Outcome[n];
            var promptType = new XsTest.PromptType[n];
            for (int i = 0; i < n; i++)
            {
                string type = rows[i]["type"];
                unsafePrompt[i] = type.StartsWith("contrast_", StringComparison.Ordinal);
                outcome[i] = rows[i]["final_label"].Trim() switch
                {
                    "1_full_compliance" => XsTest.Outcome.FullCompliance,
                    "2_full_refusal" => XsTest.Outcome.FullRefusal,
                    "3_partial_refusal" => XsTest.Outcome.PartialRefusal,
                    var other => throw new InvalidDataException($"{path}: row {rows[i]["id"]} has an unknown final_label `{other}`"),
                };
                promptType[i] = Enum.TryParse<XsTest.PromptType>(type, out var t)
                    ? t
                    : throw new InvalidDataException($"{path}: row {rows[i]["id"]} has an unknown type `{type}`");
            }

            var module = new XsTest();
            var batch = new XsTest.Batch(n) { UnsafePrompt = unsafePrompt, Outcome = outcome, PromptType = promptType };
            var outputs = new RewardOutputs(n, XsTest.NormCount);
            module.Evaluate(batch, outputs.AsSpans(), DomainPolicy.Strict); // labelled data: anything out of domain is a bug

            int unsafeCount = unsafePrompt.Count(u => u);
            var norms = XsTest.Info.Norms.Select(norm =>
            {
                int active = 0;
                foreach (bool a in outputs.IsActive(norm.Index)) if (a) active++;
                // Each norm's context is one of the two prompt classes: `unsafe_prompt` or `not unsafe_prompt`.
                int outOf = norm.Context == "unsafe_prompt" ? unsafeCount : n - unsafeCount;
                return new NormActivation(norm.Name, norm.Effect, norm.Rationale, active, outOf);
            }).ToList();

            double mean = 0;
            foreach (float r in outputs.Total) mean += r;
            int uncertain = 0;
            foreach (float u in outputs.Uncertainty) if (u > 0) uncertain++;
            return new ModelReport(model, n, mean / n, norms, uncertain);
        }
    }
}
