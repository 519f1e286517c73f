using System.IO;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using ContractDsl.Diagnostics;
using Json.Schema;

namespace ContractDsl.Cli.Tests
{
    /// <summary>
    /// cdsl check --format sarif: valid against the SARIF 2.1.0 JSON schema, and carrying what GitHub code scanning
    /// reads (rules with absolute help URIs, results with rule, level, message, location and region, related locations).
    /// </summary>
    public class SarifTests : TempDirectoryTest
    {
        /// <summary>
        /// The OASIS SARIF 2.1.0 schema (sarif-2.1.0-rtm.5.json) as shipped in Microsoft's @microsoft/jest-sarif npm package,
        /// which the test project's build fetches into obj/ (see Cli.Tests.csproj).
        /// </summary>
        private static string SchemaFile =>
            typeof(SarifTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "SarifSchemaFile").Value!;

        private JsonElement CheckSarif(params string[] extra)
        {
            Write("contracts/clash.contract", Contracts.Clash);
            Write("contracts/unused.contract", Contracts.Unused);
            Write("contracts/typo.contract", Contracts.Typo);
            var (exit, output, error) = Cdsl.Run(Root, new[] { "check", "contracts", "--format", "sarif" }.Concat(extra).ToArray());
            Assert.Equal(ExitCodes.ContractErrors, exit);
            Assert.Contains("3 files checked: 1 error, 2 warnings, 1 info", error);
            return JsonDocument.Parse(output).RootElement.Clone();
        }

        [Fact]
        public void Output_is_valid_against_the_sarif_2_1_0_schema()
        {
            Assert.True(File.Exists(SchemaFile), $"the SARIF schema was not fetched to {SchemaFile}: the build runs `npm pack @microsoft/jest-sarif@1.0.0-beta.0` there (needs npm and its registry)");
            // The schema is JSON Schema draft-04, which JsonSchema.Net does not implement; the SARIF schema uses nothing
            // whose meaning changed from draft-04 to draft-07 (no boolean exclusiveMinimum/Maximum, only local $refs
            // with description siblings that both drafts ignore), so it is evaluated as draft-07. Its root `id` (draft-04's
            // `$id`) is dropped: every $ref is local, and JsonSchema.Net 8.0.5 fails to build the schema with that id
            // ("Overwriting registered schemas is not permitted").
            var schemaJson = JsonNode.Parse(File.ReadAllText(SchemaFile))!.AsObject();
            Assert.Equal("http://json-schema.org/draft-04/schema#", schemaJson["$schema"]!.GetValue<string>());
            schemaJson["$schema"] = "http://json-schema.org/draft-07/schema#";
            schemaJson.Remove("id");
            var schema = JsonSchema.FromText(schemaJson.ToJsonString());

            var sarif = CheckSarif();
            var result = schema.Evaluate(sarif, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
            var errors = (result.Details ?? new List<EvaluationResults>())
                .Where(d => d.Errors != null)
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Key}: {e.Value}"));
            Assert.True(result.IsValid, string.Join("\n", errors));

            // And the schema does reject what is not SARIF: an invalid level.
            var broken = JsonNode.Parse(sarif.GetRawText())!;
            broken["runs"]![0]!["results"]![0]!["level"] = "fatal";
            Assert.False(schema.Evaluate(JsonDocument.Parse(broken.ToJsonString()).RootElement).IsValid);
        }

