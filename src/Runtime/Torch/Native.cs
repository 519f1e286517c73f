using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;

namespace ContractDsl.Runtime.Torch
{
    /// <summary>A scalar as the shim receives it (layout of <c>cdt_scalar</c> in contractdsl_torch.h).</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct NativeScalar
    {
        public long I;
        public double D;
        public int Kind;

        public const int KindFloat = 0;
        public const int KindInt = 1;
        public const int KindBool = 2;
    }

    /// <summary>Owns one native tensor handle; releasing it calls <c>cdt_free</c> (also from the finalizer).</summary>
    internal sealed class TensorHandle : SafeHandle
    {
        /// <summary>Creates an empty (invalid) handle; required by the interop marshaller.</summary>
        public TensorHandle() : base(IntPtr.Zero, ownsHandle: true)
        {
        }

        internal TensorHandle(IntPtr handle) : this()
        {
            SetHandle(handle);
        }

        public override bool IsInvalid => handle == IntPtr.Zero;

        protected override bool ReleaseHandle()
        {
            Native.cdt_free(handle);
            return true;
        }
    }

    /// <summary>
    /// P/Invoke surface of libcontractdsl_torch (see src/Runtime/native/contractdsl_torch.h). Tensor
    /// arguments are <see cref="TensorHandle"/>s so a handle cannot be released while a call uses it;
    /// results are raw pointers wrapped by <see cref="Wrap"/>.
    /// </summary>
    internal static unsafe partial class Native
    {
        internal const string LibraryName = "contractdsl_torch";

        static Native()
        {
            NativeLibraryLoader.InstallResolver();
        }

        // ---- errors -------------------------------------------------------------------------------

        internal static TorchException LastError()
        {
            string? message = Marshal.PtrToStringUTF8(cdt_last_error());
            return new TorchException(string.IsNullOrEmpty(message) ? "libtorch reported an unknown error" : message);
        }

        /// <summary>Turns a returned handle into a <see cref="torch.Tensor"/>, or throws the native error.</summary>
        internal static torch.Tensor Wrap(IntPtr handle)
        {
            if (handle == IntPtr.Zero) throw LastError();
            return new torch.Tensor(handle);
        }

        /// <summary>Throws the native error when a status-returning call failed.</summary>
        internal static void Check(int status)
        {
            if (status != 0) throw LastError();
        }

        internal static int I(bool value) => value ? 1 : 0;

        // ---- library state ------------------------------------------------------------------------

        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_last_error();
        [LibraryImport(LibraryName)] internal static partial long cdt_live_tensors();
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_torch_version();
        [LibraryImport(LibraryName)] internal static partial int cdt_cuda_is_available();
        [LibraryImport(LibraryName)] internal static partial int cdt_cuda_device_count();
        [LibraryImport(LibraryName)] internal static partial int cdt_manual_seed(ulong seed);
        [LibraryImport(LibraryName)] internal static partial int cdt_is_grad_enabled();
        [LibraryImport(LibraryName)] internal static partial int cdt_set_grad_enabled(int enabled);
        [LibraryImport(LibraryName)] internal static partial void cdt_free(IntPtr tensor);

        // ---- creation -----------------------------------------------------------------------------

        [LibraryImport(LibraryName)]
        internal static partial IntPtr cdt_from_host(void* data, long count, int srcDtype, long* shape, int ndim, int dtype,
            int deviceType, int deviceIndex, int requiresGrad);
        [LibraryImport(LibraryName)]
        internal static partial IntPtr cdt_scalar_tensor(NativeScalar value, int dtype, int deviceType, int deviceIndex, int requiresGrad);
        [LibraryImport(LibraryName)]
        internal static partial IntPtr cdt_full(long* shape, int ndim, NativeScalar value, int dtype, int deviceType, int deviceIndex,
            int requiresGrad);
        [LibraryImport(LibraryName)]
        internal static partial IntPtr cdt_zeros(long* shape, int ndim, int dtype, int deviceType, int deviceIndex, int requiresGrad);
        [LibraryImport(LibraryName)]
        internal static partial IntPtr cdt_ones(long* shape, int ndim, int dtype, int deviceType, int deviceIndex, int requiresGrad);
        [LibraryImport(LibraryName)]
        internal static partial IntPtr cdt_arange(NativeScalar start, NativeScalar end, NativeScalar step, int dtype, int deviceType,
            int deviceIndex, int requiresGrad);
        [LibraryImport(LibraryName)]
        internal static partial IntPtr cdt_rand(long* shape, int ndim, int dtype, int deviceType, int deviceIndex, int requiresGrad);
        [LibraryImport(LibraryName)]
        internal static partial IntPtr cdt_randn(long* shape, int ndim, int dtype, int deviceType, int deviceIndex, int requiresGrad);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_zeros_like(TensorHandle t);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_ones_like(TensorHandle t);

        // ---- host copies and queries ----------------------------------------------------------------

