using System;
using System.Collections.Generic;
using System.Linq;
using ContractDsl.Binding;

namespace ContractDsl.Analysis
{
    /// <summary>
    /// Drops boxes that constrain derived axes in ways no sample can meet. A box's axes are treated as
    /// independent, but statistics and lets are functions of the signals: <c>rm.min &gt; 5 and rm.max &lt; 3</c>,
    /// or <c>l &lt; 0 and x &gt; 1</c> with <c>let l = x - 1</c>, is a non-empty box yet an impossible sample.
    /// The checks are necessary conditions (so dropping is sound): for an ensemble, min ≤ mean ≤ max,
    /// std = √var, Popoviciu's std ≤ c_k·(max − min), the least std for a given range, and the largest
    /// variance of k members with a given mean (a finite-k Bhatia–Davis bound), all with float slack; for a let, its interval over the box's other
    /// axes must meet the box's set. Removing boxes that hold no sample does not change which samples a
    /// region holds, so every set operation stays exact on samples.
    /// </summary>
    internal sealed class Feasibility
    {
        private readonly BoundContract _contract;
        private readonly AxisTable _axes;
        private readonly IntervalEnvironment _domains;
        private readonly IntervalEvaluator _evaluator;

        public Feasibility(BoundContract contract, AxisTable axes, IntervalEnvironment domains, IntervalEvaluator evaluator)
        {
            _contract = contract;
            _axes = axes;
            _domains = domains;
            _evaluator = evaluator;
        }

        /// <summary>The interval environment of a box: each constrained axis narrowed to its hull (params at <paramref name="parameters"/>, default: their bounds).</summary>
        public IntervalEnvironment EnvironmentFor(Box box, Interval[]? parameters = null)
        {
            var env = parameters == null ? _domains.Copy() : _domains.WithParams(parameters);
            for (int k = 0; k < box.Constrained.Length; k++)
            {
                int i = box.Constrained[k];
                var axis = _axes.Axes[i];
                var hull = Hull(box.Values[k]);
                switch (axis.Kind)
                {
                    case AxisKind.Scalar: env.NarrowScalar(axis.Signal, env.Scalar(axis.Signal).Intersect(hull)); break;
                    case AxisKind.Member:
                        int statistic = axis.Signal * 5 + (int)axis.Statistic;
                        env.NarrowStatistic(statistic, env.Statistic(statistic).Intersect(hull));
                        break;
                    case AxisKind.Let: env.BoundLet(axis.Let, hull); break;
                }
            }
            return env;
        }

        /// <summary>The numeric hull of a set of float keys; NaN noted separately.</summary>
        public static Interval Hull(IntervalSet set)
        {
            bool nan = false;
            int lo = int.MaxValue, hi = int.MinValue;
            for (int p = 0; p < set.Count; p++)
            {
                int a = set.Lo(p), b = set.Hi(p);
                if (b >= FloatKey.NaN) { nan = true; b = FloatKey.PositiveInfinity; }
                if (a > b) continue;
                lo = Math.Min(lo, a);
                hi = Math.Max(hi, b);
            }
            if (lo > hi) return new Interval(double.PositiveInfinity, double.NegativeInfinity, nan);
            // the largest finite float stands for "unbounded" (an undeclared bound): arithmetic on it may overflow
            double low = lo <= FloatKey.MinFinite ? double.NegativeInfinity : FloatKey.ToFloat(lo);
            double high = hi >= FloatKey.MaxFinite ? double.PositiveInfinity : FloatKey.ToFloat(hi);
            return new Interval(low, high, nan);
        }

