using ContractDsl.Binding;
using ContractDsl.Evaluation;

namespace ContractDsl.Generators.Tests.Harness
{
    /// <summary>Random batches for a contract (in and out of domain, with NaN/±Inf/−0 and bad category codes), and conversions.</summary>
    public static class RandomBatches
    {
        private static readonly float[] Specials = { float.NaN, float.PositiveInfinity, float.NegativeInfinity, -0f, 0f, 1e-30f, -1e30f, 0.5f, 2.5f, 3.5f };

        public static Dictionary<string, Array> Columns(BoundContract contract, int n, Random random, bool specials)
        {
            float Value(BoundSignal s)
            {
                if (specials && random.Next(12) == 0) return Specials[random.Next(Specials.Length)];
                double lo = double.IsInfinity(s.Low) ? -20 : s.Low - 2, hi = double.IsInfinity(s.High) ? 20 : s.High + 2;
                double v = lo + random.NextDouble() * (hi - lo);
                return s.Kind == SignalKind.Count && random.Next(3) > 0 ? (float)Math.Round(v) : (float)v;
            }
            var columns = new Dictionary<string, Array>();
            foreach (var s in contract.Signals)
            {
                columns[s.Name] = s.Kind switch
                {
                    SignalKind.Flag => Enumerable.Range(0, n).Select(_ => random.Next(2) == 0).ToArray(),
                    SignalKind.Category => Enumerable.Range(0, n).Select(_ => specials && random.Next(15) == 0 ? s.Categories.Length + 1 : random.Next(s.Categories.Length)).ToArray(),
                    SignalKind.Ensemble => Enumerable.Range(0, n * s.EnsembleSize).Select(_ => Value(s)).ToArray(),
                    _ => Enumerable.Range(0, n).Select(_ => Value(s)).ToArray(),
                };
            }
            return columns;
        }

        /// <summary>Sample i of a batch, as a batch of one.</summary>
        public static Dictionary<string, Array> Row(BoundContract contract, Dictionary<string, Array> columns, int i)
        {
            var row = new Dictionary<string, Array>();
            foreach (var s in contract.Signals)
            {
                int width = s.Kind == SignalKind.Ensemble ? s.EnsembleSize : 1;
                var source = columns[s.Name];
                var target = Array.CreateInstance(source.GetType().GetElementType()!, width);
                Array.Copy(source, i * width, target, 0, width);
                row[s.Name] = target;
            }
            return row;
        }

        /// <summary>Sample i of a batch, as the reference interpreter's <see cref="Sample"/>.</summary>
        public static Sample ToSample(BoundContract contract, Dictionary<string, Array> columns, int i)
        {
            var sample = new Sample(contract.Signals.Length);
            foreach (var s in contract.Signals)
            {
                switch (s.Kind)
                {
                    case SignalKind.Flag: sample.Flags[s.Index] = ((bool[])columns[s.Name])[i]; break;
                    case SignalKind.Category: sample.Codes[s.Index] = ((int[])columns[s.Name])[i]; break;
                    case SignalKind.Ensemble: sample.Members[s.Index] = ((float[])columns[s.Name]).Skip(i * s.EnsembleSize).Take(s.EnsembleSize).ToArray(); break;
                    default: sample.Scalars[s.Index] = ((float[])columns[s.Name])[i]; break;
                }
            }
            return sample;
        }

        /// <summary>An interpreter <see cref="Sample"/> as a batch of one for the generated module.</summary>
        public static Dictionary<string, Array> FromSample(BoundContract contract, Sample sample)
        {
            var columns = new Dictionary<string, Array>();
            foreach (var s in contract.Signals)
            {
                columns[s.Name] = s.Kind switch
                {
                    SignalKind.Flag => new[] { sample.Flags[s.Index] },
                    SignalKind.Category => new[] { sample.Codes[s.Index] },
                    SignalKind.Ensemble => sample.Members[s.Index].ToArray(),
                    _ => new[] { sample.Scalars[s.Index] },
                };
            }
            return columns;
        }
    }
}
