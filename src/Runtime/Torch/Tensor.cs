#pragma warning disable CS8981 // 'torch' is lower-case on purpose: the API mirrors PyTorch/TorchSharp.
using System;
using System.Globalization;

namespace ContractDsl.Runtime.Torch
{
    public static partial class torch
    {
        /// <summary>
        /// A libtorch tensor (shaped after TorchSharp's <c>torch.Tensor</c>). It owns one native handle:
        /// dispose it, or create it inside a <see cref="DisposeScope"/>; a tensor that is neither is
        /// released by the finalizer of its handle. Dispose is idempotent. Methods return new tensors
        /// unless their name ends in '_' (in place, PyTorch's convention).
        /// </summary>
        public sealed unsafe partial class Tensor : IDisposable
        {
            private readonly TensorHandle _handle;

            internal Tensor(IntPtr handle)
            {
                _handle = new TensorHandle(handle);
                DisposeScopeManager.Register(this);
            }

            /// <summary>The dispose scope that will dispose this tensor, if any.</summary>
            internal DisposeScope? OwningDisposeScope { get; set; }

            internal TensorHandle Handle =>
                _handle.IsClosed ? throw new ObjectDisposedException(nameof(Tensor), "The tensor has been disposed.") : _handle;

            /// <summary>True once the tensor has been disposed.</summary>
            public bool IsInvalid => _handle.IsClosed || _handle.IsInvalid;

            /// <summary>Releases the native tensor now (idempotent) and leaves its dispose scope.</summary>
            public void Dispose()
            {
                _handle.Dispose();
                OwningDisposeScope?.Remove(this);
            }

            /// <summary>Moves this tensor to the next outer dispose scope (or to none) so the current scope keeps it alive.</summary>
            public Tensor MoveToOuterDisposeScope() => OwningDisposeScope?.MoveToOuter(this) ?? this;

            /// <summary>Removes this tensor from every dispose scope: the caller must dispose it.</summary>
            public Tensor DetachFromDisposeScope() => OwningDisposeScope?.Detach(this) ?? this;

            // ---- queries -------------------------------------------------------------------------------

            /// <summary>The sizes of the dimensions.</summary>
            public long[] shape
            {
                get
                {
                    long* buffer = stackalloc long[16];
                    int ndim = Native.cdt_shape(Handle, buffer, 16);
                    if (ndim < 0) throw Native.LastError();
                    var result = new long[ndim];
                    if (ndim <= 16)
                    {
                        new ReadOnlySpan<long>(buffer, ndim).CopyTo(result);
                        return result;
                    }
                    fixed (long* all = result) Native.cdt_shape(Handle, all, ndim);
                    return result;
                }
            }

            /// <summary>The size of one dimension (negative counts from the end).</summary>
            public long size(int dim)
            {
                long[] sizes = shape;
                int at = dim < 0 ? dim + sizes.Length : dim;
                if (at < 0 || at >= sizes.Length)
                    throw new ArgumentOutOfRangeException(nameof(dim), dim, $"The tensor has {sizes.Length} dimensions.");
                return sizes[at];
            }

            /// <summary>The number of dimensions.</summary>
            public long dim()
            {
                int ndim = Native.cdt_dim(Handle);
                return ndim < 0 ? throw Native.LastError() : ndim;
            }

            /// <summary>The number of dimensions.</summary>
            public long ndim => dim();

            /// <summary>The number of elements.</summary>
            public long numel()
            {
                long count = Native.cdt_numel(Handle);
                return count < 0 ? throw Native.LastError() : count;
            }

            /// <summary>The element type.</summary>
            public ScalarType dtype
            {
                get
                {
                    int code = Native.cdt_dtype(Handle);
                    return code < 0 ? throw Native.LastError() : (ScalarType)code;
                }
            }

            /// <summary>The device the tensor lives on.</summary>
            public Device device
            {
                get
                {
                    Native.Check(Native.cdt_device(Handle, out int type, out int index));
                    return new Device((DeviceType)type, index);
                }
            }

