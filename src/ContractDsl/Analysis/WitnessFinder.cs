using System;
using System.Collections.Generic;
using System.Linq;
using ContractDsl.Binding;
using ContractDsl.Evaluation;

namespace ContractDsl.Analysis
{
    /// <summary>
    /// Turns a point of a region into a concrete sample and checks it with the interpreter. Independent axes
    /// (scalar signals, categories, flags) are set directly to a simple value of the box — the boundary when
    /// that is the only place the box holds; ensemble statistics are realised by constructing members; lets
    /// by a one-dimensional search (with bisection) over the signals they read. Nothing is returned that the
    /// interpreter did not confirm.
    /// </summary>
    internal sealed class WitnessFinder
    {
        private readonly BoundContract _contract;
        private readonly ContractInterpreter _interpreter;
        private readonly AxisTable _axes;
        private readonly AnalysisOptions _options;
        private readonly Sample _neutral;
        private readonly int[][] _letInputs; // scalar/ensemble signals each let reads (expanded)

        public WitnessFinder(BoundContract contract, ContractInterpreter interpreter, AxisTable axes, AnalysisOptions options)
        {
            _contract = contract;
            _interpreter = interpreter;
            _axes = axes;
            _options = options;
            _neutral = Sample.Neutral(contract);
            _letInputs = Lowering.NormRelations.SignalsOfLets(contract);
        }

        /// <summary>Set when a box over independent axes only gave no witness: the regions and the interpreter disagree (a bug).</summary>
        public static event Action<string>? Inconsistency;

        public Sample Neutral => _neutral;

        public Sample? Find(Region region, Func<InputValues, bool> check)
        {
            int tried = 0;
            foreach (var box in region.Boxes.OrderBy(b => b.Constrained.Count(i => _axes.Axes[i].IsDerived)))
            {
                if (tried++ >= _options.MaxWitnessBoxes) break;
                var sample = TryBox(box, check);
                if (sample != null) return sample;
                if (!box.Constrained.Any(i => _axes.Axes[i].IsDerived))
                    Inconsistency?.Invoke("no witness in a box over independent axes: " + string.Join(", ", box.Constrained.Select((i, k) => _axes.Axes[i].Name + " ∈ " + box.Values[k])));
            }
            return null;
        }

        private Sample? TryBox(Box box, Func<InputValues, bool> check)
        {
            var s = _neutral.Clone();
            var axes = _axes.Axes;
            for (int k = 0; k < box.Constrained.Length; k++)
            {
                int i = box.Constrained[k];
                var axis = axes[i];
                if (axis.IsDerived) continue;
                Assign(s, axis, FloatKey.ToFloat(Pick(box.Values[k], axis.Integral)), box.Values[k]);
            }

            var ensembles = box.Constrained.Where(i => axes[i].Kind == AxisKind.Member).Select(i => axes[i].Signal).Distinct().ToList();
            var lets = box.Constrained.Where(i => axes[i].Kind == AxisKind.Let).Select(i => axes[i]).OrderBy(a => a.Let).ToList();
            var candidates = ensembles.Select(e => EnsembleCandidates(e, box).ToList()).ToList();
            int rounds = candidates.Count == 0 ? 1 : Math.Max(1, candidates.Max(c => c.Count));
            int attempts = 0;
            bool Accept(InputValues v) => v.Reasons == ContractDsl.Lowering.ReasonBits.None && InBox(box, v) && check(v);
            for (int r = 0; r < rounds && attempts < _options.MaxWitnessAttempts; r++, attempts++)
            {
                for (int e = 0; e < ensembles.Count; e++)
                {
                    if (candidates[e].Count == 0) continue;
                    s.Members[ensembles[e]] = (float[])candidates[e][Math.Min(r, candidates[e].Count - 1)].Clone();
                }
                if (lets.Count > 0) SolveLets(s, box, lets);
                var inputs = _interpreter.Prepare(s);
                // a witness is an ordinary in-domain sample: nothing clamped, rounded or invalid
                if (Accept(inputs)) return s;
                if (r >= 48) continue;
                foreach (int e in ensembles) RefineEnsemble(s, e, box);
                if (lets.Count > 0) SolveLets(s, box, lets);
                if (Accept(_interpreter.Prepare(s))) return s;
            }
            return null;
        }

        // ---- values ---------------------------------------------------------------------------------

