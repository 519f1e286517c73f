using System.IO;

namespace ContractDsl.Cli.Tests
{
    /// <summary>Runs cdsl in-process, the way the tool's Program does, with captured writers and a chosen working directory.</summary>
    internal static class Cdsl
    {
        public static (int Exit, string Output, string Error) Run(string workingDirectory, params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            int exit = CdslApp.Run(args, output, error, interactive: false, workingDirectory: workingDirectory);
            return (exit, output.ToString(), error.ToString());
        }

        public static string Quickstart => Path.Combine(EndToEnd.Tests.Repository.Root, "examples", "Quickstart");

        public static string XsTestContract => Path.Combine(Quickstart, "xstest.contract");
    }

    /// <summary>A temporary directory, deleted afterwards.</summary>
    public abstract class TempDirectoryTest : IDisposable
    {
        protected string Root { get; } = System.IO.Directory.CreateTempSubdirectory("cdsl-tests-").FullName;

        protected string Write(string relativePath, string text)
        {
            string path = Path.Combine(Root, relativePath);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, text);
            return path;
        }

        public void Dispose()
        {
            System.IO.Directory.Delete(Root, recursive: true);
            GC.SuppressFinalize(this);
        }
    }
}
