using System.Text.RegularExpressions;
using ContractDsl.Evaluation;
using ContractDsl.Lowering;
using ContractDsl.Tests.Analysis;
using ContractDsl.Versions;

namespace ContractDsl.Tests.Versions
{
    /// <summary>
    /// Random contracts against themselves, a reordered copy, and a mutated copy (an operator, a constant, an effect or
    /// a norm changed): every witness checks out (<see cref="DiffTestSupport"/>), and whenever the diff says
    /// "equivalent", both versions agree on hundreds of random samples that favour the guards' boundaries.
    /// </summary>
    public class DiffPropertyTests
    {
        [Fact]
        public void Equivalence_claims_hold_on_random_samples_and_witnesses_check_out()
        {
            int equivalent = 0, different = 0, other = 0;
            for (int seed = 0; seed < 120; seed++)
            {
                var generator = new RandomContracts(seed);
                string text = generator.Next(out _);
                string body = Body(text);
                var random = new Random(seed * 31 + 7);

                var same = DiffTestSupport.Diff(body, body);
                Assert.True(same.Equivalent, $"seed {seed}: a contract is not equivalent to itself:\n{text}\n{same.ToText()}");
                var reordered = DiffTestSupport.Diff(body, Reordered(body));
                Assert.True(reordered.Equivalent, $"seed {seed}: reordering the norms changed the contract:\n{text}\n{reordered.ToText()}");

                string mutated = Mutate(body, random);
                if (mutated == body) continue;
                var file = ContractCompiler.Compile("m.contract", "contract T {\n" + mutated + "\n}\n");
                if (file.HasErrors) continue;
                var result = DiffTestSupport.Diff(body, mutated);
                switch (result.Verdict)
                {
                    case DiffVerdict.Equivalent:
                        equivalent++;
                        AgreeOnSamples(body, mutated, generator, seed, result);
                        break;
                    case DiffVerdict.Different: different++; break;
                    default: other++; break;
                }
            }
            // the mutations must exercise both answers
            Assert.True(different > 30, $"only {different} mutated pairs differed");
            Assert.True(equivalent > 3, $"only {equivalent} mutated pairs were equivalent");
            Assert.True(other < 10, $"{other} pairs were neither proven equivalent nor shown different");
        }

        private static void AgreeOnSamples(string before, string after, RandomContracts generator, int seed, ContractDiffResult result)
        {
            var b = DiffTestSupport.Module(before);
            var a = DiffTestSupport.Module(after);
            var ib = new ContractInterpreter(b.Contract);
            var ia = new ContractInterpreter(a.Contract);
            for (int k = 0; k < 400; k++)
            {
                var sample = generator.RandomSample(b.Contract); // the mutations keep the signals
                var rb = ib.Evaluate(sample);
                var ra = ia.Evaluate(sample);
                string where = $"seed {seed}, sample {sample.Describe(b.Contract)}:\nbefore\n{before}\nafter\n{after}\n{result.ToText()}";
                Assert.True(rb.Total == ra.Total || Math.Abs((double)rb.Total - ra.Total) <= 1e-5 * (1 + Math.Abs(rb.Total)), $"totals {rb.Total} vs {ra.Total}, {where}");
                Assert.True(rb.Reasons == ra.Reasons, $"reasons {rb.Reasons} vs {ra.Reasons}, {where}");
                Assert.True(rb.Uncertainty == ra.Uncertainty, $"uncertainty {rb.Uncertainty} vs {ra.Uncertainty}, {where}");
                foreach (var n in b.Contract.Norms)
                {
                    var m = a.Contract.Norms.FirstOrDefault(x => x.Name == n.Name);
                    if (m != null) Assert.True(rb.InEffect[n.Index] == ra.InEffect[m.Index], $"`{n.Name}` in effect {rb.InEffect[n.Index]} vs {ra.InEffect[m.Index]}, {where}");
                }
            }
        }

        /// <summary>The members of a generated <c>contract R { … }</c>.</summary>
        private static string Body(string text)
        {
            int open = text.IndexOf('{');
            int close = text.LastIndexOf('}');
            return text.Substring(open + 1, close - open - 1);
        }

        private static string Reordered(string body)
        {
            var lines = body.Split('\n').ToList();
            var norms = lines.Select((l, i) => (l, i)).Where(x => x.l.TrimStart().StartsWith("norm ", StringComparison.Ordinal)).Select(x => x.i).ToList();
            var reversed = norms.Select(i => lines[i]).Reverse().ToList();
            for (int k = 0; k < norms.Count; k++) lines[norms[k]] = reversed[k];
            return string.Join("\n", lines);
        }

        /// <summary>One random change: a comparison operator, a constant, an effect, or a norm removed.</summary>
        private static string Mutate(string body, Random random)
        {
            var lines = body.Split('\n').ToList();
            var norms = lines.Select((l, i) => (l, i)).Where(x => x.l.TrimStart().StartsWith("norm ", StringComparison.Ordinal)).Select(x => x.i).ToList();
            if (norms.Count == 0) return body;
            int at = norms[random.Next(norms.Count)];
            string line = lines[at];
            switch (random.Next(4))
            {
                case 0:
                {
                    var ops = Regex.Matches(line, @" (<=|>=|<|>) ").Cast<Match>().ToList();
                    if (ops.Count == 0) return body;
                    var op = ops[random.Next(ops.Count)];
                    string replacement = op.Groups[1].Value switch { "<" => "<=", "<=" => "<", ">" => ">=", _ => ">" };
                    lines[at] = line.Substring(0, op.Groups[1].Index) + replacement + line.Substring(op.Groups[1].Index + op.Groups[1].Length);
                    break;
                }
                case 1:
                {
                    var numbers = Regex.Matches(line, @"(?<=[ (])-?\d+(\.\d+)?(?=[ ;)])").Cast<Match>().ToList();
                    if (numbers.Count == 0) return body;
                    var n = numbers[random.Next(numbers.Count)];
                    double value = double.Parse(n.Value, System.Globalization.CultureInfo.InvariantCulture);
                    string changed = (value + (random.Next(2) == 0 ? 0.25 : 1)).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
                    lines[at] = line.Substring(0, n.Index) + changed + line.Substring(n.Index + n.Length);
                    break;
                }
                case 2:
                    if (line.Contains(" reward ")) lines[at] = line.Replace(" reward ", " penalize ");
                    else if (line.Contains(" penalize ")) lines[at] = line.Replace(" penalize ", " reward ");
                    else return body;
                    break;
                default:
                {
                    string name = Regex.Match(line, @"norm (\w+)").Groups[1].Value;
                    lines.RemoveAt(at);
                    lines.RemoveAll(l => Regex.IsMatch(l, @"prefer .*\b" + name + @"\b"));
                    break;
                }
            }
            return string.Join("\n", lines);
        }
    }
}
