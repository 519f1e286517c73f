using System;
using System.Collections.Generic;
using System.Linq;
using ContractDsl.Binding;
using ContractDsl.Syntax;

namespace ContractDsl.Analysis
{
    internal enum AxisKind { Scalar, Member, Let, Category, Flag }

    /// <summary>
    /// One dimension of the guard space: a scalar signal, an ensemble statistic (<c>rm.std</c>) or a let that a
    /// guard compares, a category, or a flag. Numeric axes range over float keys, categories over value
    /// indices, flags over {0, 1}. Statistics and lets are derived: a point of their axes need not be
    /// reachable by any sample, so findings over them are realised and checked before they are reported.
    /// </summary>
    internal sealed class Axis
    {
        public Axis(int id, AxisKind kind, int signal, EnsembleStatistic statistic, int let, string name, IntervalSet domain, bool integral, Interval range)
        {
            Id = id; Kind = kind; Signal = signal; Statistic = statistic; Let = let; Name = name; Domain = domain; Integral = integral; Range = range;
        }

        public int Id { get; }
        public AxisKind Kind { get; }
        public int Signal { get; }
        public EnsembleStatistic Statistic { get; }
        public int Let { get; }
        public string Name { get; }
        /// <summary>Every key a sample can give this axis (an over-approximation for derived axes).</summary>
        public IntervalSet Domain { get; }
        /// <summary>Whole numbers only (<c>count</c>).</summary>
        public bool Integral { get; }
        /// <summary>The numeric range of the axis (interval analysis), for numeric axes.</summary>
        public Interval Range { get; }

        public bool IsDerived => Kind == AxisKind.Member || Kind == AxisKind.Let;
        public bool IsNumeric => Kind == AxisKind.Scalar || Kind == AxisKind.Member || Kind == AxisKind.Let;

        public IntervalSet Normalize(IntervalSet set) => Integral ? set.NormalizeIntegral() : set;

        public override string ToString() => Name;
    }

    /// <summary>
    /// A product of per-axis sets; an axis the box does not constrain ranges over its whole domain. Never empty once
    /// built (an empty axis makes the whole box empty, and such boxes are dropped). Sparse: only the constrained axes
    /// are stored, ascending — a box constrains the few axes of one or two guards, while a contract may declare
    /// thousands of signals and lets (dense per-axis arrays made every box as wide as the contract).
    /// </summary>
    internal sealed class Box
    {
        /// <summary>The box that constrains nothing.</summary>
        public static readonly Box Everything = new Box(Array.Empty<int>(), Array.Empty<IntervalSet>());

        /// <param name="constrained">Axis ids, strictly ascending.</param>
        /// <param name="values">The set on each of those axes, in the same order.</param>
        public Box(int[] constrained, IntervalSet[] values)
        {
            Constrained = constrained;
            Values = values;
        }

        /// <summary>The box that constrains one axis.</summary>
        public static Box Of(int axis, IntervalSet set) => new Box(new[] { axis }, new[] { set });

        /// <summary>Axes this box constrains, ascending.</summary>
        public int[] Constrained { get; }

        /// <summary>The set on each constrained axis: <c>Values[k]</c> belongs to <c>Constrained[k]</c>.</summary>
        public IntervalSet[] Values { get; }

        /// <summary>The set on an axis by its id, or null where the box does not constrain it.</summary>
        public IntervalSet? Find(int axis)
        {
            int k = Array.BinarySearch(Constrained, axis);
            return k >= 0 ? Values[k] : null;
        }

        public IntervalSet Get(Axis axis) => Find(axis.Id) ?? axis.Domain;

        /// <summary>The same box with <paramref name="axis"/> set to <paramref name="set"/> (null: unconstrained).</summary>
        public Box With(int axis, IntervalSet? set)
        {
            int k = Array.BinarySearch(Constrained, axis);
            if (k >= 0)
            {
                if (set != null)
                {
                    var values = (IntervalSet[])Values.Clone();
                    values[k] = set;
                    return new Box(Constrained, values);
                }
                return new Box(Remove(Constrained, k), Remove(Values, k));
            }
            if (set == null) return this;
            return new Box(Insert(Constrained, ~k, axis), Insert(Values, ~k, set));
        }

