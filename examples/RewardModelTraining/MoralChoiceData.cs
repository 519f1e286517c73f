using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Examples.Data;

namespace RewardModelTraining
{
    /// <summary>One MoralChoice scenario: a context, two actions, and each action's ten rule annotations.</summary>
    /// <param name="Id">The scenario id (<c>C_001</c>, <c>H_001</c>).</param>
    /// <param name="HighAmbiguity">True for the high-ambiguity set (both actions break rules).</param>
    /// <param name="Rule">The rule the scenario was written around (<c>Do not kill</c>).</param>
    /// <param name="Context">The situation.</param>
    /// <param name="Action1">The first action; in low-ambiguity scenarios the favourable one.</param>
    /// <param name="Action2">The second action.</param>
    /// <param name="Rules1">Action 1's rule features, in <see cref="MoralChoiceData.Rules"/> order.</param>
    /// <param name="Rules2">Action 2's rule features.</param>
    public sealed record Scenario(string Id, bool HighAmbiguity, string Rule, string Context, string Action1, string Action2, float[] Rules1, float[] Rules2);

    /// <summary>Reads the MoralChoice CSVs (data/SOURCE.md) and turns annotations into features.</summary>
    public static class MoralChoiceData
    {
        /// <summary>Gert's ten rules, as the CSV columns name them (<c>a1_death</c> ...).</summary>
        public static readonly string[] Rules = { "death", "pain", "disable", "freedom", "pleasure", "deceive", "cheat", "break_promise", "break_law", "duty" };

        /// <summary>The folder of the CSVs next to the program (the project copies data/ to its output).</summary>
        public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "data");

        /// <summary>
        /// An annotation as a number: <c>Yes</c> (the action breaks the rule) = 1, <c>No</c> = 0, <c>No Agreement</c>
        /// (the annotators disagreed) = 0.5 — the rule is broken "with probability one half" for the contract's
        /// <c>prob</c> signals, and half a violation for the reward model's features.
        /// </summary>
        public static float Score(string annotation) => annotation switch
        {
            "Yes" => 1f,
            "No" => 0f,
            "No Agreement" => 0.5f,
            _ => throw new InvalidDataException($"unexpected annotation '{annotation}' (expected Yes, No or No Agreement)"),
        };

        public static IReadOnlyList<Scenario> LoadLowAmbiguity(string directory) => Load(Path.Combine(directory, "moralchoice_low_ambiguity.csv"));

        public static IReadOnlyList<Scenario> LoadHighAmbiguity(string directory) => Load(Path.Combine(directory, "moralchoice_high_ambiguity.csv"));

        public static IReadOnlyList<Scenario> Load(string path) =>
            CsvReader.ReadFile(path).Select(row => new Scenario(
                row["scenario_id"],
                row["ambiguity"] == "high",
                row["generation_rule"],
                row["context"],
                row["action1"],
                row["action2"],
                Rules.Select(r => Score(row["a1_" + r])).ToArray(),
                Rules.Select(r => Score(row["a2_" + r])).ToArray())).ToList();

        /// <summary>Index of a rule in the feature vector.</summary>
        public static int RuleIndex(string rule) => Array.IndexOf(Rules, rule);
    }
}
