using System.Reflection;
using System.Text;
using ContractDsl.Binding;
using ContractDsl.Generators.Emit;
using ContractDsl.Runtime;

namespace ContractDsl.Generators.Tests.Harness
{
    /// <summary>
    /// A contract compiled by the real generator, emitted and loaded, with a generated driver that builds the
    /// typed batch from plain arrays — so tests can evaluate any contract: float[] for numbers and ensembles
    /// (sample-major), int[] for categories, bool[] for flags. Columns left out get a neutral in-domain value.
    /// </summary>
    public sealed class CompiledModule
    {
        private readonly MethodInfo _run;
        private readonly BoundContract _contract;

        private CompiledModule(MethodInfo run, BoundContract contract, ContractInfo info)
        {
            _run = run;
            _contract = contract;
            Info = info;
        }

        public ContractInfo Info { get; }

        public int NormCount => _contract.Norms.Length;

        public int Norm(string name) => _contract.Norms.Single(n => n.Name == name).Index;

        public static CompiledModule Compile(string contractText, string path = "test.contract", string rootNamespace = "Consumer.App")
        {
            var (module, shape, assembly) = ModuleCompiler.CompileAndLoad(contractText, path, rootNamespace, DriverSource);
            var run = assembly.GetType("ContractTestDriver")!.GetMethod("Run")!;
            var info = (ContractInfo)assembly.GetType(shape.FullClassName.Substring("global::".Length))!.GetProperty("Info")!.GetValue(null)!;
            return new CompiledModule(run, module.Contract, info);
        }

        /// <summary>
        /// Evaluates a batch (columns left out are neutral) with the module's <c>Parallelism</c> set to
        /// <paramref name="parallelism"/> (default: one thread, so that a test sees the single-threaded kernel unless it asks otherwise).
        /// </summary>
        public RewardOutputs Evaluate(int count, Dictionary<string, Array>? columns = null, DomainPolicy policy = DomainPolicy.Clamp, Dictionary<string, double>? parameters = null,
            EvaluationParallelism? parallelism = null) =>
            Run(count, columns, policy, parameters, repeats: 0, parallelism, Kernel.Evaluate).Outputs;

        /// <summary>
        /// Evaluates every sample of a batch (columns left out are neutral) through one of the module's private kernels,
        /// called directly (not through <c>Evaluate</c>'s choice): the scalar one, the <c>Vector&lt;float&gt;</c> body or
        /// the <c>Vector512&lt;float&gt;</c> body, whichever this machine accelerates. For the vector bodies,
        /// <paramref name="count"/> must be a whole number of their vectors.
        /// </summary>
        public RewardOutputs EvaluateWith(Kernel kernel, int count, Dictionary<string, Array>? columns = null) =>
            Run(count, columns, DomainPolicy.Clamp, null, repeats: 0, EvaluationParallelism.SingleThread, kernel).Outputs;

        /// <summary>Which of a module's kernels <see cref="EvaluateWith"/> runs.</summary>
        public enum Kernel
        {
            /// <summary>The public <c>Evaluate</c>, which chooses.</summary>
            Evaluate = -1,
            /// <summary><c>EvaluateSamples</c>, one sample at a time.</summary>
            Scalar = 0,
            /// <summary><c>EvaluateVectors</c>, over <c>Vector&lt;float&gt;</c>.</summary>
            Vector = 1,
            /// <summary><c>EvaluateVectors512</c>, over <c>Vector512&lt;float&gt;</c>.</summary>
            Vector512 = 2,
        }

        /// <summary>
        /// Bytes allocated by <paramref name="repeats"/> further evaluations of the same batch into the same outputs: on the
        /// calling thread, and with a parallel <paramref name="parallelism"/> on the runtime's evaluation workers too
        /// (ParallelEvaluation.WorkerAllocatedBytes: such a test must not run next to other parallel evaluations).
        /// </summary>
        public long AllocatedBytes(int count, Dictionary<string, Array>? columns, int repeats, EvaluationParallelism? parallelism = null) =>
            Run(count, columns, DomainPolicy.Clamp, null, repeats, parallelism, Kernel.Evaluate).Allocated;

        private (RewardOutputs Outputs, long Allocated) Run(int count, Dictionary<string, Array>? columns, DomainPolicy policy, Dictionary<string, double>? parameters, int repeats,
            EvaluationParallelism? parallelism, Kernel kernel)
        {
            columns = new Dictionary<string, Array>(columns ?? new Dictionary<string, Array>());
            foreach (var s in _contract.Signals)
                if (!columns.ContainsKey(s.Name)) columns[s.Name] = NeutralColumn(s, count);
            var outputs = new RewardOutputs(count, NormCount);
            var allocated = new long[1];
            try
            {
                _run.Invoke(null, new object[] { columns, count, outputs, (int)policy, parameters ?? new Dictionary<string, double>(), repeats, allocated,
                    parallelism ?? EvaluationParallelism.SingleThread, (int)kernel });
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            }
            return (outputs, allocated[0]);
        }

