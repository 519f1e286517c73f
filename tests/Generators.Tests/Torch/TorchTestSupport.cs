using ContractDsl.Binding;
using ContractDsl.Runtime;
using ContractDsl.Runtime.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace ContractDsl.Generators.Tests.Torch
{
    /// <summary>
    /// The torch tests of this project share one collection that runs alone: grad mode and the dispose-scope statistics
    /// are thread state that parallel tests would disturb.
    /// </summary>
    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class TorchCollection
    {
        public const string Name = "generated torch path (sequential)";
    }

    /// <summary>Base of the torch tests: fails (never skips) every test when TorchSharp's native library cannot load.</summary>
    public abstract class TorchTestBase
    {
        protected TorchTestBase()
        {
            // Throws TorchUnavailableException naming the cause and the fix (e.g. run scripts/setup.sh).
            TorchRuntime.EnsureAvailable();
        }

        /// <summary>
        /// The device of the parity tests: <c>cpu</c>, or what <c>CONTRACTDSL_TORCH_TEST_DEVICE</c> names (e.g. <c>cuda</c> on a
        /// GPU machine with TorchSharp's CUDA backend, docs/gpu.md). Gradient and lifetime tests always run on the CPU.
        /// </summary>
        protected static Device ParityDevice =>
            Environment.GetEnvironmentVariable("CONTRACTDSL_TORCH_TEST_DEVICE") is { Length: > 0 } name ? torch.device(name) : CPU;

        /// <summary>
        /// Tensors alive on this thread: TorchSharp's count of tensors created minus tensors disposed (its dispose-scope
        /// statistics). Exact and immediate — no garbage collection involved; a tensor left to the finalizer stays counted.
        /// </summary>
        protected static long LiveTensors => DisposeScopeManager.Statistics.ThreadTotalLiveCount;
    }

    /// <summary>
    /// Random batches for parity tests: mostly in-domain values, plus the hard cases — values exactly at the guard
    /// constants and the domain ends, finite values outside the domain, non-whole counts (ties included), NaN and
    /// ±Inf, unknown category codes, ensembles whose members are all equal (std 0).
    /// </summary>
    public static class RandomBatch
    {
        public static Dictionary<string, Array> Create(BoundContract contract, int count, int seed)
        {
            var random = new Random(seed);
            var constants = GuardConstants(contract);
            var columns = new Dictionary<string, Array>();
            foreach (var s in contract.Signals)
            {
                constants.TryGetValue(s.Index, out var special);
                special ??= new List<double>();
                switch (s.Kind)
                {
                    case SignalKind.Flag:
                        columns[s.Name] = Enumerable.Range(0, count).Select(_ => random.Next(2) == 1).ToArray();
                        break;
                    case SignalKind.Category:
                        columns[s.Name] = Enumerable.Range(0, count).Select(_ =>
                        {
                            double u = random.NextDouble();
                            if (u < 0.02) return -1;
                            if (u < 0.04) return s.Categories.Length + random.Next(3);
                            return random.Next(s.Categories.Length);
                        }).ToArray();
                        break;
                    case SignalKind.Ensemble:
                    {
                        var values = new float[count * s.EnsembleSize];
                        for (int i = 0; i < count; i++)
                        {
                            double u = random.NextDouble();
                            if (u < 0.08)
                            {
                                // All members equal: std 0, mean exactly at the value (a guard constant when there is one).
                                float v = special.Count > 0 && random.Next(2) == 0 ? (float)special[random.Next(special.Count)] : Value(s, random, special);
                                for (int m = 0; m < s.EnsembleSize; m++) values[i * s.EnsembleSize + m] = v;
                            }
                            else
                            {
                                for (int m = 0; m < s.EnsembleSize; m++) values[i * s.EnsembleSize + m] = Value(s, random, special);
                            }
                        }
                        columns[s.Name] = values;
                        break;
                    }
                    default:
                        columns[s.Name] = Enumerable.Range(0, count).Select(_ => Value(s, random, special)).ToArray();
                        break;
                }
            }
            return columns;
        }

        private static float Value(BoundSignal s, Random random, List<double> special)
        {
            double lo = s.Low, hi = s.High;
            double span = !double.IsInfinity(lo) && !double.IsInfinity(hi) ? hi - lo : 20;
            double u = random.NextDouble();
            if (u < 0.01) return float.NaN;
            if (u < 0.015) return float.PositiveInfinity;
            if (u < 0.02) return float.NegativeInfinity;
            if (u < 0.12 && special.Count > 0) return (float)special[random.Next(special.Count)];
            if (u < 0.15 && !double.IsInfinity(lo)) return (float)lo;
            if (u < 0.18 && !double.IsInfinity(hi)) return (float)hi;
            if (u < 0.22 && !double.IsInfinity(lo)) return (float)(lo - random.NextDouble() * span * 0.5);
            if (u < 0.26 && !double.IsInfinity(hi)) return (float)(hi + random.NextDouble() * span * 0.5);
            double a = double.IsInfinity(lo) ? (double.IsInfinity(hi) ? -10 : hi - 20) : lo;
            double b = double.IsInfinity(hi) ? a + 20 : hi;
            double x = a + random.NextDouble() * (b - a);
            if (s.Kind == SignalKind.Count)
            {
                if (u < 0.32) return (float)(Math.Floor(x) + 0.5); // a tie: rounds to even
                if (u < 0.36) return (float)x;                     // not whole
                return (float)Math.Round(x);
            }
            return (float)x;
        }

        /// <summary>The constants each signal (or ensemble statistic) is compared with in guards, per signal index.</summary>
        private static Dictionary<int, List<double>> GuardConstants(BoundContract contract)
        {
            var result = new Dictionary<int, List<double>>();
            void Walk(BoundGuard? g)
            {
                switch (g)
                {
                    case BoundAnd a: Walk(a.Left); Walk(a.Right); break;
                    case BoundOr o: Walk(o.Left); Walk(o.Right); break;
                    case BoundNot n: Walk(n.Operand); break;
                    case BoundComparison c:
                        int signal = c.Subject switch
                        {
                            BoundSignalValue v => v.Signal,
                            BoundEnsembleMember m when m.Statistic is EnsembleStatistic.Mean or EnsembleStatistic.Min or EnsembleStatistic.Max => m.Signal,
                            _ => -1,
                        };
                        if (signal < 0) break;
                        if (!result.TryGetValue(signal, out var list)) result[signal] = list = new List<double>();
                        list.Add(c.Constant);
                        break;
                }
            }
            foreach (var n in contract.Norms) { Walk(n.Context); Walk(n.Guard); }
            foreach (var u in contract.Uncertainty) Walk(u.Guard);
            return result;
        }
    }

    /// <summary>Element-wise comparison of the CPU and torch outputs.</summary>
    public static class Parity
    {
        public const double Relative = 1e-5;
        public const double AbsoluteFloor = 1e-6;

        public static bool Close(float a, float b)
        {
            if (a.Equals(b)) return true; // also NaN == NaN, ±Inf
            double scale = Math.Max(Math.Abs((double)a), Math.Abs((double)b));
            return Math.Abs((double)a - b) <= Relative * scale + AbsoluteFloor;
        }

        /// <summary>Every difference, described (empty when the outputs agree).</summary>
        public static List<string> Differences(RewardOutputs cpu, HostTensorResult torch, int count, int normCount, Func<int, string> describeSample)
        {
            var problems = new List<string>();
            void Check(bool ok, string what, int i)
            {
                if (!ok && problems.Count < 20) problems.Add($"{what} of sample {i}: {describeSample(i)}");
            }
            for (int i = 0; i < count; i++)
            {
                Check(Close(cpu.Total[i], torch.Total[i]), $"total cpu={cpu.Total[i]:R} torch={torch.Total[i]:R}", i);
                Check(Close(cpu.Base[i], torch.Base[i]), $"base cpu={cpu.Base[i]:R} torch={torch.Base[i]:R}", i);
                Check(Close(cpu.Uncertainty[i], torch.Uncertainty[i]), $"uncertainty cpu={cpu.Uncertainty[i]:R} torch={torch.Uncertainty[i]:R}", i);
                Check(cpu.Reasons[i] == torch.Reasons[i], $"reasons cpu={cpu.Reasons[i]} torch={torch.Reasons[i]}", i);
                for (int k = 0; k < normCount; k++)
                {
                    float c = cpu.Contribution(k)[i], t = torch.Contributions[k * count + i];
                    Check(Close(c, t), $"contribution {k} cpu={c:R} torch={t:R}", i);
                    Check(cpu.IsActive(k)[i] == torch.Active[k * count + i], $"active {k} cpu={cpu.IsActive(k)[i]} torch={torch.Active[k * count + i]}", i);
                }
            }
            return problems;
        }
    }
}
