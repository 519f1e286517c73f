using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ContractDsl.Analysis;
using ContractDsl.Binding;
using ContractDsl.Collections;
using ContractDsl.Evaluation;
using ContractDsl.Lowering;

namespace ContractDsl.Versions
{
    /// <summary>Both versions evaluated on one joint sample with one assignment of the joint params.</summary>
    internal sealed class Outcome
    {
        public Outcome(Sample joint, InputValues jointInputs, double[] parameters, Sample beforeSample, Sample afterSample,
            EvaluationResult before, EvaluationResult after)
        {
            Joint = joint; JointInputs = jointInputs; Params = parameters;
            BeforeSample = beforeSample; AfterSample = afterSample; Before = before; After = after;
        }

        public Sample Joint { get; }
        public InputValues JointInputs { get; }
        public double[] Params { get; }
        public Sample BeforeSample { get; }
        public Sample AfterSample { get; }
        public EvaluationResult Before { get; }
        public EvaluationResult After { get; }

        /// <summary>The size of the numbers both totals were summed from: the scale float rounding is relative to.</summary>
        public double Scale
        {
            get
            {
                double s = Math.Abs(Before.Base) + Math.Abs(After.Base) + Math.Abs(Before.Total) + Math.Abs(After.Total);
                foreach (var c in Before.Contributions) s += Math.Abs(c);
                foreach (var c in After.Contributions) s += Math.Abs(c);
                return s;
            }
        }
    }

    /// <summary>What a witness must show, and where to look beyond the box's own axes.</summary>
    internal sealed class WitnessQuery
    {
        public WitnessQuery(Func<Outcome, bool> accept) => Accept = accept;

        /// <summary>Whether both versions' results on the sample show the difference (the check of the witness).</summary>
        public Func<Outcome, bool> Accept { get; }

        /// <summary>How promising a candidate is before it is evaluated (e.g. |real difference|); null: take them in order.</summary>
        public Func<InputValues, double[], double>? Score { get; set; }

        /// <summary>Whether a candidate can pass at all, from the joint inputs alone (cheap): the others are not evaluated.</summary>
        public Func<InputValues, double[], bool>? Viable { get; set; }

        /// <summary>Joint signals the difference depends on besides the box's axes (amounts read them): varied.</summary>
        public ISet<int> FreeSignals { get; set; } = new HashSet<int>();

        /// <summary>Joint params the difference depends on: tried at their bounds as well as their defaults.</summary>
        public ISet<int> FreeParams { get; set; } = new HashSet<int>();

        /// <summary>Joint signals to name in the witness (besides the box's axes).</summary>
        public ISet<int> Show { get; set; } = new HashSet<int>();
    }

    /// <summary>
    /// Runs both versions (their kernel programs, with the reference interpreter) on joint samples, and finds witnesses:
    /// a point of a box realised by the analysis's <see cref="WitnessFinder"/> (boundaries, ensembles, lets), then
    /// variations of it — the box's numeric axes at their ends and inside, the signals and params the difference reads
    /// at their bounds and inside — ranked by a score and checked on both versions. Nothing is returned that the
    /// interpreter did not confirm on both versions.
    /// </summary>
    internal sealed class DiffRuns
    {
        private readonly JointSpace _space;
        private readonly KernelProgram?[] _kernels;
        private readonly AxisTable _axes;
        private readonly DiffOptions _options;
        private readonly AnalysisBudget _budget;
        private readonly AnalysisOptions _finderOptions;
        private readonly Dictionary<string, Runner> _runners = new Dictionary<string, Runner>(StringComparer.Ordinal);
        private KernelProgram? _joint;

        public DiffRuns(JointSpace space, KernelProgram? before, KernelProgram? after, AxisTable axes, DiffOptions options, AnalysisBudget budget)
        {
            _space = space;
            _kernels = new[] { before, after };
            _axes = axes;
            _options = options;
            _budget = budget;
            _finderOptions = new AnalysisOptions(MaxWitnessBoxes: 1, MaxWitnessAttempts: 256);
            Defaults = space.DefaultParams();
        }

        public double[] Defaults { get; }

        private sealed class Runner
        {
            public Runner(ContractInterpreter joint, ContractInterpreter before, ContractInterpreter after, WitnessFinder finder, double[] jointParams)
            {
                Joint = joint; Before = before; After = after; Finder = finder; Params = jointParams;
            }

