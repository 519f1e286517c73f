using System.IO;

namespace ContractDsl.Tests
{
    /// <summary>Contracts shared by the test projects live in tests/TestData.</summary>
    internal static class TestFiles
    {
        public static string Directory
        {
            get
            {
                var dir = new DirectoryInfo(System.AppContext.BaseDirectory);
                while (dir != null && !System.IO.Directory.Exists(Path.Combine(dir.FullName, "tests", "TestData"))) dir = dir.Parent;
                return Path.Combine(dir!.FullName, "tests", "TestData");
            }
        }

        public static string Read(string name) => File.ReadAllText(Path.Combine(Directory, name));
    }
}
