using System.Collections.Generic;
using System.Linq;
using ContractDsl.Collections;
using ContractDsl.Diagnostics;
using ContractDsl.Evaluation;

namespace ContractDsl.Analysis
{
    /// <summary>Limits of the analysis.</summary>
    public sealed record AnalysisOptions(int MaxBoxes = 4096, int MaxWitnessBoxes = 64, int MaxWitnessAttempts = 1024)
    {
        public static readonly AnalysisOptions Default = new AnalysisOptions();
    }

    public enum FindingKind
    {
        /// <summary>CDSL2001: a concern's contexts leave part of the context space without guidance.</summary>
        Gap,
        /// <summary>CDSL3001: two norms can be active together with opposite effects and no preference.</summary>
        Conflict,
        /// <summary>CDSL3002: a norm that can never be active.</summary>
        DeadNorm,
        /// <summary>CDSL3003: whenever a norm is active, a norm preferred over it is too.</summary>
        ShadowedNorm,
        /// <summary>CDSL9001: the analysis gave up (region too large, or a possible finding it could not realise).</summary>
        GaveUp,
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
    /// A finding about the contract's clauses. <see cref="Norm"/> and <see cref="Other"/> are norm indices (-1
    /// when not applicable); <see cref="Others"/> lists further norms (a shadowing union).
    /// </summary>
    public sealed record Finding(FindingKind Kind, int Norm, int Other, string? Concern, Witness? Witness, string Message)
    {
        public EquatableArray<int> Others { get; init; } = EquatableArray<int>.Empty;
    }

    /// <summary>What the analysis knows about one norm.</summary>
    /// <param name="Amount">The amount's range over the norm's activation region, after its cap (empty for allow and dead norms).</param>
    /// <param name="Contribution">The signed contribution's range (includes 0 unless the norm is always active and never suppressed).</param>
    /// <param name="RegionKnown">False when the analysis gave up on its context or guard (CDSL9001).</param>
    public sealed record NormFacts(int Norm, string Name, Interval Amount, Interval Contribution, bool Dead, bool Shadowed, bool RegionKnown);

    /// <summary>
    /// The analysis facts of one contract: reward ranges (base, per norm, total), findings with checked
    /// witnesses, the diagnostics to report, and which norms can be active together.
    /// </summary>
    public sealed record ContractAnalysis(
        string Contract,
        Interval BaseRange,
        EquatableArray<NormFacts> Norms,
        Interval TotalRange,
        EquatableArray<Finding> Findings,
        EquatableArray<ContractDiagnostic> Diagnostics,
        int NormCount,
        EquatableArray<ulong> CoactiveBits)
    {
        public bool HasErrors => Diagnostics.Any(d => d.IsError);

        /// <summary>
        /// Whether norms <paramref name="a"/> and <paramref name="b"/> can be active on the same sample. Exact (a
        /// false answer is a proof) for the pairs that can conflict (<c>Lowerer.CanConflict</c>, unrelated by
        /// preference); conservatively true for other pairs and where the analysis gave up.
        /// </summary>
        public bool CanBeActiveTogether(int a, int b)
        {
            if (a < 0 || b < 0 || a >= NormCount || b >= NormCount) return true;
            long bit = (long)a * NormCount + b;
            return (CoactiveBits[(int)(bit >> 6)] & (1UL << (int)(bit & 63))) != 0;
        }

        public IEnumerable<Finding> Gaps => Findings.Where(f => f.Kind == FindingKind.Gap);

        public IEnumerable<Finding> Conflicts => Findings.Where(f => f.Kind == FindingKind.Conflict);
    }
}
