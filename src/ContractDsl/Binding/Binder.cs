using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ContractDsl.Collections;
using ContractDsl.Diagnostics;
using ContractDsl.Syntax;
using ContractDsl.Text;

namespace ContractDsl.Binding
{
    /// <summary>A bound contract and whether binding reported errors for it (then nothing is generated).</summary>
    public sealed record BindingResult(BoundContract Contract, bool HasErrors);

    /// <summary>
    /// Resolves names, checks types and domains (CDSL1001–1004, 1006, 1007, 1009, 1010, 3004, 4002) and builds
    /// the <see cref="BoundContract"/>. A contract with errors is still bound as far as possible (a bad
    /// expression becomes the constant 0) so that one mistake does not hide the next.
    /// </summary>
    public sealed class Binder
    {
        private readonly string _path;
        private readonly string _text;
        private readonly List<ContractDiagnostic> _diagnostics;
        private readonly Dictionary<string, Symbol> _symbols = new Dictionary<string, Symbol>(StringComparer.Ordinal);
        private readonly List<BoundSignal> _signals = new List<BoundSignal>();
        private readonly List<BoundParam> _params = new List<BoundParam>();
        private readonly Dictionary<string, int> _letIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _normIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly List<SourceSpan> _preferenceTargets = new List<SourceSpan>(); // the name after `over`, per bound preference
        private readonly Dictionary<string, BoundSignal> _signalByName = new Dictionary<string, BoundSignal>(StringComparer.Ordinal); // the first of each name
        private readonly Dictionary<(string, SignalKind), BoundSignal> _signalByNameAndKind = new Dictionary<(string, SignalKind), BoundSignal>(); // the first of each
        private readonly Dictionary<string, BoundParam> _paramByName = new Dictionary<string, BoundParam>(StringComparer.Ordinal);
        private readonly Dictionary<int, Dictionary<string, int>> _categoryValues = new Dictionary<int, Dictionary<string, int>>();
        private readonly CancellationToken _cancellationToken;
        // Reuse of the norms of the file's last binding (see BindNorm): the table, what the parse moved, and this contract's
        // environment (null when its names are not unique: no reuse).
        private RecentFileTables<NormSyntax, BoundNormCache.Entry>.Pass? _norms;
        private SyntaxMoves? _moves;
        private NormEnvironment? _environment;
        private long _suggestionBudget = SuggestionBudget;
        private bool _hasErrors;
        private int _errorCount;

        /// <summary>
        /// How many edit-distance cells "did you mean" may compute per contract. Each suggestion compares the
        /// unknown name with every candidate, so thousands of unknown names among thousands of declarations (or
        /// one 100,000-character name) would otherwise cost billions of steps; past the budget, diagnostics
        /// simply carry no suggestion.
        /// </summary>
        private const long SuggestionBudget = 4_000_000;

        /// <summary>How many names a message lists before it says how many more there are.</summary>
        private const int ListedInMessages = 10;

        private enum SymbolKind { Signal, Param, Let, Norm }

        private sealed record Symbol(SymbolKind Kind, string Name, SourceSpan Span, MemberSyntax Declaration);

        private Binder(string path, string text, List<ContractDiagnostic> diagnostics, CancellationToken cancellationToken)
        {
            _path = path;
            _text = text;
            _diagnostics = diagnostics;
            _cancellationToken = cancellationToken;
        }

        /// <summary>
        /// Binds every contract of a parsed file; diagnostics are appended to <paramref name="diagnostics"/>.
        /// Throws <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> fires
        /// (checked at every declaration).
        /// </summary>
        public static IReadOnlyList<BindingResult> Bind(ContractFileSyntax file, string text, List<ContractDiagnostic> diagnostics,
            CancellationToken cancellationToken = default) =>
            Bind(file, text, diagnostics, moves: null, BoundNormCache.Shared, cancellationToken);

        /// <summary>
        /// The same, reusing the norms that the last binding of the file in <paramref name="cache"/> (null: none) bound from
        /// declarations that did not change (<see cref="BoundNormCache"/>), also where <paramref name="moves"/> (from the
        /// parse) says a declaration moved.
        /// </summary>
        internal static IReadOnlyList<BindingResult> Bind(ContractFileSyntax file, string text, List<ContractDiagnostic> diagnostics,
            SyntaxMoves? moves, BoundNormCache? cache, CancellationToken cancellationToken = default)
        {
            // A file of more contracts than there are environments kept (the fuzzing benchmark's 10,000 one-norm contracts)
            // would never find its own again: bound directly, as the analysis caches skip such files.
            var norms = file.Contracts.Length <= NormEnvironment.Kept ? cache?.Begin(file.Path) : null;
            var results = file.Contracts.Select(c => new Binder(file.Path, text, diagnostics, cancellationToken) { _norms = norms, _moves = moves }
                .BindContract(c, file.Namespace?.Text)).ToList();
            norms?.Publish();
            return results;
        }

        /// <summary>Checked once per declaration.</summary>
        private void CheckCancellation() => _cancellationToken.ThrowIfCancellationRequested();

        // ---- diagnostics ----------------------------------------------------------------------------

        private void Report(DiagnosticDescriptorInfo descriptor, SourceSpan span, string message)
        {
            if (descriptor.DefaultSeverity == Severity.Error) { _hasErrors = true; _errorCount++; }
            _diagnostics.Add(new ContractDiagnostic(descriptor, _path, span, message));
        }

        /// <summary>The keyword a declaration starts with: where a diagnostic about the declaration as a whole points.</summary>
        private static SourceSpan KeywordSpan(MemberSyntax member, string keyword) =>
            new SourceSpan(member.Span.Start, Math.Min(keyword.Length, member.Span.Length), member.Span.Line, member.Span.Column);

        private string SourceText(SourceSpan span) =>
            span.Start >= 0 && span.End <= _text.Length ? _text.Substring(span.Start, span.Length) : "";

        private string? DidYouMean(string name, IEnumerable<string> candidates)
        {
            if (_suggestionBudget <= 0) return null;
            string? best = null;
            int bestDistance = int.MaxValue;
            int threshold = Math.Max(1, name.Length / 3);
            foreach (var candidate in candidates)
            {
                // A candidate whose length differs by more than the threshold is at least that far away.
                if (Math.Abs(candidate.Length - name.Length) > threshold) continue;
                long cost = (long)(name.Length + 1) * (candidate.Length + 1);
                if (cost > _suggestionBudget) { _suggestionBudget = 0; break; }
                _suggestionBudget -= cost;
                int d = EditDistance(name, candidate);
                if (d < bestDistance) { bestDistance = d; best = candidate; }
            }
            return best != null && bestDistance <= threshold ? $"; did you mean `{best}`?" : null;
        }

