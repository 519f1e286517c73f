using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ContractDsl.Analysis;
using ContractDsl.Collections;
using ContractDsl.Evaluation;
using ContractDsl.Lowering;

namespace ContractDsl.Versions
{
    /// <summary>
    /// Limits of one comparison. <see cref="Budget"/> bounds the work in units (one per region operation plus one per
    /// box produced, as in <see cref="AnalysisOptions.Budget"/>), so that any pair of contracts finishes in bounded,
    /// deterministic time; what was not decided when it runs out is reported (<see cref="DiffVerdict.GaveUp"/>).
    /// <see cref="Tolerance"/> is how far apart two totals must be, relative to the magnitudes summed, before a witness
    /// counts as a difference: far above float32 rounding (2^-24 ≈ 6e-8 per operation).
    /// </summary>
    public sealed record DiffOptions(
        int MaxBoxes = 4096,
        long Budget = 4_000_000,
        int MaxCells = 4096,
        int MaxReportedRegions = 100,
        int MaxWitnessBoxes = 16,
        int MaxWitnessCandidates = 256,
        double Tolerance = 1e-4)
    {
        public static readonly DiffOptions Default = new DiffOptions();
    }

    /// <summary>The answer of a comparison.</summary>
    public enum DiffVerdict
    {
        /// <summary>Proven: no sample of the common domain and no param value within the common bounds tells the versions apart.</summary>
        Equivalent,
        /// <summary>At least one difference was confirmed by evaluating both versions on a witness.</summary>
        Different,
        /// <summary>Regions where the versions may differ were found, but no witness confirmed a difference (nor was equality proven).</summary>
        PossiblyDifferent,
        /// <summary>The budget or a region limit stopped the comparison before it could conclude; nothing was confirmed.</summary>
        GaveUp,
    }

    public enum ChangeKind { Added, Removed, Changed }

    /// <summary>A signal declared in one version only, or declared differently (<see cref="Note"/> says how it was compared).</summary>
    public sealed record SignalChange(ChangeKind Kind, string Name, string? Before, string? After, string? Note);

    /// <summary>A param declared in one version only, or with other bounds or default.</summary>
    public sealed record ParamChange(ChangeKind Kind, string Name, string? Before, string? After, string? Note);

    /// <summary>A norm added, removed or changed (matched by name). <see cref="Aspects"/> say what changed, for people.</summary>
    public sealed record NormChange(ChangeKind Kind, string Name, EquatableArray<string> Aspects, string? Before, string? After);

    /// <summary>What differs in a <see cref="DiffRegion"/>.</summary>
    public enum DifferenceKind
    {
        /// <summary>The total reward.</summary>
        Total,
        /// <summary>Whether a norm present in both versions is in effect (active and not silenced by a preference).</summary>
        Activity,
        /// <summary>A reason bit: Conflict, Gap, Explicit, or OutOfDomain/Invalid (a signal's domain changed).</summary>
        Reason,
        /// <summary>The uncertainty, where the uncertainty rules themselves changed.</summary>
        Uncertainty,
    }

    /// <summary>What one version computed on a witness.</summary>
    public sealed record VersionOutcome(float Total, ReasonBits Reasons, float Uncertainty, EquatableArray<string> InEffect)
    {
        internal static VersionOutcome Of(Binding.BoundContract contract, EvaluationResult r) =>
            new VersionOutcome(r.Total, r.Reasons, r.Uncertainty,
                contract.Norms.Where(n => r.InEffect[n.Index]).Select(n => n.Name).ToEquatableArray());

        public string Text(string? norm = null)
        {
            var parts = new List<string> { "total " + Sample.FormatFloat(Total) };
            if (Reasons != ReasonBits.None) parts.Add("reasons " + Reasons.ToString().Replace(", ", "|"));
            if (Uncertainty != 0) parts.Add("uncertainty " + Sample.FormatFloat(Uncertainty));
            if (norm != null) parts.Add("`" + norm + "` " + (InEffect.Contains(norm) ? "in effect" : "not in effect"));
            return string.Join(", ", parts);
        }
    }

