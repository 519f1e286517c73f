using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using ContractDsl.Diagnostics;
using ContractDsl.Text;

namespace ContractDsl.Cli.Check
{
    /// <summary>
    /// <c>cdsl check --format json</c>: one JSON document, shape version <see cref="ShapeVersion"/> (docs/cli.md describes
    /// every field). Fields are only ever added within a shape version; a change that removes or renames one bumps it.
    /// </summary>
    public static class JsonFormat
    {
        public const int ShapeVersion = 1;

        public static void Write(CheckReport report, TextWriter output, string helpLinkBase)
        {
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                w.WriteStartObject();
                w.WriteNumber("shapeVersion", ShapeVersion);
                w.WriteStartObject("tool");
                w.WriteString("name", ToolInfo.Name);
                w.WriteString("version", ToolInfo.Version);
                w.WriteEndObject();
                w.WriteStartArray("files");
                foreach (var file in report.Files)
                {
                    w.WriteStartObject();
                    w.WriteString("path", file.Path);
                    w.WriteStartArray("diagnostics");
                    foreach (var r in file.Diagnostics)
                    {
                        var info = DiagnosticCatalog.All.FirstOrDefault(d => d.Id == r.Diagnostic.Id);
                        w.WriteStartObject();
                        w.WriteString("id", r.Diagnostic.Id);
                        w.WriteString("severity", MsBuildFormat.Word(r.Severity));
                        w.WriteString("defaultSeverity", r.Diagnostic.Severity.ToString().ToLowerInvariant());
                        if (info != null)
                        {
                            w.WriteString("title", info.Title);
                            w.WriteString("category", info.Category);
                        }
                        w.WriteString("message", r.Diagnostic.Message);
                        w.WriteString("helpUri", HelpLinks.For(r.Diagnostic.Id, helpLinkBase));
                        w.WritePropertyName("location");
                        WriteSpan(w, r.Diagnostic.Span, r.Range);
                        w.WriteStartArray("related");
                        for (int k = 0; k < r.Related.Count; k++) WriteSpan(w, r.Diagnostic.AdditionalSpans[k], r.Related[k]);
                        w.WriteEndArray();
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteStartArray("problems");
                foreach (var problem in report.Problems) w.WriteStringValue(problem);
                w.WriteEndArray();
                w.WriteStartObject("summary");
                w.WriteNumber("files", report.Summary.Files);
                w.WriteNumber("errors", report.Summary.Errors);
                w.WriteNumber("warnings", report.Summary.Warnings);
                w.WriteNumber("infos", report.Summary.Infos);
                w.WriteNumber("suppressed", report.Summary.Suppressed);
                w.WriteNumber("exitCode", report.ExitCode);
                w.WriteEndObject();
                w.WriteEndObject();
            }
            output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
        }

        private static void WriteSpan(Utf8JsonWriter w, SourceSpan span, SourceRange range)
        {
            w.WriteStartObject();
            w.WriteNumber("offset", span.Start);
            w.WriteNumber("length", span.Length);
            w.WriteNumber("startLine", range.StartLine);
            w.WriteNumber("startColumn", range.StartColumn);
            w.WriteNumber("endLine", range.EndLine);
            w.WriteNumber("endColumn", range.EndColumn);
            w.WriteEndObject();
        }
    }
}
