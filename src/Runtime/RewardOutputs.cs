using System;

namespace ContractDsl.Runtime
{
    /// <summary>
    /// Caller-provided output buffers of one evaluation, as spans, so that evaluation allocates nothing.
    /// <see cref="Contributions"/> is norm-major: norm k's column is <c>[k·Count, (k+1)·Count)</c>.
    /// </summary>
    public readonly ref struct RewardOutputSpans
    {
        /// <summary>Wraps buffers; lengths are checked by <see cref="Validate"/> when a module evaluates.</summary>
        public RewardOutputSpans(Span<float> total, Span<float> @base, Span<float> contributions, Span<bool> active, Span<float> uncertainty, Span<RewardReasons> reasons)
        {
            Total = total;
            Base = @base;
            Contributions = contributions;
            Active = active;
            Uncertainty = uncertainty;
            Reasons = reasons;
        }

        /// <summary>Total shaped reward per sample.</summary>
        public Span<float> Total { get; }
        /// <summary>The base <c>reward</c> expression per sample.</summary>
        public Span<float> Base { get; }
        /// <summary>Per-norm contributions, norm-major.</summary>
        public Span<float> Contributions { get; }
        /// <summary>Per-norm activity (context ∧ guard held), norm-major like <see cref="Contributions"/>; a norm silenced by a preference is still active. For activation rates.</summary>
        public Span<bool> Active { get; }
        /// <summary>Uncertainty in [0, 1] per sample.</summary>
        public Span<float> Uncertainty { get; }
        /// <summary>Reason flags per sample.</summary>
        public Span<RewardReasons> Reasons { get; }

        /// <summary>Throws <see cref="ArgumentException"/> unless every buffer fits a batch of <paramref name="count"/> samples and <paramref name="normCount"/> norms.</summary>
        public void Validate(int count, int normCount)
        {
            Check(Total.Length, count, "Total");
            Check(Base.Length, count, "Base");
            Check(Contributions.Length, count * normCount, "Contributions");
            Check(Active.Length, count * normCount, "Active");
            Check(Uncertainty.Length, count, "Uncertainty");
            Check(Reasons.Length, count, "Reasons");
        }

        private static void Check(int actual, int expected, string name)
        {
            if (actual != expected)
                throw new ArgumentException($"output buffer {name} has length {actual}; the batch needs {expected}", name);
        }
    }

    /// <summary>
    /// Reusable output arrays for batches of up to <see cref="Capacity"/> samples. Evaluating into the same
    /// instance again allocates nothing.
    /// </summary>
    public sealed class RewardOutputs
    {
        private float[] _total = Array.Empty<float>();
        private float[] _base = Array.Empty<float>();
        private float[] _contributions = Array.Empty<float>();
        private bool[] _active = Array.Empty<bool>();
        private float[] _uncertainty = Array.Empty<float>();
        private RewardReasons[] _reasons = Array.Empty<RewardReasons>();

        /// <summary>Buffers for <paramref name="count"/> samples and <paramref name="normCount"/> norms.</summary>
        public RewardOutputs(int count, int normCount)
        {
            if (normCount < 0) throw new ArgumentOutOfRangeException(nameof(normCount));
            NormCount = normCount;
            Resize(count);
        }

        /// <summary>Number of norms (contribution columns).</summary>
        public int NormCount { get; }
        /// <summary>Number of samples of the current batch.</summary>
        public int Count { get; private set; }
        /// <summary>Allocated sample capacity.</summary>
        public int Capacity => _total.Length;

        /// <summary>Sets the batch size, growing the arrays only when needed.</summary>
        public void Resize(int count)
        {
            if (count < 0) throw new ArgumentOutOfRangeException(nameof(count));
            if (count > Capacity)
            {
                _total = new float[count];
                _base = new float[count];
                _contributions = new float[count * NormCount];
                _active = new bool[count * NormCount];
                _uncertainty = new float[count];
                _reasons = new RewardReasons[count];
            }
            Count = count;
        }

        /// <summary>The spans a module writes into.</summary>
        public RewardOutputSpans AsSpans() => new RewardOutputSpans(
            _total.AsSpan(0, Count), _base.AsSpan(0, Count), _contributions.AsSpan(0, Count * NormCount),
            _active.AsSpan(0, Count * NormCount), _uncertainty.AsSpan(0, Count), _reasons.AsSpan(0, Count));

        /// <summary>Total reward per sample.</summary>
        public Span<float> Total => _total.AsSpan(0, Count);
        /// <summary>Base reward per sample.</summary>
        public Span<float> Base => _base.AsSpan(0, Count);
        /// <summary>Uncertainty per sample.</summary>
        public Span<float> Uncertainty => _uncertainty.AsSpan(0, Count);
        /// <summary>Reasons per sample.</summary>
        public Span<RewardReasons> Reasons => _reasons.AsSpan(0, Count);
        /// <summary>Whether norm <paramref name="norm"/> was active, per sample.</summary>
        public Span<bool> IsActive(int norm)
        {
            if ((uint)norm >= (uint)NormCount) throw new ArgumentOutOfRangeException(nameof(norm));
            return _active.AsSpan(norm * Count, Count);
        }

        /// <summary>Norm <paramref name="norm"/>'s contribution column.</summary>
        public Span<float> Contribution(int norm)
        {
            if ((uint)norm >= (uint)NormCount) throw new ArgumentOutOfRangeException(nameof(norm));
            return _contributions.AsSpan(norm * Count, Count);
        }
    }

    /// <summary>Checks of the columns of a generated module's batch.</summary>
    public static class BatchColumn
    {
        /// <summary>Throws <see cref="ArgumentException"/> naming the signal unless its column has <paramref name="expected"/> values.</summary>
        public static void Check(int length, int expected, string signal)
        {
            if (length != expected)
                throw new ArgumentException($"column {signal} has {length} values; the batch needs {expected}", signal);
        }
    }
}
