namespace ContractDsl.Cli.Tests
{
    /// <summary>Small contracts with known findings.</summary>
    internal static class Contracts
    {
        /// <summary>CDSL1001 at (4,19).</summary>
        public const string Typo = "contract T {\n  signal toxicity : prob;\n  reward 0;\n  norm n \"r\" when toxicty > 0.5 penalize 1;\n}\n";

        /// <summary>CDSL3001 on `no_alcohol` (6,8), with `helpful` (7,8) as the related location.</summary>
        public const string Clash =
            "contract Clash {\n" +
            "  signal region : category { EU, US };\n" +
            "  signal alcohol : flag;\n" +
            "  signal toxicity : prob;\n" +
            "  reward 0;\n" +
            "  norm no_alcohol \"No alcohol recommendations in the US.\" in region == US when alcohol penalize 1;\n" +
            "  norm helpful \"Reward safe answers in our markets.\" in region in { EU, US } when toxicity < 0.5 reward 1;\n" +
            "}\n";

        /// <summary>CDSL2005 (warning) at (3,10) for `y`, CDSL2004 (info) at (6,8) for `m`.</summary>
        public const string Unused =
            "contract Unused {\n" +
            "  signal x : prob \"x\";\n" +
            "  signal y : prob \"never used\";\n" +
            "  reward 0;\n" +
            "  norm n \"r\" when x > 0.5 penalize 1;\n" +
            "  norm m when x < 0.1 reward 1;\n" +
            "}\n";
    }
}
