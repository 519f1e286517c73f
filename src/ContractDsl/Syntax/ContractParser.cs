using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ContractDsl.Collections;
using ContractDsl.Diagnostics;
using ContractDsl.Text;
using Sprache;
using static ContractDsl.Syntax.Lexer;

namespace ContractDsl.Syntax
{
    /// <summary>
    /// The Sprache grammar of the contract language (design brief §3) and a driver that recovers at
    /// declaration boundaries, so one broken declaration yields one CDSL0001 and the rest is still parsed.
    /// </summary>
    public static class ContractParser
    {
        /// <summary>
        /// Parses a whole file. Never throws, except <see cref="OperationCanceledException"/> when
        /// <paramref name="cancellationToken"/> fires (checked at every declaration): every problem becomes a
        /// CDSL0001 in <see cref="ContractFileSyntax.Errors"/>.
        /// </summary>
        /// <remarks>
        /// Declarations that did not change since the last parse of the same <paramref name="path"/> are reused
        /// (<see cref="DeclarationCache"/>); the result is value-equal to a parse from scratch.
        /// </remarks>
        public static ContractFileSyntax Parse(string path, string text, CancellationToken cancellationToken = default) =>
            Parse(path, text, DeclarationCache.Shared, cancellationToken);

        /// <summary>Parses with a given cache of declarations, or none (<paramref name="cache"/> null).</summary>
        internal static ContractFileSyntax Parse(string path, string text, DeclarationCache? cache, CancellationToken cancellationToken = default) =>
            Parse(path, text, cache, out _, cancellationToken);

        /// <summary>
        /// Parses with a given cache of declarations, or none; <paramref name="moves"/> lists the declarations reused at
        /// another place (null when none were), for the binder to move what it bound before.
        /// </summary>
        internal static ContractFileSyntax Parse(string path, string text, DeclarationCache? cache, out SyntaxMoves? moves, CancellationToken cancellationToken = default)
        {
            moves = null;
            path ??= string.Empty;
            text ??= string.Empty;
            var session = cache?.Begin(path, text.Length);
            // Looking for where each declaration ends costs one pass over a well-formed file; in a broken one
            // without `;` every attempt could scan to the end. Past this budget the cache is simply not used.
            long scanned = 0, scanBudget = 2L * text.Length + 4096;
            var errors = new List<ContractDiagnostic>();
            var contracts = new List<ContractSyntax>();
            IdentifierSyntax? ns = null;
            try
            {
                IInput input = TextInput.Start(text);
                var nsResult = Opt(NamespaceDeclaration)(input);
                if (nsResult.WasSuccessful) { ns = nsResult.Value; input = nsResult.Remainder; }
                else { errors.Add(Error(path, nsResult)); input = SkipNamespace(nsResult.Remainder); }

                while (true)
                {
                    input = SkipTrivia(input);
                    if (input.AtEnd) break;
                    var header = ContractHeader(input);
                    if (!header.WasSuccessful)
                    {
                        errors.Add(Error(path, header));
                        input = SkipToNextContract(header.Remainder, input);
                        continue;
                    }
                    var (keyword, name) = header.Value;
                    input = header.Remainder;
                    var members = new List<MemberSyntax>();
                    SourceSpan end = keyword;
                    while (true)
                    {
                        input = SkipTrivia(input);
                        // A `contract` where a declaration should be: the `}` of this one is missing. Close it
                        // here, without consuming, so the next contract is parsed rather than skipped as one
                        // long broken declaration (which also cost a second error at the end of the file).
                        if (input.AtEnd || IsKeywordAt(text, input.Position, "contract"))
                        {
                            errors.Add(new ContractDiagnostic(DiagnosticCatalog.SyntaxError, path,
                                new SourceSpan(input.Position, input.AtEnd ? 0 : "contract".Length, input.Line, input.Column),
                                $"expected `}}` to close contract `{name.Text}`, found {Describe(input)}"));
                            if (members.Count > 0) end = members[members.Count - 1].Span;
                            break;
                        }
                        if (input.Current == '}')
                        {
                            var close = input.Advance();
                            end = SpanOf(input, close);
                            input = close;
                            break;
                        }
                        cancellationToken.ThrowIfCancellationRequested();
                        int declarationEnd = -1;
                        if (session != null && scanned <= scanBudget)
                        {
                            declarationEnd = DeclarationEnd(text, input.Position);
                            scanned += (declarationEnd < 0 ? text.Length : declarationEnd) - input.Position;
                        }
                        if (declarationEnd > 0 && session != null)
                        {
                            var (line, column) = LineAndColumn(input);
                            if (session.Find(text, input.Position, declarationEnd, line, column) is { } reused)
                            {
                                members.Add(reused);
                                input = MoveTo(input, declarationEnd);
                                continue;
                            }
                        }
                        var member = CheckedMember(input);
                        if (member.WasSuccessful)
                        {
                            members.Add(member.Value);
                            if (member.Remainder.Position == declarationEnd) session?.Add(text, member.Value);
                            input = member.Remainder;
                        }
                        else
                        {
                            errors.Add(Error(path, member));
                            input = SkipToMemberBoundary(member.Remainder, input, RewardEndsBrokenMember(member, input));
                        }
                    }
                    contracts.Add(new ContractSyntax(name, DocComment.Before(text, keyword.Start), members.ToEquatableArray(), Cover(keyword, end)));
                }
            }
            catch (Exception exception) when (!(exception is OperationCanceledException))
            {
                // The grammar is written not to throw; this keeps the promise even if it someday does.
                errors.Add(new ContractDiagnostic(DiagnosticCatalog.SyntaxError, path, SourceSpan.None,
                    "internal parser error: " + exception.Message));
            }
            ReportUnterminatedComment(path, text, errors);
            session?.Publish(text.Length);
            moves = session?.Moves;
            return new ContractFileSyntax(path, ns, contracts.ToEquatableArray(), errors.ToEquatableArray());
        }

        // ---- error reporting and recovery -----------------------------------------------------------