        private static T[] Remove<T>(T[] items, int at)
        {
            var result = new T[items.Length - 1];
            Array.Copy(items, 0, result, 0, at);
            Array.Copy(items, at + 1, result, at, items.Length - at - 1);
            return result;
        }

        private static T[] Insert<T>(T[] items, int at, T item)
        {
            var result = new T[items.Length + 1];
            Array.Copy(items, 0, result, 0, at);
            result[at] = item;
            Array.Copy(items, at, result, at + 1, items.Length - at);
            return result;
        }
    }

    /// <summary>A union of disjoint, non-empty boxes.</summary>
    internal sealed class Region
    {
        public Region(List<Box> boxes) => Boxes = boxes;

        public List<Box> Boxes { get; }

        public bool IsEmpty => Boxes.Count == 0;

        public int Count => Boxes.Count;
    }

    /// <summary>Thrown when a region would grow past <see cref="RegionAlgebra.MaxBoxes"/>: the analysis gives up on that guard or finding (CDSL9001).</summary>
    internal sealed class RegionTooLargeException : Exception
    {
        public RegionTooLargeException() : base("region too large") { }
    }

    /// <summary>
    /// Guards as exact regions and the set operations on them (intersection, union, complement within the
    /// domains, difference), in the manner of Roslyn's switch-exhaustiveness value sets but over boxes of
    /// several axes.
    /// </summary>
    internal sealed class RegionAlgebra
    {
        private readonly Axis[] _axes;
        private readonly AxisTable _table;

        private readonly Func<Box, bool>? _feasible;

        public RegionAlgebra(AxisTable table, int maxBoxes, Func<Box, bool>? feasible = null)
        {
            _feasible = feasible;
            _table = table;
            _axes = table.Axes.ToArray();
            MaxBoxes = maxBoxes;
            Full = new Region(new List<Box> { Box.Everything });
            EmptyRegion = new Region(new List<Box>());
        }

        public int MaxBoxes { get; }

        public Region Full { get; }

        public Region EmptyRegion { get; }

        public IReadOnlyList<Axis> Axes => _axes;

        private void Check(int count)
        {
            if (count > MaxBoxes) throw new RegionTooLargeException();
        }

        // ---- guards ---------------------------------------------------------------------------------

        public Region FromGuard(BoundGuard? guard)
        {
            if (guard == null) return Full;
            switch (guard)
            {
                case BoundAnd and: return And(FromGuard(and.Left), FromGuard(and.Right));
                case BoundOr or: return Or(FromGuard(or.Left), FromGuard(or.Right));
                case BoundNot not: return Not(FromGuard(not.Operand));
                case BoundFlag flag: return Single(_table.FlagAxis(flag.Signal), IntervalSet.Point(1));
                case BoundCategoryTest test:
                    return Single(_table.CategoryAxis(test.Signal), IntervalSet.FromIntervals(test.Values.Select(v => (v, v))));
                case BoundComparison cmp:
                {
                    var axis = _table.SubjectAxis(cmp.Subject);
                    return Single(axis, ComparisonSet(cmp.Operator, cmp.Constant));
                }
                default:
                    throw new RegionTooLargeException(); // an unbound guard: nothing can be concluded
            }
        }

