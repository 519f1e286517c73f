using ContractDsl.Lowering;

namespace ContractDsl.Generators.Emit
{
    /// <summary>The TorchSharp part of a module (being rewritten as a printer of the kernel IR).</summary>
    internal static class TorchModuleEmitter
    {
        public static string Emit(ContractIR ir, string ns) => throw new System.NotSupportedException("the torch part is not emitted yet");
    }
}
