using System.Collections.Generic;
using ContractDsl.Binding;
using ContractDsl.Syntax;

namespace ContractDsl.Analysis
{
    /// <summary>Whether an expression can increase / decrease when one signal increases (derivative sign by structure).</summary>
    internal readonly record struct Trend(bool CanIncrease, bool CanDecrease)
    {
        public static readonly Trend None = new Trend(false, false);
        public static readonly Trend Up = new Trend(true, false);
        public static readonly Trend Both = new Trend(true, true);

        public bool DependsOn => CanIncrease || CanDecrease;

        public Trend Flip() => new Trend(CanDecrease, CanIncrease);

        public Trend Or(Trend other) => new Trend(CanIncrease || other.CanIncrease, CanDecrease || other.CanDecrease);

        /// <summary>This trend multiplied by a factor whose sign the interval tells.</summary>
        public Trend Scale(Interval factor)
        {
            if (!DependsOn) return None;
            if (factor.IsEmpty && !factor.MayBeNaN) return None;
            if (factor.Low == 0 && factor.High == 0 && !factor.MayBeNaN) return None;
            if (factor.IsNonNegative) return this;
            if (factor.IsNonPositive) return Flip();
            return Both;
        }
    }

    internal sealed class Monotonicity
    {
        private readonly BoundContract _contract;
        private readonly IntervalEvaluator _evaluator;
        private readonly Dictionary<(int Let, int Signal, IntervalEnvironment Env), Trend> _lets = new Dictionary<(int, int, IntervalEnvironment), Trend>();

        public Monotonicity(BoundContract contract, IntervalEvaluator evaluator)
        {
            _contract = contract;
            _evaluator = evaluator;
        }

        public Trend Of(BoundExpression e, int signal, IntervalEnvironment env)
        {
            switch (e)
            {
                case BoundSignalValue s: return s.Signal == signal ? Trend.Up : Trend.None;
                case BoundEnsembleMember m:
                    if (m.Signal != signal) return Trend.None;
                    return m.Statistic is EnsembleStatistic.Std or EnsembleStatistic.Var ? Trend.Both : Trend.Up;
                case BoundLetValue l:
                {
                    // Memoised per environment: a chain of lets that each use the previous one twice is linear, not exponential.
                    var key = (l.Let, signal, env);
                    if (_lets.TryGetValue(key, out var known)) return known;
                    // The lets it reads first, in dependency order, so that the walk never recurses along a chain of
                    // lets; a let in a cycle (CDSL1010) reads itself as "both ways" until its own trend is known.
                    var pending = Uses.LetsInDependencyOrder(_contract, l.Let, known: i => _lets.ContainsKey((i, signal, env)));
                    foreach (int i in pending) _lets[(i, signal, env)] = Trend.Both;
                    foreach (int i in pending) _lets[(i, signal, env)] = Of(_contract.Lets[i].Value, signal, env);
                    return _lets[key];
                }
                case BoundNegate n: return Of(n.Operand, signal, env).Flip();
                case BoundBinary b:
                {
                    var l = Of(b.Left, signal, env);
                    var r = Of(b.Right, signal, env);
                    switch (b.Operator)
                    {
                        case BinaryOperator.Add: return l.Or(r);
                        case BinaryOperator.Subtract: return l.Or(r.Flip());
                        case BinaryOperator.Multiply:
                            return l.Scale(_evaluator.Eval(b.Right, env)).Or(r.Scale(_evaluator.Eval(b.Left, env)));
                        default:
                        {
                            var denominator = _evaluator.Eval(b.Right, env);
                            if (denominator.Contains(0) || denominator.MayBeNaN) return l.Or(r).DependsOn ? Trend.Both : Trend.None;
                            // d(a/b) = a'/b − a·b'/b²
                            return l.Scale(denominator).Or(r.Flip().Scale(_evaluator.Eval(b.Left, env)));
                        }
                    }
                }
                case BoundCall call:
                {
                    var a = call.Arguments;
                    switch (call.Function)
                    {
                        case BuiltinFunction.Min:
                        case BuiltinFunction.Max:
                            return Of(a[0], signal, env).Or(Of(a[1], signal, env));
                        case BuiltinFunction.Clamp:
                            return Of(a[0], signal, env).Or(Of(a[1], signal, env)).Or(Of(a[2], signal, env));
                        case BuiltinFunction.Abs:
                            return Of(a[0], signal, env).Scale(_evaluator.Eval(a[0], env));
                        default: // exp, log, sigmoid, tanh: increasing
                            return Of(a[0], signal, env);
                    }
                }
                default:
                    return Trend.None;
            }
        }
    }
}
