using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ContractDsl.Binding;
using ContractDsl.Collections;
using ContractDsl.Diagnostics;
using ContractDsl.Evaluation;
using ContractDsl.Lowering;
using ContractDsl.Text;

namespace ContractDsl.Analysis
{
    /// <summary>
    /// Work units left for one contract's analysis (see <see cref="AnalysisOptions.Budget"/>), and the caller's
    /// cancellation. Deterministic: the same contract spends the same units, so diagnostics never flicker.
    /// </summary>
    internal sealed class AnalysisBudget
    {
        private long _remaining;
        private readonly CancellationToken _cancellation;

        public AnalysisBudget(long units, CancellationToken cancellation)
        {
            _remaining = units;
            _cancellation = cancellation;
        }

        public bool Exhausted => _remaining <= 0;

        /// <summary>Units left (what a batch of steps may spend at once without running out part-way).</summary>
        public long Remaining => _remaining;

        /// <summary>Units spent so far (what a reused result must spend again, see <see cref="ContractAnalyzer"/>).</summary>
        public long Spent { get; private set; }

        /// <summary>Spends <paramref name="units"/>; false once the budget is spent. Throws when cancelled.</summary>
        public bool Spend(long units = 1)
        {
            _cancellation.ThrowIfCancellationRequested();
            _remaining -= units;
            Spent += units;
            return _remaining >= 0;
        }
    }

    /// <summary>
    /// The facts every analysis property reads, computed once per contract: the guard space (axes, region algebra,
    /// feasibility of derived axes), each norm's context, activation and in-effect region, the norm relations of the
    /// language (<see cref="NormRelations"/>), the reference interpreter over the contract's kernel program (witnesses
    /// are checked with it) and the budget. The properties themselves are functions of this context
    /// (<c>Analysis/Properties</c>), each returning typed findings.
    /// </summary>
    internal sealed class AnalysisContext
    {
        /// <param name="previous">A context whose guard space this one adopts (see <see cref="Adopt"/>), or null.</param>
        /// <param name="shareNorms">What this context takes of <paramref name="previous"/>'s per-norm facts: all of them (only
        /// amounts and the like differ), or none (they are built, reusing the unchanged norms': see <see cref="AdoptUnchangedNorms"/>).</param>
        private AnalysisContext(BoundContract contract, AnalysisOptions options, CancellationToken cancellation, AnalysisContext? previous, bool shareNorms)
        {
            Contract = contract;
            Options = options;
            Budget = new AnalysisBudget(options.Budget, cancellation);
            Relations = NormRelations.Of(contract);
            Domains = previous?.Domains ?? IntervalEnvironment.ForDomains(contract);
            Evaluator = previous?.Evaluator ?? new IntervalEvaluator(contract);
            Axes = previous?.Axes ?? new AxisTable(contract, Domains, Evaluator);
            Feasibility = previous?.Feasibility ?? new Feasibility(contract, Axes, Domains, Evaluator);
            Algebra = previous?.Algebra ?? new RegionAlgebra(Axes, options.MaxBoxes, Feasibility.IsFeasible);
            // The interpreter lowers the contract: built only when a finding needs a witness checked.
            _interpreter = new Lazy<ContractInterpreter>(() => new ContractInterpreter(contract));
            _witnesses = new Lazy<WitnessFinder>(() => new WitnessFinder(contract, Interpreter, Axes, options));
            int n = contract.Norms.Length;
            var shared = shareNorms ? previous : null;
            AmountRanges = previous?.AmountRanges ?? new ConcurrentDictionary<(int Norm, bool AtDefaults), (BoundExpression Amount, Region? Active, Interval Range)>();
            Context = shared?.Context ?? new Region?[n];
            Active = shared?.Active ?? new Region?[n];
            InEffect = shared?.InEffect ?? new Region?[n];
            Dead = shared?.Dead ?? new bool[n];
            NormAxes = shared?.NormAxes ?? new Axis[n][];
            ContextAxes = shared?.ContextAxes ?? new Axis[n][];
            RegionCost = shared?.RegionCost ?? new long[n];
            InEffectCost = shared?.InEffectCost ?? new long[n];
            RegionsUnchanged = shared != null ? Enumerable.Repeat(true, n).ToArray() : new bool[n];
            InEffectUnchanged = shared != null ? Enumerable.Repeat(true, n).ToArray() : new bool[n];
        }

