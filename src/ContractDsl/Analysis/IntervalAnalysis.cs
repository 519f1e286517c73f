using System;
using System.Collections.Generic;
using System.Linq;
using ContractDsl.Binding;
using ContractDsl.Collections;
using ContractDsl.Syntax;

namespace ContractDsl.Analysis
{
    /// <summary>
    /// The ranges of the inputs an expression reads: scalar signals, ensemble statistics, params, and bounds
    /// on lets (when a region constrains a let that a guard compares). Lets are computed on demand and cached.
    /// </summary>
    internal sealed class IntervalEnvironment
    {
        // The domains' arrays are shared by every environment derived from them and never written; an environment
        // holds only what it narrowed. A box constrains a few axes of a contract that may declare thousands of
        // signals and lets: copying whole arrays per box made the analysis quadratic in the contract's size.
        private readonly Interval[] _scalars;
        private readonly Interval[] _statistics;
        private readonly Interval?[] _letBounds;
        private Dictionary<int, Interval>? _narrowedScalars;
        private Dictionary<int, Interval>? _narrowedStatistics;
        private Dictionary<int, Interval>? _narrowedLets;
        private Dictionary<int, Interval>? _letCache;

        public IntervalEnvironment(Interval[] scalars, Interval[] statistics, Interval[] parameters, Interval?[] letBounds)
        {
            _scalars = scalars;
            _statistics = statistics;
            Params = parameters;
            _letBounds = letBounds;
        }

        private IntervalEnvironment(IntervalEnvironment source, Interval[] parameters)
            : this(source._scalars, source._statistics, parameters, source._letBounds)
        {
            _narrowedScalars = source._narrowedScalars is null ? null : new Dictionary<int, Interval>(source._narrowedScalars);
            _narrowedStatistics = source._narrowedStatistics is null ? null : new Dictionary<int, Interval>(source._narrowedStatistics);
            _narrowedLets = source._narrowedLets is null ? null : new Dictionary<int, Interval>(source._narrowedLets);
        }

        public Interval[] Params { get; }

        public Interval Scalar(int signal) =>
            _narrowedScalars != null && _narrowedScalars.TryGetValue(signal, out var v) ? v : _scalars[signal];

        /// <summary>Index: signal * 5 + statistic.</summary>
        public Interval Statistic(int index) =>
            _narrowedStatistics != null && _narrowedStatistics.TryGetValue(index, out var v) ? v : _statistics[index];

        /// <summary>The bound a region puts on a let (null: none).</summary>
        public Interval? LetBound(int let) =>
            _narrowedLets != null && _narrowedLets.TryGetValue(let, out var v) ? v : _letBounds[let];

        public void NarrowScalar(int signal, Interval to) => (_narrowedScalars ??= new Dictionary<int, Interval>())[signal] = to;

        public void NarrowStatistic(int index, Interval to) => (_narrowedStatistics ??= new Dictionary<int, Interval>())[index] = to;

        public void BoundLet(int let, Interval to)
        {
            (_narrowedLets ??= new Dictionary<int, Interval>())[let] = to;
            _letCache = null; // lets computed before the bound may read it
        }

        /// <summary>
        /// Lets computed in this environment, by let index (allocated on first use; sparse, like the narrowings: an
        /// environment per box that read two lets of a contract with thousands must not pay for all of them).
        /// </summary>
        public Dictionary<int, Interval> LetCache => _letCache ??= new Dictionary<int, Interval>();

        /// <summary>The same ranges with the params at <paramref name="parameters"/> (e.g. points at their defaults).</summary>
        public IntervalEnvironment WithParams(Interval[] parameters) => new IntervalEnvironment(this, parameters);

        public IntervalEnvironment Copy() => new IntervalEnvironment(this, Params);

        /// <summary>The declared domains: signals over their domains, statistics over what their members allow, params over their bounds.</summary>
        public static IntervalEnvironment ForDomains(BoundContract contract)
        {
            var scalars = new Interval[contract.Signals.Length];
            var stats = new Interval[contract.Signals.Length * 5];
            foreach (var s in contract.Signals)
            {
                switch (s.Kind)
                {
                    case SignalKind.Ensemble:
                        var members = Interval.FromDouble(s.Low, s.High);
                        for (int k = 0; k < 5; k++) stats[s.Index * 5 + k] = StatisticRange(s, (EnsembleStatistic)k);
                        scalars[s.Index] = members;
                        break;
                    case SignalKind.Category:
                    case SignalKind.Flag:
                        scalars[s.Index] = Interval.FromDouble(s.Low, s.High);
                        break;
                    default:
                        scalars[s.Index] = Interval.FromDouble(s.Low, s.High);
                        break;
                }
            }
            var parameters = contract.Params.Select(p => Interval.FromDouble(p.Low, p.High)).ToArray();
            return new IntervalEnvironment(scalars, stats, parameters, new Interval?[contract.Lets.Length]);
        }

