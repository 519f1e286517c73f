using System;
using System.Collections.Generic;
using System.Linq;
using ContractDsl.Analysis;
using ContractDsl.Binding;
using ContractDsl.Evaluation;

namespace ContractDsl.Versions
{
    /// <summary>
    /// Canonical forms over one box of the guard space: their intervals (float-sound ends, like
    /// <see cref="IntervalEvaluator"/>), and simplification by what the box implies — <c>min(a, b)</c> is <c>a</c> where
    /// a never exceeds b, <c>abs(x)</c> is <c>x</c> where x ≥ 0, so a cap that never binds inside the box disappears.
    /// </summary>
    internal sealed class PolyIntervals
    {
        private readonly IntervalEnvironment _env;
        private readonly IntervalEvaluator _evaluator;
        private readonly Dictionary<string, Interval> _atoms = new Dictionary<string, Interval>(StringComparer.Ordinal);
        private readonly Dictionary<string, Poly> _simplified = new Dictionary<string, Poly>(StringComparer.Ordinal);

        public PolyIntervals(IntervalEnvironment env, IntervalEvaluator evaluator)
        {
            _env = env;
            _evaluator = evaluator;
        }

        /// <summary>
        /// The range of a difference: interval arithmetic, tightened by the exact one-dimensional analysis where the
        /// difference is a piecewise-linear function of one polynomial (a changed cap or clamp).
        /// </summary>
        public Interval Range(Poly d)
        {
            var range = Of(d);
            if (range.IsEmpty || range.MayBeNaN || range.Low == range.High) return range;
            return Univariate.Range(d, this) is Interval exact ? exact.Intersect(range) : range;
        }

        public Interval Of(Poly p)
        {
            if (Exact(p) is Interval exact) return exact;
            var sum = Interval.Zero;
            foreach (var (m, c) in p.Terms)
            {
                double d = c.ToDouble();
                var term = Interval.FromDouble(d, d);
                foreach (var (atom, power) in m.Factors) term = IntervalMath.Multiply(term, Power(Of(atom), power));
                sum = IntervalMath.Add(sum, term);
            }
            return sum;
        }

        /// <summary>
        /// A polynomial over signals, statistics and params with finite ranges, in exact rational interval arithmetic:
        /// exact on a point (a boundary box), so that <c>0.002 * tokens - 1.024</c> at <c>tokens == 512</c> is 0, not
        /// ±1 ulp. Null for other polynomials.
        /// </summary>
        private Interval? Exact(Poly p)
        {
            if (p.Terms.Length == 0) return Interval.Zero;
            if (p.Terms.Length > 64) return null;
            Rational lo = Rational.Zero, hi = Rational.Zero;
            foreach (var (m, c) in p.Terms)
            {
                Rational tlo = c, thi = c;
                foreach (var (atom, power) in m.Factors)
                {
                    if (atom.Kind is not (AtomKind.Signal or AtomKind.Statistic or AtomKind.Param)) return null;
                    var range = Of(atom);
                    if (range.IsEmpty || range.MayBeNaN || Rational.Exact(range.Low) is not Rational a || Rational.Exact(range.High) is not Rational b) return null;
                    for (int k = 0; k < power; k++)
                    {
                        var products = new[] { tlo * a, tlo * b, thi * a, thi * b };
                        tlo = products.Aggregate((x, y) => Rational.Compare(x, y) <= 0 ? x : y);
                        thi = products.Aggregate((x, y) => Rational.Compare(x, y) >= 0 ? x : y);
                    }
                }
                lo += tlo;
                hi += thi;
            }
            return Interval.FromDouble(lo.ToDouble(), hi.ToDouble());
        }

        public Interval Of(Atom a)
        {
            if (_atoms.TryGetValue(a.Key, out var known)) return known;
            Interval r = a.Kind switch
            {
                AtomKind.Signal => _env.Scalar(a.Index),
                AtomKind.Statistic => _env.Statistic(a.Index * 5 + (int)a.Statistic),
                AtomKind.Param => _env.Params[a.Index],
                AtomKind.Let => _evaluator.Eval(new BoundLetValue(a.Index), _env),
                AtomKind.Min => IntervalMath.Min(Of(a.Args[0]), Of(a.Args[1])),
                AtomKind.Max => IntervalMath.Max(Of(a.Args[0]), Of(a.Args[1])),
                AtomKind.Abs => IntervalMath.Abs(Of(a.Args[0])),
                AtomKind.Exp => IntervalMath.Exp(Of(a.Args[0])),
                AtomKind.Log => IntervalMath.Log(Of(a.Args[0])),
                AtomKind.Sigmoid => IntervalMath.Sigmoid(Of(a.Args[0])),
                AtomKind.Tanh => IntervalMath.Tanh(Of(a.Args[0])),
                AtomKind.Inverse => IntervalMath.Divide(Interval.Point(1), Of(a.Args[0])),
                _ => IntervalMath.Multiply(Of(a.Args[0]), Of(a.Args[1])),
            };
            _atoms[a.Key] = r;
            return r;
        }

