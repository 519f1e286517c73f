namespace ContractDsl.Tests.Analysis
{
    /// <summary>`// cdsl-disable-line` and `// cdsl-disable-next-line`: one finding silenced in the file, stale ones reported.</summary>
    public class SuppressionTests
    {
        private const string Conflicting = @"contract C {
  signal x : prob;
  reward 0;
  norm p ""r"" when x > 0.5 penalize 1;
  norm q ""r"" when x > 0.2 reward 1;
}";

        private static string[] Ids(string text) => ContractCompiler.Compile("c.contract", text).Diagnostics.Select(d => d.Id).ToArray();

        [Fact]
        public void Without_a_directive_the_conflict_is_reported()
        {
            Assert.Equal(new[] { "CDSL3001" }, Ids(Conflicting));
        }

        [Fact]
        public void A_next_line_directive_silences_the_finding_on_the_next_code_line()
        {
            var text = Conflicting.Replace("  norm p ", "  // cdsl-disable-next-line CDSL3001 -- accepted in review\n  // (another comment in between)\n  norm p ");
            Assert.Empty(Ids(text));
        }

        [Fact]
        public void A_line_directive_silences_the_finding_on_its_own_line()
        {
            var text = Conflicting.Replace("penalize 1;", "penalize 1; // cdsl-disable-line CDSL3001");
            Assert.Empty(Ids(text));
        }

        [Fact]
        public void A_directive_that_suppresses_nothing_is_reported_where_it_is_written()
        {
            var text = Conflicting.Replace("  norm q ", "  // cdsl-disable-next-line CDSL2005\n  norm q ");
            var file = ContractCompiler.Compile("c.contract", text);
            var unused = Assert.Single(file.Diagnostics, d => d.Id == "CDSL0002");
            Assert.Equal(5, unused.Span.Line);
            Assert.Contains("no CDSL2005 is reported on line 6", unused.Message);
            Assert.Contains(file.Diagnostics, d => d.Id == "CDSL3001");
        }

        [Fact]
        public void Errors_cannot_be_suppressed()
        {
            var text = "contract C {\n  reward 0;\n  // cdsl-disable-next-line CDSL1001\n  norm n \"r\" when missing > 1 penalize 1;\n}";
            var file = ContractCompiler.Compile("c.contract", text);
            Assert.Contains(file.Diagnostics, d => d.Id == "CDSL1001");
            Assert.Contains(file.Diagnostics, d => d.Id == "CDSL0002" && d.Message.Contains("errors can't be suppressed"));
        }

        [Fact]
        public void A_directive_inside_a_string_is_not_a_directive()
        {
            var text = Conflicting.Replace(@"norm p ""r""", @"norm p ""see // cdsl-disable-line CDSL3001""");
            Assert.Equal(new[] { "CDSL3001" }, Ids(text));
        }

        [Fact]
        public void Several_ids_in_one_directive()
        {
            var text = Conflicting.Replace("  norm p \"r\" ", "  // cdsl-disable-next-line CDSL3001, CDSL2004\n  norm p ");
            Assert.Empty(Ids(text));
        }
    }
}
