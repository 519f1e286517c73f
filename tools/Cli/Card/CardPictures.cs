using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using ContractDsl.Analysis;
using ContractDsl.Binding;
using ContractDsl.Cli.Eval;
using ContractDsl.Lowering;
using ContractDsl.Syntax;
using ScottPlot;

namespace ContractDsl.Cli.Card
{
    /// <summary>
    /// The pictures of a contract card, drawn with ScottPlot: what each norm can add to or take from the reward (from the
    /// analysis), and, on data, the distribution of the total reward and how often each norm applied.
    /// </summary>
    public static class CardPictures
    {
        public const int Width = 900;

        private static readonly Color RewardColor = Color.FromHex("#2e7d32");
        private static readonly Color PenaltyColor = Color.FromHex("#c62828");
        private static readonly Color AllowColor = Color.FromHex("#757575");
        private static readonly Color BaseColor = Color.FromHex("#1565c0");
        private static readonly Color TotalColor = Color.FromHex("#37474f");

        /// <summary>
        /// One horizontal bar per row — the base reward, each norm's signed contribution, the total — spanning the range the
        /// analysis proved (over every sample and every param value within bounds). An unbounded end is drawn to the
        /// edge and labelled ∞; an <c>allow</c> or dead norm has no bar.
        /// </summary>
        public static void RewardRanges(ContractIR module, ContractAnalysis analysis, string path)
        {
            var rows = new List<(string Label, Interval Range, Color Color, string Note)>
            {
                ("base reward", analysis.BaseRange, BaseColor, ""),
            };
            foreach (var norm in module.Contract.Norms)
            {
                var facts = analysis.Norms.FirstOrDefault(f => f.Norm == norm.Index);
                var range = facts?.Contribution ?? Interval.Empty;
                string note = facts?.Dead == true ? "dead: never applies" : norm.Effect == EffectKind.Allow ? "allow: contributes 0" : "";
                rows.Add((norm.Name, note.Length > 0 ? Interval.Empty : range, ColorOf(norm.Effect), note));
            }
            rows.Add(("total", analysis.TotalRange, TotalColor, analysis.Range.Exact ? "" : "over-approximated"));

            var finite = rows.Where(r => !r.Range.IsEmpty).SelectMany(r => new[] { r.Range.Low, r.Range.High }).Where(double.IsFinite).DefaultIfEmpty(0).ToList();
            double low = Math.Min(0, finite.Min()), high = Math.Max(0, finite.Max());
            double span = Math.Max(high - low, 1e-6);
            double left = low - span * 0.15, right = high + span * 0.25;

            var plot = new Plot();
            var bars = new List<Bar>();
            var positions = new double[rows.Count];
            var labels = new string[rows.Count];
            var insideLabels = new List<(string Text, double Y)>();
            for (int i = 0; i < rows.Count; i++)
            {
                var (label, range, color, note) = rows[i];
                double y = rows.Count - 1 - i; // the base at the top, the total at the bottom
                positions[i] = y;
                labels[i] = label;
                if (range.IsEmpty)
                {
                    // No bar: say why, at the left edge where it is always in view.
                    var text = plot.Add.Text(note, left + span * 0.01, y);
                    text.LabelFontSize = 12;
                    text.LabelFontColor = AllowColor;
                    text.LabelAlignment = Alignment.MiddleLeft;
                    continue;
                }
                double from = double.IsNegativeInfinity(range.Low) ? left : range.Low;
                double to = double.IsPositiveInfinity(range.High) ? right : range.High;
                if (to - from < span * 0.004) { from -= span * 0.002; to += span * 0.002; } // a point stays visible
                string rangeText = $"[{Number(range.Low)}, {Number(range.High)}]" + (note.Length > 0 ? " " + note : "");
                bool openRight = double.IsPositiveInfinity(range.High);
                bars.Add(new Bar
                {
                    Position = y,
                    ValueBase = from,
                    Value = to,
                    FillColor = color,
                    LineWidth = 0,
                    Size = 0.6,
                    Label = openRight ? "" : rangeText,
                });
                if (openRight) insideLabels.Add((rangeText, y)); // the bar runs off the right edge: its label goes inside it
            }
            var barPlot = plot.Add.Bars(bars);
            barPlot.Horizontal = true;
            foreach (var (label, y) in insideLabels)
            {
                var text = plot.Add.Text(label, right - span * 0.01, y);
                text.LabelFontSize = 12;
                text.LabelFontColor = Colors.White;
                text.LabelBold = true;
                text.LabelAlignment = Alignment.MiddleRight;
            }
            plot.Add.VerticalLine(0, 1, Colors.Gray);
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, labels);
            plot.Axes.SetLimitsX(left, right);
            plot.Axes.SetLimitsY(-0.7, rows.Count - 0.3);
            plot.Title($"{module.Name}: what each norm can add to the reward");
            plot.XLabel("contribution to the total reward (analysed range; ∞ = unbounded)");
            Save(plot, path, Width, 120 + 42 * rows.Count);
        }

