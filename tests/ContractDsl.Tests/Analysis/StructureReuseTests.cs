using System.Text.RegularExpressions;
using ContractDsl.Binding;
using ContractDsl.Analysis;

namespace ContractDsl.Tests.Analysis
{
    /// <summary>
    /// The analysis reuses the structural properties (regions, conflicts, trade-offs, gaps, shadowing) of a recently
    /// analysed version of a contract that differs only in amounts, the base reward and locations. The result must be
    /// exactly a fresh analysis's: checked on random contracts edited the way a user edits amounts.
    /// </summary>
    public class StructureReuseTests
    {
        /// <summary>A new version: text shifted, the base reward and every amount changed; conditions and preferences kept.</summary>
        private static string EditAmounts(string text, int k)
        {
            var lines = text.Split('\n').Select(line =>
            {
                var m = Regex.Match(line, @"^  reward (.*);$");
                if (m.Success) return $"  reward ({m.Groups[1].Value}) * {k + 2} + 1;";
                if (!line.StartsWith("  norm ", StringComparison.Ordinal)) return line;
                return line.Replace(" reward ", $" reward {k + 2} * ").Replace(" penalize ", $" penalize 0.{k + 1} + ");
            });
            return "// version " + k + "\n\n" + string.Join("\n", lines);
        }

        [Theory]
        [InlineData(5)]
        [InlineData(99)]
        public void Reusing_a_previous_version_gives_a_fresh_analysis(int seed)
        {
            var random = new RandomContracts(seed);
            var structures = new ContractAnalyzer.StructureCache();
            int edits = 0;
            for (int t = 0; t < 120; t++)
            {
                string text = random.Next(out _);
                var first = AnalysisTestSupport.Bind(text, "v.contract");
                Assert.Equal(ContractAnalyzer.Analyze(first), ContractAnalyzer.Analyze(first, structures));
                for (int k = 0; k < 2; k++)
                {
                    string edited = EditAmounts(text, k);
                    var contract = AnalysisTestSupport.Bind(edited, "v.contract");
                    var viaCache = ContractAnalyzer.Analyze(contract, structures);
                    var fresh = ContractAnalyzer.Analyze(contract);
                    Assert.True(fresh.Equals(viaCache), $"reuse differs from a fresh analysis\n{edited}\nfresh:\n{string.Join("\n", fresh.Diagnostics)}\nreused:\n{string.Join("\n", viaCache.Diagnostics)}");
                    edits++;
                }
            }
            // Every edit found its previous version (the first, or the edit before it) in the cache, unless the budget ran out.
            Assert.True(structures.Reuses >= edits * 9 / 10, $"{structures.Reuses} reuses in {edits} edits");
        }

        /// <summary>
        /// A new version in which one norm's condition changed (its guard or context negated, picked by
        /// <paramref name="k"/>), the text before it grown so every later location moves; the rest kept.
        /// </summary>
        private static string EditCondition(string text, int k)
        {
            var lines = text.Split('\n');
            var norms = Enumerable.Range(0, lines.Length).Where(i => lines[i].StartsWith("  norm ", StringComparison.Ordinal)).ToList();
            int line = norms[k % norms.Count];
            var m = Regex.Match(lines[line], @"^(  norm \S+.*?)( in (.*?))?( when (.*?))? (reward|penalize|allow)(.*)$");
            string head = m.Groups[1].Value, context = m.Groups[3].Value, guard = m.Groups[5].Value, rest = m.Groups[6].Value + m.Groups[7].Value;
            // Negating keeps the axes the condition reads (and their order); with neither, the norm gains a guard.
            if (k % 2 == 0 && m.Groups[4].Success) guard = $"not ({guard})";
            else if (m.Groups[2].Success) context = $"not ({context})";
            else if (m.Groups[4].Success) guard = $"not ({guard})";
            lines[line] = head + (m.Groups[2].Success ? " in " + context : "") + (m.Groups[4].Success ? " when " + guard : "") + " " + rest;
            return "// condition edit " + k + "\n" + string.Join("\n", lines);
        }

        [Theory]
        [InlineData(7)]
        [InlineData(41)]
        public void Reusing_the_unchanged_norms_of_a_version_with_other_conditions_gives_a_fresh_analysis(int seed)
        {
            var random = new RandomContracts(seed);
            var structures = new ContractAnalyzer.StructureCache();
            int edits = 0, changed = 0;
            for (int t = 0; t < 120; t++)
            {
                string text = random.Next(out _);
                var first = AnalysisTestSupport.Bind(text, "v.contract");
                Assert.Equal(ContractAnalyzer.Analyze(first), ContractAnalyzer.Analyze(first, structures));
                for (int k = 0; k < 3; k++)
                {
                    // Each edit's previous version is the one before it: conditions drift apart from the first.
                    text = EditCondition(text, t + k);
                    var contract = AnalysisTestSupport.Bind(text, "v.contract");
                    var fresh = ContractAnalyzer.Analyze(contract);
                    int before = structures.Reuses;
                    var viaCache = ContractAnalyzer.Analyze(contract, structures);
                    Assert.True(fresh.Equals(viaCache), $"reuse differs from a fresh analysis\n{text}\nfresh:\n{string.Join("\n", fresh.Diagnostics)}\nreused:\n{string.Join("\n", viaCache.Diagnostics)}");
                    edits++;
                    changed += structures.Reuses - before;
                }
            }
            // Negating a condition keeps the guard space, so nearly every edit reuses its neighbour (not: the budget ran out).
            Assert.True(changed >= edits * 9 / 10, $"{changed} reuses in {edits} edits");
        }

