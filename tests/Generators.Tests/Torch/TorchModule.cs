using System.Reflection;
using System.Text;
using ContractDsl.Binding;
using ContractDsl.Generators.Emit;
using ContractDsl.Generators.Tests.Harness;
using ContractDsl.Runtime;
using static TorchSharp.torch;

namespace ContractDsl.Generators.Tests.Torch
{
    /// <summary>The torch path's outputs copied to the host, in the CPU outputs' layout.</summary>
    public sealed record HostTensorResult(float[] Total, float[] Base, float[] Contributions, bool[] Active, float[] Uncertainty, RewardReasons[] Reasons);

    /// <summary>
    /// A contract compiled by the real generator (both generated files), emitted and loaded, with a driver that
    /// evaluates the same columns on the fused CPU kernel and on the torch path. Columns are given as in
    /// <see cref="CompiledModule"/>: float[] for numbers and ensembles (sample-major), int[] for categories, bool[] for flags.
    /// </summary>
    public sealed class TorchModule
    {
        private readonly MethodInfo _runCpu;
        private readonly MethodInfo _runTorch;

        private TorchModule(MethodInfo runCpu, MethodInfo runTorch, BoundContract contract)
        {
            _runCpu = runCpu;
            _runTorch = runTorch;
            Contract = contract;
        }

        public BoundContract Contract { get; }

        public int NormCount => Contract.Norms.Length;

        public int Norm(string name) => Contract.Norms.Single(n => n.Name == name).Index;

        public BoundSignal Signal(string name) => Contract.Signals.Single(s => s.Name == name);

        public static TorchModule Compile(string contractText, string path = "test.contract", string rootNamespace = "Consumer.App")
        {
            var (module, _, assembly) = ModuleCompiler.CompileAndLoad(contractText, path, rootNamespace, DriverSource);
            var driver = assembly.GetType("TorchTestDriver")!;
            return new TorchModule(driver.GetMethod("RunCpu")!, driver.GetMethod("RunTorch")!, module.Contract);
        }

        /// <summary>The fused CPU kernel on host columns.</summary>
        public RewardOutputs EvaluateCpu(int count, Dictionary<string, Array> columns, DomainPolicy policy = DomainPolicy.Clamp, Dictionary<string, double>? parameters = null)
        {
            var outputs = new RewardOutputs(count, NormCount);
            Invoke(_runCpu, columns, count, outputs, (int)policy, parameters ?? new Dictionary<string, double>());
            return outputs;
        }

        /// <summary>
        /// The torch path on tensor columns (signal name → tensor; a missing column stays unset). Returns the result's six
        /// tensors (Total, Base, Contributions, Active, Uncertainty, Reasons); the caller owns them.
        /// </summary>
        public Tensor[] EvaluateTorch(Dictionary<string, Tensor> columns, DomainPolicy policy = DomainPolicy.Clamp, Dictionary<string, double>? parameters = null) =>
            (Tensor[])Invoke(_runTorch, columns, (int)policy, parameters ?? new Dictionary<string, double>(), -1L)!;

        /// <summary>For a contract without signals: the batch size comes from <paramref name="count"/>.</summary>
        public Tensor[] EvaluateTorch(long count, Dictionary<string, Tensor> columns, DomainPolicy policy = DomainPolicy.Clamp) =>
            (Tensor[])Invoke(_runTorch, columns, (int)policy, new Dictionary<string, double>(), count)!;

        /// <summary>The torch path on the same host columns as <see cref="EvaluateCpu"/>, outputs copied back to the host.</summary>
        public HostTensorResult EvaluateTorch(int count, Dictionary<string, Array> columns, DomainPolicy policy = DomainPolicy.Clamp, Dictionary<string, double>? parameters = null, Device? device = null)
        {
            using var scope = NewDisposeScope();
            var tensors = ToTensors(count, columns, device ?? CPU);
            var r = Contract.Signals.Length == 0
                ? (Tensor[])Invoke(_runTorch, tensors, (int)policy, parameters ?? new Dictionary<string, double>(), (long)count)!
                : EvaluateTorch(tensors, policy, parameters);
            return new HostTensorResult(
                Host<float>(r[0]), Host<float>(r[1]), Host<float>(r[2]), Host<bool>(r[3]), Host<float>(r[4]),
                Host<byte>(r[5]).Select(v => (RewardReasons)v).ToArray());
        }

