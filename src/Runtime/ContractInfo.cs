using System.Collections.Generic;

namespace ContractDsl.Runtime
{
    /// <summary>
    /// A contract's metadata at run time — parties, signals, clauses with rationales, preferences, welfare,
    /// uncertainty rules and the analysed reward range — for logging, dashboards and the contract card.
    /// </summary>
    public sealed record ContractInfo(
        string Name,
        string? Namespace,
        string? Summary,
        string SourceFile,
        string? Principal,
        string? Agent,
        IReadOnlyList<SignalInfo> Signals,
        IReadOnlyList<ParamInfo> Params,
        IReadOnlyList<LetInfo> Lets,
        string Reward,
        IReadOnlyList<NormInfo> Norms,
        IReadOnlyList<PreferenceInfo> Preferences,
        WelfareInfo? Welfare,
        IReadOnlyList<UncertaintyRuleInfo> Uncertainty,
        double TotalLow,
        double TotalHigh)
    {
        /// <summary>Looks a norm up by name.</summary>
        public NormInfo? FindNorm(string name)
        {
            foreach (var norm in Norms) if (norm.Name == name) return norm;
            return null;
        }
    }

    /// <summary>A signal: kind (<c>real</c>, <c>prob</c>, <c>count</c>, <c>flag</c>, <c>category</c>, <c>ensemble</c>), type as declared, domain.</summary>
    public sealed record SignalInfo(string Name, string Kind, string Type, double Low, double High, int EnsembleSize, IReadOnlyList<string> Categories, bool Controlled, string? Description)
    {
        /// <summary>The values the signal may take, as the contract declares them: <c>[0, 4096]</c>, <c>{ EU, US }</c>.</summary>
        public string Domain => Kind switch
        {
            "category" => "{ " + string.Join(", ", Categories) + " }",
            "flag" => "{ false, true }",
            _ => "[" + Number(Low) + ", " + Number(High) + "]",
        };

        private static string Number(double value) =>
            double.IsPositiveInfinity(value) ? "∞" : double.IsNegativeInfinity(value) ? "−∞" : value.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>A run-time adjustable param with its bounds.</summary>
    public sealed record ParamInfo(string Name, double Default, double Low, double High, string? Description);

    /// <summary>A derived value and its expression as written.</summary>
    public sealed record LetInfo(string Name, string Expression);

    /// <summary>A norm as written: context, guard, effect (<c>reward</c>/<c>penalize</c>/<c>allow</c>), amount, cap.</summary>
    public sealed record NormInfo(int Index, string Name, string Concern, string? Rationale, string? Context, string? Guard, string Effect, string? Amount, double? Cap);

    /// <summary><c>prefer Preferred over Over</c>, as written.</summary>
    public sealed record PreferenceInfo(string Preferred, string Over);

    /// <summary>The welfare rule: kind, exponent (power), category, λ per group, disagreement point, temperature.</summary>
    public sealed record WelfareInfo(string Kind, double Exponent, string Over, IReadOnlyList<string> Groups, IReadOnlyList<double> Weights, double? From, double Temperature);

    /// <summary>An <c>uncertain</c> rule: weight, trigger (<c>guard</c>, <c>conflict</c>, <c>gap</c>), guard text, reason.</summary>
    public sealed record UncertaintyRuleInfo(double Weight, string Trigger, string? Guard, string? Reason);
}
