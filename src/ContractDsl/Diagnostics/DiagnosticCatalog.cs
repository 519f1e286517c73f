using System.Collections.Generic;

namespace ContractDsl.Diagnostics
{
    /// <summary>
    /// Every diagnostic ContractDsl reports — the one table from which the compiler's catalogue, the Roslyn
    /// descriptors (src/Generators/Descriptors.cs), the CLI's SARIF rules and the documentation pages
    /// (docs/diagnostics, checked by a test) are all built. IDs are stable (design brief §5); messages and
    /// severities may be tuned. CDSL1009, CDSL1010 and CDSL9002 are additions of this project.
    /// </summary>
    public static class DiagnosticCatalog
    {
        private const string Syntax = "ContractDsl.Syntax";
        private const string Binding = "ContractDsl.Binding";
        private const string Underspecified = "ContractDsl.Underspecification";
        private const string Conflicts = "ContractDsl.Conflict";
        private const string Welfare = "ContractDsl.Welfare";
        private const string Analysis = "ContractDsl.Analysis";

        public static readonly DiagnosticDescriptorInfo SyntaxError = new("CDSL0001", "Syntax error", Severity.Error, Syntax);
        public static readonly DiagnosticDescriptorInfo UnusedSuppression = new("CDSL0002", "Suppression directive suppresses nothing", Severity.Warning, Syntax);
        public static readonly DiagnosticDescriptorInfo UnknownName = new("CDSL1001", "Unknown name", Severity.Error, Binding);
        public static readonly DiagnosticDescriptorInfo DuplicateDeclaration = new("CDSL1002", "Duplicate declaration", Severity.Error, Binding);
        public static readonly DiagnosticDescriptorInfo TypeMismatch = new("CDSL1003", "Type mismatch", Severity.Error, Binding);
        public static readonly DiagnosticDescriptorInfo UnknownCategoryValue = new("CDSL1004", "Unknown category value", Severity.Error, Binding);
        public static readonly DiagnosticDescriptorInfo ComparisonOutsideDomain = new("CDSL1005", "Guard compares with a constant outside the domain", Severity.Warning, Binding);
        public static readonly DiagnosticDescriptorInfo RewardCount = new("CDSL1006", "A contract needs exactly one reward", Severity.Error, Binding);
        public static readonly DiagnosticDescriptorInfo ParamBounds = new("CDSL1007", "Param bounds missing or invalid", Severity.Error, Binding);
        public static readonly DiagnosticDescriptorInfo AmountMayBeNegative = new("CDSL1008", "Amount can be negative: direction ambiguous", Severity.Warning, Binding);
        public static readonly DiagnosticDescriptorInfo InvalidValue = new("CDSL1009", "Value outside what the construct allows", Severity.Error, Binding);
        public static readonly DiagnosticDescriptorInfo LetCycle = new("CDSL1010", "Lets depend on each other in a cycle", Severity.Error, Binding);
        public static readonly DiagnosticDescriptorInfo Gap = new("CDSL2001", "Gap: part of the context space has no guidance", Severity.Warning, Underspecified);
        public static readonly DiagnosticDescriptorInfo UnboundedReward = new("CDSL2002", "Total reward unbounded", Severity.Warning, Underspecified);
        public static readonly DiagnosticDescriptorInfo RewardHackingLever = new("CDSL2003", "Reward hacking lever", Severity.Warning, Underspecified);
        public static readonly DiagnosticDescriptorInfo NormWithoutRationale = new("CDSL2004", "Norm without rationale", Severity.Info, Underspecified);
        public static readonly DiagnosticDescriptorInfo UnusedDeclaration = new("CDSL2005", "Declaration never used", Severity.Warning, Underspecified);
        public static readonly DiagnosticDescriptorInfo Conflict = new("CDSL3001", "Conflict between norms", Severity.Warning, Conflicts);
        public static readonly DiagnosticDescriptorInfo DeadNorm = new("CDSL3002", "Dead norm", Severity.Warning, Conflicts);
        public static readonly DiagnosticDescriptorInfo ShadowedNorm = new("CDSL3003", "Shadowed norm", Severity.Warning, Conflicts);
        public static readonly DiagnosticDescriptorInfo PreferenceCycle = new("CDSL3004", "Preference cycle", Severity.Error, Conflicts);
        public static readonly DiagnosticDescriptorInfo TradeOff = new("CDSL3005", "Trade-off between unrelated norms", Severity.Info, Conflicts);
        public static readonly DiagnosticDescriptorInfo NoDisagreementPoint = new("CDSL4001", "No finite disagreement point", Severity.Error, Welfare);
        public static readonly DiagnosticDescriptorInfo InvalidWelfare = new("CDSL4002", "Invalid welfare rule", Severity.Error, Welfare);
        public static readonly DiagnosticDescriptorInfo AnalysisGaveUp = new("CDSL9001", "Analysis gave up on a guard", Severity.Info, Analysis);
        public static readonly DiagnosticDescriptorInfo InternalError = new("CDSL9002", "Internal error while generating a reward module", Severity.Error, "ContractDsl.Internal");

        public static IReadOnlyList<DiagnosticDescriptorInfo> All { get; } = new[]
        {
            SyntaxError, UnusedSuppression, UnknownName, DuplicateDeclaration, TypeMismatch, UnknownCategoryValue, ComparisonOutsideDomain,
            RewardCount, ParamBounds, AmountMayBeNegative, InvalidValue, LetCycle, Gap, UnboundedReward,
            RewardHackingLever, NormWithoutRationale, UnusedDeclaration, Conflict, DeadNorm, ShadowedNorm,
            PreferenceCycle, TradeOff, NoDisagreementPoint, InvalidWelfare, AnalysisGaveUp, InternalError,
        };
    }
}
