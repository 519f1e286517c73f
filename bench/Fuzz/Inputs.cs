using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using ContractDsl.Syntax;

namespace ContractDsl.Fuzz
{
    /// <summary>One generated input: which family made it, and its text.</summary>
    public sealed record FuzzInput(int Index, string Family, string Text);

    /// <summary>
    /// Generates input number <c>i</c> of a run from the run's seed alone, so the parent process and the child
    /// that compiles it agree on every input without passing megabytes between them, and any input can be
    /// regenerated later from (seed, index). Families:
    /// <list type="bullet">
    /// <item><c>grammar</c>: random contracts from the grammar (mostly well-formed, some with binding errors);</item>
    /// <item><c>mutate-bytes</c>, <c>mutate-tokens</c>: mutations of the repository's <c>.contract</c> files and of
    /// grammar-generated contracts (character edits, splices; token deletions, duplications, swaps, insertions);</item>
    /// <item><c>stress/…</c>: the shapes that crashed or stalled compilers before (issue 10), sized up to
    /// <see cref="MaxBytes"/>: nested parentheses around long chains, let chains that double, preference chains,
    /// huge categories, files of tiny norms, thousands of declarations, overlapping norms, concerns with gaps, …</item>
    /// </list>
    /// </summary>
    public sealed class Inputs
    {
        private readonly int _seed;
        private readonly IReadOnlyList<string> _corpus;
        private readonly double _stressShare;

        public Inputs(int seed, IReadOnlyList<string> corpus, double stressShare, int maxBytes)
        {
            _seed = seed;
            _corpus = corpus.Count > 0 ? corpus : new[] { "contract C { signal x : real in [0, 1]; reward x; }" };
            _stressShare = stressShare;
            MaxBytes = maxBytes;
        }

        public int MaxBytes { get; }

        public static readonly string[] StressFamilies =
        {
            "deep-parens-chain", "let-doubling", "prefer-chain", "big-category", "tiny-norms", "many-declarations",
            "overlapping-norms", "gap-concerns", "deep-not", "long-guard-chains", "let-chain", "let-cycle", "prefer-cycle",
            "prefer-broom", "unknown-names", "long-tokens", "doc-comments", "garbage", "brackets", "many-contracts",
            "many-errors", "deep-calls", "max-depth",
        };

        public FuzzInput Generate(int index)
        {
            // One generator per input, seeded from (run seed, index): inputs are independent of each other.
            var random = new Random(unchecked(_seed * 1_000_003 + index * 7919 + 17));
            double pick = random.NextDouble();
            string family;
            string text;
            if (pick < _stressShare)
            {
                string name = StressFamilies[random.Next(StressFamilies.Length)];
                // Sizes log-uniform from 256 bytes to the maximum: most are small, a few are the full megabyte.
                int size = (int)Math.Exp(Math.Log(256) + random.NextDouble() * (Math.Log(MaxBytes) - Math.Log(256)));
                family = "stress/" + name;
                text = Stress(name, size, random);
            }
            else if (pick < _stressShare + (1 - _stressShare) * 0.4)
            {
                family = "grammar";
                text = new GrammarGenerator(random).Contract();
            }
            else if (pick < _stressShare + (1 - _stressShare) * 0.7)
            {
                family = "mutate-bytes";
                text = MutateBytes(Source(random), random);
            }
            else
            {
                family = "mutate-tokens";
                text = MutateTokens(Source(random), random);
            }
            if (text.Length > MaxBytes) text = text.Substring(0, MaxBytes);
            return new FuzzInput(index, family, text);
        }

        private string Source(Random random) =>
            random.Next(3) == 0 ? new GrammarGenerator(random).Contract() : _corpus[random.Next(_corpus.Count)];

        // ---- mutations ----------------------------------------------------------------------------------

