using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using ContractDsl.Binding;

namespace ContractDsl.Cli.Eval
{
    /// <summary>
    /// Turns data values into signal values, the same way for every format: numbers in invariant culture (and
    /// <c>NaN</c>, <c>Infinity</c>, <c>inf</c> in any case); flags as <c>true</c>/<c>false</c>/<c>1</c>/<c>0</c>; categories
    /// by value name, exactly as declared; ensembles as a JSON array of k numbers. Anything else is a
    /// <see cref="DataException"/> saying what was expected.
    /// </summary>
    public static class Values
    {
        public static float Number(string text, bool strict)
        {
            string t = text.Trim();
            if (t.Length == 0) throw new DataException("empty value; a number is needed");
            float value;
            if (double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)) value = (float)d;
            else value = t.ToLowerInvariant() switch
            {
                "nan" or "+nan" or "-nan" => float.NaN,
                "inf" or "+inf" or "infinity" or "+infinity" => float.PositiveInfinity,
                "-inf" or "-infinity" => float.NegativeInfinity,
                _ => throw new DataException($"`{text}` is not a number"),
            };
            return Checked(value, strict);
        }

        public static float Number(double value, bool strict) => Checked((float)value, strict);

        /// <summary>Strict mode stops at a value that is not finite; otherwise the module marks the sample invalid.</summary>
        private static float Checked(float value, bool strict) =>
            strict && !float.IsFinite(value)
                ? throw new DataException($"{Format(value)} is not a finite number (--strict; without it the sample is marked invalid)")
                : value;

        private static string Format(float value) => float.IsNaN(value) ? "NaN" : value > 0 ? "+Infinity" : "-Infinity";

        public static bool Flag(string text)
        {
            switch (text.Trim().ToLowerInvariant())
            {
                case "true": case "1": return true;
                case "false": case "0": return false;
                default: throw new DataException($"`{text}` is not a flag (true, false, 1 or 0)");
            }
        }

        public static int Category(BoundSignal signal, string text)
        {
            for (int code = 0; code < signal.Categories.Length; code++)
                if (string.Equals(signal.Categories[code], text, StringComparison.Ordinal)) return code;
            var near = signal.Categories.FirstOrDefault(c => string.Equals(c, text.Trim(), StringComparison.OrdinalIgnoreCase));
            string hint = near != null ? $" (did you mean `{near}`? values are matched exactly)" : "";
            throw new DataException($"unknown category value `{text}`{hint}; `{signal.Name}` is one of {string.Join(", ", signal.Categories)}");
        }

        /// <summary>A JSON value as a number: a JSON number, or a string that <see cref="Number(string, bool)"/> reads (JSON has no NaN).</summary>
        public static float Number(JsonElement value, bool strict) => value.ValueKind switch
        {
            JsonValueKind.Number => Number(value.GetDouble(), strict),
            JsonValueKind.String => Number(value.GetString()!, strict),
            JsonValueKind.Null => throw new DataException("null; a number is needed"),
            _ => throw new DataException($"{Describe(value)} is not a number"),
        };

        public static bool Flag(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number when value.TryGetInt32(out int i) && (i == 0 || i == 1) => i == 1,
            JsonValueKind.String => Flag(value.GetString()!),
            _ => throw new DataException($"{Describe(value)} is not a flag (true, false, 1 or 0)"),
        };

        public static int Category(BoundSignal signal, JsonElement value) => value.ValueKind == JsonValueKind.String
            ? Category(signal, value.GetString()!)
            : throw new DataException($"{Describe(value)} is not a category value; `{signal.Name}` is one of {string.Join(", ", signal.Categories)} (as strings)");

        /// <summary>An ensemble's k members from a JSON array (a JSON Lines value, or the text of a CSV cell).</summary>
        public static void Ensemble(BoundSignal signal, JsonElement value, Span<float> members, bool strict)
        {
            if (value.ValueKind != JsonValueKind.Array)
                throw new DataException($"{Describe(value)} is not an array of {signal.EnsembleSize} numbers");
            int n = value.GetArrayLength();
            if (n != signal.EnsembleSize)
                throw new DataException($"an array of {n} numbers; `{signal.Name}` has {signal.EnsembleSize} members");
            int k = 0;
            foreach (var item in value.EnumerateArray())
            {
                try
                {
                    members[k] = Number(item, strict);
                }
                catch (DataException ex)
                {
                    throw new DataException($"member {k}: {ex.Message}");
                }
                k++;
            }
        }

        public static void Ensemble(BoundSignal signal, string text, Span<float> members, bool strict)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text);
            }
            catch (JsonException)
            {
                throw new DataException($"`{text}` is not a JSON array of {signal.EnsembleSize} numbers");
            }
            using (document) Ensemble(signal, document.RootElement, members, strict);
        }

        private static string Describe(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.String => $"\"{value.GetString()}\"",
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            _ => value.GetRawText(),
        };
    }
}
