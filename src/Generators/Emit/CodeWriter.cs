using System;
using System.Text;

namespace ContractDsl.Generators.Emit
{
    /// <summary>A tiny indented writer: emitted code should read like hand-written code.</summary>
    internal sealed class CodeWriter
    {
        private readonly StringBuilder _builder = new StringBuilder();
        private int _indent;

        public CodeWriter Line(string text = "")
        {
            if (text.Length > 0) _builder.Append(' ', _indent * 4);
            _builder.Append(text).Append('\n');
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
            foreach (var line in text!.Split('\n')) Line("/// " + Xml(line.TrimEnd()));
            Line("/// </summary>");
            if (!string.IsNullOrWhiteSpace(remarks))
            {
                Line("/// <remarks>");
                foreach (var line in remarks!.Split('\n')) Line("/// " + Xml(line.TrimEnd()));
                Line("/// </remarks>");
            }
            return this;
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
