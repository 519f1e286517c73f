using System;
using System.Collections.Generic;
using System.Linq;
using ContractDsl.Binding;
using ContractDsl.Lowering;
using ContractDsl.Syntax;

namespace ContractDsl.Evaluation
{
    /// <summary>Why a sample's reward is uncertain; the same bits as the runtime's <c>RewardReasons</c>.</summary>
    [Flags]
    public enum EvaluationReasons : byte
    {
        None = 0,
        Conflict = 1,
        Gap = 2,
        Explicit = 4,
        OutOfDomain = 8,
        Invalid = 16,
    }

    /// <summary>
    /// A sample's inputs after the domain check (step 1 of the brief's §4): scalars clamped (counts rounded),
    /// ensemble statistics, category codes, flags, and the lets. What guards and expressions read.
    /// </summary>
    public sealed class InputValues
    {
        internal InputValues(int signals, int lets)
        {
            Scalars = new float[signals];
            Statistics = new float[signals * 5];
            Codes = new int[signals];
            Flags = new bool[signals];
            Lets = new float[lets];
        }

        /// <summary>Scalar signals after clamping/rounding.</summary>
        public float[] Scalars { get; }

        /// <summary>Per ensemble signal, its five statistics at <c>signal * 5 + (int)statistic</c>.</summary>
        public float[] Statistics { get; }

        public int[] Codes { get; }

        public bool[] Flags { get; }

        /// <summary>Let values by let index (evaluation order).</summary>
        public float[] Lets { get; }

        public EvaluationReasons Reasons { get; internal set; }

        public bool Invalid => (Reasons & EvaluationReasons.Invalid) != 0;

        public float Statistic(int signal, EnsembleStatistic statistic) => Statistics[signal * 5 + (int)statistic];
    }

    /// <summary>What the generated module computes for one sample (brief §4 steps 1–6).</summary>
    public sealed class EvaluationResult
    {
        internal EvaluationResult(InputValues inputs, int norms)
        {
            Inputs = inputs;
            Active = new bool[norms];
            ContextHolds = new bool[norms];
            Contributions = new float[norms];
        }

        public InputValues Inputs { get; }

        public float Base { get; internal set; }

        /// <summary>context ∧ guard per norm (before preferences).</summary>
        public bool[] Active { get; }

        /// <summary>Whether each norm's context holds (true when it has none).</summary>
        public bool[] ContextHolds { get; }

        /// <summary>Each norm's signed contribution after preferences (0 when inactive or suppressed).</summary>
        public float[] Contributions { get; }

        public float Total { get; internal set; }

        public EvaluationReasons Reasons { get; internal set; }

        public float Uncertainty { get; internal set; }

        public bool Invalid => (Reasons & EvaluationReasons.Invalid) != 0;
    }

    /// <summary>
    /// The reference interpreter: evaluates a <see cref="BoundContract"/> on ONE sample exactly as the
    /// generated module does, in float32 (constants converted with <c>(float)</c>, <c>MathF</c> functions).
    /// The analysis checks every witness with it, and tests compare the generated code with it.
    /// </summary>
    public sealed class ContractInterpreter
    {
        private readonly BoundContract _contract;
        private readonly float[] _params;
        private readonly float[] _low, _high;
        private readonly int[][] _gapGroups;

        /// <param name="contract">An error-free bound contract.</param>
        /// <param name="paramValues">Param values by param index; null: the defaults.</param>
        public ContractInterpreter(BoundContract contract, IReadOnlyList<double>? paramValues = null)
        {
            _contract = contract ?? throw new ArgumentNullException(nameof(contract));
            _params = contract.Params.Select(p => (float)(paramValues != null ? paramValues[p.Index] : p.Default)).ToArray();
            _low = contract.Signals.Select(s => (float)s.Low).ToArray();
            _high = contract.Signals.Select(s => (float)s.High).ToArray();
            _gapGroups = contract.Norms
                .GroupBy(n => n.Concern)
                .Where(g => g.Any(n => n.Context != null) && g.All(n => n.Context != null))
                .Select(g => g.Select(n => n.Index).ToArray())
                .ToArray();
        }

        public BoundContract Contract => _contract;

        /// <summary>The concerns that can have a gap (as <see cref="Lowerer.Lower"/> builds its <c>GapGroups</c>): norm indices.</summary>
        public IReadOnlyList<int[]> GapGroups => _gapGroups;

        public static EvaluationResult Evaluate(BoundContract contract, Sample sample, IReadOnlyList<double>? paramValues = null) =>
            new ContractInterpreter(contract, paramValues).Evaluate(sample);

