using System.IO;
using System.Text.Json;

namespace ContractDsl.Cli.Tests
{
    /// <summary>cdsl check: located diagnostics, directories, exit codes, the summary line, --warnaserror, in-file suppressions, JSON.</summary>
    public class CheckTests : TempDirectoryTest
    {
        [Fact]
        public void Prints_located_diagnostics_a_summary_and_fails_on_errors()
        {
            string file = Write("typo.contract", Contracts.Typo);
            var (exit, output, _) = Cdsl.Run(Root, "check", file);
            Assert.Equal(ExitCodes.ContractErrors, exit);
            Assert.Contains($"{file}(4,19): error CDSL1001: unknown name `toxicty`", output);
            Assert.EndsWith("1 file checked: 1 error, 0 warnings, 0 infos" + Environment.NewLine, output);
        }

        [Fact]
        public void The_quickstart_contract_passes()
        {
            var (exit, output, _) = Cdsl.Run(Root, "check", Cdsl.XsTestContract);
            Assert.True(exit == ExitCodes.Success, output);
            Assert.Contains("1 file checked: 0 errors, 0 warnings, 0 infos", output);
        }

        [Fact]
        public void Directories_are_searched_recursively_in_path_order_skipping_hidden_folders()
        {
            Write("contracts/b/unused.contract", Contracts.Unused);
            Write("contracts/a.contract", Contracts.Clash);
            Write("contracts/.git/ignored.contract", Contracts.Typo);
            Write("contracts/notes.txt", "not a contract");
            var (exit, output, _) = Cdsl.Run(Root, "check", "contracts");
            Assert.Equal(ExitCodes.Success, exit);
            var lines = output.Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(4, lines.Length);
            Assert.StartsWith("contracts/a.contract(6,8): warning CDSL3001: ", lines[0]);
            Assert.StartsWith("contracts/b/unused.contract(3,10): warning CDSL2005: ", lines[1]);
            Assert.StartsWith("contracts/b/unused.contract(6,8): info CDSL2004: ", lines[2]);
            Assert.Equal("2 files checked: 0 errors, 2 warnings, 1 info", lines[^1]);
        }

        [Fact]
        public void A_missing_path_is_reported_the_others_are_still_checked_and_the_run_fails()
        {
            Write("ok.contract", Contracts.Unused);
            var (exit, output, error) = Cdsl.Run(Root, "check", "missing.contract", "ok.contract", "empty-dir");
            Assert.Equal(ExitCodes.InputError, exit);
            Assert.Contains("cdsl check: error: missing.contract: no such file or directory", error);
            Assert.Contains("ok.contract(3,10): warning CDSL2005", output);
            Directory.CreateDirectory(Path.Combine(Root, "empty"));
            var (exit2, _, error2) = Cdsl.Run(Root, "check", "empty");
            Assert.Equal(ExitCodes.InputError, exit2);
            Assert.Contains("empty: no *.contract files in this directory or below", error2);
        }

        [Fact]
        public void Warnaserror_turns_warnings_into_errors_but_not_infos()
        {
            Write("unused.contract", Contracts.Unused);
            Assert.Equal(ExitCodes.Success, Cdsl.Run(Root, "check", "unused.contract").Exit);
            var (exit, output, _) = Cdsl.Run(Root, "check", "unused.contract", "--warnaserror");
            Assert.Equal(ExitCodes.ContractErrors, exit);
            Assert.Contains("unused.contract(3,10): error CDSL2005:", output);
            Assert.Contains("unused.contract(6,8): info CDSL2004:", output);
            Assert.Contains("1 error, 0 warnings, 1 info", output);
        }

        [Fact]
        public void In_file_suppression_directives_are_honoured_and_stale_ones_reported()
        {
            Write("suppressed.contract", Contracts.Unused
                .Replace("  signal y : prob \"never used\";\n", "  signal y : prob \"never used\"; // cdsl-disable-line CDSL2005\n")
                .Replace("  reward 0;\n", "  // cdsl-disable-next-line CDSL3001\n  reward 0;\n"));
            var (_, output, _) = Cdsl.Run(Root, "check", "suppressed.contract");
            Assert.DoesNotContain("CDSL2005", output);
            Assert.Contains("warning CDSL0002: this suppression does nothing", output);
        }

        [Fact]
        public void Json_format_has_the_documented_shape()
        {
            Write("clash.contract", Contracts.Clash);
            var (exit, output, error) = Cdsl.Run(Root, "check", "clash.contract", "--format", "json", "--help-link-base", "https://example.org/docs/diagnostics");
            Assert.Equal(ExitCodes.Success, exit);
            Assert.Contains("1 file checked: 0 errors, 1 warning, 0 infos", error); // the summary stays off the JSON document
            using var json = JsonDocument.Parse(output);
            var root = json.RootElement;
            Assert.Equal(1, root.GetProperty("shapeVersion").GetInt32());
            Assert.Equal("cdsl", root.GetProperty("tool").GetProperty("name").GetString());
            var file = root.GetProperty("files")[0];
            Assert.Equal("clash.contract", file.GetProperty("path").GetString());
            var d = file.GetProperty("diagnostics")[0];
            Assert.Equal("CDSL3001", d.GetProperty("id").GetString());
            Assert.Equal("warning", d.GetProperty("severity").GetString());
            Assert.Equal("warning", d.GetProperty("defaultSeverity").GetString());
            Assert.Equal("Conflict between norms", d.GetProperty("title").GetString());
            Assert.Equal("https://example.org/docs/diagnostics/CDSL3001.md", d.GetProperty("helpUri").GetString());
            Assert.StartsWith("norms `no_alcohol` (penalize) and `helpful` (reward)", d.GetProperty("message").GetString());
            var location = d.GetProperty("location");
            Assert.Equal(6, location.GetProperty("startLine").GetInt32());
            Assert.Equal(8, location.GetProperty("startColumn").GetInt32());
            Assert.Equal(6, location.GetProperty("endLine").GetInt32());
            Assert.Equal(8 + "no_alcohol".Length, location.GetProperty("endColumn").GetInt32());
            var related = d.GetProperty("related")[0];
            Assert.Equal(7, related.GetProperty("startLine").GetInt32());
            Assert.Equal(8, related.GetProperty("startColumn").GetInt32());
            var summary = root.GetProperty("summary");
            Assert.Equal(1, summary.GetProperty("files").GetInt32());
            Assert.Equal(1, summary.GetProperty("warnings").GetInt32());
            Assert.Equal(0, summary.GetProperty("exitCode").GetInt32());
        }

        [Fact]
        public void Output_option_writes_the_report_to_a_file()
        {
            Write("clash.contract", Contracts.Clash);
            var (exit, output, _) = Cdsl.Run(Root, "check", "clash.contract", "-f", "json", "-o", "out/report.json");
            Assert.Equal(ExitCodes.Success, exit);
            Assert.Contains("1 file checked", output);
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "out", "report.json")));
            Assert.Equal(1, json.RootElement.GetProperty("summary").GetProperty("warnings").GetInt32());
        }
    }
}
