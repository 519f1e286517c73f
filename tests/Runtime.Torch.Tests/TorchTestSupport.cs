using TorchSharp;
using static TorchSharp.torch;

namespace ContractDsl.Runtime.Torch.Tests
{
    /// <summary>Base of the tests that need libtorch: fails (never skips) when TorchSharp's native library cannot load.</summary>
    public abstract class TorchTestBase
    {
        protected TorchTestBase()
        {
            // Throws TorchUnavailableException naming the cause and the fix (e.g. run scripts/setup.sh).
            TorchRuntime.EnsureAvailable();
        }

        /// <summary>
        /// Tensors alive on this thread: TorchSharp's count of tensors created minus tensors disposed (its dispose-scope
        /// statistics). Exact and immediate — no garbage collection involved; a tensor left to the finalizer stays counted.
        /// </summary>
        protected static long LiveTensors => DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        /// <summary>A tensor's values on the host.</summary>
        protected static T[] Host<T>(Tensor tensor) where T : unmanaged
        {
            if (tensor.numel() == 0) return Array.Empty<T>();
            using var host = tensor.cpu();
            return host.data<T>().ToArray();
        }
    }
}
