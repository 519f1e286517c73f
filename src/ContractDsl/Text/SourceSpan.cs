namespace ContractDsl.Text
{
    /// <summary>
    /// Where a piece of syntax sits in its <c>.contract</c> file: a character offset and length, and the
    /// 1-based line and column of its first character (what a build message prints). The file itself is
    /// named by the <see cref="Syntax.ContractFileSyntax"/> that owns the node.
    /// </summary>
    public readonly record struct SourceSpan(int Start, int Length, int Line, int Column)
    {
        public int End => Start + Length;

        public static readonly SourceSpan None = new SourceSpan(0, 0, 1, 1);

        public override string ToString() => $"({Line},{Column})";
    }

    /// <summary>Maps offsets to 1-based lines and columns; built once per file text.</summary>
    public sealed class LineMap
    {
        private readonly int[] _lineStarts;

        public LineMap(string text)
        {
            var starts = new System.Collections.Generic.List<int> { 0 };
            for (int i = 0; i < text.Length; i++)
                if (text[i] == '\n') starts.Add(i + 1);
            _lineStarts = starts.ToArray();
        }

        /// <summary>1-based (line, column) of an offset.</summary>
        public (int Line, int Column) Position(int offset)
        {
            int index = System.Array.BinarySearch(_lineStarts, offset);
            if (index < 0) index = ~index - 1;
            return (index + 1, offset - _lineStarts[index] + 1);
        }

        public SourceSpan Span(int start, int length)
        {
            var (line, column) = Position(start);
            return new SourceSpan(start, length, line, column);
        }
    }
}