        /// <summary>
        /// Names for a message: all of them when there are few, else the first <see cref="ListedInMessages"/> and
        /// how many more (a 20,000-value category must not put 20,000 values into every message about it).
        /// </summary>
        private static string ListForMessage(IEnumerable<string> names, string separator = ", ")
        {
            var listed = names.Take(ListedInMessages + 1).ToList();
            if (listed.Count <= ListedInMessages) return string.Join(separator, listed);
            int total = names.Count();
            return string.Join(separator, listed.Take(ListedInMessages)) + separator + $"… ({total - ListedInMessages} more)";
        }

        /// <summary>A signal's type for a message: <see cref="BoundSignal.TypeText"/>, with a long category cut short.</summary>
        private static string TypeForMessage(BoundSignal signal) =>
            signal.Kind == SignalKind.Category ? "category { " + ListForMessage(signal.Categories) + " }" : signal.TypeText;

        private static int EditDistance(string a, string b)
        {
            var previous = new int[b.Length + 1];
            var current = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++) previous[j] = j;
            for (int i = 1; i <= a.Length; i++)
            {
                current[0] = i;
                for (int j = 1; j <= b.Length; j++)
                    current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
                (previous, current) = (current, previous);
            }
            return previous[b.Length];
        }

        private void ReportUnknown(IdentifierSyntax name, string what, IEnumerable<string> candidates) =>
            Report(DiagnosticCatalog.UnknownName, name.Span, $"unknown {what} `{name.Text}`" + (DidYouMean(name.Text, candidates) ?? ""));

        // ---- contract -------------------------------------------------------------------------------

        private BindingResult BindContract(ContractSyntax syntax, string? ns)
        {
            var members = syntax.Members;
            int diagnosticsBefore = _diagnostics.Count;
            DeclareSymbols(members);
            // Every name means one thing (no duplicate declaration): then what a norm's names resolve to is decided by the
            // signals, params and lets alone, which is what reusing a bound norm relies on (see BindNorm).
            bool namesUnique = _diagnostics.Count == diagnosticsBefore;
            var kinds = new MembersByKind(members);

            BoundParty? principal = BindParty(kinds.Parties, PartyRole.Principal);
            BoundParty? agent = BindParty(kinds.Parties, PartyRole.Agent);

            foreach (var signal in kinds.Signals)
            {
                CheckCancellation();
                var bound = BindSignal(signal, _signals.Count);
                _signals.Add(bound);
                if (!_signalByName.ContainsKey(bound.Name)) _signalByName.Add(bound.Name, bound);
                if (!_signalByNameAndKind.ContainsKey((bound.Name, bound.Kind))) _signalByNameAndKind.Add((bound.Name, bound.Kind), bound);
            }
            foreach (var param in kinds.Params)
            {
                CheckCancellation();
                var bound = BindParam(param, _params.Count);
                _params.Add(bound);
                if (!_paramByName.ContainsKey(bound.Name)) _paramByName.Add(bound.Name, bound);
            }
            var lets = BindLets(kinds.Lets);
            // The declarations as the contract holds them; with unique names, also what a reused norm was bound against.
            var declared = new NormEnvironment(_signals.ToEquatableArray(), _params.ToEquatableArray(), lets.ToEquatableArray());
            if (namesUnique && _norms != null) _environment = declared.Shared();

            var rewards = kinds.Rewards;
            BoundExpression reward = new BoundConstant(0);
            string rewardText = "0";
            SourceSpan rewardSpan = syntax.Name.Span;
            bool rewardHasErrors = rewards.Count == 0;
            if (rewards.Count == 0)
            {
                Report(DiagnosticCatalog.RewardCount, syntax.Name.Span, $"contract `{syntax.Name.Text}` has no `reward`: add exactly one base reward, e.g. `reward 0;`");
            }
            else
            {
                // On the extra `reward` keyword (a member's span starts with its keyword), not the whole declaration.
                foreach (var extra in rewards.Skip(1))
                    Report(DiagnosticCatalog.RewardCount, KeywordSpan(extra, "reward"), $"contract `{syntax.Name.Text}` has more than one `reward` (the first is at line {rewards[0].Span.Line}): a contract has exactly one base reward");
                int before = _errorCount;
                reward = BindExpression(rewards[0].Value);
                rewardHasErrors = _errorCount > before;
                rewardText = SourceText(rewards[0].Value.Span);
                rewardSpan = rewards[0].Value.Span;
            }

            var norms = new List<BoundNorm>(kinds.Norms.Count);
            foreach (var n in kinds.Norms)
            {
                CheckCancellation();
                int before = _errorCount;
                var norm = BindNorm(n, norms.Count);
                norms.Add(_errorCount > before ? norm with { HasErrors = true } : norm);
            }
            var preferences = BindPreferences(kinds.Preferences, norms);
            CheckCancellation();
            var order = PreferenceOrder.Close(norms.Count, preferences.Select(p => (p.Preferred, p.Over)));
            if (!order.IsComplete)
            {
                var first = kinds.Preferences[0];
                Report(DiagnosticCatalog.InvalidValue, KeywordSpan(first, "prefer"),
                    $"the preferences relate too many pairs of norms to be analysed (their transitive closure exceeds {PreferenceOrder.MaxClosurePairs:N0} pairs); " +
                    "order norms within concerns rather than in one long chain");
            }
            ReportPreferenceCycles(order, norms, preferences);
            var welfare = BindWelfare(kinds.Welfare);
            var uncertainty = new List<BoundUncertainRule>(kinds.Uncertain.Count);
            foreach (var u in kinds.Uncertain)
            {
                CheckCancellation();
                uncertainty.Add(BindUncertain(u, uncertainty.Count));
            }

            var contract = new BoundContract(
                syntax.Name.Text, ns, syntax.Doc, _path, syntax.Span, syntax.Name.Span, principal, agent,
                declared.Signals, declared.Params, declared.Lets,
                reward, rewardText, rewardSpan, norms.ToEquatableArray(), preferences.ToEquatableArray(), order, welfare,
                uncertainty.ToEquatableArray()) { RewardHasErrors = rewardHasErrors };
            return new BindingResult(contract, _hasErrors);
        }

        /// <summary>
        /// A contract's members by kind, in declaration order: one pass over the members instead of one filtering
        /// iterator per kind (a file of 10,000 small contracts made 100,000 of them).
        /// </summary>
        private sealed class MembersByKind
        {
            public readonly List<PartySyntax> Parties = new List<PartySyntax>();
            public readonly List<SignalSyntax> Signals = new List<SignalSyntax>();
            public readonly List<ParamSyntax> Params = new List<ParamSyntax>();
            public readonly List<LetSyntax> Lets = new List<LetSyntax>();
            public readonly List<RewardSyntax> Rewards = new List<RewardSyntax>();
            public readonly List<NormSyntax> Norms = new List<NormSyntax>();
            public readonly List<PreferSyntax> Preferences = new List<PreferSyntax>();
            public readonly List<WelfareSyntax> Welfare = new List<WelfareSyntax>();
            public readonly List<UncertainSyntax> Uncertain = new List<UncertainSyntax>();

