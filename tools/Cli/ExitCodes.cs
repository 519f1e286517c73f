namespace ContractDsl.Cli
{
    /// <summary>
    /// What <c>cdsl</c>'s exit status means (documented in tools/Cli/README.md and docs/cli.md). When several apply,
    /// the highest wins: a run that could not read one of its inputs exits 3 even if another file had errors.
    /// </summary>
    public static class ExitCodes
    {
        /// <summary>Everything was done and nothing failed.</summary>
        public const int Success = 0;

        /// <summary>
        /// The contracts have problems: <c>check</c> found errors (or, with <c>--warnaserror</c>, warnings) after the
        /// configured severities; <c>eval</c> and <c>card</c> were given a contract with errors.
        /// </summary>
        public const int ContractErrors = 1;

        /// <summary>The command line was not understood: unknown command or option, missing or malformed argument.</summary>
        public const int Usage = 2;

        /// <summary>An input could not be used: a file or directory that doesn't exist or can't be read, bad data (named by row and column), bad params or configuration.</summary>
        public const int InputError = 3;

        /// <summary>A bug in cdsl itself (the message says what failed; please report it).</summary>
        public const int InternalError = 4;
    }
}
