using System.Collections.Generic;
using System.IO;
using System.Text;

// Shared by the examples (linked into each project, so every example still builds on its own).
namespace Examples.Data
{
    /// <summary>RFC 4180 CSV: quoted fields may hold commas, doubled quotes and newlines (the completions do).</summary>
    internal static class CsvReader
    {
        public static List<Dictionary<string, string>> ReadFile(string path)
        {
            var rows = Parse(File.ReadAllText(path, Encoding.UTF8));
            if (rows.Count == 0) throw new InvalidDataException($"{path} is empty");
            var header = rows[0];
            var result = new List<Dictionary<string, string>>();
            for (int r = 1; r < rows.Count; r++)
            {
                if (rows[r].Count == 1 && rows[r][0].Length == 0) continue; // trailing blank line
                if (rows[r].Count != header.Count)
                    throw new InvalidDataException($"{path}: record {r} has {rows[r].Count} fields, the header has {header.Count}");
                var row = new Dictionary<string, string>();
                for (int c = 0; c < header.Count; c++) row[header[c]] = rows[r][c];
                result.Add(row);
            }
            return result;
        }

        public static List<List<string>> Parse(string text)
        {
            var rows = new List<List<string>>();
            var row = new List<string>();
            var field = new StringBuilder();
            bool quoted = false;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else if (c == '"') quoted = false;
                    else field.Append(c);
                }
                else if (c == '"') quoted = true;
                else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
                else if (c == '\n' || c == '\r')
                {
                    if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
                    row.Add(field.ToString()); field.Clear();
                    rows.Add(row); row = new List<string>();
                }
                else field.Append(c);
            }
            if (field.Length > 0 || row.Count > 0) { row.Add(field.ToString()); rows.Add(row); }
            return rows;
        }
    }
}
