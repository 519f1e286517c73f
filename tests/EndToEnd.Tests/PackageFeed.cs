using System.IO;

namespace ContractDsl.EndToEnd.Tests
{
    /// <summary>
    /// The ContractDsl and ContractDsl.Torch packages, packed once per test run from this repository into a local folder
    /// feed, as <c>dotnet pack</c> makes them for a user. The build runs in its own artifacts folder (not the repository's
    /// bin/ and obj/, which other test assemblies build into at the same time), and the version carries a suffix of its
    /// own, so that NuGet's global packages folder never serves an older package of the same version; the packages this
    /// run extracted there are removed at the end.
    /// </summary>
    public sealed class PackageFeed : IDisposable
    {
        public PackageFeed()
        {
            Directory.CreateDirectory(Root);
            Directory.CreateDirectory(Feed);
            foreach (var project in new[] { "src/Runtime/Runtime.csproj", "src/Runtime.Torch/Runtime.Torch.csproj" })
            {
                var (exit, output) = Repository.Run("dotnet",
                    $"pack \"{Path.Combine(Repository.Root, project)}\" -c Release --nologo --artifacts-path \"{Path.Combine(Root, "artifacts")}\" -o \"{Feed}\" -p:VersionSuffix={Suffix}",
                    Repository.Root, timeoutSeconds: 600);
                if (exit != 0) throw new InvalidOperationException($"dotnet pack {project} failed:\n{output}");
            }
        }

        private static readonly string Suffix = "e2e." + Guid.NewGuid().ToString("N").Substring(0, 12);

        /// <summary>A temporary folder outside the repository: the feed, the pack's artifacts and the consumer projects.</summary>
        public string Root { get; } = Path.Combine(Path.GetTempPath(), "cdsl-packages-" + Guid.NewGuid().ToString("N"));

        public string Feed => Path.Combine(Root, "feed");

        /// <summary>The packages' version: the repository's one version with this run's suffix.</summary>
        public string Version => VersionOf(Directory.GetFiles(Feed, "ContractDsl.Torch.*.nupkg").Single());

        /// <summary>
        /// A fresh console project <paramref name="name"/> (also its root namespace) in a folder of its own, as a user would create it: a nuget.config that adds the local feed to
        /// the machine's usual sources, the given package references and files, nothing else of ContractDsl's (no
        /// AdditionalFiles item, no properties).
        /// </summary>
        public string CreateConsumer(string name, IEnumerable<(string Id, string Version)> packages, IDictionary<string, string> files)
        {
            string dir = Path.Combine(Root, "consumers", name + "-" + System.Threading.Interlocked.Increment(ref _consumers));
            Directory.CreateDirectory(dir);
            File.WriteAllText(Path.Combine(dir, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="contractdsl-local" value="{Feed}" />
                  </packageSources>
                </configuration>
                """);
            string references = string.Join("\n", packages.Select(p => $"    <PackageReference Include=\"{p.Id}\" Version=\"{p.Version}\" />"));
            // Hard links instead of copies for libtorch (about 1 GB) in the torch consumer's output folder, where the file
            // system allows: a matter of the test's disk space, not of what the packages do.
            File.WriteAllText(Path.Combine(dir, name + ".csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <RootNamespace>{name}</RootNamespace>
                    <CreateHardLinksForCopyLocalIfPossible>true</CreateHardLinksForCopyLocalIfPossible>
                  </PropertyGroup>
                  <ItemGroup>
                {references}
                  </ItemGroup>
                </Project>
                """);
            foreach (var (path, text) in files)
            {
                string full = Path.Combine(dir, path);
                Directory.CreateDirectory(Path.GetDirectoryName(full)!);
                File.WriteAllText(full, text);
            }
            return dir;
        }

        private int _consumers;

        /// <summary>A consumer with the single reference a user adds for the CPU path.</summary>
        public string CreateCpuConsumer(string name, IDictionary<string, string> files) =>
            CreateConsumer(name, new[] { ("ContractDsl", Version) }, files);

        /// <summary>NuGet's global packages folder, where restore extracted this run's packages.</summary>
        private static string GlobalPackagesFolder =>
            Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
                ? configured
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

        public void Dispose()
        {
            string? version = Directory.Exists(Feed) ? Directory.GetFiles(Feed, "ContractDsl.Torch.*.nupkg").Select(VersionOf).SingleOrDefault() : null;
            if (version != null)
                foreach (var id in new[] { "contractdsl", "contractdsl.torch" })
                    TryDelete(Path.Combine(GlobalPackagesFolder, id, version.ToLowerInvariant()));
            TryDelete(Root);
        }

        private static string VersionOf(string package) => Path.GetFileNameWithoutExtension(package).Substring("ContractDsl.Torch.".Length);

        private static void TryDelete(string directory)
        {
            try { Directory.Delete(directory, recursive: true); }
            catch (DirectoryNotFoundException) { }
        }
    }

    /// <summary>The tests that build consumers of the packed packages share one feed and run one after the other.</summary>
    [CollectionDefinition(Name)]
    public sealed class PackageFeedCollection : ICollectionFixture<PackageFeed>
    {
        public const string Name = "Package feed";
    }
}
