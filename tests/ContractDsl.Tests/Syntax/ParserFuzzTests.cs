using System.Diagnostics;
using System.Text;
using ContractDsl.Syntax;

namespace ContractDsl.Tests.Syntax
{
    /// <summary>
    /// Property tests: the parser never throws, whatever the input, and every error it reports is well-formed.
    /// Inputs are generated from a fixed seed, so a failure is reproducible; the failing input is in the message.
    /// </summary>
    public class ParserFuzzTests
    {
        private const int Seed = 1234;

        private static readonly string[] Tokens =
        {
            "namespace", "contract", "principal", "agent", "signal", "param", "let", "reward", "norm", "concern", "in", "when",
            "penalize", "allow", "cap", "prefer", "over", "welfare", "uncertain", "conflict", "gap", "and", "or", "not",
            "controlled", "real", "prob", "count", "flag", "category", "utilitarian", "nash", "maximin", "power", "weights",
            "from", "temperature", "min", "max", "clamp", "abs", "exp", "log", "sigmoid", "tanh", "mean", "std",
            "x", "rm", "region", "EU", "_a1", "größe",
            "0", "4", "0.5", ".5", "1e-3", "2E+2", "-3", "1e999", "1.", "1e", "٣",
            "{", "}", "[", "]", "(", ")", ";", ":", ",", ".", "=", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/",
            "\"text\"", "\"esc \\\" \\\\ \\n\"", "\"", "\\", "//", "///", "////", "/*", "*/", "/* c */", "// c\n",
            " ", " ", " ", "  ", "\n", "\n", "\r\n", "\t", "\0", "\uFFFF", "\uD800", "😀", "@", "#", "'",
        };

        /// <summary>Parses and checks the properties; returns the file for further checks.</summary>
        private static ContractFileSyntax Check(string text)
        {
            ContractFileSyntax file;
            try
            {
                file = ContractParser.Parse("fuzz.contract", text);
            }
            catch (Exception exception)
            {
                Assert.Fail($"Parse threw {exception.GetType().Name}: {exception.Message}\ninput: {Quote(text)}");
                throw;
            }
            foreach (var error in file.Errors)
            {
                string where = $"error {error} [{error.Span.Start},{error.Span.Length}]\ninput: {Quote(text)}";
                Assert.False(error.Message.StartsWith("internal parser error", StringComparison.Ordinal), where);
                Assert.Equal("CDSL0001", error.Id);
                Assert.True(error.Span.Start >= 0 && error.Span.Start <= text.Length, where + "\nstart outside the text");
                Assert.True(error.Span.Length >= 0 && error.Span.End <= text.Length, where + "\nend outside the text");
                Assert.True(error.Span.Line >= 1 && error.Span.Column >= 1, where + "\nline/column below 1");
                Assert.True(error.Span.Line == P.LineColumn(text, error.Span.Start).Line && error.Span.Column == P.LineColumn(text, error.Span.Start).Column,
                    where + "\nline/column do not match the offset");
                Assert.False(string.IsNullOrWhiteSpace(error.Message), where);
            }
            var starts = file.Errors.Select(e => e.Span.Start).ToList();
            Assert.True(starts.SequenceEqual(starts.OrderBy(s => s)), "errors out of order\ninput: " + Quote(text));
            return file;
        }

        private static string Quote(string text) =>
            "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n").Replace("\r", "\\r").Replace("\t", "\\t").Replace("\0", "\\0") + "\"";

        [Fact]
        public void Random_token_soup_never_throws()
        {
            var random = new Random(Seed);
            for (int i = 0; i < 3000; i++)
            {
                var builder = new StringBuilder();
                if (random.Next(3) == 0) builder.Append("contract C {\n");   // often inside a contract, where most of the grammar is
                int count = random.Next(0, 40);
                for (int k = 0; k < count; k++)
                {
                    builder.Append(random.Next(8) == 0 ? ((char)random.Next(0, 128)).ToString() : Tokens[random.Next(Tokens.Length)]);
                    if (random.Next(2) == 0) builder.Append(' ');
                }
                if (random.Next(2) == 0) builder.Append('}');
                Check(builder.ToString());
            }
        }