        /// <summary>A tensor's values on the host, from any device, in row-major order.</summary>
        public static T[] Host<T>(Tensor tensor) where T : unmanaged
        {
            // TorchSharp 0.107's TensorAccessor.ToArray throws for an empty tensor of two or more dimensions.
            if (tensor.numel() == 0) return Array.Empty<T>();
            using var host = tensor.cpu();
            return host.data<T>().ToArray();
        }

        /// <summary>Host columns as the torch path's tensors: float32 [N] / [N, k], int64 [N], bool [N].</summary>
        public Dictionary<string, Tensor> ToTensors(int count, Dictionary<string, Array> columns, Device device, bool requiresGrad = false)
        {
            var tensors = new Dictionary<string, Tensor>();
            foreach (var s in Contract.Signals)
            {
                if (!columns.TryGetValue(s.Name, out var column)) continue;
                tensors[s.Name] = s.Kind switch
                {
                    SignalKind.Flag => tensor((bool[])column, device: device),
                    SignalKind.Category => tensor(((int[])column).Select(v => (long)v).ToArray(), device: device),
                    SignalKind.Ensemble => tensor((float[])column, new long[] { count, s.EnsembleSize }, device: device, requires_grad: requiresGrad),
                    _ => tensor((float[])column, device: device, requires_grad: requiresGrad),
                };
            }
            return tensors;
        }

        private static object? Invoke(MethodInfo method, params object[] arguments)
        {
            try
            {
                return method.Invoke(null, arguments);
            }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        }

        private static string DriverSource(ModuleShape shape)
        {
            var b = new StringBuilder();
            b.AppendLine("using System.Collections.Generic;");
            b.AppendLine("using Tensor = global::TorchSharp.torch.Tensor;");
            b.AppendLine("public static class TorchTestDriver");
            b.AppendLine("{");
            b.AppendLine("    public static void RunCpu(Dictionary<string, System.Array> columns, int n, global::ContractDsl.Runtime.RewardOutputs outputs, int policy, Dictionary<string, double> parameters)");
            b.AppendLine("    {");
            b.AppendLine($"        var module = new {shape.FullClassName}();");
            b.AppendLine("        foreach (var p in parameters) module.Params.Set(p.Key, p.Value);");
            b.AppendLine($"        var batch = new {shape.FullClassName}.Batch(n)");
            b.AppendLine("        {");
            foreach (var s in shape.Contract.Signals)
            {
                string value = s.Kind switch
                {
                    SignalKind.Flag => $"(bool[])columns[\"{s.Name}\"]",
                    SignalKind.Category => $"System.Runtime.InteropServices.MemoryMarshal.Cast<int, {shape.QualifiedEnumType(s)}>((int[])columns[\"{s.Name}\"])",
                    _ => $"(float[])columns[\"{s.Name}\"]",
                };
                b.AppendLine($"            {shape.ColumnNames[s.Index]} = {value},");
            }
            b.AppendLine("        };");
            b.AppendLine("        module.Evaluate(batch, outputs.AsSpans(), (global::ContractDsl.Runtime.DomainPolicy)policy);");
            b.AppendLine("    }");
            b.AppendLine();
            b.AppendLine("    public static Tensor[] RunTorch(Dictionary<string, Tensor> columns, int policy, Dictionary<string, double> parameters, long count)");
            b.AppendLine("    {");
            b.AppendLine($"        var module = new {shape.FullClassName}();");
            b.AppendLine("        foreach (var p in parameters) module.Params.Set(p.Key, p.Value);");
            b.AppendLine($"        var batch = new {shape.FullClassName}.TensorBatch();");
            foreach (var s in shape.Contract.Signals)
                b.AppendLine($"        if (columns.TryGetValue(\"{s.Name}\", out var c{s.Index})) batch.{shape.ColumnNames[s.Index]} = c{s.Index};");
            if (shape.Contract.Signals.Length == 0) b.AppendLine("        batch.Count = count;");
            b.AppendLine("        var r = module.Evaluate(batch, (global::ContractDsl.Runtime.DomainPolicy)policy);");
            b.AppendLine("        return new[] { r.Total, r.Base, r.Contributions, r.Active, r.Uncertainty, r.Reasons };");
            b.AppendLine("    }");
            b.AppendLine("}");
            return b.ToString();
        }
    }
}
