using System.Collections.Generic;
using System.Linq;
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
    }

    /// <summary>
    /// The one pipeline every front end uses (generator, analyzers, CLI, tests):
    /// text → syntax → bound contract → analysis facts → IR. Pure: same text, same result.
    /// </summary>
    public static class ContractCompiler
    {
        public static CompiledFile Compile(string path, string text)
        {
            text ??= string.Empty;
            var syntax = ContractParser.Parse(path, text);
            var diagnostics = new List<ContractDiagnostic>(syntax.Errors);
            var bound = Binder.Bind(syntax, text, diagnostics);

            var modules = new List<ContractIR>();
            foreach (var result in bound)
            {
                // A contract is generated only when the whole file parsed and the contract bound cleanly:
                // after a syntax error we cannot know what the author meant the contract to contain.
                if (result.HasErrors || syntax.Errors.Length > 0) continue;
                modules.Add(Lowerer.Lower(result.Contract));
            }
            return new CompiledFile(path, diagnostics.ToEquatableArray(), modules.ToEquatableArray());
        }
    }
}
