#pragma warning disable CS8981 // 'torch', 'cuda', 'nn', 'functional' are lower-case on purpose: the API mirrors PyTorch/TorchSharp.
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;

namespace ContractDsl.Runtime.Torch
{
    /// <summary>
    /// The tensor runtime: libtorch through the ContractDsl C shim, with names and shapes taken from
    /// TorchSharp (<c>using static ContractDsl.Runtime.Torch.torch;</c> reads like TorchSharp code) so a
    /// TorchSharp adapter can replace it by changing the namespace.
    /// </summary>
    public static unsafe partial class torch
    {
        // ---- availability ------------------------------------------------------------------------------

        /// <summary>
        /// Loads the native shim (and libtorch) if needed. Returns false with the reason in
        /// <paramref name="error"/> instead of throwing, so callers can report availability.
        /// </summary>
        public static bool TryInitialize(out string? error)
        {
            try
            {
                NativeLibraryLoader.InstallResolver();
                NativeLibraryLoader.Load();
                _ = Native.cdt_live_tensors(); // resolves a symbol: proves the library is the shim
                error = null;
                return true;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException
                                          or TypeInitializationException)
            {
                error = e.Message;
                return false;
            }
        }

        /// <summary>True when the native shim and libtorch can be loaded.</summary>
        public static bool IsAvailable => TryInitialize(out _);

        /// <summary>The libtorch version the shim was built against (e.g. "1.13.0").</summary>
        public static string LibTorchVersion => Marshal.PtrToStringUTF8(Native.cdt_torch_version()) ?? "unknown";

        /// <summary>
        /// Number of native tensor handles currently alive in this process (created and not yet disposed
        /// or finalized). Meant for leak checks.
        /// </summary>
        public static long LiveTensorCount => Native.cdt_live_tensors();

        // ---- scopes, grad mode, seeding -------------------------------------------------------------------

        /// <summary>Opens a dispose scope on this thread: tensors created until it is disposed are disposed with it.</summary>
        public static DisposeScope NewDisposeScope() => DisposeScopeManager.Current.Push();

        /// <summary>Disables gradient recording on this thread until the returned object is disposed.</summary>
        public static IDisposable no_grad() => new GradModeGuard(false);

        /// <summary>Enables gradient recording on this thread until the returned object is disposed.</summary>
        public static IDisposable enable_grad() => new GradModeGuard(true);

        /// <summary>Whether gradient recording is enabled on this thread.</summary>
        public static bool is_grad_enabled() => Native.cdt_is_grad_enabled() != 0;

        /// <summary>Enables or disables gradient recording on this thread.</summary>
        public static void set_grad_enabled(bool enabled) => Native.Check(Native.cdt_set_grad_enabled(Native.I(enabled)));

        private sealed class GradModeGuard : IDisposable
        {
            private readonly bool _previous;
            private bool _disposed;

            internal GradModeGuard(bool enabled)
            {
                _previous = is_grad_enabled();
                set_grad_enabled(enabled);
            }

            public void Dispose()
            {
                if (_disposed) return;
                _disposed = true;
                set_grad_enabled(_previous);
            }
        }

        /// <summary>Seeds the CPU and CUDA random generators.</summary>
        public static void manual_seed(long seed) => Native.Check(Native.cdt_manual_seed(unchecked((ulong)seed)));

        /// <summary>CUDA queries.</summary>
        public static class cuda
        {
            /// <summary>True when libtorch has CUDA support and sees at least one GPU.</summary>
            public static bool is_available() => Native.cdt_cuda_is_available() != 0;

            /// <summary>Number of visible GPUs (0 for a CPU-only libtorch).</summary>
            public static int device_count() => Native.cdt_cuda_device_count();
        }

        // ---- creation from host data ------------------------------------------------------------------------

        private static Tensor FromHost<T>(ReadOnlySpan<T> values, long[]? shape, ScalarType? dtype, Device? device, bool requires_grad)
            where T : unmanaged
        {
            Device target = device ?? CPU;
            ScalarType source = ElementTypeOf<T>();
            fixed (T* data = values)
            fixed (long* dims = shape)
            {
                return Native.Wrap(Native.cdt_from_host(data, values.Length, (int)source, dims, shape is null ? -1 : shape.Length,
                    (int)(dtype ?? source), (int)target.type, target.index, Native.I(requires_grad)));
            }
        }

        private static Tensor ScalarTensor(Scalar value, ScalarType type, Device? device, bool requires_grad)
        {
            Device target = device ?? CPU;
            return Native.Wrap(Native.cdt_scalar_tensor(value.Value, (int)type, (int)target.type, target.index, Native.I(requires_grad)));
        }