            public MembersByKind(EquatableArray<MemberSyntax> members)
            {
                foreach (var member in members)
                {
                    switch (member)
                    {
                        case PartySyntax p: Parties.Add(p); break;
                        case SignalSyntax s: Signals.Add(s); break;
                        case ParamSyntax p: Params.Add(p); break;
                        case LetSyntax l: Lets.Add(l); break;
                        case RewardSyntax r: Rewards.Add(r); break;
                        case NormSyntax n: Norms.Add(n); break;
                        case PreferSyntax p: Preferences.Add(p); break;
                        case WelfareSyntax w: Welfare.Add(w); break;
                        case UncertainSyntax u: Uncertain.Add(u); break;
                    }
                }
            }
        }

        /// <summary>Signals, params, lets and norms share one namespace: a name means one thing.</summary>
        private void DeclareSymbols(EquatableArray<MemberSyntax> members)
        {
            foreach (var member in members)
            {
                CheckCancellation();
                (SymbolKind kind, IdentifierSyntax name)? declared = member switch
                {
                    SignalSyntax s => (SymbolKind.Signal, s.Name),
                    ParamSyntax p => (SymbolKind.Param, p.Name),
                    LetSyntax l => (SymbolKind.Let, l.Name),
                    NormSyntax n => (SymbolKind.Norm, n.Name),
                    _ => null,
                };
                if (declared is not { } d) continue;
                if (_symbols.TryGetValue(d.name.Text, out var existing))
                {
                    Report(DiagnosticCatalog.DuplicateDeclaration, d.name.Span,
                        $"`{d.name.Text}` is already declared as a {existing.Kind.ToString().ToLowerInvariant()} at line {existing.Span.Line}");
                    continue;
                }
                _symbols.Add(d.name.Text, new Symbol(d.kind, d.name.Text, d.name.Span, member));
            }
        }

        /// <summary>
        /// Names that can stand for a number or a condition: suggestions for an unknown value come from these only
        /// (a norm is not a value, so suggesting one would only lead to the next error).
        /// </summary>
        private IEnumerable<string> ValueNames => _symbols.Values.Where(s => s.Kind != SymbolKind.Norm).Select(s => s.Name);

        private bool IsFirstDeclaration(IdentifierSyntax name) =>
            _symbols.TryGetValue(name.Text, out var symbol) && symbol.Span == name.Span;

        private BoundParty? BindParty(List<PartySyntax> all, PartyRole role)
        {
            var parties = new List<PartySyntax>();
            foreach (var p in all) if (p.Role == role) parties.Add(p);
            foreach (var extra in parties.Skip(1))
                Report(DiagnosticCatalog.DuplicateDeclaration, extra.Name.Span, $"the contract already names its {role.ToString().ToLowerInvariant()} (`{parties[0].Name.Text}`)");
            return parties.Count == 0 ? null : new BoundParty(parties[0].Name.Text, parties[0].Description);
        }

        // ---- declarations ---------------------------------------------------------------------------

        private BoundSignal BindSignal(SignalSyntax syntax, int index)
        {
            double low = double.NegativeInfinity, high = double.PositiveInfinity;
            int ensembleSize = 0;
            var categories = EquatableArray<string>.Empty;
            SignalKind kind;
            switch (syntax.Type)
            {
                case RealTypeSyntax real:
                    kind = real.EnsembleSize is null ? SignalKind.Real : SignalKind.Ensemble;
                    if (real.EnsembleSize is { } size)
                    {
                        if (size.Value < 1 || size.Value != Math.Floor(size.Value) || size.Value > 1024)
                            Report(DiagnosticCatalog.InvalidValue, size.Span, $"an ensemble has a whole number of members between 1 and 1024, not {size.Value}");
                        ensembleSize = (int)Math.Max(1, Math.Min(1024, Math.Floor(size.Value)));
                    }
                    (low, high) = BindDomain(real.Range, low, high);
                    break;
                case ProbTypeSyntax:
                    kind = SignalKind.Prob;
                    (low, high) = (0, 1);
                    break;
                case CountTypeSyntax count:
                    kind = SignalKind.Count;
                    (low, high) = BindDomain(count.Range, 0, double.PositiveInfinity);
                    if (count.Range is { } range && range.Low.Value < 0)
                        Report(DiagnosticCatalog.InvalidValue, range.Low.Span, $"a count is a whole number ≥ 0; its domain can't start at {range.Low.Value}");
                    low = Math.Ceiling(Math.Max(0, low));
                    high = Math.Floor(high);
                    // `count in [0.2, 0.8]` holds no whole number: rounding inwards would leave the empty domain
                    // [1, 0] silently. Reported unless the range was already reported as invalid above.
                    if (low > high)
                    {
                        if (count.Range is { } r && r.Low.Value >= 0 && r.Low.Value <= r.High.Value)
                            Report(DiagnosticCatalog.InvalidValue, r.Span, $"a count is a whole number, and [{r.Low.Value}, {r.High.Value}] contains none");
                        high = low;
                    }
                    break;
                case FlagTypeSyntax:
                    kind = SignalKind.Flag;
                    (low, high) = (0, 1);
                    break;
                case CategoryTypeSyntax category:
                    kind = SignalKind.Category;
                    var seen = new HashSet<string>(StringComparer.Ordinal);
                    var distinct = new List<string>();
                    foreach (var value in category.Values)
                    {
                        if (seen.Add(value.Text)) distinct.Add(value.Text);
                        else Report(DiagnosticCatalog.DuplicateDeclaration, value.Span, $"category value `{value.Text}` is listed twice in `{syntax.Name.Text}`");
                    }
                    categories = distinct.ToEquatableArray();
                    (low, high) = (0, categories.Length - 1);
                    break;
                default:
                    throw new InvalidOperationException("unknown type syntax " + syntax.Type.GetType().Name);
            }
            return new BoundSignal(index, syntax.Name.Text, kind, low, high, ensembleSize, categories, syntax.Controlled, syntax.Description, syntax.Doc, syntax.Name.Span);
        }

        private (double Low, double High) BindDomain(RangeSyntax? range, double low, double high)
        {
            if (range is null) return (low, high);
            if (range.Low.Value > range.High.Value)
            {
                Report(DiagnosticCatalog.InvalidValue, range.Span, $"the domain's lower bound {range.Low.Value} is above its upper bound {range.High.Value}");
                return (range.High.Value, range.Low.Value);
            }
            return (range.Low.Value, range.High.Value);
        }