        /// <summary>
        /// A simple key of the set: 0 if it is in, else the number with the fewest decimals (nearest to 0) in
        /// the set, else the end nearest to 0. A one-point set gives that point (a boundary witness).
        /// </summary>
        public static int Pick(IntervalSet set, bool integral)
        {
            int best = FloatKey.NaN;
            int bestDigits = int.MaxValue;
            double bestMagnitude = double.PositiveInfinity;
            for (int p = 0; p < set.Count; p++)
            {
                int a = set.Lo(p), b = Math.Min(set.Hi(p), FloatKey.PositiveInfinity);
                if (a > b) continue;
                float lo = FloatKey.ToFloat(a), hi = FloatKey.ToFloat(b);
                if (lo <= 0 && hi >= 0) return FloatKey.Of(0f);
                int digits = 99;
                float found = lo > 0 ? lo : hi;
                for (int d = 0; d <= (integral ? 0 : 9); d++)
                {
                    double step = Math.Pow(10, -d);
                    double v = lo > 0 ? Math.Ceiling(lo / step) * step : Math.Floor(hi / step) * step;
                    foreach (float f in new[] { (float)v, FloatKey.Ceiling(v), FloatKey.Floor(v) })
                    {
                        int k = FloatKey.Of(f);
                        if (k >= a && k <= b && (!integral || FloatKey.IsIntegral(k))) { found = f; digits = d; break; }
                    }
                    if (digits < 99) break;
                }
                double magnitude = Math.Abs((double)found);
                if (digits < bestDigits || (digits == bestDigits && magnitude < bestMagnitude))
                {
                    best = FloatKey.Of(found);
                    bestDigits = digits;
                    bestMagnitude = magnitude;
                }
            }
            return best;
        }

        private void Assign(Sample s, Axis axis, float value, IntervalSet set)
        {
            switch (axis.Kind)
            {
                case AxisKind.Scalar: s.Scalars[axis.Signal] = value; break;
                case AxisKind.Category: s.Codes[axis.Signal] = set.Min; break;
                case AxisKind.Flag: s.Flags[axis.Signal] = set.Contains(1); break;
            }
        }

        public static float AxisValue(Axis axis, InputValues v) => axis.Kind switch
        {
            AxisKind.Scalar => v.Scalars[axis.Signal],
            AxisKind.Member => v.Statistic(axis.Signal, axis.Statistic),
            AxisKind.Let => v.Lets[axis.Let],
            AxisKind.Category => v.Codes[axis.Signal],
            _ => v.Flags[axis.Signal] ? 1 : 0,
        };

        private static int AxisKey(Axis axis, InputValues v) =>
            axis.Kind is AxisKind.Category or AxisKind.Flag ? (int)AxisValue(axis, v) : FloatKey.Of(AxisValue(axis, v));

        private bool InBox(Box box, InputValues v)
        {
            for (int k = 0; k < box.Constrained.Length; k++)
            {
                int i = box.Constrained[k];
                var axis = _axes.Axes[i];
                if (!box.Values[k].Contains(AxisKey(axis, v))) return false;
            }
            return true;
        }

        // ---- ensembles ------------------------------------------------------------------------------

