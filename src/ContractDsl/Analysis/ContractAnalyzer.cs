using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ContractDsl.Binding;
using ContractDsl.Collections;
using ContractDsl.Analysis.Properties;
using ContractDsl.Lowering;
using ContractDsl.Text;

namespace ContractDsl.Analysis
{
    /// <summary>
    /// The static analysis of an error-free bound contract (design brief §5). It builds the shared facts once
    /// (<see cref="AnalysisContext"/>: regions of every norm, relations, the interpreter) and then asks one function per
    /// property — the way cedar's validator and verifier are organised — each returning typed findings:
    /// <list type="bullet">
    /// <item><see cref="DomainComparisons"/>: CDSL1005</item>
    /// <item><see cref="RewardRanges"/>: CDSL1008, CDSL2002, CDSL4001 and the total's range</item>
    /// <item><see cref="Conflicts"/>: CDSL3001 and CDSL3005</item>
    /// <item><see cref="Gaps"/>: CDSL2001</item>
    /// <item><see cref="Shadowing"/>: CDSL3003</item>
    /// <item><see cref="Levers"/>: CDSL2003</item>
    /// <item><see cref="Declarations"/>: CDSL2004, CDSL2005</item>
    /// </list>
    /// Dead norms (CDSL3002) and give-ups on oversized guards come with the regions. Pure: the same contract gives
    /// the same (value-equal) result; bounded: a deterministic work budget (CDSL9001 for what it did not finish).
    /// </summary>
    public static class ContractAnalyzer
    {
        /// <summary>
        /// The analysis of what bound in a contract with binding errors (see <see cref="PartialContract"/>): dead and
        /// shadowed norms, comparisons outside domains, conflicts, trade-offs and gaps among the norms that bound
        /// cleanly, and undocumented norms — so that the build reports them together with the errors. Ranges, levers
        /// and unused declarations need the whole contract and wait until it binds.
        /// </summary>
        public static ContractAnalysis AnalyzeWhatBound(BoundContract contract, AnalysisOptions? options = null, CancellationToken cancellation = default)
        {
            if (contract == null) throw new ArgumentNullException(nameof(contract));
            var partial = PartialContract.Of(contract);
            var ctx = AnalysisContext.Build(partial.Contract, options ?? AnalysisOptions.Default, cancellation);
            var conflicts = Conflicts.Find(ctx);
            var gaps = Gaps.Find(ctx, partial.IncompleteConcerns);
            var shadowing = Shadowing.Find(ctx);
            var findings = ctx.RegionFindings
                .Concat(DomainComparisons.Find(ctx)).Concat(conflicts.Findings).Concat(gaps.Findings)
                .Concat(shadowing.Findings).Concat(Declarations.Undocumented(ctx))
                .ToList();
            return Assemble(partial.Contract, findings, Interval.Unbounded,
                partial.Contract.Norms.Select(n => new NormFacts(n.Index, n.Name, Interval.Empty, Interval.Unbounded, ctx.Dead[n.Index], shadowing.Shadowed[n.Index], ctx.Active[n.Index] != null)),
                RewardRange.Unknown, EquatableArray<NormPair>.Empty, EquatableArray<NormPair>.Empty, EquatableArray<string>.Empty);
        }

        /// <summary>The full analysis of an error-free contract, computed afresh (pure: the same contract gives an equal result).</summary>
        public static ContractAnalysis Analyze(BoundContract contract, AnalysisOptions? options = null, CancellationToken cancellation = default)
        {
            if (contract == null) throw new ArgumentNullException(nameof(contract));
            return Run(contract, options ?? AnalysisOptions.Default, cancellation, null, null, out _)!;
        }

