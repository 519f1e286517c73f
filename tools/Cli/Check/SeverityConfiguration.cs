using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using ContractDsl.Diagnostics;

namespace ContractDsl.Cli.Check
{
    /// <summary>What a diagnostic is reported as, once configuration has had its say.</summary>
    public enum EffectiveSeverity
    {
        /// <summary><c>none</c>: not reported at all.</summary>
        Suppressed,
        /// <summary><c>silent</c>: not shown (the build shows it nowhere either); counted as suppressed.</summary>
        Hidden,
        /// <summary><c>suggestion</c>, or an info diagnostic left at its default.</summary>
        Info,
        Warning,
        Error,
    }

    /// <summary>One global analyzer config file: its options outside any section, and its <c>global_level</c>.</summary>
    /// <param name="FromCommandLine">Named by <c>--config</c>: such files beat every discovered one.</param>
    public sealed record GlobalConfigFile(string Path, int Level, IReadOnlyDictionary<string, string> Options, bool FromCommandLine)
    {
        private static readonly Regex Property = new(@"^\s*([\w\.\-]+)\s*[=:]\s*(.*?)\s*([#;].*)?$", RegexOptions.CultureInvariant);
        private static readonly Regex Section = new(@"^\s*\[.*\]\s*([#;].*)?$", RegexOptions.CultureInvariant);

        /// <summary>
        /// Reads a global config as Roslyn does: <c>key = value</c> (or <c>key: value</c>) lines, <c>#</c> and <c>;</c>
        /// comments, keys case-insensitive. Keys inside <c>[section]</c>s apply to single files of a C# project and are not
        /// read. <c>global_level</c> defaults to 100 for a file named <c>.globalconfig</c> and to 0 for any other name.
        /// </summary>
        public static GlobalConfigFile Parse(string path, string text, bool fromCommandLine)
        {
            var options = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var raw in text.Split('\n'))
            {
                string line = raw.TrimEnd('\r');
                if (line.Trim().Length == 0 || line.TrimStart().StartsWith("#", StringComparison.Ordinal) || line.TrimStart().StartsWith(";", StringComparison.Ordinal)) continue;
                if (Section.IsMatch(line)) break;
                var m = Property.Match(line);
                if (m.Success) options[m.Groups[1].Value.ToLowerInvariant()] = m.Groups[2].Value;
            }
            int level = System.IO.Path.GetFileName(path) == ".globalconfig" ? 100 : 0;
            if (options.TryGetValue("global_level", out var l) && int.TryParse(l, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)) level = parsed;
            return new GlobalConfigFile(path, level, options, fromCommandLine);
        }

