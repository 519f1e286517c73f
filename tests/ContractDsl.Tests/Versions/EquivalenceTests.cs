using System.Globalization;
using System.Text;
using ContractDsl.Versions;
using static ContractDsl.Tests.Versions.DiffTestSupport;

namespace ContractDsl.Tests.Versions
{
    /// <summary>
    /// Versions written differently that compute the same thing: the diff proves them equivalent (reals are reals:
    /// summation order, grouping and guard spelling are not differences).
    /// </summary>
    public class EquivalenceTests
    {
        private const string Signals = @"
  signal a : real in [-10, 10];
  signal b : real in [-10, 10];
  signal x : prob;
  signal tokens : count in [0, 4096];
  signal refused : flag;
  signal region : category { EU, US, MENA };
  param w = 1 in [0, 4];
";

        [Fact]
        public void Identical_versions_are_equivalent()
        {
            const string contract = Signals + "reward a;\n norm n when x > 0.5 penalize w * x cap 2;\n norm m in region == EU when refused reward 1;\n prefer n over m;\n uncertain 0.5 when conflict;";
            var result = Diff(contract, contract);
            Equivalent(result);
            Assert.Empty(result.Norms);
            Assert.Equal(2, result.UnchangedNorms);
            Assert.All(result.Concerns, c => Assert.Equal(ConcernOrder.Same, c.Order));
        }

        [Fact]
        public void Reordered_norms_are_equivalent()
        {
            Equivalent(Diff(
                Signals + "reward 0;\n norm n1 when x > 0.5 penalize 0.3;\n norm n2 when x > 0.7 penalize 0.1;\n norm n3 when x > 0.9 penalize 0.7;",
                Signals + "reward 0;\n norm n3 when x > 0.9 penalize 0.7;\n norm n1 when x > 0.5 penalize 0.3;\n norm n2 when x > 0.7 penalize 0.1;"));
        }

        [Fact]
        public void A_negated_guard_is_the_same_guard()
        {
            Equivalent(Diff(Signals + "reward 0;\n norm n when not (x < 0.5) penalize 1;", Signals + "reward 0;\n norm n when x >= 0.5 penalize 1;"));
            Equivalent(Diff(Signals + "reward 0;\n norm n in not (region == EU) when not refused penalize 1;",
                            Signals + "reward 0;\n norm n in region in { US, MENA } when not refused penalize 1;"));
        }

        [Fact]
        public void Regrouped_arithmetic_is_the_same_amount()
        {
            Equivalent(Diff(Signals + "reward 0.5 * a + 0.5 * b;", Signals + "reward (a + b) / 2;"));
            Equivalent(Diff(Signals + "reward a + b + x;", Signals + "reward x + (b + a);"));
            Equivalent(Diff(Signals + "reward 0.1 * a + 0.2 * a;", Signals + "reward 0.3 * a;"));
            Equivalent(Diff(Signals + "reward 0;\n norm n when tokens > 512 penalize 0.002 * (tokens - 512);",
                            Signals + "reward 0;\n norm n when tokens > 512 penalize 0.002 * tokens - 1.024;"));
            Equivalent(Diff(Signals + "let m = (a + b) / 2;\n reward m;", Signals + "reward a / 2 + b / 2;"));
            Equivalent(Diff(Signals + "reward w * (a - b);", Signals + "reward w * a - b * w;"));
        }

        [Fact]
        public void A_norm_split_into_two_disjoint_norms_with_the_same_amount_is_equivalent()
        {
            var result = Diff(
                Signals + "reward 0;\n norm n when x > 0.5 penalize 2 * x;",
                Signals + "reward 0;\n norm n_refused when x > 0.5 and refused penalize 2 * x;\n norm n_answered when x > 0.5 and not refused penalize x + x;");
            Equivalent(result);
            Assert.Equal(3, result.Norms.Length); // one removed, two added: listed, yet equivalent
        }

        [Fact]
        public void A_cap_that_never_binds_is_no_difference()
        {
            Equivalent(Diff(Signals + "reward 0;\n norm n when x > 0.5 penalize 2 * x cap 3;", Signals + "reward 0;\n norm n when x > 0.5 penalize 2 * x;"));
            Assert.False(Diff(Signals + "reward 0;\n norm n when x > 0.5 penalize 2 * x cap 1.5;", Signals + "reward 0;\n norm n when x > 0.5 penalize 2 * x;").Equivalent);
        }

        [Fact]
        public void Rewritten_preferences_with_the_same_closure_are_equivalent()
        {
            const string norms = "reward 0;\n norm p when x > 0.5 penalize 1;\n norm q when x > 0.3 penalize 2;\n norm r when x > 0.1 penalize 3;\n";
            Equivalent(Diff(Signals + norms + "prefer p over q;\n prefer q over r;", Signals + norms + "prefer p over q, r;\n prefer q over r;"));
        }

        [Fact]
        public void Rewritten_lets_are_one_derived_value()
        {
            Equivalent(Diff(Signals + "let s = a + b;\n reward 0;\n norm n when s > 1 penalize s;",
                            Signals + "let total = b + a;\n reward 0;\n norm n when total > 1 penalize total;"));
        }

        [Fact]
        public void A_large_contract_diffed_with_itself_or_a_reordered_copy_is_equivalent()
        {
            string before = Generated(60, reversed: false);
            string after = Generated(60, reversed: true);
            Equivalent(Diff(before, before));
            Equivalent(Diff(before, after));
        }

        [Fact]
        public void A_large_contract_with_one_boundary_changed_differs_exactly_there()
        {
            string before = Generated(60, reversed: false);
            string after = string.Join("\n", before.Split('\n').Select(l => l.StartsWith("norm n37 ", StringComparison.Ordinal) ? l.Replace("when tokens > ", "when tokens >= ") : l));
            Assert.NotEqual(before, after);
            var result = Diff(before, after);
            Assert.Equal(DiffVerdict.Different, result.Verdict);
            var total = Single(result, DifferenceKind.Total);
            Assert.True(total.Confirmed);
            Assert.Contains("`n37`", total.Description);
            Assert.Equal("n37", Assert.Single(result.Norms).Name);
        }

        /// <summary>Norms with thresholds over a few signals, in concerns of four (rewards only for refusals, so nothing conflicts), a preference every tenth norm.</summary>
        internal static string Generated(int norms, bool reversed)
        {
            var random = new Random(5);
            var lines = new List<string>();
            for (int i = 0; i < norms; i++)
            {
                string t = (64 * (1 + random.Next(60))).ToString(CultureInfo.InvariantCulture);
                string p = (0.05 + 0.9 * random.NextDouble()).ToString("0.##", CultureInfo.InvariantCulture);
                string amount = (0.1 + random.NextDouble()).ToString("0.##", CultureInfo.InvariantCulture);
                string region = new[] { "EU", "US", "MENA" }[i % 3];
                lines.Add(i % 5 == 0
                    ? $"norm n{i} concern c{i / 4} in region == {region} when tokens > {t} and x < {p} and refused reward {amount} * x cap 1;"
                    : $"norm n{i} concern c{i / 4} in region == {region} when tokens > {t} and x >= {p} and not refused penalize w * {amount} * x + 0.001 * tokens cap 3;");
            }
            if (reversed) lines.Reverse();
            var sb = new StringBuilder(Signals).Append("reward 0.1 * a;\n");
            foreach (var line in lines) sb.Append(line).Append('\n');
            for (int i = 0; i + 5 < norms; i += 10) sb.Append($"prefer n{i} over n{i + 5};\n");
            sb.Append("uncertain 0.5 when conflict;\n");
            return sb.ToString();
        }
    }
}