        public BoundContract Contract { get; }
        public AnalysisOptions Options { get; }
        public AnalysisBudget Budget { get; }
        public NormRelations Relations { get; }
        public IntervalEnvironment Domains { get; }
        public IntervalEvaluator Evaluator { get; }
        public AxisTable Axes { get; }
        public Feasibility Feasibility { get; }
        public RegionAlgebra Algebra { get; }
        public ContractInterpreter Interpreter => _interpreter.Value;
        public WitnessFinder Witnesses => _witnesses.Value;

        private readonly Lazy<ContractInterpreter> _interpreter;
        private readonly Lazy<WitnessFinder> _witnesses;

        /// <summary>Per norm: where its context holds (null: gave up).</summary>
        public Region?[] Context { get; }

        /// <summary>Per norm: where it is active, context ∧ guard (null: gave up).</summary>
        public Region?[] Active { get; }

        /// <summary>Per norm: where it is in effect — active and no norm preferred over it active (null: gave up).</summary>
        public Region?[] InEffect { get; }

        /// <summary>
        /// Per norm and params setting (over their bounds, or at their defaults): its amount's range over its activation
        /// region, with the amount and the region it was computed for. Shared with the contexts that adopt this one's
        /// guard space (see <see cref="Adopt"/> and <see cref="AdoptUnchangedNorms"/>), which reuse an entry only for an
        /// equal amount over the same region (the same object: adopted regions are shared), and overwrite it otherwise.
        /// </summary>
        public ConcurrentDictionary<(int Norm, bool AtDefaults), (BoundExpression Amount, Region? Active, Interval Range)> AmountRanges { get; }

        /// <summary>Per norm: proven never active (CDSL3002).</summary>
        public bool[] Dead { get; }

        /// <summary>The axes a norm's context and guard read (witnesses name them).</summary>
        public Axis[][] NormAxes { get; }

        public Axis[][] ContextAxes { get; }

        /// <summary>Per norm: the budget units its context and activation regions cost (charged again when they are reused).</summary>
        public long[] RegionCost { get; }

        /// <summary>Per norm: the budget units its in-effect region cost.</summary>
        public long[] InEffectCost { get; }

        /// <summary>
        /// Per norm: its context and activation regions — and what is decided from them and the norm's conditions alone —
        /// are those of the context this one adopted (see <see cref="AdoptUnchangedNorms"/>; all false in a context built afresh).
        /// </summary>
        public bool[] RegionsUnchanged { get; }

        /// <summary>
        /// Per norm: its in-effect region — and everything decided from it and the conditions of the norm and of the norms
        /// preferred over it — is that of the context this one adopted (see <see cref="AdoptUnchangedNorms"/>; all false in a
        /// context built afresh).
        /// </summary>
        public bool[] InEffectUnchanged { get; }

        /// <summary>Findings about the regions themselves: dead norms, and give-ups on guards too large to analyse.</summary>
        public List<Finding> RegionFindings { get; } = new List<Finding>();

        /// <summary>
        /// A context for <paramref name="contract"/> that adopts the guard space and the regions of <paramref name="previous"/>,
        /// built for a contract with the same conditions, declarations and preferences (only amounts, the base reward,
        /// docs or locations differ: see <see cref="ContractAnalyzer"/>). Its region findings are moved to the new
        /// locations with <paramref name="move"/>, and the budget is charged what building the regions cost.
        /// </summary>
        public static AnalysisContext Adopt(BoundContract contract, AnalysisOptions options, CancellationToken cancellation,
            AnalysisContext previous, Func<SourceSpan, SourceSpan> move)
        {
            var context = new AnalysisContext(contract, options, cancellation, previous, shareNorms: true);
            foreach (var finding in previous.RegionFindings)
                context.RegionFindings.Add(finding.Relocate(move, contract.Path));
            // What building the regions spent: each norm's regions, then its in-effect region (nothing else spends there).
            context.Budget.Spend(previous.RegionCost.Sum() + previous.InEffectCost.Sum());
            return context;
        }

