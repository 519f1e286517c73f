using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using ContractDsl.Bench;
using ContractDsl.Generators;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

// What an IDE does after a keystroke in a .contract file: re-run the incremental generator (new source only if
// the module changed) and the analyzer on that file (its diagnostics). Medians over repeated edits after a warm-up.
int repeats = args.Length > 0 ? int.Parse(args[0]) : 40;
var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
    .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) == "netstandard.dll")
    .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList();
var parse = new CSharpParseOptions(LanguageVersion.Latest);

Console.WriteLine($"Machine: {Environment.ProcessorCount} cores; .NET {Environment.Version}; {repeats} edits per size (median).");
Console.WriteLine();
Console.WriteLine("| norms | edit → diagnostics (analyzer) | base reward edited → diagnostics (analyzer) | one norm's cap edited → diagnostics (analyzer) | one norm's condition edited → diagnostics (analyzer) | edit → generator run (incremental) | semantic edit → new module (generator) | C# edit elsewhere (generator) |");
Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
foreach (int size in new[] { 10, 100, 1000 })
{
    string text = AnalysisBench.Generate(size, seed: 42, conflicting: false);
    var compilation = CSharpCompilation.Create("Ide", new[] { CSharpSyntaxTree.ParseText("class A { }", parse) }, references,
        new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
    AdditionalText current = new Text("bench.contract", text);
    GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new ContractGenerator().AsSourceGenerator() }, new[] { current }, parse);
    driver = driver.RunGenerators(compilation);

    var diagnostics = new List<double>();
    var generator = new List<double>();
    var semantic = new List<double>();
    var semanticDiagnostics = new List<double>();
    var unrelated = new List<double>();
    var capEdits = new List<double>();
    var conditionEdits = new List<double>();
    // The middle norm's line, edited below in two ways never seen before (a new value each time).
    int middle = text.IndexOf($"  norm n{size / 2} ", StringComparison.Ordinal);
    int middleEnd = text.IndexOf('\n', middle);
    string middleLine = text.Substring(middle, middleEnd - middle);
    for (int k = -30; k < repeats; k++)
    {
        // Typing in a comment: the text changes, the contract does not.
        var typed = new Text("bench.contract", text + "\n// edit " + k);
        var sw = Stopwatch.StartNew();
        driver = driver.ReplaceAdditionalText(current, typed).RunGenerators(compilation);
        double g = sw.Elapsed.TotalMilliseconds;
        current = typed;

        sw.Restart();
        int found = AnalyzerDiagnostics(compilation, current);
        double d = sw.Elapsed.TotalMilliseconds;

        // A semantic edit: one constant changes, so the module is regenerated.
        var changed = new Text("bench.contract", text.Replace("reward ", "reward 0 * " + (k & 1) + " + ") + "\n// edit " + k);
        sw.Restart();
        driver = driver.ReplaceAdditionalText(current, changed).RunGenerators(compilation);
        double s = sw.Elapsed.TotalMilliseconds;

        // The analyzer after a one-keystroke semantic edit never seen before (the base reward's weight gets a new digit
        // each time): the contract's meaning changed, so no cached analysis applies.
        var fresh = new Text("bench.contract", text.Replace("reward conservative + 0.1 * helpfulness", "reward conservative + 0.1" + (k + 1000) + " * helpfulness"));
        sw.Restart();
        found += AnalyzerDiagnostics(compilation, fresh);
        double sd = sw.Elapsed.TotalMilliseconds;

        // One norm's cap changes (an amount: the conditions stay, so the structural analysis of the last version applies).
        string capped = System.Text.RegularExpressions.Regex.Replace(middleLine, @" cap (\d+);", m => $" cap {m.Groups[1].Value}.{k + 1000};");
        var capText = new Text("bench.contract", text.Substring(0, middle) + capped + text.Substring(middleEnd));
        sw.Restart();
        found += AnalyzerDiagnostics(compilation, capText);
        double ce = sw.Elapsed.TotalMilliseconds;

        // One norm's condition changes (a new conjunct): its regions, and so the structural analysis, are new.
        string narrowed = middleLine.Replace(" when ", $" when tokens < {3000 + k} and ");
        var conditionText = new Text("bench.contract", text.Substring(0, middle) + narrowed + text.Substring(middleEnd));
        sw.Restart();
        found += AnalyzerDiagnostics(compilation, conditionText);
        double ge = sw.Elapsed.TotalMilliseconds;
        current = changed;

        var edited = compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.First(), CSharpSyntaxTree.ParseText("class A { int x" + k + "; }", parse));
        sw.Restart();
        driver = driver.RunGenerators(edited);
        double u = sw.Elapsed.TotalMilliseconds;
        if (k < 0) continue;
        diagnostics.Add(d); semanticDiagnostics.Add(sd); generator.Add(g); semantic.Add(s); unrelated.Add(u);
        capEdits.Add(ce); conditionEdits.Add(ge);
        GC.KeepAlive(found);
    }
    // A generator that failed to load or threw would make every timing meaningless: refuse to print one.
    var run = driver.GetRunResult().Results[0];
    // The benchmark's compilation references no torch runtime, so the module is its CPU part alone (one source).
    if (run.Exception != null || run.GeneratedSources.Length != 1 || !run.GeneratedSources[0].HintName.EndsWith(".Contract.g.cs", StringComparison.Ordinal))
    {
        Console.Error.WriteLine($"the generator did not produce the module ({run.Exception?.Message ?? run.GeneratedSources.Length + " sources"}); no timing printed");
        return 1;
    }
    Console.WriteLine($"| {size:N0} | {Median(diagnostics):F2} ms | {Median(semanticDiagnostics):F2} ms | {Median(capEdits):F2} ms | {Median(conditionEdits):F2} ms | {Median(generator):F2} ms | {Median(semantic):F2} ms | {Median(unrelated):F3} ms |");
}
return 0;

// The analyzer over one .contract file, as the IDE runs it after an edit; the number of diagnostics it reported.
static int AnalyzerDiagnostics(Compilation compilation, AdditionalText contract) =>
    new CompilationWithAnalyzers(compilation, ImmutableArray.Create<DiagnosticAnalyzer>(new ContractDiagnosticAnalyzer()),
            new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray.Create(contract)), null, concurrentAnalysis: false, logAnalyzerExecutionTime: false))
        .GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult().Length;

static double Median(List<double> values)
{
    values.Sort();
    return values[values.Count / 2];
}

sealed class Text : AdditionalText
{
    private readonly SourceText _text;

    public Text(string path, string text)
    {
        Path = path;
        _text = SourceText.From(text);
    }

    public override string Path { get; }

    public override SourceText GetText(CancellationToken cancellationToken = default) => _text;
}
