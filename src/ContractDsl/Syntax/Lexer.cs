using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ContractDsl.Text;
using Sprache;

namespace ContractDsl.Syntax
{
    /// <summary>
    /// Token-level Sprache parsers and the combinators the grammar is built from.
    /// <para>
    /// Sprache's own <c>Optional</c> and <c>Or</c> backtrack even after an alternative has consumed input,
    /// which moves the reported error back to the start of the declaration ("unexpected 'cap'") instead of
    /// the token that is really wrong ("expected a number after `cap`"). The combinators here commit once an
    /// alternative got past its first token, the way a hand-written recursive-descent parser does.
    /// </para>
    /// </summary>
    internal static class Lexer
    {
        /// <summary>Words that can never be names.</summary>
        public static readonly HashSet<string> Keywords = new HashSet<string>(StringComparer.Ordinal)
        {
            "namespace", "contract", "principal", "agent", "signal", "param", "let", "reward", "norm", "concern",
            "in", "when", "penalize", "allow", "cap", "prefer", "over", "welfare", "uncertain", "conflict", "gap",
            "and", "or", "not", "controlled",
        };

        // ---- trivia ---------------------------------------------------------------------------------

        /// <summary>Skips whitespace and comments (<c>//</c>, <c>///</c>, <c>/* */</c>).</summary>
        public static IInput SkipTrivia(IInput input) => MoveTo(input, SkipTrivia(input.Source, input.Position));

        /// <summary>The offset of the first token at or after <paramref name="p"/>: whitespace and comments skipped.</summary>
        public static int SkipTrivia(string text, int p)
        {
            while (p < text.Length)
            {
                char c = text[p];
                if (char.IsWhiteSpace(c) || c == '\uFEFF')   // a byte-order mark left in the text is not a token
                {
                    p++;
                }
                else if (c == '/' && p + 1 < text.Length && text[p + 1] == '/')
                {
                    int newline = text.IndexOf('\n', p + 2);
                    p = newline < 0 ? text.Length : newline;
                }
                else if (c == '/' && p + 1 < text.Length && text[p + 1] == '*')
                {
                    int close = text.IndexOf("*/", p + 2, StringComparison.Ordinal);
                    p = close < 0 ? text.Length : close + 2;
                }
                else
                {
                    break;
                }
            }
            return p;
        }

        /// <summary>The input at another offset of the same text, without stepping through every character.</summary>
        public static IInput MoveTo(IInput input, int position)
        {
            if (input is TextInput text) return text.At(position);
            while (input.Position < position && !input.AtEnd) input = input.Advance();
            return input;
        }

        public static IInput Advance(IInput input, int count) => MoveTo(input, input.Position + count);

        public static SourceSpan SpanOf(IInput start, IInput end)
        {
            var (line, column) = LineAndColumn(start);
            return new SourceSpan(start.Position, end.Position - start.Position, line, column);
        }

        internal static (int Line, int Column) LineAndColumn(IInput at) =>
            at is TextInput text ? text.LineAndColumn() : (at.Line, at.Column);

        public static SourceSpan Cover(SourceSpan first, SourceSpan last) =>
            new SourceSpan(first.Start, Math.Max(first.End, last.End) - first.Start, first.Line, first.Column);

        private static bool IsIdentifierStart(char c) => char.IsLetter(c) || c == '_';

        internal static bool IsIdentifierPart(char c) => char.IsLetterOrDigit(c) || c == '_';

        /// <summary>
        /// ASCII digits only: <see cref="char.IsDigit(char)"/> also accepts Arabic-Indic, full-width and other
        /// decimal digits, which the invariant-culture parse then rejects ("`٣` is too large").
        /// </summary>
        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        // ---- tokens ---------------------------------------------------------------------------------

        /// <summary>
        /// The message of a failure that has expectations. Nothing reads it: an error is reported as "expected
        /// (expectations), found (token)", worked out once the error is known. Describing the token on every
        /// failed alternative (a declaration tries up to nine) was a good part of the parser's cost.
        /// </summary>
        private const string Unexpected = "unexpected token";

        /// <summary>A keyword (whole word). Fails, consuming nothing, with the expectation <c>`word`</c>.</summary>
        public static Parser<SourceSpan> Keyword(string word)
        {
            var expectations = new[] { "`" + word + "`" };
            return input =>
            {
                var start = SkipTrivia(input);
                string text = start.Source;
                int p = start.Position;
                if (string.CompareOrdinal(text, p, word, 0, word.Length) == 0 &&
                    (p + word.Length == text.Length || !IsIdentifierPart(text[p + word.Length])))
                {
                    var end = Advance(start, word.Length);
                    return Result.Success(SpanOf(start, end), end);
                }
                return Result.Failure<SourceSpan>(start, Unexpected, expectations);
            };
        }

