namespace ContractDsl.Tests
{
    /// <summary>Edits an IDE makes to a file while someone types, for tests that compare incremental and fresh results.</summary>
    internal static class EditorEdits
    {
        /// <summary>How many kinds of edit <see cref="Apply"/> knows.</summary>
        public const int Kinds = 6;

        /// <summary>
        /// Edit <paramref name="kind"/> at <paramref name="at"/>: 0 a character, 1 a newline, 2 indentation, 3 a doc comment
        /// line, 4 the line deleted, 5 a block comment.
        /// </summary>
        public static string Apply(string text, int at, int kind, Random random)
        {
            int lineStart = text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
            switch (kind)
            {
                case 0: return text.Insert(at, ((char)random.Next(32, 127)).ToString());
                case 1: return text.Insert(at, "\n");
                case 2: return text.Insert(lineStart, "  ");
                case 3: return text.Insert(lineStart, "/// a doc line\n");
                case 4:
                    int lineEnd = text.IndexOf('\n', at);
                    return lineEnd > lineStart ? text.Remove(lineStart, lineEnd - lineStart) : text;
                default: return text.Insert(at, "/* c */");
            }
        }
    }
}
