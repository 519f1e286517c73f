namespace ContractDsl.Cli.Tests
{
    /// <summary>cdsl check honours .globalconfig severities as the build does, with the precedence docs/cli.md states.</summary>
    public class SeverityTests : TempDirectoryTest
    {
        private const string Global = "is_global = true\n";

        [Fact]
        public void A_globalconfig_above_the_contract_sets_severities()
        {
            Write("repo/.globalconfig", Global + "dotnet_diagnostic.CDSL2005.severity = error\ndotnet_diagnostic.CDSL2004.severity = none\n");
            Write("repo/contracts/unused.contract", Contracts.Unused);
            var (exit, output, _) = Cdsl.Run(Root, "check", "repo/contracts");
            Assert.Equal(ExitCodes.ContractErrors, exit);
            Assert.Contains("unused.contract(3,10): error CDSL2005:", output);
            Assert.DoesNotContain("CDSL2004", output.Replace("(1 suppressed by configuration)", ""));
            Assert.Contains("1 file checked: 1 error, 0 warnings, 0 infos (1 suppressed by configuration)", output);
        }

        [Fact]
        public void The_nearer_globalconfig_wins_and_a_config_option_beats_both()
        {
            Write("repo/.globalconfig", Global + "dotnet_diagnostic.CDSL2005.severity = none\n");
            Write("repo/contracts/.globalconfig", Global + "dotnet_diagnostic.CDSL2005.severity = error\n");
            Write("repo/contracts/unused.contract", Contracts.Unused);
            Assert.Contains("error CDSL2005", Cdsl.Run(Root, "check", "repo/contracts").Output);

            Write("ci.globalconfig", Global + "dotnet_diagnostic.CDSL2005.severity = suggestion\n");
            var (exit, output, _) = Cdsl.Run(Root, "check", "repo/contracts", "--config", "ci.globalconfig");
            Assert.Equal(ExitCodes.Success, exit);
            Assert.Contains("unused.contract(3,10): info CDSL2005:", output);
        }

        [Fact]
        public void A_higher_global_level_beats_nearness()
        {
            Write("repo/.globalconfig", Global + "global_level = 200\ndotnet_diagnostic.CDSL2005.severity = none\n");
            Write("repo/contracts/.globalconfig", Global + "dotnet_diagnostic.CDSL2005.severity = error\n");
            Write("repo/contracts/unused.contract", Contracts.Unused);
            var (exit, output, _) = Cdsl.Run(Root, "check", "repo/contracts");
            Assert.Equal(ExitCodes.Success, exit);
            Assert.DoesNotContain("CDSL2005:", output);
        }

        [Fact]
        public void An_id_key_beats_a_category_key_which_beats_the_all_key()
        {
            Write("repo/.globalconfig", Global +
                "dotnet_analyzer_diagnostic.severity = error\n" +
                "dotnet_analyzer_diagnostic.category-ContractDsl.Underspecification.severity = warning\n" +
                "dotnet_diagnostic.CDSL2004.severity = silent\n");
            Write("repo/unused.contract", Contracts.Unused);
            Write("repo/clash.contract", Contracts.Clash);
            var (_, output, _) = Cdsl.Run(Root, "check", "repo");
            Assert.Contains("unused.contract(3,10): warning CDSL2005:", output); // category
            Assert.Contains("clash.contract(6,8): error CDSL3001:", output);     // all
            Assert.DoesNotContain("CDSL2004:", output);                           // id: silent
        }

        [Fact]
        public void Bad_values_and_files_without_is_global_are_reported_and_ignored()
        {
            Write("repo/.globalconfig", "dotnet_diagnostic.CDSL2005.severity = none\n");
            Write("repo/contracts/.globalconfig", Global + "dotnet_diagnostic.CDSL2005.severity = loud # a comment\n");
            Write("repo/contracts/unused.contract", Contracts.Unused);
            var (_, output, error) = Cdsl.Run(Root, "check", "repo/contracts");
            Assert.Contains("warning CDSL2005:", output);
            Assert.Contains("not read: a global config needs `is_global = true`", error);
            Assert.Contains("`loud` is not a severity", error);
        }

        [Fact]
        public void A_missing_config_file_is_an_input_error()
        {
            Write("unused.contract", Contracts.Unused);
            var (exit, _, error) = Cdsl.Run(Root, "check", "unused.contract", "--config", "nope.globalconfig");
            Assert.Equal(ExitCodes.InputError, exit);
            Assert.Contains("--config nope.globalconfig: no such file", error);
        }

        [Fact]
        public void Keys_in_sections_are_not_global_options()
        {
            Write("repo/.globalconfig", Global + "[/some/file.cs]\ndotnet_diagnostic.CDSL2005.severity = error\n");
            Write("repo/unused.contract", Contracts.Unused);
            Assert.Contains("warning CDSL2005:", Cdsl.Run(Root, "check", "repo").Output);
        }
    }
}
