using System;
using System.Collections.Generic;

namespace ContractDsl.Runtime
{
    /// <summary>
    /// Pareto dominance over utilities where higher is better (negate costs first). Candidates are rows
    /// (models, checkpoints, contract versions), criteria are columns (groups, norms).
    /// </summary>
    /// <remarks>
    /// a dominates b when a ≥ b on every criterion and a &gt; b on at least one. A NaN utility (e.g. a group a
    /// model was never evaluated on) is incomparable on its criterion: with IEEE comparisons both a ≥ NaN and
    /// NaN ≥ a are false, so a candidate with a NaN neither dominates nor is dominated by anyone and is
    /// always in the non-dominated set; <see cref="ParetoSet.Incomplete"/> lists such candidates so a report
    /// can flag them. ±∞ are ordinary values. Identical rows do not dominate each other.
    /// </remarks>
    public static class Pareto
    {
        /// <summary>Whether <paramref name="a"/> dominates <paramref name="b"/>: ≥ everywhere, &gt; somewhere (NaN compares false).</summary>
        public static bool Dominates(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
        {
            if (a.Length != b.Length) throw new ArgumentException($"utilities of different lengths ({a.Length}, {b.Length})");
            bool strictly = false;
            for (int k = 0; k < a.Length; k++)
            {
                if (!(a[k] >= b[k])) return false;
                if (a[k] > b[k]) strictly = true;
            }
            return strictly;
        }

        /// <summary>
        /// The dominance relation and the non-dominated set of <paramref name="candidates"/>, whose utilities are
        /// the rows of <paramref name="utilities"/> (row-major, <paramref name="criteria"/> columns).
        /// </summary>
        /// <param name="candidates">Unique candidate names, one per row.</param>
        /// <param name="utilities">candidates.Count × criteria values, row-major.</param>
        /// <param name="criteria">Number of columns (≥ 1).</param>
        public static ParetoSet Analyze(IReadOnlyList<string> candidates, ReadOnlySpan<double> utilities, int criteria)
        {
            ArgumentNullException.ThrowIfNull(candidates);
            if (criteria < 1) throw new ArgumentOutOfRangeException(nameof(criteria), criteria, "at least one criterion");
            int count = candidates.Count;
            if (utilities.Length != count * criteria)
                throw new ArgumentException($"{count} candidates × {criteria} criteria need {count * criteria} utilities, not {utilities.Length}", nameof(utilities));
            var names = new string[count];
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < count; i++)
            {
                names[i] = candidates[i] ?? throw new ArgumentException($"candidate {i} has no name", nameof(candidates));
                if (!seen.Add(names[i])) throw new ArgumentException($"candidate name `{names[i]}` appears twice", nameof(candidates));
            }

            var dominates = new bool[count * count];
            var nonDominated = new List<int>();
            var incomplete = new List<int>();
            for (int a = 0; a < count; a++)
            {
                ReadOnlySpan<double> row = utilities.Slice(a * criteria, criteria);
                if (HasNaN(row)) incomplete.Add(a);
                for (int b = 0; b < count; b++)
                    if (a != b) dominates[a * count + b] = Dominates(row, utilities.Slice(b * criteria, criteria));
            }
            for (int b = 0; b < count; b++)
            {
                bool dominated = false;
                for (int a = 0; a < count && !dominated; a++) dominated = dominates[a * count + b];
                if (!dominated) nonDominated.Add(b);
            }
            return new ParetoSet(names, criteria, dominates, nonDominated.ToArray(), incomplete.ToArray());
        }

        /// <summary>The same, for utilities as a rectangular array (rows = candidates).</summary>
        public static ParetoSet Analyze(IReadOnlyList<string> candidates, double[,] utilities)
        {
            ArgumentNullException.ThrowIfNull(utilities);
            if (utilities.GetLength(0) != candidates.Count)
                throw new ArgumentException($"{candidates.Count} candidates but {utilities.GetLength(0)} rows", nameof(utilities));
            var flat = new double[utilities.Length];
            int columns = utilities.GetLength(1);
            for (int i = 0; i < utilities.GetLength(0); i++)
                for (int k = 0; k < columns; k++) flat[i * columns + k] = utilities[i, k];
            return Analyze(candidates, flat, columns);
        }

