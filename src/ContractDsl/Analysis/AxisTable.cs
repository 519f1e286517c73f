using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using ContractDsl.Binding;
using ContractDsl.Syntax;

namespace ContractDsl.Analysis
{
    /// <summary>The axes of a contract's guard space: one per scalar, statistic, let, category and flag that a guard reads.</summary>
    internal sealed class AxisTable
    {
        private readonly BoundContract _contract;
        private readonly Dictionary<(AxisKind, int, int), Axis> _byKey = new Dictionary<(AxisKind, int, int), Axis>();
        private readonly List<(AxisKind, int, int)> _keys = new List<(AxisKind, int, int)>();   // per axis id: its key
        private readonly IntervalEnvironment _domains;
        private readonly IntervalEvaluator _evaluator;

        public List<Axis> Axes { get; } = new List<Axis>();

        public AxisTable(BoundContract contract, IntervalEnvironment domains, IntervalEvaluator evaluator)
        {
            _contract = contract;
            _domains = domains;
            _evaluator = evaluator;
            foreach (var norm in contract.Norms)
            {
                Declare(norm.Context);
                Declare(norm.Guard);
            }
            foreach (var rule in contract.Uncertainty) Declare(rule.Guard);
        }

        /// <summary>
        /// Whether <paramref name="contract"/>'s guards read exactly this table's axes, first met in the same order — then
        /// the table, and every region over it, is the one <paramref name="contract"/> would build (its declarations being
        /// the table's contract's: see <see cref="ContractAnalyzer"/>'s reuse of unchanged norms).
        /// </summary>
        public bool DeclaresSameAxes(BoundContract contract)
        {
            var seen = new HashSet<(AxisKind, int, int)>();
            int next = 0;
            bool Same(BoundGuard? guard)
            {
                var subjects = new List<object>();
                Uses.Subjects(guard, subjects);
                foreach (var subject in subjects)
                {
                    if (!(KeyOf(subject) is { } key)) return false;
                    if (!seen.Add(key)) continue;
                    if (next >= _keys.Count || _keys[next] != key) return false;
                    next++;
                }
                return true;
            }
            foreach (var norm in contract.Norms)
                if (!Same(norm.Context) || !Same(norm.Guard)) return false;
            foreach (var rule in contract.Uncertainty)
                if (!Same(rule.Guard)) return false;
            return next == _keys.Count;
        }

        /// <summary>The key a subject's axis is found under (null for a subject no axis stands for).</summary>
        private static (AxisKind, int, int)? KeyOf(object subject) => subject switch
        {
            BoundFlag f => (AxisKind.Flag, f.Signal, 0),
            BoundCategoryTest t => (AxisKind.Category, t.Signal, 0),
            BoundSignalValue s => (AxisKind.Scalar, s.Signal, 0),
            BoundEnsembleMember m => (AxisKind.Member, m.Signal, (int)m.Statistic),
            BoundLetValue l => (AxisKind.Let, l.Let, 0),
            _ => null,
        };

        private void Declare(BoundGuard? guard)
        {
            var subjects = new List<object>();
            Uses.Subjects(guard, subjects);
            foreach (var subject in subjects)
            {
                switch (subject)
                {
                    case BoundFlag f: FlagAxis(f.Signal); break;
                    case BoundCategoryTest t: CategoryAxis(t.Signal); break;
                    case BoundExpression e: SubjectAxis(e); break;
                }
            }
        }

        // Locked: an analysis of a later version of the contract may adopt this table (ContractAnalyzer's structure
        // cache) while another thread still reads it. Every axis exists once the constructor returns, so later calls
        // only look up.
        private Axis Get(AxisKind kind, int a, int b, Func<int, Axis> create)
        {
            lock (_byKey)
            {
                if (_byKey.TryGetValue((kind, a, b), out var axis)) return axis;
                axis = create(Axes.Count);
                Axes.Add(axis);
                _keys.Add((kind, a, b));
                _byKey.Add((kind, a, b), axis);
                return axis;
            }
        }

        // Memoised per table: later versions of the contract adopt the table (ContractAnalyzer) and repeat most comparisons.
        private readonly ConcurrentDictionary<(int Axis, ComparisonOperator Operator, long ConstantBits), (bool Never, bool Always)> _coverage =
            new ConcurrentDictionary<(int, ComparisonOperator, long), (bool, bool)>();

