using System;
using System.Collections.Generic;
using System.Linq;
using ContractDsl.Collections;

namespace ContractDsl.Binding
{
    /// <summary>
    /// The transitive closure of the preferences: <see cref="Dominates"/>(a, b) when a is preferred over b
    /// directly or through a chain (a norm on a preference cycle dominates itself: CDSL3004).
    /// <para>
    /// Its cost follows the preferences written, not the number of norms. Only norms that appear in a
    /// <c>prefer</c> take part; they are grouped into strongly connected components (a cycle is one component),
    /// and each component keeps the components below it (and, separately, above it) as a sorted list or, where
    /// that is denser, a bit window — so a 2,000-link chain costs about 2,000 × 2,000 bits and 60,000 norms
    /// without preferences cost nothing. (The n × n bit matrix this replaces overflowed <c>n * n</c> at about
    /// 46,000 norms and needed 450 MB at 60,000.)
    /// </para>
    /// <para>
    /// A closure can be quadratic in the preferences written (a chain of k links relates k²/2 pairs), so it is
    /// capped at <see cref="MaxClosurePairs"/> pairs of components and <see cref="MaxWork"/> steps; past either,
    /// <see cref="IsComplete"/> is false and the binder reports the preferences as too many (CDSL1009).
    /// </para>
    /// <para>
    /// Value-equal: two orders are equal when they have the same norm count and the same set of edges (kept
    /// sorted and without duplicates in <see cref="Edges"/>); everything else is computed from those.
    /// </para>
    /// </summary>
    public sealed class PreferenceOrder : IEquatable<PreferenceOrder>
    {
        /// <summary>The most pairs of components the closure may relate (a chain of about 2,900 links).</summary>
        public const int MaxClosurePairs = 1 << 22;

        /// <summary>The most steps closing may take (each step merges one entry of a row into another).</summary>
        public const long MaxWork = 1L << 25;

        private static readonly int[] NoNorms = Array.Empty<int>();
        private static readonly int[] SingleZero = new int[1];   // the component starts of no components (never written)

        private readonly int[] _componentOf;   // per norm: its component, or -1 if it is in no preference
        private readonly int[] _memberStart;   // per component c: its norms are _memberNorms[_memberStart[c] .. _memberStart[c + 1]), ascending
        private readonly int[] _memberNorms;
        private readonly bool[] _cyclic;       // per component: on a cycle (dominates itself)
        private readonly Row[] _below;         // per component: the components it dominates (not itself)
        private readonly Row[] _above;         // per component: the components that dominate it (not itself)

        private PreferenceOrder(int normCount, EquatableArray<(int Preferred, int Over)> edges, int[] componentOf, int[] memberStart,
            int[] memberNorms, bool[] cyclic, Row[] below, Row[] above, bool complete)
        {
            NormCount = normCount;
            Edges = edges;
            _componentOf = componentOf;
            _memberStart = memberStart;
            _memberNorms = memberNorms;
            _cyclic = cyclic;
            _below = below;
            _above = above;
            IsComplete = complete;
        }

        public int NormCount { get; }

        /// <summary>The preferences as pairs of norm indices, sorted, without duplicates.</summary>
        public EquatableArray<(int Preferred, int Over)> Edges { get; }

        /// <summary>False when the closure was too large to compute (see <see cref="MaxClosurePairs"/>); then only part of it is known.</summary>
        public bool IsComplete { get; }

        /// <summary>Whether <paramref name="preferred"/> is preferred over <paramref name="over"/>, directly or transitively.</summary>
        public bool Dominates(int preferred, int over)
        {
            if ((uint)preferred >= (uint)NormCount || (uint)over >= (uint)NormCount) return false;
            int a = _componentOf[preferred], b = _componentOf[over];
            if (a < 0 || b < 0) return false;
            return a == b ? _cyclic[a] : _below[a].Contains(b);
        }

        /// <summary>Whether a preference orders the two norms either way.</summary>
        public bool Related(int a, int b) => Dominates(a, b) || Dominates(b, a);

        /// <summary>Whether the norm appears in any preference (a norm that does not is related to nothing).</summary>
        public bool IsOrdered(int norm) => (uint)norm < (uint)NormCount && _componentOf[norm] >= 0;

        /// <summary>The norms other than <paramref name="over"/> that dominate it, ascending. Costs what it returns.</summary>
        public IReadOnlyList<int> Dominators(int over) => Collect(over, _above);