        private static bool HasNaN(ReadOnlySpan<double> row)
        {
            foreach (double value in row) if (double.IsNaN(value)) return true;
            return false;
        }
    }

    /// <summary>
    /// The result of <see cref="Pareto.Analyze(IReadOnlyList{string}, ReadOnlySpan{double}, int)"/>: candidate
    /// names, the dominance relation, the non-dominated set (in candidate order) and the candidates with a NaN
    /// utility. Immutable; value-equal.
    /// </summary>
    public sealed record ParetoSet
    {
        private readonly string[] _candidates;
        private readonly bool[] _dominates; // [a · n + b]: a dominates b
        private readonly int[] _nonDominated;
        private readonly int[] _incomplete;

        internal ParetoSet(string[] candidates, int criteria, bool[] dominates, int[] nonDominated, int[] incomplete)
        {
            _candidates = candidates;
            Criteria = criteria;
            _dominates = dominates;
            _nonDominated = nonDominated;
            _incomplete = incomplete;
        }

        /// <summary>Candidate names, in row order.</summary>
        public IReadOnlyList<string> Candidates => _candidates;

        /// <summary>Number of criteria (columns).</summary>
        public int Criteria { get; }

        /// <summary>Indices of the non-dominated candidates, ascending.</summary>
        public IReadOnlyList<int> NonDominated => _nonDominated;

        /// <summary>Names of the non-dominated candidates, in candidate order.</summary>
        public IReadOnlyList<string> NonDominatedNames => Array.ConvertAll(_nonDominated, i => _candidates[i]);

        /// <summary>Indices of the candidates with a NaN utility (incomparable on that criterion, hence never dominated).</summary>
        public IReadOnlyList<int> Incomplete => _incomplete;

        /// <summary>Whether candidate <paramref name="a"/> dominates candidate <paramref name="b"/> (indices).</summary>
        public bool Dominates(int a, int b)
        {
            if ((uint)a >= (uint)_candidates.Length) throw new ArgumentOutOfRangeException(nameof(a));
            if ((uint)b >= (uint)_candidates.Length) throw new ArgumentOutOfRangeException(nameof(b));
            return _dominates[a * _candidates.Length + b];
        }

        /// <summary>Whether the candidate named <paramref name="a"/> dominates the one named <paramref name="b"/>.</summary>
        public bool Dominates(string a, string b) => Dominates(IndexOf(a), IndexOf(b));

        /// <summary>Whether the named candidate is non-dominated.</summary>
        public bool IsNonDominated(string candidate) => Array.IndexOf(_nonDominated, IndexOf(candidate)) >= 0;

        /// <summary>The names of the candidates that dominate <paramref name="candidate"/>, in candidate order.</summary>
        public IReadOnlyList<string> DominatedBy(string candidate)
        {
            int b = IndexOf(candidate);
            var result = new List<string>();
            for (int a = 0; a < _candidates.Length; a++) if (_dominates[a * _candidates.Length + b]) result.Add(_candidates[a]);
            return result;
        }

        /// <summary>The index of a candidate by name; throws for unknown names.</summary>
        public int IndexOf(string candidate)
        {
            int index = Array.IndexOf(_candidates, candidate);
            return index >= 0 ? index : throw new ArgumentException($"no candidate named `{candidate}`", nameof(candidate));
        }

        /// <summary>Value equality over names, criteria and the relation.</summary>
        public bool Equals(ParetoSet? other) =>
            other is not null && Criteria == other.Criteria && _candidates.AsSpan().SequenceEqual(other._candidates)
            && _dominates.AsSpan().SequenceEqual(other._dominates) && _incomplete.AsSpan().SequenceEqual(other._incomplete);

        /// <inheritdoc />
        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(Criteria);
            foreach (string name in _candidates) hash.Add(name);
            foreach (bool edge in _dominates) hash.Add(edge);
            return hash.ToHashCode();
        }

        /// <summary>e.g. <c>non-dominated: A, C (of A, B, C over 18 criteria)</c>.</summary>
        public override string ToString() =>
            $"non-dominated: {string.Join(", ", NonDominatedNames)} (of {string.Join(", ", _candidates)} over {Criteria} criteria)";
    }
}