        private static ContractDiagnostic Error<T>(string path, IResult<T> failure)
        {
            var at = SkipTrivia(failure.Remainder);
            var expectations = failure.Expectations.Distinct().ToList();
            string message = expectations.Count == 0
                ? failure.Message
                : "expected " + JoinAlternatives(expectations) + ", found " + Describe(at);
            int length = at.AtEnd ? 0 : Math.Max(1, Describe(at).Length - 2);
            return new ContractDiagnostic(DiagnosticCatalog.SyntaxError, path,
                new SourceSpan(at.Position, length, at.Line, at.Column), message);
        }

        private static string JoinAlternatives(IReadOnlyList<string> items) =>
            items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " or " + items[items.Count - 1];

        /// <summary>
        /// Trivia never fails, so a <c>/*</c> without <c>*/</c> silently swallows the rest of the file and the
        /// only symptom was "expected `}`, found end of file" far from the cause. Report the comment itself,
        /// in place of those end-of-file errors (they are its consequence).
        /// </summary>
        private static void ReportUnterminatedComment(string path, string text, List<ContractDiagnostic> errors)
        {
            int open = UnterminatedCommentStart(text);
            if (open < 0) return;
            errors.RemoveAll(e => e.Span.Start >= text.Length && e.Span.Length == 0);
            var span = new LineMap(text).Span(open, 2);
            int index = errors.FindIndex(e => e.Span.Start > open);
            errors.Insert(index < 0 ? errors.Count : index,
                new ContractDiagnostic(DiagnosticCatalog.SyntaxError, path, span, "unterminated comment: `/*` is never closed by `*/`"));
        }

        private static readonly char[] CommentStops = { '"', '/' };

        /// <summary>The offset of a <c>/*</c> that is never closed, or -1; strings and <c>//</c> comments are skipped as the lexer does.</summary>
        private static int UnterminatedCommentStart(string text)
        {
            int p = 0;
            while (p < text.Length)
            {
                p = text.IndexOfAny(CommentStops, p);
                if (p < 0) return -1;
                char c = text[p];
                if (c == '"')
                {
                    p++;
                    while (p < text.Length && text[p] != '"' && text[p] != '\n') p += text[p] == '\\' ? 2 : 1;
                    p++;
                }
                else if (c == '/' && p + 1 < text.Length && text[p + 1] == '/')
                {
                    while (p < text.Length && text[p] != '\n') p++;
                }
                else if (c == '/' && p + 1 < text.Length && text[p + 1] == '*')
                {
                    int close = text.IndexOf("*/", p + 2, StringComparison.Ordinal);
                    if (close < 0) return p;
                    p = close + 2;
                }
                else
                {
                    p++;
                }
            }
            return -1;
        }

        private static readonly string[] MemberKeywords =
            { "principal", "agent", "signal", "param", "let", "reward", "norm", "prefer", "welfare", "uncertain", "contract" };

        /// <summary>
        /// After a broken declaration: resume after the next <c>;</c>, before the <c>}</c> that closes the
        /// contract (see <see cref="ClosesContract"/>), or before a declaration keyword that starts a line (a
        /// forgotten <c>;</c>). Always makes progress.
        /// </summary>
        /// <remarks>
        /// The scan starts at the declaration, not at the failure, so that brackets opened before the failure
        /// are counted: in <c>signal c : category { };</c> the failure is at the <c>}</c>, which must not be taken
        /// for the one that closes the contract. Boundaries are only looked for from the failure on.
        /// A <c>;</c> or a line-starting keyword ends the declaration even inside brackets: neither can appear
        /// inside <c>( [ {</c>, so an unclosed one must not swallow the rest of the contract. A line-starting
        /// keyword is a boundary even right at the failure (the usual forgotten <c>;</c>: the error is reported
        /// at the next line's keyword). The exception is <c>reward</c>, which is also a norm's effect and is
        /// commonly written on its own line; see <see cref="RewardEndsBrokenMember{T}"/>.
        /// </remarks>
        private static IInput SkipToMemberBoundary(IInput failedAt, IInput memberStart, bool rewardIsBoundary)
        {
            string text = memberStart.Source;
            int start = SkipTrivia(text, memberStart.Position);
            int failed = failedAt.Position;
            int p = start;
            int depth = 0;
            while (p < text.Length)
            {
                int after = SkipStringOrComment(text, p);
                if (after > p) { p = after; continue; }
                char c = text[p];
                if (p >= failed)
                {
                    if (p > start && StartsLineWithMemberKeyword(text, p, rewardIsBoundary)) return MoveTo(memberStart, p);
                    if (c == ';') return MoveTo(memberStart, p + 1);
                    if (c == '}' && depth == 0 && ClosesContract(text, p)) return MoveTo(memberStart, p > start ? p : p + 1);
                }
                if (c == '{' || c == '(' || c == '[') depth++;
                if ((c == '}' || c == ')' || c == ']') && depth > 0) depth--;
                p++;
            }
            return MoveTo(memberStart, p);
        }

        /// <summary>
        /// Whether an unmatched <c>}</c> met while skipping a broken declaration is the contract's: only if
        /// nothing but another contract or the end of the file follows it. Otherwise it is the close of a list
        /// whose <c>{</c> is missing (<c>category EU, US };</c>), and taking it for the contract's would end the
        /// contract early and report every later declaration as a second error.
        /// </summary>
        private static bool ClosesContract(string text, int brace)
        {
            int next = SkipTrivia(text, brace + 1);
            return next >= text.Length || IsKeywordAt(text, next, "contract");
        }

        /// <summary>
        /// Whether a line-starting <c>reward</c> ends a broken declaration. In a norm it usually is the norm's
        /// own effect (<c>norm n "..."\n  when x &gt;\n  reward 1;</c>), so skipping to it would turn the norm's
        /// tail into a spurious base reward; it starts a new declaration only when the norm was complete and
        /// just lacked its <c>;</c>.
        /// </summary>
        private static bool RewardEndsBrokenMember<T>(IResult<T> failure, IInput memberStart) =>
            !Keyword("norm")(memberStart).WasSuccessful || failure.Expectations.Contains(NormSemicolonExpectation);

