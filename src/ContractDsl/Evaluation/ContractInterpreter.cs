using System;
using System.Collections.Generic;
using System.Linq;
using ContractDsl.Binding;
using ContractDsl.Lowering;
using ContractDsl.Syntax;

namespace ContractDsl.Evaluation
{
    /// <summary>
    /// A sample's inputs after the domain check (step 1 of the brief's §4): scalars clamped (counts rounded),
    /// ensemble statistics, category codes, flags, and the lets. What tests and values read.
    /// </summary>
    public sealed class InputValues
    {
        internal InputValues(int signals, int lets, int tests)
        {
            Scalars = new float[signals];
            Statistics = new float[signals * 5];
            Codes = new int[signals];
            Flags = new bool[signals];
            Lets = new float[lets];
            Tests = new bool[tests];
        }

        /// <summary>Scalar signals after clamping/rounding.</summary>
        public float[] Scalars { get; }

        /// <summary>Per ensemble signal, its five statistics at <c>signal * 5 + (int)statistic</c>.</summary>
        public float[] Statistics { get; }

        public int[] Codes { get; }

        public bool[] Flags { get; }

        /// <summary>Let values by let index (evaluation order).</summary>
        public float[] Lets { get; }

        /// <summary>The program's shared tests, each evaluated once.</summary>
        public bool[] Tests { get; }

        public ReasonBits Reasons { get; internal set; }

        public bool Invalid => (Reasons & ReasonBits.Invalid) != 0;

        public float Statistic(int signal, EnsembleStatistic statistic) => Statistics[signal * 5 + (int)statistic];
    }

    /// <summary>What the generated module computes for one sample (brief §4 steps 1–6).</summary>
    public sealed class EvaluationResult
    {
        internal EvaluationResult(InputValues inputs, int norms)
        {
            Inputs = inputs;
            Active = new bool[norms];
            InEffect = new bool[norms];
            ContextHolds = new bool[norms];
            Contributions = new float[norms];
        }

        public InputValues Inputs { get; }

        public float Base { get; internal set; }

        /// <summary>context ∧ guard per norm (before preferences).</summary>
        public bool[] Active { get; }

        /// <summary>Active and not silenced by an active norm preferred over it.</summary>
        public bool[] InEffect { get; }

        /// <summary>Whether each norm's context holds (true when it has none).</summary>
        public bool[] ContextHolds { get; }

        /// <summary>Each norm's signed contribution (0 when not in effect).</summary>
        public float[] Contributions { get; }

        public float Total { get; internal set; }

        public ReasonBits Reasons { get; internal set; }

        public float Uncertainty { get; internal set; }

        public bool Invalid => (Reasons & ReasonBits.Invalid) != 0;
    }

    /// <summary>
    /// The reference interpreter: evaluates a contract's <see cref="KernelProgram"/> on ONE sample, node by node, in
    /// float32 — the meaning every generated kernel prints. The analysis checks every witness with it, and tests
    /// compare the generated code with it bit for bit.
    /// </summary>
    public sealed class ContractInterpreter
    {
        private readonly KernelProgram _program;
        private readonly float[] _params;

        /// <param name="contract">An error-free bound contract; it is lowered without analysis facts (every check kept).</param>
        /// <param name="paramValues">Param values by param index; null: the defaults.</param>
        public ContractInterpreter(BoundContract contract, IReadOnlyList<double>? paramValues = null)
            : this(Lowerer.Lower(contract ?? throw new ArgumentNullException(nameof(contract))),
                   contract.Params.Select(p => paramValues != null ? paramValues[p.Index] : p.Default).ToArray())
        {
        }

        /// <param name="program">The program to run.</param>
        /// <param name="paramValues">One value per param.</param>
        public ContractInterpreter(KernelProgram program, IReadOnlyList<double> paramValues)
        {
            _program = program ?? throw new ArgumentNullException(nameof(program));
            if (paramValues.Count != program.ParamCount) throw new ArgumentException($"the program has {program.ParamCount} params", nameof(paramValues));
            _params = paramValues.Select(v => (float)v).ToArray();
        }

        public KernelProgram Program => _program;

        /// <summary>The concerns that can have a gap: norm indices per group.</summary>
        public IReadOnlyList<int[]> GapGroups => _program.GapGroups.Select(g => g.Norms.ToArray()).ToList();

        public static EvaluationResult Evaluate(BoundContract contract, Sample sample, IReadOnlyList<double>? paramValues = null) =>
            new ContractInterpreter(contract, paramValues).Evaluate(sample);

