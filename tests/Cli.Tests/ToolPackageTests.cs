using System.IO;
using ContractDsl.EndToEnd.Tests;

namespace ContractDsl.Cli.Tests
{
    /// <summary>
    /// The tool as a user gets it: <c>dotnet pack tools/Cli</c> into a local folder feed, <c>dotnet tool install</c> from
    /// that folder into a tool path, and the installed <c>cdsl</c> run as a process.
    /// </summary>
    public class ToolPackageTests : TempDirectoryTest
    {
        [Fact]
        public void The_packed_tool_installs_from_a_folder_feed_and_checks_contracts()
        {
            string feed = Path.Combine(Root, "feed");
            string tools = Path.Combine(Root, "tools");
            string project = Path.Combine(Repository.Root, "tools", "Cli", "Cli.csproj");
            var (packExit, packOutput) = Repository.Run("dotnet", $"pack \"{project}\" -c Release -o \"{feed}\" -p:VersionSuffix=test --nologo", Root, timeoutSeconds: 600);
            Assert.True(packExit == 0, packOutput);
            string package = Assert.Single(Directory.GetFiles(feed, "ContractDsl.Cli.*.nupkg"));
            string version = Path.GetFileNameWithoutExtension(package).Substring("ContractDsl.Cli.".Length);

            var (installExit, installOutput) = Repository.Run("dotnet",
                $"tool install ContractDsl.Cli --version {version} --add-source \"{feed}\" --tool-path \"{tools}\"", Root, timeoutSeconds: 300);
            Assert.True(installExit == 0, installOutput);
            string cdsl = Path.Combine(tools, OperatingSystem.IsWindows() ? "cdsl.exe" : "cdsl");

            var (versionExit, versionOutput) = Repository.Run(cdsl, "--version", Root);
            Assert.Equal(0, versionExit);
            Assert.Equal(version, versionOutput.Trim());

            Write("contracts/typo.contract", Contracts.Typo);
            Write("contracts/clash.contract", Contracts.Clash);
            var (checkExit, checkOutput) = Repository.Run(cdsl, "check contracts", Root);
            Assert.Equal(ExitCodes.ContractErrors, checkExit);
            Assert.Contains(Path.Combine("contracts", "typo.contract") + "(4,19): error CDSL1001: unknown name `toxicty`", checkOutput);
            Assert.Contains(Path.Combine("contracts", "clash.contract") + "(6,8): warning CDSL3001:", checkOutput);
            Assert.Contains("2 files checked: 1 error, 1 warning, 0 infos", checkOutput);

            // The SARIF rules link to the diagnostic pages the package ships.
            var (_, sarif) = Repository.Run(cdsl, "check contracts --format sarif -o report.sarif", Root);
            string report = File.ReadAllText(Path.Combine(Root, "report.sarif"));
            var helpUri = System.Text.Json.JsonDocument.Parse(report).RootElement.GetProperty("runs")[0].GetProperty("tool").GetProperty("driver")
                .GetProperty("rules")[0].GetProperty("helpUri").GetString()!;
            Assert.True(File.Exists(new Uri(helpUri).LocalPath), helpUri + "\n" + sarif);
            Assert.StartsWith(tools, new Uri(helpUri).LocalPath);
        }
    }
}
