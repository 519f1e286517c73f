using System;
using System.Collections.Generic;
using ContractDsl.Binding;

namespace ContractDsl.Cli.Eval
{
    /// <summary>
    /// One column per signal, as the generated batch wants them: floats for numbers (ensembles sample-major, k per sample),
    /// bools for flags, category codes (the value's index in the declaration) for categories. Readers fill it, the compiled
    /// driver hands its spans to the module's typed <c>Batch</c>; it is reused for every batch of a run.
    /// </summary>
    public sealed class SignalBatch
    {
        private readonly float[]?[] _numbers;
        private readonly bool[]?[] _flags;
        private readonly int[]?[] _categories;
        private readonly int[] _widths;

        public SignalBatch(IReadOnlyList<BoundSignal> signals, int capacity)
        {
            if (capacity <= 0) throw new ArgumentOutOfRangeException(nameof(capacity));
            Capacity = capacity;
            _numbers = new float[signals.Count][];
            _flags = new bool[signals.Count][];
            _categories = new int[signals.Count][];
            _widths = new int[signals.Count];
            for (int s = 0; s < signals.Count; s++)
            {
                var signal = signals[s];
                _widths[s] = signal.Kind == SignalKind.Ensemble ? signal.EnsembleSize : 1;
                switch (signal.Kind)
                {
                    case SignalKind.Flag: _flags[s] = new bool[capacity]; break;
                    case SignalKind.Category: _categories[s] = new int[capacity]; break;
                    default: _numbers[s] = new float[capacity * _widths[s]]; break;
                }
            }
        }

        /// <summary>The most samples one batch holds.</summary>
        public int Capacity { get; }

        /// <summary>The samples of the current batch.</summary>
        public int Count { get; set; }

        public ReadOnlySpan<float> Numbers(int signal) => _numbers[signal].AsSpan(0, Count * _widths[signal]);

        public ReadOnlySpan<bool> Flags(int signal) => _flags[signal].AsSpan(0, Count);

        public ReadOnlySpan<int> Categories(int signal) => _categories[signal].AsSpan(0, Count);

        public void SetNumber(int signal, int sample, int member, float value) => _numbers[signal]![sample * _widths[signal] + member] = value;

        public void SetFlag(int signal, int sample, bool value) => _flags[signal]![sample] = value;

        public void SetCategory(int signal, int sample, int code) => _categories[signal]![sample] = code;
    }
}