        /// <summary>The norms other than <paramref name="preferred"/> that it dominates, ascending. Costs what it returns.</summary>
        public IReadOnlyList<int> Dominated(int preferred) => Collect(preferred, _below);

        /// <summary>The preference cycles: each one's norms, ascending; cycles ordered by their smallest norm.</summary>
        public IReadOnlyList<IReadOnlyList<int>> Cycles =>
            Enumerable.Range(0, _cyclic.Length).Where(c => _cyclic[c]).Select(c => (IReadOnlyList<int>)Members(c).ToList())
                .OrderBy(m => m[0]).ToList();

        private IEnumerable<int> Members(int component)
        {
            for (int i = _memberStart[component]; i < _memberStart[component + 1]; i++) yield return _memberNorms[i];
        }

        private IReadOnlyList<int> Collect(int norm, Row[] rows)
        {
            if ((uint)norm >= (uint)NormCount || _componentOf[norm] < 0) return NoNorms;
            int component = _componentOf[norm];
            var result = new List<int>(rows[component].Count);
            // Members copied straight from the compressed rows: a chain has one norm per component, and an iterator per
            // component made listing every norm's dominators in a 2,400-link chain cost a third of its analysis.
            foreach (int other in rows[component].Items())
                for (int i = _memberStart[other]; i < _memberStart[other + 1]; i++) result.Add(_memberNorms[i]);
            if (_cyclic[component])
                for (int i = _memberStart[component]; i < _memberStart[component + 1]; i++)
                    if (_memberNorms[i] != norm) result.Add(_memberNorms[i]);
            result.Sort();
            return result;
        }

        public bool Equals(PreferenceOrder? other) =>
            other is not null && NormCount == other.NormCount && Edges.Equals(other.Edges);

        public override bool Equals(object? obj) => obj is PreferenceOrder other && Equals(other);

        public override int GetHashCode() => unchecked(NormCount * 397 ^ Edges.GetHashCode());

        public static bool operator ==(PreferenceOrder? left, PreferenceOrder? right) => left is null ? right is null : left.Equals(right);

        public static bool operator !=(PreferenceOrder? left, PreferenceOrder? right) => !(left == right);

        public override string ToString() => $"PreferenceOrder {{ NormCount = {NormCount}, Edges = {Edges.Length} }}";

