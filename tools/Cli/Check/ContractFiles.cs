using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;

namespace ContractDsl.Cli.Check
{
    /// <summary>The <c>.contract</c> files that command-line paths name.</summary>
    public static class ContractFiles
    {
        /// <summary>
        /// Files as given; directories searched recursively for <c>*.contract</c> (hidden folders such as <c>.git</c>
        /// skipped), in ordinal path order. Each file once, spelled the way the user's path spells it, so messages
        /// point where the user looked. A path that doesn't exist, or a directory without contracts, is added to
        /// <paramref name="problems"/> (a CI step pointed at the wrong folder must fail, not pass on nothing); the other
        /// paths are still expanded.
        /// </summary>
        public static IReadOnlyList<string> Expand(IEnumerable<string> paths, string workingDirectory, ICollection<string> problems)
        {
            var files = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var path in paths)
            {
                string full = Path.GetFullPath(path, workingDirectory);
                if (File.Exists(full))
                {
                    if (seen.Add(full)) files.Add(path);
                    continue;
                }
                if (!Directory.Exists(full))
                {
                    problems.Add($"{path}: no such file or directory");
                    continue;
                }
                var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, MatchCasing = MatchCasing.CaseSensitive };
                var found = Directory.EnumerateFiles(full, "*.contract", options)
                    .Select(f => path == "." ? Path.GetRelativePath(full, f) : Path.Combine(path, Path.GetRelativePath(full, f)))
                    .OrderBy(f => f, StringComparer.Ordinal)
                    .ToList();
                if (found.Count == 0) problems.Add($"{path}: no *.contract files in this directory or below");
                foreach (var f in found)
                    if (seen.Add(Path.GetFullPath(f, workingDirectory))) files.Add(f);
            }
            return files;
        }
    }
}
