using ContractDsl.Lowering;
using ContractDsl.Versions;
using static ContractDsl.Tests.Versions.DiffTestSupport;

namespace ContractDsl.Tests.Versions
{
    /// <summary>Pairs of versions that differ in one way each: the diff finds exactly that, with a checked witness.</summary>
    public class DiffTests
    {
        private const string Signals = @"
  signal x : real in [0, 1];
  signal y : real in [0, 1];
  signal tokens : count in [0, 100];
  signal refused : flag;
  signal region : category { EU, US, MENA };
  reward 0;";

        [Fact]
        public void A_boundary_change_is_found_at_the_boundary()
        {
            var result = Diff(Signals + "norm n when x >= 0.5 penalize 1;", Signals + "norm n when x > 0.5 penalize 1;");
            Assert.Equal(DiffVerdict.Different, result.Verdict);
            Assert.False(result.Equivalent);
            var total = Single(result, DifferenceKind.Total);
            Assert.Equal("x == 0.5", total.Where);
            Assert.Equal("0.5", Bound(total.Witness!, "x"));
            Assert.Equal(new ContractDsl.Analysis.Interval(1, 1), total.Change);
            Assert.Equal(-1f, total.Witness!.Before.Total);
            Assert.Equal(0f, total.Witness!.After.Total);
            var activity = Single(result, DifferenceKind.Activity);
            Assert.Equal("n", activity.Norm);
            Assert.Contains("before, not after", activity.Description);
            Assert.Equal("x == 0.5", activity.Where);
            var change = Assert.Single(result.Norms);
            Assert.Equal(ChangeKind.Changed, change.Kind);
            Assert.Contains(change.Aspects, a => a.Contains("condition `when x >= 0.5` → `when x > 0.5`"));
            Assert.Equal(ConcernOrder.MorePermissive, result.Concerns.Single(c => c.Concern == "n").Order);
        }

        [Fact]
        public void Counts_differ_only_on_whole_numbers()
        {
            var differ = Diff(Signals + "norm n when tokens > 3 penalize 1;", Signals + "norm n when tokens >= 3 penalize 1;");
            var total = Single(differ, DifferenceKind.Total);
            Assert.Equal("tokens == 3", total.Where);
            Assert.Equal("3", Bound(total.Witness!, "tokens"));
            Assert.Equal(ConcernOrder.Stricter, differ.Concerns.Single().Order);

            // no whole number lies strictly between 3 and 3.5
            Equivalent(Diff(Signals + "norm n when tokens > 3 penalize 1;", Signals + "norm n when tokens >= 3.5 penalize 1;"));
        }

        [Fact]
        public void A_new_preference_changes_the_total_only_where_both_norms_apply()
        {
            const string norms = @"
  norm strict concern safety when x > 0.5 penalize 2;
  norm lenient concern safety when y > 0.5 penalize 1;";
            var result = Diff(Signals + norms, Signals + norms + "\n  prefer strict over lenient;");
            var total = Single(result, DifferenceKind.Total);
            Assert.Equal("x > 0.5 and y > 0.5", total.Where);
            Assert.Equal(new ContractDsl.Analysis.Interval(1, 1), total.Change);
            Assert.Contains("`lenient` applies before only", total.Description);
            var w = total.Witness!;
            Assert.Equal(-3f, w.Before.Total);
            Assert.Equal(-2f, w.After.Total);
            var activity = Single(result, DifferenceKind.Activity);
            Assert.Equal("lenient", activity.Norm);
            Assert.Equal("x > 0.5 and y > 0.5", activity.Where);
            Assert.Contains(result.Norms.Single(n => n.Name == "lenient").Aspects, a => a.StartsWith("preferred over it: none → { strict }"));
            Assert.Equal(ConcernOrder.MorePermissive, result.Concerns.Single(c => c.Concern == "safety").Order);
        }

        [Fact]
        public void A_changed_amount_is_a_total_difference_with_its_interval()
        {
            var result = Diff(Signals + "norm n when refused penalize 2 * x;", Signals + "norm n when refused penalize 3 * x;");
            var total = Single(result, DifferenceKind.Total);
            Assert.Equal("refused", total.Where);
            Assert.Contains("the amount of `n` differs", total.Description);
            // −3x − (−2x) = −x over x ∈ [0, 1]
            Assert.Equal(-1, total.Change.Low);
            Assert.Equal(0, total.Change.High);
            Assert.True(total.Witness!.After.Total < total.Witness.Before.Total);
            Assert.DoesNotContain(result.Regions, r => r.Kind == DifferenceKind.Activity);
            Assert.Contains(result.Norms.Single().Aspects, a => a == "amount `2 * x` → `3 * x`");
            var concern = result.Concerns.Single();
            Assert.Equal(ConcernOrder.Stricter, concern.Order);
            Assert.NotNull(concern.LowerWitness);
        }

