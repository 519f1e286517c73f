using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;

namespace ContractDsl.Runtime
{
    /// <summary>
    /// A contract's <c>param</c> values as a JSON file (dynamic norms: adjust penalties without recompiling).
    /// The format is one flat object, param name → number, in any order:
    /// <code>{ "toxicity_weight": 4.5, "length_budget": 512 }</code>
    /// Reading checks every entry before it changes anything: an unknown name, a value that is not a number, a
    /// value outside the param's declared bounds, a name given twice, or malformed JSON throws a
    /// <see cref="ParamJsonException"/> (with the JSON path, and the param and its bounds where one is involved)
    /// and leaves the values as they were. Names the file does not mention keep their current values, so a file
    /// may set just the params it cares about. Comments and trailing commas are allowed. Writing lists every
    /// param in declaration order with the shortest text that reads back to the same value, so
    /// <c>Read(Write(v))</c> gives back <c>v</c> bit for bit.
    /// </summary>
    /// <remarks>
    /// The analysis of a contract holds for every param value within the declared bounds, which is why the
    /// bounds are enforced here rather than clamped. A generated module's <c>Parameters</c> can offer:
    /// <code>
    /// public void LoadJson(string json)
    /// {
    ///     Span&lt;float&gt; values = stackalloc float[] { _a, _b };
    ///     ParamJson.Read(json, Info.Params, values, "Assistant");
    ///     _a = values[0]; _b = values[1];
    /// }
    /// public string ToJson() => ParamJson.Write(Info.Params, stackalloc float[] { _a, _b });
    /// </code>
    /// </remarks>
    public static class ParamJson
    {
        private static readonly JsonDocumentOptions s_readOptions = new()
        {
            CommentHandling = JsonCommentHandling.Skip,
            AllowTrailingCommas = true,
        };

        private static readonly JsonWriterOptions s_writeOptions = new() { Indented = true };

        /// <summary>
        /// Applies a param file to <paramref name="values"/> (the current values, in the order of
        /// <paramref name="parameters"/>), or throws <see cref="ParamJsonException"/> and changes nothing.
        /// </summary>
        /// <param name="json">The file's text.</param>
        /// <param name="parameters">The contract's params (<c>ContractInfo.Params</c>).</param>
        /// <param name="values">Current values in; new values out.</param>
        /// <param name="contract">The contract's name, for messages (optional).</param>
        public static void Read(string json, IReadOnlyList<ParamInfo> parameters, Span<double> values, string? contract = null)
        {
            var staged = values.ToArray();
            Apply(json, parameters, staged.Length, contract, singlePrecision: false, (index, number) => staged[index] = number.Double);
            staged.CopyTo(values);
        }

        /// <summary>
        /// As <see cref="Read(string, IReadOnlyList{ParamInfo}, Span{double}, string?)"/> for float32 params (what
        /// generated modules store): each number is rounded once, from its text, to the nearest float, and that float
        /// is checked against the bounds rounded to float, as the generated module's setter checks it.
        /// </summary>
        public static void Read(string json, IReadOnlyList<ParamInfo> parameters, Span<float> values, string? contract = null)
        {
            var staged = values.ToArray();
            Apply(json, parameters, staged.Length, contract, singlePrecision: true, (index, number) => staged[index] = number.Single);
            staged.CopyTo(values);
        }

        /// <summary>The values as a param file (indented; every param, in declaration order). Throws for a value outside its bounds.</summary>
        public static string Write(IReadOnlyList<ParamInfo> parameters, ReadOnlySpan<double> values)
        {
            CheckCount(parameters, values.Length);
            for (int i = 0; i < values.Length; i++) CheckBounds(parameters[i], values[i], "$" + PathSegment(parameters[i].Name), null);
            return WriteObject(parameters, values.ToArray(), static (writer, name, value) => writer.WriteNumber(name, value));
        }

        /// <summary>The float32 values as a param file, each with the shortest text that reads back to the same float.</summary>
        public static string Write(IReadOnlyList<ParamInfo> parameters, ReadOnlySpan<float> values)
        {
            CheckCount(parameters, values.Length);
            for (int i = 0; i < values.Length; i++) CheckBounds(parameters[i], values[i], "$" + PathSegment(parameters[i].Name), null);
            return WriteObject(parameters, values.ToArray(), static (writer, name, value) => writer.WriteNumber(name, value));
        }

        /// <summary>One JSON object, a number per param in declaration order (the width decides the number's text).</summary>
        private static string WriteObject<T>(IReadOnlyList<ParamInfo> parameters, T[] values, Action<Utf8JsonWriter, string, T> writeNumber)
        {
            using var stream = new MemoryStream();
            using (var writer = new Utf8JsonWriter(stream, s_writeOptions))
            {
                writer.WriteStartObject();
                for (int i = 0; i < values.Length; i++) writeNumber(writer, parameters[i].Name, values[i]);
                writer.WriteEndObject();
            }
            return Encoding.UTF8.GetString(stream.ToArray());
        }

        private readonly record struct Number(double Double, float Single);

