using System;
using System.Collections.Generic;
using System.Globalization;

namespace ContractDsl.Runtime
{
    /// <summary>The social welfare function of a <c>welfare</c> rule (design brief §4 step 7).</summary>
    public enum WelfareKind
    {
        /// <summary>Σ λ_g U_g: the weighted sum of the group means.</summary>
        Utilitarian = 0,
        /// <summary>Σ λ_g log(U_g − d): proportional fairness above the disagreement point d.</summary>
        Nash = 1,
        /// <summary>−T log Σ_g exp(−U_g / T): a soft minimum of the group means (T → 0 is the hard minimum).</summary>
        Maximin = 2,
        /// <summary>(Σ λ_g (U_g − d)^p)^(1/p): the power mean family (p = 1 utilitarian, p → 0 Nash, p → −∞ maximin).</summary>
        Power = 3,
    }

    /// <summary>
    /// A welfare rule over a category with <see cref="GroupCount"/> values: the kind, one weight λ per group,
    /// the disagreement point d (Nash and power), the temperature T (maximin) and the exponent p (power).
    /// Immutable and value-equal (the group weights compare element by element). Build it with the factory
    /// methods, or from a module's metadata with <see cref="FromInfo"/>.
    /// </summary>
    public sealed record WelfareRule
    {
        private readonly double[] _groupWeights;

        private WelfareRule(WelfareKind kind, int groupCount, IEnumerable<double>? groupWeights, double disagreementPoint, double temperature, double exponent)
        {
            if (groupCount < 1) throw new ArgumentOutOfRangeException(nameof(groupCount), groupCount, "a welfare rule needs at least one group");
            double[] weights = groupWeights is null ? Ones(groupCount) : new List<double>(groupWeights).ToArray();
            if (weights.Length != groupCount)
                throw new ArgumentException($"the rule has {groupCount} groups but {weights.Length} group weights", nameof(groupWeights));
            for (int g = 0; g < weights.Length; g++)
            {
                if (!(weights[g] >= 0) || double.IsPositiveInfinity(weights[g]))
                    throw new ArgumentException($"group weight λ[{g}] = {Text(weights[g])}: group weights are finite and ≥ 0", nameof(groupWeights));
            }
            if ((kind == WelfareKind.Nash || kind == WelfareKind.Power) && !double.IsFinite(disagreementPoint))
                throw new ArgumentException($"{kind.ToString().ToLowerInvariant()} welfare needs a finite disagreement point, not {Text(disagreementPoint)}", nameof(disagreementPoint));
            if (!(temperature > 0) || double.IsPositiveInfinity(temperature))
                throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "the temperature is finite and > 0");
            if (!double.IsFinite(exponent) || (kind == WelfareKind.Power && exponent == 0))
                throw new ArgumentOutOfRangeException(nameof(exponent), exponent, "the exponent is finite and, for power welfare, ≠ 0 (power 0 is the Nash limit)");

            Kind = kind;
            GroupCount = groupCount;
            _groupWeights = weights;
            DisagreementPoint = disagreementPoint;
            Temperature = temperature;
            Exponent = exponent;
        }

        /// <summary>The welfare function.</summary>
        public WelfareKind Kind { get; }

        /// <summary>Number of groups: the category's values, coded 0 … GroupCount − 1.</summary>
        public int GroupCount { get; }

        /// <summary>λ per group (default 1), indexed by group code.</summary>
        public IReadOnlyList<double> GroupWeights => _groupWeights;

        /// <summary>The disagreement point d (finite for Nash and power; unused, and −∞ unless given, for the others).</summary>
        public double DisagreementPoint { get; }

        /// <summary>The maximin temperature T (default 1; unused by the other kinds).</summary>
        public double Temperature { get; }

        /// <summary>The power exponent p (1 for the other kinds, where it is unused).</summary>
        public double Exponent { get; }

        /// <summary>Σ λ_g U_g.</summary>
        public static WelfareRule Utilitarian(int groupCount, IEnumerable<double>? groupWeights = null) =>
            new(WelfareKind.Utilitarian, groupCount, groupWeights, double.NegativeInfinity, 1, 1);