        /// <summary>A punctuation symbol such as <c>;</c> or <c>&lt;=</c>.</summary>
        public static Parser<SourceSpan> Symbol(string symbol, string? expectation = null)
        {
            var expectations = new[] { expectation ?? "`" + symbol + "`" };
            return input =>
            {
                var start = SkipTrivia(input);
                if (string.CompareOrdinal(start.Source, start.Position, symbol, 0, symbol.Length) == 0)
                {
                    var end = Advance(start, symbol.Length);
                    return Result.Success(SpanOf(start, end), end);
                }
                return Result.Failure<SourceSpan>(start, Unexpected, expectations);
            };
        }

        /// <summary>The offset just after the identifier characters starting at <paramref name="p"/>.</summary>
        internal static int IdentifierEnd(string text, int p)
        {
            while (p < text.Length && IsIdentifierPart(text[p])) p++;
            return p;
        }

        /// <summary>A name that is not a keyword.</summary>
        public static Parser<IdentifierSyntax> Identifier(string expectation = "a name")
        {
            var expectations = new[] { expectation };
            return input =>
            {
                var start = SkipTrivia(input);
                if (start.AtEnd || !IsIdentifierStart(start.Current))
                    return Result.Failure<IdentifierSyntax>(start, Unexpected, expectations);
                var end = MoveTo(start, IdentifierEnd(start.Source, start.Position));
                string word = start.Source.Substring(start.Position, end.Position - start.Position);
                if (Keywords.Contains(word))
                    return Result.Failure<IdentifierSyntax>(start, "`" + word + "` is a keyword", new[] { expectation + " (`" + word + "` is a keyword)" });
                return Result.Success(new IdentifierSyntax(word, SpanOf(start, end)), end);
            };
        }

        /// <summary>
        /// An unsigned number in invariant culture: <c>4</c>, <c>0.002</c>, <c>.5</c>, <c>1e-3</c>.
        /// With <paramref name="signed"/>, a leading <c>-</c> or <c>+</c> is part of the literal (bounds, defaults).
        /// </summary>
        public static Parser<NumberSyntax> Number(bool signed = false, string expectation = "a number")
        {
            var expectations = new[] { expectation };
            return input =>
            {
                var start = SkipTrivia(input);
                string text = start.Source;
                int p = start.Position;
                int q = p;
                if (signed && q < text.Length && (text[q] == '-' || text[q] == '+')) q++;
                int digitsStart = q;
                while (q < text.Length && IsDigit(text[q])) q++;
                int intDigits = q - digitsStart;
                int fracDigits = 0;
                if (q < text.Length && text[q] == '.' && q + 1 < text.Length && IsDigit(text[q + 1]))
                {
                    q++;
                    while (q < text.Length && IsDigit(text[q])) { q++; fracDigits++; }
                }
                if (intDigits + fracDigits == 0)
                    return Result.Failure<NumberSyntax>(start, Unexpected, expectations);
                if (q < text.Length && (text[q] == 'e' || text[q] == 'E'))
                {
                    int e = q + 1;
                    if (e < text.Length && (text[e] == '-' || text[e] == '+')) e++;
                    if (e < text.Length && IsDigit(text[e]))
                    {
                        while (e < text.Length && IsDigit(text[e])) e++;
                        q = e;
                    }
                }
                var end = Advance(start, q - p);
                string literal = text.Substring(p, q - p);
                if (!double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || double.IsInfinity(value))
                    return HardFailure<NumberSyntax>(start, "the number `" + Shorten(literal) + "` is too large (numbers must be finite)");
                return Result.Success(new NumberSyntax(value, SpanOf(start, end)), end);
            };
        }

        /// <summary>A double-quoted string with <c>\"</c> and <c>\\</c> escapes; the value is unescaped.</summary>
        public static Parser<string> StringLiteral(string expectation = "a string")
        {
            var expectations = new[] { expectation };
            return input =>
            {
                var start = SkipTrivia(input);
                if (start.AtEnd || start.Current != '"')
                    return Result.Failure<string>(start, Unexpected, expectations);
                string text = start.Source;
                var builder = new System.Text.StringBuilder();
                int p = start.Position + 1;
                while (p < text.Length && text[p] != '"' && text[p] != '\n')
                {
                    if (text[p] == '\\' && p + 1 < text.Length)
                    {
                        p++;
                        builder.Append(text[p] switch { 'n' => '\n', 't' => '\t', var other => other });
                    }
                    else
                    {
                        builder.Append(text[p]);
                    }
                    p++;
                }
                // Reported at the opening quote: the position where the line ends (or the token after it, once
                // trivia is skipped) says nothing about which string is open.
                if (p >= text.Length || text[p] != '"')
                    return HardFailure<string>(start, "unterminated string: expected `\"` to close it before the end of the line");
                return Result.Success(builder.ToString(), MoveTo(start, p + 1));
            };
        }

