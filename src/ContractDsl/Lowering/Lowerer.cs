using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ContractDsl.Binding;
using ContractDsl.Collections;
using ContractDsl.Syntax;

namespace ContractDsl.Lowering
{
    /// <summary>
    /// What the analysis proved, so that lowering can leave out checks that can never fire. Every delegate may be
    /// null (nothing proven: the check stays, which is correct, only slower). Leaving a check out never changes
    /// what the program computes.
    /// </summary>
    public sealed record LoweringFacts(
        Func<int, int, bool>? CanBeActiveTogether = null,
        Func<int, int, bool>? CanBothBeInEffect = null,
        Func<string, bool>? CanHaveGap = null,
        double TotalLow = double.NegativeInfinity)
    {
        public static readonly LoweringFacts None = new LoweringFacts();
    }

    /// <summary>
    /// Lowers an error-free bound contract to its <see cref="KernelProgram"/>: expressions to float32 values (clamp
    /// and caps to min/max, constants rounded once), guards to conditions over a table of shared tests, preferences
    /// to silencing lists, and the rules of <see cref="NormRelations"/> to conflict pairs and gap groups.
    /// </summary>
    public static class Lowerer
    {
        public static KernelProgram Lower(BoundContract contract, LoweringFacts? facts = null) =>
            new Lowering(contract, NormRelations.Of(contract), facts ?? LoweringFacts.None).Run();

        public static KernelProgram Lower(BoundContract contract, NormRelations relations, LoweringFacts? facts = null) =>
            new Lowering(contract, relations, facts ?? LoweringFacts.None).Run();

        /// <summary>One bound expression as a kernel value (tests and tools that evaluate a single expression).</summary>
        public static KernelValue LowerValue(BoundExpression expression) => Lowering.Value(expression);

        /// <summary>
        /// 1/<paramref name="divisor"/> where it is exact (the divisor is ±2^k), else null. Then x / divisor and
        /// x · (1/divisor) are the same real number, rounded once to float either way, so every back end gets the
        /// same bits from the multiplication, for every x (NaN, ±∞, ±0 and subnormals included); and a float
        /// division costs several times a multiplication, and sits on the critical path of what follows it.
        /// </summary>
        internal static float? ExactReciprocal(float divisor)
        {
            float reciprocal = 1f / divisor;
            // The product of two floats is exact in double; if it is 1, reciprocal is exactly 1/divisor.
            return !float.IsInfinity(reciprocal) && reciprocal != 0f && (double)reciprocal * divisor == 1.0 ? reciprocal : (float?)null;
        }

        private sealed class Lowering
        {
            private readonly BoundContract _c;
            private readonly NormRelations _relations;
            private readonly LoweringFacts _facts;
            private readonly List<KernelTest> _tests = new List<KernelTest>();
            private readonly Dictionary<KernelTest, int> _testIndex = new Dictionary<KernelTest, int>();

            public Lowering(BoundContract contract, NormRelations relations, LoweringFacts facts)
            {
                _c = contract;
                _relations = relations;
                _facts = facts;
            }

            public KernelProgram Run()
            {
                var lets = _c.Lets.Select(l => (l, Value(l.Value))).ToList();
                var baseValue = Value(_c.Reward);
                var norms = _c.Norms.Select(LowerNorm).ToList();
                var uncertainty = new List<UncertaintyStep>();

                var conflicts = ConflictGroups();
                var gaps = _relations.GapGroups
                    .Where(g => _facts.CanHaveGap?.Invoke(g.Concern) ?? true)
                    .Select(g => new GapGroup(g.Concern, g.Norms.ToEquatableArray()))
                    .ToEquatableArray();

                foreach (var rule in _c.Uncertainty)
                {
                    // A rule whose trigger can never fire is left out: the program is the same function without it.
                    if (rule.Trigger == UncertainTrigger.Conflict && conflicts.Length == 0) continue;
                    if (rule.Trigger == UncertainTrigger.Gap && gaps.Length == 0) continue;
                    var when = rule.Trigger == UncertainTrigger.Guard && rule.Guard != null ? Condition(rule.Guard) : ConstantCondition.True;
                    uncertainty.Add(new UncertaintyStep(rule.Index, (float)rule.Weight, rule.Trigger, when, rule.GuardText, rule.Reason));
                }

                var gradient = GradientUses(lets.Select(l => l.Item2).ToList(), baseValue, norms);
                var letSteps = lets.Select(x => new LetStep(x.l.Index, x.l.Name, x.Item2, x.l.Text, gradient[x.l.Index])).ToEquatableArray();

                return new KernelProgram(
                    _c.Name,
                    Inputs(),
                    _c.Params.Length,
                    _tests.ToEquatableArray(),
                    letSteps,
                    baseValue,
                    _c.RewardText,
                    norms.ToEquatableArray(),
                    conflicts,
                    gaps,
                    uncertainty.ToEquatableArray(),
                    Welfare());
            }

