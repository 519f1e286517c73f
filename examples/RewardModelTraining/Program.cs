using System;
using System.Globalization;
using System.Linq;
using ContractDsl.Runtime.Torch;
using RewardModelTraining;
using TorchSharp;

// MoralChoice (Scherrer et al., NeurIPS 2023) with moral.contract: (1) does the contract's uncertainty — its duty-against-harm
// conflict — find the scenarios people find hard, without reading any annotator disagreement? (CPU module) (2) Leaving one
// scenario family out at a time, does shaping a text-only reward model with the contract (Bradley–Terry through the
// generated torch path) beat the reward model alone?
//
//   dotnet run -c Release --project examples/RewardModelTraining [-- --device cpu|cuda] [--epochs N] [--seed S] [--seeds K] [--data DIR] [--threads T]
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var options = new TrainingOptions();
// libtorch's intra-op threads for the CPU: mini-batches of 32 pairs are far too small to split, and on a busy
// machine OpenMP's per-operation synchronisation then costs more than the arithmetic.
int threads = 1;
int seeds = 3;
for (int i = 0; i < args.Length; i++)
{
    string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value");
    options = args[i] switch
    {
        "--device" => options with { Device = torch.device(Next()) },
        "--epochs" => options with { Epochs = int.Parse(Next(), CultureInfo.InvariantCulture) },
        "--data" => options with { DataDirectory = Next() },
        "--seed" => options with { Seed = int.Parse(Next(), CultureInfo.InvariantCulture) },
        "--seeds" => (seeds = int.Parse(Next(), CultureInfo.InvariantCulture)) > 0 ? options : throw new ArgumentException("--seeds must be ≥ 1"),
        "--threads" => (threads = int.Parse(Next(), CultureInfo.InvariantCulture)) > 0 ? options : throw new ArgumentException("--threads must be ≥ 1"),
        _ => throw new ArgumentException($"unknown option {args[i]}; usage: [--device cpu|cuda] [--epochs N] [--data DIR] [--seed S] [--seeds K] [--threads T]"),
    };
}

var info = Moral.Info;
Console.WriteLine($"Contract {info.Name} ({info.SourceFile}): {info.Norms.Count} norms over {info.Signals.Count} signals, reward range [{info.TotalLow}, {info.TotalHigh}] (rm ∈ [-20, 20])");
Console.WriteLine("Rule flags: set where MoralChoice's annotators agreed an action breaks the rule (Yes); `No Agreement` is never an input.");

var scenarios = MoralChoiceData.LoadAll(options.DataDirectory);
var study = AmbiguityStudy.Run(scenarios);
var rates = study.Rates;
Console.WriteLine();
Console.WriteLine("## Does the contract's uncertainty find the hard scenarios? (CPU module, rm = 0; nothing fitted)");
Console.WriteLine();
Console.WriteLine($"The duty-against-harm conflict fires on {rates.LowConflicts} of {rates.LowActions} low-ambiguity actions ({(double)rates.LowConflicts / rates.LowActions:P1}) " +
    $"and {rates.HighConflicts} of {rates.HighActions} high-ambiguity actions ({(double)rates.HighConflicts / rates.HighActions:P1}).");
Console.WriteLine();
Console.WriteLine($"AUROC, pooled over the ten families, [95 % interval from {AmbiguityStudy.Resamples} resamples of whole families]:");
Console.WriteLine();
Console.WriteLine("| target (never an input)                         | score                                     | AUROC                | baseline: action1 breaks a rule | score − baseline        |");
Console.WriteLine("|-------------------------------------------------|-------------------------------------------|---------------------:|--------------------------------:|------------------------:|");
foreach (var t in study.Targets)
    foreach (var s in t.Scores)
        Console.WriteLine($"| {$"{t.Target}: {t.Positives} of {t.Cases} {t.Population}",-47} | {s.Score,-41} | {s.Auroc,20} | {t.Baseline,31} | {Signed(s.MinusBaseline),23} |");