        /// <summary>A literal quoted in a message, cut short: a 100,000-digit number must not make a 100,000-character message.</summary>
        internal static string Shorten(string literal, int max = 40) =>
            literal.Length <= max ? literal : literal.Substring(0, max) + "…";

        // ---- combinators ----------------------------------------------------------------------------

        /// <summary>
        /// A failure that is committed even though it sits at the first token: a malformed token (a number too
        /// large to represent, an unterminated string) or a nesting limit. It has no expectations, which is what
        /// marks it, and its message is reported verbatim. Without this, <c>Opt</c>/<c>Alt</c> would treat
        /// <c>uncertain 1e999 when gap;</c> as "no weight" and report "expected `when`, found `1e999`".
        /// </summary>
        public static IResult<T> HardFailure<T>(IInput at, string message) =>
            Result.Failure<T>(at, message, Array.Empty<string>());

        /// <summary>
        /// True when a failure happened past the first token, i.e. the alternative was committed to, or is a
        /// <see cref="HardFailure{T}"/>.
        /// </summary>
        internal static bool Consumed<T>(IResult<T> failure, IInput input) =>
            failure.Remainder.Position > SkipTrivia(input).Position || !failure.Expectations.Any();

        /// <summary>How deeply parentheses, unary minus and <c>not</c> may nest (see <see cref="Nested{T}"/>).</summary>
        public const int MaxNesting = 100;

        [ThreadStatic] private static int _nesting;

        /// <summary>
        /// A recursive reference to a parser, counting nesting depth. Without a limit, <c>((((…</c> a few thousand
        /// levels deep overflows the stack, which no <c>catch</c> can stop: it would kill the compiler process
        /// hosting the generator. Real contracts never come near the limit; a deterministic limit also keeps
        /// the diagnostic independent of the host's stack size.
        /// </summary>
        /// <param name="reference">Read at parse time: the grammar's static fields refer to each other, so a
        /// parser may still be null while the fields are being initialised.</param>
        public static Parser<T> Nested<T>(Func<Parser<T>?> reference) => input =>
        {
            if (_nesting >= MaxNesting)
                return HardFailure<T>(SkipTrivia(input), "nested too deeply: parentheses, `-` and `not` may nest at most " + MaxNesting + " levels");
            _nesting++;
            try { return reference()!(input); }
            finally { _nesting--; }
        };

        /// <summary>Zero or one; fails if the parser fails after consuming input.</summary>
        public static Parser<T?> Opt<T>(Parser<T> parser) where T : class => input =>
        {
            var result = parser(input);
            if (result.WasSuccessful) return Result.Success<T?>(result.Value, result.Remainder);
            if (Consumed(result, input)) return Result.Failure<T?>(result.Remainder, result.Message, result.Expectations);
            return Result.Success<T?>(null, input);
        };

        /// <summary>
        /// <see cref="Opt{T}"/> of a parser that starts with <paramref name="keyword"/>: when the keyword is not
        /// there, "absent" at once, which is what running the parser would conclude, without building its failure.
        /// </summary>
        public static Parser<T?> OptAfter<T>(string keyword, Parser<T> parser) where T : class
        {
            var optional = Opt(parser);
            return input =>
            {
                var start = SkipTrivia(input);
                return IsKeywordAt(start.Source, start.Position, keyword) ? optional(input) : Result.Success<T?>(null, input);
            };
        }

        /// <summary>Whether the whole word <paramref name="keyword"/> is at offset <paramref name="p"/>.</summary>
        internal static bool IsKeywordAt(string text, int p, string keyword) =>
            string.CompareOrdinal(text, p, keyword, 0, keyword.Length) == 0 &&
            (p + keyword.Length == text.Length || !IsIdentifierPart(text[p + keyword.Length]));

        /// <summary>The character of the next token (after trivia), or <c>\0</c> at the end.</summary>
        public static char NextChar(IInput input)
        {
            int p = SkipTrivia(input.Source, input.Position);
            return p < input.Source.Length ? input.Source[p] : '\0';
        }

