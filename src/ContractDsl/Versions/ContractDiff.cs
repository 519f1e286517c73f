using System;
using System.Threading;
using ContractDsl.Binding;
using ContractDsl.Lowering;

namespace ContractDsl.Versions
{
    /// <summary>
    /// The semantic difference of two versions of a contract (design brief §6; the semantics are in docs/versions.md):
    /// the regions of the common signal space — with every param value within the common bounds — where the total
    /// reward, the activity of a norm present in both, a reason or the uncertainty differs, each with a witness both
    /// versions were evaluated on and the interval of the change of the total; a proof of equivalence when there are
    /// none; norms, signals and params added, removed and changed; and per concern whether the new version is
    /// stricter, more permissive or incomparable. Pure and deterministic; bounded by <see cref="DiffOptions.Budget"/>.
    /// </summary>
    public static class ContractDiff
    {
        /// <summary>Compares two error-free bound contracts (signals, params and norms matched by name).</summary>
        public static ContractDiffResult Compare(BoundContract before, BoundContract after, DiffOptions? options = null, CancellationToken cancellation = default)
        {
            if (before == null) throw new ArgumentNullException(nameof(before));
            if (after == null) throw new ArgumentNullException(nameof(after));
            return new Comparison(before, after, null, null, options ?? DiffOptions.Default, cancellation).Run();
        }

        /// <summary>Compares two compiled modules (<see cref="CompiledFile.Modules"/>), reusing their kernel programs for the witness checks.</summary>
        public static ContractDiffResult Compare(ContractIR before, ContractIR after, DiffOptions? options = null, CancellationToken cancellation = default)
        {
            if (before == null) throw new ArgumentNullException(nameof(before));
            if (after == null) throw new ArgumentNullException(nameof(after));
            return new Comparison(before.Contract, after.Contract, before.Kernel, after.Kernel, options ?? DiffOptions.Default, cancellation).Run();
        }
    }
}