            /// <summary>The type of the device the tensor lives on.</summary>
            public DeviceType device_type => device.type;

            /// <summary>"[2x3], type = Float32, device = cpu" (TorchSharp's summary format).</summary>
            public override string ToString()
            {
                if (IsInvalid) return "[disposed tensor]";
                return "[" + string.Join("x", shape) + "], type = " + dtype + ", device = " + device;
            }

            // ---- host copies ---------------------------------------------------------------------------

            /// <summary>The value of a one-element tensor, converted to <typeparamref name="T"/>.</summary>
            public T item<T>() where T : unmanaged
            {
                ScalarType type = ElementTypeOf<T>();
                T value;
                Native.Check(Native.cdt_item(Handle, (int)type, &value));
                return value;
            }

            /// <summary>The value of a one-element tensor as a float.</summary>
            public float ToSingle() => item<float>();

            /// <summary>The value of a one-element tensor as a double.</summary>
            public double ToDouble() => item<double>();

            /// <summary>The value of a one-element tensor as a long.</summary>
            public long ToInt64() => item<long>();

            /// <summary>The value of a one-element tensor as an int.</summary>
            public int ToInt32() => item<int>();

            /// <summary>The value of a one-element tensor as a bool.</summary>
            public bool ToBoolean() => item<bool>();

            /// <summary>
            /// Copies the elements (row-major) to a new array. <typeparamref name="T"/> must match
            /// <see cref="dtype"/> (float↔Float32, double↔Float64, long↔Int64, int↔Int32, bool↔Bool, byte↔Byte).
            /// </summary>
            public T[] data<T>() where T : unmanaged
            {
                ScalarType wanted = ElementTypeOf<T>();
                ScalarType actual = dtype;
                if (wanted != actual)
                    throw new ArgumentException($"data<{typeof(T).Name}>() needs a {wanted} tensor but this one is {actual}; use ToArray<{typeof(T).Name}>() to convert.");
                return CopyToHost<T>(wanted);
            }

            /// <summary>Copies the elements (row-major) to a new array, converting them to <typeparamref name="T"/>.</summary>
            public T[] ToArray<T>() where T : unmanaged => CopyToHost<T>(ElementTypeOf<T>());

            private T[] CopyToHost<T>(ScalarType type) where T : unmanaged
            {
                var result = new T[checked((int)numel())];
                fixed (T* buffer = result)
                {
                    Native.Check(Native.cdt_copy_to_host(Handle, (int)type, buffer, result.Length));
                }
                return result;
            }

            // ---- moves ---------------------------------------------------------------------------------

            /// <summary>A copy on <paramref name="device"/> (this tensor when it is already there).</summary>
            public Tensor to(Device device)
            {
                ArgumentNullException.ThrowIfNull(device);
                return Native.Wrap(Native.cdt_to_device(Handle, (int)device.type, device.index));
            }

            /// <summary>A copy on the given device (index -1 = current).</summary>
            public Tensor to(DeviceType deviceType, int deviceIndex = -1) => to(new Device(deviceType, deviceIndex));

            /// <summary>A copy converted to <paramref name="type"/>.</summary>
            public Tensor to(ScalarType type) => Native.Wrap(Native.cdt_to_dtype(Handle, (int)type));

            /// <summary>Alias of <see cref="to(ScalarType)"/>.</summary>
            public Tensor to_type(ScalarType type) => to(type);

            /// <summary>A copy in host memory.</summary>
            public Tensor cpu() => to(Device.CPU);

            /// <summary>A copy on a GPU (index -1 = current).</summary>
            public Tensor cuda(int index = -1) => to(new Device(DeviceType.CUDA, index));

            // ---- arithmetic ----------------------------------------------------------------------------

            /// <summary>this + other (broadcasting).</summary>
            public Tensor add(Tensor other) => Native.Wrap(Native.cdt_add(Handle, other.Handle));

            /// <summary>this + scalar.</summary>
            public Tensor add(Scalar other) => Native.Wrap(Native.cdt_add_scalar(Handle, other.Value));