        private static Array NeutralColumn(BoundSignal s, int count) => s.Kind switch
        {
            SignalKind.Flag => new bool[count],
            SignalKind.Category => new int[count],
            SignalKind.Ensemble => Enumerable.Repeat((float)Math.Min(Math.Max(0, s.Low), s.High), count * s.EnsembleSize).ToArray(),
            _ => Enumerable.Repeat((float)Math.Min(Math.Max(0, s.Low), s.High), count).ToArray(),
        };

        private static string DriverSource(ModuleShape shape)
        {
            var b = new StringBuilder();
            b.AppendLine("using System.Collections.Generic;");
            b.AppendLine("public static class ContractTestDriver");
            b.AppendLine("{");
            b.AppendLine("    public static void Run(Dictionary<string, System.Array> columns, int n, global::ContractDsl.Runtime.RewardOutputs outputs, int policy, Dictionary<string, double> parameters, int repeats, long[] allocated,");
            b.AppendLine("        global::ContractDsl.Runtime.EvaluationParallelism parallelism, int kernel)");
            b.AppendLine("    {");
            b.AppendLine($"        var module = new {shape.FullClassName}();");
            b.AppendLine("        module.Parallelism = parallelism;");
            b.AppendLine("        foreach (var p in parameters) module.Params.Set(p.Key, p.Value);");
            b.AppendLine($"        var batch = new {shape.FullClassName}.Batch(n)");
            b.AppendLine("        {");
            foreach (var s in shape.Contract.Signals)
            {
                string column = shape.ColumnNames[s.Index];
                string value = s.Kind switch
                {
                    SignalKind.Flag => $"(bool[])columns[\"{s.Name}\"]",
                    SignalKind.Category => $"System.Runtime.InteropServices.MemoryMarshal.Cast<int, {shape.QualifiedEnumType(s)}>((int[])columns[\"{s.Name}\"])",
                    _ => $"(float[])columns[\"{s.Name}\"]",
                };
                b.AppendLine($"            {column} = {value},");
            }
            b.AppendLine("        };");
            b.AppendLine("        if (kernel >= 0)");
            b.AppendLine("        {");
            b.AppendLine($"            {shape.FullClassName}.RunKernel(module, kernel, batch, outputs.AsSpans());");
            b.AppendLine("            return;");
            b.AppendLine("        }");
            b.AppendLine("        module.Evaluate(batch, outputs.AsSpans(), (global::ContractDsl.Runtime.DomainPolicy)policy);");
            b.AppendLine("        if (repeats > 0)");
            b.AppendLine("        {");
            b.AppendLine("            // Measured here, inside the compiled code, so that reflection's own allocations don't count;");
            b.AppendLine("            // after a warm-up, so that tiered compilation's one-time work is not counted as steady state.");
            b.AppendLine("            for (int r = 0; r < 4 * repeats; r++) module.Evaluate(batch, outputs.AsSpans(), (global::ContractDsl.Runtime.DomainPolicy)policy);");
            b.AppendLine("            // A parallel evaluation also runs on the runtime's worker threads: then their allocations count too.");
            b.AppendLine("            long Allocated() => System.GC.GetAllocatedBytesForCurrentThread() + (parallelism.MaxThreads > 1 ? global::ContractDsl.Runtime.ParallelEvaluation.WorkerAllocatedBytes : 0);");
            b.AppendLine("            long before = Allocated();");
            b.AppendLine("            for (int r = 0; r < repeats; r++) module.Evaluate(batch, outputs.AsSpans(), (global::ContractDsl.Runtime.DomainPolicy)policy);");
            b.AppendLine("            allocated[0] = Allocated() - before;");
            b.AppendLine("        }");
            b.AppendLine("    }");
            b.AppendLine("}");
            // The module's private kernels, reached from inside its (partial) class.
            string args = string.Concat(shape.ParamNames.Select(p => ", module.Params." + p));
            b.AppendLine($"namespace {shape.Namespace}");
            b.AppendLine("{");
            b.AppendLine($"    public sealed partial class {shape.ClassName}");
            b.AppendLine("    {");
            b.AppendLine($"        internal static void RunKernel({shape.ClassName} module, int kernel, in Batch batch, global::ContractDsl.Runtime.RewardOutputSpans outputs)");
            b.AppendLine("        {");
            b.AppendLine("            batch.Validate();");
            b.AppendLine("            outputs.Validate(batch.Count, NormCount);");
            b.AppendLine($"            if (kernel == 0) EvaluateSamples(batch, outputs, 0, batch.Count, false{args});");
            b.AppendLine($"            else if (kernel == 1) EvaluateVectors(batch, outputs, 0, batch.Count{args});");
            b.AppendLine($"            else EvaluateVectors512(batch, outputs, 0, batch.Count{args});");
            b.AppendLine("        }");
            b.AppendLine("    }");
            b.AppendLine("}");
            return b.ToString();
        }
    }
}
