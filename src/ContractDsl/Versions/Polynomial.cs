using System;
using System.Collections.Generic;
using System.Linq;
using ContractDsl.Binding;

// Canonical forms of amounts, for deciding in real arithmetic whether two versions compute the same reward.
// An expression becomes a polynomial with exact rational coefficients over atoms: signals, ensemble statistics,
// params, and non-polynomial operations (min, max, abs, exp, log, sigmoid, tanh, 1/x) whose arguments are
// themselves canonical. Sums are reordered and regrouped, products distributed, constants folded exactly, so
// `0.5 * a + 0.5 * b`, `(a + b) / 2` and `b / 2 + a * 0.5` are one polynomial. Two amounts with equal canonical
// forms are equal as real functions; unequal forms may still be equal (e.g. `log(exp(x))` and `x`), which the
// diff then decides with intervals and witnesses, never by assuming.
namespace ContractDsl.Versions
{
    internal enum AtomKind { Signal, Statistic, Param, Let, Min, Max, Abs, Exp, Log, Sigmoid, Tanh, Inverse, Product }

    /// <summary>An indivisible factor of a monomial. Equal atoms have equal <see cref="Key"/>s (their identity).</summary>
    internal sealed class Atom
    {
        private Atom(AtomKind kind, int index, EnsembleStatistic statistic, Poly[] args, string key)
        {
            Kind = kind; Index = index; Statistic = statistic; Args = args; Key = key;
        }

        public AtomKind Kind { get; }

        /// <summary>The joint signal, param or let index (leaf atoms).</summary>
        public int Index { get; }

        public EnsembleStatistic Statistic { get; }

        public Poly[] Args { get; }

        public string Key { get; }

        public static Atom Signal(int signal) => new Atom(AtomKind.Signal, signal, default, Array.Empty<Poly>(), "s" + signal);

        public static Atom OfStatistic(int signal, EnsembleStatistic statistic) =>
            new Atom(AtomKind.Statistic, signal, statistic, Array.Empty<Poly>(), "m" + signal + "." + statistic);

        public static Atom Param(int param) => new Atom(AtomKind.Param, param, default, Array.Empty<Poly>(), "p" + param);

        public static Atom Let(int let) => new Atom(AtomKind.Let, let, default, Array.Empty<Poly>(), "l" + let);

        /// <summary>A function atom; the arguments of commutative ones (min, max, product) are sorted.</summary>
        public static Atom Function(AtomKind kind, params Poly[] args)
        {
            if (kind is AtomKind.Min or AtomKind.Max or AtomKind.Product)
                args = args.OrderBy(a => a.Key, StringComparer.Ordinal).ToArray();
            return new Atom(kind, -1, default, args, kind.ToString().ToLowerInvariant() + "(" + string.Join("; ", args.Select(a => a.Key)) + ")");
        }

        public override string ToString() => Key;
    }

    /// <summary>A product of atoms with positive powers, sorted by atom key; the empty product is the constant 1.</summary>
    internal sealed class Monomial
    {
        public static readonly Monomial One = new Monomial(Array.Empty<(Atom, int)>());

        private Monomial((Atom Atom, int Power)[] factors)
        {
            Factors = factors;
            Key = factors.Length == 0 ? "1" : string.Join("*", factors.Select(f => f.Power == 1 ? f.Atom.Key : f.Atom.Key + "^" + f.Power));
        }

        public (Atom Atom, int Power)[] Factors { get; }

        public string Key { get; }

        public bool IsOne => Factors.Length == 0;

        public static Monomial Of(Atom atom) => new Monomial(new[] { (atom, 1) });

        public Monomial Times(Monomial other)
        {
            if (IsOne) return other;
            if (other.IsOne) return this;
            var merged = new SortedDictionary<string, (Atom Atom, int Power)>(StringComparer.Ordinal);
            foreach (var f in Factors.Concat(other.Factors))
                merged[f.Atom.Key] = merged.TryGetValue(f.Atom.Key, out var g) ? (g.Atom, g.Power + f.Power) : f;
            return new Monomial(merged.Values.ToArray());
        }
    }

    /// <summary>
    /// A polynomial with exact rational coefficients: terms sorted by monomial key, no zero coefficients. Immutable;
    /// <see cref="Key"/> is its canonical text, so two polynomials are equal exactly when their keys are.
    /// </summary>
    internal sealed class Poly
    {
        public static readonly Poly Zero = new Poly(Array.Empty<(Monomial, Rational)>());
        public static readonly Poly One = Constant(Rational.One);

        private string? _key;

        private Poly((Monomial Monomial, Rational Coefficient)[] terms) => Terms = terms;

        public (Monomial Monomial, Rational Coefficient)[] Terms { get; }

        public bool IsZero => Terms.Length == 0;

        public string Key => _key ??= Terms.Length == 0 ? "0" : string.Join(" + ", Terms.Select(t => t.Coefficient + "·" + t.Monomial.Key));

