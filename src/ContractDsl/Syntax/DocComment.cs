using System.Collections.Generic;

namespace ContractDsl.Syntax
{
    /// <summary>
    /// <c>///</c> doc comments attach to the next declaration. Rather than threading them through the grammar
    /// as tokens, the parser asks for the run of <c>///</c> lines directly above a declaration's keyword: a
    /// <c>///</c> anywhere else is an ordinary comment, so it can never cause a syntax error.
    /// </summary>
    public static class DocComment
    {
        public static string? Before(string text, int keywordStart)
        {
            int lineStart = text.LastIndexOf('\n', System.Math.Max(0, keywordStart - 1)) + 1;
            if (keywordStart == 0) lineStart = 0;
            for (int p = lineStart; p < keywordStart; p++)
                if (!char.IsWhiteSpace(text[p])) return null;

            var lines = new List<string>();
            while (lineStart > 0)
            {
                int previousEnd = lineStart - 1;                     // the '\n' that ends the previous line
                int previousStart = previousEnd == 0 ? 0 : text.LastIndexOf('\n', previousEnd - 1) + 1;
                string line = text.Substring(previousStart, previousEnd - previousStart).Trim();
                if (!line.StartsWith("///", System.StringComparison.Ordinal) || line.StartsWith("////", System.StringComparison.Ordinal)) break;
                lines.Add(line.Substring(3).Trim());   // nearest first; reversed below
                lineStart = previousStart;
            }
            if (lines.Count == 0) return null;
            lines.Reverse();
            return string.Join("\n", lines);
        }
    }
}