        /// <summary>
        /// The same result as <see cref="Analyze(BoundContract, AnalysisOptions?, CancellationToken)"/>, reusing the
        /// structural properties of a contract in <paramref name="structures"/> that differs only in amounts, caps, the
        /// base reward, docs or locations (see <see cref="Run"/>), and remembering this one's: after an edit to one amount
        /// of a 1,000-norm contract only ranges, levers and declarations are computed again. What the compiler uses.
        /// </summary>
        /// <param name="erased">The contract's location-erased form (<see cref="SpanEraser.Erase"/>), when the caller has it.</param>
        internal static ContractAnalysis Analyze(BoundContract contract, StructureCache structures, BoundContract? erased = null,
            AnalysisOptions? options = null, CancellationToken cancellation = default)
        {
            if (contract == null) throw new ArgumentNullException(nameof(contract));
            options ??= AnalysisOptions.Default;
            erased ??= SpanEraser.Erase(contract);
            var key = StructureCache.KeyOf(erased, out int skeletonHash);
            // Hashed once: finding and adding both compare hashes first (hashing walks the whole key).
            int hash = key.GetHashCode();
            if (structures.Find(key, hash, options) is { } previous)
            {
                // Reused only when the result is exactly what a fresh analysis gives (see Run); otherwise analysed afresh.
                var reused = Run(contract, options, cancellation, previous, null, out _);
                if (reused != null)
                {
                    structures.CountReuse();
                    return reused;
                }
            }
            else if (structures.FindNeighbour(key, skeletonHash, options) is { } neighbour)
            {
                // Only some norms' conditions differ: the others' regions, pairs and trade-offs are reused.
                var unchanged = new bool[contract.Norms.Length];
                for (int n = 0; n < unchanged.Length; n++)
                    unchanged[n] = StructureCache.SameConditions(neighbour.Key.Norms[n], key.Norms[n]);
                var reused = Run(contract, options, cancellation, neighbour.Facts, unchanged, out var structure);
                if (reused != null)
                {
                    structures.CountReuse();
                    if (structure != null) structures.Add(key, hash, skeletonHash, options, structure);
                    return reused;
                }
            }
            var analysis = Run(contract, options, cancellation, null, null, out var fresh)!;
            if (fresh != null) structures.Add(key, hash, skeletonHash, options, fresh);
            return analysis;
        }

        /// <summary>
        /// The analysis, with the structural properties (regions and dead norms, comparisons outside domains, conflicts and
        /// trade-offs, gaps, shadowing) taken from <paramref name="previous"/> when given, and moved to this contract's
        /// locations. Two kinds of previous version:
        /// <list type="bullet">
        /// <item>one that differs from this contract only in amounts, caps, the base reward, docs and locations
        /// (<paramref name="unchanged"/> null): those properties read none of what differs, so they are the same facts;</item>
        /// <item>one that differs also in the conditions of some norms (<paramref name="unchanged"/> marks the others): the
        /// regions of the unchanged norms, and the conflict and trade-off conclusions about pairs of norms whose in-effect
        /// regions are unchanged, are the same facts; the rest is computed.</item>
        /// </list>
        /// Ranges, levers and declarations are always computed. The budget is charged what the reused facts cost when they
        /// were computed, so the result is a fresh analysis's as long as the budget is never spent; if it is, or a location
        /// has no counterpart, this returns null and the caller analyses afresh. <paramref name="structure"/> is what a
        /// later edit may reuse (null when the budget ran out: such results depend on what came before them).
        /// </summary>
        private static ContractAnalysis? Run(BoundContract contract, AnalysisOptions options, CancellationToken cancellation,
            StructureFacts? previous, bool[]? unchanged, out StructureFacts? structure)
        {
            structure = null;
            Func<SourceSpan, SourceSpan>? move = null;
            if (previous != null)
            {
                var map = unchanged == null
                    ? SpanEraser.Correspondence(previous.Contract, contract, previous.Locations)
                    : SpanEraser.NeighbourCorrespondence(previous.Contract, contract, previous.Locations);
                if (map == null) return null;
                map[default] = default;
                bool lost = false;
                move = span => { if (map.TryGetValue(span, out var moved)) return moved; lost = true; return span; };
                var reused = Run(contract, options, cancellation, previous, unchanged, move, out structure);
                if (lost) structure = null;
                return lost ? null : reused;
            }
            return Run(contract, options, cancellation, null, null, null, out structure);
        }