        private BoundParam BindParam(ParamSyntax syntax, int index)
        {
            double value = syntax.Default.Value;
            if (syntax.Range is null)
            {
                Report(DiagnosticCatalog.ParamBounds, syntax.Name.Span,
                    $"param `{syntax.Name.Text}` needs bounds (`in [lo, hi]`): the analysis must hold for every value it can be set to at run time");
                return new BoundParam(index, syntax.Name.Text, value, value, value, syntax.Description, syntax.Doc, syntax.Name.Span);
            }
            double low = syntax.Range.Low.Value, high = syntax.Range.High.Value;
            if (low > high)
            {
                Report(DiagnosticCatalog.ParamBounds, syntax.Range.Span, $"param `{syntax.Name.Text}`: lower bound {low} is above upper bound {high}");
                (low, high) = (high, low);
            }
            else if (value < low || value > high)
            {
                Report(DiagnosticCatalog.ParamBounds, syntax.Default.Span, $"param `{syntax.Name.Text}`: default {value} is outside its bounds [{low}, {high}]");
            }
            return new BoundParam(index, syntax.Name.Text, value, low, high, syntax.Description, syntax.Doc, syntax.Name.Span);
        }

        /// <summary>
        /// Orders lets so each comes after the lets it uses; a cycle is CDSL1010. A depth-first search with its
        /// own stack: a chain of lets, each using the one before, is as long as the file makes it.
        /// </summary>
        private List<BoundLet> BindLets(List<LetSyntax> lets)
        {
            var byName = new Dictionary<string, LetSyntax>(StringComparer.Ordinal);
            foreach (var let in lets)
                if (IsFirstDeclaration(let.Name)) byName[let.Name.Text] = let;

            var order = new List<LetSyntax>();
            var state = new Dictionary<string, int>(StringComparer.Ordinal); // 1 = visiting, 2 = done
            var path = new List<string>();                                    // the lets being visited, outermost first
            var onPath = new Dictionary<string, int>(StringComparer.Ordinal); // a visiting let's place in the path
            var calls = new Stack<(LetSyntax Let, List<LetSyntax> Dependencies, int Next)>();

            // Visits a let: reports a cycle if it is being visited, returns whether it must be entered.
            bool Enter(LetSyntax let)
            {
                if (state.TryGetValue(let.Name.Text, out int s))
                {
                    if (s == 1)
                    {
                        var cycle = path.Skip(onPath[let.Name.Text]).Concat(new[] { let.Name.Text }).ToList();
                        Report(DiagnosticCatalog.LetCycle, let.Name.Span, $"let `{let.Name.Text}` depends on itself: {CycleForMessage(cycle)}");
                    }
                    return false;
                }
                state[let.Name.Text] = 1;
                onPath[let.Name.Text] = path.Count;
                path.Add(let.Name.Text);
                var dependencies = NamesIn(let.Value).Where(byName.ContainsKey).Select(name => byName[name]).ToList();
                calls.Push((let, dependencies, 0));
                return true;
            }

            foreach (var root in byName.Values)
            {
                CheckCancellation();
                if (!Enter(root)) continue;
                while (calls.Count > 0)
                {
                    var (let, dependencies, next) = calls.Pop();
                    if (next < dependencies.Count)
                    {
                        calls.Push((let, dependencies, next + 1));
                        Enter(dependencies[next]);
                        continue;
                    }
                    path.RemoveAt(path.Count - 1);
                    onPath.Remove(let.Name.Text);
                    state[let.Name.Text] = 2;
                    order.Add(let);
                }
            }
            for (int i = 0; i < order.Count; i++) _letIndex[order[i].Name.Text] = i;

            var bound = new List<BoundLet>();
            foreach (var let in order)
            {
                CheckCancellation();
                int before = _errorCount;
                var value = BindExpression(let.Value);
                bound.Add(new BoundLet(bound.Count, let.Name.Text, value, SourceText(let.Value.Span), let.Description, let.Doc, let.Name.Span)
                {
                    HasErrors = _errorCount > before,
                });
            }
            return bound;
        }

        /// <summary>A cycle of lets for a message, cut short in the middle when long: <c>a → b → … → z → a</c>.</summary>
        private static string CycleForMessage(List<string> cycle) =>
            cycle.Count <= ListedInMessages + 1
                ? string.Join(" → ", cycle)
                : string.Join(" → ", cycle.Take(ListedInMessages / 2)) + $" → … ({cycle.Count - ListedInMessages} more) → " +
                  string.Join(" → ", cycle.Skip(cycle.Count - ListedInMessages / 2));

        /// <summary>The names an expression uses, each once, in order of first use.</summary>
        private static List<string> NamesIn(ExpressionSyntax expression)
        {
            var names = new List<string>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var stack = new Stack<ExpressionSyntax>();
            stack.Push(expression);
            while (stack.Count > 0)
            {
                switch (stack.Pop())
                {
                    case NameExpressionSyntax name:
                        if (seen.Add(name.Name.Text)) names.Add(name.Name.Text);
                        break;
                    case NegateExpressionSyntax negate:
                        stack.Push(negate.Operand);
                        break;
                    case BinaryExpressionSyntax binary:
                        stack.Push(binary.Right);
                        stack.Push(binary.Left);
                        break;
                    case CallExpressionSyntax call:
                        for (int i = call.Arguments.Length - 1; i >= 0; i--) stack.Push(call.Arguments[i]);
                        break;
                }
            }
            return names;
        }

        // ---- reuse of bound norms (BoundNormCache) -----------------------------------------------------------

        private bool SameText(SourceSpan? span, string? text) =>
            span is not SourceSpan s ? text is null
                : text is not null && text.Length == s.Length && s.Start >= 0 && s.End <= _text.Length && string.CompareOrdinal(_text, s.Start, text, 0, s.Length) == 0;

        /// <summary>
        /// A norm: the one the last binding of the file kept for the same cached declaration (moved if the declaration
        /// moved), when it was bound in an equal environment at the same index and its texts and spans are those of this
        /// declaration here; else bound afresh (and kept, when it reported nothing).
        /// </summary>
        private BoundNorm BindNorm(NormSyntax syntax, int index)
        {
            if (_environment == null || _norms == null) return BindNormAfresh(syntax, index);
            NormSyntax declaration = syntax;
            var shift = SyntaxShift.None;
            if (_moves != null && _moves.TryGetOrigin(syntax, out var original, out var moved) && original is NormSyntax cached)
            {
                declaration = cached;
                shift = moved;
            }
            bool atHome = shift.Offset == 0 && shift.Lines == 0;
            if (_norms.TryGetLast(declaration, out var kept) && kept.Index == index && ReferenceEquals(kept.Environment, _environment))
            {
                var norm = atHome && kept.Home != null ? kept.Home
                    : kept.Offset == shift.Offset && kept.Lines == shift.Lines ? kept.Norm
                    : Move(kept.Norm, new SyntaxShift(shift.Offset - kept.Offset, shift.Lines - kept.Lines));
                if (norm.Span == syntax.Span && norm.NameSpan == syntax.Name.Span && SameText(syntax.Context?.Span, norm.ContextText) &&
                    SameText(syntax.Guard?.Span, norm.GuardText) && SameText(syntax.Amount?.Span, norm.AmountText))
                {
                    if (IsFirstDeclaration(syntax.Name)) _normIndex[syntax.Name.Text] = index;
                    _norms.Add(declaration, ReferenceEquals(norm, kept.Norm)
                        ? kept
                        : kept with { Norm = norm, Offset = shift.Offset, Lines = shift.Lines, Home = atHome ? norm : kept.Home });
                    return norm;
                }
            }
            int diagnosticsBefore = _diagnostics.Count;
            var bound = BindNormAfresh(syntax, index);
            if (_diagnostics.Count == diagnosticsBefore)
                _norms.Add(declaration, new BoundNormCache.Entry(_environment, index, bound, shift.Offset, shift.Lines, atHome ? bound : null));
            return bound;
        }