        /// <summary>A tensor copied from <paramref name="values"/>; 1-D unless <paramref name="shape"/> is given.</summary>
        public static Tensor tensor(float[] values, long[]? shape = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
            FromHost<float>(values, shape, dtype, device, requires_grad);

        /// <summary>A tensor copied from <paramref name="values"/>; 1-D unless <paramref name="shape"/> is given.</summary>
        public static Tensor tensor(ReadOnlySpan<float> values, long[]? shape = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
            FromHost(values, shape, dtype, device, requires_grad);

        /// <summary>A tensor copied from <paramref name="values"/>; 1-D unless <paramref name="shape"/> is given.</summary>
        public static Tensor tensor(double[] values, long[]? shape = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
            FromHost<double>(values, shape, dtype, device, requires_grad);

        /// <summary>A tensor copied from <paramref name="values"/>; 1-D unless <paramref name="shape"/> is given.</summary>
        public static Tensor tensor(ReadOnlySpan<double> values, long[]? shape = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
            FromHost(values, shape, dtype, device, requires_grad);

        /// <summary>A tensor copied from <paramref name="values"/>; 1-D unless <paramref name="shape"/> is given.</summary>
        public static Tensor tensor(long[] values, long[]? shape = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
            FromHost<long>(values, shape, dtype, device, requires_grad);

        /// <summary>A tensor copied from <paramref name="values"/>; 1-D unless <paramref name="shape"/> is given.</summary>
        public static Tensor tensor(ReadOnlySpan<long> values, long[]? shape = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
            FromHost(values, shape, dtype, device, requires_grad);

        /// <summary>A tensor copied from <paramref name="values"/>; 1-D unless <paramref name="shape"/> is given.</summary>
        public static Tensor tensor(int[] values, long[]? shape = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
            FromHost<int>(values, shape, dtype, device, requires_grad);

        /// <summary>A tensor copied from <paramref name="values"/>; 1-D unless <paramref name="shape"/> is given.</summary>
        public static Tensor tensor(ReadOnlySpan<int> values, long[]? shape = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
            FromHost(values, shape, dtype, device, requires_grad);

        /// <summary>A tensor copied from <paramref name="values"/>; 1-D unless <paramref name="shape"/> is given.</summary>
        public static Tensor tensor(bool[] values, long[]? shape = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
            FromHost<bool>(values, shape, dtype, device, requires_grad);

        /// <summary>A tensor copied from <paramref name="values"/>; 1-D unless <paramref name="shape"/> is given.</summary>
        public static Tensor tensor(ReadOnlySpan<bool> values, long[]? shape = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
            FromHost(values, shape, dtype, device, requires_grad);

        /// <summary>A tensor copied from <paramref name="values"/>; 1-D unless <paramref name="shape"/> is given.</summary>
        public static Tensor tensor(byte[] values, long[]? shape = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
            FromHost<byte>(values, shape, dtype, device, requires_grad);

        /// <summary>A tensor copied from <paramref name="values"/>; 1-D unless <paramref name="shape"/> is given.</summary>
        public static Tensor tensor(ReadOnlySpan<byte> values, long[]? shape = null, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
            FromHost(values, shape, dtype, device, requires_grad);

        /// <summary>A 0-dim tensor (Float32 unless <paramref name="dtype"/> says otherwise).</summary>
        public static Tensor tensor(float value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
            ScalarTensor(value, dtype ?? ScalarType.Float32, device, requires_grad);

        /// <summary>A 0-dim tensor (Float64 unless <paramref name="dtype"/> says otherwise).</summary>
        public static Tensor tensor(double value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
            ScalarTensor(value, dtype ?? ScalarType.Float64, device, requires_grad);

        /// <summary>A 0-dim tensor (Int64 unless <paramref name="dtype"/> says otherwise).</summary>
        public static Tensor tensor(long value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
            ScalarTensor(value, dtype ?? ScalarType.Int64, device, requires_grad);

        /// <summary>A 0-dim tensor (Int32 unless <paramref name="dtype"/> says otherwise).</summary>
        public static Tensor tensor(int value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
            ScalarTensor(value, dtype ?? ScalarType.Int32, device, requires_grad);

        /// <summary>A 0-dim tensor (Bool unless <paramref name="dtype"/> says otherwise).</summary>
        public static Tensor tensor(bool value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
            ScalarTensor(value, dtype ?? ScalarType.Bool, device, requires_grad);

        /// <summary>A 0-dim tensor (Byte unless <paramref name="dtype"/> says otherwise).</summary>
        public static Tensor tensor(byte value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
            ScalarTensor(value, dtype ?? ScalarType.Byte, device, requires_grad);

        // ---- factories ------------------------------------------------------------------------------------

        private static Tensor Create(delegate*<long*, int, int, int, int, int, IntPtr> factory, long[] size, ScalarType? dtype, Device? device, bool requires_grad)
        {
            ArgumentNullException.ThrowIfNull(size);
            Device target = device ?? CPU;
            fixed (long* dims = size)
            {
                return Native.Wrap(factory(dims, size.Length, dtype.HasValue ? (int)dtype.Value : -1, (int)target.type, target.index,
                    Native.I(requires_grad)));
            }
        }

        /// <summary>A tensor of zeros (Float32 by default).</summary>
        public static Tensor zeros(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
            Create(&Native.cdt_zeros, size, dtype, device, requires_grad);

        /// <summary>A 1-D tensor of zeros (Float32 by default).</summary>
        public static Tensor zeros(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
            zeros(new[] { size }, dtype, device, requires_grad);

        /// <summary>A tensor of ones (Float32 by default).</summary>
        public static Tensor ones(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
            Create(&Native.cdt_ones, size, dtype, device, requires_grad);

        /// <summary>A 1-D tensor of ones (Float32 by default).</summary>
        public static Tensor ones(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
            ones(new[] { size }, dtype, device, requires_grad);

        /// <summary>Uniform random numbers in [0, 1) (Float32 by default).</summary>
        public static Tensor rand(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
            Create(&Native.cdt_rand, size, dtype, device, requires_grad);

        /// <summary>Standard normal random numbers (Float32 by default).</summary>
        public static Tensor randn(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
            Create(&Native.cdt_randn, size, dtype, device, requires_grad);

        /// <summary>A tensor filled with <paramref name="value"/> (dtype inferred from the value when not given).</summary>
        public static Tensor full(long[] size, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
        {
            ArgumentNullException.ThrowIfNull(size);
            Device target = device ?? CPU;
            fixed (long* dims = size)
            {
                return Native.Wrap(Native.cdt_full(dims, size.Length, value.Value, dtype.HasValue ? (int)dtype.Value : -1, (int)target.type,
                    target.index, Native.I(requires_grad)));
            }
        }

        /// <summary>start, start + step, ... below stop (Int64 when all three are integers, else Float32).</summary>
        public static Tensor arange(Scalar start, Scalar stop, Scalar step, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
        {
            Device target = device ?? CPU;
            return Native.Wrap(Native.cdt_arange(start.Value, stop.Value, step.Value, dtype.HasValue ? (int)dtype.Value : -1, (int)target.type,
                target.index, Native.I(requires_grad)));
        }

        /// <summary>start, start + 1, ... below stop.</summary>
        public static Tensor arange(Scalar start, Scalar stop, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
            arange(start, stop, 1, dtype, device, requires_grad);

        /// <summary>0, 1, ... below stop.</summary>
        public static Tensor arange(Scalar stop, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
            arange(0, stop, 1, dtype, device, requires_grad);

        /// <summary>Zeros with the shape, dtype and device of <paramref name="input"/>.</summary>
        public static Tensor zeros_like(Tensor input) => Native.Wrap(Native.cdt_zeros_like(input.Handle));

        /// <summary>Ones with the shape, dtype and device of <paramref name="input"/>.</summary>
        public static Tensor ones_like(Tensor input) => Native.Wrap(Native.cdt_ones_like(input.Handle));

        // ---- functions -------------------------------------------------------------------------------------

        /// <summary>Elements of <paramref name="x"/> where <paramref name="condition"/> holds, else of <paramref name="y"/> (broadcasting).</summary>
        public static Tensor where(Tensor condition, Tensor x, Tensor y) =>
            Native.Wrap(Native.cdt_where(condition.Handle, x.Handle, y.Handle));

        /// <summary><paramref name="x"/> where <paramref name="condition"/> holds, else the scalar <paramref name="y"/>.</summary>
        public static Tensor where(Tensor condition, Tensor x, Scalar y)
        {
            using Tensor other = ScalarTensor(y, x.dtype, x.device, false);
            return where(condition, x, other);
        }

        /// <summary>The scalar <paramref name="x"/> where <paramref name="condition"/> holds, else <paramref name="y"/>.</summary>
        public static Tensor where(Tensor condition, Scalar x, Tensor y)
        {
            using Tensor other = ScalarTensor(x, y.dtype, y.device, false);
            return where(condition, other, y);
        }

        /// <summary>Clamps into [min, max]; a null bound is open.</summary>
        public static Tensor clamp(Tensor input, Scalar? min = null, Scalar? max = null) => input.clamp(min, max);

        /// <summary>max(input, min), element-wise.</summary>
        public static Tensor clamp_min(Tensor input, Scalar min) => input.clamp_min(min);

        /// <summary>min(input, max), element-wise.</summary>
        public static Tensor clamp_max(Tensor input, Scalar max) => input.clamp_max(max);

        /// <summary>e^x.</summary>
        public static Tensor exp(Tensor input) => input.exp();

        /// <summary>Natural logarithm.</summary>
        public static Tensor log(Tensor input) => input.log();

        /// <summary>Logistic sigmoid.</summary>
        public static Tensor sigmoid(Tensor input) => input.sigmoid();

        /// <summary>Hyperbolic tangent.</summary>
        public static Tensor tanh(Tensor input) => input.tanh();

        /// <summary>Absolute value.</summary>
        public static Tensor abs(Tensor input) => input.abs();

        /// <summary>Round half to even.</summary>
        public static Tensor round(Tensor input) => input.round();

        /// <summary>input ** exponent.</summary>
        public static Tensor pow(Tensor input, Scalar exponent) => input.pow(exponent);

        /// <summary>Element-wise minimum.</summary>
        public static Tensor minimum(Tensor input, Tensor other) => input.minimum(other);

        /// <summary>Element-wise maximum.</summary>
        public static Tensor maximum(Tensor input, Tensor other) => input.maximum(other);

        /// <summary>True where the element is finite.</summary>
        public static Tensor isfinite(Tensor input) => input.isfinite();

        /// <summary>True where the element is NaN.</summary>
        public static Tensor isnan(Tensor input) => input.isnan();

        /// <summary>Logical and (bool tensor).</summary>
        public static Tensor logical_and(Tensor input, Tensor other) => input.logical_and(other);

        /// <summary>Logical or (bool tensor).</summary>
        public static Tensor logical_or(Tensor input, Tensor other) => input.logical_or(other);

        /// <summary>Logical not (bool tensor).</summary>
        public static Tensor logical_not(Tensor input) => input.logical_not();

        /// <summary>Matrix product.</summary>
        public static Tensor matmul(Tensor input, Tensor other) => input.matmul(other);

        /// <summary>Counts of each value of a non-negative int tensor, or sums of <paramref name="weights"/> per value (not differentiable).</summary>
        public static Tensor bincount(Tensor input, Tensor? weights = null, long minlength = 0)
        {
            TensorHandle? owner = weights?.Handle;
            bool added = false;
            try
            {
                owner?.DangerousAddRef(ref added);
                return Native.Wrap(Native.cdt_bincount(input.Handle, owner?.DangerousGetHandle() ?? IntPtr.Zero, minlength));
            }
            finally
            {
                if (added) owner!.DangerousRelease();
            }
        }

        /// <summary>Concatenates along an existing dimension.</summary>
        public static Tensor cat(IList<Tensor> tensors, long dim = 0) => Combine(tensors, dim, stack: false);

        /// <summary>Stacks along a new dimension.</summary>
        public static Tensor stack(IList<Tensor> tensors, long dim = 0) => Combine(tensors, dim, stack: true);

        private static Tensor Combine(IList<Tensor> tensors, long dim, bool stack)
        {
            ArgumentNullException.ThrowIfNull(tensors);
            int count = tensors.Count;
            var owners = new TensorHandle[count];
            var handles = new IntPtr[count];
            var added = new bool[count];
            try
            {
                // Hold a reference on every handle for the duration of the call (what the marshaller
                // does for single SafeHandle arguments), so a concurrent Dispose cannot free one.
                for (int i = 0; i < count; i++)
                {
                    owners[i] = tensors[i].Handle;
                    owners[i].DangerousAddRef(ref added[i]);
                    handles[i] = owners[i].DangerousGetHandle();
                }
                fixed (IntPtr* list = handles)
                {
                    return Native.Wrap(stack ? Native.cdt_stack(list, count, dim) : Native.cdt_cat(list, count, dim));
                }
            }
            finally
            {
                for (int i = 0; i < count; i++)
                {
                    if (added[i]) owners[i].DangerousRelease();
                }
            }
        }

        /// <summary>Neural-network helpers.</summary>
        public static partial class nn
        {
            /// <summary>Functional activations (TorchSharp's <c>torch.nn.functional</c>).</summary>
            public static partial class functional
            {
                /// <summary>log(1 + e^(beta·x)) / beta, linear above <paramref name="threshold"/> (numerically stable).</summary>
                public static Tensor softplus(Tensor x, double beta = 1, double threshold = 20) =>
                    Native.Wrap(Native.cdt_softplus(x.Handle, beta, threshold));

                /// <summary>log σ(x), numerically stable.</summary>
                public static Tensor logsigmoid(Tensor x) => Native.Wrap(Native.cdt_logsigmoid(x.Handle));

                /// <summary>Logistic sigmoid.</summary>
                public static Tensor sigmoid(Tensor x) => x.sigmoid();
            }
        }
    }
}