        [Fact]
        public void Carries_what_github_code_scanning_requires()
        {
            var run = CheckSarif().GetProperty("runs")[0];
            var driver = run.GetProperty("tool").GetProperty("driver");
            Assert.Equal("cdsl", driver.GetProperty("name").GetString());
            Assert.Equal(ToolInfo.Version, driver.GetProperty("version").GetString());

            var rules = driver.GetProperty("rules").EnumerateArray().ToList();
            Assert.Equal(DiagnosticCatalog.All.Select(d => d.Id), rules.Select(r => r.GetProperty("id").GetString()));
            foreach (var rule in rules)
            {
                var info = DiagnosticCatalog.All.Single(d => d.Id == rule.GetProperty("id").GetString());
                Assert.Equal(info.Title, rule.GetProperty("shortDescription").GetProperty("text").GetString());
                var help = new Uri(rule.GetProperty("helpUri").GetString()!, UriKind.Absolute);
                // By default the pages shipped next to the tool, as file: URIs that resolve to the page.
                Assert.Equal("file", help.Scheme);
                Assert.True(File.Exists(help.LocalPath), help.LocalPath);
                Assert.StartsWith($"# {info.Id}:", rule.GetProperty("help").GetProperty("markdown").GetString());
                string expectedLevel = info.DefaultSeverity switch { Severity.Error => "error", Severity.Warning => "warning", Severity.Info => "note", _ => "none" };
                Assert.Equal(expectedLevel, rule.GetProperty("defaultConfiguration").GetProperty("level").GetString());
            }

            var baseUri = new Uri(run.GetProperty("originalUriBaseIds").GetProperty("SRCROOT").GetProperty("uri").GetString()!);
            Assert.Equal(new Uri(Root + "/").AbsoluteUri, baseUri.AbsoluteUri);
            var results = run.GetProperty("results").EnumerateArray().ToList();
            Assert.Equal(new[] { "CDSL3001", "CDSL1001", "CDSL2005", "CDSL2004" }, results.Select(r => r.GetProperty("ruleId").GetString()));
            foreach (var r in results)
            {
                int index = r.GetProperty("ruleIndex").GetInt32();
                Assert.Equal(r.GetProperty("ruleId").GetString(), rules[index].GetProperty("id").GetString());
                Assert.False(string.IsNullOrEmpty(r.GetProperty("message").GetProperty("text").GetString()));
                var location = r.GetProperty("locations")[0].GetProperty("physicalLocation");
                var artifact = location.GetProperty("artifactLocation");
                Assert.Equal("SRCROOT", artifact.GetProperty("uriBaseId").GetString());
                string uri = artifact.GetProperty("uri").GetString()!;
                Assert.True(Uri.IsWellFormedUriString(uri, UriKind.Relative), uri);
                Assert.True(File.Exists(Path.Combine(Root, uri)), uri);
                Assert.True(location.GetProperty("region").GetProperty("startLine").GetInt32() >= 1);
            }

            var typo = results[1];
            Assert.Equal("error", typo.GetProperty("level").GetString());
            Assert.Equal("contracts/typo.contract", typo.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
            var region = typo.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("region");
            Assert.Equal((4, 19, 4, 19 + "toxicty".Length), (region.GetProperty("startLine").GetInt32(), region.GetProperty("startColumn").GetInt32(), region.GetProperty("endLine").GetInt32(), region.GetProperty("endColumn").GetInt32()));
            Assert.Equal("note", results[3].GetProperty("level").GetString());

            // The conflict's second norm is a related location.
            var related = results[0].GetProperty("relatedLocations")[0];
            Assert.Equal(1, related.GetProperty("id").GetInt32());
            var relatedRegion = related.GetProperty("physicalLocation").GetProperty("region");
            Assert.Equal(7, relatedRegion.GetProperty("startLine").GetInt32());
            Assert.Equal(8, relatedRegion.GetProperty("startColumn").GetInt32());
            Assert.Equal(8 + "helpful".Length, relatedRegion.GetProperty("endColumn").GetInt32());
        }

        [Fact]
        public void Help_links_follow_the_link_base_and_uris_the_sarif_root()
        {
            var run = CheckSarif("--help-link-base", "https://example.org/contractdsl/docs/diagnostics/", "--sarif-root", "contracts").GetProperty("runs")[0];
            var rule = run.GetProperty("tool").GetProperty("driver").GetProperty("rules")[0];
            Assert.Equal("https://example.org/contractdsl/docs/diagnostics/CDSL0001.md", rule.GetProperty("helpUri").GetString());
            var uri = run.GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString();
            Assert.Equal("clash.contract", uri);
        }

        [Fact]
        public void A_file_outside_the_sarif_root_gets_an_absolute_uri()
        {
            Write("elsewhere/clash.contract", Contracts.Clash);
            Directory.CreateDirectory(Path.Combine(Root, "root"));
            var (_, output, _) = Cdsl.Run(Root, "check", "elsewhere/clash.contract", "-f", "sarif", "--sarif-root", "root");
            var artifact = JsonDocument.Parse(output).RootElement.GetProperty("runs")[0].GetProperty("results")[0]
                .GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation");
            Assert.Equal(new Uri(Path.Combine(Root, "elsewhere", "clash.contract")).AbsoluteUri, artifact.GetProperty("uri").GetString());
            Assert.False(artifact.TryGetProperty("uriBaseId", out _));
        }
    }
}