        /// <summary>
        /// Whether a declaration keyword starts at <paramref name="p"/> with only whitespace before it on its line.
        /// Only a letter can start one, so the look back over the line's indentation happens once per word, never
        /// once per character of a long run of whitespace (which made recovery quadratic).
        /// </summary>
        private static bool StartsLineWithMemberKeyword(string text, int p, bool rewardIsBoundary = true)
        {
            if (p >= text.Length || !char.IsLetter(text[p])) return false;
            for (int q = p - 1; q >= 0 && text[q] != '\n'; q--)
                if (!char.IsWhiteSpace(text[q])) return false;
            foreach (var keyword in MemberKeywords)
                if ((rewardIsBoundary || keyword != "reward") && IsKeywordAt(text, p, keyword))
                    return true;
            return false;
        }

        /// <summary>The offset after the string that opens at <paramref name="p"/> (or the end of its line).</summary>
        private static int SkipString(string text, int p)
        {
            p++;
            while (p < text.Length && text[p] != '"' && text[p] != '\n')
                p += text[p] == '\\' ? 2 : 1;
            return Math.Min(text.Length, p + 1);
        }

        /// <summary>
        /// After a broken namespace declaration: resume after its <c>;</c>, or at a line-starting
        /// <c>contract</c> if that comes first. (Skipping to the next <c>;</c> regardless, as before, jumped
        /// into the first contract's body when the namespace's <c>;</c> was missing, losing the whole contract.)
        /// </summary>
        private static IInput SkipNamespace(IInput at)
        {
            string text = at.Source;
            int p = at.Position;
            while (p < text.Length && text[p] != ';')
            {
                int after = SkipStringOrComment(text, p);
                if (after > p) { p = after; continue; }
                if (IsLineStartingContract(text, p)) return MoveTo(at, p);
                p++;
            }
            return MoveTo(at, Math.Min(text.Length, p + 1));
        }

        /// <summary>
        /// After a broken contract header: resume at the next line that starts with <c>contract</c>, outside
        /// strings and comments (a commented-out contract is not one).
        /// </summary>
        private static IInput SkipToNextContract(IInput failedAt, IInput start)
        {
            string text = start.Source;
            int p = Math.Max(failedAt.Position, start.Position);
            while (p < text.Length)
            {
                int after = SkipStringOrComment(text, p);
                if (after > p) { p = after; continue; }
                if (p > start.Position && IsLineStartingContract(text, p)) return MoveTo(start, p);
                p++;
            }
            return MoveTo(start, p);
        }

        private static bool IsLineStartingContract(string text, int p) =>
            text[p] == 'c' && IsKeywordAt(text, p, "contract") && StartsLineWithMemberKeyword(text, p);

        /// <summary>The offset after a string or comment that starts at <paramref name="p"/>; <paramref name="p"/> if none does.</summary>
        private static int SkipStringOrComment(string text, int p)
        {
            if (p >= text.Length) return p;
            if (text[p] == '"') return SkipString(text, p);
            if (text[p] == '/' && p + 1 < text.Length && (text[p + 1] == '/' || text[p + 1] == '*'))
                return SkipTrivia(text, p);
            return p;
        }

        // ---- file level -----------------------------------------------------------------------------
        //
        // Every parser is built once, here, and every sub-parser a query uses is a field of its own: a parser
        // written inside a query (`from x in Opt(...)`) would be built again on every parse of that step.

        private static readonly Parser<IdentifierSyntax> NamespacePart = Identifier("a namespace name");

        private static readonly Parser<SourceSpan> Dot = Symbol(".");

        private static readonly Parser<SourceSpan> Comma = Symbol(",");

        private static readonly Parser<List<IdentifierSyntax>> NamespaceRest =
            Star(from dot in Dot from part in NamespacePart select part);

        private static readonly Parser<IdentifierSyntax> QualifiedName =
            from first in NamespacePart
            from rest in NamespaceRest
            select rest.Count == 0
                ? first
                : new IdentifierSyntax(string.Join(".", new[] { first.Text }.Concat(rest.Select(r => r.Text))), Cover(first.Span, rest[rest.Count - 1].Span));

        private static readonly Parser<SourceSpan> NamespaceSemicolon = Semicolon("namespace declaration");

        private static readonly Parser<IdentifierSyntax> NamespaceDeclaration =
            from keyword in Keyword("namespace")
            from name in QualifiedName
            from semicolon in NamespaceSemicolon
            select name;

        private static readonly Parser<IdentifierSyntax> ContractName = Identifier("the contract's name");

        private static readonly Parser<SourceSpan> ContractOpen = Symbol("{", "`{` after the contract's name");

        private static readonly Parser<(SourceSpan Keyword, IdentifierSyntax Name)> ContractHeader =
            from keyword in Keyword("contract").Expect("`contract`")
            from name in ContractName
            from open in ContractOpen
            select (keyword, name);

        private static Parser<SourceSpan> Semicolon(string what) => Symbol(";", "`;` after the " + what);

        // ---- declarations ---------------------------------------------------------------------------

        private static string? Doc(SourceSpan keyword, IInput input) => DocComment.Before(input.Source, keyword.Start);

        /// <summary>
        /// Expressions and conditions, read when a declaration is parsed: their fields are declared below, so
        /// they are not set yet while the declarations' fields are being initialised.
        /// </summary>
        private static readonly Parser<ExpressionSyntax> AnExpression = Later(() => Expression);

        private static readonly Parser<GuardSyntax> ACondition = Later(() => Guard);

        private static Parser<T> Later<T>(Func<Parser<T>?> reference) => input => reference()!(input);

        /// <summary>Runs a declaration parser and attaches the doc comment written above its keyword.</summary>
        private static Parser<MemberSyntax> WithDoc<T>(Parser<(SourceSpan Keyword, Func<string?, T> Build)> parser) where T : MemberSyntax =>
            input =>
            {
                var result = parser(input);
                if (!result.WasSuccessful) return Result.Failure<MemberSyntax>(result.Remainder, result.Message, result.Expectations);
                return Result.Success<MemberSyntax>(result.Value.Build(Doc(result.Value.Keyword, input)), result.Remainder);
            };

        private static readonly Parser<string?> OptionalStringLiteral = Opt(StringLiteral());

        /// <summary>An optional string (a description, a rationale, a reason); absent at once unless a <c>"</c> is next.</summary>
        private static readonly Parser<StringOrNull> OptionalString = input =>
        {
            var start = SkipTrivia(input);
            if (start.AtEnd || start.Current != '"') return Result.Success(StringOrNull.None, input);
            var result = OptionalStringLiteral(input);
            return result.WasSuccessful
                ? Result.Success(new StringOrNull(result.Value), result.Remainder)
                : Result.Failure<StringOrNull>(result.Remainder, result.Message, result.Expectations);
        };