        /// <summary>The interpreter's mean (Σx / k, left to right, in float) of k copies of one value.</summary>
        public static float FloatMean(float value, int k)
        {
            float sum = 0;
            for (int i = 0; i < k; i++) sum += value;
            return sum / k;
        }

        /// <summary>
        /// The largest population variance of k values in [lo, hi] with mean μ (exact, in reals): the maximum of a
        /// convex function over the polytope is at a vertex, where all members but one sit at an end.
        /// </summary>
        public static double MaxVariance(int k, double lo, double hi, double mean)
        {
            if (hi <= lo || k <= 1) return 0;
            double t = k * (mean - lo) / (hi - lo);
            if (t <= 0 || t >= k) return 0;
            int j = (int)Math.Floor(t);
            double x = k * mean - j * hi - (k - j - 1) * lo;
            double sq = (j * hi * hi + (k - j - 1) * lo * lo + x * x) / k;
            return Math.Max(0, sq - mean * mean);
        }

        /// <summary>
        /// The largest population variance of k values in an interval of width R is ⌊k/2⌋⌈k/2⌉/k² · R²
        /// (half the members at each end): R²/4 for even k, less for odd k.
        /// </summary>
        public static double MaxVarianceFactor(int k) => (double)(k / 2) * ((k + 1) / 2) / ((double)k * k);

        /// <summary>
        /// What a statistic of an ensemble with members in [lo, hi] can be in float: min/max in [lo, hi]; the
        /// mean in [lo, hi] widened by the float summation's error; std in [0, √(⌊k/2⌋⌈k/2⌉)/k · (hi − lo)], var its square,
        /// both widened likewise.
        /// </summary>
        public static Interval StatisticRange(BoundSignal s, EnsembleStatistic statistic)
        {
            double lo = (float)s.Low, hi = (float)s.High;
            int k = Math.Max(1, s.EnsembleSize);
            double eps = (k + 4) * Math.Pow(2, -22);
            bool bounded = !double.IsInfinity(lo) && !double.IsInfinity(hi);
            switch (statistic)
            {
                case EnsembleStatistic.Min:
                case EnsembleStatistic.Max:
                    return Interval.FromDouble(lo, hi);
                case EnsembleStatistic.Mean:
                {
                    if (!bounded) return Interval.Unbounded;
                    // float addition and division are monotone in each argument, so the float mean of members
                    // in [lo, hi] lies between the float means of k copies of lo and of hi, computed the same way
                    return new Interval(FloatMean((float)lo, k), FloatMean((float)hi, k));
                }
                case EnsembleStatistic.Std:
                    if (MaxVarianceFactor(k) == 0) return Interval.Zero; // one member: no spread
                    if (!bounded) return new Interval(0, double.PositiveInfinity);
                    return Interval.FromDouble(0, Math.Sqrt(MaxVarianceFactor(k)) * (hi - lo) * (1 + eps) + 1e-38);
                default:
                    if (MaxVarianceFactor(k) == 0) return Interval.Zero;
                    if (!bounded) return new Interval(0, double.PositiveInfinity);
                    return Interval.FromDouble(0, MaxVarianceFactor(k) * (hi - lo) * (hi - lo) * (1 + 2 * eps) + 1e-38);
            }
        }
    }

    /// <summary>Interval analysis of bound expressions (float-sound, see <see cref="IntervalMath"/>).</summary>
    internal sealed class IntervalEvaluator
    {
        private readonly BoundContract _contract;

        public IntervalEvaluator(BoundContract contract) => _contract = contract;