            /// <summary>this - other.</summary>
            public Tensor sub(Tensor other) => Native.Wrap(Native.cdt_sub(Handle, other.Handle));

            /// <summary>this - scalar.</summary>
            public Tensor sub(Scalar other) => Native.Wrap(Native.cdt_sub_scalar(Handle, other.Value));

            /// <summary>this * other.</summary>
            public Tensor mul(Tensor other) => Native.Wrap(Native.cdt_mul(Handle, other.Handle));

            /// <summary>this * scalar.</summary>
            public Tensor mul(Scalar other) => Native.Wrap(Native.cdt_mul_scalar(Handle, other.Value));

            /// <summary>this / other (true division).</summary>
            public Tensor div(Tensor other) => Native.Wrap(Native.cdt_div(Handle, other.Handle));

            /// <summary>this / scalar (true division).</summary>
            public Tensor div(Scalar other) => Native.Wrap(Native.cdt_div_scalar(Handle, other.Value));

            /// <summary>-this.</summary>
            public Tensor neg() => Native.Wrap(Native.cdt_neg(Handle));

            /// <summary>this ** exponent.</summary>
            public Tensor pow(Scalar exponent) => Native.Wrap(Native.cdt_pow_scalar(Handle, exponent.Value));

            /// <summary>Element-wise minimum.</summary>
            public Tensor minimum(Tensor other) => Native.Wrap(Native.cdt_minimum(Handle, other.Handle));

            /// <summary>Element-wise maximum.</summary>
            public Tensor maximum(Tensor other) => Native.Wrap(Native.cdt_maximum(Handle, other.Handle));

            /// <summary>Element-wise sum.</summary>
            public static Tensor operator +(Tensor left, Tensor right) => left.add(right);

            /// <summary>Tensor plus scalar.</summary>
            public static Tensor operator +(Tensor left, Scalar right) => left.add(right);

            /// <summary>Scalar plus tensor.</summary>
            public static Tensor operator +(Scalar left, Tensor right) => right.add(left);

            /// <summary>Element-wise difference.</summary>
            public static Tensor operator -(Tensor left, Tensor right) => left.sub(right);

            /// <summary>Tensor minus scalar.</summary>
            public static Tensor operator -(Tensor left, Scalar right) => left.sub(right);

            /// <summary>Scalar minus tensor.</summary>
            public static Tensor operator -(Scalar left, Tensor right) => Native.Wrap(Native.cdt_rsub_scalar(left.Value, right.Handle));

            /// <summary>Element-wise product.</summary>
            public static Tensor operator *(Tensor left, Tensor right) => left.mul(right);

            /// <summary>Tensor times scalar.</summary>
            public static Tensor operator *(Tensor left, Scalar right) => left.mul(right);

            /// <summary>Scalar times tensor.</summary>
            public static Tensor operator *(Scalar left, Tensor right) => right.mul(left);

            /// <summary>Element-wise true division.</summary>
            public static Tensor operator /(Tensor left, Tensor right) => left.div(right);

            /// <summary>Tensor divided by scalar.</summary>
            public static Tensor operator /(Tensor left, Scalar right) => left.div(right);

            /// <summary>Scalar divided by tensor.</summary>
            public static Tensor operator /(Scalar left, Tensor right) => Native.Wrap(Native.cdt_rdiv_scalar(left.Value, right.Handle));

            /// <summary>Negation.</summary>
            public static Tensor operator -(Tensor tensor) => tensor.neg();

            /// <summary>Logical and (meant for bool tensors; the result is bool).</summary>
            public static Tensor operator &(Tensor left, Tensor right) => left.logical_and(right);

            /// <summary>Logical or (meant for bool tensors; the result is bool).</summary>
            public static Tensor operator |(Tensor left, Tensor right) => left.logical_or(right);

            /// <summary>Logical not (meant for bool tensors; the result is bool).</summary>
            public static Tensor operator !(Tensor tensor) => tensor.logical_not();

