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
            int lineStart = keywordStart == 0 ? 0 : text.LastIndexOf('\n', keywordStart - 1) + 1;
            for (int p = lineStart; p < keywordStart; p++)
                if (!char.IsWhiteSpace(text[p])) return null;

            // The lines above, nearest first, read in place: most declarations have none, and copying out every
            // previous line just to look at its first three characters was most of what this cost.
            List<string>? lines = null;
            while (lineStart > 0)
            {
                int previousEnd = lineStart - 1;                     // the '\n' that ends the previous line
                int previousStart = previousEnd == 0 ? 0 : text.LastIndexOf('\n', previousEnd - 1) + 1;
                int first = previousStart;
                while (first < previousEnd && char.IsWhiteSpace(text[first])) first++;
                bool isDoc = previousEnd - first >= 3 && string.CompareOrdinal(text, first, "///", 0, 3) == 0 &&
                             (previousEnd - first == 3 || text[first + 3] != '/');
                if (!isDoc) break;
                (lines ??= new List<string>()).Add(text.Substring(first + 3, previousEnd - first - 3).Trim());
                lineStart = previousStart;
            }
            if (lines is null) return null;
            lines.Reverse();
            return string.Join("\n", lines);
        }
    }
}