        /// <summary>
        /// A let's interval, with the uncached lets it depends on computed first, in dependency order (the binder numbers
        /// lets so that a let reads only lets before it). Evaluating a let recursively through its references instead
        /// recursed once per link of a let chain: a generated chain of a thousand lets overflowed a 1 MB stack.
        /// </summary>
        private Interval LetValue(int let, IntervalEnvironment env)
        {
            var cache = env.LetCache;
            var pending = Uses.LetsInDependencyOrder(_contract, let, known: cache.ContainsKey);
            // A let in a cycle (CDSL1010; a contract with errors is still analysed as far as it bound) reads itself:
            // it reads "anything" until its own value is known, so the evaluation ends and stays sound.
            foreach (int i in pending) cache[i] = Interval.Unbounded;
            foreach (int i in pending)
            {
                var value = Eval(_contract.Lets[i].Value, env);
                if (env.LetBound(i) is Interval bound) value = value.Intersect(bound);
                cache[i] = value;
            }
            return cache[let];
        }

        public Interval Eval(BoundExpression expression, IntervalEnvironment env)
        {
            switch (expression)
            {
                case BoundConstant k: return IntervalMath.Constant(k.Value);
                case BoundSignalValue s: return env.Scalar(s.Signal);
                case BoundEnsembleMember m: return env.Statistic(m.Signal * 5 + (int)m.Statistic);
                case BoundParamValue p: return env.Params[p.Param];
                case BoundLetValue l:
                    return env.LetCache.TryGetValue(l.Let, out var cached) ? cached : LetValue(l.Let, env);
                case BoundNegate n: return IntervalMath.Negate(Eval(n.Operand, env));
                case BoundBinary b:
                {
                    var l = Eval(b.Left, env);
                    var r = Eval(b.Right, env);
                    return b.Operator switch
                    {
                        BinaryOperator.Add => IntervalMath.Add(l, r),
                        BinaryOperator.Subtract => IntervalMath.Subtract(l, r),
                        BinaryOperator.Multiply => IntervalMath.Multiply(l, r),
                        _ => IntervalMath.Divide(l, r),
                    };
                }
                case BoundCall call:
                {
                    var a = call.Arguments;
                    switch (call.Function)
                    {
                        case BuiltinFunction.Min: return IntervalMath.Min(Eval(a[0], env), Eval(a[1], env));
                        case BuiltinFunction.Max: return IntervalMath.Max(Eval(a[0], env), Eval(a[1], env));
                        case BuiltinFunction.Clamp: return IntervalMath.Clamp(Eval(a[0], env), Eval(a[1], env), Eval(a[2], env));
                        case BuiltinFunction.Abs: return IntervalMath.Abs(Eval(a[0], env));
                        case BuiltinFunction.Exp: return IntervalMath.Exp(Eval(a[0], env));
                        case BuiltinFunction.Log: return IntervalMath.Log(Eval(a[0], env));
                        case BuiltinFunction.Sigmoid: return IntervalMath.Sigmoid(Eval(a[0], env));
                        default: return IntervalMath.Tanh(Eval(a[0], env));
                    }
                }
                default:
                    return Interval.Unbounded with { MayBeNaN = true };
            }
        }
    }

    /// <summary>Which inputs an expression or guard reads (lets expanded).</summary>
    internal static class Uses
    {
        /// <summary>
        /// <paramref name="let"/> and the lets it reads, directly or through other lets, that are not yet
        /// <paramref name="known"/>, in dependency order: the binder numbers lets so that a let reads only lets before it.
        /// Computing a let's facts in this order, each from its own expression and the facts already computed, keeps
        /// every walk one expression deep; following references recursively instead recursed once per link of a let
        /// chain (a generated chain of a thousand lets overflowed a 1 MB stack).
        /// </summary>
        public static List<int> LetsInDependencyOrder(BoundContract contract, int let, Func<int, bool> known) =>
            LetsInDependencyOrder(i => contract.Lets[i].Value, let, known);

        /// <summary>The same over lets given by <paramref name="letValue"/> (numbered in dependency order).</summary>
        public static List<int> LetsInDependencyOrder(Func<int, BoundExpression> letValue, int let, Func<int, bool> known)
        {
            var pending = new List<int> { let };
            var seen = new HashSet<int> { let };
            var stack = new Stack<BoundExpression>();
            stack.Push(letValue(let));
            while (stack.Count > 0)
            {
                switch (stack.Pop())
                {
                    case BoundLetValue r:
                        if (!known(r.Let) && seen.Add(r.Let))
                        {
                            pending.Add(r.Let);
                            stack.Push(letValue(r.Let));
                        }
                        break;
                    case BoundNegate n: stack.Push(n.Operand); break;
                    case BoundBinary b: stack.Push(b.Left); stack.Push(b.Right); break;
                    case BoundCall c: foreach (var argument in c.Arguments) stack.Push(argument); break;
                }
            }
            pending.Sort();
            return pending;
        }