        /// <summary>Σ λ_g log(U_g − d).</summary>
        public static WelfareRule Nash(int groupCount, double disagreementPoint, IEnumerable<double>? groupWeights = null) =>
            new(WelfareKind.Nash, groupCount, groupWeights, disagreementPoint, 1, 1);

        /// <summary>−T log Σ_g exp(−U_g / T); λ enters the weights only (see <see cref="Welfare"/>).</summary>
        public static WelfareRule Maximin(int groupCount, double temperature = 1, IEnumerable<double>? groupWeights = null) =>
            new(WelfareKind.Maximin, groupCount, groupWeights, double.NegativeInfinity, temperature, 1);

        /// <summary>(Σ λ_g (U_g − d)^p)^(1/p), p ≠ 0.</summary>
        public static WelfareRule Power(int groupCount, double exponent, double disagreementPoint, IEnumerable<double>? groupWeights = null) =>
            new(WelfareKind.Power, groupCount, groupWeights, disagreementPoint, 1, exponent);

        /// <summary>
        /// The rule a module's metadata declares: <paramref name="info"/> from <c>ContractInfo.Welfare</c>, and the
        /// analysed lower bound of the total reward (<c>ContractInfo.TotalLow</c>), which is the disagreement point
        /// when the rule has no <c>from</c>. Throws when Nash or power welfare is left without a finite one (the
        /// compiler reports that as CDSL4001, so a generated module never does).
        /// </summary>
        public static WelfareRule FromInfo(WelfareInfo info, double totalLow)
        {
            ArgumentNullException.ThrowIfNull(info);
            double d = info.From ?? totalLow;
            return info.Kind switch
            {
                "utilitarian" => new WelfareRule(WelfareKind.Utilitarian, info.Groups.Count, info.Weights, d, 1, 1),
                "nash" => new WelfareRule(WelfareKind.Nash, info.Groups.Count, info.Weights, d, 1, 1),
                "maximin" => new WelfareRule(WelfareKind.Maximin, info.Groups.Count, info.Weights, d, info.Temperature, 1),
                "power" => new WelfareRule(WelfareKind.Power, info.Groups.Count, info.Weights, d, 1, info.Exponent),
                _ => throw new ArgumentException($"unknown welfare kind `{info.Kind}`", nameof(info)),
            };
        }

        /// <summary>Value equality, group weights compared element by element (bit patterns, so −0 ≠ +0 is never an issue: weights are ≥ 0).</summary>
        public bool Equals(WelfareRule? other)
        {
            if (other is null) return false;
            if (ReferenceEquals(this, other)) return true;
            return Kind == other.Kind && GroupCount == other.GroupCount && DisagreementPoint.Equals(other.DisagreementPoint)
                && Temperature.Equals(other.Temperature) && Exponent.Equals(other.Exponent)
                && _groupWeights.AsSpan().SequenceEqual(other._groupWeights);
        }

        /// <inheritdoc />
        public override int GetHashCode()
        {
            var hash = new HashCode();
            hash.Add(Kind);
            hash.Add(GroupCount);
            hash.Add(DisagreementPoint);
            hash.Add(Temperature);
            hash.Add(Exponent);
            foreach (double weight in _groupWeights) hash.Add(weight);
            return hash.ToHashCode();
        }

        /// <summary>The rule as the contract would write it, e.g. <c>power 2 over 3 groups, weights [2, 1, 1], from -4</c>.</summary>
        public override string ToString()
        {
            string kind = Kind == WelfareKind.Power ? "power " + Text(Exponent) : Kind.ToString().ToLowerInvariant();
            string text = $"{kind} over {GroupCount} groups, weights [{string.Join(", ", Array.ConvertAll(_groupWeights, Text))}]";
            if (Kind == WelfareKind.Nash || Kind == WelfareKind.Power) text += ", from " + Text(DisagreementPoint);
            if (Kind == WelfareKind.Maximin) text += ", temperature " + Text(Temperature);
            return text;
        }

        internal ReadOnlySpan<double> WeightSpan => _groupWeights;

        private static double[] Ones(int count)
        {
            var ones = new double[count];
            Array.Fill(ones, 1.0);
            return ones;
        }

        private static string Text(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