            public ContractInterpreter Joint { get; }
            public ContractInterpreter Before { get; }
            public ContractInterpreter After { get; }
            public WitnessFinder Finder { get; }
            public double[] Params { get; }
        }

        private KernelProgram Kernel(int v) => _kernels[v] ??= Lowerer.Lower(_space.Version(v));

        private Runner At(double[] jointParams)
        {
            string key = string.Join(",", jointParams.Select(p => p.ToString("R", CultureInfo.InvariantCulture)));
            if (_runners.TryGetValue(key, out var runner)) return runner;
            // the joint space's own program without its norms and rules: preparing a sample (domain checks, statistics,
            // lets) is all the witness search asks of it, and the tests of both versions' guards would only cost time
            _joint ??= Lowerer.Lower(_space.Joint with { Norms = EquatableArray<BoundNorm>.Empty, Uncertainty = EquatableArray<BoundUncertainRule>.Empty });
            var joint = new ContractInterpreter(_joint, jointParams);
            runner = new Runner(joint,
                new ContractInterpreter(Kernel(JointSpace.Before), _space.ParamsOf(JointSpace.Before, jointParams)),
                new ContractInterpreter(Kernel(JointSpace.After), _space.ParamsOf(JointSpace.After, jointParams)),
                new WitnessFinder(_space.Joint, joint, _axes, _finderOptions),
                jointParams);
            _runners[key] = runner;
            return runner;
        }

        /// <summary>Both versions on a joint sample (which must lie in the joint domain).</summary>
        public Outcome Run(Sample joint, double[] jointParams)
        {
            var r = At(jointParams);
            var before = _space.ToVersion(JointSpace.Before, joint);
            var after = _space.ToVersion(JointSpace.After, joint);
            return new Outcome(joint, r.Joint.Prepare(joint), jointParams, before, after, r.Before.Evaluate(before), r.After.Evaluate(after));
        }

        /// <summary>Both versions on samples given per version (outside the joint domain: domain changes).</summary>
        public (EvaluationResult Before, EvaluationResult After) RunVersions(Sample before, Sample after)
        {
            var r = At(Defaults);
            return (r.Before.Evaluate(before), r.After.Evaluate(after));
        }

        public Sample NeutralJoint => At(Defaults).Finder.Neutral;

        public DiffWitness MakeWitness(Outcome o, IEnumerable<int> shownSignals, IEnumerable<int> shownParams) =>
            MakeWitness(o.Joint, o.Params, o.BeforeSample, o.AfterSample, o.Before, o.After, shownSignals, shownParams);

        public DiffWitness MakeWitness(Sample joint, double[] jointParams, Sample beforeSample, Sample afterSample,
            EvaluationResult before, EvaluationResult after, IEnumerable<int> shownSignals, IEnumerable<int> shownParams)
        {
            var j = _space.Joint;
            var bindings = shownSignals.Distinct().OrderBy(s => s)
                .Select(s => new WitnessBinding(j.Signals[s].Name, joint.Format(j.Signals[s])))
                .ToEquatableArray();
            var shownP = new SortedSet<int>(shownParams);
            for (int p = 0; p < jointParams.Length; p++) if (jointParams[p] != Defaults[p]) shownP.Add(p);
            var parameters = shownP.Select(p => new WitnessBinding(j.Params[p].Name, Analysis.ExpressionPrinter.Number(jointParams[p]))).ToEquatableArray();
            return new DiffWitness(bindings, parameters, beforeSample, afterSample,
                _space.ParamsOf(JointSpace.Before, jointParams).ToEquatableArray(), _space.ParamsOf(JointSpace.After, jointParams).ToEquatableArray(),
                VersionOutcome.Of(_space.Version(JointSpace.Before), before), VersionOutcome.Of(_space.Version(JointSpace.After), after));
        }

        // ---- search -------------------------------------------------------------------------------------------

