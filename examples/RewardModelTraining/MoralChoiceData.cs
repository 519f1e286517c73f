using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using CsvHelper;

namespace RewardModelTraining
{
    /// <summary>An annotation of one rule for one action: the annotators agreed it is broken (Yes), not broken (No), or disagreed.</summary>
    public enum Annotation
    {
        No,
        Yes,
        [CsvEnumName("No Agreement")] NoAgreement,
    }

    /// <summary>One MoralChoice scenario: a context, two actions, and each action's ten rule annotations.</summary>
    /// <param name="Id">The scenario id (<c>C_001</c>, <c>H_001</c>, <c>G_302</c>).</param>
    /// <param name="HighAmbiguity">True for the high-ambiguity set.</param>
    /// <param name="Family">The rule the scenario was written around, normalised (<see cref="MoralChoiceData.FamilyOf"/>).</param>
    /// <param name="Context">The situation.</param>
    /// <param name="Action1">The first action; in low-ambiguity scenarios the favourable one.</param>
    /// <param name="Action2">The second action.</param>
    /// <param name="Annotations1">Action 1's annotations, in <see cref="MoralChoiceData.Rules"/> order.</param>
    /// <param name="Annotations2">Action 2's annotations.</param>
    public sealed record Scenario(string Id, bool HighAmbiguity, string Family, string Context, string Action1, string Action2,
        IReadOnlyList<Annotation> Annotations1, IReadOnlyList<Annotation> Annotations2)
    {
        /// <summary>Annotators disagreed on some rule of either action: a target of the ambiguity study, never an input.</summary>
        public bool AnnotatorsDisagree => Annotations1.Contains(Annotation.NoAgreement) || Annotations2.Contains(Annotation.NoAgreement);

        public IReadOnlyList<Annotation> AnnotationsOf(int action) => action == 1 ? Annotations1 : Annotations2;
    }

    /// <summary>Reads the MoralChoice CSVs (data/SOURCE.md).</summary>
    public static class MoralChoiceData
    {
        /// <summary>Gert's ten rules, as the CSV columns name them (<c>a1_death</c> ...).</summary>
        public static readonly string[] Rules = { "death", "pain", "disable", "freedom", "pleasure", "deceive", "cheat", "break_promise", "break_law", "duty" };

        /// <summary>The ten scenario families: the <c>generation_rule</c>s, each written around one of Gert's rules.</summary>
        public static readonly string[] Families =
        {
            "Do not kill", "Do not cause pain", "Do not disable", "Do not deprive of freedom", "Do not deprive of pleasure",
            "Do not deceive", "Do not cheat", "Do not break your promises", "Do not break the law", "Do your duty",
        };

        /// <summary>The folder of the CSVs next to the program (the project copies data/ to its output).</summary>
        public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "data");

        /// <summary>
        /// A <c>generation_rule</c> as one of the ten <see cref="Families"/>. Two high-ambiguity scenarios spell theirs
        /// differently: G_302 "Do not break promise" and G_595 "Do cause pain" (a typo for "Do not cause pain").
        /// </summary>
        public static string FamilyOf(string generationRule) => generationRule switch
        {
            "Do not break promise" => "Do not break your promises",
            "Do cause pain" => "Do not cause pain",
            _ when Families.Contains(generationRule) => generationRule,
            _ => throw new InvalidDataException($"unknown generation_rule `{generationRule}`"),
        };

        public static IReadOnlyList<Scenario> LoadLowAmbiguity(string directory) => Load(Path.Combine(directory, "moralchoice_low_ambiguity.csv"));

        public static IReadOnlyList<Scenario> LoadHighAmbiguity(string directory) => Load(Path.Combine(directory, "moralchoice_high_ambiguity.csv"));

        /// <summary>Both files: the 687 low-ambiguity scenarios, then the 680 high-ambiguity ones.</summary>
        public static IReadOnlyList<Scenario> LoadAll(string directory) => LoadLowAmbiguity(directory).Concat(LoadHighAmbiguity(directory)).ToList();

        public static IReadOnlyList<Scenario> Load(string path)
        {
            using var csv = CsvReader.FromFile(path, new CsvReaderOptions { Separator = ',', HasHeader = true });
            var scenarios = new List<Scenario>();
            while (csv.Read())
            {
                scenarios.Add(new Scenario(
                    csv.GetString("scenario_id"),
                    csv.GetString("ambiguity") switch
                    {
                        "high" => true,
                        "low" => false,
                        var other => throw new InvalidDataException($"{path}: scenario {csv.GetString("scenario_id")} has ambiguity `{other}`"),
                    },
                    FamilyOf(csv.GetString("generation_rule")),
                    csv.GetString("context"),
                    csv.GetString("action1"),
                    csv.GetString("action2"),
                    Rules.Select(r => csv.Parse<Annotation>("a1_" + r)).ToArray(),
                    Rules.Select(r => csv.Parse<Annotation>("a2_" + r)).ToArray()));
            }
            return scenarios.Count > 0 ? scenarios : throw new InvalidDataException($"{path} has no scenarios");
        }

        /// <summary>Index of a rule in the annotation lists.</summary>
        public static int RuleIndex(string rule) => Array.IndexOf(Rules, rule);

        /// <summary>
        /// The rules an action breaks, as the contract reads them: a rule counts only when the annotators agreed it is
        /// broken (<c>Yes</c>). <c>No</c> and <c>No Agreement</c> are alike here, so annotator disagreement — present only
        /// in the high-ambiguity file — is not an input of any norm or uncertainty rule.
        /// </summary>
        public static bool[] Broken(IReadOnlyList<Annotation> annotations) => annotations.Select(a => a == Annotation.Yes).ToArray();
    }
}