        /// <summary>A bound norm with every location moved by <paramref name="shift"/> (amounts hold none: they are shared).</summary>
        private static BoundNorm Move(BoundNorm norm, SyntaxShift shift) => norm with
        {
            Context = Move(norm.Context, shift),
            Guard = Move(norm.Guard, shift),
            Span = shift.S(norm.Span),
            NameSpan = shift.S(norm.NameSpan),
            AmountSpan = norm.AmountSpan is SourceSpan amount ? shift.S(amount) : (SourceSpan?)null,
        };

        // Recursion as deep as the guard, which the parser bounded (SyntaxDepth) before it cached the declaration.
        private static BoundGuard? Move(BoundGuard? guard, SyntaxShift shift) => guard switch
        {
            null => null,
            BoundAnd a => new BoundAnd(Move(a.Left, shift)!, Move(a.Right, shift)!, shift.S(a.Span)),
            BoundOr o => new BoundOr(Move(o.Left, shift)!, Move(o.Right, shift)!, shift.S(o.Span)),
            BoundNot n => new BoundNot(Move(n.Operand, shift)!, shift.S(n.Span)),
            _ => guard with { Span = shift.S(guard.Span) },
        };

        private BoundNorm BindNormAfresh(NormSyntax syntax, int index)
        {
            var context = syntax.Context is null ? null : BindGuard(syntax.Context);
            var guard = syntax.Guard is null ? null : BindGuard(syntax.Guard);
            var amount = syntax.Amount is null ? null : BindExpression(syntax.Amount);
            double? cap = null;
            if (syntax.Cap is { } capSyntax)
            {
                if (capSyntax.Value < 0)
                    Report(DiagnosticCatalog.InvalidValue, capSyntax.Span, $"`cap` bounds the amount to [-c, c], so c can't be negative ({capSyntax.Value})");
                cap = Math.Abs(capSyntax.Value);
            }
            if (IsFirstDeclaration(syntax.Name)) _normIndex[syntax.Name.Text] = index;
            return new BoundNorm(
                index, syntax.Name.Text, syntax.Concern?.Text ?? syntax.Name.Text, syntax.Rationale, context, guard, syntax.Effect, amount, cap,
                syntax.Context is null ? null : SourceText(syntax.Context.Span),
                syntax.Guard is null ? null : SourceText(syntax.Guard.Span),
                syntax.Amount is null ? null : SourceText(syntax.Amount.Span),
                syntax.Doc, syntax.Span, syntax.Name.Span, syntax.Amount?.Span)
            {
                ConcernDeclared = syntax.Concern != null,
            };
        }

        private List<BoundPreference> BindPreferences(IEnumerable<PreferSyntax> preferences, List<BoundNorm> norms)
        {
            var bound = new List<BoundPreference>();
            foreach (var prefer in preferences)
            {
                CheckCancellation();
                int? preferred = ResolveNorm(prefer.Preferred);
                foreach (var over in prefer.Over)
                {
                    int? other = ResolveNorm(over);
                    if (preferred is int a && other is int b)
                    {
                        bound.Add(new BoundPreference(a, b, prefer.Span));
                        _preferenceTargets.Add(over.Span);
                    }
                }
            }
            return bound;
        }

        private int? ResolveNorm(IdentifierSyntax name)
        {
            if (_normIndex.TryGetValue(name.Text, out int index)) return index;
            if (_symbols.TryGetValue(name.Text, out var symbol))
                Report(DiagnosticCatalog.TypeMismatch, name.Span, $"`{name.Text}` is a {symbol.Kind.ToString().ToLowerInvariant()}, not a norm: `prefer` orders norms");
            else
                ReportUnknown(name, "norm", _normIndex.Keys);
            return null;
        }

        /// <summary>CDSL3004: a norm preferred over itself through a chain. Reported once per cycle.</summary>
        private void ReportPreferenceCycles(PreferenceOrder order, List<BoundNorm> norms, List<BoundPreference> preferences)
        {
            var cycles = order.Cycles;
            if (cycles.Count == 0) return;
            var cycleOf = new Dictionary<int, int>();
            for (int c = 0; c < cycles.Count; c++)
                foreach (int norm in cycles[c]) cycleOf[norm] = c;
            // On the name after `over` in the last-written preference of the cycle (the one that closes it),
            // not on a whole `prefer` statement: that is the token to delete or change.
            var closing = new int[cycles.Count];
            for (int p = 0; p < preferences.Count; p++)
                if (cycleOf.TryGetValue(preferences[p].Preferred, out int a) && cycleOf.TryGetValue(preferences[p].Over, out int b) && a == b)
                    closing[a] = p;
            for (int c = 0; c < cycles.Count; c++)
                Report(DiagnosticCatalog.PreferenceCycle, _preferenceTargets[closing[c]],
                    $"preferences form a cycle among {ListForMessage(cycles[c].Select(m => "`" + norms[m].Name + "`"))}: remove one `prefer` so that the priorities are a partial order");
        }

        private BoundWelfare? BindWelfare(List<WelfareSyntax> rules)
        {
            foreach (var extra in rules.Skip(1))
                Report(DiagnosticCatalog.DuplicateDeclaration, KeywordSpan(extra, "welfare"), $"the contract already has a welfare rule (line {rules[0].Span.Line}); a contract has at most one");
            if (rules.Count == 0) return null;
            var syntax = rules[0];

            int category = -1;
            var signal = SignalNamed(syntax.Over.Text);
            if (signal is null)
            {
                if (_symbols.ContainsKey(syntax.Over.Text))
                    Report(DiagnosticCatalog.InvalidWelfare, syntax.Over.Span, $"welfare is over a category signal; `{syntax.Over.Text}` is not a signal");
                else
                    ReportUnknown(syntax.Over, "signal", _signals.Where(s => s.Kind == SignalKind.Category).Select(s => s.Name));
            }
            else if (signal.Kind != SignalKind.Category)
            {
                Report(DiagnosticCatalog.InvalidWelfare, syntax.Over.Span, $"welfare is over a category signal; `{signal.Name}` is a {TypeForMessage(signal)}");
            }
            else
            {
                category = signal.Index;
            }

            var weights = Enumerable.Repeat(1.0, signal?.Categories.Length ?? 0).ToArray();
            foreach (var weight in syntax.Weights)
            {
                if (category < 0 || signal is null) break;
                int value = CategoryValue(signal, weight.Value.Text);
                if (value < 0)
                    Report(DiagnosticCatalog.InvalidWelfare, weight.Value.Span, $"`{weight.Value.Text}` is not a value of `{signal.Name}`" + (DidYouMean(weight.Value.Text, signal.Categories) ?? ""));
                else if (weight.Weight.Value < 0)
                    Report(DiagnosticCatalog.InvalidWelfare, weight.Weight.Span, $"group weights are ≥ 0, not {weight.Weight.Value}");
                else
                    weights[value] = weight.Weight.Value;
            }

            double exponent = syntax.Exponent?.Value ?? 1;
            if (syntax.Kind == WelfareKind.Power && exponent == 0)
                Report(DiagnosticCatalog.InvalidWelfare, syntax.Exponent!.Span, "`power 0` is the Nash limit: write `nash`");
            double temperature = syntax.Temperature?.Value ?? 1;
            if (syntax.Temperature is { } t && t.Value <= 0)
                Report(DiagnosticCatalog.InvalidValue, t.Span, $"the temperature is > 0, not {t.Value}");
            return new BoundWelfare(syntax.Kind, exponent, category, weights.ToEquatableArray(), syntax.From?.Value, temperature, syntax.Span);
        }

