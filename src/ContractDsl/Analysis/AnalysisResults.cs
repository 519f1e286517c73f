using System.Collections.Generic;
using System.Linq;
using ContractDsl.Collections;
using ContractDsl.Diagnostics;
using ContractDsl.Evaluation;
using ContractDsl.Lowering;

namespace ContractDsl.Analysis
{
    /// <summary>
    /// Limits of the analysis. <see cref="MaxBoxes"/> bounds one region; <see cref="Budget"/> bounds the whole
    /// analysis of a contract in work units (one per pair of norms examined, plus one per box produced), so that
    /// any input finishes in bounded time — deterministically, unlike a clock. What is not examined when the budget
    /// runs out is reported as CDSL9001 and keeps its run-time checks.
    /// </summary>
    public sealed record AnalysisOptions(
        int MaxBoxes = 4096,
        int MaxWitnessBoxes = 64,
        int MaxWitnessAttempts = 1024,
        long Budget = 4_000_000,
        int MaxRangeCells = 512,
        long MaxRangeWork = 20_000,
        int MaxRangeComponent = 64,
        int MaxReportedPairs = 200)
    {
        public static readonly AnalysisOptions Default = new AnalysisOptions();
    }

    public enum FindingKind
    {
        /// <summary>CDSL2001: a declared concern's contexts leave part of the context space without guidance.</summary>
        Gap,
        /// <summary>CDSL3001: two related norms can be in effect together with opposite guidance and no preference.</summary>
        Conflict,
        /// <summary>CDSL3002: a norm that can never be active.</summary>
        DeadNorm,
        /// <summary>CDSL3003: whenever a norm is active, a norm preferred over it is too.</summary>
        ShadowedNorm,
        /// <summary>CDSL9001: the analysis gave up (region too large, budget spent, or a finding it could not realise).</summary>
        GaveUp,
        /// <summary>CDSL3005: a reward norm and unrelated penalize norms can apply together (a priced trade-off).</summary>
        TradeOff,
        /// <summary>CDSL1005: a guard compares with a constant outside the subject's domain.</summary>
        ComparisonOutsideDomain,
        /// <summary>CDSL1008: an amount can be negative where its norm is active.</summary>
        NegativeAmount,
        /// <summary>CDSL2002: the total reward is unbounded.</summary>
        UnboundedReward,
        /// <summary>CDSL2003: a reward term grows with a controlled signal no penalty watches.</summary>
        Lever,
        /// <summary>CDSL2004: a norm without rationale.</summary>
        Undocumented,
        /// <summary>CDSL2005: a signal, param or let never used.</summary>
        Unused,
        /// <summary>CDSL4001: nash/power welfare without a finite disagreement point.</summary>
        NoDisagreementPoint,
    }

    /// <summary>One signal (or derived value, in parentheses in <see cref="Witness.Text"/>) of a witness.</summary>
    public sealed record WitnessBinding(string Name, string Value, bool Derived = false);

    /// <summary>
    /// A concrete sample where a finding holds, checked with the <see cref="ContractInterpreter"/> before the
    /// finding was reported. <see cref="Bindings"/> name the signals involved; <see cref="Sample"/> is the full
    /// sample that was checked (the other signals at neutral values).
    /// </summary>
    public sealed record Witness(EquatableArray<WitnessBinding> Bindings, Sample Sample)
    {
        public string Text
        {
            get
            {
                var plain = Bindings.Where(b => !b.Derived).Select(b => b.Name + " = " + b.Value).ToList();
                var derived = Bindings.Where(b => b.Derived).Select(b => b.Name + " = " + b.Value).ToList();
                string text = plain.Count == 0 ? (derived.Count == 0 ? "any sample" : "") : string.Join(", ", plain);
                if (derived.Count > 0) text += (text.Length > 0 ? " " : "") + "(" + string.Join(", ", derived) + ")";
                return text;
            }
        }

        public override string ToString() => Text;
    }

    /// <summary>
    /// A typed finding of one analysis property, with the diagnostic it is reported as. <see cref="Norm"/> and
    /// <see cref="Other"/> are norm indices (-1 when not applicable); <see cref="Others"/> lists further norms (a
    /// shadowing union, a trade-off's partners).
    /// </summary>
    public sealed record Finding(FindingKind Kind, int Norm, int Other, string? Concern, Witness? Witness, string Message)
    {
        public EquatableArray<int> Others { get; init; } = EquatableArray<int>.Empty;

        /// <summary>The diagnostic this finding is reported as (null for facts the card shows but the build does not report).</summary>
        public ContractDiagnostic? Diagnostic { get; init; }

        /// <summary>The same finding with its diagnostic moved to other locations (and file): see <see cref="SpanEraser.Relocate"/>.</summary>
        public Finding Relocate(System.Func<Text.SourceSpan, Text.SourceSpan> move, string path) =>
            Diagnostic is null ? this : this with { Diagnostic = SpanEraser.Relocate(Diagnostic, move, path) };
    }

    /// <summary>What the analysis knows about one norm.</summary>
    /// <param name="Amount">The amount's range over the norm's activation region, after its cap (empty for allow and dead norms).</param>
    /// <param name="Contribution">The signed contribution's range (includes 0 unless the norm is always in effect).</param>
    /// <param name="RegionKnown">False when the analysis gave up on its context or guard (CDSL9001).</param>
    public sealed record NormFacts(int Norm, string Name, Interval Amount, Interval Contribution, bool Dead, bool Shadowed, bool RegionKnown);