        /// <summary>An optional string as a reference, so that query steps can carry it.</summary>
        private sealed record StringOrNull(string? Value)
        {
            public static readonly StringOrNull None = new StringOrNull((string?)null);
        }

        private static readonly Parser<NumberSyntax> RangeLow = Number(signed: true, "the range's lower bound");
        private static readonly Parser<SourceSpan> RangeComma = Symbol(",", "`,` between the range's bounds");
        private static readonly Parser<NumberSyntax> RangeHigh = Number(signed: true, "the range's upper bound");
        private static readonly Parser<SourceSpan> RangeClose = Symbol("]", "`]` to close the range");

        private static readonly Parser<RangeSyntax> Range =
            from open in Symbol("[", "`[` to open the range")
            from low in RangeLow
            from comma in RangeComma
            from high in RangeHigh
            from close in RangeClose
            select new RangeSyntax(low, high, Cover(open, close));

        private static readonly Parser<RangeSyntax?> OptionalDomain =
            OptAfter("in", from keyword in Keyword("in") from range in Range select range);

        private static readonly Parser<NumberSyntax> EnsembleSize = Number(false, "the ensemble size");
        private static readonly Parser<SourceSpan> EnsembleClose = Symbol("]", "`]` after the ensemble size");

        private static readonly Parser<NumberSyntax?> OptionalEnsembleSize =
            Opt(from open in Symbol("[") from k in EnsembleSize from close in EnsembleClose select k);

        private static readonly Parser<TypeSyntax> RealType =
            from keyword in Keyword("real")
            from size in OptionalEnsembleSize
            from range in OptionalDomain
            select (TypeSyntax)new RealTypeSyntax(size, range, Cover(keyword, range?.Span ?? size?.Span ?? keyword));

        private static readonly Parser<TypeSyntax> ProbType =
            from keyword in Keyword("prob") select (TypeSyntax)new ProbTypeSyntax(keyword);

        private static readonly Parser<TypeSyntax> FlagType =
            from keyword in Keyword("flag") select (TypeSyntax)new FlagTypeSyntax(keyword);

        private static readonly Parser<TypeSyntax> CountType =
            from keyword in Keyword("count")
            from range in OptionalDomain
            select (TypeSyntax)new CountTypeSyntax(range, Cover(keyword, range?.Span ?? keyword));

        private static readonly Parser<SourceSpan> CategoryOpen = Symbol("{", "`{` to list the category's values");
        private static readonly Parser<List<IdentifierSyntax>> CategoryValues = SeparatedBy(Identifier("a category value"), Comma);
        private static readonly Parser<SourceSpan> CategoryClose = Symbol("}", "`,` or `}` in the category's values");

        private static readonly Parser<TypeSyntax> CategoryType =
            from keyword in Keyword("category")
            from open in CategoryOpen
            from values in CategoryValues
            from close in CategoryClose
            select (TypeSyntax)new CategoryTypeSyntax(values.ToEquatableArray(), Cover(keyword, close));

        private static readonly Parser<TypeSyntax> Type =
            ByKeyword(("real", RealType), ("prob", ProbType), ("count", CountType), ("flag", FlagType), ("category", CategoryType));

        private static readonly Parser<IdentifierSyntax> PartyName = Identifier("the party's name");
        private static readonly Parser<SourceSpan> PrincipalSemicolon = Semicolon("principal declaration");
        private static readonly Parser<SourceSpan> AgentSemicolon = Semicolon("agent declaration");

        private static readonly Parser<MemberSyntax> Party =
            WithDoc(
                from keyword in Alt(Keyword("principal").Select(s => (s, PartyRole.Principal)), Keyword("agent").Select(s => (s, PartyRole.Agent)))
                from name in PartyName
                from description in OptionalString
                from end in keyword.Item2 == PartyRole.Principal ? PrincipalSemicolon : AgentSemicolon
                select (keyword.Item1, (Func<string?, PartySyntax>)(doc => new PartySyntax(keyword.Item2, name, description.Value, doc, Cover(keyword.Item1, end)))));

        private static readonly Parser<IdentifierSyntax> SignalName = Identifier("the signal's name");
        private static readonly Parser<SourceSpan> SignalColon = Symbol(":", "`:` and the signal's type");
        private static readonly Parser<TypeSyntax> SignalType = Type.Expect("a type (`real`, `prob`, `count`, `flag`, `category {...}` or `real[k]`)");
        private static readonly Parser<SourceSpan?> Controlled = OptValue(Keyword("controlled"));
        private static readonly Parser<SourceSpan> SignalSemicolon = Semicolon("signal declaration");

        private static readonly Parser<MemberSyntax> Signal =
            WithDoc(
                from keyword in Keyword("signal")
                from name in SignalName
                from colon in SignalColon
                from type in SignalType
                from controlled in Controlled
                from description in OptionalString
                from end in SignalSemicolon
                select (keyword, (Func<string?, SignalSyntax>)(doc => new SignalSyntax(name, type, controlled.HasValue, description.Value, doc, Cover(keyword, end)))));

        private static readonly Parser<IdentifierSyntax> ParamName = Identifier("the param's name");
        private static readonly Parser<SourceSpan> ParamEquals = Symbol("=", "`=` and the param's default value");
        private static readonly Parser<NumberSyntax> ParamDefault = Number(signed: true, "the param's default value");
        private static readonly Parser<SourceSpan> ParamSemicolon = Semicolon("param declaration");

        private static readonly Parser<MemberSyntax> Param =
            WithDoc(
                from keyword in Keyword("param")
                from name in ParamName
                from equalsSign in ParamEquals
                from value in ParamDefault
                from range in OptionalDomain
                from description in OptionalString
                from end in ParamSemicolon
                select (keyword, (Func<string?, ParamSyntax>)(doc => new ParamSyntax(name, value, range, description.Value, doc, Cover(keyword, end)))));

