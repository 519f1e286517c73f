namespace ContractDsl.Diagnostics
{
    /// <summary>
    /// Where each diagnostic is explained: one page per ID in <c>docs/diagnostics/</c> (what it means, why it
    /// matters for alignment, an example, how to fix it). Roslyn descriptors take this as their help link.
    /// </summary>
    public static class HelpLinks
    {
        /// <summary>The page's path relative to the repository root, e.g. <c>docs/diagnostics/CDSL2001.md</c>.</summary>
        public static string For(string id) => "docs/diagnostics/" + id + ".md";

        /// <summary>The page on a hosted copy of the repository: <paramref name="baseUrl"/> + <see cref="For"/>.</summary>
        public static string For(string id, string baseUrl) => baseUrl.TrimEnd('/') + "/" + For(id);
    }
}
