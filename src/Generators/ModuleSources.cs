using System.Collections.Generic;
using System.Linq;
using ContractDsl.Binding;
using ContractDsl.Lowering;

namespace ContractDsl.Generators
{
    /// <summary>
    /// The C# the generator emits for a contract, for tools that compile modules themselves (the CLI's <c>eval</c>
    /// compiles the CPU module in memory and runs its fused kernel; golden-file tests compare it).
    /// </summary>
    public static class ModuleSources
    {
        /// <summary>The CPU module (types, metadata, card, fused kernel) of <paramref name="module"/> in namespace <paramref name="ns"/>.</summary>
        public static string Cpu(ContractIR module, string ns) => Emit.CpuModuleEmitter.Emit(module, ns);

        /// <summary>The TorchSharp part of the same partial class (needs a reference to ContractDsl.Runtime.Torch).</summary>
        public static string Torch(ContractIR module, string ns) => Emit.TorchModuleEmitter.Emit(module, ns);

        /// <summary>
        /// The C# names the module of <paramref name="module"/> gives its parts, for code that is written against the
        /// module (the CLI's batch driver): decided by the same code the emitters use, so they always agree.
        /// </summary>
        public static ModuleNames Names(ContractIR module, string ns)
        {
            var shape = new Emit.ModuleShape(module, ns);
            return new ModuleNames(
                shape.ClassName,
                shape.FullClassName,
                shape.ColumnNames.ToList(),
                module.Contract.Signals.Select(s => s.Kind == SignalKind.Category ? shape.EnumType(s) : null).ToList(),
                shape.ParamNames.ToList());
        }
    }

    /// <summary>The C# names of one contract's module.</summary>
    /// <param name="ClassName">The module class, as declared: <c>Assistant</c>.</param>
    /// <param name="FullClassName">The module class, fully qualified: <c>global::Acme.Assistant</c>.</param>
    /// <param name="BatchColumns">The batch property of each signal, in signal order.</param>
    /// <param name="CategoryEnums">The nested enum of each category signal (null for other signals), in signal order.</param>
    /// <param name="Params">The <c>Parameters</c> property of each param, in param order.</param>
    public sealed record ModuleNames(
        string ClassName,
        string FullClassName,
        IReadOnlyList<string> BatchColumns,
        IReadOnlyList<string?> CategoryEnums,
        IReadOnlyList<string> Params);
}