        private IEnumerable<float[]> EnsembleCandidates(int signal, Box box)
        {
            var s = _contract.Signals[signal];
            int k = Math.Max(1, s.EnsembleSize);
            float lo = Math.Max((float)s.Low, -1e6f), hi = Math.Min((float)s.High, 1e6f);
            IntervalSet? Set(EnsembleStatistic st) =>
                _axes.TryGet(AxisKind.Member, signal, (int)st, out var axis) ? box.Find(axis.Id) : null;

            // a few values of a set: its simple pick, then interior points and ends of its first pieces
            List<float> Levels(IntervalSet? set, bool sqrt = false)
            {
                var into = new List<float>();
                if (set == null) return into;
                into.Add(Transform(FloatKey.ToFloat(Pick(set, false)), sqrt));
                for (int p = 0; p < Math.Min(set.Count, 3); p++)
                {
                    double a = Math.Max(FloatKey.ToFloat(set.Lo(p)), -1e6), b = Math.Min(FloatKey.ToFloat(set.Hi(p)), 1e6);
                    foreach (double f in new[] { 0.5, 0.1, 0.9, 0.25, 0.75, 0.02, 0.98 }) into.Add(Transform((float)(a + (b - a) * f), sqrt));
                    into.Add(Transform((float)a, sqrt));
                    into.Add(Transform((float)b, sqrt));
                }
                return into;
            }
            var mean = Set(EnsembleStatistic.Mean);
            var min = Set(EnsembleStatistic.Min);
            var max = Set(EnsembleStatistic.Max);
            var meanLevels = Levels(mean).Where(Finite).Distinct().ToList();
            var spreads = Levels(Set(EnsembleStatistic.Std)).Concat(Levels(Set(EnsembleStatistic.Var), sqrt: true)).Where(v => Finite(v) && v >= 0).Distinct().ToList();
            var levels = Levels(min).Concat(Levels(max)).Concat(meanLevels).ToList();
            levels.Add(Sample.NeutralValue(s));
            levels.Add(lo);
            levels.Add(hi);
            levels = levels.Where(Finite).Select(v => Math.Max(lo, Math.Min(hi, v))).Distinct().ToList();
            if (meanLevels.Count == 0) meanLevels.AddRange(levels);
            if (spreads.Count == 0) spreads.Add(0);
            float Clip(double v) => Math.Max(lo, Math.Min(hi, (float)v));

            // mean μ and spread σ: symmetric (half at μ − s, half at μ + s), or j members at a and k − j at b
            foreach (float m in meanLevels)
                foreach (float sd in spreads)
                {
                    var v = new float[k];
                    double half = k % 2 == 0 ? sd : (k == 1 ? 0 : sd * Math.Sqrt(k / (double)(k - 1)));
                    for (int j = 0; j < k; j++)
                        v[j] = Clip(k % 2 == 1 && j == k - 1 ? m : (j % 2 == 0 ? m - half : m + half));
                    yield return v;
                    foreach (int j in new[] { 1, k / 2, k - 1 }.Where(j => j >= 1 && j < k).Distinct())
                    {
                        double d = sd * k / Math.Sqrt(j * (double)(k - j));
                        double a = m - (k - j) * d / k;
                        var w = new float[k];
                        for (int t = 0; t < k; t++) w[t] = Clip(t < j ? a : a + d);
                        yield return w;
                    }
                }
            // two levels a ≤ b (the ends a min/max constraint asks for): j members at a, the rest at b
            foreach (float a in levels)
                foreach (float b in levels)
                {
                    if (a > b) continue;
                    foreach (int j in new[] { 1, k / 2, k - 1 }.Where(j => j >= 1 && j < k).Distinct())
                    {
                        var v = new float[k];
                        for (int t = 0; t < k; t++) v[t] = t < j ? a : b;
                        yield return v;
                    }
                    if (a == b) yield return Enumerable.Repeat(a, k).ToArray();
                }
            // and a deterministic random scatter
            var random = new Random(signal * 7919 + 17);
            for (int r = 0; r < 64; r++)
            {
                var v = new float[k];
                for (int t = 0; t < k; t++) v[t] = Clip(lo + (hi - (double)lo) * random.NextDouble());
                yield return v;
            }
        }