        public static Poly Constant(Rational value) => value.IsZero ? Zero : new Poly(new[] { (Monomial.One, value) });

        public static Poly Of(Atom atom) => new Poly(new[] { (Monomial.Of(atom), Rational.One) });

        /// <summary>Whether this is exactly the one atom (coefficient 1, power 1).</summary>
        public bool IsAtom(Atom atom) =>
            Terms.Length == 1 && Terms[0].Coefficient.Equals(Rational.One) && Terms[0].Monomial.Factors.Length == 1 &&
            Terms[0].Monomial.Factors[0].Power == 1 && Terms[0].Monomial.Factors[0].Atom.Key == atom.Key;

        public bool TryConstant(out Rational value)
        {
            if (Terms.Length == 0) { value = Rational.Zero; return true; }
            if (Terms.Length == 1 && Terms[0].Monomial.IsOne) { value = Terms[0].Coefficient; return true; }
            value = default;
            return false;
        }

        /// <summary>The coefficient of the first term (by key): the sign convention of <c>abs</c> and <c>1/x</c> arguments.</summary>
        public Rational Leading => Terms.Length == 0 ? Rational.Zero : Terms[0].Coefficient;

        private static Poly Build(IEnumerable<(Monomial Monomial, Rational Coefficient)> terms)
        {
            var sum = new Dictionary<string, (Monomial Monomial, Rational Coefficient)>(StringComparer.Ordinal);
            foreach (var (m, c) in terms)
                sum[m.Key] = sum.TryGetValue(m.Key, out var t) ? (t.Monomial, t.Coefficient + c) : (m, c);
            var result = sum.Values.Where(t => !t.Coefficient.IsZero).OrderBy(t => t.Monomial.Key, StringComparer.Ordinal).ToArray();
            return result.Length == 0 ? Zero : new Poly(result);
        }

        public Poly Plus(Poly other) => other.IsZero ? this : IsZero ? other : Build(Terms.Concat(other.Terms));

        public Poly Negate() => IsZero ? this : new Poly(Terms.Select(t => (t.Monomial, -t.Coefficient)).ToArray());

        public Poly Minus(Poly other) => Plus(other.Negate());

        public Poly Scale(Rational factor) =>
            factor.IsZero ? Zero : factor.Equals(Rational.One) ? this : new Poly(Terms.Select(t => (t.Monomial, t.Coefficient * factor)).ToArray());

        /// <summary>
        /// The distributed product, or one <see cref="AtomKind.Product"/> atom when distributing would make more than
        /// <paramref name="maxTerms"/> terms (equal products still compare equal; they just are not expanded).
        /// </summary>
        public Poly Times(Poly other, int maxTerms)
        {
            if (IsZero || other.IsZero) return Zero;
            if (TryConstant(out var a)) return other.Scale(a);
            if (other.TryConstant(out var b)) return Scale(b);
            if ((long)Terms.Length * other.Terms.Length > maxTerms) return Of(Atom.Function(AtomKind.Product, this, other));
            return Build(Terms.SelectMany(x => other.Terms.Select(y => (x.Monomial.Times(y.Monomial), x.Coefficient * y.Coefficient))));
        }

        public Poly Power(int power, int maxTerms)
        {
            var result = One;
            for (int i = 0; i < power; i++) result = result.Times(this, maxTerms);
            return result;
        }

        /// <summary>Every atom, nested ones included.</summary>
        public IEnumerable<Atom> Atoms()
        {
            foreach (var (m, _) in Terms)
                foreach (var (atom, _) in m.Factors)
                {
                    yield return atom;
                    foreach (var arg in atom.Args)
                        foreach (var inner in arg.Atoms()) yield return inner;
                }
        }

        public override string ToString() => Key;
    }

    /// <summary>
    /// Bound expressions (in joint indices, see <see cref="JointSpace"/>) to canonical polynomials. Lets are expanded
    /// (once each), unless the expansion exceeds <see cref="MaxTerms"/> terms: then the let stays one atom.
    /// </summary>
    internal sealed class Canonicalizer
    {
        public const int MaxTerms = 256;

        private readonly Func<int, BoundExpression> _letValue;
        private readonly Dictionary<int, Poly> _lets = new Dictionary<int, Poly>();
        // versions share most of their expressions (and a contract many of its constants): each is canonicalised once
        private readonly Dictionary<BoundExpression, Poly> _known = new Dictionary<BoundExpression, Poly>();

        public Canonicalizer(Func<int, BoundExpression> letValue) => _letValue = letValue;

        public Poly Of(BoundExpression e)
        {
            if (e is BoundBinary or BoundCall or BoundConstant)
            {
                if (_known.TryGetValue(e, out var known)) return known;
                var value = Compute(e);
                _known[e] = value;
                return value;
            }
            return Compute(e);
        }