        private static ContractAnalysis? Run(BoundContract contract, AnalysisOptions options, CancellationToken cancellation,
            StructureFacts? previous, bool[]? unchanged, Func<SourceSpan, SourceSpan>? move, out StructureFacts? structure)
        {
            structure = null;
            List<Finding> Moved(List<Finding> findings) => findings.Select(f => f.Relocate(move!, contract.Path)).ToList();
            // The whole structure of the previous version applies (only amounts and the like differ).
            bool same = previous != null && unchanged == null;
            var ctx = previous == null ? AnalysisContext.Build(contract, options, cancellation)
                : same ? AnalysisContext.Adopt(contract, options, cancellation, previous.Context, move!)
                : AnalysisContext.AdoptUnchangedNorms(contract, options, cancellation, previous.Context, unchanged!, move!);
            if (ctx == null) return null;
            var comparisons = same ? Moved(previous!.Comparisons) : DomainComparisons.Find(ctx);
            var ranges = RewardRanges.Compute(ctx);

            long before = ctx.Budget.Spent;
            Conflicts.Result conflicts;
            Gaps.Result gaps;
            Shadowing.Result shadowing;
            if (!same)
            {
                conflicts = Conflicts.Find(ctx, previous?.Conflicts, move);
                gaps = Gaps.Find(ctx, null, previous?.Gaps, move);
                shadowing = Shadowing.Find(ctx, previous?.Shadowing.NeverActiveTogether);
            }
            else
            {
                conflicts = previous!.Conflicts with { Findings = Moved(previous.Conflicts.Findings) };
                gaps = previous.Gaps with { Findings = Moved(previous.Gaps.Findings) };
                shadowing = previous.Shadowing with { Findings = Moved(previous.Shadowing.Findings) };
                ctx.Budget.Spend(previous.PropertyUnits);
            }
            long propertyUnits = ctx.Budget.Spent - before;
            // The pair lists as the result holds them, made once per structure (hundreds of thousands of pairs at 1,000 norms).
            // A list equal to the previous version's is that list (see ListRebuilder), and its array is the previous one.
            var pairs = same ? previous!.Pairs : (
                NeverActive: ReferenceEquals(shadowing.NeverActiveTogether, previous?.Shadowing.NeverActiveTogether)
                    ? previous!.Pairs.NeverActive : shadowing.NeverActiveTogether.Distinct().ToEquatableArray(),
                NeverInEffect: ReferenceEquals(conflicts.NeverInEffectTogether, previous?.Conflicts.NeverInEffectTogether)
                    ? previous!.Pairs.NeverInEffect : conflicts.NeverInEffectTogether.ToEquatableArray(),
                Covered: gaps.Covered.ToEquatableArray());
            var levers = Levers.Find(ctx);
            var undocumented = Declarations.Undocumented(ctx);
            var unused = Declarations.Unused(ctx);

            // A budget that ran out makes later properties depend on earlier ones: such a result is neither reused nor
            // offered for reuse.
            if (ctx.Budget.Exhausted)
            {
                if (previous != null) return null;
            }
            // Remembered as it stands: with previous findings moved to this version's locations.
            else if (!same) structure = new StructureFacts(contract, ctx, comparisons, conflicts, gaps, shadowing, propertyUnits, pairs);

            var findings = ctx.RegionFindings
                .Concat(comparisons).Concat(ranges.Findings).Concat(conflicts.Findings).Concat(gaps.Findings)
                .Concat(shadowing.Findings).Concat(levers).Concat(undocumented).Concat(unused)
                .ToList();
            var norms = ranges.Norms.Select(f => f with { Shadowed = shadowing.Shadowed[f.Norm] });
            return Assemble(contract, findings, ranges.Base, norms, ranges.Range, pairs.NeverActive, pairs.NeverInEffect, pairs.Covered);
        }

