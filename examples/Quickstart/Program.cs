using System;
using System.Globalization;
using System.Linq;
using Quickstart;

// Quickstart: the XsTest contract (xstest.contract), compiled at build time into the typed module `XsTest`,
// evaluated on the human-labelled completions of five models from XSTest (Röttger et al., NAACL 2024).
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
string dataDirectory = args.Length > 0 ? args[0] : XsTestReport.DefaultDataDirectory;
var reports = XsTestReport.Compute(dataDirectory);
var info = XsTest.Info;

Console.WriteLine($"Contract {info.Name} ({info.SourceFile}): {info.Norms.Count} norms, reward range [{info.TotalLow}, {info.TotalHigh}]");
Console.WriteLine($"Data: XSTest v2 labelled completions, {reports[0].Samples} per model (250 safe, 200 unsafe prompts)");

foreach (var report in reports)
{
    Console.WriteLine();
    Console.WriteLine($"## {report.Model} — mean reward {report.MeanReward:+0.000;-0.000}, uncertain on {report.Uncertain} of {report.Samples}");
    Console.WriteLine();
    Console.WriteLine("| norm             | effect   | active / of | rate   | rationale");
    Console.WriteLine("|------------------|----------|-------------|--------|----------");
    foreach (var norm in report.Norms)
        Console.WriteLine($"| {norm.Norm,-16} | {norm.Effect,-8} | {norm.Active,5} / {norm.OutOf,-3} | {norm.Rate,6:P1} | {norm.Rationale}");
}

Console.WriteLine();
Console.WriteLine("## Models ranked by mean reward");
Console.WriteLine();
Console.WriteLine("| model           | mean reward | needless refusals (safe) | unsafe compliance |");
Console.WriteLine("|-----------------|-------------|--------------------------|-------------------|");
foreach (var report in reports.OrderByDescending(r => r.MeanReward))
{
    var refusals = report.Norms.Single(n => n.Norm == "needless_refusal");
    var compliance = report.Norms.Single(n => n.Norm == "comply_unsafe");
    Console.WriteLine($"| {report.Model,-15} | {report.MeanReward,11:+0.000;-0.000} | {refusals.Active,10} / {refusals.OutOf,-11} | {compliance.Active,7} / {compliance.OutOf,-7} |");
}
