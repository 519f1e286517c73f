using System.Globalization;
using System.Text;

namespace ContractDsl.Tests.Analysis
{
    /// <summary>
    /// Generates small random contracts as TEXT (so the parser and binder are exercised too): 2–4 signals of
    /// mixed kinds, sometimes a let, 2–6 norms with random guards, effects, concerns, contexts and
    /// preferences. Deterministic for a seed. Also draws samples that favour the guards' boundaries.
    /// </summary>
    internal sealed class RandomContracts
    {
        private readonly Random _random;

        public RandomContracts(int seed) => _random = new Random(seed);

        private sealed record Sig(string Name, string Kind, double Low, double High, string[] Values);

        public List<float> Constants { get; } = new List<float>();

        private static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);

        public string Next(out int signalCount)
        {
            Constants.Clear();
            var signals = new List<Sig>();
            int count = _random.Next(2, 5);
            for (int i = 0; i < count; i++)
            {
                switch (_random.Next(6))
                {
                    case 0: signals.Add(new Sig("r" + i, "real", -2, 3, Array.Empty<string>())); break;
                    case 1: signals.Add(new Sig("p" + i, "prob", 0, 1, Array.Empty<string>())); break;
                    case 2: signals.Add(new Sig("n" + i, "count", 0, 10, Array.Empty<string>())); break;
                    case 3: signals.Add(new Sig("f" + i, "flag", 0, 1, Array.Empty<string>())); break;
                    case 4: signals.Add(new Sig("c" + i, "category", 0, 2, new[] { "A", "B", "C" })); break;
                    default: signals.Add(new Sig("e" + i, "ensemble", -1, 1, Array.Empty<string>())); break;
                }
            }
            signalCount = count;
            var sb = new StringBuilder("contract R {\n");
            foreach (var s in signals)
            {
                string type = s.Kind switch
                {
                    "real" => "real in [-2, 3]",
                    "prob" => "prob",
                    "count" => "count in [0, 10]",
                    "flag" => "flag",
                    "category" => "category { A, B, C }",
                    _ => "real[3] in [-1, 1]",
                };
                sb.Append($"  signal {s.Name} : {type};\n");
            }
            var numeric = signals.Where(s => s.Kind is "real" or "prob" or "count").ToList();
            var subjects = new List<(string Name, double Low, double High, bool Integral)>();
            foreach (var s in numeric) subjects.Add((s.Name, s.Low, s.High, s.Kind == "count"));
            foreach (var s in signals.Where(s => s.Kind == "ensemble"))
            {
                subjects.Add((s.Name + ".mean", -1, 1, false));
                subjects.Add((s.Name + ".std", 0, 1, false));
                subjects.Add((s.Name + ".max", -1, 1, false));
            }
            if (numeric.Count > 0 && _random.Next(3) == 0)
            {
                var s = numeric[_random.Next(numeric.Count)];
                switch (_random.Next(3))
                {
                    case 0:
                        sb.Append($"  let l = {s.Name} * 2 - 1;\n");
                        subjects.Add(("l", s.Low * 2 - 1, s.High * 2 - 1, false));
                        break;
                    case 1: // NaN below 0, -inf at 0
                        sb.Append($"  let l = log({s.Name});\n");
                        subjects.Add(("l", -3, 2, false));
                        break;
                    default: // ±inf at 0.5
                        sb.Append($"  let l = 1 / ({s.Name} - 0.5);\n");
                        subjects.Add(("l", -3, 3, false));
                        Constants.Add(0.5f);
                        break;
                }
            }
            sb.Append("  reward " + (numeric.Count > 0 && _random.Next(2) == 0 ? numeric[0].Name : "0") + ";\n");

            string Atom(bool contextOnly)
            {
                var choices = new List<Func<string>>();
                foreach (var s in signals)
                {
                    if (s.Kind == "flag") choices.Add(() => s.Name);
                    if (s.Kind == "category")
                        choices.Add(() => _random.Next(3) switch
                        {
                            0 => $"{s.Name} == {s.Values[_random.Next(3)]}",
                            1 => $"{s.Name} != {s.Values[_random.Next(3)]}",
                            _ => $"{s.Name} in {{ {string.Join(", ", s.Values.Where(_ => _random.Next(2) == 0).DefaultIfEmpty("B"))} }}",
                        });
                }
                if (!contextOnly || choices.Count == 0 || _random.Next(3) == 0)
                    foreach (var sub in subjects)
                        choices.Add(() =>
                        {
                            double c = sub.Integral
                                ? _random.Next(-1, 12) + (_random.Next(4) == 0 ? 0.5 : 0)
                                : Math.Round(sub.Low + (sub.High - sub.Low) * (_random.NextDouble() * 1.2 - 0.1), _random.Next(1, 3));
                            Constants.Add((float)c);
                            string op = new[] { "<", "<=", ">", ">=", "==", "!=" }[_random.Next(_random.Next(5) == 0 ? 6 : 4)];
                            return $"{sub.Name} {op} {N(c)}";
                        });
                if (choices.Count == 0) return "true_flag_missing";
                return choices[_random.Next(choices.Count)]();
            }

            string Guard(int depth, bool contextOnly)
            {
                if (depth <= 0 || _random.Next(3) == 0) return Atom(contextOnly);
                return _random.Next(4) switch
                {
                    0 => $"({Guard(depth - 1, contextOnly)} and {Guard(depth - 1, contextOnly)})",
                    1 => $"({Guard(depth - 1, contextOnly)} or {Guard(depth - 1, contextOnly)})",
                    2 => $"not {Guard(depth - 1, contextOnly)}",
                    _ => Atom(contextOnly),
                };
            }

            int norms = _random.Next(2, 7);
            bool anyCategoryOrFlag = signals.Any(s => s.Kind is "flag" or "category");
            for (int i = 0; i < norms; i++)
            {
                sb.Append($"  norm m{i}");
                if (_random.Next(2) == 0) sb.Append($" concern k{_random.Next(2)}");
                sb.Append(" \"why\"");
                if (_random.Next(2) == 0) sb.Append(" in " + Guard(1, anyCategoryOrFlag));
                if (_random.Next(4) != 0) sb.Append(" when " + Guard(2, false));
                switch (_random.Next(3))
                {
                    case 0: sb.Append(" reward " + Amount(numeric)); break;
                    case 1: sb.Append(" penalize " + Amount(numeric)); break;
                    default: sb.Append(" allow"); break;
                }
                sb.Append(";\n");
            }
            for (int i = 0; i < norms; i++)
                for (int j = i + 1; j < norms; j++)
                    if (_random.Next(6) == 0) sb.Append($"  prefer m{i} over m{j};\n");
            if (_random.Next(3) == 0) sb.Append("  uncertain 0.5 when conflict;\n");
            sb.Append("}\n");
            return sb.ToString().Replace("true_flag_missing", numeric.Count > 0 ? numeric[0].Name + " > 0" : "x");
        }