            /// <summary>Logical not (meant for bool tensors; the result is bool).</summary>
            public static Tensor operator ~(Tensor tensor) => tensor.logical_not();

            // ---- comparisons and logic -----------------------------------------------------------------

            /// <summary>this &lt; other, element-wise (bool tensor).</summary>
            public Tensor lt(Tensor other) => Native.Wrap(Native.cdt_lt(Handle, other.Handle));

            /// <summary>this &lt;= other, element-wise (bool tensor).</summary>
            public Tensor le(Tensor other) => Native.Wrap(Native.cdt_le(Handle, other.Handle));

            /// <summary>this &gt; other, element-wise (bool tensor).</summary>
            public Tensor gt(Tensor other) => Native.Wrap(Native.cdt_gt(Handle, other.Handle));

            /// <summary>this &gt;= other, element-wise (bool tensor).</summary>
            public Tensor ge(Tensor other) => Native.Wrap(Native.cdt_ge(Handle, other.Handle));

            /// <summary>this == other, element-wise (bool tensor).</summary>
            public Tensor eq(Tensor other) => Native.Wrap(Native.cdt_eq(Handle, other.Handle));

            /// <summary>this != other, element-wise (bool tensor).</summary>
            public Tensor ne(Tensor other) => Native.Wrap(Native.cdt_ne(Handle, other.Handle));

            /// <summary>this &lt; scalar (bool tensor).</summary>
            public Tensor lt(Scalar other) => Native.Wrap(Native.cdt_lt_scalar(Handle, other.Value));

            /// <summary>this &lt;= scalar (bool tensor).</summary>
            public Tensor le(Scalar other) => Native.Wrap(Native.cdt_le_scalar(Handle, other.Value));

            /// <summary>this &gt; scalar (bool tensor).</summary>
            public Tensor gt(Scalar other) => Native.Wrap(Native.cdt_gt_scalar(Handle, other.Value));

            /// <summary>this &gt;= scalar (bool tensor).</summary>
            public Tensor ge(Scalar other) => Native.Wrap(Native.cdt_ge_scalar(Handle, other.Value));

            /// <summary>this == scalar (bool tensor).</summary>
            public Tensor eq(Scalar other) => Native.Wrap(Native.cdt_eq_scalar(Handle, other.Value));

            /// <summary>this != scalar (bool tensor).</summary>
            public Tensor ne(Scalar other) => Native.Wrap(Native.cdt_ne_scalar(Handle, other.Value));

            /// <summary>Element-wise logical and (bool tensor).</summary>
            public Tensor logical_and(Tensor other) => Native.Wrap(Native.cdt_logical_and(Handle, other.Handle));

            /// <summary>Element-wise logical or (bool tensor).</summary>
            public Tensor logical_or(Tensor other) => Native.Wrap(Native.cdt_logical_or(Handle, other.Handle));

            /// <summary>Element-wise logical not (bool tensor).</summary>
            public Tensor logical_not() => Native.Wrap(Native.cdt_logical_not(Handle));

            /// <summary>this where <paramref name="condition"/> holds, else <paramref name="other"/> (TorchSharp's x.where(c, y)).</summary>
            public Tensor where(Tensor condition, Tensor other) => torch.where(condition, this, other);

            /// <summary>True where the element is finite.</summary>
            public Tensor isfinite() => Native.Wrap(Native.cdt_isfinite(Handle));

            /// <summary>True where the element is NaN.</summary>
            public Tensor isnan() => Native.Wrap(Native.cdt_isnan(Handle));

            // ---- clamping and unary math ---------------------------------------------------------------

            /// <summary>Clamps into [min, max]; a null bound is open (at least one must be given).</summary>
            public Tensor clamp(Scalar? min = null, Scalar? max = null)
            {
                NativeScalar lo = min.GetValueOrDefault().Value;
                NativeScalar hi = max.GetValueOrDefault().Value;
                return Native.Wrap(Native.cdt_clamp(Handle, min.HasValue ? &lo : null, max.HasValue ? &hi : null));
            }