        /// <summary>
        /// Nudges one ensemble towards the box: scales the members about their mean (std and var grow with the
        /// scale) by bisection until std/var are in the box's sets, then moves one member by bisection until
        /// the mean is. The caller checks the whole box afterwards.
        /// </summary>
        private void RefineEnsemble(Sample s, int signal, Box box)
        {
            var sig = _contract.Signals[signal];
            var own = new List<Axis>();
            foreach (int i in box.Constrained)
                if (_axes.Axes[i].Kind == AxisKind.Member && _axes.Axes[i].Signal == signal) own.Add(_axes.Axes[i]);
            bool Holds(Axis axis) => box.Find(axis.Id)!.Contains(FloatKey.Of(AxisValue(axis, _interpreter.Prepare(s))));
            double lo = (float)sig.Low, hi = (float)sig.High;
            if (double.IsInfinity(lo) || double.IsInfinity(hi)) return;

            var spread = own.FirstOrDefault(a => a.Statistic is EnsembleStatistic.Std or EnsembleStatistic.Var);
            if (spread != null && !Holds(spread))
            {
                var target = box.Find(spread.Id)!;
                var baseMembers = (float[])s.Members[signal].Clone();
                double mu = baseMembers.Average(x => (double)x);
                double tmax = double.PositiveInfinity;
                foreach (float x in baseMembers)
                {
                    double d = x - mu;
                    if (d > 0) tmax = Math.Min(tmax, (hi - mu) / d);
                    else if (d < 0) tmax = Math.Min(tmax, (lo - mu) / d);
                }
                if (!double.IsInfinity(tmax) && tmax > 0)
                {
                    void Scale(double t)
                    {
                        var m = s.Members[signal];
                        for (int j = 0; j < m.Length; j++) m[j] = (float)Math.Max(lo, Math.Min(hi, mu + t * (baseMembers[j] - mu)));
                    }
                    bool done = false;
                    for (int p = 0; p < Math.Min(target.Count, 3) && !done; p++)
                    {
                        double goalLo = FloatKey.ToFloat(target.Lo(p)), goalHi = FloatKey.ToFloat(target.Hi(p));
                        double a = 0, b = tmax;
                        for (int it = 0; it < 70; it++)
                        {
                            double t = (a + b) / 2;
                            Scale(t);
                            float v = AxisValue(spread, _interpreter.Prepare(s));
                            if (target.Contains(FloatKey.Of(v))) { done = true; break; }
                            if (v < goalLo) a = t; else if (v > goalHi) b = t; else break;
                        }
                    }
                    if (!done) s.Members[signal] = baseMembers;
                }
            }

            var mean = own.FirstOrDefault(a => a.Statistic == EnsembleStatistic.Mean);
            if (mean != null && !Holds(mean))
            {
                var target = box.Find(mean.Id)!;
                var m = s.Members[signal];
                int last = m.Length - 1;
                float saved = m[last];
                int ka = FloatKey.Of((float)lo), kb = FloatKey.Of((float)hi);
                float Mean(int key) { m[last] = FloatKey.ToFloat(key); return AxisValue(mean, _interpreter.Prepare(s)); }
                bool done = false;
                for (int p = 0; p < Math.Min(target.Count, 3) && !done; p++)
                {
                    float goalLo = FloatKey.ToFloat(target.Lo(p)), goalHi = FloatKey.ToFloat(target.Hi(p));
                    int a = ka, b = kb;
                    if (Mean(a) > goalHi || Mean(b) < goalLo) continue;
                    while (b - a > 1)
                    {
                        int mid = (int)(((long)a + b) / 2);
                        float v = Mean(mid);
                        if (target.Contains(FloatKey.Of(v))) { done = true; break; }
                        if (v < goalLo) a = mid; else b = mid;
                    }
                    if (!done)
                        foreach (int key in new[] { a, b })
                            if (target.Contains(FloatKey.Of(Mean(key)))) { done = true; break; }
                }
                if (!done) m[last] = saved;
            }
        }

        private static float Transform(float value, bool sqrt) => sqrt ? (float)Math.Sqrt(Math.Max(0, value)) : value;

        private static bool Finite(float v) => !float.IsNaN(v) && !float.IsInfinity(v);

        // ---- lets -----------------------------------------------------------------------------------

        /// <summary>For each let the box constrains, moves one of the signals it reads until the let is in the box's set.</summary>
        private void SolveLets(Sample s, Box box, List<Axis> lets)
        {
            foreach (var axis in lets)
            {
                var target = box.Find(axis.Id)!;
                if (target.Contains(FloatKey.Of(_interpreter.Prepare(s).Lets[axis.Let]))) continue;
                foreach (int signal in _letInputs[axis.Let])
                {
                    if (SolveBy(s, box, axis, target, signal)) break;
                }
            }
        }