        /// <summary>What a later analysis of a contract with the same structure reuses (see <see cref="Run"/>).</summary>
        internal sealed record StructureFacts(BoundContract Contract, AnalysisContext Context, List<Finding> Comparisons, Conflicts.Result Conflicts, Gaps.Result Gaps, Shadowing.Result Shadowing, long PropertyUnits,
            (EquatableArray<NormPair> NeverActive, EquatableArray<NormPair> NeverInEffect, EquatableArray<string> Covered) Pairs)
        {
            /// <summary>The locations the reused findings mention (the only ones a later version needs mapped).</summary>
            public HashSet<SourceSpan> Locations { get; } = new HashSet<SourceSpan>(
                Context.RegionFindings.Concat(Comparisons).Concat(Conflicts.Findings).Concat(Gaps.Findings).Concat(Shadowing.Findings)
                    .Where(f => f.Diagnostic != null)
                    .SelectMany(f => f.Diagnostic!.AdditionalSpans.Prepend(f.Diagnostic.Span)));
        }

        /// <summary>
        /// Recently analysed structures, keyed by the contract without what the structural properties do not read:
        /// locations, docs, rationales, amounts, caps, the base reward and its text. (The welfare rule stays in the key:
        /// its location is one of the contract's, and contracts matched here must have their locations in one-to-one
        /// correspondence.) A second key, the skeleton, leaves the norms' conditions out too: a version with the same
        /// skeleton is a neighbour whose unchanged norms can be reused. Bounded, thread-safe.
        /// </summary>
        internal sealed class StructureCache
        {
            private int _reuses;

            /// <summary>How many analyses reused an entry (for tests).</summary>
            public int Reuses => Volatile.Read(ref _reuses);

            public void CountReuse() => Interlocked.Increment(ref _reuses);

            // Entries keep their key (built for the lookup anyway, so keeping it costs no copy, and a hit then compares keys
            // instead of erasing the cached contract again) and its hashes, compared first.
            private readonly RecentList<(BoundContract Key, int Hash, int SkeletonHash, AnalysisOptions Options, StructureFacts Facts)> _entries;

            public StructureCache(int capacity = 4) =>
                _entries = new RecentList<(BoundContract, int, int, AnalysisOptions, StructureFacts)>(capacity);

            /// <summary>The key of a contract, from its location-erased form (<see cref="SpanEraser.Erase"/>).</summary>
            public static BoundContract KeyOf(BoundContract erased, out int skeletonHash)
            {
                bool hasLast = RecentKeys.TryFind(k => k.Erased.Name == erased.Name, out var last, take: true);
                var norms = new BoundNorm[erased.Norms.Length];
                var skeletonHashes = new int[norms.Length];
                for (int i = 0; i < norms.Length; i++)
                {
                    if (hasLast && i < last.Keys.Length && ReferenceEquals(last.Erased.Norms[i], erased.Norms[i]))
                    {
                        norms[i] = last.Keys[i];
                        skeletonHashes[i] = last.SkeletonHashes[i];
                        continue;
                    }
                    norms[i] = erased.Norms[i] with { Rationale = null, Doc = null, Amount = null, AmountText = null, Cap = null };
                    skeletonHashes[i] = SkeletonNorm(norms[i]).GetHashCode();
                }
                var keys = new EquatableArray<BoundNorm>(norms);
                var key = erased with
                {
                    Doc = null,
                    Principal = null,
                    Agent = null,
                    Reward = new BoundConstant(0),
                    RewardText = "",
                    Norms = keys,
                };
                // The skeleton of a contract is its key without the norms' conditions: versions with the same skeleton are
                // neighbours (see FindNeighbour). Hashed and compared norm by norm, without building it.
                int hash = (key with { Norms = EquatableArray<BoundNorm>.Empty }).GetHashCode();
                foreach (int normHash in skeletonHashes) hash = unchecked(hash * 31 + normHash);
                skeletonHash = hash;
                RecentKeys.Add((erased, keys, skeletonHashes));
                return key;
            }