        /// <summary>A checked witness in one of the boxes, or null.</summary>
        public DiffWitness? Find(IEnumerable<Box> boxes, WitnessQuery query)
        {
            // a search that finds nothing must stay cheap too: at most this many candidates are prepared per query
            int prepared = 4 * _options.MaxWitnessCandidates;
            foreach (var box in boxes.OrderBy(b => b.Constrained.Count(i => _axes.Axes[i].IsDerived)).Take(_options.MaxWitnessBoxes))
            {
                if (!_budget.Spend(8) || prepared <= 0) return null;
                Sample? basis = null;
                foreach (var parameters in ParamCandidates(query.FreeParams))
                {
                    var runner = At(parameters);
                    // one realisation of the box serves every param value unless a let the box constrains reads a param
                    if (basis == null || !InBox(box, runner.Joint.Prepare(basis)))
                    {
                        var realised = runner.Finder.Find(new Region(new List<Box> { box }), _ => true);
                        if (realised == null) continue;
                        basis = Tidy(realised, box, runner);
                    }
                    var candidates = new List<(Sample Sample, double Score)>();
                    foreach (var sample in Variants(basis, box, query.FreeSignals))
                    {
                        if (prepared-- <= 0) break;
                        var inputs = runner.Joint.Prepare(sample);
                        if (inputs.Reasons != ReasonBits.None || !InBox(box, inputs)) continue;
                        if (query.Viable != null && !query.Viable(inputs, parameters)) continue;
                        double score = query.Score?.Invoke(inputs, parameters) ?? 0;
                        candidates.Add((sample, double.IsNaN(score) ? double.NegativeInfinity : score));
                        if (candidates.Count >= _options.MaxWitnessCandidates / 4) break;
                    }
                    var ordered = query.Score == null ? candidates : candidates.OrderByDescending(c => c.Score).ToList();
                    foreach (var c in ordered.Take(8))
                    {
                        _budget.Spend();
                        var outcome = Run(c.Sample, parameters);
                        if (outcome.Before.Invalid || outcome.After.Invalid) continue;
                        if (query.Accept(outcome))
                            return MakeWitness(outcome, box.Constrained.SelectMany(i => SignalsOf(_axes.Axes[i])).Concat(query.Show), query.FreeParams);
                    }
                }
            }
            return null;
        }

        /// <summary>The realised sample with each independent numeric axis at the value of its set with the fewest decimals (0.2, not 0.29999998), where the sample stays in the box.</summary>
        private Sample Tidy(Sample sample, Box box, Runner runner)
        {
            var tidy = sample.Clone();
            for (int k = 0; k < box.Constrained.Length; k++)
            {
                int i = box.Constrained[k];
                var axis = _axes.Axes[i];
                if (axis.Kind != AxisKind.Scalar || ShortestValue(box.Values[k], axis.Integral) is not float value) continue;
                float saved = tidy.Scalars[axis.Signal];
                tidy.Scalars[axis.Signal] = value;
                var inputs = runner.Joint.Prepare(tidy);
                if (inputs.Reasons != ReasonBits.None || !InBox(box, inputs)) tidy.Scalars[axis.Signal] = saved;
            }
            return tidy;
        }

        private static float? ShortestValue(IntervalSet set, bool integral)
        {
            if (set.Contains(FloatKey.Of(0f))) return 0f;
            for (int digits = 0; digits <= 7; digits++)
            {
                double step = Math.Pow(10, -digits);
                for (int p = 0; p < Math.Min(set.Count, 4); p++)
                {
                    double lo = FloatKey.ToFloat(set.Lo(p)), hi = FloatKey.ToFloat(Math.Min(set.Hi(p), FloatKey.MaxFinite));
                    // the end nearest to 0, moved inwards to a multiple of the step (the division rounded first, so that
                    // (float)0.2 = 0.20000000298… counts as 0.2)
                    double x = lo > 0 ? Math.Ceiling(Math.Round(lo / step, 6)) * step : Math.Floor(Math.Round(hi / step, 6)) * step;
                    float f = (float)x;
                    if (!float.IsInfinity(f) && set.Contains(FloatKey.Of(f)) && (!integral || Math.Floor(f) == f)) return f;
                }
            }
            return null;
        }

        private IEnumerable<int> SignalsOf(Axis axis)
        {
            if (axis.Kind != AxisKind.Let) return new[] { axis.Signal };
            var set = new HashSet<int>();
            Uses.Collect(_space.Joint, _space.Joint.Lets[axis.Let].Value, set);
            return set;
        }

        private bool InBox(Box box, InputValues v)
        {
            for (int k = 0; k < box.Constrained.Length; k++)
            {
                int i = box.Constrained[k];
                var axis = _axes.Axes[i];
                float value = WitnessFinder.AxisValue(axis, v);
                int key = axis.Kind is AxisKind.Category or AxisKind.Flag ? (int)value : FloatKey.Of(value);
                if (!box.Values[k].Contains(key)) return false;
            }
            return true;
        }