        /// <summary>The keys x with <c>x op (float)constant</c> true, over all floats and NaN.</summary>
        public static IntervalSet ComparisonSet(ComparisonOperator op, double constant)
        {
            int k = FloatKey.Of((float)constant);
            const int min = FloatKey.NegativeInfinity, max = FloatKey.PositiveInfinity;
            switch (op)
            {
                case ComparisonOperator.Less: return IntervalSet.Range(min, k - 1);
                case ComparisonOperator.LessOrEqual: return IntervalSet.Range(min, k);
                case ComparisonOperator.Greater: return IntervalSet.Range(k + 1, max);
                case ComparisonOperator.GreaterOrEqual: return IntervalSet.Range(k, max);
                case ComparisonOperator.Equal: return IntervalSet.Point(k);
                default: return IntervalSet.FromIntervals(new[] { (min, k - 1), (k + 1, FloatKey.NaN) });
            }
        }

        /// <summary>The region where one axis is in <paramref name="set"/> (intersected with its domain).</summary>
        public Region Single(Axis axis, IntervalSet set)
        {
            set = axis.Normalize(set.Intersect(axis.Domain));
            if (set.IsEmpty) return EmptyRegion;
            var box = set.Equals(axis.Domain) ? Box.Everything : Box.Of(axis.Id, set);
            if (_feasible != null && axis.IsDerived && !_feasible(box)) return EmptyRegion;
            return new Region(new List<Box> { box });
        }

        // ---- boxes ----------------------------------------------------------------------------------

        public Box? Intersect(Box a, Box b)
        {
            if (a.Constrained.Length == 0) return b;
            if (b.Constrained.Length == 0) return a;
            // Merge the two ascending axis lists; an axis both constrain gets the intersection of their sets.
            int la = a.Constrained.Length, lb = b.Constrained.Length, i = 0, j = 0, n = 0;
            var ids = new int[la + lb];
            var sets = new IntervalSet[la + lb];
            while (i < la || j < lb)
            {
                if (j >= lb || (i < la && a.Constrained[i] < b.Constrained[j])) { ids[n] = a.Constrained[i]; sets[n++] = a.Values[i++]; }
                else if (i >= la || b.Constrained[j] < a.Constrained[i]) { ids[n] = b.Constrained[j]; sets[n++] = b.Values[j++]; }
                else
                {
                    var r = _axes[a.Constrained[i]].Normalize(a.Values[i].Intersect(b.Values[j]));
                    if (r.IsEmpty) return null;
                    ids[n] = a.Constrained[i]; sets[n++] = r;
                    i++; j++;
                }
            }
            if (n < ids.Length)
            {
                Array.Resize(ref ids, n);
                Array.Resize(ref sets, n);
            }
            return new Box(ids, sets);
        }

        public bool Overlaps(Box a, Box b)
        {
            // Only the axes both constrain can separate the boxes.
            int la = a.Constrained.Length, lb = b.Constrained.Length, i = 0, j = 0;
            while (i < la && j < lb)
            {
                int x = a.Constrained[i], y = b.Constrained[j];
                if (x < y) i++;
                else if (y < x) j++;
                else
                {
                    // Sets of integral axes are kept normalised (whole-number ends), so two that overlap share a whole number.
                    if (!a.Values[i].Overlaps(b.Values[j])) return false;
                    i++; j++;
                }
            }
            return true;
        }

        /// <summary><c>a \ b</c> as disjoint boxes.</summary>
        public void Subtract(Box a, Box b, List<Box> into)
        {
            if (!Overlaps(a, b)) { into.Add(a); return; }
            var current = a;
            for (int k = 0; k < b.Constrained.Length; k++)
            {
                int i = b.Constrained[k];
                var axis = _axes[i];
                var mine = current.Find(i) ?? axis.Domain;
                var outside = axis.Normalize(mine.Except(b.Values[k]));
                if (!outside.IsEmpty) into.Add(current.With(i, outside));
                var inside = axis.Normalize(mine.Intersect(b.Values[k]));
                current = current.With(i, inside.Equals(axis.Domain) ? null : inside);
            }
            // what remains of `current` lies inside b
        }

        // ---- regions --------------------------------------------------------------------------------

