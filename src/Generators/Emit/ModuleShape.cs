using System.Collections.Generic;
using System.Linq;
using ContractDsl.Binding;
using ContractDsl.Lowering;

namespace ContractDsl.Generators.Emit
{
    /// <summary>
    /// The C# names of one contract's module, decided once so that every emitted file (CPU kernel, torch
    /// path) agrees: the class, the nested enums, the batch columns, the params, the norm constants.
    /// </summary>
    internal sealed class ModuleShape
    {
        public ModuleShape(ContractIR ir, string ns) : this(ir.Contract, ns, ir) { }

        /// <param name="contract">The bound contract (names and types).</param>
        /// <param name="ns">The namespace the module lands in.</param>
        /// <param name="ir">Its IR; null for a contract with errors, whose module is only a shape.</param>
        public ModuleShape(BoundContract contract, string ns, ContractIR? ir)
        {
            _ir = ir;
            Contract = contract;
            Namespace = ns;
            ClassName = Naming.Identifier(Contract.Name);
            FullClassName = "global::" + ns + "." + ClassName;

            // Members of the module class, and members of the nested batch types, each get their own scope.
            var classScope = new Naming.Scope(Contract.Name, "Batch", "TensorBatch", "TensorResult", "Parameters", "Norms", "Info", "Card", "Welfare", "WelfareRule",
                "NormCount", "Params", "Evaluate", "Parallelism", "EvaluateRange", "EvaluatePinned", "PinnedRange", "EvaluateVectors",
                "EvaluateSamples", "OutOfDomain", "ToString", "GetHashCode", "Equals", "GetType");
            EnumNames = Contract.Signals.Where(s => s.Kind == SignalKind.Category)
                .ToDictionary(s => s.Index, s => classScope.Claim(Naming.Pascal(s.Name)));

            var batchScope = new Naming.Scope("Count", "Validate", "Batch", "TensorBatch");
            ColumnNames = Contract.Signals.Select(s => batchScope.Claim(Naming.Pascal(s.Name))).ToArray();

            var paramScope = new Naming.Scope("Set", "Get", "Reset", "Parameters", "Names", "LoadJson", "ToJson");
            ParamNames = Contract.Params.Select(p => paramScope.Claim(Naming.Pascal(p.Name))).ToArray();

            var normScope = new Naming.Scope("Norms");
            NormConstants = Contract.Norms.Select(n => normScope.Claim(Naming.Pascal(n.Name))).ToArray();
        }

        private readonly ContractIR? _ir;

        /// <summary>A contract with errors: only its module's shape is emitted.</summary>
        public bool IsShapeOnly => _ir == null;

        /// <summary>The module's IR (only a module without errors has one).</summary>
        public ContractIR IR => _ir ?? throw new System.InvalidOperationException("a contract with errors has no IR");
        public BoundContract Contract { get; }
        public string Namespace { get; }
        public string ClassName { get; }
        public string FullClassName { get; }
        public Dictionary<int, string> EnumNames { get; }
        public string[] ColumnNames { get; }
        public string[] ParamNames { get; }
        public string[] NormConstants { get; }

        /// <summary>The nested enum of a category signal, as named inside the module class.</summary>
        public string EnumType(BoundSignal signal) => EnumNames[signal.Index];

        /// <summary>The nested enum of a category signal, fully qualified (for code outside the module).</summary>
        public string QualifiedEnumType(BoundSignal signal) => FullClassName + "." + EnumNames[signal.Index];

        /// <summary>The domain as the contract declares it, for messages and docs: <c>[0, 4096]</c>.</summary>
        public static string DomainText(BoundSignal s) => s.Kind switch
        {
            SignalKind.Category => "{ " + string.Join(", ", s.Categories) + " }",
            SignalKind.Flag => "{ false, true }",
            _ => ContractDsl.Syntax.SyntaxFacts.Range(s.Low, s.High),
        };
    }
}