    /// <summary>
    /// A sample on which both versions were evaluated with the reference interpreter, and what each computed.
    /// <see cref="Bindings"/> name the signals involved (joint names; a signal compared as two unrelated ones appears
    /// as <c>x (before)</c> and <c>x (after)</c>); <see cref="Params"/> the param values used where they matter.
    /// </summary>
    public sealed record DiffWitness(
        EquatableArray<WitnessBinding> Bindings,
        EquatableArray<WitnessBinding> Params,
        Sample BeforeSample,
        Sample AfterSample,
        EquatableArray<double> BeforeParams,
        EquatableArray<double> AfterParams,
        VersionOutcome Before,
        VersionOutcome After)
    {
        public string Text
        {
            get
            {
                var plain = Bindings.Where(b => !b.Derived).Select(b => b.Name + " = " + b.Value).ToList();
                var derived = Bindings.Where(b => b.Derived).Select(b => b.Name + " = " + b.Value).ToList();
                string text = plain.Count == 0 ? (derived.Count == 0 ? "any sample" : "") : string.Join(", ", plain);
                if (derived.Count > 0) text += (text.Length > 0 ? " " : "") + "(" + string.Join(", ", derived) + ")";
                if (Params.Length > 0) text += " with " + string.Join(", ", Params.Select(p => p.Name + " = " + p.Value));
                return text;
            }
        }

        public override string ToString() => Text;
    }

    /// <summary>
    /// A region of the common signal space (and param space) where the versions differ in one respect. <see cref="Where"/>
    /// describes the region (boxes over the guards' axes); <see cref="Change"/> is the interval of
    /// <c>total(after) − total(before)</c> over it, in real arithmetic with float-sound ends. <see cref="Witness"/> is a
    /// sample of the region on which both versions were evaluated and differ as stated; null when none was found, and
    /// then <see cref="Note"/> says why (the region is then only possibly different).
    /// </summary>
    public sealed record DiffRegion(
        DifferenceKind Kind,
        string? Norm,
        ReasonBits Reasons,
        string Description,
        string Where,
        Interval Change,
        DiffWitness? Witness,
        string? Note)
    {
        public bool Confirmed => Witness != null;
    }

    /// <summary>How a concern's contribution changed (see <see cref="ConcernComparison"/>).</summary>
    public enum ConcernOrder
    {
        /// <summary>Equal on every sample.</summary>
        Same,
        /// <summary>After ≤ before on every sample (penalizes at least as much, rewards at most as much), and not the same.</summary>
        Stricter,
        /// <summary>After ≥ before on every sample, and not the same.</summary>
        MorePermissive,
        /// <summary>After &lt; before on some sample and after &gt; before on another (both witnessed).</summary>
        Incomparable,
        /// <summary>Not decided within the budget or without witnesses (see the note).</summary>
        Undecided,
    }

    /// <summary>
    /// A concern's verdict. The concern's contribution on a sample is the sum of the contributions of its norms in
    /// effect (+amount for reward, −amount for penalize, 0 for allow). <see cref="LowerWitness"/> is a sample where the
    /// after version's contribution is lower (stricter there), <see cref="HigherWitness"/> one where it is higher.
    /// </summary>
    public sealed record ConcernComparison(string Concern, ConcernOrder Order, string? Note, DiffWitness? LowerWitness, DiffWitness? HigherWitness);