        // ---- step 1, lets, tests ------------------------------------------------------------------------------

        /// <summary>Step 1, the lets and the shared tests.</summary>
        public InputValues Prepare(Sample sample)
        {
            var p = _program;
            var v = new InputValues(p.Inputs.Length, p.Lets.Length, p.Tests.Length);
            var reasons = ReasonBits.None;
            bool invalid = false;
            foreach (var input in p.Inputs)
            {
                int i = input.Signal;
                switch (input.Kind)
                {
                    case InputKind.Flag:
                        v.Flags[i] = sample.Flags[i];
                        break;
                    case InputKind.Category:
                        int code = sample.Codes[i];
                        if (code < 0 || code >= input.Categories) invalid = true;
                        v.Codes[i] = code;
                        break;
                    case InputKind.Ensemble:
                    {
                        var members = sample.Members[i];
                        if (members.Length != input.Members) { invalid = true; break; }
                        var clamped = new float[members.Length];
                        for (int j = 0; j < members.Length; j++)
                        {
                            var (x, outside, bad) = Check(members[j], input, rounds: false);
                            invalid |= bad;
                            if (outside) reasons |= ReasonBits.OutOfDomain;
                            clamped[j] = x;
                        }
                        if (!invalid) ComputeStatistics(clamped, v.Statistics, i * 5);
                        break;
                    }
                    default:
                    {
                        var (x, outside, bad) = Check(sample.Scalars[i], input, rounds: input.Kind == InputKind.Count);
                        invalid |= bad;
                        if (outside) reasons |= ReasonBits.OutOfDomain;
                        v.Scalars[i] = x;
                        break;
                    }
                }
            }
            if (invalid)
            {
                v.Reasons = ReasonBits.OutOfDomain | ReasonBits.Invalid;
                return v;
            }
            v.Reasons = reasons;
            foreach (var let in p.Lets) v.Lets[let.Let] = Value(let.Value, v);
            for (int t = 0; t < p.Tests.Length; t++) v.Tests[t] = Test(p.Tests[t], v);
            return v;
        }

