using System.Collections.Generic;
using System.Linq;
using ContractDsl.Binding;
using ContractDsl.Collections;
using ContractDsl.Syntax;

namespace ContractDsl.Lowering
{
    /// <summary>Two norms whose joint activity is a <c>Conflict</c> at run time (§4 step 6).</summary>
    public sealed record NormPair(int First, int Second);

    /// <summary>A concern whose norms have contexts: a sample where none of those contexts holds is a <c>Gap</c>.</summary>
    public sealed record GapGroup(string Concern, EquatableArray<int> Norms);

    /// <summary>
    /// What the emitters consume: the bound contract plus the tables derived from it once, so that the CPU
    /// kernel, the torch path and the card agree by construction — which norms suppress which (the
    /// preference closure), which pairs can conflict, which concerns can have gaps — and the analysed range
    /// of the total reward (the default disagreement point for welfare).
    /// </summary>
    public sealed record ContractIR(
        BoundContract Contract,
        EquatableArray<EquatableArray<int>> SuppressedBy,
        EquatableArray<NormPair> ConflictPairs,
        EquatableArray<GapGroup> GapGroups,
        double TotalLow,
        double TotalHigh)
    {
        public string Name => Contract.Name;

        /// <summary>What the analysis reported about this contract (warnings and infos): the card lists them.</summary>
        public EquatableArray<ContractDsl.Diagnostics.ContractDiagnostic> Findings { get; init; } = EquatableArray<ContractDsl.Diagnostics.ContractDiagnostic>.Empty;
    }

    public static class Lowerer
    {
        /// <summary>
        /// Lowers an error-free bound contract. <paramref name="canBeActiveTogether"/> lets the analysis prune
        /// conflict pairs whose activation regions are disjoint (they can never fire); without it every
        /// pair of opposite effects is checked at run time, which is correct, only slower.
        /// </summary>
        public static ContractIR Lower(
            BoundContract contract,
            double totalLow = double.NegativeInfinity,
            double totalHigh = double.PositiveInfinity,
            System.Func<int, int, bool>? canBeActiveTogether = null)
        {
            var norms = contract.Norms;
            var order = contract.Order;

            var suppressedBy = norms
                .Select(b => norms.Where(a => a.Index != b.Index && order.Dominates(a.Index, b.Index)).Select(a => a.Index).ToEquatableArray())
                .ToEquatableArray();

            var pairs = new List<NormPair>();
            for (int i = 0; i < norms.Length; i++)
                for (int j = i + 1; j < norms.Length; j++)
                {
                    if (!CanConflict(norms[i], norms[j]) || order.Related(i, j)) continue;
                    if (canBeActiveTogether != null && !canBeActiveTogether(i, j)) continue;
                    pairs.Add(new NormPair(i, j));
                }

            var gaps = norms
                .GroupBy(n => n.Concern)
                .Where(g => g.Any(n => n.Context != null) && g.All(n => n.Context != null)) // a context-free norm covers everything
                .Select(g => new GapGroup(g.Key, g.Select(n => n.Index).ToEquatableArray()))
                .ToEquatableArray();

            return new ContractIR(contract, suppressedBy, pairs.ToEquatableArray(), gaps, totalLow, totalHigh);
        }

        /// <summary>Opposite effects (reward against penalize), or <c>allow</c> against a non-<c>allow</c> of the same concern.</summary>
        public static bool CanConflict(BoundNorm a, BoundNorm b) =>
            a.Sign * b.Sign < 0 ||
            (a.Concern == b.Concern && (a.Effect == EffectKind.Allow) != (b.Effect == EffectKind.Allow));
    }
}