    /// <summary>
    /// The semantic difference of two versions of a contract (design brief §6; docs/versions.md). Value-equal.
    /// </summary>
    public sealed record ContractDiffResult(
        string Before,
        string After,
        DiffVerdict Verdict,
        EquatableArray<DiffRegion> Regions,
        EquatableArray<NormChange> Norms,
        int UnchangedNorms,
        EquatableArray<ConcernComparison> Concerns,
        EquatableArray<SignalChange> Signals,
        EquatableArray<ParamChange> Params,
        EquatableArray<string> OtherChanges,
        EquatableArray<string> Notes)
    {
        /// <summary>A proof over the regions (not sampling) that the versions compute the same outputs; see <see cref="DiffVerdict.Equivalent"/>.</summary>
        public bool Equivalent => Verdict == DiffVerdict.Equivalent;

        /// <summary>The human report <c>cdsl diff</c> prints.</summary>
        public string ToText()
        {
            var sb = new StringBuilder();
            string verdict = Verdict switch
            {
                DiffVerdict.Equivalent => "equivalent",
                DiffVerdict.Different => "different",
                DiffVerdict.PossiblyDifferent => "possibly different (no difference confirmed, equivalence not proven)",
                _ => "not decided (the comparison gave up)",
            };
            string names = Before == After ? "`" + Before + "`" : "`" + Before + "` → `" + After + "`";
            sb.Append("contract ").Append(names).Append(": ").Append(verdict).Append('\n');

            if (Signals.Length > 0)
            {
                sb.Append("\nsignals:\n");
                foreach (var s in Signals) sb.Append("  ").Append(Line(s.Kind, s.Name, s.Before, s.After, s.Note)).Append('\n');
            }
            if (Params.Length > 0)
            {
                sb.Append("\nparams:\n");
                foreach (var p in Params) sb.Append("  ").Append(Line(p.Kind, p.Name, p.Before, p.After, p.Note)).Append('\n');
            }

            int added = Norms.Count(n => n.Kind == ChangeKind.Added), removed = Norms.Count(n => n.Kind == ChangeKind.Removed), changed = Norms.Count(n => n.Kind == ChangeKind.Changed);
            sb.Append("\nnorms: ").Append(added).Append(" added, ").Append(removed).Append(" removed, ").Append(changed).Append(" changed, ")
              .Append(UnchangedNorms.ToString(CultureInfo.InvariantCulture)).Append(" unchanged\n");
            foreach (var n in Norms)
            {
                string mark = n.Kind == ChangeKind.Added ? "+" : n.Kind == ChangeKind.Removed ? "-" : "~";
                sb.Append("  ").Append(mark).Append(" `").Append(n.Name).Append('`');
                if (n.Kind == ChangeKind.Added) sb.Append(": ").Append(n.After);
                else if (n.Kind == ChangeKind.Removed) sb.Append(": ").Append(n.Before);
                else sb.Append(": ").Append(string.Join("; ", n.Aspects));
                sb.Append('\n');
            }

            if (OtherChanges.Length > 0)
            {
                sb.Append("\nother changes:\n");
                foreach (var o in OtherChanges) sb.Append("  ").Append(o).Append('\n');
            }

            if (Regions.Length > 0)
            {
                sb.Append("\ndifferences:\n");
                int i = 0;
                foreach (var r in Regions)
                {
                    sb.Append("  ").Append(++i).Append(". ").Append(r.Description).Append('\n');
                    sb.Append("     where ").Append(r.Where).Append('\n');
                    if (!r.Change.IsEmpty || r.Change.MayBeNaN) sb.Append("     change of the total over the region: ").Append(r.Change).Append('\n');
                    if (r.Witness is DiffWitness w)
                    {
                        sb.Append("     witness: ").Append(w.Text).Append('\n');
                        sb.Append("       before: ").Append(w.Before.Text(r.Kind == DifferenceKind.Activity ? r.Norm : null)).Append('\n');
                        sb.Append("       after:  ").Append(w.After.Text(r.Kind == DifferenceKind.Activity ? r.Norm : null)).Append('\n');
                    }
                    else sb.Append("     no witness: ").Append(r.Note ?? "none found").Append('\n');
                }
            }
            else if (Verdict == DiffVerdict.Equivalent)
                sb.Append("\nno region of the common signal space (with every param value within the common bounds) tells the versions apart: total, the activity of every norm in both, reasons and uncertainty agree\n");

            var changedConcerns = Concerns.Where(c => c.Order != ConcernOrder.Same).ToList();
            if (Concerns.Length > 0)
            {
                int same = Concerns.Length - changedConcerns.Count;
                sb.Append("\nconcerns: ").Append(changedConcerns.Count).Append(" changed, ").Append(same).Append(" the same\n");
                foreach (var c in changedConcerns)
                {
                    sb.Append("  ").Append(c.Concern).Append(": ").Append(c.Order switch
                    {
                        ConcernOrder.Stricter => "stricter",
                        ConcernOrder.MorePermissive => "more permissive",
                        ConcernOrder.Incomparable => "incomparable",
                        _ => "undecided",
                    });
                    if (c.Note != null) sb.Append(" (").Append(c.Note).Append(')');
                    if (c.LowerWitness != null) sb.Append("\n     lower after at ").Append(c.LowerWitness.Text);
                    if (c.HigherWitness != null) sb.Append("\n     higher after at ").Append(c.HigherWitness.Text);
                    sb.Append('\n');
                }
            }

            if (Notes.Length > 0)
            {
                sb.Append("\nnotes:\n");
                foreach (var n in Notes) sb.Append("  ").Append(n).Append('\n');
            }
            return sb.ToString();
        }

        private static string Line(ChangeKind kind, string name, string? before, string? after, string? note)
        {
            string text = kind switch
            {
                ChangeKind.Added => "+ `" + name + "` " + after,
                ChangeKind.Removed => "- `" + name + "` " + before,
                _ => "~ `" + name + "`: " + before + " → " + after,
            };
            return note == null ? text : text + " (" + note + ")";
        }
    }
}
