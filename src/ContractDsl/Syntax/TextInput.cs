using System;
using System.Collections.Generic;
using Sprache;

namespace ContractDsl.Syntax
{
    /// <summary>
    /// The parser's position in a file: a Sprache <see cref="IInput"/> that costs one small object per move.
    /// <para>
    /// Sprache's own <c>Input</c> allocates a new input and a new memo dictionary for every character it
    /// advances over, which made parsing cost about 1 µs per character — the largest stage of an edit in the
    /// IDE. Here <see cref="At"/> jumps any distance at once, line and column come from a line table built once
    /// per file (a binary search, and only when a span is made), and the memo dictionary, which this grammar
    /// never uses, is created only if something asks for it. Line and column count exactly as Sprache's did:
    /// a line ends at <c>\n</c>, columns count UTF-16 units from 1. One input (and its line table) belongs to
    /// one parse, on one thread.
    /// </para>
    /// </summary>
    internal sealed class TextInput : IInput
    {
        private readonly Lines _lines;
        private IDictionary<object, object>? _memos;

        private TextInput(Lines lines, int position)
        {
            _lines = lines;
            Position = position;
        }

        /// <summary>The start of <paramref name="text"/>.</summary>
        public static TextInput Start(string text) => new TextInput(new Lines(text), 0);

        public string Source => _lines.Text;

        public int Position { get; }

        public char Current => _lines.Text[Position];

        public bool AtEnd => Position >= _lines.Text.Length;

        public int Line => _lines.LineOf(Position);

        public int Column => Position - _lines.StartOfLine(_lines.LineOf(Position)) + 1;

        /// <summary><see cref="Line"/> and <see cref="Column"/> with one search.</summary>
        public (int Line, int Column) LineAndColumn()
        {
            int line = _lines.LineOf(Position);
            return (line, Position - _lines.StartOfLine(line) + 1);
        }

        public IDictionary<object, object> Memos => _memos ??= new Dictionary<object, object>();

        public IInput Advance()
        {
            if (AtEnd) throw new InvalidOperationException("The input is already at the end of the source.");
            return new TextInput(_lines, Position + 1);
        }

        /// <summary>The same text at another offset (clamped to the text).</summary>
        public TextInput At(int position) =>
            position == Position ? this : new TextInput(_lines, Math.Max(0, Math.Min(position, _lines.Text.Length)));

        public bool Equals(IInput? other) => other != null && ReferenceEquals(Source, other.Source) && Position == other.Position;

        public override bool Equals(object? obj) => obj is IInput other && Equals(other);

        public override int GetHashCode() => unchecked(Source.GetHashCode() * 31 + Position);

        public override string ToString() => $"Line {Line}, Column {Column}";

        /// <summary>The offsets where lines start, shared by every position in one text.</summary>
        private sealed class Lines
        {
            private readonly int[] _starts;

            public Lines(string text)
            {
                Text = text;
                var starts = new List<int> { 0 };
                for (int i = text.IndexOf('\n'); i >= 0; i = text.IndexOf('\n', i + 1)) starts.Add(i + 1);
                _starts = starts.ToArray();
            }

            public string Text { get; }

            private int _recent;   // the 0-based line of the last lookup: the parser mostly moves forward a little

            /// <summary>1-based line of an offset.</summary>
            public int LineOf(int offset)
            {
                int recent = _recent;
                if (offset >= _starts[recent])
                {
                    if (recent + 1 == _starts.Length || offset < _starts[recent + 1]) return recent + 1;
                    if (recent + 2 == _starts.Length || offset < _starts[recent + 2]) { _recent = recent + 1; return recent + 2; }
                }
                int index = Array.BinarySearch(_starts, offset);
                int line = index >= 0 ? index + 1 : ~index;
                _recent = line - 1;
                return line;
            }

            public int StartOfLine(int line) => _starts[line - 1];
        }
    }
}