        /// <summary>Whether comparing <paramref name="axis"/> with a constant never holds, or always holds, within the axis's domain (CDSL1005).</summary>
        public (bool Never, bool Always) Coverage(Axis axis, ComparisonOperator op, double constant)
        {
            // Keyed by the constant's bits: -0 and 0 are different constants to the region algebra.
            var key = (axis.Id, op, BitConverter.DoubleToInt64Bits(constant));
            if (_coverage.TryGetValue(key, out var known)) return known;
            var holds = axis.Normalize(RegionAlgebra.ComparisonSet(op, constant).Intersect(axis.Domain));
            bool never = holds.IsEmpty;
            var coverage = (never, !never && holds.Equals(axis.Domain));
            _coverage.TryAdd(key, coverage);
            return coverage;
        }

        public bool TryGet(AxisKind kind, int a, int b, out Axis axis)
        {
            lock (_byKey) return _byKey.TryGetValue((kind, a, b), out axis!);
        }

        public Axis FlagAxis(int signal) =>
            Get(AxisKind.Flag, signal, 0, id => new Axis(id, AxisKind.Flag, signal, default, -1, _contract.Signals[signal].Name, IntervalSet.Range(0, 1), false, new Interval(0, 1)));

        public Axis CategoryAxis(int signal) =>
            Get(AxisKind.Category, signal, 0, id =>
            {
                int n = _contract.Signals[signal].Categories.Length;
                return new Axis(id, AxisKind.Category, signal, default, -1, _contract.Signals[signal].Name, IntervalSet.Range(0, n - 1), false, new Interval(0, n - 1));
            });

        public Axis SubjectAxis(BoundExpression subject)
        {
            switch (subject)
            {
                case BoundSignalValue s:
                    return Get(AxisKind.Scalar, s.Signal, 0, id =>
                    {
                        var signal = _contract.Signals[s.Signal];
                        float lo = Math.Max((float)signal.Low, -float.MaxValue), hi = Math.Min((float)signal.High, float.MaxValue);
                        var domain = IntervalSet.Range(FloatKey.Of(lo), FloatKey.Of(hi));
                        if (signal.IsInteger) domain = domain.NormalizeIntegral();
                        return new Axis(id, AxisKind.Scalar, s.Signal, default, -1, signal.Name, domain, signal.IsInteger, _domains.Scalar(s.Signal));
                    });
                case BoundEnsembleMember m:
                    return Get(AxisKind.Member, m.Signal, (int)m.Statistic, id =>
                    {
                        var signal = _contract.Signals[m.Signal];
                        var range = _domains.Statistic(m.Signal * 5 + (int)m.Statistic);
                        IntervalSet domain;
                        if (m.Statistic == EnsembleStatistic.Min || m.Statistic == EnsembleStatistic.Max)
                            domain = IntervalSet.Range(FloatKey.Of(Math.Max((float)signal.Low, -float.MaxValue)), FloatKey.Of(Math.Min((float)signal.High, float.MaxValue)));
                        else
                            domain = KeysOf(range);
                        return new Axis(id, AxisKind.Member, m.Signal, m.Statistic, -1, signal.Name + "." + m.Statistic.ToString().ToLowerInvariant(), domain, false, range);
                    });
                case BoundLetValue l:
                    return Get(AxisKind.Let, l.Let, 0, id =>
                    {
                        var range = _evaluator.Eval(new BoundLetValue(l.Let), _domains.Copy());
                        return new Axis(id, AxisKind.Let, -1, default, l.Let, _contract.Lets[l.Let].Name, KeysOf(range), false, range);
                    });
                default:
                    throw new RegionTooLargeException();
            }
        }

        /// <summary>The float keys of an interval's values (ends are floats), plus NaN when it may be NaN.</summary>
        public static IntervalSet KeysOf(Interval range)
        {
            var parts = new List<(int, int)>();
            if (!range.IsEmpty) parts.Add((FloatKey.Of((float)range.Low), FloatKey.Of((float)range.High)));
            if (range.MayBeNaN) parts.Add((FloatKey.NaN, FloatKey.NaN));
            return IntervalSet.FromIntervals(parts);
        }
    }
}