        private static readonly Parser<IdentifierSyntax> LetName = Identifier("the let's name");
        private static readonly Parser<SourceSpan> LetEquals = Symbol("=", "`=` and the let's value");
        private static readonly Parser<SourceSpan> LetSemicolon = Semicolon("let declaration");

        private static readonly Parser<MemberSyntax> Let =
            WithDoc(
                from keyword in Keyword("let")
                from name in LetName
                from equalsSign in LetEquals
                from value in AnExpression
                from description in OptionalString
                from end in LetSemicolon
                select (keyword, (Func<string?, LetSyntax>)(doc => new LetSyntax(name, value, description.Value, doc, Cover(keyword, end)))));

        private static readonly Parser<SourceSpan> RewardSemicolon = Semicolon("reward");

        private static readonly Parser<MemberSyntax> Reward =
            WithDoc(
                from keyword in Keyword("reward")
                from value in AnExpression
                from end in RewardSemicolon
                select (keyword, (Func<string?, RewardSyntax>)(doc => new RewardSyntax(value, doc, Cover(keyword, end)))));

        private sealed record Effect(EffectKind Kind, SourceSpan Span, ExpressionSyntax? Amount, NumberSyntax? Cap);

        private static readonly Parser<NumberSyntax> CapValue = Number(signed: true, "a number after `cap`");

        private static readonly Parser<NumberSyntax?> Cap =
            OptAfter("cap", from keyword in Keyword("cap") from value in CapValue select value);

        private static readonly Parser<Effect> NormEffect =
            ByKeyword(
                ("reward", from keyword in Keyword("reward") from amount in AnExpression from cap in Cap
                           select new Effect(EffectKind.Reward, keyword, amount, cap)),
                ("penalize", from keyword in Keyword("penalize") from amount in AnExpression from cap in Cap
                             select new Effect(EffectKind.Penalize, keyword, amount, cap)),
                ("allow", from keyword in Keyword("allow") select new Effect(EffectKind.Allow, keyword, null, null)))
            .Expect("the norm's effect (`reward`, `penalize` or `allow`)");

        private const string NormSemicolonExpectation = "`;` after the norm";

        private static readonly Parser<IdentifierSyntax> NormName = Identifier("the norm's name");
        private static readonly Parser<IdentifierSyntax> ConcernName = Identifier("the concern's name");
        private static readonly Parser<IdentifierSyntax?> NormConcern = OptAfter("concern", from k in Keyword("concern") from c in ConcernName select c);
        private static readonly Parser<GuardSyntax?> NormContext = OptAfter("in", from k in Keyword("in") from g in ACondition select g);
        private static readonly Parser<GuardSyntax?> NormGuard = OptAfter("when", from k in Keyword("when") from g in ACondition select g);
        private static readonly Parser<SourceSpan> NormSemicolon = Symbol(";", NormSemicolonExpectation);

        private static readonly Parser<MemberSyntax> Norm =
            WithDoc(
                from keyword in Keyword("norm")
                from name in NormName
                from concern in NormConcern
                from rationale in OptionalString
                from context in NormContext
                from guard in NormGuard
                from effect in NormEffect
                from end in NormSemicolon
                select (keyword, (Func<string?, NormSyntax>)(doc => new NormSyntax(
                    name, concern, rationale.Value, context, guard, effect.Kind, effect.Span, effect.Amount, effect.Cap, doc, Cover(keyword, end)))));

        private static readonly Parser<IdentifierSyntax> PreferredName = Identifier("the preferred norm's name");
        private static readonly Parser<SourceSpan> Over = Keyword("over");
        private static readonly Parser<List<IdentifierSyntax>> OverNames = SeparatedBy(Identifier("a norm's name"), Comma);
        private static readonly Parser<SourceSpan> PreferSemicolon = Semicolon("preference");

        private static readonly Parser<MemberSyntax> Prefer =
            WithDoc(
                from keyword in Keyword("prefer")
                from preferred in PreferredName
                from over in Over
                from others in OverNames
                from end in PreferSemicolon
                select (keyword, (Func<string?, PreferSyntax>)(doc => new PreferSyntax(preferred, others.ToEquatableArray(), doc, Cover(keyword, end)))));

        private static readonly Parser<IdentifierSyntax> WelfareFunction = Identifier("a welfare function (`utilitarian`, `nash`, `maximin` or `power p`)");
        private static readonly Parser<NumberSyntax> PowerExponent = Number(signed: true, "the exponent after `power`");

        private static readonly Parser<(WelfareKind Kind, SourceSpan Span, NumberSyntax? Exponent)> WelfareKindParser = input =>
        {
            var word = WelfareFunction(input);
            if (!word.WasSuccessful) return Result.Failure<(WelfareKind, SourceSpan, NumberSyntax?)>(word.Remainder, word.Message, word.Expectations);
            switch (word.Value.Text)
            {
                case "utilitarian": return Result.Success((WelfareKind.Utilitarian, word.Value.Span, (NumberSyntax?)null), word.Remainder);
                case "nash": return Result.Success((WelfareKind.Nash, word.Value.Span, (NumberSyntax?)null), word.Remainder);
                case "maximin": return Result.Success((WelfareKind.Maximin, word.Value.Span, (NumberSyntax?)null), word.Remainder);
                case "power":
                    var exponent = PowerExponent(word.Remainder);
                    if (!exponent.WasSuccessful) return Result.Failure<(WelfareKind, SourceSpan, NumberSyntax?)>(exponent.Remainder, exponent.Message, exponent.Expectations);
                    return Result.Success((WelfareKind.Power, word.Value.Span, (NumberSyntax?)exponent.Value), exponent.Remainder);
                default:
                    var at = SkipTrivia(input);
                    return Result.Failure<(WelfareKind, SourceSpan, NumberSyntax?)>(
                        at, "unknown welfare function", new[] { "a welfare function (`utilitarian`, `nash`, `maximin` or `power p`)" });
            }
        };

        /// <summary>A contextual word (not reserved): <c>weights</c>, <c>from</c>, <c>temperature</c>.</summary>
        private static Parser<SourceSpan> ContextualWord(string word)
        {
            var identifier = Identifier("`" + word + "`");
            var expectations = new[] { "`" + word + "`" };
            return input =>
            {
                var result = identifier(input);
                if (result.WasSuccessful && result.Value.Text == word) return Result.Success(result.Value.Span, result.Remainder);
                return Result.Failure<SourceSpan>(SkipTrivia(input), "unexpected token", expectations);
            };
        }

