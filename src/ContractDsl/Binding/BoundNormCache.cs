using System.Collections.Generic;
using ContractDsl.Collections;
using ContractDsl.Syntax;

namespace ContractDsl.Binding
{
    /// <summary>
    /// The norms of the last binding of each recently bound file, by the declaration they were bound from, so that the next
    /// binding of the file (the IDE binds after every keystroke) reuses every norm whose declaration did not change instead
    /// of binding it again: the parser hands back the very declaration object it cached when the declaration's text did not
    /// change (<see cref="DeclarationCache"/>), at its place or moved by an edit above it (<see cref="SyntaxMoves"/>).
    /// </summary>
    /// <remarks>
    /// <para>Sound because a norm's binding is a function of its declaration (its text at its place), its index, and the
    /// contract's signals, params and lets when every name is declared once (<see cref="NormEnvironment"/>); a norm that
    /// reported a diagnostic is not kept (its diagnostics must be reported again). A moved declaration gets the kept norm
    /// with every location moved the same way. The binder checks the norm's texts and spans at the new place before it
    /// reuses one, so a reused norm is value-equal to binding afresh.</para>
    /// <para>Bounded: the last binding of the <see cref="MaxFiles"/> files bound most recently. Tables are plain
    /// dictionaries keyed by identity, not weak tables: a weak table entry is a GC handle that every collection scans, and
    /// one per declaration per version made each collection of an IDE session measurably slower. Thread-safe: a table is
    /// never changed once published.</para>
    /// </remarks>
    internal sealed class BoundNormCache
    {
        public const int MaxFiles = 16;

        public static readonly BoundNormCache Shared = new BoundNormCache();

        // Per file, the norms of its last binding by the declaration they were bound from (the cached declaration object).
        private readonly RecentFileTables<NormSyntax, Entry> _files =
            new RecentFileTables<NormSyntax, Entry>(MaxFiles, long.MaxValue, ReferenceComparer<NormSyntax>.Instance);

        /// <summary>
        /// A norm bound from a cached declaration moved by (<see cref="Offset"/>, <see cref="Lines"/>) — zero when bound at
        /// the declaration's own place — with the environment and index it was bound with, and the norm at the declaration's
        /// own place when one was made (<see cref="Home"/>: an edit undone, or edits that move the rest of a file back and
        /// forth, find it again rather than move a copy back).
        /// </summary>
        public sealed record Entry(NormEnvironment Environment, int Index, BoundNorm Norm, int Offset, int Lines, BoundNorm? Home);

        /// <summary>
        /// Starts a binding of a file: <see cref="RecentFileTables{TKey, TValue}.Pass.TryGetLast"/> finds what the last
        /// binding kept for a cached declaration, <see cref="RecentFileTables{TKey, TValue}.Pass.Add"/> keeps an entry for
        /// the next, <see cref="RecentFileTables{TKey, TValue}.Pass.Publish"/> ends the binding.
        /// </summary>
        public RecentFileTables<NormSyntax, Entry>.Pass Begin(string path) => _files.Begin(path);
    }

    /// <summary>
    /// What a norm's binding reads besides its own declaration: the contract's signals, params and lets (with every name
    /// declared once). Successive versions of a contract with equal declarations share one instance (<see cref="Shared"/>),
    /// so a norm kept under one is valid under the other, and the check is a reference comparison.
    /// </summary>
    internal sealed record NormEnvironment(EquatableArray<BoundSignal> Signals, EquatableArray<BoundParam> Params, EquatableArray<BoundLet> Lets)
    {
        /// <summary>How many recent environments are kept.</summary>
        public const int Kept = 16;

        private static readonly RecentList<NormEnvironment> Recent = new RecentList<NormEnvironment>(Kept);

        /// <summary>The recent environment equal to this one, or this one (then remembered).</summary>
        public NormEnvironment Shared()
        {
            if (Recent.TryFind(e => e.Equals(this), out var recent)) return recent;
            Recent.Add(this);
            return this;
        }
    }
}
