using System.CommandLine;

namespace ContractDsl.Cli
{
    /// <summary>
    /// One <c>cdsl</c> subcommand. Adding a command is adding one file with a class that implements this: <see cref="CdslApp"/>
    /// finds every implementation in this assembly and lists the commands by name.
    /// </summary>
    public interface ICliCommand
    {
        /// <summary>
        /// The command with its arguments, options, description and action. The action returns an exit code from
        /// <see cref="ExitCodes"/>; throwing <see cref="CliException"/> reports a failure the user can fix.
        /// </summary>
        Command Create(CliContext context);
    }
}
