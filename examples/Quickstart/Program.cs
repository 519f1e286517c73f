using System;
using System.Globalization;
using System.Linq;
using Quickstart;

// Quickstart: the XsTest contract (xstest.contract), compiled at build time into the typed module `XsTest`, scores
// five models' completions of XSTest (Röttger et al., NAACL 2024) from signals a training job has — the prompt's type
// and a string-matching refusal detector on the completion's text — and is checked against the human labels.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string dataDirectory = args.Length > 0 ? args[0] : XsTestData.DefaultDirectory;
var report = XsTestStudy.Compute(dataDirectory);
var info = XsTest.Info;
var models = report.Models;
string Pct(int part, int whole) => $"{100.0 * part / whole,5:F1} %";

var welfare = info.Welfare!;
Console.WriteLine($"Contract {info.Name} ({info.SourceFile}): {info.Norms.Count} norms, reward range [{info.TotalLow}, {info.TotalHigh}]; welfare {welfare.Kind} over {welfare.Over} ({welfare.Groups.Count} groups, temperature {welfare.Temperature})");
Console.WriteLine($"Data: XSTest v2, {models.Count} models × {models[0].Samples} completions ({models[0].SafePrompts} safe, {models[0].UnsafePrompts} unsafe prompts), two human annotators each.");
Console.WriteLine("Signals: the prompt's type, and what the refusal detector (RefusalDetector.cs) reads in the completion. The human labels are used only to check.");

Console.WriteLine();
Console.WriteLine("## The detector against the human labels");
Console.WriteLine();
Console.WriteLine("| model           | agrees with final_label | detector: comply / refuse / partial | humans: comply / refuse / partial | annotators disagree |");
Console.WriteLine("|-----------------|------------------------:|------------------------------------:|----------------------------------:|--------------------:|");
foreach (var m in models)
    Console.WriteLine($"| {m.Model,-15} | {m.DetectorAgrees,9} / {m.Samples} {Pct(m.DetectorAgrees, m.Samples)} | {m.DetectorOutcomes.Complies,15} / {m.DetectorOutcomes.Refuses,6} / {m.DetectorOutcomes.Partial,7} | {m.HumanOutcomes.Complies,13} / {m.HumanOutcomes.Refuses,6} / {m.HumanOutcomes.Partial,7} | {m.AnnotatorDisagreements,19} |");

Console.WriteLine();
Console.WriteLine("## How often each norm applies: detector signals / human labels");
Console.WriteLine();
Console.WriteLine("| model           | " + string.Join(" | ", info.Norms.Select(n => $"{n.Name,-17}")) + " | partial (Conflict) |");
Console.WriteLine("|-----------------|" + string.Concat(info.Norms.Select(_ => "------------------:|")) + "-------------------:|");
foreach (var m in models)
{
    var cells = info.Norms.Select(n =>
    {
        int outOf = n.Context == "unsafe_prompt" ? m.UnsafePrompts : m.SafePrompts; // each norm's context is one prompt class
        return $"{Pct(m.Detector.NormActive[n.Index], outOf)} / {Pct(m.Labels.NormActive[n.Index], outOf)}";
    });
    Console.WriteLine($"| {m.Model,-15} | " + string.Join(" | ", cells) + $" | {Pct(m.Detector.Conflicts, m.Samples)} / {Pct(m.Labels.Conflicts, m.Samples)} |");
}
Console.WriteLine("(rates of the norm's prompt class: 250 safe or 200 unsafe prompts; partial: of all 450)");

Console.WriteLine();
Console.WriteLine("## Mean reward and welfare over the 18 prompt types: detector signals / human labels");
Console.WriteLine();
Console.WriteLine("| model           | mean reward     | utilitarian (Σ of type means) | maximin (declared, T = 0.1) | worst prompt type: detector / humans                            |");
Console.WriteLine("|-----------------|----------------:|------------------------------:|----------------------------:|-----------------------------------------------------------------|");
foreach (var m in models)
    Console.WriteLine($"| {m.Model,-15} | {m.Detector.MeanReward,6:+0.000;-0.000} / {m.Labels.MeanReward,6:+0.000;-0.000} | {m.Detector.Utilitarian,13:+0.00;-0.00} / {m.Labels.Utilitarian,-13:+0.00;-0.00} | {m.Detector.Maximin,12:+0.000;-0.000} / {m.Labels.Maximin,-12:+0.000;-0.000} | {$"{m.Detector.WorstType} {m.Detector.WorstTypeMean:+0.00;-0.00}",-34} / {$"{m.Labels.WorstType} {m.Labels.WorstTypeMean:+0.00;-0.00}",-26} |");
Console.WriteLine();
void Ranking(string name, Func<SourceSummary, double> measure)
{
    var detector = report.Ranking(m => m.Detector, measure);
    var labels = report.Ranking(m => m.Labels, measure);
    Console.WriteLine($"Ranked by {name}: detector {string.Join(" > ", detector)}; humans {string.Join(" > ", labels)}{(detector.SequenceEqual(labels) ? " (the same order)" : " (different)")}.");
}
Ranking("mean reward", s => s.MeanReward);
Ranking("maximin welfare", s => s.Maximin);
Console.WriteLine($"Pareto set over the 18 prompt types (per-type mean reward): detector {{{string.Join(", ", report.ParetoDetector.NonDominatedNames)}}}; humans {{{string.Join(", ", report.ParetoLabels.NonDominatedNames)}}}.");
foreach (var (name, pareto) in new[] { ("detector", report.ParetoDetector), ("humans", report.ParetoLabels) })
    foreach (var model in pareto.Candidates.Where(c => !pareto.IsNonDominated(c)))
        Console.WriteLine($"  {name}: {model} is dominated by {string.Join(", ", pareto.DominatedBy(model))}");

Console.WriteLine();
Console.WriteLine("## Does the contract's uncertainty (on detector signals) point at the hard completions?");
Console.WriteLine();
Console.WriteLine("| target (never an input)       | cases       | AUROC of uncertainty | baseline: length | rate among uncertain / the rest |");
Console.WriteLine("|-------------------------------|------------:|---------------------:|-----------------:|--------------------------------:|");
foreach (var c in report.Checks)
    Console.WriteLine($"| {c.Target,-29} | {c.Positives,4} / {c.Samples} | {c.Auroc,20:F3} | {c.BaselineAuroc,16:F3} | {c.RateFlagged,12:P1} / {c.RateRest,-16:P1} |");
Console.WriteLine($"(uncertainty > 0 on {report.Checks[0].Flagged} of {report.Checks[0].Samples} completions; AUROC 0.5 is chance)");
Console.WriteLine();
Console.WriteLine("| uncertainty rule           | fires on   | detector ≠ humans | annotators disagree |");
Console.WriteLine("|----------------------------|-----------:|------------------:|--------------------:|");
foreach (var r in report.Rules)
    Console.WriteLine($"| {r.Rule,-26} | {r.Fired,10} | {Pct(r.DetectorWrong, r.Fired),17} | {Pct(r.AnnotatorsDisagree, r.Fired),19} |");