        public Region And(Region a, Region b)
        {
            if (a.IsEmpty || b.IsEmpty) return EmptyRegion;
            if (a.Count == 1 && a.Boxes[0].Constrained.Length == 0) return b;
            if (b.Count == 1 && b.Boxes[0].Constrained.Length == 0) return a;
            var result = new List<Box>();
            foreach (var x in a.Boxes)
                foreach (var y in b.Boxes)
                {
                    var z = Intersect(x, y);
                    if (z != null && Feasible(z)) { result.Add(z); Check(result.Count); }
                }
            return new Region(result);
        }

        public Region Difference(Region a, Region b)
        {
            if (a.IsEmpty || b.IsEmpty) return a;
            var result = new List<Box>();
            var pieces = new List<Box>();
            var next = new List<Box>();
            foreach (var x in a.Boxes)
            {
                pieces.Clear();
                pieces.Add(x);
                foreach (var y in b.Boxes)
                {
                    next.Clear();
                    foreach (var p in pieces) Subtract(p, y, next);
                    Check(next.Count + result.Count);
                    (pieces, next) = (next, pieces);
                    if (pieces.Count == 0) break;
                }
                foreach (var p in pieces) if (Feasible(p)) result.Add(p);
                Check(result.Count);
            }
            return new Region(Compact(result));
        }

        private bool Feasible(Box box)
        {
            if (_feasible == null) return true;
            foreach (int i in box.Constrained)
                if (_axes[i].IsDerived) return _feasible(box);
            return true;
        }

        public Region Not(Region a) => Difference(Full, a);

        public Region Or(Region a, Region b)
        {
            if (a.IsEmpty) return b;
            if (b.IsEmpty) return a;
            var result = new List<Box>(a.Boxes);
            result.AddRange(Difference(b, a).Boxes);
            Check(result.Count);
            return new Region(Compact(result));
        }

        public bool Intersects(Region a, Region b)
        {
            foreach (var x in a.Boxes)
                foreach (var y in b.Boxes)
                    if (Overlaps(x, y)) return true;
            return false;
        }

        public bool IsSubset(Region a, Region b) => Difference(a, b).IsEmpty;

        /// <summary>The one axis on which two boxes differ; -1 if they are equal, -2 if they differ on more than one.</summary>
        private static int DifferingAxis(Box a, Box b)
        {
            int la = a.Constrained.Length, lb = b.Constrained.Length, i = 0, j = 0, diff = -1;
            while (i < la || j < lb)
            {
                int axis;
                bool same;
                if (j >= lb || (i < la && a.Constrained[i] < b.Constrained[j])) { axis = a.Constrained[i++]; same = false; }
                else if (i >= la || b.Constrained[j] < a.Constrained[i]) { axis = b.Constrained[j++]; same = false; }
                else
                {
                    axis = a.Constrained[i];
                    same = ReferenceEquals(a.Values[i], b.Values[j]) || a.Values[i].Equals(b.Values[j]);
                    i++; j++;
                }
                if (same) continue;
                if (diff >= 0) return -2;
                diff = axis;
            }
            return diff;
        }

        /// <summary>Merges boxes that differ on at most one axis (keeps regions small; disjointness is preserved).</summary>
        private List<Box> Compact(List<Box> boxes)
        {
            if (boxes.Count < 2 || boxes.Count > 32) return boxes;
            bool merged = true;
            while (merged)
            {
                merged = false;
                for (int i = 0; i < boxes.Count && !merged; i++)
                    for (int j = i + 1; j < boxes.Count && !merged; j++)
                    {
                        int diff = DifferingAxis(boxes[i], boxes[j]);
                        if (diff == -2) continue;
                        if (diff >= 0)
                        {
                            var axis = _axes[diff];
                            var u = axis.Normalize(boxes[i].Get(axis).Union(boxes[j].Get(axis)));
                            boxes[i] = boxes[i].With(diff, u.Equals(axis.Domain) ? null : u);
                        }
                        boxes.RemoveAt(j);
                        merged = true;
                    }
            }
            return boxes;
        }
    }
}