        private static void Apply(string json, IReadOnlyList<ParamInfo> parameters, int count, string? contract, bool singlePrecision, Action<int, Number> set)
        {
            ArgumentNullException.ThrowIfNull(json);
            CheckCount(parameters, count);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json, s_readOptions);
            }
            catch (JsonException error)
            {
                throw new ParamJsonException(Prefix(contract) + $"{error.Path ?? "$"}: not valid JSON: {error.Message}", error.Path ?? "$", null, error);
            }
            using (document)
            {
                JsonElement root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                    throw new ParamJsonException(Prefix(contract) + $"$: a param file is a JSON object of param names and numbers, not {Kind(root.ValueKind)}", "$", null);
                var seen = new HashSet<string>(StringComparer.Ordinal);
                var updates = new List<(int Index, Number Value)>();
                foreach (JsonProperty property in root.EnumerateObject())
                {
                    string path = "$" + PathSegment(property.Name);
                    int index = IndexOf(parameters, property.Name);
                    if (index < 0)
                    {
                        string known = parameters.Count == 0 ? "it has none" : "its params: " + string.Join(", ", Names(parameters));
                        throw new ParamJsonException(Prefix(contract) + $"{path}: unknown param `{property.Name}` ({known})", path, property.Name);
                    }
                    if (!seen.Add(property.Name))
                        throw new ParamJsonException(Prefix(contract) + $"{path}: param `{property.Name}` is given twice", path, property.Name);
                    JsonElement value = property.Value;
                    if (value.ValueKind != JsonValueKind.Number)
                        throw new ParamJsonException(Prefix(contract) + $"{path}: param `{property.Name}` must be a number, not {Kind(value.ValueKind)}", path, property.Name);
                    ParamInfo param = parameters[index];
                    if (!value.TryGetDouble(out double number) || !double.IsFinite(number))
                        throw new ParamJsonException(Prefix(contract) + $"{path}: {value.GetRawText()} is not a finite double; param `{param.Name}` must be in {Bounds(param)}", path, param.Name);
                    float single = (float)number;
                    if (value.TryGetSingle(out float exactSingle)) single = exactSingle; // rounded once, from the text
                    // A float param is checked as the generated module checks it: the float against the bounds
                    // rounded to float, so that whatever Write(float) accepts, Read(float) accepts back.
                    if (singlePrecision) CheckBounds(param, single, path, contract);
                    else CheckBounds(param, number, path, contract);
                    updates.Add((index, new Number(number, single)));
                }
                foreach (var (index, number) in updates) set(index, number);
            }
        }

        private static void CheckBounds(ParamInfo param, double value, string path, string? contract)
        {
            if (!(value >= param.Low && value <= param.High))
                throw new ParamJsonException(Prefix(contract) + $"{path}: {Text(value)} is outside the bounds of param `{param.Name}`, {Bounds(param)}", path, param.Name);
        }

        private static void CheckBounds(ParamInfo param, float value, string path, string? contract)
        {
            // A float param's bounds are the declared ones rounded to float, as generated modules check them.
            if (!(value >= (float)param.Low && value <= (float)param.High))
                throw new ParamJsonException(Prefix(contract) + $"{path}: {value.ToString("R", CultureInfo.InvariantCulture)} is outside the bounds of param `{param.Name}`, {Bounds(param)}", path, param.Name);
        }

        private static void CheckCount(IReadOnlyList<ParamInfo> parameters, int count)
        {
            ArgumentNullException.ThrowIfNull(parameters);
            if (parameters.Count != count)
                throw new ArgumentException($"{parameters.Count} params but {count} values");
        }

        private static int IndexOf(IReadOnlyList<ParamInfo> parameters, string name)
        {
            for (int i = 0; i < parameters.Count; i++) if (parameters[i].Name == name) return i;
            return -1;
        }

        private static IEnumerable<string> Names(IReadOnlyList<ParamInfo> parameters)
        {
            foreach (var param in parameters) yield return param.Name;
        }

        /// <summary>JSONPath member syntax: <c>.name</c> for identifiers, <c>['…']</c> otherwise.</summary>
        private static string PathSegment(string name)
        {
            bool identifier = name.Length > 0 && (char.IsLetter(name[0]) || name[0] == '_');
            foreach (char c in name) identifier &= char.IsLetterOrDigit(c) || c == '_';
            return identifier ? "." + name : "['" + name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "']";
        }

        private static string Prefix(string? contract) => contract is null ? "" : $"contract {contract}: ";

        private static string Bounds(ParamInfo param) => $"[{Text(param.Low)}, {Text(param.High)}]";

        private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        private static string Kind(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            JsonValueKind.Null => "null",
            _ => kind.ToString().ToLowerInvariant(),
        };
    }

    /// <summary>A param file that cannot be applied: <see cref="Path"/> is the JSON path of the offending entry, <see cref="Param"/> its param (if any).</summary>
    public sealed class ParamJsonException : Exception
    {
        /// <summary>Creates the exception.</summary>
        public ParamJsonException(string message, string path, string? param, Exception? inner = null) : base(message, inner)
        {
            Path = path;
            Param = param;
        }

        /// <summary>The JSON path, e.g. <c>$.toxicity_weight</c> (<c>$</c> for the whole document).</summary>
        public string Path { get; }

        /// <summary>The param's name, when the error is about one.</summary>
        public string? Param { get; }
    }
}