            // ---- step 1 --------------------------------------------------------------------------------------

            private EquatableArray<InputCheck> Inputs()
            {
                var used = UsedStatistics();
                return _c.Signals.Select(s =>
                {
                    var kind = s.Kind switch
                    {
                        SignalKind.Count => InputKind.Count,
                        SignalKind.Ensemble => InputKind.Ensemble,
                        SignalKind.Category => InputKind.Category,
                        SignalKind.Flag => InputKind.Flag,
                        _ => InputKind.Real,
                    };
                    bool numeric = kind is InputKind.Real or InputKind.Count or InputKind.Ensemble;
                    var stats = kind == InputKind.Ensemble
                        ? used.Where(u => u.Signal == s.Index).Select(u => u.Statistic).Distinct().OrderBy(x => x).ToEquatableArray()
                        : EquatableArray<EnsembleStatistic>.Empty;
                    return new InputCheck(
                        s.Index, s.Name, kind,
                        numeric ? (float)s.Low : 0f,
                        numeric ? (float)s.High : 0f,
                        kind == InputKind.Ensemble ? s.EnsembleSize : 1,
                        s.Categories.Length,
                        stats);
                }).ToEquatableArray();
            }

            private HashSet<(int Signal, EnsembleStatistic Statistic)> UsedStatistics()
            {
                var used = new HashSet<(int, EnsembleStatistic)>();
                void Walk(BoundExpression? e)
                {
                    if (e == null) return;
                    var stack = new Stack<BoundExpression>();
                    stack.Push(e);
                    while (stack.Count > 0)
                    {
                        switch (stack.Pop())
                        {
                            case BoundEnsembleMember m: used.Add((m.Signal, m.Statistic)); break;
                            case BoundNegate n: stack.Push(n.Operand); break;
                            case BoundBinary b: stack.Push(b.Left); stack.Push(b.Right); break;
                            case BoundCall c: foreach (var a in c.Arguments) stack.Push(a); break;
                        }
                    }
                }
                void WalkGuard(BoundGuard? g)
                {
                    if (g == null) return;
                    var stack = new Stack<BoundGuard>();
                    stack.Push(g);
                    while (stack.Count > 0)
                    {
                        switch (stack.Pop())
                        {
                            case BoundAnd a: stack.Push(a.Left); stack.Push(a.Right); break;
                            case BoundOr o: stack.Push(o.Left); stack.Push(o.Right); break;
                            case BoundNot n: stack.Push(n.Operand); break;
                            case BoundComparison c: Walk(c.Subject); break;
                        }
                    }
                }
                Walk(_c.Reward);
                foreach (var l in _c.Lets) Walk(l.Value);
                foreach (var n in _c.Norms) { Walk(n.Amount); WalkGuard(n.Context); WalkGuard(n.Guard); }
                foreach (var u in _c.Uncertainty) WalkGuard(u.Guard);
                return used;
            }

            // ---- steps 3–4 -----------------------------------------------------------------------------------

            private NormStep LowerNorm(BoundNorm norm)
            {
                KernelValue? amount = null;
                if (norm.Effect != EffectKind.Allow && norm.Amount != null)
                {
                    amount = Value(norm.Amount);
                    if (norm.Cap is double cap)
                        amount = new BinaryValue(ArithmeticOperator.Min,
                            new BinaryValue(ArithmeticOperator.Max, amount, new ConstantValue((float)-cap)),
                            new ConstantValue((float)cap));
                }
                // A dominator that can never be active together with this norm never silences it.
                var silencedBy = _relations.Dominators(norm.Index)
                    .Where(a => _facts.CanBeActiveTogether?.Invoke(a, norm.Index) ?? true)
                    .ToEquatableArray();
                return new NormStep(
                    norm.Index, norm.Name, norm.Concern, norm.Rationale,
                    norm.Context is null ? ConstantCondition.True : Condition(norm.Context),
                    norm.Guard is null ? ConstantCondition.True : Condition(norm.Guard),
                    norm.Sign,
                    amount,
                    silencedBy,
                    norm.ContextText, norm.GuardText, norm.AmountText, norm.Cap);
            }