        private IEnumerable<double[]> ParamCandidates(ISet<int> free)
        {
            yield return Defaults;
            if (free.Count == 0) yield break;
            var ps = _space.Joint.Params;
            double[] With(Func<BoundParam, double> f) => ps.Select(p => free.Contains(p.Index) ? f(p) : Defaults[p.Index]).ToArray();
            yield return With(p => p.Low);
            yield return With(p => p.High);
            foreach (int i in free.OrderBy(i => i))
                foreach (double value in new[] { ps[i].Low, ps[i].High, (ps[i].Low + ps[i].High) / 2 })
                {
                    var v = (double[])Defaults.Clone();
                    v[i] = value;
                    yield return v;
                }
        }

        /// <summary>The basis, then each variable alone at a few values, then deterministic mixtures.</summary>
        private IEnumerable<Sample> Variants(Sample basis, Box box, ISet<int> freeSignals)
        {
            yield return basis;
            var j = _space.Joint;
            var variables = new List<(int Signal, bool Ensemble, List<float> Values)>();
            var constrained = new HashSet<int>();
            for (int k = 0; k < box.Constrained.Length; k++)
            {
                int i = box.Constrained[k];
                var axis = _axes.Axes[i];
                constrained.Add(axis.Signal);
                if (axis.Kind == AxisKind.Scalar) variables.Add((axis.Signal, false, Choices(box.Values[k], axis.Integral)));
            }
            foreach (int s in freeSignals.OrderBy(s => s))
            {
                if (constrained.Contains(s)) continue;
                var signal = j.Signals[s];
                if (!(signal.IsScalar || signal.Kind == SignalKind.Ensemble)) continue;
                float lo = Math.Max((float)signal.Low, -float.MaxValue), hi = Math.Min((float)signal.High, float.MaxValue);
                var set = IntervalSet.Range(FloatKey.Of(lo), FloatKey.Of(hi));
                if (signal.IsInteger) set = set.NormalizeIntegral();
                variables.Add((s, signal.Kind == SignalKind.Ensemble, Choices(set, signal.IsInteger)));
            }
            if (variables.Count == 0) yield break;

            Sample With(Sample from, (int Signal, bool Ensemble, List<float> Values) variable, float value)
            {
                var s = from.Clone();
                if (variable.Ensemble) s.Members[variable.Signal] = Enumerable.Repeat(value, s.Members[variable.Signal].Length).ToArray();
                else s.Scalars[variable.Signal] = value;
                return s;
            }
            foreach (var variable in variables)
                foreach (float value in variable.Values)
                    yield return With(basis, variable, value);
            var random = new Random(7919);
            for (int k = 0; k < _options.MaxWitnessCandidates; k++)
            {
                var s = basis;
                foreach (var variable in variables) s = With(s, variable, variable.Values[random.Next(variable.Values.Count)]);
                yield return s;
            }
        }

        /// <summary>A few values of a set: its simplest value, the ends of its first pieces and points inside them.</summary>
        private static List<float> Choices(IntervalSet set, bool integral)
        {
            var values = new List<float> { FloatKey.ToFloat(WitnessFinder.Pick(set, integral)) };
            for (int p = 0; p < Math.Min(set.Count, 3); p++)
            {
                float a = FloatKey.ToFloat(set.Lo(p)), b = FloatKey.ToFloat(Math.Min(set.Hi(p), FloatKey.MaxFinite));
                // stand-ins for huge or infinite ends: a difference that needs |x| > 1e4 to show is still shown at 1e4
                double lo = Math.Max(a, Math.Min(b, -1e4)), hi = Math.Min(b, Math.Max(a, 1e4));
                values.Add(a); values.Add(b);
                foreach (double f in new[] { 0.5, 0.25, 0.75, 0.1, 0.9, 0.0, 1.0 })
                {
                    double x = lo + (hi - lo) * f;
                    if (integral) x = Math.Round(x);
                    values.Add((float)x);
                }
            }
            return values.Where(v => !float.IsNaN(v) && !float.IsInfinity(v) && set.Contains(FloatKey.Of(v)) && (!integral || Math.Floor(v) == v))
                .Distinct().ToList();
        }
    }
}