            /// <summary>max(this, min), element-wise.</summary>
            public Tensor clamp_min(Scalar min) => Native.Wrap(Native.cdt_clamp_min(Handle, min.Value));

            /// <summary>min(this, max), element-wise.</summary>
            public Tensor clamp_max(Scalar max) => Native.Wrap(Native.cdt_clamp_max(Handle, max.Value));

            /// <summary>e^x.</summary>
            public Tensor exp() => Native.Wrap(Native.cdt_exp(Handle));

            /// <summary>Natural logarithm.</summary>
            public Tensor log() => Native.Wrap(Native.cdt_log(Handle));

            /// <summary>Logistic sigmoid.</summary>
            public Tensor sigmoid() => Native.Wrap(Native.cdt_sigmoid(Handle));

            /// <summary>Hyperbolic tangent.</summary>
            public Tensor tanh() => Native.Wrap(Native.cdt_tanh(Handle));

            /// <summary>Absolute value.</summary>
            public Tensor abs() => Native.Wrap(Native.cdt_abs(Handle));

            /// <summary>Round half to even.</summary>
            public Tensor round() => Native.Wrap(Native.cdt_round(Handle));

            // ---- reductions ----------------------------------------------------------------------------

            /// <summary>Sum of all elements (0-dim).</summary>
            public Tensor sum() => Native.Wrap(Native.cdt_sum(Handle));

            /// <summary>Sum along a dimension.</summary>
            public Tensor sum(long dim, bool keepdim = false) => Native.Wrap(Native.cdt_sum_dim(Handle, dim, Native.I(keepdim)));

            /// <summary>Mean of all elements (0-dim).</summary>
            public Tensor mean() => Native.Wrap(Native.cdt_mean(Handle));

            /// <summary>Mean along a dimension.</summary>
            public Tensor mean(long dim, bool keepdim = false) => Native.Wrap(Native.cdt_mean_dim(Handle, dim, Native.I(keepdim)));

            /// <summary>Largest element (0-dim).</summary>
            public Tensor max() => Native.Wrap(Native.cdt_max(Handle));

            /// <summary>Smallest element (0-dim).</summary>
            public Tensor min() => Native.Wrap(Native.cdt_min(Handle));

            /// <summary>Largest values along a dimension and their indexes.</summary>
            public (Tensor values, Tensor indexes) max(long dim, bool keepdim = false)
            {
                IntPtr values = Native.cdt_max_dim(Handle, dim, Native.I(keepdim), out IntPtr indexes);
                return PairOf(values, indexes);
            }

            /// <summary>Smallest values along a dimension and their indexes.</summary>
            public (Tensor values, Tensor indexes) min(long dim, bool keepdim = false)
            {
                IntPtr values = Native.cdt_min_dim(Handle, dim, Native.I(keepdim), out IntPtr indexes);
                return PairOf(values, indexes);
            }

            private static (Tensor, Tensor) PairOf(IntPtr values, IntPtr indexes)
            {
                if (values == IntPtr.Zero) throw Native.LastError();
                return (new Tensor(values), new Tensor(indexes));
            }

            /// <summary>Largest values along a dimension (values only).</summary>
            public Tensor amax(long dim, bool keepdim = false) => amax(new[] { dim }, keepdim);

            /// <summary>Largest values along several dimensions (all when <paramref name="dims"/> is empty).</summary>
            public Tensor amax(long[] dims, bool keepdim = false)
            {
                ArgumentNullException.ThrowIfNull(dims);
                fixed (long* p = dims) return Native.Wrap(Native.cdt_amax(Handle, p, dims.Length, Native.I(keepdim)));
            }

            /// <summary>Smallest values along a dimension (values only).</summary>
            public Tensor amin(long dim, bool keepdim = false) => amin(new[] { dim }, keepdim);