        /// <summary>
        /// A context for <paramref name="contract"/> — a version of <paramref name="previous"/>'s contract with the same
        /// declarations, norms and preferences, whose norms' conditions may differ — that adopts the guard space and the
        /// regions of every norm whose context and guard are unchanged (<paramref name="unchanged"/>), moving their findings
        /// with <paramref name="move"/> and charging the budget what they cost; the other norms' regions are built. Null
        /// when the guard space differs (a condition reads an axis the previous version did not, or in another order).
        /// </summary>
        public static AnalysisContext? AdoptUnchangedNorms(BoundContract contract, AnalysisOptions options, CancellationToken cancellation,
            AnalysisContext previous, bool[] unchanged, Func<SourceSpan, SourceSpan> move)
        {
            if (!previous.Axes.DeclaresSameAxes(contract)) return null;
            var context = new AnalysisContext(contract, options, cancellation, previous, shareNorms: false);
            context.BuildRegions(previous, unchanged, move);
            return context;
        }

        /// <summary>Builds the context: every norm's regions, in declaration order.</summary>
        public static AnalysisContext Build(BoundContract contract, AnalysisOptions options, CancellationToken cancellation)
        {
            var context = new AnalysisContext(contract, options, cancellation, previous: null, shareNorms: false);
            context.BuildRegions(null, null, null);
            return context;
        }

        // ---- reporting helpers shared by the properties -----------------------------------------------------

        public string Name(int norm) => "`" + Contract.Norms[norm].Name + "`";

        public static string Code(string text) => "`" + text + "`";

        public static string Plural(int count, string one, string many) => count == 1 ? one : many;

        public Finding Report(FindingKind kind, DiagnosticDescriptorInfo descriptor, SourceSpan span, string message, int norm = -1, int other = -1,
            string? concern = null, Witness? witness = null, IEnumerable<int>? others = null, IEnumerable<SourceSpan>? additional = null) =>
            new Finding(kind, norm, other, concern, witness, message)
            {
                Others = (others ?? Enumerable.Empty<int>()).ToEquatableArray(),
                Diagnostic = new ContractDiagnostic(descriptor.Id, descriptor.DefaultSeverity, message, Contract.Path, span,
                    (additional ?? Enumerable.Empty<SourceSpan>()).ToEquatableArray()),
            };

        public Finding GiveUp(int norm, SourceSpan span, string what, string consequence, string? why = null, IEnumerable<SourceSpan>? additional = null, int other = -1) =>
            Report(FindingKind.GaveUp, DiagnosticCatalog.AnalysisGaveUp, span,
                $"analysis gave up on {what} ({why ?? $"too large: its region needs more than {Options.MaxBoxes} boxes"}); nothing was concluded about it: {consequence}",
                norm, other, additional: additional);

        public Finding BudgetSpent(SourceSpan span, string what, string consequence) =>
            Report(FindingKind.GaveUp, DiagnosticCatalog.AnalysisGaveUp, span,
                $"analysis stopped before {what}: the contract's analysis budget ({Options.Budget:N0} units) is spent; nothing was concluded about it: {consequence}");

        public Witness MakeWitness(Sample sample, IEnumerable<Axis> involved) =>
            new Witness(Witnesses.Describe(sample, involved.Distinct().OrderBy(a => a.Id)).ToEquatableArray(), sample);

        /// <summary>Intersection of two regions, spending budget for the boxes produced; null when too large.</summary>
        public Region? And(Region a, Region b)
        {
            try
            {
                var r = Algebra.And(a, b);
                Budget.Spend(1 + r.Count);
                return r;
            }
            catch (RegionTooLargeException) { return null; }
        }

        /// <summary><paramref name="a"/> without <paramref name="b"/>; null when too large.</summary>
        public Region? Difference(Region a, Region b)
        {
            try
            {
                var r = Algebra.Difference(a, b);
                Budget.Spend(1 + r.Count);
                return r;
            }
            catch (RegionTooLargeException) { return null; }
        }

        // ---- regions, dead norms (CDSL3002) ----------------------------------------------------------------

        private Axis[] AxesOf(BoundGuard? a, BoundGuard? b)
        {
            var subjects = new List<object>();
            Uses.Subjects(a, subjects);
            Uses.Subjects(b, subjects);
            var result = new List<Axis>();
            foreach (var subject in subjects)
            {
                var axis = subject switch
                {
                    BoundFlag f => Axes.FlagAxis(f.Signal),
                    BoundCategoryTest t => Axes.CategoryAxis(t.Signal),
                    _ => Axes.SubjectAxis((BoundExpression)subject),
                };
                if (!result.Contains(axis)) result.Add(axis);
            }
            return result.ToArray();
        }