        private static readonly Parser<SourceSpan> WeightColon = Symbol(":", "`:` and the group's weight");
        private static readonly Parser<NumberSyntax> WeightValue = Number(signed: true, "the group's weight");
        private static readonly Parser<SourceSpan> WeightsOpen = Symbol("{", "`{` to list the group weights");
        private static readonly Parser<SourceSpan> WeightsClose = Symbol("}", "`,` or `}` in the group weights");

        private static readonly Parser<List<WelfareWeightSyntax>> WeightItems =
            SeparatedBy(
                from value in Identifier("a category value")
                from colon in WeightColon
                from weight in WeightValue
                select new WelfareWeightSyntax(value, weight),
                Comma);

        private static readonly Parser<List<WelfareWeightSyntax>> WelfareWeights =
            from keyword in ContextualWord("weights")
            from open in WeightsOpen
            from items in WeightItems
            from close in WeightsClose
            select items;

        private static readonly Parser<IdentifierSyntax> WelfareCategory = Identifier("the category signal the welfare rule is over");
        private static readonly Parser<List<WelfareWeightSyntax>?> OptionalWeights = Opt(WelfareWeights);
        private static readonly Parser<NumberSyntax> DisagreementPoint = Number(signed: true, "the disagreement point after `from`");
        private static readonly Parser<NumberSyntax?> OptionalFrom = Opt(from k in ContextualWord("from") from d in DisagreementPoint select d);
        private static readonly Parser<NumberSyntax> TemperatureValue = Number(signed: true, "the temperature");
        private static readonly Parser<NumberSyntax?> OptionalTemperature = Opt(from k in ContextualWord("temperature") from t in TemperatureValue select t);
        private static readonly Parser<SourceSpan> WelfareSemicolon = Semicolon("welfare rule");

        private static readonly Parser<MemberSyntax> Welfare =
            WithDoc(
                from keyword in Keyword("welfare")
                from kind in WelfareKindParser
                from over in Over
                from category in WelfareCategory
                from weights in OptionalWeights
                from disagreement in OptionalFrom
                from temperature in OptionalTemperature
                from end in WelfareSemicolon
                select (keyword, (Func<string?, WelfareSyntax>)(doc => new WelfareSyntax(
                    kind.Kind, kind.Span, kind.Exponent, category, (weights ?? new List<WelfareWeightSyntax>()).ToEquatableArray(),
                    disagreement, temperature, doc, Cover(keyword, end)))));

        private sealed record UncertainCondition(UncertainTrigger Trigger, GuardSyntax? Guard);

        private static readonly Parser<NumberSyntax?> UncertainWeight = Opt(Number(signed: true, "the uncertainty weight"));
        private static readonly Parser<SourceSpan> When = Keyword("when");

        private static readonly Parser<UncertainCondition> UncertainWhen =
            Alt(
                Keyword("conflict").Select(_ => new UncertainCondition(UncertainTrigger.Conflict, null)),
                Keyword("gap").Select(_ => new UncertainCondition(UncertainTrigger.Gap, null)),
                ACondition.Select(g => new UncertainCondition(UncertainTrigger.Guard, g)));

        private static readonly Parser<SourceSpan> UncertainSemicolon = Semicolon("uncertainty rule");

        private static readonly Parser<MemberSyntax> Uncertain =
            WithDoc(
                from keyword in Keyword("uncertain")
                from weight in UncertainWeight
                from when in When
                from condition in UncertainWhen
                from reason in OptionalString
                from end in UncertainSemicolon
                select (keyword, (Func<string?, UncertainSyntax>)(doc => new UncertainSyntax(weight, condition.Trigger, condition.Guard, reason.Value, doc, Cover(keyword, end)))));

        private static readonly Parser<MemberSyntax> Member =
            ByKeyword(("principal", Party), ("agent", Party), ("signal", Signal), ("param", Param), ("let", Let), ("reward", Reward),
                    ("norm", Norm), ("prefer", Prefer), ("welfare", Welfare), ("uncertain", Uncertain))
            .Expect("a declaration (`signal`, `param`, `let`, `reward`, `norm`, `prefer`, `welfare`, `uncertain`, `principal` or `agent`) or `}`");

        /// <summary>
        /// A declaration whose expressions and conditions are at most <see cref="SyntaxDepth.MaxDepth"/> deep; a
        /// deeper one is a syntax error at the start of the offending expression or condition (see
        /// <see cref="SyntaxDepth"/> for why the separate nesting and chain limits are not enough).
        /// </summary>
        private static readonly Parser<MemberSyntax> CheckedMember = input =>
        {
            var result = Member(input);
            if (!result.WasSuccessful) return result;
            // Every node owns at least one character of the text (a digit, a letter, an operator, a parenthesis),
            // so a declaration no longer than the limit cannot hold a tree deeper than it: no walk needed.
            if (result.Value.Span.Length <= SyntaxDepth.MaxDepth) return result;
            foreach (var tree in SyntaxDepth.TreesOf(result.Value))
            {
                if (tree is ExpressionSyntax expression && SyntaxDepth.Of(expression) > SyntaxDepth.MaxDepth)
                    return HardFailure<MemberSyntax>(MoveTo(input, expression.Span.Start),
                        $"expression nested too deeply: at most {SyntaxDepth.MaxDepth} levels of operators, calls, parentheses and `-`; split it with `let`");
                if (tree is GuardSyntax guard && SyntaxDepth.Of(guard) > SyntaxDepth.MaxDepth)
                    return HardFailure<MemberSyntax>(MoveTo(input, guard.Span.Start),
                        $"condition nested too deeply: at most {SyntaxDepth.MaxDepth} levels of `and`, `or`, `not` and parentheses; simplify it");
            }
            return result;
        };

        /// <summary>
        /// The offset after the first <c>;</c> outside strings and comments at or after <paramref name="start"/>,
        /// or -1: where a declaration that starts there ends if it parses (see <see cref="DeclarationCache"/>).
        /// </summary>
        private static int DeclarationEnd(string text, int start)
        {
            int p = start;
            while (p < text.Length)
            {
                p = text.IndexOfAny(DeclarationEndStops, p);
                if (p < 0) return -1;
                int after = SkipStringOrComment(text, p);
                if (after > p) { p = after; continue; }
                if (text[p] == ';') return p + 1;
                p++;
            }
            return -1;
        }