        /// <summary>Step 1 and the lets: the domain check, ensemble statistics, lets in order.</summary>
        public InputValues Prepare(Sample sample)
        {
            var c = _contract;
            var v = new InputValues(c.Signals.Length, c.Lets.Length);
            var reasons = EvaluationReasons.None;
            bool invalid = false;
            foreach (var s in c.Signals)
            {
                int i = s.Index;
                switch (s.Kind)
                {
                    case SignalKind.Flag:
                        v.Flags[i] = sample.Flags[i];
                        break;
                    case SignalKind.Category:
                        int code = sample.Codes[i];
                        if (code < 0 || code >= s.Categories.Length) invalid = true;
                        v.Codes[i] = code;
                        break;
                    case SignalKind.Ensemble:
                    {
                        var members = sample.Members[i];
                        int k = members.Length;
                        if (k == 0) { invalid = true; break; }
                        var clamped = new float[k];
                        for (int j = 0; j < k; j++)
                        {
                            float x = members[j];
                            if (float.IsNaN(x) || float.IsInfinity(x)) { invalid = true; x = 0; }
                            else if (x < _low[i]) { x = _low[i]; reasons |= EvaluationReasons.OutOfDomain; }
                            else if (x > _high[i]) { x = _high[i]; reasons |= EvaluationReasons.OutOfDomain; }
                            clamped[j] = x;
                        }
                        ComputeStatistics(clamped, v.Statistics, i * 5);
                        break;
                    }
                    default:
                    {
                        float x = sample.Scalars[i];
                        if (float.IsNaN(x) || float.IsInfinity(x)) { invalid = true; break; }
                        if (s.Kind == SignalKind.Count)
                        {
                            float r = FloatMath.Round(x);
                            if (r != x) { x = r; reasons |= EvaluationReasons.OutOfDomain; }
                        }
                        if (x < _low[i]) { x = _low[i]; reasons |= EvaluationReasons.OutOfDomain; }
                        else if (x > _high[i]) { x = _high[i]; reasons |= EvaluationReasons.OutOfDomain; }
                        v.Scalars[i] = x;
                        break;
                    }
                }
            }
            if (invalid)
            {
                v.Reasons = EvaluationReasons.OutOfDomain | EvaluationReasons.Invalid;
                return v;
            }
            v.Reasons = reasons;
            foreach (var let in c.Lets) v.Lets[let.Index] = Eval(let.Value, v);
            return v;
        }

        /// <summary>mean = Σx / k (left to right), var = Σ(x − mean)² / k, std = √var, min, max — all in float.</summary>
        public static void ComputeStatistics(float[] members, float[] into, int at)
        {
            int k = members.Length;
            float sum = 0, min = members[0], max = members[0];
            for (int j = 0; j < k; j++)
            {
                sum += members[j];
                min = FloatMath.Min(min, members[j]);
                max = FloatMath.Max(max, members[j]);
            }
            float mean = sum / k;
            float sq = 0;
            for (int j = 0; j < k; j++)
            {
                float d = members[j] - mean;
                sq += d * d;
            }
            float var = sq / k;
            into[at + (int)EnsembleStatistic.Mean] = mean;
            into[at + (int)EnsembleStatistic.Var] = var;
            into[at + (int)EnsembleStatistic.Std] = FloatMath.Sqrt(var);
            into[at + (int)EnsembleStatistic.Min] = min;
            into[at + (int)EnsembleStatistic.Max] = max;
        }

        public EvaluationResult Evaluate(Sample sample) => Evaluate(Prepare(sample));

        /// <summary>Steps 2–6 on prepared inputs.</summary>
        public EvaluationResult Evaluate(InputValues inputs)
        {
            var c = _contract;
            var norms = c.Norms;
            var result = new EvaluationResult(inputs, norms.Length);
            if (inputs.Invalid)
            {
                result.Reasons = inputs.Reasons;
                result.Uncertainty = 1f;
                return result;
            }

            result.Base = Eval(c.Reward, inputs);
            var amounts = new float[norms.Length];
            for (int n = 0; n < norms.Length; n++)
            {
                var norm = norms[n];
                bool ctx = norm.Context == null || Holds(norm.Context, inputs);
                bool active = ctx && (norm.Guard == null || Holds(norm.Guard, inputs));
                result.ContextHolds[n] = ctx;
                result.Active[n] = active;
                if (!active || norm.Effect == EffectKind.Allow || norm.Amount == null) continue;
                float amount = Eval(norm.Amount, inputs);
                if (norm.Cap is double cap)
                {
                    float cf = (float)cap;
                    amount = FloatMath.Min(FloatMath.Max(amount, -cf), cf);
                }
                amounts[n] = norm.Effect == EffectKind.Reward ? amount : -amount;
            }

            var order = c.Order;
            float total = result.Base;
            for (int b = 0; b < norms.Length; b++)
            {
                float contribution = result.Active[b] ? amounts[b] : 0f;
                if (result.Active[b])
                    for (int a = 0; a < norms.Length; a++)
                        if (a != b && result.Active[a] && order.Dominates(a, b)) { contribution = 0f; break; }
                result.Contributions[b] = contribution;
                total += contribution;
            }
            result.Total = total;

            var reasons = inputs.Reasons;
            if (HasConflict(result.Active)) reasons |= EvaluationReasons.Conflict;
            if (HasGap(result.ContextHolds)) reasons |= EvaluationReasons.Gap;

            float uncertainty = 0f;
            bool any = false;
            foreach (var rule in c.Uncertainty)
            {
                bool fired = rule.Trigger switch
                {
                    UncertainTrigger.Guard => rule.Guard != null && Holds(rule.Guard, inputs),
                    UncertainTrigger.Conflict => (reasons & EvaluationReasons.Conflict) != 0,
                    UncertainTrigger.Gap => (reasons & EvaluationReasons.Gap) != 0,
                    _ => false,
                };
                if (rule.Trigger == UncertainTrigger.Guard && fired) reasons |= EvaluationReasons.Explicit;
                if (fired)
                {
                    uncertainty = any ? FloatMath.Max(uncertainty, (float)rule.Weight) : (float)rule.Weight;
                    any = true;
                }
            }
            result.Reasons = reasons;
            result.Uncertainty = uncertainty;
            return result;
        }

