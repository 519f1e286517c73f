using System.Collections.Generic;
using System.Linq;
using System.Text;
using ContractDsl.Binding;
using ContractDsl.Diagnostics;
using ContractDsl.Lowering;
using ContractDsl.Syntax;

namespace ContractDsl.Card
{
    /// <summary>
    /// The contract card (design brief §1): what model cards are to models — parties, signals, clauses with
    /// rationales, priorities, welfare, the uncertainty policy and what the analysis found — as Markdown,
    /// rendered from the same IR the reward module is generated from.
    /// </summary>
    public static class ContractCard
    {
        public static string Render(ContractIR ir, IEnumerable<ContractDiagnostic> findings)
        {
            var c = ir.Contract;
            var b = new StringBuilder();
            b.Append("# Contract card: ").Append(c.Name).Append('\n').Append('\n');
            if (c.Doc != null) b.Append(Quote(c.Doc)).Append('\n').Append('\n');

            b.Append("| | |\n| --- | --- |\n");
            b.Append("| principal | ").Append(Cell(c.Principal is null ? "(not named)" : Party(c.Principal))).Append(" |\n");
            b.Append("| agent | ").Append(Cell(c.Agent is null ? "(not named)" : Party(c.Agent))).Append(" |\n");
            b.Append("| source | `").Append(System.IO.Path.GetFileName(c.Path)).Append("` |\n");
            b.Append("| total reward range | ").Append(Cell(RangeText(ir.Range, c.Params.Length > 0))).Append(" |\n\n");

            b.Append("## Signals\n\n| signal | type | controlled | description |\n| --- | --- | --- | --- |\n");
            foreach (var s in c.Signals)
                b.Append("| `").Append(s.Name).Append("` | `").Append(Cell(s.TypeText)).Append("` | ").Append(s.Controlled ? "yes" : "").Append(" | ").Append(Cell(s.Description ?? s.Doc ?? "")).Append(" |\n");
            b.Append('\n');

            if (c.Params.Length > 0)
            {
                b.Append("## Params (adjustable at run time within their bounds)\n\n| param | default | bounds | description |\n| --- | --- | --- | --- |\n");
                foreach (var p in c.Params)
                    b.Append("| `").Append(p.Name).Append("` | ").Append(Number(p.Default)).Append(" | ").Append(Range(p.Low, p.High)).Append(" | ").Append(Cell(p.Description ?? p.Doc ?? "")).Append(" |\n");
                b.Append('\n');
            }

            b.Append("## Base reward\n\n`").Append(Cell(c.RewardText)).Append("`\n");
            foreach (var l in c.Lets) b.Append("\n- `").Append(l.Name).Append(" = ").Append(Cell(l.Text)).Append('`');
            b.Append("\n\n");

            b.Append("## Norms\n\n| # | norm | concern | in | when | effect | rationale |\n| --- | --- | --- | --- | --- | --- | --- |\n");
            foreach (var n in c.Norms)
            {
                string effect = n.Effect == EffectKind.Allow ? "allow"
                    : n.Effect.ToString().ToLowerInvariant() + " `" + Cell(n.AmountText ?? "") + "`" + (n.Cap is double cap ? " cap " + Number(cap) : "");
                b.Append("| ").Append(n.Index).Append(" | `").Append(n.Name).Append("` | ").Append(n.Concern).Append(" | ")
                    .Append(Code(n.ContextText)).Append(" | ").Append(Code(n.GuardText)).Append(" | ").Append(effect).Append(" | ")
                    .Append(Cell(n.Rationale ?? "*(no rationale)*")).Append(" |\n");
            }
            b.Append('\n');

            if (c.Preferences.Length > 0)
            {
                b.Append("## Priorities\n\nWhen both are active, the first silences the second (transitively).\n\n");
                foreach (var p in c.Preferences) b.Append("- `").Append(c.Norms[p.Preferred].Name).Append("` over `").Append(c.Norms[p.Over].Name).Append("`\n");
                b.Append('\n');
            }

            if (ir.TradeOffs.Length > 0)
            {
                b.Append("## Trade-offs\n\nReward norms that can apply together with unrelated penalties: the amounts decide the total there. ")
                    .Append("These are priced, not contradictory; they are not a run-time reason (CDSL3005).\n\n")
                    .Append("| reward norm | penalties it can meet | for example |\n| --- | --- | --- |\n");
                foreach (var t in ir.TradeOffs)
                    b.Append("| `").Append(c.Norms[t.RewardNorm].Name).Append("` | ")
                        .Append(string.Join(", ", t.Partners.Select(p => "`" + c.Norms[p].Name + "`"))).Append(" | ")
                        .Append(Cell(t.Witness)).Append(" |\n");
                b.Append('\n');
            }

            if (c.Welfare is { } w && w.Category >= 0)
            {
                var groups = c.Signals[w.Category];
                b.Append("## Welfare\n\n").Append(w.Kind == WelfareKind.Power ? "power " + Number(w.Exponent) : w.Kind.ToString().ToLowerInvariant())
                    .Append(" over `").Append(groups.Name).Append("`; weights ")
                    .Append(string.Join(", ", groups.Categories.Select((g, i) => g + ": " + Number(w.Weights[i]))))
                    .Append("; disagreement point ").Append(w.From is double d ? Number(d) : "the total's lower bound (" + Number(ir.TotalLow) + ")");
                if (w.Kind == WelfareKind.Maximin) b.Append("; temperature ").Append(Number(w.Temperature));
                b.Append(".\n\n");
            }

            b.Append("## Uncertainty policy\n\n");
            if (c.Uncertainty.Length == 0) b.Append("No `uncertain` rules: uncertainty is 1 for invalid inputs and 0 otherwise.\n\n");
            else
            {
                b.Append("| weight | when | reason |\n| --- | --- | --- |\n");
                foreach (var u in c.Uncertainty)
                    b.Append("| ").Append(Number(u.Weight)).Append(" | ")
                        .Append(u.Trigger == UncertainTrigger.Guard ? Code(u.GuardText) : "`" + u.Trigger.ToString().ToLowerInvariant() + "`")
                        .Append(" | ").Append(Cell(u.Reason ?? "")).Append(" |\n");
                b.Append('\n');
            }

            b.Append("## Analysis\n\n");
            var list = findings.ToList();
            if (list.Count == 0) b.Append("No gaps, conflicts, dead or shadowed norms, unbounded rewards or reward-hacking levers were found.\n");
            foreach (var f in list)
                b.Append("- **").Append(f.Id).Append("** (line ").Append(f.Span.Line).Append(", ").Append(f.Severity.ToString().ToLowerInvariant()).Append("): ").Append(Cell(f.Message)).Append('\n');
            return b.ToString();
        }

        /// <summary>
        /// The total's range as the card states it: exact (over every region of the contract and every param value in
        /// bounds) or a bound with the reason, and the range at the params' defaults.
        /// </summary>
        public static string RangeText(RewardRange range, bool hasParams)
        {
            string text = Range(range.Low, range.High) + (range.Exact
                ? hasParams ? " (exact, over every sample and every param value within bounds)" : " (exact, over every sample)"
                : " (a bound: " + (range.Note ?? "interval analysis") + ")");
            if (hasParams && range.AtDefaults is (double lo, double hi)) text += "; " + Range(lo, hi) + " with every param at its default";
            return text;
        }

        private static string Party(BoundParty p) => p.Description is null ? p.Name : p.Name + " — " + p.Description;

        private static string Quote(string text) => string.Join("\n", text.Split('\n').Select(l => "> " + l));

        private static string Code(string? text) => text is null ? "" : "`" + Cell(text) + "`";

        private static string Cell(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Replace("|", "\\|").Trim();

        private static string Number(double v) => SyntaxFacts.Number(v);

        private static string Range(double lo, double hi) => SyntaxFacts.Range(lo, hi);
    }
}