        private bool SolveBy(Sample s, Box box, Axis let, IntervalSet target, int signal)
        {
            var sig = _contract.Signals[signal];
            if (sig.Kind == SignalKind.Category || sig.Kind == SignalKind.Flag) return false;
            bool ensemble = sig.Kind == SignalKind.Ensemble;
            var saved = ensemble ? (float[])s.Members[signal].Clone() : null;
            float savedScalar = s.Scalars[signal];

            IntervalSet allowed;
            if (!ensemble && _axes.TryGet(AxisKind.Scalar, signal, 0, out var own)) allowed = box.Get(own);
            else
            {
                float lo = Math.Max((float)sig.Low, -float.MaxValue), hi = Math.Min((float)sig.High, float.MaxValue);
                allowed = IntervalSet.Range(FloatKey.Of(lo), FloatKey.Of(hi));
                if (sig.IsInteger) allowed = allowed.NormalizeIntegral();
            }
            bool integral = sig.IsInteger;

            float Value(int key)
            {
                float x = FloatKey.ToFloat(key);
                if (ensemble)
                {
                    var m = s.Members[signal];
                    for (int j = 0; j < m.Length; j++) m[j] = x;
                }
                else s.Scalars[signal] = x;
                return _interpreter.Prepare(s).Lets[let.Let];
            }

            // candidate points: ends, simple values and a grid of each piece (in value and in key space)
            var points = new SortedSet<int>();
            for (int p = 0; p < Math.Min(allowed.Count, 8); p++)
            {
                int a = allowed.Lo(p), b = allowed.Hi(p);
                points.Add(a); points.Add(b);
                points.Add(Pick(IntervalSet.Range(a, b), integral));
                double va = FloatKey.ToFloat(a), vb = FloatKey.ToFloat(b);
                for (int g = 1; g < 16; g++)
                {
                    points.Add(Snap(FloatKey.Of((float)(va + (vb - va) * g / 16)), a, b, integral));
                    points.Add(Snap((int)(a + ((long)b - a) * g / 16), a, b, integral));
                }
            }
            var evaluated = new List<(int Key, float Value)>();
            foreach (int key in points)
            {
                float v = Value(key);
                if (target.Contains(FloatKey.Of(v))) return true;
                evaluated.Add((key, v));
            }
            // bisection between neighbours on either side of a target piece
            for (int t = 0; t < Math.Min(target.Count, 4); t++)
            {
                float tlo = FloatKey.ToFloat(target.Lo(t)), thi = FloatKey.ToFloat(target.Hi(t));
                for (int e = 0; e + 1 < evaluated.Count; e++)
                {
                    var (ka, fa) = evaluated[e];
                    var (kb, fb) = evaluated[e + 1];
                    bool crosses = (fa < tlo && fb > thi) || (fa > thi && fb < tlo);
                    if (!crosses) continue;
                    bool increasing = fa < fb;
                    for (int it = 0; it < 80 && kb - ka > 1; it++)
                    {
                        int mid = (int)(((long)ka + kb) / 2);
                        if (integral)
                        {
                            mid = FloatKey.FloorIntegral(mid);
                            if (mid <= ka) mid = FloatKey.NextIntegral(ka);
                            if (mid >= kb) break;
                        }
                        float fm = Value(mid);
                        if (target.Contains(FloatKey.Of(fm))) return true;
                        if (float.IsNaN(fm)) break;
                        bool below = fm < tlo;
                        if (below == increasing) ka = mid; else kb = mid;
                    }
                }
            }
            if (ensemble) s.Members[signal] = saved!;
            else s.Scalars[signal] = savedScalar;
            return false;
        }

        private static int Snap(int key, int a, int b, bool integral)
        {
            key = Math.Max(a, Math.Min(b, key));
            if (!integral) return key;
            int k = FloatKey.FloorIntegral(key);
            return k < a ? a : k;
        }

        // ---- text -----------------------------------------------------------------------------------

        /// <summary>The bindings for the axes involved: signals as set, derived values (statistics, lets) in parentheses.</summary>
        public IEnumerable<WitnessBinding> Describe(Sample sample, IEnumerable<Axis> involved)
        {
            var inputs = _interpreter.Prepare(sample);
            var signals = new SortedSet<int>();
            var derived = new List<Axis>();
            foreach (var axis in involved)
            {
                switch (axis.Kind)
                {
                    case AxisKind.Member: signals.Add(axis.Signal); derived.Add(axis); break;
                    case AxisKind.Let:
                        foreach (int s in _letInputs[axis.Let]) signals.Add(s);
                        derived.Add(axis);
                        break;
                    default: signals.Add(axis.Signal); break;
                }
            }
            foreach (int s in signals)
                yield return new WitnessBinding(_contract.Signals[s].Name, sample.Format(_contract.Signals[s]));
            foreach (var axis in derived.Distinct().OrderBy(a => a.Id))
                yield return new WitnessBinding(axis.Name, Sample.FormatFloat(AxisValue(axis, inputs)), Derived: true);
        }
    }
}
