using ContractDsl.Binding;
using ContractDsl.Diagnostics;
using ContractDsl.Syntax;
using ContractDsl.Tests.Syntax;
using ContractDsl.Text;

namespace ContractDsl.Tests.Binding
{
    /// <summary>Shortcuts for binder tests: bind a text (syntax must be clean), locate the offending token.</summary>
    internal static class B
    {
        public const string FileName = "bind.contract";

        /// <summary>
        /// A valid contract body every snippet is appended to: one signal of each kind, a param, a let, the reward.
        /// It binds without any diagnostic (checked by a test), so whatever a snippet adds is the snippet's doing.
        /// </summary>
        public const string Preamble =
            "contract C {\n" +
            "  signal x        : real in [-10, 10];\n" +
            "  signal y        : real in [0, 5];\n" +
            "  signal toxicity : prob;\n" +
            "  signal tokens   : count in [0, 4096];\n" +
            "  signal rm       : real[4] in [-10, 10];\n" +
            "  signal region   : category { EU, US, MENA, Other };\n" +
            "  signal refused  : flag;\n" +
            "  param toxicity_weight = 4 in [0, 10];\n" +
            "  let conservative = rm.mean - 0.5 * rm.std;\n" +
            "  reward conservative + x + y + toxicity + tokens + toxicity_weight;\n";

        public const string Postamble = "}\n";

        public static string Wrap(string snippet) => Preamble + snippet + "\n" + Postamble;

        /// <summary>Parses (asserting no syntax error) and binds; returns the results and the binder's diagnostics.</summary>
        public static (IReadOnlyList<BindingResult> Results, List<ContractDiagnostic> Diagnostics) BindAll(string text)
        {
            var file = ContractParser.Parse(FileName, text);
            Assert.True(file.Errors.IsEmpty, "unexpected syntax errors:\n" + string.Join("\n", file.Errors) + "\nin:\n" + text);
            var diagnostics = new List<ContractDiagnostic>();
            var results = Binder.Bind(file, text, diagnostics);
            return (results, diagnostics);
        }

        /// <summary>Binds a single-contract text; returns the contract and the diagnostics.</summary>
        public static (BindingResult Result, List<ContractDiagnostic> Diagnostics) Bind(string text)
        {
            var (results, diagnostics) = BindAll(text);
            return (Assert.Single(results), diagnostics);
        }

        /// <summary>Binds a single-contract text and asserts it bound without any diagnostic.</summary>
        public static BoundContract Clean(string text)
        {
            var (result, diagnostics) = Bind(text);
            Assert.True(diagnostics.Count == 0, "unexpected diagnostics:\n" + string.Join("\n", diagnostics) + "\nin:\n" + text);
            Assert.False(result.HasErrors);
            return result.Contract;
        }

        /// <summary>Binds the preamble plus <paramref name="snippet"/>, asserting no diagnostic at all.</summary>
        public static BoundContract CleanSnippet(string snippet) => Clean(Wrap(snippet));

        /// <summary>
        /// Asserts that binding <paramref name="text"/> reports exactly one diagnostic (so nothing cascades), with
        /// the given ID, severity Error, on exactly the <paramref name="occurrence"/>-th <paramref name="needle"/>
        /// found at or after offset <paramref name="searchFrom"/>; marks the contract as having errors.
        /// </summary>
        public static ContractDiagnostic SingleError(string text, string id, string needle, int occurrence = 0, int searchFrom = 0)
        {
            var (result, diagnostics) = Bind(text);
            var d = Assert.Single(diagnostics);
            Assert.Equal(id, d.Id);
            Assert.Equal(Severity.Error, d.Severity);
            Assert.Equal(FileName, d.Path);
            var expected = SpanOf(text, needle, occurrence, searchFrom);
            Assert.True(expected == d.Span,
                $"{id} should be on `{needle}` {expected} [{expected.Start},{expected.Length}] but is on `{Covered(text, d.Span)}` {d.Span} [{d.Span.Start},{d.Span.Length}]: {d.Message}");
            Assert.True(result.HasErrors);
            return d;
        }

        /// <summary><see cref="SingleError"/> for a snippet appended to the preamble; the needle is searched in the snippet.</summary>
        public static ContractDiagnostic SnippetError(string snippet, string id, string needle, int occurrence = 0) =>
            SingleError(Wrap(snippet), id, needle, occurrence, Preamble.Length);

        /// <summary>Asserts that binding reports no diagnostic with <paramref name="id"/> and no error at all.</summary>
        public static void NoSuch(string text, string id)
        {
            var (result, diagnostics) = Bind(text);
            Assert.DoesNotContain(diagnostics, d => d.Id == id);
            Assert.True(diagnostics.Count(d => d.IsError) == 0, "unexpected errors:\n" + string.Join("\n", diagnostics) + "\nin:\n" + text);
            Assert.False(result.HasErrors);
        }

        public static void NoSuchInSnippet(string snippet, string id) => NoSuch(Wrap(snippet), id);

        /// <summary>The span of an occurrence of a needle, line and column computed independently of the product.</summary>
        public static SourceSpan SpanOf(string text, string needle, int occurrence = 0, int searchFrom = 0)
        {
            int start = searchFrom - 1;
            for (int k = 0; k <= occurrence; k++)
            {
                start = text.IndexOf(needle, start + 1, StringComparison.Ordinal);
                Assert.True(start >= 0, $"`{needle}` (occurrence {occurrence}) not in the text");
            }
            var (line, column) = P.LineColumn(text, start);
            return new SourceSpan(start, needle.Length, line, column);
        }

        private static string Covered(string text, SourceSpan span) =>
            span.Start >= 0 && span.End <= text.Length ? text.Substring(span.Start, span.Length) : "<outside the text>";

        public static BoundSignal Signal(BoundContract c, string name) => Assert.Single(c.Signals, s => s.Name == name);

        public static BoundNorm Norm(BoundContract c, string name) => Assert.Single(c.Norms, n => n.Name == name);

        public static BoundLet Let(BoundContract c, string name) => Assert.Single(c.Lets, l => l.Name == name);
    }
}