        [Fact]
        public void Added_and_removed_norms_are_listed_and_their_regions_found()
        {
            var result = Diff(Signals + "norm old_rule when refused penalize 1;", Signals + "norm new_rule in region == MENA reward 1;");
            Assert.Equal(new[] { (ChangeKind.Removed, "old_rule"), (ChangeKind.Added, "new_rule") }, result.Norms.Select(n => (n.Kind, n.Name)));
            Assert.Equal(0, result.UnchangedNorms);
            var totals = result.Regions.Where(r => r.Kind == DifferenceKind.Total).ToList();
            Assert.Equal(3, totals.Count); // old only, new only, both
            Assert.All(totals, r => Assert.True(r.Confirmed));
            Assert.Contains(totals, r => r.Where == "refused and region == MENA" && r.Change == new ContractDsl.Analysis.Interval(2, 2));
            Assert.Equal(ConcernOrder.MorePermissive, result.Concerns.Single(c => c.Concern == "old_rule").Order);
            Assert.Equal(ConcernOrder.MorePermissive, result.Concerns.Single(c => c.Concern == "new_rule").Order);
        }

        [Fact]
        public void A_removed_signal_is_reported_and_a_difference_where_the_old_version_read_it()
        {
            const string common = "signal x : real in [0, 1];\n reward x;";
            var result = Diff(common + "\n signal toxicity : prob;\n norm toxic when toxicity > 0.8 penalize 5;", common);
            var removed = Assert.Single(result.Signals);
            Assert.Equal((ChangeKind.Removed, "toxicity"), (removed.Kind, removed.Name));
            var total = Single(result, DifferenceKind.Total);
            Assert.Equal("toxicity > 0.8", total.Where);
            Assert.True(total.Confirmed);

            // a removed signal nothing read is no difference
            var unused = Diff(common + "\n signal toxicity : prob;", common);
            Equivalent(unused);
            Assert.Equal(ChangeKind.Removed, Assert.Single(unused.Signals).Kind);
        }

        [Fact]
        public void A_changed_param_dependence_is_found_at_some_param_value()
        {
            const string head = "signal x : real in [0, 1];\n param w = 2 in [0, 4];\n reward 0;\n";
            var result = Diff(head + "norm n when x > 0.5 penalize w * x;", head + "norm n when x > 0.5 penalize 2 * x;");
            var total = Single(result, DifferenceKind.Total);
            var w = total.Witness!;
            Assert.NotEqual(2.0, w.BeforeParams[0]); // at the default the versions agree
            Assert.Contains(w.Params, p => p.Name == "w");
            Assert.Equal(ConcernOrder.Incomparable, result.Concerns.Single().Order);
        }

        [Fact]
        public void Domain_changes_are_reported_with_an_out_of_domain_witness()
        {
            var result = Diff("signal x : real in [0, 10];\n reward x;", "signal x : real in [0, 20];\n reward x;");
            var change = Assert.Single(result.Signals);
            Assert.Equal(ChangeKind.Changed, change.Kind);
            var reason = Single(result, DifferenceKind.Reason);
            Assert.Equal(ReasonBits.OutOfDomain, reason.Reasons);
            Assert.True(reason.Confirmed);
            Assert.Equal(DiffVerdict.Different, result.Verdict);

            var categories = Diff("signal r : category { EU, US };\n reward 0;\n norm n in r == EU reward 1;",
                                  "signal r : category { EU, US, MENA };\n reward 0;\n norm n in r == EU reward 1;");
            var invalid = Single(categories, DifferenceKind.Reason);
            Assert.Equal("MENA", Bound(invalid.Witness!, "r"));
            Assert.True((invalid.Witness!.Before.Reasons & ReasonBits.Invalid) != 0);
        }

        [Fact]
        public void A_new_conflict_is_a_reason_difference()
        {
            const string head = "signal x : real in [0, 1];\n reward 0;\n norm a concern c when x > 0.5 penalize 1;\n";
            var result = Diff(head, head + "norm b concern c when x > 0.8 reward 1;");
            var conflict = result.Regions.Single(r => r.Kind == DifferenceKind.Reason);
            Assert.Equal(ReasonBits.Conflict, conflict.Reasons);
            Assert.Contains("after, not before", conflict.Description);
            Assert.Equal("x > 0.8", conflict.Where);
            Assert.Equal(new ContractDsl.Analysis.Interval(1, 1), conflict.Change);
        }

