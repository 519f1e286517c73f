using System;
using TorchSharp;
using static TorchSharp.torch;

namespace ContractDsl.Runtime.Torch
{
    /// <summary>
    /// The dispose handling of a kernel written as a sequence of tensor statements (the generated
    /// <c>Evaluate(TensorBatch)</c>): a value wrapped in <see cref="Keep"/> lives until the scope ends; every other
    /// tensor — the temporaries of an expression such as <c>a + b + c</c> — is released at the next <see cref="Keep"/>.
    /// So a long expression never holds more than its result, which keeps the peak memory of a 10^7-sample batch at a
    /// few columns, without a lambda or a <c>using</c> block around every expression. <see cref="Return"/> hands a
    /// result to the caller's dispose scope (or to the caller alone when there is none).
    /// <para>
    /// Built on two nested TorchSharp dispose scopes: the outer one holds the kept values, the inner one (renewed at
    /// every <see cref="Keep"/>) the current step's temporaries. Tensors the scope did not create — the caller's
    /// inputs — are never touched. Like TorchSharp's scopes, it belongs to the thread that began it.
    /// </para>
    /// </summary>
    /// <example>
    /// <code>
    /// using var steps = StepScope.Begin();
    /// var finite = steps.Keep(x.isfinite());
    /// var clamped = steps.Keep(finite &amp; (x.lt(0f) | x.gt(1f)));   // the two comparisons are released here
    /// return steps.Return(clamped);
    /// </code>
    /// </example>
    public sealed class StepScope : IDisposable
    {
        private readonly DisposeScope _kept;
        private DisposeScope _step;
        private bool _disposed;

        private StepScope()
        {
            _kept = NewDisposeScope();
            _step = NewDisposeScope();
        }

        /// <summary>Opens a step scope on this thread; dispose it (<c>using var</c>) to release what it still holds.</summary>
        public static StepScope Begin() => new();

        /// <summary>
        /// Ends the current step: <paramref name="value"/> survives until the scope is disposed (or returned), every
        /// other tensor created since the previous <see cref="Keep"/> is disposed now.
        /// </summary>
        public Tensor Keep(Tensor value)
        {
            ArgumentNullException.ThrowIfNull(value);
            ObjectDisposedException.ThrowIf(_disposed, this);
            _step.MoveToOuter(value); // a no-op for a tensor this step did not create
            _step.Dispose();
            _step = NewDisposeScope();
            return value;
        }

        /// <summary>
        /// Moves <paramref name="value"/> (kept, or created in the current step) to the dispose scope that was current
        /// when this one began; with none, the caller owns it alone.
        /// </summary>
        public Tensor Return(Tensor value)
        {
            ArgumentNullException.ThrowIfNull(value);
            ObjectDisposedException.ThrowIf(_disposed, this);
            _step.MoveToOuter(value);
            _kept.MoveToOuter(value);
            return value;
        }

        /// <summary>Disposes every tensor the scope still holds: the current step's and the kept ones.</summary>
        public void Dispose()
        {
            if (_disposed) return;
            _disposed = true;
            _step.Dispose();
            _kept.Dispose();
        }
    }
}
