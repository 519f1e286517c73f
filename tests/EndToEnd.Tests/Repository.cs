using System.Diagnostics;
using System.IO;

namespace ContractDsl.EndToEnd.Tests
{
    internal static class Repository
    {
        public static string Root
        {
            get
            {
                var dir = new DirectoryInfo(AppContext.BaseDirectory);
                while (dir != null && !File.Exists(Path.Combine(dir.FullName, "Dsl.sln"))) dir = dir.Parent;
                return dir?.FullName ?? throw new InvalidOperationException("Dsl.sln not found above " + AppContext.BaseDirectory);
            }
        }

        /// <summary>Runs a command to completion and returns its exit code and combined output.</summary>
        public static (int ExitCode, string Output) Run(string fileName, string arguments, string workingDirectory, int timeoutSeconds = 300)
        {
            var info = new ProcessStartInfo(fileName, arguments)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // A nested build must not reuse (or leave behind) build servers of the test run.
            info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
            info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(timeoutSeconds * 1000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{fileName} {arguments} did not finish in {timeoutSeconds} s");
            }
            return (process.ExitCode, stdout.Result + stderr.Result);
        }
    }
}