        /// <summary>Whether the file says <c>is_global = true</c>.</summary>
        public bool IsGlobal => Options.TryGetValue("is_global", out var v) && string.Equals(v, "true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// The severities a build would give ContractDsl's diagnostics, from global analyzer configs:
    /// <list type="bullet">
    /// <item>files: every <c>.globalconfig</c> with <c>is_global = true</c> in the contract's directory and its ancestors,
    /// plus the files named by <c>--config</c>;</item>
    /// <item>keys, most specific first: <c>dotnet_diagnostic.CDSLnnnn.severity</c>, then
    /// <c>dotnet_analyzer_diagnostic.category-CATEGORY.severity</c>, then <c>dotnet_analyzer_diagnostic.severity</c>;</item>
    /// <item>values: <c>none</c>, <c>silent</c>, <c>suggestion</c>, <c>warning</c>, <c>error</c>, <c>default</c>;</item>
    /// <item>when several files set the same key: a <c>--config</c> file beats a discovered one (the last <c>--config</c> wins
    /// among them); among discovered files the higher <c>global_level</c> wins, then the one nearer the contract.</item>
    /// </list>
    /// Roslyn reports two global configs of the same level that disagree on a key and then uses neither; the CLI takes
    /// the nearer one instead, which is what a build of the project that contains the contract sees when only its own
    /// <c>.globalconfig</c> sets the key.
    /// </summary>
    public sealed class SeverityConfiguration
    {
        private readonly IReadOnlyList<GlobalConfigFile> _explicit;
        private readonly ConcurrentDictionary<string, IReadOnlyList<GlobalConfigFile>> _byDirectory = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, GlobalConfigFile?> _files = new(StringComparer.Ordinal);
        private readonly List<string> _warnings = new();

        private SeverityConfiguration(IReadOnlyList<GlobalConfigFile> explicitFiles) => _explicit = explicitFiles;

        /// <summary>Problems with the configuration (unknown severity values, a discovered file without <c>is_global</c>), each once.</summary>
        public IReadOnlyList<string> Warnings => _warnings;

        /// <summary>Reads the <c>--config</c> files (a missing one is a <see cref="CliException"/>).</summary>
        public static SeverityConfiguration Load(IEnumerable<string> configFiles, string workingDirectory)
        {
            var files = new List<GlobalConfigFile>();
            foreach (var path in configFiles)
            {
                string full = Path.GetFullPath(path, workingDirectory);
                if (!File.Exists(full)) throw new CliException($"--config {path}: no such file");
                files.Add(GlobalConfigFile.Parse(full, File.ReadAllText(full), fromCommandLine: true));
            }
            files.Reverse(); // the last --config given wins
            return new SeverityConfiguration(files);
        }

        /// <summary>The config files that apply to a contract (a full path), in precedence order (the first that sets a key wins).</summary>
        public IReadOnlyList<GlobalConfigFile> FilesFor(string contractFullPath)
        {
            string directory = Path.GetDirectoryName(contractFullPath) ?? Path.GetPathRoot(contractFullPath)!;
            return _byDirectory.GetOrAdd(directory, dir =>
            {
                var discovered = new List<(GlobalConfigFile File, int Distance)>();
                int distance = 0;
                for (var d = new DirectoryInfo(dir); d != null; d = d.Parent, distance++)
                {
                    if (Read(Path.Combine(d.FullName, ".globalconfig")) is { } file) discovered.Add((file, distance));
                }
                return _explicit
                    .Concat(discovered.OrderByDescending(x => x.File.Level).ThenBy(x => x.Distance).Select(x => x.File))
                    .ToList();
            });
        }

        private GlobalConfigFile? Read(string path) => _files.GetOrAdd(path, p =>
        {
            if (!File.Exists(p)) return null;
            var file = GlobalConfigFile.Parse(p, File.ReadAllText(p), fromCommandLine: false);
            if (file.IsGlobal) return file;
            Warn($"{p}: not read: a global config needs `is_global = true`");
            return null;
        });

        /// <summary>The severity <paramref name="diagnostic"/> is reported with, in the contract at <paramref name="contractFullPath"/>.</summary>
        public EffectiveSeverity Resolve(ContractDiagnostic diagnostic, string contractFullPath)
        {
            var info = DiagnosticCatalog.All.FirstOrDefault(d => d.Id == diagnostic.Id);
            var keys = new List<string> { $"dotnet_diagnostic.{diagnostic.Id.ToLowerInvariant()}.severity" };
            if (info != null) keys.Add($"dotnet_analyzer_diagnostic.category-{info.Category.ToLowerInvariant()}.severity");
            keys.Add("dotnet_analyzer_diagnostic.severity");
            var files = FilesFor(contractFullPath);
            foreach (var key in keys)
            {
                foreach (var file in files)
                {
                    if (!file.Options.TryGetValue(key, out var value)) continue;
                    if (Parse(value, diagnostic.Severity) is { } severity) return severity;
                    Warn($"{file.Path}: `{key} = {value}`: `{value}` is not a severity (none, silent, suggestion, warning, error, default); ignored");
                }
            }
            return Default(diagnostic.Severity);
        }

        private static EffectiveSeverity? Parse(string value, Severity own) => value.Trim().ToLowerInvariant() switch
        {
            "none" => EffectiveSeverity.Suppressed,
            "silent" or "hidden" => EffectiveSeverity.Hidden,
            "suggestion" or "info" => EffectiveSeverity.Info,
            "warning" => EffectiveSeverity.Warning,
            "error" => EffectiveSeverity.Error,
            "default" => Default(own),
            _ => null,
        };

        /// <summary>A diagnostic's own severity, as reported when nothing configures it.</summary>
        public static EffectiveSeverity Default(Severity severity) => severity switch
        {
            Severity.Error => EffectiveSeverity.Error,
            Severity.Warning => EffectiveSeverity.Warning,
            Severity.Info => EffectiveSeverity.Info,
            _ => EffectiveSeverity.Hidden,
        };

        private void Warn(string message)
        {
            lock (_warnings)
                if (!_warnings.Contains(message)) _warnings.Add(message);
        }
    }
}