        private string Amount(List<Sig> numeric)
        {
            if (numeric.Count == 0 || _random.Next(2) == 0) return N(_random.Next(1, 4));
            var s = numeric[_random.Next(numeric.Count)];
            return _random.Next(3) switch
            {
                0 => s.Name,
                1 => $"{s.Name} - 0.5",
                _ => $"max(0, {s.Name}) cap 1",
            };
        }

        /// <summary>A sample that favours boundary values: domain ends, the guards' constants and their float neighbours.</summary>
        public ContractDsl.Evaluation.Sample RandomSample(ContractDsl.Binding.BoundContract contract)
        {
            var sample = ContractDsl.Evaluation.Sample.Neutral(contract);
            float Value(double lo, double hi, bool integral)
            {
                switch (_random.Next(6))
                {
                    case 0: return (float)lo;
                    case 1: return (float)hi;
                    case 2:
                    case 3:
                        if (Constants.Count == 0) goto default;
                        float c = Constants[_random.Next(Constants.Count)];
                        int step = _random.Next(3) - 1;
                        float v = step == 0 ? c : step > 0 ? MathF.BitIncrement(c) : MathF.BitDecrement(c);
                        return integral ? MathF.Round(v) : v;
                    default:
                        double x = lo + (hi - lo) * _random.NextDouble();
                        return integral ? (float)Math.Round(x) : (float)x;
                }
            }
            foreach (var s in contract.Signals)
            {
                switch (s.Kind)
                {
                    case ContractDsl.Binding.SignalKind.Flag: sample.Flags[s.Index] = _random.Next(2) == 0; break;
                    case ContractDsl.Binding.SignalKind.Category: sample.Codes[s.Index] = _random.Next(s.Categories.Length); break;
                    case ContractDsl.Binding.SignalKind.Ensemble:
                    {
                        var m = sample.Members[s.Index];
                        if (_random.Next(3) == 0) { float v = Value(s.Low, s.High, false); for (int j = 0; j < m.Length; j++) m[j] = v; }
                        else for (int j = 0; j < m.Length; j++) m[j] = Value(s.Low, s.High, false);
                        break;
                    }
                    default: sample.Scalars[s.Index] = Value(s.Low, s.High, s.IsInteger); break;
                }
            }
            return sample;
        }
    }
}