            // ---- step 6: conflicts ---------------------------------------------------------------------------

            /// <summary>
            /// The conflict groups of <see cref="NormRelations"/>, without the norms that can never be in effect together
            /// with any norm of the other side (ordered by a preference, or proven by the analysis), and without groups
            /// left with an empty side: the test computes the same function with fewer terms.
            /// </summary>
            private EquatableArray<ConflictGroup> ConflictGroups()
            {
                bool Possible(int a, int b) => !_relations.Ordered(a, b) && (_facts.CanBothBeInEffect?.Invoke(a, b) ?? true);
                var result = new List<ConflictGroup>();
                foreach (var (relatedBy, left, right) in _relations.ConflictGroups())
                {
                    var l = left.Where(a => right.Any(b => Possible(a, b))).ToEquatableArray();
                    var r = right.Where(b => l.Any(a => Possible(a, b))).ToEquatableArray();
                    if (l.Length > 0 && r.Length > 0) result.Add(new ConflictGroup(relatedBy, l, r));
                }
                return result.ToEquatableArray();
            }

            // ---- step 7 --------------------------------------------------------------------------------------

            private WelfareStep? Welfare()
            {
                if (_c.Welfare is not { Category: >= 0 } w) return null;
                var group = _c.Signals[w.Category];
                return new WelfareStep(w.Kind, w.Category, group.Name, group.Categories, w.Weights,
                    w.From ?? _facts.TotalLow, w.Temperature, w.Exponent);
            }

            // ---- gradients (torch) ---------------------------------------------------------------------------

            /// <summary>
            /// Per let, where its gradient is needed: everywhere if the base reward reads it (or a let that is needed
            /// everywhere), else where the norms whose amounts read it (directly or through lets) are in effect.
            /// Lets come dependencies first, so walking them backwards sees every reader before the let it reads.
            /// </summary>
            private static GradientUse[] GradientUses(List<KernelValue> lets, KernelValue baseValue, List<NormStep> norms)
            {
                var everywhere = new bool[lets.Count];
                var byNorms = lets.Select(_ => new SortedSet<int>()).ToArray();
                foreach (int l in LetsRead(baseValue)) everywhere[l] = true;
                foreach (var n in norms)
                    if (n.Amount != null)
                        foreach (int l in LetsRead(n.Amount)) byNorms[l].Add(n.Norm);
                for (int m = lets.Count - 1; m >= 0; m--)
                    foreach (int l in LetsRead(lets[m]))
                    {
                        if (everywhere[m]) everywhere[l] = true;
                        byNorms[l].UnionWith(byNorms[m]);
                    }
                return Enumerable.Range(0, lets.Count)
                    .Select(l => everywhere[l] ? GradientUse.All
                        : byNorms[l].Count == 0 ? GradientUse.None
                        : new GradientUse(false, byNorms[l].ToEquatableArray()))
                    .ToArray();
            }

            private static HashSet<int> LetsRead(KernelValue value)
            {
                var result = new HashSet<int>();
                var stack = new Stack<KernelValue>();
                stack.Push(value);
                while (stack.Count > 0)
                {
                    switch (stack.Pop())
                    {
                        case LetValue l: result.Add(l.Let); break;
                        case UnaryValue u: stack.Push(u.Operand); break;
                        case BinaryValue b: stack.Push(b.Left); stack.Push(b.Right); break;
                    }
                }
                return result;
            }

            // ---- expressions and guards ----------------------------------------------------------------------