        private Poly Compute(BoundExpression e)
        {
            switch (e)
            {
                case BoundConstant k:
                    return Rational.FromDouble(k.Value) is Rational r ? Poly.Constant(r) : Poly.Of(Atom.Function(AtomKind.Inverse, Poly.Zero));
                case BoundSignalValue s: return Poly.Of(Atom.Signal(s.Signal));
                case BoundEnsembleMember m: return Poly.Of(Atom.OfStatistic(m.Signal, m.Statistic));
                case BoundParamValue p: return Poly.Of(Atom.Param(p.Param));
                case BoundLetValue l:
                {
                    if (_lets.TryGetValue(l.Let, out var known)) return known;
                    // The lets it reads first, in dependency order (no recursion along a chain of lets); a let in a
                    // cycle stays an opaque atom.
                    var pending = Analysis.Uses.LetsInDependencyOrder(_letValue, l.Let, known: _lets.ContainsKey);
                    foreach (int i in pending) _lets[i] = Poly.Of(Atom.Let(i));
                    foreach (int i in pending)
                    {
                        var value = Of(_letValue(i));
                        _lets[i] = value.Terms.Length > MaxTerms ? Poly.Of(Atom.Let(i)) : value;
                    }
                    return _lets[l.Let];
                }
                case BoundNegate n: return Of(n.Operand).Negate();
                case BoundBinary b:
                {
                    var left = Of(b.Left);
                    var right = Of(b.Right);
                    return b.Operator switch
                    {
                        Syntax.BinaryOperator.Add => left.Plus(right),
                        Syntax.BinaryOperator.Subtract => left.Minus(right),
                        Syntax.BinaryOperator.Multiply => left.Times(right, MaxTerms),
                        _ => Divide(left, right),
                    };
                }
                case BoundCall call:
                {
                    var args = call.Arguments.Select(Of).ToArray();
                    switch (call.Function)
                    {
                        case BuiltinFunction.Min: return MinMax(AtomKind.Min, args[0], args[1]);
                        case BuiltinFunction.Max: return MinMax(AtomKind.Max, args[0], args[1]);
                        // clamp(x, lo, hi) = min(max(x, lo), hi), as lowering defines it
                        case BuiltinFunction.Clamp: return MinMax(AtomKind.Min, MinMax(AtomKind.Max, args[0], args[1]), args[2]);
                        case BuiltinFunction.Abs: return Abs(args[0]);
                        case BuiltinFunction.Exp: return Unary(AtomKind.Exp, args[0]);
                        case BuiltinFunction.Log: return Unary(AtomKind.Log, args[0]);
                        case BuiltinFunction.Sigmoid: return Unary(AtomKind.Sigmoid, args[0]);
                        default: return Unary(AtomKind.Tanh, args[0]);
                    }
                }
                default:
                    throw new InvalidOperationException("a contract with errors can't be compared (" + e.GetType().Name + ")");
            }
        }

        /// <summary>A norm's capped amount: <c>min(max(amount, −cap), cap)</c>, as lowering computes it.</summary>
        public static Poly Capped(Poly amount, double? cap)
        {
            if (cap is not double c || Rational.FromDouble(c) is not Rational r) return amount;
            return MinMax(AtomKind.Min, MinMax(AtomKind.Max, amount, Poly.Constant(-r)), Poly.Constant(r));
        }

        public static Poly Divide(Poly numerator, Poly denominator)
        {
            if (denominator.TryConstant(out var c) && !c.IsZero) return numerator.Scale(Rational.One / c);
            if (denominator.IsZero) return numerator.Times(Poly.Of(Atom.Function(AtomKind.Inverse, Poly.Zero)), MaxTerms);
            // 1/(c·q) = (1/c)·inv(q) with q's leading coefficient 1, so that x/(2y) and 0.5·x/y agree
            var lead = denominator.Leading;
            var inverse = Poly.Of(Atom.Function(AtomKind.Inverse, denominator.Scale(Rational.One / lead)));
            return numerator.Times(inverse, MaxTerms).Scale(Rational.One / lead);
        }

        public static Poly MinMax(AtomKind kind, Poly a, Poly b)
        {
            if (a.Key == b.Key) return a;
            if (a.TryConstant(out var x) && b.TryConstant(out var y))
            {
                int cmp = (x - y).Sign;
                return kind == AtomKind.Min ? (cmp <= 0 ? a : b) : (cmp >= 0 ? a : b);
            }
            return Poly.Of(Atom.Function(kind, a, b));
        }

        public static Poly Abs(Poly a)
        {
            if (a.TryConstant(out var c)) return Poly.Constant(c.Abs());
            return Poly.Of(Atom.Function(AtomKind.Abs, a.Leading.Sign < 0 ? a.Negate() : a));
        }

        public static Poly Unary(AtomKind kind, Poly a)
        {
            if (kind == AtomKind.Exp && a.IsZero) return Poly.One;
            if (kind == AtomKind.Tanh && a.IsZero) return Poly.Zero;
            return Poly.Of(Atom.Function(kind, a));
        }
    }
}