        /// <summary>Where <see cref="DeclarationEnd"/> has to look: a <c>;</c>, or what may open a string or comment.</summary>
        private static readonly char[] DeclarationEndStops = { ';', '"', '/' };

        // ---- expressions ----------------------------------------------------------------------------

        private const string ValueExpectation = "a value (a number, a name or a function call)";

        private static readonly Parser<IdentifierSyntax> ValueName = Identifier(ValueExpectation);
        private static readonly Parser<List<ExpressionSyntax>> Arguments = SeparatedBy(Nested(() => Expression), Comma);
        private static readonly Parser<SourceSpan> CallClose = Symbol(")", "`,` or `)` in the call");

        private static readonly Parser<(List<ExpressionSyntax> Arguments, SourceSpan Close)> CallArguments =
            from open in Symbol("(")
            from args in Arguments
            from close in CallClose
            select (args, close);

        private static readonly Parser<IdentifierSyntax> MemberName = Identifier("a member (`mean`, `std`, `var`, `min` or `max`)");

        private static readonly Parser<IdentifierSyntax> MemberAccess =
            from dot in Dot
            from member in MemberName
            select member;

        /// <summary>A name, a name with a member (<c>rm.mean</c>) or a call (<c>min(a, b)</c>).</summary>
        private static readonly Parser<ExpressionSyntax> NameOrCall = input =>
        {
            var name = ValueName(input);
            if (!name.WasSuccessful) return Result.Failure<ExpressionSyntax>(name.Remainder, name.Message, name.Expectations);
            // A call starts with `(` and a member with `.`: look before building either's failure.
            var next = SkipTrivia(name.Remainder);
            char c = next.AtEnd ? '\0' : next.Current;
            if (c != '(' && c != '.') return Result.Success<ExpressionSyntax>(new NameExpressionSyntax(name.Value, null, name.Value.Span), name.Remainder);
            var call = CallArguments(name.Remainder);
            if (call.WasSuccessful)
                return Result.Success<ExpressionSyntax>(
                    new CallExpressionSyntax(name.Value, call.Value.Arguments.ToEquatableArray(), Cover(name.Value.Span, call.Value.Close)), call.Remainder);
            if (Consumed(call, name.Remainder)) return Result.Failure<ExpressionSyntax>(call.Remainder, call.Message, call.Expectations);
            var member = MemberAccess(name.Remainder);
            if (member.WasSuccessful)
                return Result.Success<ExpressionSyntax>(
                    new NameExpressionSyntax(name.Value, member.Value, Cover(name.Value.Span, member.Value.Span)), member.Remainder);
            if (Consumed(member, name.Remainder)) return Result.Failure<ExpressionSyntax>(member.Remainder, member.Message, member.Expectations);
            return Result.Success<ExpressionSyntax>(new NameExpressionSyntax(name.Value, null, name.Value.Span), name.Remainder);
        };

        private static readonly Parser<ExpressionSyntax> NestedExpression = Nested(() => Expression);
        private static readonly Parser<SourceSpan> ParenthesisClose = Symbol(")", "`)` to close the parenthesis");

        private static readonly Parser<ExpressionSyntax> NumberValue = Number().Select(n => (ExpressionSyntax)new NumberExpressionSyntax(n.Value, n.Span));

        private static readonly Parser<ExpressionSyntax> Parenthesized =
            from open in Symbol("(")
            from inner in NestedExpression
            from close in ParenthesisClose
            // There is no parenthesis node: the inner node's span grows to cover the parentheses, so that
            // `(a + b) * c` spans the whole text rather than the unbalanced `a + b) * c`.
            select inner with { Span = Cover(open, close) };

        private static readonly Parser<ExpressionSyntax> Primary =
            ByFirstChar(Alt(NumberValue, Parenthesized, NameOrCall), (StartsNumber, NumberValue), (c => c == '(', Parenthesized), (StartsIdentifier, NameOrCall))
            .Expect(ValueExpectation);

        private static readonly Parser<ExpressionSyntax> NestedUnary = Nested(() => Unary);

        private static readonly Parser<ExpressionSyntax> Negation =
            from minus in Symbol("-")
            from operand in NestedUnary
            select (ExpressionSyntax)new NegateExpressionSyntax(operand, Cover(minus, operand.Span));

        private static readonly Parser<ExpressionSyntax> Unary =
            ByFirstChar(Primary, (c => c == '-', Negation))
            .Expect(ValueExpectation);   // not "expected `-` or a value ..."

        private static readonly Parser<ExpressionSyntax> Multiplicative =
            ChainLeft(Unary,
                Alt(Symbol("*").Select(_ => BinaryOperator.Multiply), Symbol("/").Select(_ => BinaryOperator.Divide)),
                (left, op, right) => new BinaryExpressionSyntax(op, left, right, Cover(left.Span, right.Span)),
                c => c == '*' || c == '/');

        /// <summary>Arithmetic: numbers, names, members, calls, <c>+ - * /</c>, unary minus, parentheses.</summary>
        public static readonly Parser<ExpressionSyntax> Expression =
            ChainLeft(Multiplicative,
                Alt(Symbol("+").Select(_ => BinaryOperator.Add), Symbol("-").Select(_ => BinaryOperator.Subtract)),
                (left, op, right) => new BinaryExpressionSyntax(op, left, right, Cover(left.Span, right.Span)),
                c => c == '+' || c == '-');

        // ---- guards ---------------------------------------------------------------------------------

        private const string ConditionExpectation = "a condition (a flag, a comparison, `c in { ... }`, `not` or `(`)";

        private static readonly (string Text, ComparisonOperator Op)[] ComparisonOperators =
        {
            ("<=", ComparisonOperator.LessOrEqual), (">=", ComparisonOperator.GreaterOrEqual), ("==", ComparisonOperator.Equal),
            ("!=", ComparisonOperator.NotEqual), ("<", ComparisonOperator.Less), (">", ComparisonOperator.Greater),
        };