        [Fact]
        public void A_gap_opened_by_a_narrower_context_is_a_reason_difference()
        {
            const string head = "signal r : category { EU, US, MENA };\n reward 0;\n";
            var result = Diff(head + "norm a concern alcohol in r == MENA penalize 1;\n norm b concern alcohol in r in { EU, US } allow;",
                              head + "norm a concern alcohol in r == MENA penalize 1;\n norm b concern alcohol in r == EU allow;");
            var gap = result.Regions.Single(r => r.Kind == DifferenceKind.Reason);
            Assert.Equal(ReasonBits.Gap, gap.Reasons);
            Assert.Equal("r == US", gap.Where);
            Assert.Equal("US", Bound(gap.Witness!, "r"));
        }

        [Fact]
        public void Changed_uncertainty_rules_are_an_uncertainty_difference()
        {
            const string head = "signal x : real in [0, 1];\n reward 0;\n";
            var result = Diff(head + "uncertain 0.5 when x > 0.9;", head + "uncertain 0.7 when x > 0.9;");
            var u = Single(result, DifferenceKind.Uncertainty);
            Assert.Equal("x > 0.9", u.Where);
            Assert.Equal(0.5f, u.Witness!.Before.Uncertainty);
            Assert.Equal(0.7f, u.Witness!.After.Uncertainty);
            Assert.DoesNotContain(result.Regions, r => r.Kind == DifferenceKind.Reason); // Explicit fires on the same samples
        }

        [Fact]
        public void Concern_verdicts_follow_the_sign_of_the_change()
        {
            const string head = "signal x : real in [0, 1];\n signal y : real in [0, 1];\n reward 0;\n";
            var result = Diff(
                head + "norm a concern c1 when x > 0.5 penalize 1;\n norm b concern c2 when x > 0.5 penalize 1;\n norm d concern c3 when x > 0.2 penalize 1;\n norm e concern c4 when y > 0.5 reward 1;",
                head + "norm a concern c1 when x > 0.2 penalize 1;\n norm b concern c2 when x > 0.5 penalize 1 * x + 0.5;\n norm d concern c3 when x > 0.2 penalize 2 * x;\n norm e concern c4 when y > 0.5 reward 1;");
            var verdicts = result.Concerns.ToDictionary(c => c.Concern, c => c.Order);
            Assert.Equal(ConcernOrder.Stricter, verdicts["c1"]);        // penalizes on more samples
            Assert.Equal(ConcernOrder.Stricter, verdicts["c2"]);        // x + 0.5 ≥ 1 where x > 0.5
            Assert.Equal(ConcernOrder.Incomparable, verdicts["c3"]);    // 2x < 1 for x < 0.5, > 1 above
            Assert.Equal(ConcernOrder.Same, verdicts["c4"]);
            var c3 = result.Concerns.Single(c => c.Concern == "c3");
            Assert.NotNull(c3.LowerWitness);
            Assert.NotNull(c3.HigherWitness);
        }

        [Fact]
        public void Results_are_value_equal_and_deterministic()
        {
            const string before = Signals + "norm n when x >= 0.5 penalize 2 * y;";
            const string after = Signals + "norm n when x > 0.5 penalize 3 * y;";
            Assert.Equal(Diff(before, after), Diff(before, after));
            Assert.Equal(Diff(before, after).ToText(), Diff(before, after).ToText());
        }

        [Fact]
        public void Differences_it_cannot_confirm_are_reported_as_possible_not_as_equivalence()
        {
            // equal as real functions, but the canonical form does not know log(exp(x)) = x
            var result = Diff("signal x : real in [0, 1];\n reward log(exp(x));", "signal x : real in [0, 1];\n reward x;");
            Assert.Equal(DiffVerdict.PossiblyDifferent, result.Verdict);
            var total = Single(result, DifferenceKind.Total);
            Assert.False(total.Confirmed);
            Assert.NotNull(total.Note);
            Assert.True(total.Change.Contains(0));
        }

        [Fact]
        public void A_spent_budget_gives_up_rather_than_claiming_equivalence()
        {
            var options = new DiffOptions(Budget: 3);
            var b = Module(Signals + "norm n when x >= 0.5 and y < 0.3 penalize 1;\n norm m when x < 0.2 reward 1;");
            var a = Module(Signals + "norm m when x < 0.2 reward 1;\n norm n when not (x < 0.5) and y < 0.3 penalize 1;");
            var result = ContractDiff.Compare(b, a, options);
            Assert.Equal(DiffVerdict.GaveUp, result.Verdict);
            Assert.False(result.Equivalent);
            Assert.NotEmpty(result.Notes);
            Assert.True(ContractDiff.Compare(b, a).Equivalent); // with the default budget it is proven
        }