        [Fact]
        public void Random_declarations_from_the_grammar_never_throw_and_valid_ones_have_consistent_spans()
        {
            // Near-valid input reaches deep into the grammar, where random soup rarely gets.
            var random = new Random(Seed);
            string[] declarations =
            {
                "signal s : real in [-1, 2.5] \"d\";", "signal rm : real[4] in [-10, 10];", "signal t : count in [0, 4096] controlled;",
                "signal c : category { A, B, C };", "signal f : flag;", "signal p : prob;", "param w = 4 in [0, 10] \"d\";",
                "let l = rm.mean - 0.5 * rm.std;", "reward clamp(l, -1, 1) + abs(-x) / 2;",
                "norm n concern k \"r\" in c in { A, B } when not f and (p >= 0.5 or t > 512) penalize 0.002 * (t - 512) cap 2;",
                "norm m in c == A allow;", "prefer n over m, k;", "welfare power 0.5 over c weights { A: 2, B: 1 } from -3 temperature 0.5;",
                "uncertain 0.5 when conflict;", "uncertain when rm.std > 2 \"disagree\";", "principal Dev \"d\";", "agent Model;",
            };
            int valid = 0;
            for (int i = 0; i < 1500; i++)
            {
                var parts = new List<string>();
                int count = random.Next(1, 8);
                for (int k = 0; k < count; k++) parts.Add(declarations[random.Next(declarations.Length)]);
                string body = string.Join("\n  ", parts);
                // Damage it at one random place, or not at all.
                int mode = random.Next(4);
                if (mode > 0 && body.Length > 0)
                {
                    int at = random.Next(body.Length);
                    body = mode switch
                    {
                        1 => body.Remove(at, 1),
                        2 => body.Insert(at, Tokens[random.Next(Tokens.Length)]),
                        _ => body.Substring(0, at),
                    };
                }
                string text = "/// doc\ncontract C {\n  " + body + "\n}\n";
                var file = Check(text);
                if (file.Errors.IsEmpty)
                {
                    valid++;
                    P.AssertSpansConsistent(text, file);
                }
            }
            Assert.True(valid > 300, "too few valid inputs to check spans on: " + valid);
        }

        [Fact]
        public void Mutations_of_the_brief_example_never_throw()
        {
            string original = TestFiles.Read("assistant.contract");
            var random = new Random(Seed);
            int cases = 0;
            for (int i = 0; i < 2500; i++)
            {
                string text = original;
                int edits = random.Next(1, 4);
                for (int e = 0; e < edits; e++) text = Mutate(text, random);
                Check(text);
                cases++;
            }
            Assert.Equal(2500, cases);
        }

        private static string Mutate(string text, Random random)
        {
            if (text.Length == 0) return Tokens[random.Next(Tokens.Length)];
            int at = random.Next(text.Length);
            switch (random.Next(8))
            {
                case 0: // delete a character
                    return text.Remove(at, 1);
                case 1: // duplicate a character
                    return text.Insert(at, text[at].ToString());
                case 2: // insert a random character
                    return text.Insert(at, ((char)random.Next(0, 256)).ToString());
                case 3: // delete a token-sized chunk
                    return text.Remove(at, Math.Min(text.Length - at, random.Next(1, 12)));
                case 4: // insert a token
                    return text.Insert(at, Tokens[random.Next(Tokens.Length)]);
                case 5: // duplicate a chunk elsewhere
                {
                    int length = Math.Min(text.Length - at, random.Next(1, 40));
                    string chunk = text.Substring(at, length);
                    return text.Insert(random.Next(text.Length), chunk);
                }
                case 6: // swap two lines
                {
                    var lines = text.Split('\n');
                    int a = random.Next(lines.Length), b = random.Next(lines.Length);
                    (lines[a], lines[b]) = (lines[b], lines[a]);
                    return string.Join("\n", lines);
                }
                default: // replace a token-sized chunk with a token
                    return text.Remove(at, Math.Min(text.Length - at, random.Next(1, 8))).Insert(at, Tokens[random.Next(Tokens.Length)]);
            }
        }