    /// <summary>
    /// The analysis facts of one contract: reward ranges (base, per norm, total), findings with checked witnesses,
    /// the diagnostics to report, and the facts lowering may use to leave out checks that can never fire.
    /// </summary>
    public sealed record ContractAnalysis(
        string Contract,
        Interval BaseRange,
        EquatableArray<NormFacts> Norms,
        RewardRange Range,
        EquatableArray<Finding> Findings,
        EquatableArray<ContractDiagnostic> Diagnostics,
        EquatableArray<NormPair> NeverActiveTogether,
        EquatableArray<NormPair> NeverInEffectTogether,
        EquatableArray<string> CoveredConcerns)
    {
        public bool HasErrors => Diagnostics.Any(d => d.IsError);

        /// <summary>The total reward's range as an interval (exact or over-approximated, see <see cref="Range"/>).</summary>
        public Interval TotalRange => new Interval(Range.Low, Range.High);

        public IEnumerable<Finding> Gaps => Findings.Where(f => f.Kind == FindingKind.Gap);

        public IEnumerable<Finding> Conflicts => Findings.Where(f => f.Kind == FindingKind.Conflict);

        public IEnumerable<Finding> TradeOffs => Findings.Where(f => f.Kind == FindingKind.TradeOff);

        /// <summary>
        /// Whether norms <paramref name="a"/> and <paramref name="b"/> can both be in effect on one sample: false is a proof
        /// (for the pairs that can conflict); true where nothing was proven.
        /// </summary>
        public bool CanBothBeInEffect(int a, int b) => !NeverInEffectTogether.Contains(NormPair.Of(a, b));

        /// <summary>Whether a norm and a norm preferred over it can be active together: false is a proof; true where nothing was proven.</summary>
        public bool CanBeActiveTogether(int a, int b) => !NeverActiveTogether.Contains(NormPair.Of(a, b));

        /// <summary>The same facts with every diagnostic moved to other locations (see <see cref="AnalysisCache{TResult}"/>).</summary>
        public ContractAnalysis Relocate(System.Func<Text.SourceSpan, Text.SourceSpan> move, string path) => this with
        {
            Diagnostics = Diagnostics.Select(d => SpanEraser.Relocate(d, move, path)).ToEquatableArray(),
            Findings = Findings.Select(f => f.Relocate(move, path)).ToEquatableArray(),
        };

        /// <summary>The facts lowering uses: pairs and concerns proven never to fire are left out of the kernel.</summary>
        public LoweringFacts LoweringFacts()
        {
            var never = PairSet.Of(Norms.Length, NeverActiveTogether);
            var neverInEffect = PairSet.Of(Norms.Length, NeverInEffectTogether);
            var covered = new HashSet<string>(CoveredConcerns, System.StringComparer.Ordinal);
            return new LoweringFacts(
                CanBeActiveTogether: (a, b) => !never.Contains(a, b),
                CanBothBeInEffect: (a, b) => !neverInEffect.Contains(a, b),
                CanHaveGap: concern => !covered.Contains(concern),
                TotalLow: Range.Low);
        }

        /// <summary>
        /// Unordered norm pairs, asked about |left| × |right| times per conflict group while lowering (every pair of a
        /// 1,000-norm contract whose norms share a signal): a bit matrix up to 4,096 norms (2 MiB), hashed longs beyond.
        /// </summary>
        private sealed class PairSet
        {
            private const int MatrixLimit = 4096;
            private readonly int _n;
            private readonly ulong[]? _bits;
            private readonly HashSet<long>? _hashed;

            private PairSet(int n, ulong[]? bits, HashSet<long>? hashed) { _n = n; _bits = bits; _hashed = hashed; }

            public static PairSet Of(int normCount, EquatableArray<NormPair> pairs)
            {
                if (normCount <= MatrixLimit)
                {
                    var bits = new ulong[((long)normCount * normCount + 63) / 64];
                    foreach (var p in pairs)
                    {
                        long i = (long)p.First * normCount + p.Second;
                        bits[i >> 6] |= 1UL << (int)(i & 63);
                    }
                    return new PairSet(normCount, bits, null);
                }
                var hashed = new HashSet<long>();
                foreach (var p in pairs) hashed.Add((long)p.First * normCount + p.Second);
                return new PairSet(normCount, null, hashed);
            }

            public bool Contains(int a, int b)
            {
                if (a > b) (a, b) = (b, a);
                if ((uint)a >= (uint)_n || (uint)b >= (uint)_n) return false;
                long i = (long)a * _n + b;
                return _bits != null ? (_bits[i >> 6] & (1UL << (int)(i & 63))) != 0 : _hashed!.Contains(i);
            }
        }
    }

    /// <summary>
    /// Two norms (First &lt; Second). A value type: a 1,000-norm contract proves hundreds of thousands of pairs disjoint,
    /// and as objects they were a large share of the analysis's allocations.
    /// </summary>
    public readonly record struct NormPair(int First, int Second)
    {
        public static NormPair Of(int a, int b) => a < b ? new NormPair(a, b) : new NormPair(b, a);
    }
}
