using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using ContractDsl.Diagnostics;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ContractDsl.Generators
{
    /// <summary>Roslyn's view of the language's diagnostic catalogue, and the conversion of located findings.</summary>
    internal static class Descriptors
    {
        public static readonly DiagnosticDescriptor InternalError = new DiagnosticDescriptor(
            "CDSL9002", "Internal error while generating a reward module",
            "ContractDsl could not generate contract '{0}': {1}. Please report this with the contract file.",
            "ContractDsl.Internal", DiagnosticSeverity.Error, isEnabledByDefault: true,
            helpLinkUri: HelpLink("CDSL9002"));

        // One literal descriptor per language diagnostic (release tracking reads them statically).
        // DescriptorTests checks that they match ContractDsl's DiagnosticCatalog exactly.
        public static readonly DiagnosticDescriptor SyntaxError = new DiagnosticDescriptor(
            "CDSL0001", "Syntax error", "{0}", "ContractDsl.Syntax", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("CDSL0001"));

        public static readonly DiagnosticDescriptor UnknownName = new DiagnosticDescriptor(
            "CDSL1001", "Unknown name", "{0}", "ContractDsl.Binding", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("CDSL1001"));

        public static readonly DiagnosticDescriptor DuplicateDeclaration = new DiagnosticDescriptor(
            "CDSL1002", "Duplicate declaration", "{0}", "ContractDsl.Binding", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("CDSL1002"));

        public static readonly DiagnosticDescriptor TypeMismatch = new DiagnosticDescriptor(
            "CDSL1003", "Type mismatch", "{0}", "ContractDsl.Binding", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("CDSL1003"));

        public static readonly DiagnosticDescriptor UnknownCategoryValue = new DiagnosticDescriptor(
            "CDSL1004", "Unknown category value", "{0}", "ContractDsl.Binding", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("CDSL1004"));

        public static readonly DiagnosticDescriptor ComparisonOutsideDomain = new DiagnosticDescriptor(
            "CDSL1005", "Guard compares with a constant outside the domain", "{0}", "ContractDsl.Binding", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink("CDSL1005"));

        public static readonly DiagnosticDescriptor RewardCount = new DiagnosticDescriptor(
            "CDSL1006", "A contract needs exactly one reward", "{0}", "ContractDsl.Binding", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("CDSL1006"));

        public static readonly DiagnosticDescriptor ParamBounds = new DiagnosticDescriptor(
            "CDSL1007", "Param bounds missing or invalid", "{0}", "ContractDsl.Binding", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("CDSL1007"));

        public static readonly DiagnosticDescriptor AmountMayBeNegative = new DiagnosticDescriptor(
            "CDSL1008", "Amount can be negative: direction ambiguous", "{0}", "ContractDsl.Binding", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink("CDSL1008"));

        public static readonly DiagnosticDescriptor InvalidValue = new DiagnosticDescriptor(
            "CDSL1009", "Value outside what the construct allows", "{0}", "ContractDsl.Binding", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("CDSL1009"));

        public static readonly DiagnosticDescriptor LetCycle = new DiagnosticDescriptor(
            "CDSL1010", "Lets depend on each other in a cycle", "{0}", "ContractDsl.Binding", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("CDSL1010"));

        public static readonly DiagnosticDescriptor Gap = new DiagnosticDescriptor(
            "CDSL2001", "Gap: part of the context space has no guidance", "{0}", "ContractDsl.Underspecification", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink("CDSL2001"));

        public static readonly DiagnosticDescriptor UnboundedReward = new DiagnosticDescriptor(
            "CDSL2002", "Total reward unbounded", "{0}", "ContractDsl.Underspecification", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink("CDSL2002"));

        public static readonly DiagnosticDescriptor RewardHackingLever = new DiagnosticDescriptor(
            "CDSL2003", "Reward hacking lever", "{0}", "ContractDsl.Underspecification", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink("CDSL2003"));

        public static readonly DiagnosticDescriptor NormWithoutRationale = new DiagnosticDescriptor(
            "CDSL2004", "Norm without rationale", "{0}", "ContractDsl.Underspecification", DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpLink("CDSL2004"));

        public static readonly DiagnosticDescriptor UnusedDeclaration = new DiagnosticDescriptor(
            "CDSL2005", "Declaration never used", "{0}", "ContractDsl.Underspecification", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink("CDSL2005"));

        public static readonly DiagnosticDescriptor Conflict = new DiagnosticDescriptor(
            "CDSL3001", "Conflict between norms", "{0}", "ContractDsl.Conflict", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink("CDSL3001"));

        public static readonly DiagnosticDescriptor DeadNorm = new DiagnosticDescriptor(
            "CDSL3002", "Dead norm", "{0}", "ContractDsl.Conflict", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink("CDSL3002"));

        public static readonly DiagnosticDescriptor ShadowedNorm = new DiagnosticDescriptor(
            "CDSL3003", "Shadowed norm", "{0}", "ContractDsl.Conflict", DiagnosticSeverity.Warning, isEnabledByDefault: true, helpLinkUri: HelpLink("CDSL3003"));

        public static readonly DiagnosticDescriptor PreferenceCycle = new DiagnosticDescriptor(
            "CDSL3004", "Preference cycle", "{0}", "ContractDsl.Conflict", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("CDSL3004"));

        public static readonly DiagnosticDescriptor NoDisagreementPoint = new DiagnosticDescriptor(
            "CDSL4001", "No finite disagreement point", "{0}", "ContractDsl.Welfare", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("CDSL4001"));

        public static readonly DiagnosticDescriptor InvalidWelfare = new DiagnosticDescriptor(
            "CDSL4002", "Invalid welfare rule", "{0}", "ContractDsl.Welfare", DiagnosticSeverity.Error, isEnabledByDefault: true, helpLinkUri: HelpLink("CDSL4002"));

        public static readonly DiagnosticDescriptor AnalysisGaveUp = new DiagnosticDescriptor(
            "CDSL9001", "Analysis gave up on a guard", "{0}", "ContractDsl.Analysis", DiagnosticSeverity.Info, isEnabledByDefault: true, helpLinkUri: HelpLink("CDSL9001"));

        public static ImmutableArray<DiagnosticDescriptor> All { get; } = ImmutableArray.Create(
            SyntaxError, UnknownName, DuplicateDeclaration, TypeMismatch, UnknownCategoryValue, ComparisonOutsideDomain, RewardCount, ParamBounds, AmountMayBeNegative, InvalidValue, LetCycle, Gap, UnboundedReward, RewardHackingLever, NormWithoutRationale, UnusedDeclaration, Conflict, DeadNorm, ShadowedNorm, PreferenceCycle, NoDisagreementPoint, InvalidWelfare, AnalysisGaveUp);

        private static readonly Dictionary<string, DiagnosticDescriptor> ById = All.ToDictionary(d => d.Id);

        /// <summary>The page documenting a diagnostic (docs/diagnostics/CDSLnnnn.md in the repository).</summary>
        public static string HelpLink(string id) => HelpLinks.For(id);

        /// <summary>A finding located inside the <c>.contract</c> file (line and column, as the build prints them).</summary>
        public static Diagnostic ToDiagnostic(ContractDiagnostic d, SourceText text)
        {
            var primary = Locate(d.Path, d.Span.Start, d.Span.Length, text);
            var additional = d.AdditionalSpans.Select(s => Locate(d.Path, s.Start, s.Length, text));
            return Diagnostic.Create(ById[d.Id], primary, additional, d.Message);
        }

        private static Location Locate(string path, int start, int length, SourceText text)
        {
            start = System.Math.Max(0, System.Math.Min(start, text.Length));
            length = System.Math.Max(0, System.Math.Min(length, text.Length - start));
            var span = new TextSpan(start, length);
            return Location.Create(path, span, text.Lines.GetLinePositionSpan(span));
        }
    }
}
