using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace ContractDsl.Generators.Emit
{
    /// <summary>A tiny indented writer: emitted code should read like hand-written code.</summary>
    internal sealed class CodeWriter
    {
        private readonly StringBuilder _builder = new StringBuilder();
        private int _indent;

        public CodeWriter(int indent = 0) => _indent = indent;

        /// <summary>The current indentation level (four spaces each).</summary>
        public int IndentLevel => _indent;

        public CodeWriter Line(string text = "")
        {
            if (text.Length > 0) _builder.Append(' ', _indent * 4);
            _builder.Append(text).Append('\n');
            return this;
        }

        /// <summary>The widest line the writer produces where it can break one (readable diffs and reviews).</summary>
        public const int MaxWidth = 120;

        /// <summary>
        /// Writes one statement, wrapped before top-level operators and after top-level commas when it would be wider
        /// than <see cref="MaxWidth"/>; continuation lines are indented one level deeper.
        /// </summary>
        public CodeWriter Wrapped(string text)
        {
            int indent = _indent * 4;
            if (indent + text.Length <= MaxWidth) return Line(text);
            // A trailing comment that does not fit goes on its own line above the statement.
            int commentAt = text.IndexOf(" // ", StringComparison.Ordinal);
            if (commentAt > 0 && !InString(text, commentAt))
            {
                Line(text.Substring(commentAt + 1));
                text = text.Substring(0, commentAt);
                if (indent + text.Length <= MaxWidth) return Line(text);
            }
            var pieces = Split(text);
            var line = new StringBuilder();
            bool first = true;
            foreach (var piece in pieces)
            {
                int limit = MaxWidth - indent - (first ? 0 : 4);
                if (line.Length > 0 && line.Length + piece.Length > limit)
                {
                    Emit(line.ToString().TrimEnd(), first);
                    first = false;
                    line.Clear();
                    line.Append(piece.TrimStart());
                }
                else line.Append(piece);
            }
            if (line.Length > 0) Emit(line.ToString().TrimEnd(), first);
            return this;

            void Emit(string piece, bool isFirst)
            {
                if (!isFirst) _indent++;
                Line(piece);
                if (!isFirst) _indent--;
            }
        }

        /// <summary>
        /// Splits a statement into pieces at its break points: before a binary operator, after a comma, at the
        /// shallowest parenthesis depth that has any (so the outermost structure breaks first). Strings and comments are
        /// never split.
        /// </summary>
        private static List<string> Split(string text)
        {
            int commentAt = text.IndexOf(" // ", StringComparison.Ordinal);
            string code = commentAt >= 0 && !InString(text, commentAt) ? text.Substring(0, commentAt) : text;
            string comment = code.Length < text.Length ? text.Substring(code.Length) : "";
            var breaks = new List<(int Position, int Depth)>();
            int depth = 0;
            bool inString = false;
            for (int i = 0; i < code.Length; i++)
            {
                char c = code[i];
                if (c == '"' && (i == 0 || code[i - 1] != '\\')) inString = !inString;
                if (inString) continue;
                if (c == '(' || c == '[' || c == '{') depth++;
                else if (c == ')' || c == ']' || c == '}') depth--;
                else if (c == ',' && i + 1 < code.Length && code[i + 1] == ' ') breaks.Add((i + 1, depth));
                else if (c == ' ' && i + 2 < code.Length && IsOperatorStart(code, i + 1)) breaks.Add((i, depth));
            }
            var result = new List<string>();
            if (breaks.Count == 0) { result.Add(text); return result; }
            int shallowest = breaks.Min(b => b.Depth);
            int last = 0;
            foreach (var (position, d) in breaks)
            {
                if (d > shallowest + 1) continue;
                result.Add(code.Substring(last, position - last));
                last = position;
            }
            result.Add(code.Substring(last) + comment);
            return result;
        }

        private static bool InString(string text, int position) => text.Take(position).Count(c => c == '"') % 2 == 1;

        private static readonly string[] Operators = { "&& ", "|| ", "+ ", "- ", "* ", "/ ", "& ", "| ", "? ", ": ", "?? " };

        private static bool IsOperatorStart(string code, int at)
        {
            foreach (var op in Operators)
                if (string.CompareOrdinal(code, at, op, 0, op.Length) == 0) return true;
            return false;
        }

        /// <summary>Appends text another writer produced (already indented).</summary>
        public CodeWriter Raw(string text)
        {
            _builder.Append(text);
            return this;
        }

        public IDisposable Block(string header)
        {
            Line(header);
            Line("{");
            _indent++;
            return new Closer(this, "}");
        }

        public void Indent() => _indent++;

        public void Unindent() => _indent--;

        /// <summary>Writes <c>/// &lt;summary&gt;</c> documentation, XML-escaped, one line per source line.</summary>
        public CodeWriter Summary(string? text, string? remarks = null)
        {
            if (string.IsNullOrWhiteSpace(text)) return this;
            Line("/// <summary>");
            foreach (var line in text!.Split('\n')) foreach (var part in WordWrap(Xml(line.TrimEnd()))) Line("/// " + part);
            Line("/// </summary>");
            if (!string.IsNullOrWhiteSpace(remarks))
            {
                Line("/// <remarks>");
                foreach (var line in remarks!.Split('\n')) foreach (var part in WordWrap(Xml(line.TrimEnd()))) Line("/// " + part);
                Line("/// </remarks>");
            }
            return this;
        }

        /// <summary>
        /// Writes <paramref name="prefix"/> followed by <paramref name="text"/> as a C# raw string literal on lines of its
        /// own (so long documents such as the contract card stay readable in the generated file), then <paramref name="suffix"/>.
        /// </summary>
        public CodeWriter RawString(string prefix, string text, string suffix)
        {
            int longest = 0, run = 0;
            foreach (char c in text) { run = c == '"' ? run + 1 : 0; longest = Math.Max(longest, run); }
            string quotes = new string('"', Math.Max(3, longest + 1));
            Line(prefix + quotes);
            _indent++;
            foreach (var line in text.TrimEnd('\n').Split('\n')) Line(line);
            Line(quotes + suffix);
            _indent--;
            return this;
        }

        /// <summary>Splits documentation text into lines that fit <see cref="MaxWidth"/> at the current indentation.</summary>
        private IEnumerable<string> WordWrap(string text)
        {
            int width = Math.Max(40, MaxWidth - _indent * 4 - 4);
            var line = new StringBuilder();
            foreach (var word in text.Split(' '))
            {
                if (line.Length > 0 && line.Length + 1 + word.Length > width)
                {
                    yield return line.ToString();
                    line.Clear();
                }
                if (line.Length > 0) line.Append(' ');
                line.Append(word);
            }
            yield return line.ToString();
        }

        /// <summary>User text inside a <c>//</c> comment: one line, whatever was written.</summary>
        public static string OneLine(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();

        public static string Xml(string text) => text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;");

        public override string ToString() => _builder.ToString();

        private sealed class Closer : IDisposable
        {
            private readonly CodeWriter _writer;
            private readonly string _closing;

            public Closer(CodeWriter writer, string closing)
            {
                _writer = writer;
                _closing = closing;
            }

            public void Dispose()
            {
                _writer._indent--;
                _writer.Line(_closing);
            }
        }
    }
}
