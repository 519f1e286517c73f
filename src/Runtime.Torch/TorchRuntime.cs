using System;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Threading;
using TorchSharp;

namespace ContractDsl.Runtime.Torch
{
    /// <summary>
    /// Whether TorchSharp's native library (libtorch and its C binding <c>LibTorchSharp</c>) can be loaded, and if
    /// not, why — in one sentence that names the cause and the fix, instead of TorchSharp's type-initializer failure.
    /// The generated <c>Evaluate(TensorBatch)</c> calls <see cref="EnsureAvailable"/> first; a training job may call
    /// it before it creates its first tensor.
    /// </summary>
    public static class TorchRuntime
    {
        private static readonly Lazy<string?> Problem = new(Probe, LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>True when TorchSharp's native library loads (the CPU backend; CUDA is a device question).</summary>
        public static bool IsAvailable => Problem.Value is null;

        /// <summary>Why TorchSharp's native library does not load, or null when it does.</summary>
        public static string? UnavailableReason => Problem.Value;

        /// <summary>Throws <see cref="TorchUnavailableException"/> naming the cause when TorchSharp's native library does not load.</summary>
        public static void EnsureAvailable()
        {
            if (Problem.Value is { } problem) throw new TorchUnavailableException(problem);
        }

        private static string? Probe()
        {
            try
            {
                torch.InitializeDeviceType(DeviceType.CPU);
                return null;
            }
            catch (Exception e) when (e is TypeInitializationException or NotSupportedException or InvalidOperationException
                                          or DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
            {
                return Explain(LoaderMessage(), e.GetBaseException().Message);
            }
        }

        /// <summary>What the dynamic loader says when asked for LibTorchSharp the way TorchSharp asks (null: it loads).</summary>
        private static string? LoaderMessage()
        {
            try
            {
                NativeLibrary.Load("LibTorchSharp", typeof(torch).Assembly, null);
                return null;
            }
            catch (DllNotFoundException e)
            {
                return e.Message;
            }
        }

        /// <summary>
        /// The user-facing reason from the loader's message (dlerror text, as in a <see cref="DllNotFoundException"/>)
        /// and TorchSharp's own message.
        /// </summary>
        internal static string Explain(string? loaderMessage, string torchSharpMessage)
        {
            const string Prefix = "TorchSharp's native library (libLibTorchSharp) could not be loaded: ";
            var missingVersion = loaderMessage is null ? Match.Empty : Regex.Match(loaderMessage, @"([^\s:]*libstdc\+\+[^\s:]*): version `(GLIBCXX_[0-9.]+)' not found");
            if (missingVersion.Success)
            {
                return Prefix + $"it requires {missingVersion.Groups[2].Value} of the C++ runtime, which this machine's libstdc++ " +
                       $"({missingVersion.Groups[1].Value}) does not provide. Run `bash scripts/setup.sh` in the ContractDsl repository " +
                       "and rebuild: on such a machine it marks that one version requirement weak in the NuGet package's copy of " +
                       "libLibTorchSharp.so (see the README, \"The torch path on an older libstdc++\"). Loader: " + FirstLine(loaderMessage!, missingVersion.Index);
            }
            if (loaderMessage is not null && Regex.Match(loaderMessage, @"(libtorch[^\s:]*|libc10[^\s:]*): cannot open shared object file") is { Success: true } missingLibrary)
            {
                return Prefix + $"{missingLibrary.Groups[1].Value} is missing. Reference a libtorch backend package next to TorchSharp " +
                       "(TorchSharp-cpu, or TorchSharp-cuda-linux for a GPU; docs/gpu.md). Loader: " + FirstLine(loaderMessage, missingLibrary.Index);
            }
            return Prefix + FirstLine(loaderMessage ?? torchSharpMessage, 0);
        }

        /// <summary>The line of <paramref name="text"/> that holds position <paramref name="at"/>, trimmed.</summary>
        private static string FirstLine(string text, int at)
        {
            int start = text.LastIndexOf('\n', Math.Max(0, at - 1)) + 1;
            int end = text.IndexOf('\n', at);
            return text[start..(end < 0 ? text.Length : end)].Trim();
        }
    }

    /// <summary>TorchSharp's native library cannot be loaded on this machine; the message names the cause and the fix.</summary>
    public sealed class TorchUnavailableException : InvalidOperationException
    {
        /// <summary>Creates the exception with the reason.</summary>
        public TorchUnavailableException(string message) : base(message)
        {
        }
    }
}