        [Fact]
        public void The_report_names_the_verdict_regions_and_concerns()
        {
            var text = Diff(Signals + "norm n when x >= 0.5 penalize 1;", Signals + "norm n when x > 0.5 penalize 1;").ToText();
            Assert.StartsWith("contract `T`: different", text);
            Assert.Contains("where x == 0.5", text);
            Assert.Contains("witness: x = 0.5", text);
            Assert.Contains("before: total -1", text);
            Assert.Contains("n: more permissive", text);
        }

        [Fact]
        public void Differences_on_ensemble_statistics_and_lets_are_realised_by_samples()
        {
            const string head = "signal rm : real[4] in [-10, 10];\n let conservative = rm.mean - 0.5 * rm.std;\n reward conservative;\n";
            var result = Diff(head + "norm spread when rm.std > 2 penalize 1;\n norm low when conservative < -1 penalize 1;",
                              head + "norm spread when rm.std > 3 penalize 1;\n norm low when conservative < -2 penalize 1;");
            var totals = result.Regions.Where(r => r.Kind == DifferenceKind.Total).ToList();
            Assert.NotEmpty(totals);
            Assert.All(totals, r => Assert.True(r.Confirmed, r.Description + " where " + r.Where + ": " + r.Note));
            Assert.Contains(result.Regions, r => r.Kind == DifferenceKind.Activity && r.Norm == "spread" && r.Confirmed);
            Assert.Contains(result.Regions, r => r.Kind == DifferenceKind.Activity && r.Norm == "low" && r.Confirmed);
        }

        [Fact]
        public void A_signal_whose_kind_changed_is_compared_as_two_signals()
        {
            var result = Diff("signal s : flag;\n reward 0;\n norm n when s penalize 1;",
                              "signal s : prob;\n reward 0;\n norm n when s > 0.5 penalize 1;");
            var change = Assert.Single(result.Signals);
            Assert.Equal(ChangeKind.Changed, change.Kind);
            Assert.Contains("unrelated", change.Note);
            Assert.Equal(DiffVerdict.Different, result.Verdict);
            Assert.All(result.Regions, r => Assert.True(r.Confirmed));
        }

        [Fact]
        public void Reordered_category_values_are_matched_by_name()
        {
            Equivalent(Diff("signal r : category { EU, US, MENA };\n reward 0;\n norm n in r == MENA penalize 1;",
                            "signal r : category { MENA, US, EU };\n reward 0;\n norm n in r == MENA penalize 1;"));
        }

        [Fact]
        public void A_norm_turned_into_allow_loses_its_contribution()
        {
            var result = Diff(Signals + "norm n when refused penalize 1;", Signals + "norm n when refused allow;");
            var total = Single(result, DifferenceKind.Total);
            Assert.Equal("refused", total.Where);
            Assert.Contains(result.Norms.Single().Aspects, a => a == "effect penalize → allow");
            Assert.DoesNotContain(result.Regions, r => r.Kind == DifferenceKind.Activity);
        }

        [Fact]
        public void A_changed_explicit_rule_is_a_reason_and_an_uncertainty_difference()
        {
            const string head = "signal x : real in [0, 1];\n reward 0;\n";
            var result = Diff(head + "uncertain when x > 0.5;", head + "uncertain when x > 0.6;");
            var reason = Single(result, DifferenceKind.Reason);
            Assert.Equal(ReasonBits.Explicit, reason.Reasons);
            Assert.Equal("x > 0.5 and x <= 0.6", reason.Where);
            Assert.True(Single(result, DifferenceKind.Uncertainty).Confirmed);
            Assert.Contains(result.OtherChanges, o => o.StartsWith("uncertainty rules:"));
        }

        [Fact]
        public void A_changed_welfare_rule_makes_the_versions_different()
        {
            const string head = "signal r : category { EU, US };\n reward 0;\n";
            var result = Diff(head + "welfare utilitarian over r;", head + "welfare maximin over r;");
            Assert.Equal(DiffVerdict.Different, result.Verdict);
            Assert.Empty(result.Regions);
            Assert.Contains(result.OtherChanges, o => o.StartsWith("welfare: utilitarian over r → maximin over r"));
        }

        [Fact]
        public void A_raised_cap_is_stricter_and_its_change_is_exact()
        {
            // interval arithmetic alone bounds cap3(5x) − cap4(5x) by [−4, 3]; as a function of 5x it is exactly [−1, 0]
            var result = Diff(Signals + "norm n when refused penalize 5 * x cap 3;", Signals + "norm n when refused penalize 5 * x cap 4;");
            var total = Single(result, DifferenceKind.Total);
            Assert.Equal(new ContractDsl.Analysis.Interval(-1, 0), total.Change);
            Assert.True(total.Confirmed);
            Assert.Equal(ConcernOrder.Stricter, result.Concerns.Single().Order);
        }
    }
}