        private static readonly string[] ComparisonExpectations = ComparisonOperators.Select(o => "`" + o.Text + "`").ToArray();

        /// <summary>A comparison operator, two-character ones first (<c>&lt;=</c> before <c>&lt;</c>).</summary>
        private static readonly Parser<(ComparisonOperator Op, SourceSpan Span)> ComparisonOp = input =>
        {
            var start = SkipTrivia(input);
            foreach (var (text, op) in ComparisonOperators)
                if (string.CompareOrdinal(start.Source, start.Position, text, 0, text.Length) == 0)
                {
                    var end = Advance(start, text.Length);
                    return Result.Success((op, SpanOf(start, end)), end);
                }
            return Result.Failure<(ComparisonOperator, SourceSpan)>(start, "unexpected token", ComparisonExpectations);
        };

        private static readonly Parser<IdentifierSyntax?> OptionalMember = Opt(MemberAccess);

        private static readonly Parser<IdentifierSyntax?> GuardMember = input =>
            NextChar(input) == '.' ? OptionalMember(input) : Result.Success<IdentifierSyntax?>(null, input);

        private static readonly Parser<ExpressionSyntax> SignedNumberValue =
            Number(signed: true).Select(n => (ExpressionSyntax)new NumberExpressionSyntax(n.Value, n.Span));

        private static readonly Parser<ExpressionSyntax> GuardName =
            from name in Identifier("a signal, let or number")
            from member in GuardMember
            select (ExpressionSyntax)new NameExpressionSyntax(name, member, Cover(name.Span, member?.Span ?? name.Span));

        private static readonly Parser<ExpressionSyntax> GuardOperand =
            ByFirstChar(Alt(SignedNumberValue, GuardName),
                    (c => StartsNumber(c) || c == '-' || c == '+', SignedNumberValue), (StartsIdentifier, GuardName))
            .Expect(ConditionExpectation);

        private static readonly Parser<ExpressionSyntax> ComparedConstant = GuardOperand.Expect("a constant to compare with");

        private static readonly Parser<SourceSpan> SetOpen = Symbol("{", "`{` and the category values");
        private static readonly Parser<List<IdentifierSyntax>> SetValues = SeparatedBy(Identifier("a category value"), Comma);
        private static readonly Parser<SourceSpan> SetClose = Symbol("}", "`,` or `}` in the set of values");

        private static readonly Parser<(List<IdentifierSyntax> Values, SourceSpan Close)> InSet =
            from keyword in Keyword("in")
            from open in SetOpen
            from values in SetValues
            from close in SetClose
            select (values, close);

        private static readonly string[] ComparisonAfterNumber = { "a comparison operator after the number" };

        private static readonly Parser<GuardSyntax> SimpleGuard = input =>
        {
            var left = GuardOperand(input);
            if (!left.WasSuccessful) return Result.Failure<GuardSyntax>(left.Remainder, left.Message, left.Expectations);
            var operand = left.Value;

            char next = NextChar(left.Remainder);
            var op = next == '<' || next == '>' || next == '=' || next == '!' ? ComparisonOp(left.Remainder) : null;
            if (op != null && op.WasSuccessful)
            {
                var right = ComparedConstant(op.Remainder);
                if (!right.WasSuccessful) return Result.Failure<GuardSyntax>(right.Remainder, right.Message, right.Expectations);
                return Result.Success<GuardSyntax>(
                    new ComparisonGuardSyntax(operand, op.Value.Op, op.Value.Span, right.Value, Cover(operand.Span, right.Value.Span)), right.Remainder);
            }

            if (operand is NameExpressionSyntax name)
            {
                if (next != 'i') return Result.Success<GuardSyntax>(new NameGuardSyntax(name, name.Span), left.Remainder);
                var inSet = InSet(left.Remainder);
                if (inSet.WasSuccessful)
                    return Result.Success<GuardSyntax>(
                        new InSetGuardSyntax(name, inSet.Value.Values.ToEquatableArray(), Cover(name.Span, inSet.Value.Close)), inSet.Remainder);
                if (inSet.Remainder.Position > SkipTrivia(left.Remainder).Position)
                    return Result.Failure<GuardSyntax>(inSet.Remainder, inSet.Message, inSet.Expectations);
                return Result.Success<GuardSyntax>(new NameGuardSyntax(name, name.Span), left.Remainder);
            }

            var at = SkipTrivia(left.Remainder);
            return Result.Failure<GuardSyntax>(at, "unexpected " + Describe(at), ComparisonAfterNumber);
        };

        private static readonly Parser<GuardSyntax> NestedGuard = Nested(() => Guard);

        private static readonly Parser<GuardSyntax> ParenthesizedGuard =
            from open in Symbol("(")
            from inner in NestedGuard
            from close in ParenthesisClose
            select inner with { Span = Cover(open, close) };   // as for expressions: no parenthesis node

        private static readonly Parser<GuardSyntax> GuardAtom =
            ByFirstChar(Alt(ParenthesizedGuard, SimpleGuard), (c => c == '(', ParenthesizedGuard), (c => true, SimpleGuard));

        private static readonly Parser<GuardSyntax> NestedNot = Nested(() => GuardNot);

        private static readonly Parser<GuardSyntax> Not =
            from keyword in Keyword("not")
            from operand in NestedNot
            select (GuardSyntax)new NotGuardSyntax(operand, Cover(keyword, operand.Span));

        private static readonly Parser<GuardSyntax> GuardNot =
            IfKeyword("not", Not, GuardAtom)
            .Expect(ConditionExpectation);   // not "expected `not`, `(` or a condition (... `not` or `(`)"

        private static readonly Parser<GuardSyntax> GuardAnd =
            ChainLeft(GuardNot, Keyword("and"), (left, _, right) => (GuardSyntax)new AndGuardSyntax(left, right, Cover(left.Span, right.Span)), c => c == 'a');

        /// <summary>Conditions: comparisons with constants, flags, category sets, <c>and or not</c>, parentheses.</summary>
        public static readonly Parser<GuardSyntax> Guard =
            ChainLeft(GuardAnd, Keyword("or"), (left, _, right) => (GuardSyntax)new OrGuardSyntax(left, right, Cover(left.Span, right.Span)), c => c == 'o');
    }
}
