using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ContractDsl.Analysis;
using ContractDsl.Binding;
using ContractDsl.Collections;
using ContractDsl.Diagnostics;
using ContractDsl.Lowering;
using ContractDsl.Syntax;

namespace ContractDsl
{
    /// <summary>Everything the language concludes about one <c>.contract</c> file.</summary>
    public sealed record CompiledFile(
        string Path,
        EquatableArray<ContractDiagnostic> Diagnostics,
        EquatableArray<ContractIR> Modules)
    {
        public bool HasErrors => Diagnostics.Any(d => d.IsError);

        /// <summary>
        /// The analysis facts (reward ranges, findings with witnesses) of every contract that bound without
        /// errors, in file order; what the card and the CLI show. Their diagnostics are already in
        /// <see cref="Diagnostics"/>.
        /// </summary>
        public EquatableArray<ContractAnalysis> Analyses { get; init; } = EquatableArray<ContractAnalysis>.Empty;

        /// <summary>
        /// The contracts with errors, bound as far as they could be: the generator emits their module's shape with
        /// members that throw, so that C# using the module compiles and the contract's errors are the ones reported.
        /// </summary>
        public EquatableArray<BoundContract> Broken { get; init; } = EquatableArray<BoundContract>.Empty;
    }

    /// <summary>
    /// The one pipeline every front end uses (generator, analyzers, CLI, tests):
    /// text → syntax → bound contract → analysis facts → IR. Pure: same text, same result.
    /// </summary>
    public static class ContractCompiler
    {
        /// <summary>
        /// What analysis and lowering concluded about one contract (no source locations in the kernel). The kernel is
        /// lowered when first asked for: the IDE's analyzer wants diagnostics only, and lowering a large contract costs
        /// about as much as a third of its analysis.
        /// </summary>
        private sealed record Analysed(ContractAnalysis Analysis, Lazy<KernelProgram>? Kernel);

        // Analysis results reused across edits that leave a contract's meaning unchanged (see AnalysisCache).
        private const int CacheCapacity = 8;
        private static readonly AnalysisCache<Analysed> Complete = new AnalysisCache<Analysed>(CacheCapacity);
        private static readonly AnalysisCache<ContractAnalysis> Partial = new AnalysisCache<ContractAnalysis>(CacheCapacity);

        // Structural analysis results reused across edits to amounts, caps and the base reward (see ContractAnalyzer).
        private static readonly ContractAnalyzer.StructureCache Structures = new ContractAnalyzer.StructureCache(capacity: 4);

        /// <summary>The whole pipeline: diagnostics, analyses and the IR of every contract that can be generated.</summary>
        public static CompiledFile Compile(string path, string text, CancellationToken cancellation = default) =>
            Compile(path, text, lower: true, cancellation);

        /// <summary>
        /// The same diagnostics and analyses as <see cref="Compile(string, string, CancellationToken)"/>, without lowering
        /// (<see cref="CompiledFile.Modules"/> is empty): what the IDE's analyzer needs after each edit.
        /// </summary>
        public static CompiledFile Diagnose(string path, string text, CancellationToken cancellation = default) =>
            Compile(path, text, lower: false, cancellation);