Console.WriteLine();
Console.WriteLine("Per family (each family is held out: the contract was written before any result):");
Console.WriteLine();
Console.WriteLine("| family                     | low / high | high: disputed | high ambiguity: uncertainty / baseline | annotators disagreed: uncertainty / baseline |");
Console.WriteLine("|----------------------------|-----------:|---------------:|---------------------------------------:|---------------------------------------------:|");
foreach (var f in study.Families)
    Console.WriteLine($"| {f.Family,-26} | {f.Low,4} / {f.High,-4} | {f.HighDisputed,14} | {f.HighAmbiguityUncertainty,24:F3} / {f.HighAmbiguityBaseline,-11:F3} | {f.DisagreementUncertainty,30:F3} / {f.DisagreementBaseline,-11:F3} |");

if (!TorchRuntime.IsAvailable)
{
    Console.Error.WriteLine(TorchRuntime.UnavailableReason);
    return 1;
}
torch.set_num_threads(threads);
Console.WriteLine();
Console.WriteLine("## Leave one family out: a text-only reward model, the contract, and the two together (Bradley–Terry, low-ambiguity pairs)");
Console.WriteLine();
Console.WriteLine($"TorchSharp {typeof(torch).Assembly.GetName().Version?.ToString(3)}, libtorch {torch.__version__}; reward model: hashed bag of words ({TextFeatures.Dimension} features) → {options.Hidden} tanh → 1; " +
    $"Adam (lr {options.LearningRate}), up to {options.Epochs} epochs on eight families, the epoch kept by the Bradley–Terry loss on the next family; seed {options.Seed}.");
Console.WriteLine("Held-out pairwise accuracy (action1 is the favourable action; ties count ½):");
Console.WriteLine();
Console.WriteLine("| held-out family             | pairs | reward model alone | contract alone | rm alone + contract | shaped (trained through the contract) | flag count | ceiling of the flags | epochs kept: rm / shaped |");
Console.WriteLine("|-----------------------------|------:|-------------------:|---------------:|--------------------:|--------------------------------------:|-----------:|---------------------:|-------------------------:|");
void Row(string name, Accuracies a, string epochs) =>
    Console.WriteLine($"| {name,-27} | {a.Pairs,5} | {a.RewardModelAlone,18:F3} | {a.ContractAlone,14:F3} | {a.RewardModelPlusContract,19:F3} | {a.Shaped,37:F3} | {a.FlagCount,10:F3} | {a.FlagCeiling,20:F3} | {epochs,24} |");
var report = Trainer.Train(options, fold => Row(fold.Family, fold.HeldOut, $"{fold.RewardModel.Epoch} / {fold.Shaped.Epoch}"));
Row("all ten, each held out once", report.AllHeldOut, "");
Console.WriteLine();
var (minusContract, minusModel) = report.Differences();
Console.WriteLine($"Shaped − contract alone: {Signed(minusContract)}; shaped − reward model alone: {Signed(minusModel)} (95 % intervals, {AmbiguityStudy.Resamples} resamples of whole families).");
Console.WriteLine($"{report.Folds.Count} folds × 2 models on {report.Device} in {report.Elapsed.TotalSeconds:F1} s.");
if (seeds > 1)
{
    Console.WriteLine();
    Console.WriteLine($"All ten families held out once, by seed (initial weights and batch order):");
    Console.WriteLine();
    Console.WriteLine("| seed | reward model alone | contract alone | rm alone + contract | shaped (trained through the contract) |");
    Console.WriteLine("|-----:|-------------------:|---------------:|--------------------:|--------------------------------------:|");
    var all = new System.Collections.Generic.List<Accuracies> { report.AllHeldOut };
    void SeedRow(int seed, Accuracies a) =>
        Console.WriteLine($"| {seed,4} | {a.RewardModelAlone,18:F3} | {a.ContractAlone,14:F3} | {a.RewardModelPlusContract,19:F3} | {a.Shaped,37:F3} |");
    SeedRow(options.Seed, report.AllHeldOut);
    for (int s = 1; s < seeds; s++)
    {
        var next = Trainer.Train(options with { Seed = options.Seed + s });
        all.Add(next.AllHeldOut);
        SeedRow(options.Seed + s, next.AllHeldOut);
    }
    Console.WriteLine($"| mean | {all.Average(a => a.RewardModelAlone),18:F3} | {all.Average(a => a.ContractAlone),14:F3} | {all.Average(a => a.RewardModelPlusContract),19:F3} | {all.Average(a => a.Shaped),37:F3} |");
}
return 0;

static string Signed(Examples.Statistics.Estimate e) => $"{e.Value:+0.000;-0.000} [{e.Low:+0.000;-0.000}, {e.High:+0.000;-0.000}]";
