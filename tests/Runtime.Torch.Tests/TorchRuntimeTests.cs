namespace ContractDsl.Runtime.Torch.Tests
{
    /// <summary>
    /// <see cref="TorchRuntime"/>: TorchSharp loads here (after scripts/setup.sh), and when it cannot, the reason names
    /// the cause and the fix instead of TorchSharp's type-initializer failure.
    /// </summary>
    public sealed class TorchRuntimeTests
    {
        private const string TorchSharpMessage = "This application or script uses TorchSharp but doesn't contain a reference to libtorch-cpu-linux-x64, Version=2.10.0.0.";

        [Fact]
        public void TorchSharp_loads_on_this_machine()
        {
            Assert.True(TorchRuntime.IsAvailable, TorchRuntime.UnavailableReason);
            Assert.Null(TorchRuntime.UnavailableReason);
            TorchRuntime.EnsureAvailable();
        }

        [Fact]
        public void An_older_libstdcxx_is_named_with_the_missing_version_and_the_set_up_command()
        {
            const string loader = "Unable to load shared library 'LibTorchSharp' or one of its dependencies. In order to help diagnose loading problems, " +
                                  "consider using a tool like strace. If you're using glibc, consider setting the LD_DEBUG environment variable: \n" +
                                  "/lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /app/runtimes/linux-x64/native/libLibTorchSharp.so)\n" +
                                  "/app/libLibTorchSharp.so: cannot open shared object file: No such file or directory";
            string reason = TorchRuntime.Explain(loader, TorchSharpMessage);
            Assert.StartsWith("TorchSharp's native library (libLibTorchSharp) could not be loaded: it requires GLIBCXX_3.4.32", reason);
            Assert.Contains("this machine's libstdc++ (/lib/x86_64-linux-gnu/libstdc++.so.6) does not provide", reason);
            Assert.Contains("bash scripts/setup.sh", reason);
            Assert.EndsWith("Loader: /lib/x86_64-linux-gnu/libstdc++.so.6: version `GLIBCXX_3.4.32' not found (required by /app/runtimes/linux-x64/native/libLibTorchSharp.so)", reason);
        }

        [Fact]
        public void A_missing_libtorch_asks_for_a_backend_package()
        {
            const string loader = "Unable to load shared library 'LibTorchSharp' or one of its dependencies.\n" +
                                  "libtorch.so: cannot open shared object file: No such file or directory";
            string reason = TorchRuntime.Explain(loader, TorchSharpMessage);
            Assert.Contains("libtorch.so is missing", reason);
            Assert.Contains("TorchSharp-cpu", reason);
            Assert.Contains("TorchSharp-cuda-linux", reason);
        }

        [Fact]
        public void Another_cause_is_passed_on_in_one_line()
        {
            Assert.Equal("TorchSharp's native library (libLibTorchSharp) could not be loaded: " + TorchSharpMessage,
                TorchRuntime.Explain(null, TorchSharpMessage + "\n\nConsider referencing ..."));
        }

        [Fact]
        public void The_exception_carries_the_reason()
        {
            var e = new TorchUnavailableException("why");
            Assert.IsAssignableFrom<InvalidOperationException>(e);
            Assert.Equal("why", e.Message);
        }
    }
}
