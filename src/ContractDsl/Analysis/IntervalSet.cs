using System;
using System.Collections.Generic;
using System.Text;

namespace ContractDsl.Analysis
{
    /// <summary>
    /// A set of integer keys as sorted, disjoint, non-adjacent closed intervals <c>[lo, hi]</c>: the values one
    /// axis of a region can take (float keys for numeric axes, value indices for categories, 0/1 for flags).
    /// Immutable.
    /// </summary>
    internal sealed class IntervalSet : IEquatable<IntervalSet>
    {
        // lo0, hi0, lo1, hi1, ...
        private readonly int[] _bounds;

        public static readonly IntervalSet Empty = new IntervalSet(Array.Empty<int>());

        private IntervalSet(int[] bounds) => _bounds = bounds;

        public static IntervalSet Range(int lo, int hi) => lo > hi ? Empty : new IntervalSet(new[] { lo, hi });

        public static IntervalSet Point(int key) => new IntervalSet(new[] { key, key });

        /// <summary>From possibly overlapping, unsorted intervals.</summary>
        public static IntervalSet FromIntervals(IEnumerable<(int Lo, int Hi)> intervals)
        {
            var list = new List<(int Lo, int Hi)>();
            foreach (var iv in intervals) if (iv.Lo <= iv.Hi) list.Add(iv);
            list.Sort((a, b) => a.Lo.CompareTo(b.Lo));
            var result = new List<int>();
            foreach (var (lo, hi) in list)
            {
                if (result.Count > 0 && (long)lo <= (long)result[result.Count - 1] + 1)
                {
                    if (hi > result[result.Count - 1]) result[result.Count - 1] = hi;
                }
                else { result.Add(lo); result.Add(hi); }
            }
            return result.Count == 0 ? Empty : new IntervalSet(result.ToArray());
        }

        public int Count => _bounds.Length / 2;

        public bool IsEmpty => _bounds.Length == 0;

        public int Lo(int i) => _bounds[2 * i];

        public int Hi(int i) => _bounds[2 * i + 1];

        public int Min => _bounds[0];

        public int Max => _bounds[_bounds.Length - 1];

        public bool Contains(int key)
        {
            for (int i = 0; i < _bounds.Length; i += 2)
            {
                if (key < _bounds[i]) return false;
                if (key <= _bounds[i + 1]) return true;
            }
            return false;
        }

        public bool Overlaps(IntervalSet other)
        {
            int[] a = _bounds, b = other._bounds;
            int i = 0, j = 0;
            while (i < a.Length && j < b.Length)
            {
                if (a[i + 1] < b[j]) i += 2;
                else if (b[j + 1] < a[i]) j += 2;
                else return true;
            }
            return false;
        }

        public IntervalSet Intersect(IntervalSet other)
        {
            if (ReferenceEquals(this, other)) return this;
            int[] a = _bounds, b = other._bounds;
            var result = new List<int>();
            int i = 0, j = 0;
            while (i < a.Length && j < b.Length)
            {
                int lo = Math.Max(a[i], b[j]), hi = Math.Min(a[i + 1], b[j + 1]);
                if (lo <= hi) { result.Add(lo); result.Add(hi); }
                if (a[i + 1] < b[j + 1]) i += 2; else j += 2;
            }
            if (result.Count == a.Length && Same(result, a)) return this;
            if (result.Count == b.Length && Same(result, b)) return other;
            return result.Count == 0 ? Empty : new IntervalSet(result.ToArray());
        }

        private static bool Same(List<int> list, int[] array)
        {
            for (int k = 0; k < array.Length; k++) if (list[k] != array[k]) return false;
            return true;
        }

        public IntervalSet Union(IntervalSet other)
        {
            var all = new List<(int, int)>(Count + other.Count);
            for (int i = 0; i < _bounds.Length; i += 2) all.Add((_bounds[i], _bounds[i + 1]));
            for (int i = 0; i < other._bounds.Length; i += 2) all.Add((other._bounds[i], other._bounds[i + 1]));
            return FromIntervals(all);
        }

        /// <summary>This set minus <paramref name="other"/>.</summary>
        public IntervalSet Except(IntervalSet other)
        {
            if (other.IsEmpty || IsEmpty) return this;
            var result = new List<int>();
            int j = 0;
            int[] b = other._bounds;
            for (int i = 0; i < _bounds.Length; i += 2)
            {
                long lo = _bounds[i], hi = _bounds[i + 1];
                while (j < b.Length && b[j + 1] < lo) j += 2;
                int k = j;
                while (lo <= hi)
                {
                    if (k >= b.Length || b[k] > hi) { result.Add((int)lo); result.Add((int)hi); break; }
                    if (b[k] > lo) { result.Add((int)lo); result.Add(b[k] - 1); }
                    lo = (long)b[k + 1] + 1;
                    k += 2;
                }
            }
            return result.Count == 0 ? Empty : new IntervalSet(result.ToArray());
        }

        public bool IsSubsetOf(IntervalSet other) => Except(other).IsEmpty;

        /// <summary>Keeps only keys of whole floats (a <c>count</c> axis): shrinks each interval to whole ends, merges neighbours.</summary>
        public IntervalSet NormalizeIntegral()
        {
            var result = new List<int>();
            for (int i = 0; i < _bounds.Length; i += 2)
            {
                int lo = _bounds[i] == FloatKey.NaN ? FloatKey.NaN : FloatKey.CeilingIntegral(_bounds[i]);
                int hi = _bounds[i + 1] >= FloatKey.NaN ? FloatKey.MaxFinite : _bounds[i + 1];
                hi = FloatKey.FloorIntegral(hi);
                if (lo >= FloatKey.PositiveInfinity || lo > hi) continue;
                if (result.Count > 0 && FloatKey.NextIntegral(result[result.Count - 1]) >= lo)
                {
                    if (hi > result[result.Count - 1]) result[result.Count - 1] = hi;
                }
                else { result.Add(lo); result.Add(hi); }
            }
            if (result.Count == _bounds.Length)
            {
                bool same = true;
                for (int k = 0; k < result.Count && same; k++) same = result[k] == _bounds[k];
                if (same) return this;
            }
            return result.Count == 0 ? Empty : new IntervalSet(result.ToArray());
        }

        public bool Equals(IntervalSet? other)
        {
            if (other is null) return false;
            if (ReferenceEquals(this, other)) return true;
            if (other._bounds.Length != _bounds.Length) return false;
            for (int i = 0; i < _bounds.Length; i++) if (_bounds[i] != other._bounds[i]) return false;
            return true;
        }

        public override bool Equals(object? obj) => obj is IntervalSet s && Equals(s);

        public override int GetHashCode()
        {
            int h = 17;
            foreach (int b in _bounds) h = unchecked(h * 31 + b);
            return h;
        }

        public override string ToString()
        {
            var sb = new StringBuilder("{");
            for (int i = 0; i < _bounds.Length; i += 2)
            {
                if (i > 0) sb.Append(" ∪ ");
                sb.Append('[').Append(_bounds[i]).Append(", ").Append(_bounds[i + 1]).Append(']');
            }
            return sb.Append('}').ToString();
        }
    }
}