            /// <summary>Smallest values along several dimensions (all when <paramref name="dims"/> is empty).</summary>
            public Tensor amin(long[] dims, bool keepdim = false)
            {
                ArgumentNullException.ThrowIfNull(dims);
                fixed (long* p = dims) return Native.Wrap(Native.cdt_amin(Handle, p, dims.Length, Native.I(keepdim)));
            }

            /// <summary>Standard deviation of all elements (Bessel-corrected when <paramref name="unbiased"/>).</summary>
            public Tensor std(bool unbiased = true) => Native.Wrap(Native.cdt_std(Handle, Native.I(unbiased)));

            /// <summary>Standard deviation along a dimension.</summary>
            public Tensor std(long dim, bool unbiased = true, bool keepdim = false) =>
                Native.Wrap(Native.cdt_std_dim(Handle, dim, Native.I(unbiased), Native.I(keepdim)));

            /// <summary>Variance of all elements (Bessel-corrected when <paramref name="unbiased"/>).</summary>
            public Tensor var(bool unbiased = true) => Native.Wrap(Native.cdt_var(Handle, Native.I(unbiased)));

            /// <summary>Variance along a dimension.</summary>
            public Tensor var(long dim, bool unbiased = true, bool keepdim = false) =>
                Native.Wrap(Native.cdt_var_dim(Handle, dim, Native.I(unbiased), Native.I(keepdim)));

            // ---- shape and indexing --------------------------------------------------------------------

            /// <summary>Same data with a new shape (a copy when needed; one size may be -1).</summary>
            public Tensor reshape(params long[] shape)
            {
                ArgumentNullException.ThrowIfNull(shape);
                fixed (long* p = shape) return Native.Wrap(Native.cdt_reshape(Handle, p, shape.Length));
            }

            /// <summary>A view with a new shape (never copies; fails when the layout does not allow it).</summary>
            public Tensor view(params long[] shape)
            {
                ArgumentNullException.ThrowIfNull(shape);
                fixed (long* p = shape) return Native.Wrap(Native.cdt_view(Handle, p, shape.Length));
            }

            /// <summary>The slice at <paramref name="index"/> of dimension <paramref name="dim"/> (removes that dimension).</summary>
            public Tensor select(long dim, long index) => Native.Wrap(Native.cdt_select(Handle, dim, index));

            /// <summary>Elements [start, start + length) of dimension <paramref name="dim"/> (a view).</summary>
            public Tensor narrow(long dim, long start, long length) => Native.Wrap(Native.cdt_narrow(Handle, dim, start, length));

            /// <summary>The entries of dimension <paramref name="dim"/> listed in the int64 <paramref name="index"/>.</summary>
            public Tensor index_select(long dim, Tensor index) => Native.Wrap(Native.cdt_index_select(Handle, dim, index.Handle));

            /// <summary>
            /// A copy of this tensor with the slices of <paramref name="source"/> added at the int64
            /// <paramref name="index"/> positions of <paramref name="dim"/>. Differentiable: the way to sum per group.
            /// </summary>
            public Tensor index_add(long dim, Tensor index, Tensor source) =>
                Native.Wrap(Native.cdt_index_add(Handle, dim, index.Handle, source.Handle));

            /// <summary>Counts of each value of this non-negative int tensor, or sums of <paramref name="weights"/> per value (not differentiable).</summary>
            public Tensor bincount(Tensor? weights = null, long minlength = 0) => torch.bincount(this, weights, minlength);

            /// <summary>Matrix product (numpy matmul semantics).</summary>
            public Tensor matmul(Tensor other) => Native.Wrap(Native.cdt_matmul(Handle, other.Handle));

            /// <summary>Transpose of a matrix (0-D and 1-D tensors are returned as is).</summary>
            public Tensor t() => Native.Wrap(Native.cdt_t(Handle));

            /// <summary>Swaps two dimensions (a view).</summary>
            public Tensor transpose(long dim0, long dim1) => Native.Wrap(Native.cdt_transpose(Handle, dim0, dim1));

            // ---- autograd --------------------------------------------------------------------------------

