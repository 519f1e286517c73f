using System;
using System.Collections.Generic;
using System.Linq;

// Shared by the examples (linked into each project, so every example still builds on its own).
namespace Examples.Statistics
{
    /// <summary>An estimate with a two-sided percentile bootstrap interval.</summary>
    public sealed record Estimate(double Value, double Low, double High)
    {
        public override string ToString() => $"{Value:F3} [{Low:F3}, {High:F3}]";
    }

    /// <summary>Measures that score a ranking against a binary target, and a cluster bootstrap for their intervals.</summary>
    public static class Measures
    {
        /// <summary>
        /// Area under the ROC curve of <paramref name="scores"/> for <paramref name="positives"/>: the probability that a
        /// random positive scores above a random negative, ties counted one half (the Mann–Whitney U statistic over
        /// n₊·n₋, with mid-ranks). NaN when either class is empty. 0.5 is chance; a constant score gets exactly 0.5.
        /// </summary>
        public static double Auroc(IReadOnlyList<double> scores, IReadOnlyList<bool> positives)
        {
            if (scores.Count != positives.Count) throw new ArgumentException($"{scores.Count} scores but {positives.Count} targets");
            int n = scores.Count;
            var order = Enumerable.Range(0, n).OrderBy(i => scores[i]).ToArray();
            double positiveRankSum = 0;
            long positiveCount = 0;
            for (int start = 0; start < n;)
            {
                int end = start;
                while (end + 1 < n && scores[order[end + 1]] == scores[order[start]]) end++;
                double midRank = (start + end) / 2.0 + 1; // 1-based mid-rank of the tied block
                for (int k = start; k <= end; k++)
                    if (positives[order[k]]) { positiveRankSum += midRank; positiveCount++; }
                start = end + 1;
            }
            long negativeCount = n - positiveCount;
            if (positiveCount == 0 || negativeCount == 0) return double.NaN;
            double u = positiveRankSum - positiveCount * (positiveCount + 1) / 2.0;
            return u / ((double)positiveCount * negativeCount);
        }

        /// <summary>
        /// A statistic over items grouped in clusters, with a percentile interval from resampling whole clusters with
        /// replacement (a cluster bootstrap: the interval covers what a new draw of clusters, e.g. scenario families
        /// nobody tuned on, would give). <paramref name="statistic"/> gets the indices of the items of a resample (an
        /// item appears once per time its cluster was drawn); resamples where it is NaN are skipped.
        /// </summary>
        public static Estimate ClusterBootstrap(IReadOnlyList<string> clusterOfItem, Func<IReadOnlyList<int>, double> statistic, int resamples = 2000, int seed = 1, double level = 0.95)
        {
            var clusters = clusterOfItem.Select((c, i) => (c, i)).GroupBy(x => x.c, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => g.Select(x => x.i).ToArray()).ToArray();
            double value = statistic(Enumerable.Range(0, clusterOfItem.Count).ToArray());
            var random = new Random(seed);
            var values = new List<double>(resamples);
            var items = new List<int>(clusterOfItem.Count * 2);
            for (int r = 0; r < resamples; r++)
            {
                items.Clear();
                for (int k = 0; k < clusters.Length; k++) items.AddRange(clusters[random.Next(clusters.Length)]);
                double v = statistic(items);
                if (!double.IsNaN(v)) values.Add(v);
            }
            values.Sort();
            double alpha = (1 - level) / 2;
            return new Estimate(value, Quantile(values, alpha), Quantile(values, 1 - alpha));
        }

        /// <summary>The q-quantile of sorted values, linear between order statistics (NaN when empty).</summary>
        public static double Quantile(IReadOnlyList<double> sorted, double q)
        {
            if (sorted.Count == 0) return double.NaN;
            double position = q * (sorted.Count - 1);
            int below = (int)Math.Floor(position);
            int above = Math.Min(below + 1, sorted.Count - 1);
            return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
        }
    }
}
