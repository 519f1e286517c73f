using System.IO;

namespace ContractDsl.Generators.Tests
{
    internal static class TestData
    {
        public static string Directory
        {
            get
            {
                var dir = new DirectoryInfo(AppContext.BaseDirectory);
                while (dir != null && !System.IO.Directory.Exists(Path.Combine(dir.FullName, "tests", "TestData"))) dir = dir.Parent;
                return Path.Combine(dir!.FullName, "tests", "TestData");
            }
        }

        public static string Read(string name) => File.ReadAllText(Path.Combine(Directory, name));

        public static string RepositoryRoot => Path.GetFullPath(Path.Combine(Directory, "..", ".."));
    }
}
