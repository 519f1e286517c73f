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
    /// arguments of a min/max cross, or the argument of an abs changes sign): here [−1, 0]. All of it in exact
    /// rationals (the ends of p's interval are floats, exactly representable), so a 0 here is a proof.
    /// </summary>
    internal static class Univariate
    {
        /// <summary>A piecewise-linear function of t, in exact rationals: α·t + β, plus k·(min/max/abs of such functions).</summary>
        private sealed class Node
        {
            public AtomKind Kind;                  // Signal stands for "sum": Alpha·t + Beta + Σ k·child
            public Rational Alpha = Rational.Zero, Beta = Rational.Zero;
            public List<(Rational K, Node Child)> Parts = new List<(Rational, Node)>();
            public Node[] Args = Array.Empty<Node>();

            public Rational At(Rational t)
            {
                switch (Kind)
                {
                    case AtomKind.Min: { var a = Args[0].At(t); var b = Args[1].At(t); return Rational.Compare(a, b) <= 0 ? a : b; }
                    case AtomKind.Max: { var a = Args[0].At(t); var b = Args[1].At(t); return Rational.Compare(a, b) >= 0 ? a : b; }
                    case AtomKind.Abs: return Args[0].At(t).Abs();
                    default:
                        var sum = Alpha * t + Beta;
                        foreach (var (k, child) in Parts) sum += k * child.At(t);
                        return sum;
                }
            }

            /// <summary>Where the function bends within [lo, hi] (exact).</summary>
            public List<Rational> Kinks(Rational lo, Rational hi)
            {
                var kinks = new List<Rational>();
                if (Kind == AtomKind.Signal)
                {
                    foreach (var (_, child) in Parts) kinks.AddRange(child.Kinks(lo, hi));
                    return kinks;
                }
                foreach (var a in Args) kinks.AddRange(a.Kinks(lo, hi));
                // between the arguments' own kinks both are linear: a sign change of (a − b), or of a for abs, is one kink
                var points = new List<Rational> { lo };
                points.AddRange(kinks);
                points.Add(hi);
                points.Sort(Rational.Compare);
                Rational Gap(Rational t) => Kind == AtomKind.Abs ? Args[0].At(t) : Args[0].At(t) - Args[1].At(t);
                for (int i = 0; i + 1 < points.Count; i++)
                {
                    Rational x = points[i], y = points[i + 1], gx = Gap(x), gy = Gap(y);
                    if (gx.Sign * gy.Sign < 0) kinks.Add(x + (y - x) * (gx / (gx - gy)));
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
            if (range.IsEmpty || range.MayBeNaN || Rational.Exact(range.Low) is not Rational lo || Rational.Exact(range.High) is not Rational hi) return null;
            var points = node.Kinks(lo, hi);
            points.Add(lo);
            points.Add(hi);
            if (points.Count > 1024) return null;
            Rational? min = null, max = null;
            foreach (var t in points)
            {
                if (Rational.Compare(t, lo) < 0 || Rational.Compare(t, hi) > 0) continue;
                var v = node.At(t);
                if (min is not Rational a || Rational.Compare(v, a) < 0) min = v;
                if (max is not Rational b || Rational.Compare(v, b) > 0) max = v;
            }
            return Interval.FromDouble(min!.Value.ToDouble(), max!.Value.ToDouble());
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
                if (m.IsOne) { node.Beta += c; continue; }
                if (m.Factors.Length == 1 && m.Factors[0].Power == 1 && m.Factors[0].Atom.Kind is AtomKind.Min or AtomKind.Max or AtomKind.Abs)
                {
                    var atom = m.Factors[0].Atom;
                    var args = atom.Args.Select(a => Build(a, p)).ToArray();
                    if (args.Any(a => a == null)) return null;
                    node.Parts.Add((c, new Node { Kind = atom.Kind, Args = args.Select(a => a!).ToArray() }));
                    continue;
                }
                rest = rest.Plus(Poly.Constant(c).Times(MonomialPoly(m), int.MaxValue));
            }
            if (rest.IsZero) return node;
            // the polynomial part must be a multiple of p
            var ratio = rest.Terms[0].Coefficient / p.Leading;
            if (rest.Key != p.Scale(ratio).Key) return null;
            node.Alpha = ratio;
            return node;
        }
    }
}
