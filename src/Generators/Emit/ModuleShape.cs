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
        public const string Runtime = "global::ContractDsl.Runtime";

        public ModuleShape(ContractIR ir, string ns)
        {
            IR = ir;
            Contract = ir.Contract;
            Namespace = ns;
            ClassName = Naming.Identifier(Contract.Name);
            FullClassName = "global::" + ns + "." + ClassName;

            // Members of the module class, and members of the nested batch types, each get their own scope.
            var classScope = new Naming.Scope(Contract.Name, "Batch", "TensorBatch", "TensorResult", "Parameters", "Norms", "Info", "Card",
                "NormCount", "Params", "Evaluate", "ToString", "GetHashCode", "Equals", "GetType");
            EnumNames = Contract.Signals.Where(s => s.Kind == SignalKind.Category)
                .ToDictionary(s => s.Index, s => classScope.Claim(Naming.Pascal(s.Name)));

            var batchScope = new Naming.Scope("Count", "Validate", "Batch", "TensorBatch");
            ColumnNames = Contract.Signals.Select(s => batchScope.Claim(Naming.Pascal(s.Name))).ToArray();

            var paramScope = new Naming.Scope("Set", "Get", "Reset", "Parameters", "Names");
            ParamNames = Contract.Params.Select(p => paramScope.Claim(Naming.Pascal(p.Name))).ToArray();

            var normScope = new Naming.Scope("Norms");
            NormConstants = Contract.Norms.Select(n => normScope.Claim(Naming.Pascal(n.Name))).ToArray();
        }

        public ContractIR IR { get; }
        public BoundContract Contract { get; }
        public string Namespace { get; }
        public string ClassName { get; }
        public string FullClassName { get; }
        public Dictionary<int, string> EnumNames { get; }
        public string[] ColumnNames { get; }
        public string[] ParamNames { get; }
        public string[] NormConstants { get; }

        public string EnumType(BoundSignal signal) => FullClassName + "." + EnumNames[signal.Index];

        /// <summary>Locals in kernels are the contract's own names with a prefix, so they read like the contract.</summary>
        public static string SignalLocal(BoundSignal s) => "sig_" + s.Name;
        public static string MemberLocal(BoundSignal s, EnsembleStatistic stat) => "sig_" + s.Name + "_" + stat.ToString().ToLowerInvariant();
        public static string ParamLocal(BoundParam p) => "par_" + p.Name;
        public static string LetLocal(BoundLet l) => "let_" + l.Name;
        public static string ContextLocal(BoundNorm n) => "ctx_" + n.Name;
        public static string ActiveLocal(BoundNorm n) => "active_" + n.Name;
        public static string ContributionLocal(BoundNorm n) => "c_" + n.Name;

        /// <summary>The domain as the contract declares it, for messages and docs: <c>[0, 4096]</c>.</summary>
        public static string DomainText(BoundSignal s) => s.Kind switch
        {
            SignalKind.Category => "{ " + string.Join(", ", s.Categories) + " }",
            SignalKind.Flag => "{ false, true }",
            _ => ContractDsl.Syntax.SyntaxFacts.Range(s.Low, s.High),
        };

        /// <summary>Which ensemble statistics the contract uses anywhere, per ensemble signal.</summary>
        public HashSet<(int Signal, EnsembleStatistic Statistic)> UsedMembers()
        {
            var used = new HashSet<(int, EnsembleStatistic)>();
            void Walk(BoundExpression? e)
            {
                switch (e)
                {
                    case BoundEnsembleMember m: used.Add((m.Signal, m.Statistic)); break;
                    case BoundNegate n: Walk(n.Operand); break;
                    case BoundBinary b: Walk(b.Left); Walk(b.Right); break;
                    case BoundCall c: foreach (var a in c.Arguments) Walk(a); break;
                }
            }
            void WalkGuard(BoundGuard? g)
            {
                switch (g)
                {
                    case BoundAnd a: WalkGuard(a.Left); WalkGuard(a.Right); break;
                    case BoundOr o: WalkGuard(o.Left); WalkGuard(o.Right); break;
                    case BoundNot n: WalkGuard(n.Operand); break;
                    case BoundComparison c: Walk(c.Subject); break;
                }
            }
            Walk(Contract.Reward);
            foreach (var l in Contract.Lets) Walk(l.Value);
            foreach (var n in Contract.Norms) { Walk(n.Amount); WalkGuard(n.Context); WalkGuard(n.Guard); }
            foreach (var u in Contract.Uncertainty) WalkGuard(u.Guard);
            return used;
        }
    }
}