        /// <summary>Closes the preferences <paramref name="edges"/> (norm indices; pairs outside [0, normCount) are ignored).</summary>
        public static PreferenceOrder Close(int normCount, IEnumerable<(int Preferred, int Over)> edges)
        {
            normCount = Math.Max(0, normCount);

            // Canonical edges: sorted by (preferred, over), duplicates removed. (Sorted packed pairs, not a hash
            // set: a long's hash is its halves XORed, so the pairs of a chain, (i, i + 1), nearly all collide.)
            var packed = new List<long>();
            foreach (var (a, b) in edges)
                if ((uint)a < (uint)normCount && (uint)b < (uint)normCount) packed.Add((long)a << 32 | (uint)b);
            if (packed.Count == 0)
            {
                // No preferences (most contracts): what the general path below builds for no edges, without its dozen
                // empty arrays and lists: no norm takes part, no components.
                var outside = new int[normCount];
                for (int n = 0; n < normCount; n++) outside[n] = -1;
                return new PreferenceOrder(normCount, EquatableArray<(int Preferred, int Over)>.Empty, outside, SingleZero, NoNorms,
                    Array.Empty<bool>(), Array.Empty<Row>(), Array.Empty<Row>(), complete: true);
            }
            var canonical = SortedDistinct(packed).Select(key => ((int)(key >> 32), (int)(key & 0xFFFFFFFF))).ToArray();

            // The norms that take part, numbered densely in ascending order; componentOf holds the numbering
            // until it is replaced by the components.
            var componentOf = new int[normCount];
            foreach (var (a, b) in canonical) componentOf[a] = componentOf[b] = 1;
            var norms = new List<int>();
            for (int n = 0; n < normCount; n++)
            {
                if (componentOf[n] == 0) { componentOf[n] = -1; continue; }
                componentOf[n] = norms.Count;
                norms.Add(n);
            }
            int k = norms.Count;

            // Adjacency in compressed rows (edges are sorted by their source).
            var start = new int[k + 1];
            var target = new int[canonical.Length];
            foreach (var (a, _) in canonical) start[componentOf[a] + 1]++;
            for (int i = 0; i < k; i++) start[i + 1] += start[i];
            for (int e = 0; e < canonical.Length; e++) target[e] = componentOf[canonical[e].Item2];

            var component = StronglyConnectedComponents(k, start, target, out int count);

            // Members of each component in compressed rows, ascending (v runs over ascending norms).
            var memberStart = new int[count + 1];
            for (int v = 0; v < k; v++) memberStart[component[v] + 1]++;
            for (int c = 0; c < count; c++) memberStart[c + 1] += memberStart[c];
            var memberNorms = new int[k];
            var fill = (int[])memberStart.Clone();
            for (int v = 0; v < k; v++) memberNorms[fill[component[v]]++] = norms[v];

            var cyclic = new bool[count];
            for (int c = 0; c < count; c++) cyclic[c] = memberStart[c + 1] - memberStart[c] > 1;
            var between = new List<long>();
            for (int v = 0; v < k; v++)
                for (int e = start[v]; e < start[v + 1]; e++)
                {
                    int cu = component[v], cv = component[target[e]];
                    if (cu == cv) { if (v == target[e]) cyclic[cu] = true; continue; }
                    between.Add((long)cu << 32 | (uint)cv);
                }
            var dag = SortedDistinct(between).ToArray();
            var successors = Compressed(count, dag, forward: true);
            var predecessors = Compressed(count, dag, forward: false);

            // Components come out of Tarjan's algorithm sinks first, so every successor of c is numbered below c:
            // closing in increasing order finds each successor's row finished, and in decreasing order each
            // predecessor's.
            long work = 0, pairs = 0;
            bool complete = true;
            var below = new Row[count];
            var above = new Row[count];
            var marks = new int[count];
            var collected = new List<int>();
            for (int c = 0; c < count && complete; c++)
                below[c] = Union(c, successors, below, marks, collected, ref work, ref pairs, ref complete);
            if (complete)
            {
                Array.Clear(marks, 0, marks.Length);
                pairs = 0;
                for (int c = count - 1; c >= 0 && complete; c--)
                    above[c] = Union(c, predecessors, above, marks, collected, ref work, ref pairs, ref complete);
            }

            for (int n = 0; n < normCount; n++)
                if (componentOf[n] >= 0) componentOf[n] = component[componentOf[n]];
            return new PreferenceOrder(normCount, canonical.ToEquatableArray(), componentOf, memberStart, memberNorms,
                cyclic, below, above, complete);
        }

        /// <summary>Neighbour lists in compressed rows: <c>Start[c] .. Start[c + 1]</c> index <c>Items</c>.</summary>
        private readonly struct Adjacency
        {
            public Adjacency(int[] start, int[] items)
            {
                Start = start;
                Items = items;
            }

            public int[] Start { get; }

            public int[] Items { get; }
        }

        /// <summary>The successors (or predecessors) of every component, from the sorted component edges.</summary>
        private static Adjacency Compressed(int count, long[] edges, bool forward)
        {
            var start = new int[count + 1];
            foreach (long edge in edges) start[(forward ? (int)(edge >> 32) : (int)(edge & 0xFFFFFFFF)) + 1]++;
            for (int c = 0; c < count; c++) start[c + 1] += start[c];
            var items = new int[edges.Length];
            var fill = (int[])start.Clone();
            foreach (long edge in edges)
            {
                int from = (int)(edge >> 32), to = (int)(edge & 0xFFFFFFFF);
                if (forward) items[fill[from]++] = to;
                else items[fill[to]++] = from;
            }
            return new Adjacency(start, items);
        }

        private static IEnumerable<long> SortedDistinct(List<long> items)
        {
            items.Sort();
            for (int i = 0; i < items.Count; i++)
                if (i == 0 || items[i] != items[i - 1]) yield return items[i];
        }

