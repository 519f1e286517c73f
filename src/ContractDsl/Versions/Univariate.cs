using System;
using System.Collections.Generic;
using System.Linq;
using ContractDsl.Analysis;

namespace ContractDsl.Versions
{
    /// <summary>
    /// The exact range of a difference that depends on the signals only through one polynomial p — the typical shape of
    /// a changed cap or clamp: <c>min(max(p, −3), 3) − min(max(p, −4), 4)</c>. Interval arithmetic loses the link
    /// between the two occurrences of p (and bounds that difference by [−4, 3]); as a function of t = p it is piecewise
    /// linear, so its range over p's interval is the hull of its values at the ends and at the kinks (where two
    /// arguments of a min/max cross, or the argument of an abs changes sign): here [−1, 0].
    /// </summary>
    internal static class Univariate
    {
        /// <summary>A piecewise-linear function of t: α·t + β, plus k·(min/max/abs of such functions).</summary>
        private sealed class Node
        {
            public AtomKind Kind;                  // Signal stands for "sum": Alpha·t + Beta + Σ k·child
            public double Alpha, Beta;
            public List<(double K, Node Child)> Parts = new List<(double, Node)>();
            public Node[] Args = Array.Empty<Node>();

            public double At(double t) => Kind switch
            {
                AtomKind.Min => Math.Min(Args[0].At(t), Args[1].At(t)),
                AtomKind.Max => Math.Max(Args[0].At(t), Args[1].At(t)),
                AtomKind.Abs => Math.Abs(Args[0].At(t)),
                _ => Alpha * t + Beta + Parts.Sum(p => p.K * p.Child.At(t)),
            };

            /// <summary>Where the function bends within [lo, hi].</summary>
            public SortedSet<double> Kinks(double lo, double hi)
            {
                var kinks = new SortedSet<double>();
                if (Kind == AtomKind.Signal)
                {
                    foreach (var (_, child) in Parts) kinks.UnionWith(child.Kinks(lo, hi));
                    return kinks;
                }
                foreach (var a in Args) kinks.UnionWith(a.Kinks(lo, hi));
                // between the arguments' own kinks both are linear: a sign change of (a − b), or of a for abs, is one kink
                var points = new[] { lo }.Concat(kinks).Concat(new[] { hi }).ToList();
                double Gap(double t) => Kind == AtomKind.Abs ? Args[0].At(t) : Args[0].At(t) - Args[1].At(t);
                for (int i = 0; i + 1 < points.Count; i++)
                {
                    double x = points[i], y = points[i + 1], gx = Gap(x), gy = Gap(y);
                    if (gx == 0) kinks.Add(x);
                    if (gy == 0) kinks.Add(y);
                    if (gx * gy < 0) kinks.Add(x + (y - x) * (gx / (gx - gy)));
                }
                return kinks;
            }
        }

        /// <summary>The range of <paramref name="d"/> over a box (its polynomials' intervals from <paramref name="intervals"/>), or null when d is not of this shape.</summary>
        public static Interval? Range(Poly d, PolyIntervals intervals)
        {
            var p = Inner(d);
            if (p == null) return null;
            var node = Build(d, p);
            if (node == null) return null;
            var range = intervals.Of(p);
            if (range.IsEmpty || range.MayBeNaN || double.IsInfinity(range.Low) || double.IsInfinity(range.High)) return null;
            var points = new[] { range.Low, range.High }.Concat(node.Kinks(range.Low, range.High)).ToList();
            double lo = double.PositiveInfinity, hi = double.NegativeInfinity, scale = 0;
            foreach (double t in points)
            {
                double v = node.At(t);
                if (double.IsNaN(v) || double.IsInfinity(v)) return null;
                lo = Math.Min(lo, v);
                hi = Math.Max(hi, v);
                scale = Math.Max(scale, Math.Abs(t));
            }
            // the values are exact real numbers evaluated in double: what is within rounding of 0 is 0
            double eps = 1e-12 * (1 + scale + Math.Abs(lo) + Math.Abs(hi));
            if (Math.Abs(lo) <= eps) lo = 0;
            if (Math.Abs(hi) <= eps) hi = 0;
            return Interval.FromDouble(lo, hi);
        }

        /// <summary>The first non-constant argument of a min/max/abs in d, scaled to leading coefficient 1 without its constant.</summary>
        private static Poly? Inner(Poly d)
        {
            foreach (var atom in d.Atoms())
            {
                if (atom.Kind is not (AtomKind.Min or AtomKind.Max or AtomKind.Abs)) continue;
                foreach (var arg in atom.Args)
                {
                    if (arg.TryConstant(out _)) continue;
                    var linear = Poly.Zero;
                    foreach (var (m, c) in arg.Terms)
                        if (!m.IsOne) linear = linear.Plus(Poly.Constant(c).Times(MonomialPoly(m), int.MaxValue));
                    if (linear.Terms.Any(t => t.Monomial.Factors.Any(f => f.Atom.Kind is AtomKind.Min or AtomKind.Max or AtomKind.Abs))) continue;
                    return linear.Scale(Rational.One / linear.Leading);
                }
            }
            return null;
        }

        private static Poly MonomialPoly(Monomial m)
        {
            var p = Poly.One;
            foreach (var (atom, power) in m.Factors) p = p.Times(Poly.Of(atom).Power(power, int.MaxValue), int.MaxValue);
            return p;
        }

        /// <summary>d as a function of t = p, or null.</summary>
        private static Node? Build(Poly d, Poly p)
        {
            var node = new Node { Kind = AtomKind.Signal };
            var rest = Poly.Zero;
            foreach (var (m, c) in d.Terms)
            {
                if (m.IsOne) { node.Beta += c.ToDouble(); continue; }
                if (m.Factors.Length == 1 && m.Factors[0].Power == 1 && m.Factors[0].Atom.Kind is AtomKind.Min or AtomKind.Max or AtomKind.Abs)
                {
                    var atom = m.Factors[0].Atom;
                    var args = atom.Args.Select(a => Build(a, p)).ToArray();
                    if (args.Any(a => a == null)) return null;
                    node.Parts.Add((c.ToDouble(), new Node { Kind = atom.Kind, Args = args.Select(a => a!).ToArray() }));
                    continue;
                }
                rest = rest.Plus(Poly.Constant(c).Times(MonomialPoly(m), int.MaxValue));
            }
            if (rest.IsZero) return node;
            // the polynomial part must be a multiple of p
            var ratio = rest.Terms[0].Coefficient / p.Leading;
            if (rest.Key != p.Scale(ratio).Key) return null;
            node.Alpha = ratio.ToDouble();
            return node;
        }
    }
}