        [LibraryImport(LibraryName)] internal static partial int cdt_copy_to_host(TensorHandle t, int dtype, void* buffer, long count);
        [LibraryImport(LibraryName)] internal static partial int cdt_item(TensorHandle t, int dtype, void* output);
        [LibraryImport(LibraryName)] internal static partial long cdt_numel(TensorHandle t);
        [LibraryImport(LibraryName)] internal static partial int cdt_dim(TensorHandle t);
        [LibraryImport(LibraryName)] internal static partial int cdt_shape(TensorHandle t, long* buffer, int capacity);
        [LibraryImport(LibraryName)] internal static partial int cdt_dtype(TensorHandle t);
        [LibraryImport(LibraryName)] internal static partial int cdt_device(TensorHandle t, out int deviceType, out int deviceIndex);

        // ---- moves ------------------------------------------------------------------------------------

        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_to_device(TensorHandle t, int deviceType, int deviceIndex);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_to_dtype(TensorHandle t, int dtype);

        // ---- element-wise -----------------------------------------------------------------------------

        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_add(TensorHandle a, TensorHandle b);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_sub(TensorHandle a, TensorHandle b);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_mul(TensorHandle a, TensorHandle b);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_div(TensorHandle a, TensorHandle b);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_add_scalar(TensorHandle a, NativeScalar b);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_sub_scalar(TensorHandle a, NativeScalar b);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_mul_scalar(TensorHandle a, NativeScalar b);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_div_scalar(TensorHandle a, NativeScalar b);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_rsub_scalar(NativeScalar a, TensorHandle b);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_rdiv_scalar(NativeScalar a, TensorHandle b);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_neg(TensorHandle t);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_pow_scalar(TensorHandle t, NativeScalar exponent);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_minimum(TensorHandle a, TensorHandle b);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_maximum(TensorHandle a, TensorHandle b);

        // ---- comparisons and logic ------------------------------------------------------------------

        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_lt(TensorHandle a, TensorHandle b);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_le(TensorHandle a, TensorHandle b);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_gt(TensorHandle a, TensorHandle b);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_ge(TensorHandle a, TensorHandle b);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_eq(TensorHandle a, TensorHandle b);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_ne(TensorHandle a, TensorHandle b);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_lt_scalar(TensorHandle a, NativeScalar b);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_le_scalar(TensorHandle a, NativeScalar b);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_gt_scalar(TensorHandle a, NativeScalar b);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_ge_scalar(TensorHandle a, NativeScalar b);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_eq_scalar(TensorHandle a, NativeScalar b);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_ne_scalar(TensorHandle a, NativeScalar b);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_logical_and(TensorHandle a, TensorHandle b);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_logical_or(TensorHandle a, TensorHandle b);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_logical_not(TensorHandle t);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_where(TensorHandle condition, TensorHandle x, TensorHandle y);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_isfinite(TensorHandle t);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_isnan(TensorHandle t);

        // ---- clamping and unary math ----------------------------------------------------------------

        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_clamp(TensorHandle t, NativeScalar* min, NativeScalar* max);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_clamp_min(TensorHandle t, NativeScalar min);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_clamp_max(TensorHandle t, NativeScalar max);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_exp(TensorHandle t);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_log(TensorHandle t);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_sigmoid(TensorHandle t);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_tanh(TensorHandle t);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_abs(TensorHandle t);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_round(TensorHandle t);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_softplus(TensorHandle t, double beta, double threshold);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_logsigmoid(TensorHandle t);

        // ---- reductions -------------------------------------------------------------------------------

        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_sum(TensorHandle t);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_sum_dim(TensorHandle t, long dim, int keepdim);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_mean(TensorHandle t);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_mean_dim(TensorHandle t, long dim, int keepdim);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_max(TensorHandle t);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_min(TensorHandle t);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_max_dim(TensorHandle t, long dim, int keepdim, out IntPtr indices);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_min_dim(TensorHandle t, long dim, int keepdim, out IntPtr indices);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_amax(TensorHandle t, long* dims, int ndims, int keepdim);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_amin(TensorHandle t, long* dims, int ndims, int keepdim);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_std(TensorHandle t, int unbiased);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_std_dim(TensorHandle t, long dim, int unbiased, int keepdim);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_var(TensorHandle t, int unbiased);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_var_dim(TensorHandle t, long dim, int unbiased, int keepdim);

        // ---- shape and indexing -----------------------------------------------------------------------

        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_reshape(TensorHandle t, long* shape, int ndim);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_view(TensorHandle t, long* shape, int ndim);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_select(TensorHandle t, long dim, long index);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_narrow(TensorHandle t, long dim, long start, long length);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_index_select(TensorHandle t, long dim, TensorHandle index);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_cat(IntPtr* tensors, int count, long dim);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_stack(IntPtr* tensors, int count, long dim);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_index_add(TensorHandle t, long dim, TensorHandle index, TensorHandle source);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_bincount(TensorHandle t, IntPtr weights, long minlength);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_matmul(TensorHandle a, TensorHandle b);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_t(TensorHandle t);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_transpose(TensorHandle t, long dim0, long dim1);