        [Fact]
        public void A_changed_condition_is_analysed_again_and_the_unchanged_conflict_moves_with_its_norms()
        {
            // c's guard grows, which moves a and b (and their conflict) further down the file.
            string before = "contract C {\n  signal x : real in [0, 1];\n  reward x;\n  norm c \"r\" when x > 0.9 reward 1;\n" +
                            "  norm a \"r\" when x > 0.5 reward 1;\n  norm b \"r\" when x > 0.6 penalize 1;\n  norm d \"r\" when x < 0.2 penalize 1;\n}\n";
            string after = before.Replace("x > 0.9 reward", "x > 0.1 and x < 0.95 reward");
            var structures = new ContractAnalyzer.StructureCache();
            var first = ContractAnalyzer.Analyze(AnalysisTestSupport.Bind(before, "c.contract"), structures);
            Assert.Equal(2, first.Diagnostics.Count(d => d.Id == "CDSL3001")); // a–b, c–b
            var edited = AnalysisTestSupport.Bind(after, "c.contract");
            var second = ContractAnalyzer.Analyze(edited, structures);
            Assert.Equal(1, structures.Reuses);
            Assert.Equal(ContractAnalyzer.Analyze(edited), second);
            // c now overlaps d too; the a–b conflict is reused and sits at a's new name.
            Assert.Equal(3, second.Diagnostics.Count(d => d.Id == "CDSL3001"));
            var ab = second.Diagnostics.Single(d => d.Id == "CDSL3001" && d.Message.Contains("`a`") && d.Message.Contains("`b`"));
            Assert.Equal(after.IndexOf("norm a", StringComparison.Ordinal) + 5, ab.Span.Start);
        }

        [Fact]
        public void A_condition_that_reads_a_new_signal_is_analysed_afresh()
        {
            string before = "contract C {\n  signal x : real in [0, 1];\n  signal y : real in [0, 1];\n  reward x + y;\n  norm a \"r\" when x > 0.5 reward 1;\n  norm b \"r\" when x < 0.2 penalize 1;\n}\n";
            string after = before.Replace("x < 0.2", "y < 0.7");
            var structures = new ContractAnalyzer.StructureCache();
            ContractAnalyzer.Analyze(AnalysisTestSupport.Bind(before, "c.contract"), structures);
            var edited = AnalysisTestSupport.Bind(after, "c.contract");
            var second = ContractAnalyzer.Analyze(edited, structures);
            Assert.Equal(0, structures.Reuses); // the guard space gained an axis: nothing is reused
            Assert.Equal(ContractAnalyzer.Analyze(edited), second);
        }

        [Fact]
        public void A_budget_that_runs_out_after_a_condition_edit_gives_the_fresh_analysis()
        {
            // Twelve overlapping reward/penalty pairs on one signal; the edit gives r5 a second box, so its pairs cost more.
            var norms = string.Join("\n", Enumerable.Range(0, 12).Select(i =>
                $"  norm r{i} \"r\" when x > 0.{i} reward 1;\n  norm p{i} \"r\" when x < 0.{i + 3} penalize 1;"));
            string before = $"contract C {{\n  signal x : real in [0, 2];\n  reward x;\n{norms}\n}}\n";
            string after = before.Replace("norm r5 \"r\" when x > 0.5", "norm r5 \"r\" when x > 0.5 or x < 0.05");
            var first = AnalysisTestSupport.Bind(before, "c.contract");
            var edited = AnalysisTestSupport.Bind(after, "c.contract");
            // Whether an analysis within `budget` finished (only then is it remembered: a moved copy is served from the cache).
            static bool Finished(string text, long budget)
            {
                var options = new AnalysisOptions(Budget: budget);
                var structures = new ContractAnalyzer.StructureCache();
                ContractAnalyzer.Analyze(AnalysisTestSupport.Bind(text, "c.contract"), structures, options: options);
                ContractAnalyzer.Analyze(AnalysisTestSupport.Bind("// moved\n" + text, "c.contract"), structures, options: options);
                return structures.Reuses == 1;
            }
            // The least budget within which a version's analysis finishes, by bisection.
            static long Need(string text)
            {
                long lo = 1, hi = 1 << 20;
                while (lo < hi)
                {
                    long mid = (lo + hi) / 2;
                    if (Finished(text, mid)) hi = mid; else lo = mid + 1;
                }
                return lo;
            }
            // The budgets within which the first version finishes and the edited one does not.
            long first_ = Need(before), edited_ = Need(after);
            Assert.True(first_ < edited_, $"the edit should cost more: {first_} then {edited_}");
            var budgets = new[] { first_, (first_ + edited_) / 2, edited_ - 1 };
            foreach (long budget in budgets)
            {
                var options = new AnalysisOptions(Budget: budget);
                var structures = new ContractAnalyzer.StructureCache();
                ContractAnalyzer.Analyze(first, structures, options: options);
                // The first version was analysed in full and remembered: a moved copy of it is served from the cache.
                ContractAnalyzer.Analyze(AnalysisTestSupport.Bind("// moved\n" + before, "c.contract"), structures, options: options);
                Assert.Equal(1, structures.Reuses);
                Assert.Equal(ContractAnalyzer.Analyze(edited, options), ContractAnalyzer.Analyze(edited, structures, options: options));
                Assert.Equal(1, structures.Reuses); // the neighbour was tried, ran out of budget, and the analysis was fresh
            }
        }
    }
}