        private static readonly string[] Interesting =
        {
            "(", ")", "{", "}", "[", "]", ";", ",", ".", ":", "=", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/",
            "\"", "\\", "//", "///", "/*", "*/", "\n", "\r\n", "\t", " ", "\0", "\uFEFF", "\uD800", "😀", "٣",
            "0", "-0", "1e999", "-1e308", "1e-400", "NaN", "0.5", ".5", "4096", "99999999999999999999",
            "contract", "signal", "param", "let", "reward", "norm", "prefer", "over", "welfare", "uncertain", "when", "in",
            "penalize", "allow", "cap", "concern", "and", "or", "not", "conflict", "gap", "controlled", "real", "prob",
            "count", "flag", "category", "real[4]", "real[0]", "real[100000]", "mean", "std", "min", "max", "clamp", "log",
            "exp", "sigmoid", "tanh", "abs", "nash", "maximin", "utilitarian", "power", "weights", "from", "temperature",
        };

        private string MutateBytes(string source, Random random)
        {
            var text = new StringBuilder(source);
            int edits = 1 + random.Next(8);
            for (int e = 0; e < edits; e++)
            {
                int at = text.Length == 0 ? 0 : random.Next(text.Length + 1);
                switch (random.Next(8))
                {
                    case 0:   // replace one character
                        if (at < text.Length) text[at] = (char)random.Next(0, 128);
                        break;
                    case 1:   // insert a random character, sometimes a non-ASCII one
                        text.Insert(at, random.Next(4) == 0 ? (char)random.Next(128, 0xFFFF) : (char)random.Next(0, 128));
                        break;
                    case 2:   // delete a range
                        if (text.Length > 0) { int length = Math.Min(text.Length - Math.Min(at, text.Length), 1 + random.Next(32)); if (at < text.Length) text.Remove(at, length); }
                        break;
                    case 3:   // duplicate a range, sometimes many times
                        if (at < text.Length)
                        {
                            int length = Math.Min(text.Length - at, 1 + random.Next(200));
                            string piece = text.ToString(at, length);
                            int times = random.Next(10) == 0 ? random.Next(2, 200) : 1;
                            for (int t = 0; t < times && text.Length < MaxBytes; t++) text.Insert(at, piece);
                        }
                        break;
                    case 4:   // insert an interesting token
                        text.Insert(at, Interesting[random.Next(Interesting.Length)]);
                        break;
                    case 5:   // splice in part of another corpus file
                    {
                        string other = _corpus[random.Next(_corpus.Count)];
                        int from = random.Next(other.Length);
                        text.Insert(at, other.Substring(from, Math.Min(other.Length - from, 1 + random.Next(400))));
                        break;
                    }
                    case 6:   // truncate
                        if (at < text.Length) text.Length = at;
                        break;
                    default:  // flip a digit or a letter's case
                        if (at < text.Length)
                        {
                            char c = text[at];
                            text[at] = char.IsDigit(c) ? (char)('0' + random.Next(10)) : char.IsUpper(c) ? char.ToLowerInvariant(c) : char.ToUpperInvariant(c);
                        }
                        break;
                }
            }
            return text.ToString();
        }

