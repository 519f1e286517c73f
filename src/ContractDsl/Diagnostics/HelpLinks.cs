namespace ContractDsl.Diagnostics
{
    /// <summary>
    /// Where each diagnostic is explained: one page per ID (what it means, why it matters for alignment, an example,
    /// how to fix it), kept in <c>docs/diagnostics/</c> and shipped in the package. A link is the base — the
    /// MSBuild property <c>ContractDslHelpLinkBase</c>, which the package sets to the pages it ships (an absolute
    /// <c>file:</c> URI) and a project may point at a hosted copy — followed by <c>CDSLnnnn.md</c>.
    /// </summary>
    public static class HelpLinks
    {
        /// <summary>The page's path in the repository, used when no base is configured: <c>docs/diagnostics/CDSL2001.md</c>.</summary>
        public static string For(string id) => "docs/diagnostics/" + id + ".md";

        /// <summary>The page under <paramref name="baseUri"/> (a URL or an absolute path), or <see cref="For(string)"/> without one.</summary>
        public static string For(string id, string? baseUri)
        {
            if (string.IsNullOrWhiteSpace(baseUri)) return For(id);
            string root = baseUri!.Trim().Replace('\\', '/');
            if (root.StartsWith("/", System.StringComparison.Ordinal)) root = "file://" + root;
            else if (root.Length > 2 && root[1] == ':') root = "file:///" + root; // a Windows drive path
            return root.TrimEnd('/') + "/" + id + ".md";
        }
    }
}