        /// <summary>A histogram of the totals of a run.</summary>
        public static void TotalsHistogram(string contract, string data, IReadOnlyList<float> totals, string path)
        {
            var values = totals.Where(float.IsFinite).Select(t => (double)t).ToArray();
            double min = values.Length == 0 ? 0 : values.Min(), max = values.Length == 0 ? 0 : values.Max();
            int binCount = values.Length == 0 ? 1 : Math.Clamp((int)Math.Ceiling(Math.Sqrt(values.Length)), 1, 40);
            if (max - min < 1e-9) { min -= 0.5; max += 0.5; binCount = 1; }
            double width = (max - min) / binCount;
            var counts = new int[binCount];
            foreach (var v in values) counts[Math.Min(binCount - 1, (int)((v - min) / width))]++;

            var plot = new Plot();
            var bars = Enumerable.Range(0, binCount).Select(b => new Bar
            {
                Position = min + (b + 0.5) * width,
                Value = counts[b],
                Size = width * 0.95,
                FillColor = BaseColor,
                LineWidth = 0,
            }).ToList();
            plot.Add.Bars(bars);
            plot.Add.VerticalLine(values.Length == 0 ? 0 : values.Average(), 2, TotalColor, LinePattern.Dashed);
            plot.Axes.Margins(bottom: 0);
            plot.Title($"{contract} on {Path.GetFileName(data)}: distribution of the total reward ({values.Length} samples; dashed: mean)");
            plot.XLabel("total reward");
            plot.YLabel("samples");
            Save(plot, path, Width, 420);
        }

        /// <summary>How often each norm was active on a run's data, as a share of the samples.</summary>
        public static void ActivationRates(EvalResult result, string path)
        {
            var norms = result.Info.Norms;
            var plot = new Plot();
            var positions = new double[norms.Count];
            var labels = new string[norms.Count];
            var bars = new List<Bar>();
            for (int k = 0; k < norms.Count; k++)
            {
                double y = norms.Count - 1 - k;
                positions[k] = y;
                labels[k] = norms[k].Name;
                double rate = result.Statistics.Rate(k) * 100;
                bars.Add(new Bar
                {
                    Position = y,
                    Value = rate,
                    FillColor = norms[k].Effect switch { "reward" => RewardColor, "penalize" => PenaltyColor, _ => AllowColor },
                    LineWidth = 0,
                    Size = 0.6,
                    Label = $"{result.Statistics.Active(k)} ({rate.ToString("0.0", CultureInfo.InvariantCulture)} %)",
                });
            }
            var barPlot = plot.Add.Bars(bars);
            barPlot.Horizontal = true;
            plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(positions, labels);
            plot.Axes.SetLimitsX(0, 115);
            plot.Axes.SetLimitsY(-0.7, norms.Count - 0.3);
            plot.Title($"{result.Info.Name} on {Path.GetFileName(result.DataPath)}: how often each norm applied ({result.Statistics.Samples} samples)");
            plot.XLabel("active on % of samples (green: reward, red: penalize, grey: allow)");
            Save(plot, path, Width, 120 + 42 * Math.Max(1, norms.Count));
        }

        private static Color ColorOf(EffectKind effect) => effect switch
        {
            EffectKind.Reward => RewardColor,
            EffectKind.Penalize => PenaltyColor,
            _ => AllowColor,
        };

        private static void Save(Plot plot, string path, int width, int height)
        {
            if (Path.GetExtension(path).Equals(".svg", StringComparison.OrdinalIgnoreCase)) plot.SaveSvg(path, width, height);
            else plot.SavePng(path, width, height);
        }

        private static string Number(double value) =>
            double.IsPositiveInfinity(value) ? "∞" : double.IsNegativeInfinity(value) ? "-∞" : value.ToString("0.###", CultureInfo.InvariantCulture);
    }
}