        private static Interval Power(Interval x, int power)
        {
            if (power == 1 || x.IsEmpty) return x;
            bool even = power % 2 == 0;
            var basis = even ? IntervalMath.Abs(x) : x;
            double lo = Math.Pow(basis.Low, power), hi = Math.Pow(basis.High, power);
            if (double.IsNaN(lo) || double.IsNaN(hi)) return Interval.Unbounded with { MayBeNaN = true };
            return Interval.FromDouble(Math.Min(lo, hi), Math.Max(lo, hi)) with { MayBeNaN = x.MayBeNaN };
        }

        /// <summary>The polynomial with every min/max/abs decided by the box's intervals where they decide it.</summary>
        public Poly Simplify(Poly p)
        {
            bool changed = false;
            foreach (var (m, _) in p.Terms)
                foreach (var (atom, _) in m.Factors)
                    if (!Simplify(atom).IsAtom(atom)) changed = true;
            if (!changed) return p;
            var result = Poly.Zero;
            foreach (var (m, c) in p.Terms)
            {
                var term = Poly.Constant(c);
                foreach (var (atom, power) in m.Factors)
                    term = term.Times(Simplify(atom).Power(power, Canonicalizer.MaxTerms), Canonicalizer.MaxTerms);
                result = result.Plus(term);
            }
            return result;
        }

        private Poly Simplify(Atom a)
        {
            if (_simplified.TryGetValue(a.Key, out var known)) return known;
            Poly r;
            switch (a.Kind)
            {
                case AtomKind.Min:
                case AtomKind.Max:
                {
                    var x = Simplify(a.Args[0]);
                    var y = Simplify(a.Args[1]);
                    var ix = Of(x);
                    var iy = Of(y);
                    bool nan = ix.MayBeNaN || iy.MayBeNaN || ix.IsEmpty || iy.IsEmpty;
                    bool xBelow = !nan && ix.High <= iy.Low, yBelow = !nan && iy.High <= ix.Low;
                    if (a.Kind == AtomKind.Min) r = xBelow ? x : yBelow ? y : Canonicalizer.MinMax(AtomKind.Min, x, y);
                    else r = xBelow ? y : yBelow ? x : Canonicalizer.MinMax(AtomKind.Max, x, y);
                    break;
                }
                case AtomKind.Abs:
                {
                    var x = Simplify(a.Args[0]);
                    var ix = Of(x);
                    r = ix.IsNonNegative ? x : ix.IsNonPositive ? x.Negate() : Canonicalizer.Abs(x);
                    break;
                }
                case AtomKind.Exp:
                case AtomKind.Log:
                case AtomKind.Sigmoid:
                case AtomKind.Tanh:
                    r = Canonicalizer.Unary(a.Kind, Simplify(a.Args[0]));
                    break;
                case AtomKind.Inverse:
                    r = Canonicalizer.Divide(Poly.One, Simplify(a.Args[0]));
                    break;
                case AtomKind.Product:
                    r = Simplify(a.Args[0]).Times(Simplify(a.Args[1]), Canonicalizer.MaxTerms);
                    break;
                default:
                    r = Poly.Of(a);
                    break;
            }
            _simplified[a.Key] = r;
            return r;
        }
    }

    /// <summary>Canonical forms at one point, in double: the real value of a difference at a witness, and its scale.</summary>
    internal sealed class PolyPoint
    {
        private readonly InputValues _inputs;
        private readonly IReadOnlyList<double> _params;
        private readonly Dictionary<string, double> _atoms = new Dictionary<string, double>(StringComparer.Ordinal);

        public PolyPoint(InputValues inputs, IReadOnlyList<double> parameters)
        {
            _inputs = inputs;
            _params = parameters;
        }

        public double Of(Poly p)
        {
            double sum = 0;
            foreach (var (m, c) in p.Terms) sum += Term(m, c);
            return sum;
        }

        /// <summary>Σ |term|: the size of the numbers the difference is made of (a cancellation's scale).</summary>
        public double Magnitude(Poly p)
        {
            double sum = 0;
            foreach (var (m, c) in p.Terms) sum += Math.Abs(Term(m, c));
            return sum;
        }

        private double Term(Monomial m, Rational c)
        {
            double t = c.ToDouble();
            foreach (var (atom, power) in m.Factors) t *= Math.Pow(Of(atom), power);
            return t;
        }

        private double Of(Atom a)
        {
            if (_atoms.TryGetValue(a.Key, out var known)) return known;
            double r = a.Kind switch
            {
                AtomKind.Signal => _inputs.Scalars[a.Index],
                AtomKind.Statistic => _inputs.Statistic(a.Index, a.Statistic),
                AtomKind.Param => _params[a.Index],
                AtomKind.Let => _inputs.Lets[a.Index],
                AtomKind.Min => Math.Min(Of(a.Args[0]), Of(a.Args[1])),
                AtomKind.Max => Math.Max(Of(a.Args[0]), Of(a.Args[1])),
                AtomKind.Abs => Math.Abs(Of(a.Args[0])),
                AtomKind.Exp => Math.Exp(Of(a.Args[0])),
                AtomKind.Log => Math.Log(Of(a.Args[0])),
                AtomKind.Sigmoid => 1.0 / (1.0 + Math.Exp(-Of(a.Args[0]))),
                AtomKind.Tanh => Math.Tanh(Of(a.Args[0])),
                AtomKind.Inverse => 1.0 / Of(a.Args[0]),
                _ => Of(a.Args[0]) * Of(a.Args[1]),
            };
            _atoms[a.Key] = r;
            return r;
        }
    }
}
