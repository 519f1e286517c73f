using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ContractDsl.Diagnostics;

namespace ContractDsl.Cli.Check
{
    /// <summary>
    /// SARIF 2.1.0 (OASIS), shaped for GitHub code scanning: one run whose <c>tool.driver</c> lists every rule of the
    /// language's diagnostic table (<see cref="DiagnosticCatalog.All"/>: id, title, default level, absolute help URI and
    /// the help page's Markdown when the tool ships it), and one result per reported diagnostic with its rule, level,
    /// message, a physical location (artifact URI relative to <c>%SRCROOT%</c>, region with start and end line and
    /// column) and related locations for the other spans (the second norm of a conflict).
    /// </summary>
    public static class SarifFormat
    {
        public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
        public const string RootBaseId = "SRCROOT";

        public static void Write(CheckReport report, TextWriter output, string sarifRoot, string helpLinkBase)
        {
            var rules = DiagnosticCatalog.All;
            var ruleIndex = rules.Select((r, i) => (r.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
            string root = Path.GetFullPath(sarifRoot);

            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                w.WriteString("$schema", SchemaUri);
                w.WriteString("version", "2.1.0");
                w.WriteStartArray("runs");
                w.WriteStartObject();

                w.WriteStartObject("tool");
                w.WriteStartObject("driver");
                w.WriteString("name", ToolInfo.Name);
                w.WriteString("fullName", "ContractDsl cdsl " + ToolInfo.Version);
                w.WriteString("version", ToolInfo.Version);
                w.WriteString("semanticVersion", ToolInfo.Version);
                w.WriteStartArray("rules");
                foreach (var rule in rules) WriteRule(w, rule, helpLinkBase);
                w.WriteEndArray();
                w.WriteEndObject();
                w.WriteEndObject();

                w.WriteStartArray("invocations");
                w.WriteStartObject();
                w.WriteBoolean("executionSuccessful", report.Problems.Count == 0);
                if (report.Problems.Count > 0)
                {
                    w.WriteStartArray("toolExecutionNotifications");
                    foreach (var problem in report.Problems)
                    {
                        w.WriteStartObject();
                        w.WriteString("level", "error");
                        WriteMessage(w, problem);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                }
                w.WriteEndObject();
                w.WriteEndArray();

                w.WriteStartObject("originalUriBaseIds");
                w.WriteStartObject(RootBaseId);
                w.WriteString("uri", new Uri(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar).AbsoluteUri);
                w.WriteEndObject();
                w.WriteEndObject();

                w.WriteStartArray("results");
                foreach (var file in report.Files)
                {
                    var (uri, baseId) = ArtifactUri(file.FullPath, root);
                    foreach (var r in file.Diagnostics)
                    {
                        w.WriteStartObject();
                        w.WriteString("ruleId", r.Diagnostic.Id);
                        if (ruleIndex.TryGetValue(r.Diagnostic.Id, out int index)) w.WriteNumber("ruleIndex", index);
                        w.WriteString("level", Level(r.Severity));
                        WriteMessage(w, r.Diagnostic.Message);
                        w.WriteStartArray("locations");
                        WriteLocation(w, uri, baseId, r.Range, id: null);
                        w.WriteEndArray();
                        if (r.Related.Count > 0)
                        {
                            w.WriteStartArray("relatedLocations");
                            for (int k = 0; k < r.Related.Count; k++) WriteLocation(w, uri, baseId, r.Related[k], id: k + 1);
                            w.WriteEndArray();
                        }
                        w.WriteEndObject();
                    }
                }
                w.WriteEndArray();
                w.WriteString("columnKind", "utf16CodeUnits");

                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteEndObject();
            }
            output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
        }

        private static void WriteRule(Utf8JsonWriter w, DiagnosticDescriptorInfo rule, string helpLinkBase)
        {
            w.WriteStartObject();
            w.WriteString("id", rule.Id);
            w.WriteString("name", RuleName(rule.Title));
            w.WriteStartObject("shortDescription");
            w.WriteString("text", rule.Title);
            w.WriteEndObject();
            w.WriteString("helpUri", HelpLinks.For(rule.Id, helpLinkBase));
            if (ToolInfo.HelpPage(rule.Id) is { } page)
            {
                w.WriteStartObject("help");
                w.WriteString("text", $"{rule.Id}: {rule.Title}. See {HelpLinks.For(rule.Id, helpLinkBase)}");
                w.WriteString("markdown", page);
                w.WriteEndObject();
            }
            w.WriteStartObject("defaultConfiguration");
            w.WriteString("level", Level(SeverityConfiguration.Default(rule.DefaultSeverity)));
            w.WriteEndObject();
            w.WriteStartObject("properties");
            w.WriteString("category", rule.Category);
            w.WriteStartArray("tags");
            w.WriteStringValue("contractdsl");
            w.WriteStringValue(rule.Category);
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        private static void WriteLocation(Utf8JsonWriter w, string uri, string? baseId, SourceRange range, int? id)
        {
            w.WriteStartObject();
            if (id is int i) w.WriteNumber("id", i);
            w.WriteStartObject("physicalLocation");
            w.WriteStartObject("artifactLocation");
            w.WriteString("uri", uri);
            if (baseId != null) w.WriteString("uriBaseId", baseId);
            w.WriteEndObject();
            w.WriteStartObject("region");
            w.WriteNumber("startLine", range.StartLine);
            w.WriteNumber("startColumn", range.StartColumn);
            w.WriteNumber("endLine", range.EndLine);
            w.WriteNumber("endColumn", range.EndColumn);
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        private static void WriteMessage(Utf8JsonWriter w, string text)
        {
            w.WriteStartObject("message");
            w.WriteString("text", text);
            w.WriteEndObject();
        }

        /// <summary>SARIF's level: error, warning or note (SARIF has no "info").</summary>
        public static string Level(EffectiveSeverity severity) => severity switch
        {
            EffectiveSeverity.Error => "error",
            EffectiveSeverity.Warning => "warning",
            EffectiveSeverity.Info => "note",
            _ => "none",
        };

        /// <summary>
        /// The artifact's URI: relative to the SARIF root (with <see cref="RootBaseId"/>), percent-encoded, forward slashes —
        /// what code scanning resolves against the repository — or an absolute <c>file:</c> URI for a file outside the root.
        /// </summary>
        public static (string Uri, string? BaseId) ArtifactUri(string fullPath, string root)
        {
            string relative = Path.GetRelativePath(root, fullPath);
            if (Path.IsPathRooted(relative) || relative == ".." || relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                return (new Uri(fullPath).AbsoluteUri, null);
            var segments = relative.Split(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar).Select(Uri.EscapeDataString);
            return (string.Join("/", segments), RootBaseId);
        }

        /// <summary>A rule's name as SARIF suggests (an identifier-like PascalCase phrase): "Conflict between norms" → ConflictBetweenNorms.</summary>
        private static string RuleName(string title)
        {
            var builder = new StringBuilder();
            foreach (var word in title.Split(new[] { ' ', ':', ',', '-', '(', ')' }, StringSplitOptions.RemoveEmptyEntries))
                builder.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
            return builder.ToString();
        }
    }
}