            /// <summary>Whether autograd records operations on this tensor. Only floating-point tensors can require grad.</summary>
            public bool requires_grad
            {
                get
                {
                    int value = Native.cdt_requires_grad(Handle);
                    return value < 0 ? throw Native.LastError() : value != 0;
                }
                set => Native.Check(Native.cdt_set_requires_grad(Handle, Native.I(value)));
            }

            /// <summary>Sets <see cref="requires_grad"/> in place and returns this tensor.</summary>
            public Tensor requires_grad_(bool requires_grad = true)
            {
                this.requires_grad = requires_grad;
                return this;
            }

            /// <summary>
            /// Back-propagates from this tensor: without <paramref name="gradient"/> it must be a scalar.
            /// Gradients accumulate into the <see cref="grad"/> of the leaves.
            /// </summary>
            public void backward(Tensor? gradient = null, bool retain_graph = false)
            {
                TensorHandle? owner = gradient?.Handle;
                bool added = false;
                try
                {
                    owner?.DangerousAddRef(ref added);
                    Native.Check(Native.cdt_backward(Handle, owner?.DangerousGetHandle() ?? IntPtr.Zero, Native.I(retain_graph)));
                }
                finally
                {
                    if (added) owner!.DangerousRelease();
                }
            }

            /// <summary>The accumulated gradient (a new handle on it each time), or null when there is none.</summary>
            public Tensor? grad
            {
                get
                {
                    Native.Check(Native.cdt_grad(Handle, out IntPtr g));
                    return g == IntPtr.Zero ? null : new Tensor(g);
                }
            }

            /// <summary>Zeroes the accumulated gradient in place (nothing when there is none).</summary>
            public void zero_grad() => Native.Check(Native.cdt_zero_grad(Handle));

            /// <summary>The same data, cut from the autograd graph.</summary>
            public Tensor detach() => Native.Wrap(Native.cdt_detach(Handle));

            /// <summary>A copy of the data (differentiable).</summary>
            public Tensor clone() => Native.Wrap(Native.cdt_clone(Handle));

            // ---- in-place updates ------------------------------------------------------------------------

            /// <summary>Fills with zeros in place.</summary>
            public Tensor zero_()
            {
                Native.Check(Native.cdt_zero_(Handle));
                return this;
            }

            /// <summary>this += alpha * other, in place (use under <see cref="no_grad"/> on parameters).</summary>
            public Tensor add_(Tensor other, Scalar? alpha = null)
            {
                Native.Check(Native.cdt_add_(Handle, other.Handle, (alpha ?? 1).Value));
                return this;
            }

            /// <summary>this -= alpha * other, in place (use under <see cref="no_grad"/> on parameters).</summary>
            public Tensor sub_(Tensor other, Scalar? alpha = null)
            {
                Native.Check(Native.cdt_sub_(Handle, other.Handle, (alpha ?? 1).Value));
                return this;
            }

            /// <summary>this *= other, in place.</summary>
            public Tensor mul_(Tensor other)
            {
                Native.Check(Native.cdt_mul_(Handle, other.Handle));
                return this;
            }

            /// <summary>this *= scalar, in place.</summary>
            public Tensor mul_(Scalar other)
            {
                Native.Check(Native.cdt_mul_scalar_(Handle, other.Value));
                return this;
            }
        }

        /// <summary>The ScalarType that stores a host element type.</summary>
        internal static ScalarType ElementTypeOf<T>() where T : unmanaged
        {
            if (typeof(T) == typeof(float)) return ScalarType.Float32;
            if (typeof(T) == typeof(double)) return ScalarType.Float64;
            if (typeof(T) == typeof(long)) return ScalarType.Int64;
            if (typeof(T) == typeof(int)) return ScalarType.Int32;
            if (typeof(T) == typeof(bool)) return ScalarType.Bool;
            if (typeof(T) == typeof(byte)) return ScalarType.Byte;
            throw new NotSupportedException(
                string.Format(CultureInfo.InvariantCulture, "Element type {0} is not supported (use float, double, long, int, bool or byte).", typeof(T).Name));
        }
    }
}
