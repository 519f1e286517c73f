using System;

namespace ContractDsl.Cli
{
    /// <summary>
    /// A failure the user can act on (a missing file, bad data, an invalid option value): reported as one line
    /// <c>cdsl COMMAND: error: MESSAGE</c> on standard error, with <see cref="ExitCode"/>; never a stack trace.
    /// </summary>
    public class CliException : Exception
    {
        public CliException(string message, int exitCode = ExitCodes.InputError) : base(message) => ExitCode = exitCode;

        public int ExitCode { get; }
    }
}
