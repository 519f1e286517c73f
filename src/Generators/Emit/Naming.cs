using System.Collections.Generic;
using System.Linq;
using System.Globalization;
using System.Text;

namespace ContractDsl.Generators.Emit
{
    /// <summary>Turns contract names into C# names and literals.</summary>
    internal static class Naming
    {
        private static readonly HashSet<string> CSharpKeywords = new HashSet<string>
        {
            "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
            "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
            "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
            "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
            "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
            "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
            "using", "virtual", "void", "volatile", "while",
        };

        /// <summary><c>toxicity_weight</c> → <c>ToxicityWeight</c>; <c>EU</c> stays <c>EU</c>.</summary>
        public static string Pascal(string name)
        {
            var builder = new StringBuilder();
            bool upper = true;
            foreach (char c in name)
            {
                if (c == '_') { upper = true; continue; }
                builder.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            var result = builder.Length == 0 ? "_" : builder.ToString();
            return char.IsDigit(result[0]) ? "_" + result : result;
        }

        /// <summary>An identifier that is safe as a C# name (escapes keywords with <c>@</c>).</summary>
        public static string Identifier(string name) => CSharpKeywords.Contains(name) ? "@" + name : name;

        /// <summary>Names unique within one C# scope: a clash gets a numeric suffix.</summary>
        public sealed class Scope
        {
            private readonly HashSet<string> _taken;

            public Scope(params string[] reserved) => _taken = new HashSet<string>(reserved);

            public string Claim(string wanted)
            {
                string name = wanted;
                for (int k = 2; !_taken.Add(name); k++) name = wanted + k.ToString(CultureInfo.InvariantCulture);
                return name;
            }
        }

        /// <summary>A float literal that round-trips: <c>0.5f</c>, <c>-3f</c>, <c>float.PositiveInfinity</c>.</summary>
        public static string Float(double value)
        {
            float f = (float)value;
            if (float.IsPositiveInfinity(f)) return "float.PositiveInfinity";
            if (float.IsNegativeInfinity(f)) return "float.NegativeInfinity";
            if (float.IsNaN(f)) return "float.NaN";
            string text = f.ToString("R", CultureInfo.InvariantCulture);
            return text + "f";
        }

        /// <summary>A double literal that round-trips.</summary>
        public static string Double(double value)
        {
            if (double.IsPositiveInfinity(value)) return "double.PositiveInfinity";
            if (double.IsNegativeInfinity(value)) return "double.NegativeInfinity";
            if (double.IsNaN(value)) return "double.NaN";
            string text = value.ToString("R", CultureInfo.InvariantCulture);
            return text.Contains(".") || text.Contains("E") ? text : text + ".0";
        }

        /// <summary>
        /// A C# string literal (or <c>null</c>). A long text becomes a concatenation of pieces — one per line of the
        /// text, long lines cut after a space — so the code writer can wrap it.
        /// </summary>
        public static string String(string? value)
        {
            if (value is null) return "null";
            if (value.Length <= 72) return Literal(value);
            var pieces = new List<string>();
            var piece = new StringBuilder();
            foreach (char c in value)
            {
                piece.Append(c);
                if (c == '\n' || (c == ' ' && piece.Length >= 60)) { pieces.Add(piece.ToString()); piece.Clear(); }
            }
            if (piece.Length > 0) pieces.Add(piece.ToString());
            return string.Join(" + ", pieces.Select(Literal));
        }

        private static string Literal(string value)
        {
            var builder = new StringBuilder("\"");
            foreach (char c in value)
            {
                switch (c)
                {
                    case '\\': builder.Append("\\\\"); break;
                    case '"': builder.Append("\\\""); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\r': builder.Append("\\r"); break;
                    case '\t': builder.Append("\\t"); break;
                    default:
                        if (c < ' ') builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        else builder.Append(c);
                        break;
                }
            }
            return builder.Append('"').ToString();
        }
    }
}