        [Fact]
        public void Every_truncation_of_the_brief_example()
        {
            string original = TestFiles.Read("assistant.contract");
            for (int length = 0; length <= original.Length; length += 7)
            {
                var file = Check(original.Substring(0, length));
                // A prefix that reaches into the contract keeps the contract (with what was complete).
                if (length > original.IndexOf('{'))
                    Assert.Equal("Assistant", Assert.Single(file.Contracts).Name.Text);
            }
            Check(original + original);
        }

        [Fact]
        public void Every_single_character_deletion_of_a_small_contract()
        {
            const string small = "namespace N.M;\n/// d\ncontract C {\n  signal r : real[2] in [-1, 1] controlled \"x\";\n  norm n concern k \"r\" in c in {A} when not (r.mean >= .5 or f) penalize min(r.std, 2) * -3 cap 1e1;\n  welfare power 2 over c weights {A: 1} from 0 temperature 1;\n  uncertain 0.5 when gap;\n}\n";
            P.Ok(small);
            for (int i = 0; i < small.Length; i++)
            {
                Check(small.Remove(i, 1));
                Check(small.Insert(i, ";"));
                Check(small.Insert(i, "\""));
                Check(small.Insert(i, "/*"));
            }
        }

        [Fact]
        public void Every_line_swap_of_the_brief_example()
        {
            var lines = TestFiles.Read("assistant.contract").Split('\n');
            var random = new Random(Seed);
            for (int i = 0; i < 300; i++)
            {
                var copy = (string[])lines.Clone();
                int a = random.Next(copy.Length), b = random.Next(copy.Length);
                (copy[a], copy[b]) = (copy[b], copy[a]);
                Check(string.Join("\n", copy));
            }
        }

        [Fact]
        public void Line_endings_and_unusual_whitespace()
        {
            string original = TestFiles.Read("assistant.contract");
            var crlf = Check(original.Replace("\n", "\r\n"));
            Assert.Empty(crlf.Errors);
            Assert.Empty(Check(original.Replace("  ", "\t")).Errors);
            Check(original.Replace("\n", "\r"));        // old Mac line endings: one long line, full of `//` comments
            Assert.Empty(Check("\uFEFF" + original).Errors);   // a byte-order mark that slipped into the text
            Check(original.Replace(" ", "\u00A0"));      // no-break spaces
        }

        [Fact]
        public void Null_text_is_an_empty_file()
        {
            var file = ContractParser.Parse("x.contract", null!);
            Assert.Empty(file.Errors);
            Assert.Empty(file.Contracts);
        }

        [Fact]
        public void Parsing_is_deterministic_and_value_equal()
        {
            string text = TestFiles.Read("assistant.contract");
            Assert.Equal(P.Parse(text), P.Parse(text));
            Assert.Equal(P.Parse(text).GetHashCode(), P.Parse(text).GetHashCode());
            var broken = text.Replace("penalize 3;", "penalize 3");
            Assert.Equal(P.Parse(broken), P.Parse(broken));
        }

        [Fact]
        public void Parsing_on_many_threads_at_once_agrees()
        {
            // The nesting counter is per thread; parallel parses must not disturb each other.
            string text = TestFiles.Read("assistant.contract");
            string deep = "contract C {\n  let x = " + new string('(', 95) + "1" + new string(')', 95) + ";\n}";
            var expected = P.Parse(text);
            var results = new System.Collections.Concurrent.ConcurrentBag<bool>();
            System.Threading.Tasks.Parallel.For(0, 64, i =>
            {
                results.Add(P.Parse(text).Equals(expected));
                results.Add(P.Parse(deep).Errors.IsEmpty);
            });
            Assert.All(results, Assert.True);
        }
    }
}