        /// <summary>
        /// <see cref="Alt{T}"/> over alternatives told apart by the first character of their first token: runs
        /// the one whose <c>Starts</c> accepts the next character, which is the one <see cref="Alt{T}"/> would
        /// have reached (the others fail there without consuming). Only when none does, <paramref name="otherwise"/>
        /// (the full alternation) runs, to collect what each expected.
        /// </summary>
        public static Parser<T> ByFirstChar<T>(Parser<T> otherwise, params (Func<char, bool> Starts, Parser<T> Parser)[] cases) => input =>
        {
            char c = NextChar(input);
            foreach (var (starts, parser) in cases)
                if (starts(c)) return parser(input);
            return otherwise(input);
        };

        /// <summary>
        /// <paramref name="then"/> when <paramref name="keyword"/> is next, else <paramref name="otherwise"/>: an
        /// <see cref="Alt{T}"/> of the two whose first alternative starts with the keyword, for use under an
        /// <see cref="Expect{T}"/> (which replaces what a failure at the start expected).
        /// </summary>
        public static Parser<T> IfKeyword<T>(string keyword, Parser<T> then, Parser<T> otherwise) => input =>
        {
            var start = SkipTrivia(input);
            return IsKeywordAt(start.Source, start.Position, keyword) ? then(input) : otherwise(input);
        };

        /// <summary>Whether a number token (unsigned) can start with <paramref name="c"/>; a <c>.</c> needs a digit after it, which the number parser checks.</summary>
        public static bool StartsNumber(char c) => IsDigit(c) || c == '.';

        public static bool StartsIdentifier(char c) => IsIdentifierStart(c);

        /// <summary>Zero or one for value types.</summary>
        public static Parser<T?> OptValue<T>(Parser<T> parser) where T : struct => input =>
        {
            var result = parser(input);
            if (result.WasSuccessful) return Result.Success<T?>(result.Value, result.Remainder);
            if (Consumed(result, input)) return Result.Failure<T?>(result.Remainder, result.Message, result.Expectations);
            return Result.Success<T?>(null, input);
        };

        /// <summary>
        /// The first alternative that succeeds. An alternative that fails after its first token is the error;
        /// if all fail at the start, the error lists every expectation.
        /// </summary>
        public static Parser<T> Alt<T>(params Parser<T>[] alternatives) => input =>
        {
            List<string>? expectations = null;
            IResult<T>? last = null;
            foreach (var alternative in alternatives)
            {
                var result = alternative(input);
                if (result.WasSuccessful || Consumed(result, input)) return result;
                expectations ??= new List<string>();
                foreach (var expectation in result.Expectations)
                    if (!expectations.Contains(expectation)) expectations.Add(expectation);
                last = result;
            }
            var at = SkipTrivia(input);
            return Result.Failure<T>(at, last?.Message ?? "unexpected " + Describe(at), (IEnumerable<string>?)expectations ?? Array.Empty<string>());
        };

        /// <summary>
        /// <see cref="Alt{T}"/> over alternatives that each start with their own keyword, choosing by the word at
        /// the input instead of trying them in turn. The result is the same — an alternative whose keyword is
        /// not there fails without consuming, and the one whose keyword is there decides — but the parse of a
        /// declaration no longer builds the failures of the eight kinds it is not. When no keyword matches, the
        /// alternatives run in turn, to collect what each expected.
        /// </summary>
        public static Parser<T> ByKeyword<T>(params (string Keyword, Parser<T> Parser)[] cases)
        {
            var all = Alt(cases.Select(c => c.Parser).Distinct().ToArray());
            return input =>
            {
                var start = SkipTrivia(input);
                string text = start.Source;
                int p = start.Position;
                foreach (var (keyword, parser) in cases)
                    if (IsKeywordAt(text, p, keyword)) return parser(input);
                return all(input);
            };
        }

        /// <summary>Zero or more; fails if an attempt fails after consuming input.</summary>
        public static Parser<List<T>> Star<T>(Parser<T> parser) => input =>
        {
            var items = new List<T>();
            while (true)
            {
                var result = parser(input);
                if (!result.WasSuccessful)
                {
                    if (Consumed(result, input)) return Result.Failure<List<T>>(result.Remainder, result.Message, result.Expectations);
                    return Result.Success(items, input);
                }
                if (result.Remainder.Position == input.Position) return Result.Success(items, input);
                items.Add(result.Value);
                input = result.Remainder;
            }
        };

