using System.Diagnostics;
using System.IO;
using System.IO.Compression;

namespace ContractDsl.Runtime.Torch.Tests
{
    /// <summary>
    /// scripts/elf-weaken-version.py, which scripts/setup.sh runs on a machine with an older libstdc++, on a pristine copy
    /// of libLibTorchSharp.so taken from TorchSharp's .nupkg: it flips exactly the VER_FLG_WEAK bit of the GLIBCXX_3.4.32
    /// requirement, is idempotent, and refuses to weaken a version whose symbols a relocation uses.
    /// </summary>
    public sealed class LibstdcxxPatchTests : IDisposable
    {
        private readonly string _directory = Path.Combine(Path.GetTempPath(), "cdsl-elf-" + Guid.NewGuid().ToString("N"));

        public LibstdcxxPatchTests() => Directory.CreateDirectory(_directory);

        public void Dispose()
        {
            try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
        }

        private static string RepositoryRoot
        {
            get
            {
                var dir = new DirectoryInfo(AppContext.BaseDirectory);
                while (dir != null && !File.Exists(Path.Combine(dir.FullName, "scripts", "elf-weaken-version.py"))) dir = dir.Parent;
                return dir?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
            }
        }

        /// <summary>libLibTorchSharp.so as TorchSharp 0.107.0 ships it, from the package archive in the global-packages folder.</summary>
        private string PristineLibrary()
        {
            string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } custom
                ? custom
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
            string archive = Path.Combine(packages, "torchsharp", "0.107.0", "torchsharp.0.107.0.nupkg");
            Assert.True(File.Exists(archive), archive + " is missing (restore first)");
            string path = Path.Combine(_directory, "libLibTorchSharp.so");
            using var zip = ZipFile.OpenRead(archive);
            zip.GetEntry("runtimes/linux-x64/native/libLibTorchSharp.so")!.ExtractToFile(path);
            return path;
        }

        private static (int Exit, string Output) Weaken(string library, string version, bool checkOnly = false)
        {
            var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (string argument in new[] { Path.Combine(RepositoryRoot, "scripts", "elf-weaken-version.py"), library, "libstdc++.so.6", version })
                start.ArgumentList.Add(argument);
            if (checkOnly) start.ArgumentList.Add("--check");
            using var process = Process.Start(start)!;
            string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            process.WaitForExit();
            return (process.ExitCode, output);
        }

        [Fact]
        public void The_GLIBCXX_3_4_32_requirement_becomes_weak_by_one_bit_and_stays_so()
        {
            string library = PristineLibrary();
            byte[] before = File.ReadAllBytes(library);
            var check = Weaken(library, "GLIBCXX_3.4.32", checkOnly: true);
            Assert.Equal(3, check.Exit); // strong, as shipped
            Assert.Contains("symbols of GLIBCXX_3.4.32: _ZSt21ios_base_library_initv", check.Output); // its only symbol

            Assert.Equal(0, Weaken(library, "GLIBCXX_3.4.32").Exit);
            byte[] after = File.ReadAllBytes(library);
            var changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i]).ToList();
            Assert.Single(changed);
            Assert.Equal(0x2, before[changed[0]] ^ after[changed[0]]); // VER_FLG_WEAK

            Assert.Equal(0, Weaken(library, "GLIBCXX_3.4.32", checkOnly: true).Exit);
            Assert.Equal(0, Weaken(library, "GLIBCXX_3.4.32").Exit); // idempotent
            Assert.Equal(after, File.ReadAllBytes(library));
        }

        [Fact]
        public void A_version_whose_symbols_are_relocated_is_refused_and_left_alone()
        {
            string library = PristineLibrary();
            byte[] before = File.ReadAllBytes(library);
            var refused = Weaken(library, "GLIBCXX_3.4.30"); // std::condition_variable::wait, really called
            Assert.Equal(4, refused.Exit);
            Assert.Contains("relocations refer to _ZNSt18condition_variable4waitERSt11unique_lockISt5mutexE", refused.Output);
            Assert.Equal(before, File.ReadAllBytes(library));
            Assert.Equal(1, Weaken(library, "GLIBCXX_9.9").Exit); // no such requirement
        }
    }
}