        private static CompiledFile Compile(string path, string text, bool lower, CancellationToken cancellation)
        {
            text ??= string.Empty;
            var syntax = ContractParser.Parse(path, text, DeclarationCache.Shared, out var moves, cancellation);
            var diagnostics = new List<ContractDiagnostic>(syntax.Errors);

            cancellation.ThrowIfCancellationRequested();

            var bindingDiagnostics = new List<ContractDiagnostic>();
            var bound = Binder.Bind(syntax, text, bindingDiagnostics, moves, BoundNormCache.Shared, cancellation);
            // A declaration lost to a syntax error would make every use of its name "unknown": those names are not
            // reported until the file parses; every other unknown name is (a typo is a typo either way).
            var lost = syntax.Errors.Length == 0 ? null : NamesDeclaredInText(text);
            diagnostics.AddRange(lost == null
                ? bindingDiagnostics
                : bindingDiagnostics.Where(d => d.Id != DiagnosticCatalog.UnknownName.Id || !lost.Contains(TextAt(text, d.Span))));

            var modules = new List<ContractIR>();
            var broken = new List<BoundContract>();
            var analyses = new List<ContractAnalysis>();
            // The caches keep the few most recently analysed contracts, and a compile visits a file's contracts in order:
            // with more contracts than a cache holds, each one is evicted before the next compile looks it up, so the cache
            // would cost every contract a location-erased copy, hashes and a remembered entry (with the structure cache's
            // location set) and never serve one. Such a file (the fuzzing benchmark's 10,000 one-norm contracts) is analysed
            // directly; a cache hit is by construction the fresh analysis, so the results are the same.
            int brokenCount = bound.Count(r => r.HasErrors || syntax.Errors.Length > 0);
            bool cachePartial = brokenCount <= CacheCapacity, cacheComplete = bound.Count - brokenCount <= CacheCapacity;
            foreach (var result in bound)
            {
                cancellation.ThrowIfCancellationRequested();
                // A contract is generated only when the whole file parsed and the contract bound cleanly. Otherwise what
                // bound is still analysed, so one build shows every problem, and the module's shape is still emitted
                // (with members that throw), so the only errors a user sees are the contract's.
                if (result.HasErrors || syntax.Errors.Length > 0)
                {
                    broken.Add(result.Contract);
                    try
                    {
                        var partial = cachePartial
                            ? Partial.GetOrAdd(result.Contract,
                                (c, _) => ContractAnalyzer.AnalyzeWhatBound(c, cancellation: cancellation),
                                (a, move, at) => a.Relocate(move, at))
                            : ContractAnalyzer.AnalyzeWhatBound(result.Contract, cancellation: cancellation);
                        diagnostics.AddRange(partial.Diagnostics.Where(d => !d.IsError));
                    }
                    catch (Exception ex) when (!(ex is OutOfMemoryException || ex is OperationCanceledException))
                    {
                        // Best effort: the errors already say what to fix first.
                    }
                    continue;
                }
                ContractAnalysis analysis;
                KernelProgram? cachedKernel = null;
                try
                {
                    if (cacheComplete)
                    {
                        var analysed = Complete.GetOrAdd(result.Contract,
                            (c, erased) =>
                            {
                                var a = ContractAnalyzer.Analyze(c, Structures, erased, cancellation: cancellation);
                                return new Analysed(a, a.HasErrors ? null : new Lazy<KernelProgram>(() => Lowerer.Lower(c, a.LoweringFacts())));
                            },
                            (x, move, at) => x with { Analysis = x.Analysis.Relocate(move, at) });
                        analysis = analysed.Analysis;
                        // Lowered inside the try: a failure there is reported like an analysis failure.
                        if (lower) cachedKernel = analysed.Kernel?.Value;
                    }
                    else
                    {
                        analysis = ContractAnalyzer.Analyze(result.Contract, cancellation: cancellation);
                        if (lower && !analysis.HasErrors) cachedKernel = Lowerer.Lower(result.Contract, analysis.LoweringFacts());
                    }
                }
                catch (Exception ex) when (!(ex is OutOfMemoryException || ex is OperationCanceledException))
                {
                    // The pipeline never throws: an analysis failure is reported and the contract is still generated
                    // (every run-time check kept, no analysed reward range).
                    diagnostics.Add(new ContractDiagnostic(DiagnosticCatalog.AnalysisGaveUp, path, result.Contract.NameSpan,
                        $"analysis of `{result.Contract.Name}` failed with an internal error ({ex.GetType().Name}: {ex.Message}); nothing was concluded about the contract; please report this"));
                    if (lower) modules.Add(new ContractIR(result.Contract, Lowerer.Lower(result.Contract), RewardRange.Unknown, EquatableArray<ContractDiagnostic>.Empty));
                    continue;
                }
                analyses.Add(analysis);
                diagnostics.AddRange(analysis.Diagnostics);
                // An analysis error (CDSL4001: welfare without a finite disagreement point) also stops generation.
                if (analysis.HasErrors || !lower) continue;
                var kernel = cachedKernel ?? Lowerer.Lower(result.Contract, analysis.LoweringFacts());
                modules.Add(new ContractIR(result.Contract, kernel, analysis.Range, analysis.Diagnostics)
                {
                    TradeOffs = analysis.TradeOffs
                        .Select(f => new TradeOffInfo(f.Norm, f.Others, f.Witness?.Text ?? ""))
                        .ToEquatableArray(),
                });
            }
            diagnostics = Suppressions.Apply(path, text, diagnostics);
            // A module's findings are those of its diagnostics that survived suppression; a module whose findings all did
            // (or that has none: most) is kept as it is rather than copied.
            HashSet<ContractDiagnostic>? reported = null;
            for (int i = 0; i < modules.Count; i++)
            {
                var m = modules[i];
                if (m.Findings.IsEmpty) continue;
                reported ??= new HashSet<ContractDiagnostic>(diagnostics);
                if (!m.Findings.All(reported.Contains)) modules[i] = m with { Findings = m.Findings.Where(reported.Contains).ToEquatableArray() };
            }
            return new CompiledFile(path, diagnostics.ToEquatableArray(), modules.ToEquatableArray())
            {
                Analyses = analyses.ToEquatableArray(),
                Broken = broken.ToEquatableArray(),
            };
        }

        private static string TextAt(string text, Text.SourceSpan span) =>
            span.Start >= 0 && span.End <= text.Length ? text.Substring(span.Start, span.Length) : "";

        /// <summary>Names that follow a declaration keyword anywhere in the text, parsed or not.</summary>
        private static HashSet<string> NamesDeclaredInText(string text)
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, @"\b(?:signal|param|let|norm)\s+([A-Za-z_][A-Za-z0-9_]*)"))
                names.Add(m.Groups[1].Value);
            return names;
        }
    }
}