        private bool HasConflict(bool[] active)
        {
            var norms = _contract.Norms;
            for (int i = 0; i < norms.Length; i++)
            {
                if (!active[i]) continue;
                for (int j = i + 1; j < norms.Length; j++)
                    if (active[j] && Lowerer.CanConflict(norms[i], norms[j]) && !_contract.Order.Related(i, j)) return true;
            }
            return false;
        }

        private bool HasGap(bool[] contextHolds)
        {
            foreach (var group in _gapGroups)
            {
                bool covered = false;
                foreach (int n in group)
                    if (contextHolds[n]) { covered = true; break; }
                if (!covered) return true;
            }
            return false;
        }

        /// <summary>Whether norm <paramref name="norm"/> is active (context ∧ guard) on prepared inputs.</summary>
        public bool IsActive(int norm, InputValues inputs)
        {
            var n = _contract.Norms[norm];
            return (n.Context == null || Holds(n.Context, inputs)) && (n.Guard == null || Holds(n.Guard, inputs));
        }

        /// <summary>Whether norm <paramref name="norm"/>'s context holds (true when it has none).</summary>
        public bool ContextHolds(int norm, InputValues inputs)
        {
            var n = _contract.Norms[norm];
            return n.Context == null || Holds(n.Context, inputs);
        }

        public bool Holds(BoundGuard guard, InputValues v)
        {
            switch (guard)
            {
                case BoundAnd and: return Holds(and.Left, v) && Holds(and.Right, v);
                case BoundOr or: return Holds(or.Left, v) || Holds(or.Right, v);
                case BoundNot not: return !Holds(not.Operand, v);
                case BoundFlag flag: return v.Flags[flag.Signal];
                case BoundCategoryTest test:
                {
                    int code = v.Codes[test.Signal];
                    foreach (int value in test.Values)
                        if (value == code) return true;
                    return false;
                }
                case BoundComparison cmp:
                {
                    float x = Eval(cmp.Subject, v);
                    float k = (float)cmp.Constant;
                    return cmp.Operator switch
                    {
                        ComparisonOperator.Less => x < k,
                        ComparisonOperator.LessOrEqual => x <= k,
                        ComparisonOperator.Greater => x > k,
                        ComparisonOperator.GreaterOrEqual => x >= k,
                        ComparisonOperator.Equal => x == k,
                        _ => x != k,
                    };
                }
                default:
                    throw new InvalidOperationException("a contract with errors can't be evaluated (" + guard.GetType().Name + ")");
            }
        }

        public float Eval(BoundExpression expression, InputValues v)
        {
            switch (expression)
            {
                case BoundConstant k: return (float)k.Value;
                case BoundSignalValue s: return v.Scalars[s.Signal];
                case BoundEnsembleMember m: return v.Statistics[m.Signal * 5 + (int)m.Statistic];
                case BoundParamValue p: return _params[p.Param];
                case BoundLetValue l: return v.Lets[l.Let];
                case BoundNegate n: return -Eval(n.Operand, v);
                case BoundBinary b:
                {
                    float l = Eval(b.Left, v), r = Eval(b.Right, v);
                    return b.Operator switch
                    {
                        BinaryOperator.Add => l + r,
                        BinaryOperator.Subtract => l - r,
                        BinaryOperator.Multiply => l * r,
                        _ => l / r,
                    };
                }
                case BoundCall call:
                {
                    var a = call.Arguments;
                    switch (call.Function)
                    {
                        case BuiltinFunction.Min: return FloatMath.Min(Eval(a[0], v), Eval(a[1], v));
                        case BuiltinFunction.Max: return FloatMath.Max(Eval(a[0], v), Eval(a[1], v));
                        case BuiltinFunction.Clamp: return FloatMath.Clamp(Eval(a[0], v), Eval(a[1], v), Eval(a[2], v));
                        case BuiltinFunction.Abs: return FloatMath.Abs(Eval(a[0], v));
                        case BuiltinFunction.Exp: return FloatMath.Exp(Eval(a[0], v));
                        case BuiltinFunction.Log: return FloatMath.Log(Eval(a[0], v));
                        case BuiltinFunction.Sigmoid: return FloatMath.Sigmoid(Eval(a[0], v));
                        default: return FloatMath.Tanh(Eval(a[0], v));
                    }
                }
                default:
                    throw new InvalidOperationException("unknown expression " + expression.GetType().Name);
            }
        }
    }
}