        /// <summary>
        /// Adds what <paramref name="e"/> reads. With <paramref name="expandLets"/>, what its lets read too — each let
        /// once (a chain of lets that each use the previous one twice must not expand exponentially).
        /// </summary>
        public static void Collect(BoundContract contract, BoundExpression? e, HashSet<int> signals, HashSet<int>? parameters = null, HashSet<int>? lets = null, bool expandLets = true)
        {
            if (e == null) return;
            var visited = lets ?? new HashSet<int>();
            // The stack is the thread's, taken and given back (Slot): the analysis collects the uses of every condition and
            // amount of a contract, and a stack per call was a fifth of what a condition edit of a 1,000-norm contract allocated.
            var stack = Slot.Take(ref expressionStack);
            stack.Push(e);
            while (stack.Count > 0)
            {
                switch (stack.Pop())
                {
                    case BoundSignalValue s: signals.Add(s.Signal); break;
                    case BoundEnsembleMember m: signals.Add(m.Signal); break;
                    case BoundParamValue p: parameters?.Add(p.Param); break;
                    case BoundLetValue l:
                        if (visited.Add(l.Let) && expandLets) stack.Push(contract.Lets[l.Let].Value);
                        break;
                    case BoundNegate n: stack.Push(n.Operand); break;
                    case BoundBinary b: stack.Push(b.Left); stack.Push(b.Right); break;
                    case BoundCall c: foreach (var a in c.Arguments) stack.Push(a); break;
                }
            }
            expressionStack = stack;
        }

        [ThreadStatic] private static Stack<BoundExpression>? expressionStack;
        [ThreadStatic] private static Stack<BoundGuard>? guardStack;

        public static void Collect(BoundContract contract, BoundGuard? g, HashSet<int> signals, HashSet<int>? parameters = null, HashSet<int>? lets = null, bool expandLets = true)
        {
            if (g == null) return;
            var visited = lets ?? new HashSet<int>();
            var stack = Slot.Take(ref guardStack);
            stack.Push(g);
            while (stack.Count > 0)
            {
                switch (stack.Pop())
                {
                    case BoundAnd a: stack.Push(a.Left); stack.Push(a.Right); break;
                    case BoundOr o: stack.Push(o.Left); stack.Push(o.Right); break;
                    case BoundNot n: stack.Push(n.Operand); break;
                    case BoundFlag f: signals.Add(f.Signal); break;
                    case BoundCategoryTest t: signals.Add(t.Signal); break;
                    case BoundComparison c: Collect(contract, c.Subject, signals, parameters, visited, expandLets); break;
                }
            }
            guardStack = stack;
        }

        /// <summary>The comparisons of a guard, left to right.</summary>
        public static List<BoundComparison> Comparisons(BoundGuard? g)
        {
            var into = new List<BoundComparison>();
            Comparisons(g, into);
            return into;
        }

        /// <summary>Adds the comparisons of a guard to <paramref name="into"/>, left to right.</summary>
        public static void Comparisons(BoundGuard? g, List<BoundComparison> into)
        {
            switch (g)
            {
                case BoundAnd a: Comparisons(a.Left, into); Comparisons(a.Right, into); return;
                case BoundOr o: Comparisons(o.Left, into); Comparisons(o.Right, into); return;
                case BoundNot n: Comparisons(n.Operand, into); return;
                case BoundComparison c: into.Add(c); return;
            }
        }

        /// <summary>The subjects a guard reads directly (its axes), without expanding lets.</summary>
        public static void Subjects(BoundGuard? g, List<object> into)
        {
            switch (g)
            {
                case BoundAnd a: Subjects(a.Left, into); Subjects(a.Right, into); return;
                case BoundOr o: Subjects(o.Left, into); Subjects(o.Right, into); return;
                case BoundNot n: Subjects(n.Operand, into); return;
                case BoundFlag f: into.Add(f); return;
                case BoundCategoryTest t: into.Add(t); return;
                case BoundComparison c: into.Add(c.Subject); return;
            }
        }
    }
}