        /// <summary>
        /// Every norm's context, activation and in-effect regions, in declaration order; those of the norms marked
        /// <paramref name="unchanged"/> taken from <paramref name="previous"/> (with their findings moved by
        /// <paramref name="move"/> and their cost charged), so the result and the units spent are a fresh build's.
        /// </summary>
        private void BuildRegions(AnalysisContext? previous, bool[]? unchanged, Func<SourceSpan, SourceSpan>? move)
        {
            const string consequence = "whether the norm is dead, shadowed, leaves a gap or conflicts with another is unknown (its run-time checks stay)";
            // The previous version's region findings by norm (each is about one norm, reported while building its regions).
            var previousFindings = previous?.RegionFindings.ToLookup(f => f.Norm);
            foreach (var norm in Contract.Norms)
            {
                int n = norm.Index;
                long spent = Budget.Spent;
                if (previous != null && unchanged![n])
                {
                    Context[n] = previous.Context[n];
                    Active[n] = previous.Active[n];
                    Dead[n] = previous.Dead[n];
                    NormAxes[n] = previous.NormAxes[n];
                    ContextAxes[n] = previous.ContextAxes[n];
                    RegionsUnchanged[n] = true;
                    foreach (var finding in previousFindings![n])
                        RegionFindings.Add(finding.Relocate(move!, Contract.Path));
                    Budget.Spend(RegionCost[n] = previous.RegionCost[n]);
                    continue;
                }
                NormAxes[n] = AxesOf(norm.Context, norm.Guard);
                ContextAxes[n] = AxesOf(norm.Context, null);
                BuildRegions(norm, consequence);
                RegionCost[n] = Budget.Spent - spent;
            }

            // In effect: active, minus where a norm preferred over it is active.
            foreach (var norm in Contract.Norms)
            {
                int n = norm.Index;
                if (previous != null && unchanged![n] && Relations.Dominators(n).All(d => unchanged[d]))
                {
                    InEffect[n] = previous.InEffect[n];
                    InEffectUnchanged[n] = true;
                    Budget.Spend(InEffectCost[n] = previous.InEffectCost[n]);
                    continue;
                }
                long spent = Budget.Spent;
                var region = Active[n];
                if (region == null) continue;
                foreach (int a in Relations.Dominators(n))
                {
                    if (region == null || region.IsEmpty) break;
                    var dominator = Active[a];
                    if (dominator == null) { region = null; break; }
                    region = Difference(region, dominator);
                }
                InEffect[n] = region;
                InEffectCost[n] = Budget.Spent - spent;
            }
        }

        /// <summary>One norm's context and activation regions, and whether it is dead.</summary>
        private void BuildRegions(BoundNorm norm, string consequence)
        {
            int n = norm.Index;
            Budget.Spend();
            Region? context = null, guard = null;
            try { context = Algebra.FromGuard(norm.Context); }
            catch (RegionTooLargeException) { RegionFindings.Add(GiveUp(n, norm.Context!.Span, $"the context of {Name(n)}", consequence)); }
            try { guard = Algebra.FromGuard(norm.Guard); }
            catch (RegionTooLargeException) { RegionFindings.Add(GiveUp(n, norm.Guard!.Span, $"the guard of {Name(n)}", consequence)); }
            Context[n] = context;
            if (context == null || guard == null) return;
            var active = And(context, guard);
            if (active == null) { RegionFindings.Add(GiveUp(n, norm.Guard?.Span ?? norm.NameSpan, $"the context and guard of {Name(n)} together", consequence)); return; }
            Active[n] = active;
            if (!active.IsEmpty) return;
            Dead[n] = true;
            string why =
                context.IsEmpty ? $"its context {Code(norm.ContextText ?? "")} never holds" :
                guard.IsEmpty ? $"its guard {Code(norm.GuardText ?? "")} never holds" :
                $"its context {Code(norm.ContextText ?? "")} and its guard {Code(norm.GuardText ?? "")} never hold together";
            RegionFindings.Add(Report(FindingKind.DeadNorm, DiagnosticCatalog.DeadNorm, norm.NameSpan,
                $"norm {Name(n)} can never be active: {why} within the signals' domains, so it never applies; remove it or correct the condition", n));
        }
    }
}
