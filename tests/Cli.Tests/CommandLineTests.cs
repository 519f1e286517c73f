namespace ContractDsl.Cli.Tests
{
    /// <summary>The command line itself: help on every command, the version, and clear failures for what it doesn't understand.</summary>
    public class CommandLineTests
    {
        private static readonly string Here = Environment.CurrentDirectory;

        [Fact]
        public void No_command_lists_the_commands_and_fails()
        {
            var (exit, _, error) = Cdsl.Run(Here);
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Contains("no command given", error);
            foreach (var command in new[] { "card", "check", "eval" }) Assert.Contains("  " + command + " ", error);
        }

        [Theory]
        [InlineData("frobnicate")]
        [InlineData("chek")]
        public void An_unknown_command_is_named_and_fails(string command)
        {
            var (exit, output, error) = Cdsl.Run(Here, command, "a.contract");
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Contains($"cdsl: unknown command '{command}'.", error);
            Assert.Contains("The commands are:", error);
            Assert.Equal("", output);
        }

        [Theory]
        [InlineData("check")]
        [InlineData("eval")]
        [InlineData("card")]
        public void Every_command_has_help(string command)
        {
            var (exit, output, _) = Cdsl.Run(Here, command, "--help");
            Assert.Equal(ExitCodes.Success, exit);
            Assert.Contains("Usage:", output);
            Assert.Contains($"cdsl {command}", output);
            Assert.Contains("Options:", output);
        }

        [Fact]
        public void Root_help_lists_every_command()
        {
            var (exit, output, _) = Cdsl.Run(Here, "--help");
            Assert.Equal(ExitCodes.Success, exit);
            foreach (var command in new[] { "check", "eval", "card" }) Assert.Contains(command, output);
        }

        [Fact]
        public void Version_prints_the_package_version()
        {
            var (exit, output, _) = Cdsl.Run(Here, "--version");
            Assert.Equal(ExitCodes.Success, exit);
            Assert.StartsWith(ToolInfo.Version, output.Trim());
        }

        [Fact]
        public void An_unknown_option_is_a_usage_error_with_a_pointer_to_help()
        {
            var (exit, _, error) = Cdsl.Run(Here, "check", "--frobnicate", "x.contract");
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Contains("--frobnicate", error);
            Assert.Contains("Run 'cdsl check --help'", error);
        }

        [Fact]
        public void A_missing_argument_is_a_usage_error()
        {
            var (exit, _, error) = Cdsl.Run(Here, "eval", "only-a-contract.contract");
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Contains("cdsl eval: error:", error);
        }

        [Fact]
        public void A_value_outside_the_choices_is_a_usage_error()
        {
            var (exit, _, error) = Cdsl.Run(Here, "check", "--format", "xml", "x.contract");
            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Contains("xml", error);
        }
    }
}