        private static readonly Regex TokenPattern = new Regex(
            @"""(?:\\.|[^""\\\n])*""?|//[^\n]*|/\*.*?(?:\*/|$)|[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|\.\d+|<=|>=|==|!=|\s+|.",
            RegexOptions.Singleline | RegexOptions.CultureInvariant);

        private string MutateTokens(string source, Random random)
        {
            var tokens = TokenPattern.Matches(source).Cast<Match>().Select(m => m.Value).ToList();
            var words = tokens.Where(t => t.Trim().Length > 0).Distinct().ToList();
            int edits = 1 + random.Next(6);
            for (int e = 0; e < edits && tokens.Count > 0; e++)
            {
                int at = random.Next(tokens.Count);
                switch (random.Next(7))
                {
                    case 0: tokens.RemoveAt(at); break;
                    case 1: tokens.Insert(at, tokens[at]); break;
                    case 2: if (at + 1 < tokens.Count) (tokens[at], tokens[at + 1]) = (tokens[at + 1], tokens[at]); break;
                    case 3: tokens[at] = Interesting[random.Next(Interesting.Length)]; break;
                    case 4: tokens.Insert(at, words.Count > 0 ? words[random.Next(words.Count)] : " "); break;
                    case 5:   // wrap a token in parentheses, or in many
                    {
                        int depth = random.Next(4) == 0 ? random.Next(2, 150) : 1;
                        tokens[at] = new string('(', depth) + tokens[at] + new string(')', depth);
                        break;
                    }
                    default:  // repeat the line around a token (a declaration written many times)
                    {
                        int lineStart = at, lineEnd = at;
                        while (lineStart > 0 && !tokens[lineStart - 1].Contains('\n')) lineStart--;
                        while (lineEnd < tokens.Count - 1 && !tokens[lineEnd].Contains('\n')) lineEnd++;
                        var line = tokens.Skip(lineStart).Take(lineEnd - lineStart + 1).ToList();
                        int times = 1 + random.Next(random.Next(10) == 0 ? 2000 : 5);
                        for (int t = 0; t < times; t++) tokens.InsertRange(lineEnd + 1, line);
                        break;
                    }
                }
            }
            return string.Concat(tokens);
        }

        // ---- stress families ----------------------------------------------------------------------------

        private static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);

        private const string Header = "contract Stress {\n  signal x : real in [-10, 10];\n  signal y : prob;\n  signal t : count in [0, 4096];\n" +
                                      "  signal f : flag;\n  signal g : flag;\n  signal region : category { EU, US, MENA, APAC, Other };\n";

        /// <summary>How deep an expression parses, or <see cref="int.MaxValue"/> when it is too deep to parse.</summary>
        private static int ExpressionDepth(string expression)
        {
            var file = ContractParser.Parse("depth.contract", "contract D { reward " + expression + "; }");
            return file.Errors.IsEmpty ? SyntaxDepth.Of(((RewardSyntax)file.Contracts[0].Members[0]).Value) : int.MaxValue;
        }

        private static int GuardDepth(string guard)
        {
            var file = ContractParser.Parse("depth.contract", "contract D { norm n when " + guard + " allow; }");
            return file.Errors.IsEmpty ? SyntaxDepth.Of(((NormSyntax)file.Contracts[0].Members[0]).Guard!) : int.MaxValue;
        }

        /// <summary>A stress input of about <paramref name="size"/> characters.</summary>
        public static string Stress(string family, int size, Random random)
        {
            var sb = new StringBuilder(size + 256);
            switch (family)
            {
                case "deep-parens-chain":
                {
                    // ((x + x + … + x) + x + …) nested: both parser limits hold, the tree is their product.
                    int depth = 1 + random.Next(100);
                    int chain = Math.Max(1, Math.Min(256, size / (4 * depth + 1)));
                    sb.Append(Header).Append("  let deep = ");
                    string terms = string.Join(" + ", Enumerable.Repeat("x", chain));
                    string e = terms;
                    for (int d = 1; d < depth; d++) e = "(" + e + ") + " + terms;
                    sb.Append(e).Append(";\n  reward deep;\n}\n");
                    break;
                }
                case "let-doubling":
                {
                    // let a1 = a0 + a0; let a2 = a1 + a1; … : exponential if anything expands lets.
                    int count = Math.Max(2, size / 28);
                    sb.Append(Header).Append("  let a0 = x;\n");
                    for (int i = 1; i < count; i++) sb.Append($"  let a{i} = a{i - 1} + a{i - 1};\n");
                    sb.Append($"  reward a{count - 1};\n");
                    sb.Append($"  norm n when a{count - 1} > 1 penalize 1;\n}}\n");
                    break;
                }
                case "prefer-chain":
                {
                    int norms = Math.Max(2, size / 70);
                    sb.Append(Header).Append("  reward x;\n");
                    for (int i = 0; i < norms; i++) sb.Append($"  norm n{i} \"r\" when x > {N(i % 20 - 10)} penalize 1;\n");
                    for (int i = 0; i + 1 < norms; i++) sb.Append($"  prefer n{i} over n{i + 1};\n");
                    sb.Append("}\n");
                    break;
                }
                case "big-category":
                {
                    int values = Math.Max(2, size / 9);
                    sb.Append("contract Stress {\n  signal c : category { ");
                    sb.Append(string.Join(", ", Enumerable.Range(0, values).Select(v => "V" + v)));
                    sb.Append(" };\n  signal x : real in [0, 1];\n  reward x;\n");
                    sb.Append($"  norm a concern k \"r\" in c in {{ {string.Join(", ", Enumerable.Range(0, values / 2).Select(v => "V" + v))} }} penalize 1;\n");
                    sb.Append($"  norm b concern k \"r\" in c != V{values - 1} allow;\n");
                    sb.Append($"  norm d \"r\" in c == V{values / 3} when x > 0.5 reward 1;\n");
                    sb.Append("  welfare nash over c from -10;\n}\n");
                    break;
                }
                case "tiny-norms":
                {
                    sb.Append("contract Stress {\n  signal x : real in [0, 1];\n  reward x;\n");
                    for (int i = 0; sb.Length < size; i++) sb.Append($"norm n{i} allow;\n");
                    sb.Append("}\n");
                    break;
                }
                case "many-declarations":
                {
                    sb.Append("contract Stress {\n");
                    int i = 0;
                    while (sb.Length < size)
                    {
                        switch (i % 5)
                        {
                            case 0: sb.Append($"  signal s{i} : real in [0, {i + 1}];\n"); break;
                            case 1: sb.Append($"  param p{i} = 1 in [0, 2];\n"); break;
                            case 2: sb.Append($"  let l{i} = s{i - 2} * p{i - 1};\n"); break;
                            case 3: sb.Append($"  norm n{i} \"r\" when l{i - 1} > 1 penalize p{i - 2};\n"); break;
                            default: sb.Append($"  signal c{i} : category {{ A{i}, B{i} }};\n"); break;
                        }
                        i++;
                    }
                    sb.Append("  reward 0;\n}\n");
                    break;
                }
                case "overlapping-norms":
                {
                    int norms = Math.Max(2, size / 80);
                    sb.Append(Header).Append("  reward x;\n");
                    for (int i = 0; i < norms; i++)
                        sb.Append($"  norm n{i} \"r\" when x > {N(Math.Round(random.NextDouble() * 20 - 10, 2))} and y < {N(Math.Round(random.NextDouble(), 2))} {(i % 2 == 0 ? "reward" : "penalize")} 1;\n");
                    sb.Append("}\n");
                    break;
                }
                case "gap-concerns":
                {
                    int concerns = Math.Max(1, size / 130);
                    sb.Append(Header).Append("  reward x;\n");
                    for (int i = 0; i < concerns; i++)
                    {
                        sb.Append($"  norm a{i} concern k{i} \"r\" in region == EU when x > {i % 7} penalize 1;\n");
                        sb.Append($"  norm b{i} concern k{i} \"r\" in region in {{ US, MENA }} allow;\n");
                    }
                    sb.Append("}\n");
                    break;
                }
                case "deep-not":
                {
                    int depth = Math.Min(size / 4, 100 + random.Next(200));
                    sb.Append(Header).Append("  reward x;\n  norm n \"r\" when ");
                    sb.Append(string.Concat(Enumerable.Repeat(random.Next(2) == 0 ? "not " : "-", depth)));
                    sb.Append("f penalize 1;\n}\n");
                    break;
                }
                case "long-guard-chains":
                {
                    sb.Append(Header).Append("  reward x;\n");
                    int norms = Math.Max(1, size / 3000);
                    for (int i = 0; i < norms; i++)
                    {
                        int terms = 1 + random.Next(256);
                        string op = random.Next(2) == 0 ? " and " : " or ";
                        var parts = Enumerable.Range(0, terms).Select(k => k % 3 == 0 ? "f" : k % 3 == 1 ? $"x > {k % 10}" : "not g");
                        string guard = string.Join(op, parts);
                        int wrap = random.Next(100);
                        for (int w = 0; w < wrap; w++) guard = "(" + guard + ")" + op + "g";
                        sb.Append($"  norm n{i} \"r\" when {guard} penalize 1;\n");
                    }
                    sb.Append("}\n");
                    break;
                }
                case "let-chain":
                {
                    int count = Math.Max(2, size / 24);
                    sb.Append(Header);
                    // Written last-first, so that ordering the lets has to follow the whole chain.
                    for (int i = count - 1; i >= 1; i--) sb.Append($"  let a{i} = a{i - 1} + 1;\n");
                    sb.Append("  let a0 = x;\n").Append($"  reward a{count - 1};\n}}\n");
                    break;
                }
                case "let-cycle":
                {
                    int count = Math.Max(2, size / 24);
                    sb.Append(Header);
                    for (int i = 0; i < count; i++) sb.Append($"  let a{i} = a{(i + 1) % count} + 1;\n");
                    sb.Append("  reward a0;\n}\n");
                    break;
                }
                case "prefer-cycle":
                {
                    int norms = Math.Max(2, size / 60);
                    sb.Append(Header).Append("  reward x;\n");
                    for (int i = 0; i < norms; i++) sb.Append($"  norm n{i} \"r\" when f penalize 1;\n");
                    for (int i = 0; i < norms; i++) sb.Append($"  prefer n{i} over n{(i + 1) % norms};\n");
                    sb.Append("}\n");
                    break;
                }
                case "prefer-broom":
                {
                    // A chain above a star: the closure is (chain × leaves), quadratic in what is written.
                    int norms = Math.Max(4, size / 50);
                    sb.Append(Header).Append("  reward x;\n");
                    for (int i = 0; i < norms; i++) sb.Append($"  norm n{i} \"r\" when f penalize 1;\n");
                    int half = norms / 2;
                    for (int i = 0; i + 1 < half; i++) sb.Append($"  prefer n{i} over n{i + 1};\n");
                    sb.Append($"  prefer n{half - 1} over ").Append(string.Join(", ", Enumerable.Range(half, norms - half).Select(i => "n" + i))).Append(";\n}\n");
                    break;
                }
                case "unknown-names":
                {
                    int count = Math.Max(1, size / 40);
                    sb.Append("contract Stress {\n");
                    for (int i = 0; i < count; i++) sb.Append($"  signal sig{i} : real in [0, 1];\n");
                    sb.Append("  reward ").Append(string.Join(" + ", Enumerable.Range(0, Math.Min(256, count)).Select(i => "sgi" + i))).Append(";\n");
                    for (int i = 0; i < count / 4; i++) sb.Append($"  let l{i} = sgi{i} + sig{i}x;\n");
                    sb.Append("}\n");
                    break;
                }
                case "long-tokens":
                {
                    int length = Math.Max(1, size - 200);
                    switch (random.Next(6))
                    {
                        case 0: sb.Append(Header).Append("  reward ").Append('a', length).Append(";\n}\n"); break;
                        case 1: sb.Append(Header).Append("  reward ").Append('9', length).Append(";\n}\n"); break;
                        case 2: sb.Append(Header).Append("  reward 0.").Append('1', length).Append("e-5;\n}\n"); break;
                        case 3: sb.Append(Header).Append("  reward x;\n  norm n \"").Append('r', length).Append("\" allow;\n}\n"); break;
                        case 4: sb.Append(Header).Append("  /* ").Append('c', length).Append("\n  reward x;\n}\n"); break;
                        default: sb.Append(Header).Append("  reward x; \"").Append('s', length).Append("\n}\n"); break;
                    }
                    break;
                }
                case "doc-comments":
                {
                    sb.Append(Header);
                    while (sb.Length < size - 40) sb.Append("  /// a line of documentation\n");
                    sb.Append("  reward x;\n}\n");
                    break;
                }
                case "garbage":
                {
                    for (int i = 0; i < size; i++) sb.Append((char)(random.Next(5) == 0 ? random.Next(0, 0xD7FF) : random.Next(9, 127)));
                    break;
                }
                case "brackets":
                {
                    string unit = random.Next(4) switch { 0 => "(", 1 => "{", 2 => "[", _ => "contract C {" };
                    sb.Append(Header).Append("  reward ");
                    while (sb.Length < size) sb.Append(unit);
                    break;
                }
                case "many-contracts":
                {
                    for (int i = 0; sb.Length < size; i++)
                        sb.Append($"contract C{i} {{ signal x : real in [0, 1]; reward x; norm n \"r\" when x > 0.5 penalize 1; }}\n");
                    break;
                }
                case "many-errors":
                {
                    sb.Append("contract Stress {\n");
                    for (int i = 0; sb.Length < size; i++)
                        sb.Append(random.Next(3) switch
                        {
                            0 => $"  signal s{i} : rael;\n",
                            1 => $"  norm n{i} when > 1 penalize;\n",
                            _ => $"  let l{i} = (1 + ;\n",
                        });
                    sb.Append("}\n");
                    break;
                }
                case "deep-calls":
                {
                    int depth = Math.Min(100, Math.Max(1, size / 12));
                    sb.Append(Header).Append("  reward ");
                    for (int d = 0; d < depth; d++) sb.Append(random.Next(3) switch { 0 => "min(x, ", 1 => "clamp(x, 0, ", _ => "sigmoid(" });
                    sb.Append('x').Append(')', depth).Append(";\n}\n");
                    break;
                }
                case "max-depth":
                {
                    // Trees just under the parser's depth limit, through the whole pipeline: chains inside
                    // parentheses inside chains, for a let, the reward, a norm's amount and its condition.
                    int chain = 20 + random.Next(200);
                    string terms = string.Join(" + ", Enumerable.Repeat("x", chain));
                    string e = terms;
                    while (ExpressionDepth("(" + e + ") * 0.5 + " + terms) <= SyntaxDepth.MaxDepth) e = "(" + e + ") * 0.5 + " + terms;
                    string conditions = string.Join(" and ", Enumerable.Repeat("x > 0", chain));
                    string g = conditions;
                    while (GuardDepth("(" + g + ") or " + conditions) <= SyntaxDepth.MaxDepth) g = "(" + g + ") or " + conditions;
                    sb.Append(Header).Append("  let deep = ").Append(e).Append(";\n  reward deep;\n");
                    sb.Append("  norm n \"r\" when ").Append(g).Append(" penalize ").Append(e).Append(" cap 1;\n}\n");
                    break;
                }
                default:
                    throw new ArgumentException("unknown stress family " + family);
            }
            return sb.ToString();
        }
    }

    /// <summary>Random contracts from the grammar: declarations in a plausible order, names mostly declared.</summary>
    public sealed class GrammarGenerator
    {
        private readonly Random _random;
        private readonly List<string> _scalars = new List<string>();
        private readonly List<string> _flags = new List<string>();
        private readonly List<(string Name, string[] Values)> _categories = new List<(string, string[])>();
        private readonly List<string> _ensembles = new List<string>();
        private readonly List<string> _params = new List<string>();
        private readonly List<string> _norms = new List<string>();
        private int _names;

        public GrammarGenerator(Random random) => _random = random;

        private string Fresh(string prefix) => prefix + _names++;

        private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

        private string Num(bool signed = false)
        {
            double v = _random.Next(4) switch
            {
                0 => _random.Next(0, 10),
                1 => Math.Round(_random.NextDouble(), 2),
                2 => Math.Round(_random.NextDouble() * 100, 1),
                _ => _random.Next(0, 4097),
            };
            if (signed && _random.Next(4) == 0) v = -v;
            return v.ToString("R", CultureInfo.InvariantCulture);
        }

        public string Contract()
        {
            var sb = new StringBuilder();
            if (_random.Next(4) == 0) sb.Append("namespace Fuzz.Gen;\n\n");
            if (_random.Next(3) == 0) sb.Append("/// A generated contract.\n");
            sb.Append("contract ").Append(Fresh("C")).Append(" {\n");
            if (_random.Next(2) == 0) sb.Append("  principal Developer;\n  agent Model \"the agent\";\n");
            int signals = 1 + _random.Next(8);
            for (int i = 0; i < signals; i++) sb.Append("  ").Append(Signal()).Append('\n');
            int parameters = _random.Next(3);
            for (int i = 0; i < parameters; i++)
            {
                string name = Fresh("p");
                double low = _random.Next(0, 3), high = low + _random.Next(1, 10);
                sb.Append($"  param {name} = {low + (high - low) / 2} in [{low}, {high}];\n");
                _params.Add(name);
            }
            int lets = _random.Next(4);
            for (int i = 0; i < lets; i++)
            {
                string name = Fresh("l");
                sb.Append($"  let {name} = {Expression(3)};\n");
                _scalars.Add(name);
            }
            sb.Append($"  reward {Expression(3)};\n");
            int norms = _random.Next(12);
            for (int i = 0; i < norms; i++) sb.Append("  ").Append(Norm()).Append('\n');
            if (_norms.Count >= 2)
                for (int i = _random.Next(3); i > 0; i--)
                    sb.Append($"  prefer {Pick(_norms)} over {Pick(_norms)};\n");
            if (_categories.Count > 0 && _random.Next(3) == 0)
            {
                var (category, values) = Pick(_categories);
                string kind = _random.Next(4) switch { 0 => "utilitarian", 1 => "nash", 2 => "maximin", _ => "power 0.5" };
                sb.Append($"  welfare {kind} over {category}");
                if (_random.Next(2) == 0) sb.Append($" weights {{ {values[0]}: 2 }}");
                if (kind is "nash" or "power 0.5") sb.Append(" from -100");
                sb.Append(";\n");
            }
            if (_random.Next(2) == 0) sb.Append($"  uncertain {Math.Round(_random.NextDouble(), 2).ToString(CultureInfo.InvariantCulture)} when {Guard(2)} \"why\";\n");
            if (_random.Next(3) == 0) sb.Append("  uncertain 0.5 when conflict;\n");
            if (_random.Next(3) == 0) sb.Append("  uncertain 0.5 when gap;\n");
            sb.Append("}\n");
            return sb.ToString();
        }

        private string Signal()
        {
            string name = Fresh("s");
            switch (_random.Next(6))
            {
                case 0:
                    _scalars.Add(name);
                    return $"signal {name} : real in [{Num(true)}, {Num()}] \"a real\";";
                case 1:
                    _scalars.Add(name);
                    return $"signal {name} : prob;";
                case 2:
                    _scalars.Add(name);
                    return $"signal {name} : count in [0, {_random.Next(1, 5000)}]{(_random.Next(3) == 0 ? " controlled" : "")};";
                case 3:
                    _flags.Add(name);
                    return $"signal {name} : flag;";
                case 4:
                {
                    var values = Enumerable.Range(0, 2 + _random.Next(5)).Select(i => name.ToUpperInvariant() + "V" + i).ToArray();
                    _categories.Add((name, values));
                    return $"signal {name} : category {{ {string.Join(", ", values)} }};";
                }
                default:
                    _ensembles.Add(name);
                    return $"signal {name} : real[{1 + _random.Next(6)}] in [-10, 10];";
            }
        }

        private string Scalar()
        {
            int choice = _random.Next(10);
            if (choice == 0 && _ensembles.Count > 0) return Pick(_ensembles) + "." + Pick(new[] { "mean", "std", "var", "min", "max" });
            if (choice == 1 && _random.Next(20) == 0) return "unknown" + _random.Next(3);   // a binding error now and then
            return _scalars.Count > 0 ? Pick(_scalars) : Num();
        }

        private string Expression(int depth)
        {
            if (depth <= 0 || _random.Next(3) == 0)
                return _random.Next(3) == 0 ? Num() : _random.Next(4) == 0 && _params.Count > 0 ? Pick(_params) : Scalar();
            return _random.Next(7) switch
            {
                0 => $"{Expression(depth - 1)} + {Expression(depth - 1)}",
                1 => $"{Expression(depth - 1)} - {Expression(depth - 1)}",
                2 => $"{Expression(depth - 1)} * {Expression(depth - 1)}",
                3 => $"({Expression(depth - 1)}) / {Num()}",
                4 => $"-{Expression(depth - 1)}",
                5 => _random.Next(3) switch
                {
                    0 => $"min({Expression(depth - 1)}, {Expression(depth - 1)})",
                    1 => $"clamp({Expression(depth - 1)}, 0, 1)",
                    _ => $"{Pick(new[] { "abs", "exp", "log", "sigmoid", "tanh" })}({Expression(depth - 1)})",
                },
                _ => $"({Expression(depth - 1)})",
            };
        }

        private string Guard(int depth)
        {
            if (depth <= 0 || _random.Next(3) == 0) return SimpleGuard();
            return _random.Next(4) switch
            {
                0 => $"{Guard(depth - 1)} and {Guard(depth - 1)}",
                1 => $"{Guard(depth - 1)} or {Guard(depth - 1)}",
                2 => $"not {Guard(depth - 1)}",
                _ => $"({Guard(depth - 1)})",
            };
        }

        private string SimpleGuard()
        {
            int choice = _random.Next(4);
            if (choice == 0 && _flags.Count > 0) return Pick(_flags);
            if (choice == 1 && _categories.Count > 0)
            {
                var (name, values) = Pick(_categories);
                return _random.Next(2) == 0 ? $"{name} == {Pick(values)}" : $"{name} in {{ {string.Join(", ", values.Where(_ => _random.Next(2) == 0).DefaultIfEmpty(values[0]))} }}";
            }
            string op = Pick(new[] { "<", "<=", ">", ">=", "==", "!=" });
            return _random.Next(5) == 0 ? $"{Num()} {op} {Scalar()}" : $"{Scalar()} {op} {Num(true)}";
        }

        private string Norm()
        {
            string name = Fresh("n");
            _norms.Add(name);
            var sb = new StringBuilder("norm ").Append(name);
            if (_random.Next(3) == 0) sb.Append(" concern k").Append(_random.Next(3));
            if (_random.Next(4) != 0) sb.Append(" \"rationale\"");
            if (_random.Next(3) == 0) sb.Append(" in ").Append(Guard(1));
            if (_random.Next(4) != 0) sb.Append(" when ").Append(Guard(2));
            switch (_random.Next(4))
            {
                case 0: sb.Append(" allow"); break;
                case 1: sb.Append(" reward ").Append(Expression(2)); break;
                default: sb.Append(" penalize ").Append(Expression(2)); break;
            }
            if (_random.Next(4) == 0 && !sb.ToString().EndsWith(" allow", StringComparison.Ordinal)) sb.Append(" cap ").Append(Num());
            return sb.Append(';').ToString();
        }
    }
}