        /// <summary>
        /// The row of component <paramref name="c"/>: its neighbours and everything in their rows. Where a
        /// neighbour's row is a bit window, the union is taken word by word over a window covering them all
        /// (a chain's rows are nested windows, and merging them number by number cost 70 ns a pair); otherwise,
        /// or when that window would be mostly empty, number by number with <paramref name="marks"/>.
        /// </summary>
        private static Row Union(int c, Adjacency adjacency, Row[] rows, int[] marks, List<int> collected,
            ref long work, ref long pairs, ref bool complete)
        {
            int first = adjacency.Start[c], end = adjacency.Start[c + 1];
            long bound = end - first;
            bool anyBits = false;
            long low = long.MaxValue, high = long.MinValue;
            for (int i = first; i < end; i++)
            {
                int d = adjacency.Items[i];
                var row = rows[d];
                bound += row.Count;
                anyBits |= row.IsBits;
                low = Math.Min(low, d);
                high = Math.Max(high, d + 1L);
                if (row.Count > 0)
                {
                    low = Math.Min(low, row.Low);
                    high = Math.Max(high, row.High);
                }
            }
            work += bound;
            if (work > MaxWork) { complete = false; return default; }
            if (end == first) return default;

            low &= ~63L;   // windows start on a word boundary, so that rows combine word by word
            Row result;
            if (anyBits && high - low <= 32 * bound + 64)
            {
                var bits = new ulong[(high - low + 63) / 64];
                for (int i = first; i < end; i++)
                {
                    int d = adjacency.Items[i];
                    bits[(d - low) >> 6] |= 1UL << (int)((d - low) & 63);
                    rows[d].OrInto(bits, low);
                }
                result = Row.FromBits(bits, (int)low);
            }
            else
            {
                int stamp = c + 1;
                collected.Clear();
                for (int i = first; i < end; i++)
                {
                    int d = adjacency.Items[i];
                    if (marks[d] != stamp) { marks[d] = stamp; collected.Add(d); }
                    rows[d].AddTo(collected, marks, stamp);
                }
                result = Row.From(collected);
            }
            pairs += result.Count;
            if (pairs > MaxClosurePairs) { complete = false; return default; }
            return result;
        }

        /// <summary>Tarjan's algorithm without recursion (a chain of preferences may be arbitrarily long).</summary>
        private static int[] StronglyConnectedComponents(int k, int[] start, int[] target, out int count)
        {
            var index = new int[k];
            var low = new int[k];
            var onStack = new bool[k];
            var component = new int[k];
            for (int v = 0; v < k; v++) index[v] = -1;
            var stack = new Stack<int>();
            var calls = new Stack<(int Vertex, int Edge)>();
            int next = 0;
            count = 0;
            for (int root = 0; root < k; root++)
            {
                if (index[root] >= 0) continue;
                calls.Push((root, start[root]));
                index[root] = low[root] = next++;
                stack.Push(root);
                onStack[root] = true;
                while (calls.Count > 0)
                {
                    var (v, e) = calls.Pop();
                    if (e < start[v + 1])
                    {
                        calls.Push((v, e + 1));
                        int w = target[e];
                        if (index[w] < 0)
                        {
                            index[w] = low[w] = next++;
                            stack.Push(w);
                            onStack[w] = true;
                            calls.Push((w, start[w]));
                        }
                        else if (onStack[w])
                        {
                            low[v] = Math.Min(low[v], index[w]);
                        }
                        continue;
                    }
                    // v is finished: hand its low link to its caller, and emit its component if it is a root.
                    if (calls.Count > 0) { int parent = calls.Peek().Vertex; low[parent] = Math.Min(low[parent], low[v]); }
                    if (low[v] == index[v])
                    {
                        int w;
                        do
                        {
                            w = stack.Pop();
                            onStack[w] = false;
                            component[w] = count;
                        } while (w != v);
                        count++;
                    }
                }
            }
            return component;
        }