        /// <summary>A real (or count) input: NaN/±Inf invalid; counts rounded (ties to even); clamped into the domain.</summary>
        private static (float Value, bool Outside, bool Invalid) Check(float x, InputCheck input, bool rounds)
        {
            if (float.IsNaN(x) || float.IsInfinity(x)) return (0f, false, true);
            bool outside = false;
            if (rounds)
            {
                float r = FloatMath.Round(x);
                if (r != x) { x = r; outside = true; }
            }
            if (x < input.Low) { x = input.Low; outside = true; }
            else if (x > input.High) { x = input.High; outside = true; }
            return (x, outside, false);
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

        // ---- steps 2–6 --------------------------------------------------------------------------------------

        public EvaluationResult Evaluate(Sample sample) => Evaluate(Prepare(sample));

        /// <summary>Steps 2–6 on prepared inputs.</summary>
        public EvaluationResult Evaluate(InputValues inputs)
        {
            var p = _program;
            var norms = p.Norms;
            var result = new EvaluationResult(inputs, norms.Length);
            if (inputs.Invalid)
            {
                result.Reasons = inputs.Reasons;
                result.Uncertainty = 1f;
                return result;
            }

            // 2. Base reward.
            result.Base = Value(p.Base, inputs);

            // 3. Activity; 4. silencing by preference; contributions.
            foreach (var n in norms)
            {
                result.ContextHolds[n.Norm] = Holds(n.Context, inputs);
                result.Active[n.Norm] = result.ContextHolds[n.Norm] && Holds(n.Guard, inputs);
            }
            foreach (var n in norms)
            {
                bool inEffect = result.Active[n.Norm];
                foreach (int a in n.SilencedBy)
                    if (result.Active[a]) { inEffect = false; break; }
                result.InEffect[n.Norm] = inEffect;
                if (!inEffect || n.Amount == null) continue;
                float amount = Value(n.Amount, inputs);
                result.Contributions[n.Norm] = n.Sign < 0 ? -amount : amount;
            }

            // 5. Total: base + contributions in norm order.
            float total = result.Base;
            foreach (var n in norms) total += result.Contributions[n.Norm];
            result.Total = total;

            // 6. Reasons and uncertainty.
            var reasons = inputs.Reasons;
            foreach (var group in p.ConflictGroups)
                if (group.Left.Any(k => result.InEffect[k]) && group.Right.Any(k => result.InEffect[k])) { reasons |= ReasonBits.Conflict; break; }
            foreach (var group in p.GapGroups)
                if (!group.Norms.Any(k => result.ContextHolds[k])) { reasons |= ReasonBits.Gap; break; }
            float uncertainty = 0f;
            foreach (var rule in p.Uncertainty)
            {
                bool fired = rule.Trigger switch
                {
                    UncertainTrigger.Conflict => (reasons & ReasonBits.Conflict) != 0,
                    UncertainTrigger.Gap => (reasons & ReasonBits.Gap) != 0,
                    _ => Holds(rule.When, inputs),
                };
                if (!fired) continue;
                if (rule.Trigger == UncertainTrigger.Guard) reasons |= ReasonBits.Explicit;
                uncertainty = FloatMath.Max(uncertainty, rule.Weight);
            }
            result.Reasons = reasons;
            result.Uncertainty = uncertainty;
            return result;
        }

        /// <summary>Whether norm <paramref name="norm"/> is active (context ∧ guard) on prepared inputs.</summary>
        public bool IsActive(int norm, InputValues inputs)
        {
            var n = _program.Norms[norm];
            return Holds(n.Context, inputs) && Holds(n.Guard, inputs);
        }

        /// <summary>Whether norm <paramref name="norm"/> is in effect: active, and no norm preferred over it is active.</summary>
        public bool IsInEffect(int norm, InputValues inputs) =>
            IsActive(norm, inputs) && !_program.Norms[norm].SilencedBy.Any(a => IsActive(a, inputs));

        /// <summary>Whether norm <paramref name="norm"/>'s context holds (true when it has none).</summary>
        public bool ContextHolds(int norm, InputValues inputs) => Holds(_program.Norms[norm].Context, inputs);

        // ---- nodes ------------------------------------------------------------------------------------------

        public bool Holds(KernelCondition condition, InputValues v) => condition switch
        {
            ConstantCondition k => k.Value,
            TestCondition t => v.Tests[t.Test],
            AndCondition a => Holds(a.Left, v) && Holds(a.Right, v),
            OrCondition o => Holds(o.Left, v) || Holds(o.Right, v),
            NotCondition n => !Holds(n.Operand, v),
            _ => throw new InvalidOperationException("unknown condition " + condition.GetType().Name),
        };

        private bool Test(KernelTest test, InputValues v)
        {
            switch (test)
            {
                case FlagTest f: return v.Flags[f.Signal];
                case CategoryTest c:
                {
                    int code = v.Codes[c.Signal];
                    foreach (int value in c.Codes)
                        if (value == code) return true;
                    return false;
                }
                case CompareTest cmp:
                {
                    float x = Value(cmp.Subject, v);
                    float k = cmp.Constant;
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
                    throw new InvalidOperationException("unknown test " + test.GetType().Name);
            }
        }

        /// <summary>A bound expression of the contract, evaluated on prepared inputs (tests and tools).</summary>
        public float Eval(BoundExpression expression, InputValues v) => Value(Lowerer.LowerValue(expression), v);

        public float Value(KernelValue value, InputValues v)
        {
            switch (value)
            {
                case ConstantValue k: return k.Value;
                case SignalValue s: return v.Scalars[s.Signal];
                case StatisticValue m: return v.Statistics[m.Signal * 5 + (int)m.Statistic];
                case ParamValue p: return _params[p.Param];
                case LetValue l: return v.Lets[l.Let];
                case UnaryValue u:
                {
                    float x = Value(u.Operand, v);
                    return u.Operator switch
                    {
                        UnaryOperator.Negate => -x,
                        UnaryOperator.Abs => FloatMath.Abs(x),
                        UnaryOperator.Exp => FloatMath.Exp(x),
                        UnaryOperator.Log => FloatMath.Log(x),
                        UnaryOperator.Sigmoid => FloatMath.Sigmoid(x),
                        _ => FloatMath.Tanh(x),
                    };
                }
                case BinaryValue b:
                {
                    float l = Value(b.Left, v), r = Value(b.Right, v);
                    return b.Operator switch
                    {
                        ArithmeticOperator.Add => l + r,
                        ArithmeticOperator.Subtract => l - r,
                        ArithmeticOperator.Multiply => l * r,
                        ArithmeticOperator.Divide => l / r,
                        ArithmeticOperator.Min => FloatMath.Min(l, r),
                        _ => FloatMath.Max(l, r),
                    };
                }
                default:
                    throw new InvalidOperationException("unknown value " + value.GetType().Name);
            }
        }
    }
}