        /// <summary>One or more separated by <paramref name="separator"/>; a separator commits to another item.</summary>
        public static Parser<List<T>> SeparatedBy<T>(Parser<T> item, Parser<SourceSpan> separator) => input =>
        {
            var first = item(input);
            if (!first.WasSuccessful) return Result.Failure<List<T>>(first.Remainder, first.Message, first.Expectations);
            var items = new List<T> { first.Value };
            input = first.Remainder;
            while (true)
            {
                var separated = separator(input);
                if (!separated.WasSuccessful)
                {
                    if (Consumed(separated, input)) return Result.Failure<List<T>>(separated.Remainder, separated.Message, separated.Expectations);
                    return Result.Success(items, input);
                }
                var next = item(separated.Remainder);
                if (!next.WasSuccessful) return Result.Failure<List<T>>(next.Remainder, next.Message, next.Expectations);
                items.Add(next.Value);
                input = next.Remainder;
            }
        };

        /// <summary>
        /// Left-associative chain <c>operand (op operand)*</c>; an operator commits to its right operand.
        /// <paramref name="operatorStart"/> says which characters an operator can start with: anywhere else the
        /// chain ends without trying <paramref name="op"/> (which would fail there without consuming anyway).
        /// </summary>
        public static Parser<T> ChainLeft<T, TOp>(Parser<T> operand, Parser<TOp> op, Func<T, TOp, T, T> combine, Func<char, bool> operatorStart) => input =>
        {
            var first = operand(input);
            if (!first.WasSuccessful) return Result.Failure<T>(first.Remainder, first.Message, first.Expectations);
            var tree = first.Value;
            var rest = first.Remainder;
            int operators = 0;
            while (true)
            {
                int next = SkipTrivia(rest.Source, rest.Position);
                if (next >= rest.Source.Length || !operatorStart(rest.Source[next])) return Result.Success(tree, rest);
                var o = op(rest);
                if (!o.WasSuccessful)
                {
                    if (Consumed(o, rest)) return Result.Failure<T>(o.Remainder, o.Message, o.Expectations);
                    return Result.Success(tree, rest);
                }
                // A chain becomes a left-deep tree; every later stage (binder, analysis, record equality in the
                // incremental pipeline) walks it. Capping its length keeps all of them far from the stack limit,
                // where a crash would take the compiler down with it (see also MaxDepth).
                if (++operators > MaxChainLength)
                    return HardFailure<T>(SkipTrivia(input), $"expression too long: at most {MaxChainLength} operators in a row; split it with `let`");
                var right = operand(o.Remainder);
                if (!right.WasSuccessful) return Result.Failure<T>(right.Remainder, right.Message, right.Expectations);
                tree = combine(tree, o.Value, right.Value);
                rest = right.Remainder;
            }
        };

        /// <summary>Longest chain of one precedence level (<c>a + b + ...</c>, <c>g and h and ...</c>).</summary>
        public const int MaxChainLength = 256;

        /// <summary>Replaces the expectation of a parser that failed at its start.</summary>
        public static Parser<T> Expect<T>(this Parser<T> parser, string expectation) => input =>
        {
            var result = parser(input);
            if (result.WasSuccessful || Consumed(result, input)) return result;
            return Result.Failure<T>(result.Remainder, result.Message, new[] { expectation });
        };

        private static bool IsNumberStart(string text, int p) =>
            p < text.Length && (IsDigit(text[p]) || text[p] == '.' && p + 1 < text.Length && IsDigit(text[p + 1]));

        /// <summary>A short description of the token at a position, for "found ..." in messages.</summary>
        public static string Describe(IInput at)
        {
            at = SkipTrivia(at);
            if (at.AtEnd) return "end of file";
            string text = at.Source;
            int p = at.Position;
            int q = p;
            if (IsNumberStart(text, p) || (text[p] == '-' || text[p] == '+') && IsNumberStart(text, p + 1))
            {
                // A number literal as one token (`0.5`, `1e-3`, `-1e999`), not just its first digits.
                q = p + 1;
                while (q < text.Length && q - p < 24 &&
                       (IsIdentifierPart(text[q]) || text[q] == '.' ||
                        (text[q] == '-' || text[q] == '+') && (text[q - 1] == 'e' || text[q - 1] == 'E')))
                    q++;
            }
            else if (IsIdentifierPart(text[p]))
                while (q < text.Length && IsIdentifierPart(text[q]) && q - p < 24) q++;
            else
                q = p + 1;
            return "`" + text.Substring(p, q - p) + "`";
        }
    }
}