        /// <summary>
        /// A set of component numbers: a sorted array, or a bit window (starting on a multiple of 64) where that
        /// is smaller.
        /// </summary>
        private readonly struct Row
        {
            private readonly int[]? _sorted;
            private readonly ulong[]? _bits;
            private readonly int _offset;

            private Row(int[]? sorted, ulong[]? bits, int offset, int count)
            {
                _sorted = sorted;
                _bits = bits;
                _offset = offset;
                Count = count;
            }

            public int Count { get; }

            public bool IsBits => _bits != null;

            /// <summary>A lower bound of the members (for a window, its start).</summary>
            public long Low => _sorted != null ? _sorted[0] : _offset;

            /// <summary>An upper bound (exclusive) of the members (for a window, its end).</summary>
            public long High => _sorted != null ? _sorted[_sorted.Length - 1] + 1L : _offset + 64L * (_bits?.Length ?? 0);

            public static Row From(List<int> items)
            {
                if (items.Count == 0) return default;
                int min = int.MaxValue, max = int.MinValue;
                foreach (int x in items) { min = Math.Min(min, x); max = Math.Max(max, x); }
                int start = min & ~63;
                long span = (long)max - start + 1;
                if (span <= 32L * items.Count)
                {
                    var bits = new ulong[(span + 63) / 64];
                    foreach (int x in items) bits[(x - start) >> 6] |= 1UL << ((x - start) & 63);
                    return new Row(null, bits, start, items.Count);
                }
                var sorted = items.ToArray();
                Array.Sort(sorted);
                return new Row(sorted, null, 0, items.Count);
            }

            /// <summary>A row from a window starting at <paramref name="offset"/> (a multiple of 64); kept as bits unless a list is smaller.</summary>
            public static Row FromBits(ulong[] bits, int offset)
            {
                int count = 0;
                foreach (ulong word in bits) count += PopCount(word);
                if (count == 0) return default;
                if (64L * bits.Length <= 32L * count) return new Row(null, bits, offset, count);
                var sorted = new int[count];
                int next = 0;
                for (int w = 0; w < bits.Length; w++)
                    for (ulong word = bits[w]; word != 0; word &= word - 1)
                        sorted[next++] = offset + 64 * w + TrailingZeros(word);
                return new Row(sorted, null, 0, count);
            }

            /// <summary>ORs the members into a window of bits that starts at <paramref name="low"/> (a multiple of 64) and covers them.</summary>
            public void OrInto(ulong[] window, long low)
            {
                if (_bits != null)
                {
                    long first = (_offset - low) >> 6;
                    for (int w = 0; w < _bits.Length; w++) window[first + w] |= _bits[w];
                }
                else if (_sorted != null)
                {
                    foreach (int x in _sorted) window[(x - low) >> 6] |= 1UL << (int)((x - low) & 63);
                }
            }

            /// <summary>Adds the members not yet stamped to <paramref name="collected"/>.</summary>
            public void AddTo(List<int> collected, int[] marks, int stamp)
            {
                if (_sorted != null)
                {
                    foreach (int x in _sorted)
                        if (marks[x] != stamp) { marks[x] = stamp; collected.Add(x); }
                }
                else if (_bits != null)
                {
                    for (int w = 0; w < _bits.Length; w++)
                        for (ulong word = _bits[w]; word != 0; word &= word - 1)
                        {
                            int x = _offset + 64 * w + TrailingZeros(word);
                            if (marks[x] != stamp) { marks[x] = stamp; collected.Add(x); }
                        }
                }
            }

            private static int PopCount(ulong x)
            {
                x -= (x >> 1) & 0x5555555555555555UL;
                x = (x & 0x3333333333333333UL) + ((x >> 2) & 0x3333333333333333UL);
                x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FUL;
                return (int)((x * 0x0101010101010101UL) >> 56);
            }

            public bool Contains(int x)
            {
                if (_sorted != null) return Array.BinarySearch(_sorted, x) >= 0;
                if (_bits is null) return false;
                long i = (long)x - _offset;
                return i >= 0 && i < 64L * _bits.Length && (_bits[i >> 6] & (1UL << (int)(i & 63))) != 0;
            }

            public IEnumerable<int> Items()
            {
                if (_sorted != null)
                {
                    foreach (int x in _sorted) yield return x;
                }
                else if (_bits != null)
                {
                    for (int w = 0; w < _bits.Length; w++)
                    {
                        ulong word = _bits[w];
                        while (word != 0)
                        {
                            int bit = TrailingZeros(word);
                            yield return _offset + 64 * w + bit;
                            word &= word - 1;
                        }
                    }
                }
            }

            private const ulong DeBruijnSequence = 0x03F79D71B4CB0A89UL;

            private static readonly int[] DeBruijn = DeBruijnTable();

            private static int[] DeBruijnTable()
            {
                var table = new int[64];
                for (int i = 0; i < 64; i++) table[(int)((DeBruijnSequence << i) >> 58)] = i;
                return table;
            }

            /// <summary>The index of the lowest set bit (netstandard2.0 has no BitOperations).</summary>
            private static int TrailingZeros(ulong word) => DeBruijn[(int)(((word & (~word + 1)) * DeBruijnSequence) >> 58)];
        }
    }
}