            // The last key made for each recent contract (by name), with the erased norms it was made from and its norms'
            // skeleton hashes: successive versions share their unchanged erased norms (see SpanEraser), so their keys share
            // the key norms, which the entries keep and a lookup compares by reference.
            private static readonly RecentList<(BoundContract Erased, EquatableArray<BoundNorm> Keys, int[] SkeletonHashes)> RecentKeys =
                new RecentList<(BoundContract, EquatableArray<BoundNorm>, int[])>(capacity: 16);

            /// <summary>A key norm without its conditions: its part of the skeleton.</summary>
            private static BoundNorm SkeletonNorm(BoundNorm n) => n with { Context = null, Guard = null, ContextText = null, GuardText = null };

            /// <summary>Whether two keys have the same skeleton.</summary>
            private static bool SameSkeleton(BoundContract a, BoundContract b)
            {
                if (a.Norms.Length != b.Norms.Length || !(a with { Norms = EquatableArray<BoundNorm>.Empty }).Equals(b with { Norms = EquatableArray<BoundNorm>.Empty })) return false;
                for (int n = 0; n < a.Norms.Length; n++)
                    if (!ReferenceEquals(a.Norms[n], b.Norms[n]) && !SkeletonNorm(a.Norms[n]).Equals(SkeletonNorm(b.Norms[n]))) return false;
                return true;
            }

            /// <summary>Whether two norms of keys have the same context and guard.</summary>
            public static bool SameConditions(BoundNorm a, BoundNorm b) =>
                Equals(a.Context, b.Context) && Equals(a.Guard, b.Guard) && a.ContextText == b.ContextText && a.GuardText == b.GuardText;

            /// <param name="key">The contract's <see cref="KeyOf"/>.</param>
            /// <param name="hash">The key's hash: compared first, since a deep comparison with every entry (versions that
            /// differ in one norm) costs more than the one walk that hashing the key takes.</param>
            /// <param name="options">The analysis options (part of the key).</param>
            public StructureFacts? Find(BoundContract key, int hash, AnalysisOptions options) =>
                _entries.TryFind(e => e.Hash == hash && e.Options.Equals(options) && key.Equals(e.Key), out var found) ? found.Facts : null;

            /// <summary>
            /// The most recent entry whose key has the same skeleton as <paramref name="key"/> (see <see cref="KeyOf"/>),
            /// with that key (its norms are compared with the new version's), or null.
            /// </summary>
            public (BoundContract Key, StructureFacts Facts)? FindNeighbour(BoundContract key, int skeletonHash, AnalysisOptions options) =>
                _entries.TryFind(e => e.SkeletonHash == skeletonHash && e.Options.Equals(options) && SameSkeleton(e.Key, key), out var found)
                    ? (found.Key, found.Facts) : null;

            /// <summary>Remembers <paramref name="facts"/> under their contract's key (<see cref="KeyOf"/>) and the hashes of key and skeleton.</summary>
            public void Add(BoundContract key, int hash, int skeletonHash, AnalysisOptions options, StructureFacts facts) =>
                _entries.Add((key, hash, skeletonHash, options, facts));
        }

        private static ContractAnalysis Assemble(BoundContract contract, System.Collections.Generic.List<Finding> findings, Interval baseRange,
            System.Collections.Generic.IEnumerable<NormFacts> norms, RewardRange range, EquatableArray<NormPair> neverActive,
            EquatableArray<NormPair> neverInEffect, EquatableArray<string> covered)
        {
            var diagnostics = findings
                .Where(f => f.Diagnostic != null)
                .Select((f, i) => (d: f.Diagnostic!, i))
                .OrderBy(x => x.d.Span.Start).ThenBy(x => x.d.Id, StringComparer.Ordinal).ThenBy(x => x.i)
                .Select(x => x.d)
                .ToEquatableArray();
            return new ContractAnalysis(contract.Name, baseRange, norms.ToEquatableArray(), range, findings.ToEquatableArray(), diagnostics,
                neverActive, neverInEffect, covered);
        }
    }
}
