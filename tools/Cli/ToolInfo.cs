using System;
using System.IO;
using System.Reflection;

namespace ContractDsl.Cli
{
    /// <summary>What cdsl says about itself: its version, and where the diagnostic pages it ships are.</summary>
    public static class ToolInfo
    {
        public const string Name = "cdsl";

        /// <summary>The package version (informational version without the source-revision suffix).</summary>
        public static string Version { get; } = ReadVersion();

        /// <summary>The diagnostic pages shipped next to the tool (docs/diagnostics/CDSLnnnn.md).</summary>
        public static string HelpPagesDirectory => Path.Combine(AppContext.BaseDirectory, "docs", "diagnostics");

        /// <summary>The default help-link base: the shipped pages as a <c>file:</c> URI.</summary>
        public static string DefaultHelpLinkBase => new Uri(HelpPagesDirectory + Path.DirectorySeparatorChar).AbsoluteUri.TrimEnd('/');

        /// <summary>The shipped page of <paramref name="id"/> (Markdown), or null when it isn't there.</summary>
        public static string? HelpPage(string id)
        {
            string path = Path.Combine(HelpPagesDirectory, id + ".md");
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }

        private static string ReadVersion()
        {
            var assembly = typeof(ToolInfo).Assembly;
            string? version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                              ?? assembly.GetName().Version?.ToString();
            if (version == null) return "0.0.0";
            int plus = version.IndexOf('+', StringComparison.Ordinal);
            return plus < 0 ? version : version.Substring(0, plus);
        }
    }
}