        private BoundUncertainRule BindUncertain(UncertainSyntax syntax, int index)
        {
            double weight = syntax.Weight?.Value ?? 1;
            if (syntax.Weight is { } w && (w.Value < 0 || w.Value > 1))
                Report(DiagnosticCatalog.InvalidValue, w.Span, $"an uncertainty weight is in [0, 1], not {w.Value}");
            var guard = syntax.Guard is null ? null : BindGuard(syntax.Guard);
            return new BoundUncertainRule(index, Math.Max(0, Math.Min(1, weight)), syntax.Trigger, guard,
                syntax.Guard is null ? null : SourceText(syntax.Guard.Span), syntax.Reason, syntax.Span);
        }

        // ---- expressions ----------------------------------------------------------------------------

        private static readonly Dictionary<string, (BuiltinFunction Function, int Arity)> Functions = new Dictionary<string, (BuiltinFunction, int)>(StringComparer.Ordinal)
        {
            ["min"] = (BuiltinFunction.Min, 2),
            ["max"] = (BuiltinFunction.Max, 2),
            ["clamp"] = (BuiltinFunction.Clamp, 3),
            ["abs"] = (BuiltinFunction.Abs, 1),
            ["exp"] = (BuiltinFunction.Exp, 1),
            ["log"] = (BuiltinFunction.Log, 1),
            ["sigmoid"] = (BuiltinFunction.Sigmoid, 1),
            ["tanh"] = (BuiltinFunction.Tanh, 1),
        };

        private static readonly Dictionary<string, EnsembleStatistic> Statistics = new Dictionary<string, EnsembleStatistic>(StringComparer.Ordinal)
        {
            ["mean"] = EnsembleStatistic.Mean,
            ["std"] = EnsembleStatistic.Std,
            ["var"] = EnsembleStatistic.Var,
            ["min"] = EnsembleStatistic.Min,
            ["max"] = EnsembleStatistic.Max,
        };

        private static readonly BoundExpression Error = new BoundConstant(0);

        /// <summary>
        /// Binds an expression bottom-up with its own stacks, not recursion: the parser bounds how deep a tree can
        /// be (<see cref="SyntaxDepth.MaxDepth"/>), but the binder also takes syntax built by other code, and a
        /// stack overflow is the one failure no caller can catch. Children are bound left to right before their
        /// parent, so diagnostics come in source order.
        /// </summary>
        private BoundExpression BindExpression(ExpressionSyntax root)
        {
            switch (root)   // most amounts are a number or a name: no stacks for those
            {
                case NumberExpressionSyntax number:
                    return new BoundConstant(number.Value);
                case NameExpressionSyntax name:
                    return BindValueName(name) ?? Error;
            }
            var stacks = Slot.Take(ref _expressionStacks);
            try
            {
                return BindExpression(root, stacks.Work, stacks.Bound);
            }
            finally
            {
                stacks.Return(ref _expressionStacks);
            }
        }

        // The binder's stacks for its iterative walks, taken while in use (Slot.Take, then Return): a contract of a thousand norms binds a few
        // thousand expressions and guards, and two new stacks per call were half of what binding allocated.
        private WorkStacks<ExpressionSyntax, BoundExpression>? _expressionStacks;
        private WorkStacks<GuardSyntax, BoundGuard>? _guardStacks;

        /// <summary>The two stacks of a post-order walk: nodes to visit (and whether their children are bound), and results.</summary>
        private sealed class WorkStacks<TNode, TBound>
        {
            public readonly Stack<(TNode Node, bool ChildrenBound)> Work = new Stack<(TNode Node, bool ChildrenBound)>();
            public readonly Stack<TBound> Bound = new Stack<TBound>();

            /// <summary>Empties the stacks (a walk that threw may have left items) and keeps them in <paramref name="slot"/>.</summary>
            public void Return(ref WorkStacks<TNode, TBound>? slot)
            {
                Work.Clear();
                Bound.Clear();
                slot = this;
            }
        }

        private BoundExpression BindExpression(ExpressionSyntax root, Stack<(ExpressionSyntax Node, bool ChildrenBound)> work, Stack<BoundExpression> bound)
        {
            work.Push((root, false));
            while (work.Count > 0)
            {
                var (node, childrenBound) = work.Pop();
                switch (node)
                {
                    case NumberExpressionSyntax number:
                        bound.Push(new BoundConstant(number.Value));
                        continue;
                    case NameExpressionSyntax name:
                        bound.Push(BindValueName(name) ?? Error);
                        continue;
                }
                if (!childrenBound)
                {
                    work.Push((node, true));
                    switch (node)
                    {
                        case NegateExpressionSyntax negate:
                            work.Push((negate.Operand, false));
                            break;
                        case BinaryExpressionSyntax binary:
                            work.Push((binary.Right, false));
                            work.Push((binary.Left, false));
                            break;
                        case CallExpressionSyntax call:
                            for (int i = call.Arguments.Length - 1; i >= 0; i--) work.Push((call.Arguments[i], false));
                            break;
                        default:
                            throw new InvalidOperationException("unknown expression syntax " + node.GetType().Name);
                    }
                    continue;
                }
                switch (node)
                {
                    case NegateExpressionSyntax:
                        bound.Push(new BoundNegate(bound.Pop()));
                        break;
                    case BinaryExpressionSyntax binary:
                        var right = bound.Pop();
                        var left = bound.Pop();
                        bound.Push(new BoundBinary(binary.Operator, left, right));
                        break;
                    case CallExpressionSyntax call:
                        var args = new BoundExpression[call.Arguments.Length];
                        for (int i = args.Length - 1; i >= 0; i--) args[i] = bound.Pop();
                        bound.Push(BindCall(call, args));
                        break;
                }
            }
            return bound.Pop();
        }