            /// <summary>
            /// A bound expression as a kernel value. Recursion depth is the expression's depth, which the front end
            /// bounds (<see cref="ExpressionLimits.MaxDepth"/>).
            /// </summary>
            public static KernelValue Value(BoundExpression e)
            {
                switch (e)
                {
                    case BoundConstant k: return new ConstantValue((float)k.Value);
                    case BoundSignalValue s: return new SignalValue(s.Signal);
                    case BoundEnsembleMember m: return new StatisticValue(m.Signal, m.Statistic);
                    case BoundParamValue p: return new ParamValue(p.Param);
                    case BoundLetValue l: return new LetValue(l.Let);
                    case BoundNegate n: return new UnaryValue(UnaryOperator.Negate, Value(n.Operand));
                    case BoundBinary b when b.Operator == BinaryOperator.Divide && b.Right is BoundConstant divisor
                                            && ExactReciprocal((float)divisor.Value) is float reciprocal:
                        return new BinaryValue(ArithmeticOperator.Multiply, Value(b.Left), new ConstantValue(reciprocal));
                    case BoundBinary b:
                        return new BinaryValue(b.Operator switch
                        {
                            BinaryOperator.Add => ArithmeticOperator.Add,
                            BinaryOperator.Subtract => ArithmeticOperator.Subtract,
                            BinaryOperator.Multiply => ArithmeticOperator.Multiply,
                            _ => ArithmeticOperator.Divide,
                        }, Value(b.Left), Value(b.Right));
                    case BoundCall call:
                    {
                        var a = call.Arguments;
                        switch (call.Function)
                        {
                            case BuiltinFunction.Min: return new BinaryValue(ArithmeticOperator.Min, Value(a[0]), Value(a[1]));
                            case BuiltinFunction.Max: return new BinaryValue(ArithmeticOperator.Max, Value(a[0]), Value(a[1]));
                            // clamp(x, lo, hi) = min(max(x, lo), hi): when lo > hi every value becomes hi, as torch.clamp.
                            case BuiltinFunction.Clamp:
                                return new BinaryValue(ArithmeticOperator.Min, new BinaryValue(ArithmeticOperator.Max, Value(a[0]), Value(a[1])), Value(a[2]));
                            case BuiltinFunction.Abs: return new UnaryValue(UnaryOperator.Abs, Value(a[0]));
                            case BuiltinFunction.Exp: return new UnaryValue(UnaryOperator.Exp, Value(a[0]));
                            case BuiltinFunction.Log: return new UnaryValue(UnaryOperator.Log, Value(a[0]));
                            case BuiltinFunction.Sigmoid: return new UnaryValue(UnaryOperator.Sigmoid, Value(a[0]));
                            default: return new UnaryValue(UnaryOperator.Tanh, Value(a[0]));
                        }
                    }
                    default:
                        throw new InvalidOperationException("a contract with errors can't be lowered (" + e.GetType().Name + ")");
                }
            }

            private KernelCondition Condition(BoundGuard guard)
            {
                switch (guard)
                {
                    case BoundAnd and: return new AndCondition(Condition(and.Left), Condition(and.Right));
                    case BoundOr or: return new OrCondition(Condition(or.Left), Condition(or.Right));
                    case BoundNot not: return new NotCondition(Condition(not.Operand));
                    case BoundFlag flag:
                        return Test(new FlagTest(flag.Signal, _c.Signals[flag.Signal].Name));
                    case BoundCategoryTest test:
                    {
                        var signal = _c.Signals[test.Signal];
                        var codes = test.Values.Distinct().OrderBy(v => v).ToEquatableArray();
                        if (codes.Length == 0) return ConstantCondition.False;
                        if (codes.Length == signal.Categories.Length) return ConstantCondition.True; // every valid code
                        string text = codes.Length == 1
                            ? signal.Name + " == " + signal.Categories[codes[0]]
                            : signal.Name + " in { " + string.Join(", ", codes.Select(v => signal.Categories[v])) + " }";
                        return Test(new CategoryTest(test.Signal, codes, text));
                    }
                    case BoundComparison cmp:
                    {
                        string text = Analysis.ExpressionPrinter.Print(_c, cmp.Subject) + " " + SyntaxFacts.Text(cmp.Operator) + " " +
                                      ((float)cmp.Constant).ToString("R", CultureInfo.InvariantCulture);
                        return Test(new CompareTest(Value(cmp.Subject), cmp.Operator, (float)cmp.Constant, text));
                    }
                    default:
                        throw new InvalidOperationException("a contract with errors can't be lowered (" + guard.GetType().Name + ")");
                }
            }

            private KernelCondition Test(KernelTest test)
            {
                if (!_testIndex.TryGetValue(test, out int index))
                {
                    index = _tests.Count;
                    _tests.Add(test);
                    _testIndex.Add(test, index);
                }
                return new TestCondition(index);
            }
        }
    }
}
