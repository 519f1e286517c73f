using System.IO;
using System.Reflection;
using ContractDsl.Runtime;

namespace ContractDsl.Runtime.Tests
{
    /// <summary>
    /// The CPU runtime stands alone: it references no TorchSharp and brings no libtorch, so a consumer that does not
    /// use the torch path loads no native library (the torch part is the separate ContractDsl.Runtime.Torch assembly).
    /// </summary>
    public class NoTorchDependencyTests
    {
        private static readonly Assembly CpuRuntime = typeof(RewardOutputs).Assembly;

        [Fact]
        public void The_cpu_runtime_references_only_the_framework()
        {
            var references = CpuRuntime.GetReferencedAssemblies().Select(a => a.Name!).ToList();
            Assert.NotEmpty(references);
            Assert.All(references, name => Assert.True(name.StartsWith("System", StringComparison.Ordinal) || name is "netstandard" or "mscorlib",
                $"ContractDsl.Runtime references {name}"));
        }

        [Fact]
        public void The_cpu_runtime_has_no_torch_types()
        {
            Assert.DoesNotContain(CpuRuntime.GetTypes(), t => t.Namespace?.Contains("Torch", StringComparison.Ordinal) == true);
        }

        [Fact]
        public void A_project_referencing_the_cpu_runtime_gets_no_libtorch_in_its_output()
        {
            string output = Path.GetDirectoryName(CpuRuntime.Location)!;
            var torchFiles = Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories)
                .Where(f => Path.GetFileName(f).Contains("torch", StringComparison.OrdinalIgnoreCase)).ToList();
            Assert.True(torchFiles.Count == 0, "torch files in " + output + ": " + string.Join(", ", torchFiles));
        }
    }
}