        private BoundExpression BindCall(CallExpressionSyntax call, BoundExpression[] args)
        {
            if (!Functions.TryGetValue(call.Function.Text, out var function))
            {
                ReportUnknown(call.Function, "function", Functions.Keys);
                return Error;
            }
            if (args.Length != function.Arity)
            {
                Report(DiagnosticCatalog.TypeMismatch, call.Span, $"`{call.Function.Text}` takes {function.Arity} argument{(function.Arity == 1 ? "" : "s")}, not {args.Length}");
                return Error;
            }
            return new BoundCall(function.Function, args.ToEquatableArray());
        }

        /// <summary>A name used as a number: a scalar signal, an ensemble member, a param or a let.</summary>
        private BoundExpression? BindValueName(NameExpressionSyntax syntax, bool inGuard = false)
        {
            string name = syntax.Name.Text;
            if (!_symbols.TryGetValue(name, out var symbol))
            {
                ReportUnknown(syntax.Name, "name", ValueNames);
                return null;
            }
            if (syntax.Member is { } member && symbol.Kind != SymbolKind.Signal)
            {
                Report(DiagnosticCatalog.TypeMismatch, member.Span, $"`{name}` is a {symbol.Kind.ToString().ToLowerInvariant()}; only ensemble signals (`real[k]`) have members");
                return null;
            }
            switch (symbol.Kind)
            {
                case SymbolKind.Param:
                    if (inGuard)
                    {
                        Report(DiagnosticCatalog.TypeMismatch, syntax.Span, $"a guard compares one signal or let with a constant number; param `{name}` can't appear in a guard");
                        return null;
                    }
                    return new BoundParamValue(_paramByName[name].Index);
                case SymbolKind.Let:
                    return _letIndex.TryGetValue(name, out int let) ? new BoundLetValue(let) : null;
                case SymbolKind.Norm:
                    Report(DiagnosticCatalog.TypeMismatch, syntax.Span, $"`{name}` is a norm, not a value");
                    return null;
            }

            var signal = SignalNamed(name);
            if (signal is null) return null; // declared later as a duplicate; already reported
            if (signal.Kind == SignalKind.Ensemble)
            {
                if (syntax.Member is null)
                {
                    Report(DiagnosticCatalog.TypeMismatch, syntax.Span, $"`{name}` is an ensemble ({TypeForMessage(signal)}); use one of its members: `{name}.mean`, `.std`, `.var`, `.min` or `.max`");
                    return null;
                }
                if (!Statistics.TryGetValue(syntax.Member.Text, out var statistic))
                {
                    ReportUnknown(syntax.Member, $"member of ensemble `{name}`", Statistics.Keys);
                    return null;
                }
                return new BoundEnsembleMember(signal.Index, statistic);
            }
            if (syntax.Member is { } m)
            {
                Report(DiagnosticCatalog.TypeMismatch, m.Span, $"`{name}` is a {TypeForMessage(signal)}; only ensemble signals (`real[k]`) have members");
                return null;
            }
            if (signal.IsScalar) return new BoundSignalValue(signal.Index);
            Report(DiagnosticCatalog.TypeMismatch, syntax.Span, signal.Kind == SignalKind.Flag
                ? $"`{name}` is a flag, not a number: use it as a condition (`when {name}`)"
                : $"`{name}` is a category, not a number: compare it with a value (`{name} == {signal.Categories[0]}`) in a guard");
            return null;
        }

        // ---- guards ---------------------------------------------------------------------------------

        /// <summary>Binds a condition bottom-up with its own stacks, like <see cref="BindExpression"/>.</summary>
        private BoundGuard BindGuard(GuardSyntax root)
        {
            switch (root)   // most conditions are one test: no stacks for those
            {
                case NameGuardSyntax flag:
                    return BindFlag(flag);
                case InSetGuardSyntax inSet:
                    return BindCategoryTest(inSet.Subject, inSet.Values, negate: false, inSet.Span);
                case ComparisonGuardSyntax comparison:
                    return BindComparison(comparison);
            }
            var stacks = Slot.Take(ref _guardStacks);
            try
            {
                return BindGuard(root, stacks.Work, stacks.Bound);
            }
            finally
            {
                stacks.Return(ref _guardStacks);
            }
        }

        private BoundGuard BindGuard(GuardSyntax root, Stack<(GuardSyntax Node, bool ChildrenBound)> work, Stack<BoundGuard> bound)
        {
            work.Push((root, false));
            while (work.Count > 0)
            {
                var (node, childrenBound) = work.Pop();
                switch (node)
                {
                    case NameGuardSyntax flag:
                        bound.Push(BindFlag(flag));
                        continue;
                    case InSetGuardSyntax inSet:
                        bound.Push(BindCategoryTest(inSet.Subject, inSet.Values, negate: false, inSet.Span));
                        continue;
                    case ComparisonGuardSyntax comparison:
                        bound.Push(BindComparison(comparison));
                        continue;
                }
                if (!childrenBound)
                {
                    work.Push((node, true));
                    switch (node)
                    {
                        case AndGuardSyntax and:
                            work.Push((and.Right, false));
                            work.Push((and.Left, false));
                            break;
                        case OrGuardSyntax or:
                            work.Push((or.Right, false));
                            work.Push((or.Left, false));
                            break;
                        case NotGuardSyntax not:
                            work.Push((not.Operand, false));
                            break;
                        default:
                            throw new InvalidOperationException("unknown guard syntax " + node.GetType().Name);
                    }
                    continue;
                }
                switch (node)
                {
                    case AndGuardSyntax and:
                    {
                        var right = bound.Pop();
                        bound.Push(new BoundAnd(bound.Pop(), right, and.Span));
                        break;
                    }
                    case OrGuardSyntax or:
                    {
                        var right = bound.Pop();
                        bound.Push(new BoundOr(bound.Pop(), right, or.Span));
                        break;
                    }
                    case NotGuardSyntax not:
                        bound.Push(new BoundNot(bound.Pop(), not.Span));
                        break;
                }
            }
            return bound.Pop();
        }

        /// <summary>A guard that failed to bind. Only contracts with errors contain one, and those are never analysed or emitted.</summary>
        private static BoundGuard ErrorGuard(SourceSpan span) => new BoundInvalidGuard(span);

        private BoundGuard BindFlag(NameGuardSyntax syntax)
        {
            var signal = syntax.Name.Member is null ? SignalNamed(syntax.Name.Name.Text) : null;
            if (signal?.Kind == SignalKind.Flag) return new BoundFlag(signal.Index, syntax.Span);
            if (!_symbols.ContainsKey(syntax.Name.Name.Text))
            {
                ReportUnknown(syntax.Name.Name, "flag", _signals.Where(s => s.Kind == SignalKind.Flag).Select(s => s.Name));
                return ErrorGuard(syntax.Span);
            }
            Report(DiagnosticCatalog.TypeMismatch, syntax.Span, $"`{syntax.Name.Text}` is not a flag: a condition compares it with a constant (e.g. `{syntax.Name.Text} > 0`)");
            return ErrorGuard(syntax.Span);
        }