        // ---- autograd and in-place updates ------------------------------------------------------------

        [LibraryImport(LibraryName)] internal static partial int cdt_requires_grad(TensorHandle t);
        [LibraryImport(LibraryName)] internal static partial int cdt_set_requires_grad(TensorHandle t, int requiresGrad);
        [LibraryImport(LibraryName)] internal static partial int cdt_backward(TensorHandle t, IntPtr gradient, int retainGraph);
        [LibraryImport(LibraryName)] internal static partial int cdt_grad(TensorHandle t, out IntPtr grad);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_detach(TensorHandle t);
        [LibraryImport(LibraryName)] internal static partial IntPtr cdt_clone(TensorHandle t);
        [LibraryImport(LibraryName)] internal static partial int cdt_zero_grad(TensorHandle t);
        [LibraryImport(LibraryName)] internal static partial int cdt_zero_(TensorHandle t);
        [LibraryImport(LibraryName)] internal static partial int cdt_add_(TensorHandle t, TensorHandle other, NativeScalar alpha);
        [LibraryImport(LibraryName)] internal static partial int cdt_sub_(TensorHandle t, TensorHandle other, NativeScalar alpha);
        [LibraryImport(LibraryName)] internal static partial int cdt_mul_(TensorHandle t, TensorHandle other);
        [LibraryImport(LibraryName)] internal static partial int cdt_mul_scalar_(TensorHandle t, NativeScalar other);
    }

    /// <summary>
    /// Finds libcontractdsl_torch: next to the application (AppContext.BaseDirectory), then the path in
    /// CONTRACTDSL_TORCH_LIB (a file or a folder), then the runtime's default probing.
    /// </summary>
    internal static class NativeLibraryLoader
    {
        internal const string EnvironmentVariable = "CONTRACTDSL_TORCH_LIB";

        private static readonly object Gate = new();
        private static bool s_resolverInstalled;
        private static IntPtr s_library;

        internal static string FileName =>
            OperatingSystem.IsWindows() ? "contractdsl_torch.dll"
            : OperatingSystem.IsMacOS() ? "libcontractdsl_torch.dylib"
            : "libcontractdsl_torch.so";

        internal static void InstallResolver()
        {
            lock (Gate)
            {
                if (s_resolverInstalled) return;
                s_resolverInstalled = true;
                try
                {
                    NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);
                }
                catch (InvalidOperationException)
                {
                    // Another resolver already owns this assembly; Load() is still called by torch.TryInitialize
                    // and default probing (LD_LIBRARY_PATH) remains the fallback.
                }
            }
        }

        private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
            libraryName == Native.LibraryName ? Load() : IntPtr.Zero;

        /// <summary>Loads the library once; throws <see cref="DllNotFoundException"/> with instructions when it cannot.</summary>
        internal static IntPtr Load()
        {
            lock (Gate)
            {
                if (s_library != IntPtr.Zero) return s_library;

                var tried = new List<string>();
                string? fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
                string?[] candidates =
                {
                    Path.Combine(AppContext.BaseDirectory, FileName),
                    string.IsNullOrWhiteSpace(fromEnvironment) ? null
                    : Directory.Exists(fromEnvironment) ? Path.Combine(fromEnvironment, FileName)
                    : fromEnvironment,
                };

                foreach (string? path in candidates)
                {
                    if (path is null)
                    {
                        tried.Add($"{EnvironmentVariable}: not set");
                        continue;
                    }
                    if (!File.Exists(path))
                    {
                        tried.Add($"{path}: no such file");
                        continue;
                    }
                    try
                    {
                        // Load (not TryLoad) so a present but unloadable file reports why (e.g. libtorch missing).
                        s_library = NativeLibrary.Load(path);
                        return s_library;
                    }
                    catch (Exception e) when (e is DllNotFoundException or BadImageFormatException)
                    {
                        tried.Add($"{path}: {e.Message}");
                    }
                }

                if (NativeLibrary.TryLoad(Native.LibraryName, typeof(NativeLibraryLoader).Assembly, null, out IntPtr probed))
                {
                    s_library = probed;
                    return s_library;
                }
                tried.Add("default probing (LD_LIBRARY_PATH, system paths): not found");

                throw new DllNotFoundException(
                    $"The ContractDsl libtorch shim ({FileName}) could not be loaded. Build it with " +
                    "'apt-get install -y libtorch-dev cmake' and then 'bash scripts/build-native.sh' " +
                    "(the build of src/Runtime copies it to the output folder), or set " +
                    $"{EnvironmentVariable} to the built library. Tried: " + string.Join("; ", tried));
            }
        }
    }
}