        public bool IsFeasible(Box box)
        {
            bool members = false, lets = false;
            foreach (int i in box.Constrained)
            {
                var kind = _axes.Axes[i].Kind;
                if (kind == AxisKind.Member) members = true;
                else if (kind == AxisKind.Let) lets = true;
            }
            if (!members && !lets) return true;
            if (members)
                foreach (int signal in box.Constrained.Where(i => _axes.Axes[i].Kind == AxisKind.Member).Select(i => _axes.Axes[i].Signal).Distinct())
                    if (!EnsembleFeasible(box, signal)) return false;
            if (lets)
            {
                var env = EnvironmentFor(box);
                for (int k = 0; k < box.Constrained.Length; k++)
                {
                    int i = box.Constrained[k];
                    var axis = _axes.Axes[i];
                    if (axis.Kind != AxisKind.Let) continue;
                    var value = _evaluator.Eval(_contract.Lets[axis.Let].Value, env);
                    var hull = Hull(box.Values[k]);
                    bool numeric = !value.IsEmpty && !hull.IsEmpty && value.Low <= hull.High && hull.Low <= value.High;
                    bool nan = value.MayBeNaN && hull.MayBeNaN;
                    if (!numeric && !nan) return false;
                }
            }
            return true;
        }

        private Interval Statistic(Box box, int signal, EnsembleStatistic statistic)
        {
            var range = _domains.Statistic(signal * 5 + (int)statistic);
            if (_axes.TryGet(AxisKind.Member, signal, (int)statistic, out var axis) && box.Find(axis.Id) is IntervalSet set)
                range = range.Intersect(Hull(set));
            return range;
        }

        private bool EnsembleFeasible(Box box, int signal)
        {
            var s = _contract.Signals[signal];
            double lo = (float)s.Low, hi = (float)s.High;
            if (double.IsInfinity(lo) || double.IsInfinity(hi)) return true;
            int k = Math.Max(1, s.EnsembleSize);
            var min = Statistic(box, signal, EnsembleStatistic.Min);
            var max = Statistic(box, signal, EnsembleStatistic.Max);
            var mean = Statistic(box, signal, EnsembleStatistic.Mean);
            var std = Statistic(box, signal, EnsembleStatistic.Std);
            var var = Statistic(box, signal, EnsembleStatistic.Var);
            if (min.IsEmpty || max.IsEmpty || mean.IsEmpty || std.IsEmpty || var.IsEmpty) return false;

            double w = Math.Max(Math.Max(Math.Abs(lo), Math.Abs(hi)), hi - lo);
            double slack = (k + 8) * Math.Pow(2, -21) * w + 1e-30;
            double slack2 = (2 * k + 16) * Math.Pow(2, -21) * w * w + 1e-30;

            // min ≤ mean ≤ max
            if (min.Low > max.High + slack) return false;
            if (mean.High < min.Low - slack || mean.Low > max.High + slack) return false;
            // with k members: the others are at least lo (at most hi), so mean ≥ (max + (k − 1)·lo)/k, mean ≤ (min + (k − 1)·hi)/k
            if (mean.High < (max.Low + (k - 1) * lo) / k - slack || mean.Low > (min.High + (k - 1) * hi) / k + slack) return false;
            // std = √var
            if (Math.Sqrt(var.Low) > std.High + slack || Math.Sqrt(Math.Max(0, var.High)) < std.Low - slack) return false;
            // Popoviciu for k values: std ≤ √(⌊k/2⌋⌈k/2⌉)/k · (max − min)
            double range = max.High - min.Low;
            if (std.Low > Math.Sqrt(IntervalEnvironment.MaxVarianceFactor(k)) * Math.Max(0, range) + slack) return false;
            // the least spread for a given range: two members at the ends, the rest at their middle
            double least = max.Low - min.High;
            if (least > 0 && std.High < least / Math.Sqrt(2.0 * k) - slack) return false;
            // the largest variance of k members in [min, max] with a mean in the box's range (finite-k
            // Bhatia–Davis): convex in the mean between the points where a member reaches an end, so the
            // ends of the mean's range and those points bound it
            double a = min.Low, b = max.High;
            double bound = 0;
            void Try(double mu) { if (mu >= a && mu <= b) bound = Math.Max(bound, IntervalEnvironment.MaxVariance(k, a, b, mu)); }
            double mlo = Math.Max(mean.Low - slack, a), mhi = Math.Min(mean.High + slack, b);
            Try(mlo);
            Try(mhi);
            for (int j = 1; j < k; j++) { double mu = a + j * (b - a) / k; if (mu > mlo && mu < mhi) Try(mu); }
            double need = Math.Max(var.Low, std.Low * std.Low);
            if (need > bound * (1 + slack / Math.Max(w, 1e-30)) + slack2) return false;
            return true;
        }
    }
}