        private BoundGuard BindCategoryTest(NameExpressionSyntax subject, IEnumerable<IdentifierSyntax> values, bool negate, SourceSpan span)
        {
            var signal = subject.Member is null ? SignalNamed(subject.Name.Text) : null;
            if (signal?.Kind != SignalKind.Category)
            {
                if (!_symbols.ContainsKey(subject.Name.Text))
                    ReportUnknown(subject.Name, "category signal", _signals.Where(s => s.Kind == SignalKind.Category).Select(s => s.Name));
                else
                    Report(DiagnosticCatalog.TypeMismatch, subject.Span, $"`{subject.Text}` is not a category: `in {{ ... }}` and `==` with a value need a category signal");
                return ErrorGuard(span);
            }
            var indices = new SortedSet<int>();
            bool ok = true;
            foreach (var value in values)
            {
                int index = CategoryValue(signal, value.Text);
                if (index < 0)
                {
                    Report(DiagnosticCatalog.UnknownCategoryValue, value.Span,
                        $"`{value.Text}` is not a value of `{signal.Name}` ({ListForMessage(signal.Categories)})" + (DidYouMean(value.Text, signal.Categories) ?? ""));
                    ok = false;
                }
                else indices.Add(index);
            }
            if (!ok) return ErrorGuard(span);
            var set = negate ? Enumerable.Range(0, signal.Categories.Length).Where(i => !indices.Contains(i)) : indices;
            return new BoundCategoryTest(signal.Index, set.ToEquatableArray(), span);
        }

        private BoundGuard BindComparison(ComparisonGuardSyntax syntax)
        {
            var left = syntax.Left;
            var right = syntax.Right;
            var op = syntax.Operator;

            // A category on either side: `c == V`, `c != V`.
            if (IsCategory(left) || IsCategory(right))
            {
                var (subject, value) = IsCategory(left) ? (left, right) : (right, left);
                if (op != ComparisonOperator.Equal && op != ComparisonOperator.NotEqual)
                {
                    Report(DiagnosticCatalog.TypeMismatch, syntax.OperatorSpan, "categories are compared with `==`, `!=` or `in { ... }`, not ordered");
                    return ErrorGuard(syntax.Span);
                }
                if (value is not NameExpressionSyntax { Member: null } valueName)
                {
                    Report(DiagnosticCatalog.TypeMismatch, value.Span, $"`{((NameExpressionSyntax)subject).Text}` is a category; compare it with one of its values, not a number");
                    return ErrorGuard(syntax.Span);
                }
                return BindCategoryTest((NameExpressionSyntax)subject, new[] { valueName.Name }, op == ComparisonOperator.NotEqual, syntax.Span);
            }

            bool leftConstant = left is NumberExpressionSyntax;
            bool rightConstant = right is NumberExpressionSyntax;
            if (leftConstant && rightConstant)
            {
                Report(DiagnosticCatalog.TypeMismatch, syntax.Span, "a guard compares a signal or let with a constant; this compares two constants");
                return ErrorGuard(syntax.Span);
            }
            if (!leftConstant && !rightConstant)
            {
                // `regoin == MENA` with the category misspelt: the right side is meant as a category value, so
                // report the unknown subject only (one typo, one diagnostic), not `MENA` as a second unknown name.
                if ((op == ComparisonOperator.Equal || op == ComparisonOperator.NotEqual) &&
                    left is NameExpressionSyntax { Member: null } leftName && right is NameExpressionSyntax { Member: null } rightName &&
                    !_symbols.ContainsKey(leftName.Name.Text) && !_symbols.ContainsKey(rightName.Name.Text))
                {
                    ReportUnknown(leftName.Name, "name", ValueNames);
                    return ErrorGuard(syntax.Span);
                }
                // Bind both so unknown names are reported, then explain the rule.
                var l = BindValueName((NameExpressionSyntax)left, inGuard: true);
                var r = BindValueName((NameExpressionSyntax)right, inGuard: true);
                if (l != null && r != null)
                    Report(DiagnosticCatalog.TypeMismatch, syntax.Span,
                        "a guard compares one signal or let with a constant number (keeping guards axis-aligned makes the analysis exact); declare a `let` for the difference and compare that");
                return ErrorGuard(syntax.Span);
            }

            var scalarSyntax = (NameExpressionSyntax)(leftConstant ? right : left);
            double constant = ((NumberExpressionSyntax)(leftConstant ? left : right)).Value;
            if (leftConstant) op = Flip(op);

            var flagSignal = scalarSyntax.Member is null ? SignalNamed(scalarSyntax.Name.Text, SignalKind.Flag) : null;
            if (flagSignal != null)
            {
                Report(DiagnosticCatalog.TypeMismatch, syntax.Span, $"`{flagSignal.Name}` is a flag: write `{flagSignal.Name}` or `not {flagSignal.Name}` instead of comparing it with a number");
                return ErrorGuard(syntax.Span);
            }
            var scalar = BindValueName(scalarSyntax, inGuard: true);
            if (scalar is null) return ErrorGuard(syntax.Span);
            return new BoundComparison(scalar, op, constant, syntax.Span);
        }

        private bool IsCategory(ExpressionSyntax expression) =>
            expression is NameExpressionSyntax { Member: null } name &&
            SignalNamed(name.Name.Text, SignalKind.Category) != null;

        /// <summary>The first signal declared with a name (a later one of the same name is a duplicate).</summary>
        private BoundSignal? SignalNamed(string name) => _signalByName.TryGetValue(name, out var signal) ? signal : null;

        /// <summary>The first signal of a kind declared with a name.</summary>
        private BoundSignal? SignalNamed(string name, SignalKind kind) => _signalByNameAndKind.TryGetValue((name, kind), out var signal) ? signal : null;

        /// <summary>A category value's index in its signal, or -1.</summary>
        private int CategoryValue(BoundSignal signal, string value)
        {
            if (!_categoryValues.TryGetValue(signal.Index, out var values))
            {
                values = new Dictionary<string, int>(StringComparer.Ordinal);
                for (int i = 0; i < signal.Categories.Length; i++) values[signal.Categories[i]] = i;
                _categoryValues.Add(signal.Index, values);
            }
            return values.TryGetValue(value, out int index) ? index : -1;
        }

        private static ComparisonOperator Flip(ComparisonOperator op) => op switch
        {
            ComparisonOperator.Less => ComparisonOperator.Greater,
            ComparisonOperator.LessOrEqual => ComparisonOperator.GreaterOrEqual,
            ComparisonOperator.Greater => ComparisonOperator.Less,
            ComparisonOperator.GreaterOrEqual => ComparisonOperator.LessOrEqual,
            _ => op,
        };
    }
}
