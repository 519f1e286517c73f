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
    }
}
