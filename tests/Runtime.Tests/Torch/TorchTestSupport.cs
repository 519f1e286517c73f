using System.Globalization;
using System.IO;
using ContractDsl.Runtime.Torch;

namespace ContractDsl.Runtime.Tests.Torch;

/// <summary>
/// All libtorch tests share one collection that runs alone: the live-tensor count and grad mode are
/// process/thread state that parallel tests would disturb.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "libtorch (sequential)";
}

/// <summary>Base of the torch tests: fails (never skips) every test when the native shim is missing.</summary>
public abstract class TorchTestBase
{
    protected TorchTestBase()
    {
        if (!torch.TryInitialize(out string? error))
        {
            throw new InvalidOperationException(
                "libcontractdsl_torch is not available, so the libtorch tests cannot run. CI must build it first: " +
                "apt-get install -y libtorch-dev cmake && bash scripts/build-native.sh. Loader said: " + error);
        }
    }

    /// <summary>The live native handle count once every unreachable tensor has been finalized.</summary>
    protected static long SettledLiveCount()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return torch.LiveTensorCount;
    }

    /// <summary>Resident set size of this process in bytes (Linux /proc/self/status VmRSS).</summary>
    protected static long ResidentBytes()
    {
        foreach (string line in File.ReadLines("/proc/self/status"))
        {
            if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
            string[] parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return long.Parse(parts[1], CultureInfo.InvariantCulture) * 1024;
        }
        throw new InvalidOperationException("VmRSS not found in /proc/self/status");
    }

    protected static void AssertClose(double[] expected, double[] actual, double tolerance = 1e-6)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance,
                $"element {i}: expected {expected[i]} but got {actual[i]} (tolerance {tolerance}); actual = [{string.Join(", ", actual)}]");
        }
    }

    protected static void AssertClose(double[] expected, torch.Tensor actual, double tolerance = 1e-6) =>
        AssertClose(expected, actual.ToArray<double>(), tolerance);

    protected static void AssertClose(double expected, double actual, double tolerance = 1e-6) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"expected {expected} but got {actual} (tolerance {tolerance})");

    protected static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
