// contractdsl_torch.cpp — a thin C shim over the libtorch C++ API (ATen + autograd).
//
// Why a shim at all: .NET can only P/Invoke C functions, and libtorch's API is C++ (classes,
// overloads, exceptions). TorchSharp solves this with LibTorchSharp; we do the same, smaller: only
// the operations that generated reward modules and the ContractDsl runtime need.
//
// Rules this file keeps (see contractdsl_torch.h for the contract):
//   * A handle is a heap-allocated at::Tensor (the at::Tensor itself is a ref-counted pointer to a
//     TensorImpl, so a handle is cheap and several handles may share storage).
//   * No C++ exception escapes: every export runs its body through guard_tensor/guard_int, which
//     catch everything, store the message in a thread_local string and return NULL / CDT_ERR.
//     Unwinding through the P/Invoke frame would abort the .NET process.
//   * Live handles are counted in one atomic so the managed tests can prove nothing leaks.
//   * Only portable ATen/autograd API is used (nothing CUDA-specific), so the same source builds
//     against the Debian CPU libtorch 1.13 and a CUDA libtorch 2.x from a PyTorch install.

#include "contractdsl_torch.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include <atomic>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace {

// Count of handles created by wrap() and not yet released by cdt_free().
std::atomic<int64_t> g_live_tensors{0};

// Per-thread message of the last failure; the managed side reads it right after a failing call
// on the same thread, so no locking is needed.
thread_local std::string g_last_error;

void set_error(const char* message) { g_last_error = message != nullptr ? message : "unknown error"; }

// Borrow the tensor behind a handle. A NULL handle is a caller bug, reported as an error rather
// than a crash.
const at::Tensor& T(cdt_tensor handle) {
    if (handle == nullptr) throw std::invalid_argument("contractdsl_torch: null tensor handle");
    return *static_cast<const at::Tensor*>(handle);
}

// Move a result to the heap and hand ownership to the caller.
cdt_tensor wrap(at::Tensor tensor) {
    if (!tensor.defined()) throw std::runtime_error("contractdsl_torch: operation produced an undefined tensor");
    auto* heap = new at::Tensor(std::move(tensor));
    g_live_tensors.fetch_add(1, std::memory_order_relaxed);
    return heap;
}

at::Scalar S(const cdt_scalar& s) {
    switch (s.kind) {
        case CDT_SCALAR_FLOAT: return at::Scalar(s.d);
        case CDT_SCALAR_INT: return at::Scalar(static_cast<int64_t>(s.i));
        case CDT_SCALAR_BOOL: return at::Scalar(s.i != 0);
        default: throw std::invalid_argument("contractdsl_torch: unknown scalar kind " + std::to_string(s.kind));
    }
}

at::ScalarType dtype_of(int code) {
    if (code < 0 || code >= static_cast<int>(at::ScalarType::NumOptions))
        throw std::invalid_argument("contractdsl_torch: unknown dtype code " + std::to_string(code));
    return static_cast<at::ScalarType>(code);
}

c10::Device device_of(int type, int index) {
    if (type != static_cast<int>(c10::DeviceType::CPU) && type != static_cast<int>(c10::DeviceType::CUDA))
        throw std::invalid_argument("contractdsl_torch: unsupported device type " + std::to_string(type));
    return c10::Device(static_cast<c10::DeviceType>(type), static_cast<c10::DeviceIndex>(index));
}

// Factory options. dtype < 0 leaves the dtype unset so ATen applies its default/inference rules.
// requires_grad is deliberately NOT put into the options: ATen factories reject it; see finish().
at::TensorOptions options_of(int dtype, int device_type, int device_index) {
    auto options = at::TensorOptions().device(device_of(device_type, device_index));
    if (dtype >= 0) options = options.dtype(dtype_of(dtype));
    return options;
}

at::Tensor finish(at::Tensor tensor, int requires_grad) {
    if (requires_grad != 0) tensor.requires_grad_(true);
    return tensor;
}

at::IntArrayRef dims_of(const int64_t* values, int count) {
    if (count < 0) throw std::invalid_argument("contractdsl_torch: negative dimension count");
    if (count > 0 && values == nullptr) throw std::invalid_argument("contractdsl_torch: null shape pointer");
    return at::IntArrayRef(values, static_cast<size_t>(count));
}

std::vector<at::Tensor> list_of(const cdt_tensor* handles, int count) {
    if (count < 0 || (count > 0 && handles == nullptr))
        throw std::invalid_argument("contractdsl_torch: invalid tensor list");
    std::vector<at::Tensor> list;
    list.reserve(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) list.push_back(T(handles[i]));
    return list;
}

// A Scalar as a 0-dim "wrapped number" tensor: type promotion then treats it exactly like the
// Python scalar in `2.0 / t` (it does not widen a float32 tensor to float64).
at::Tensor wrapped_number(const at::Scalar& s) {
    at::ScalarType type = s.isFloatingPoint() ? at::kDouble : s.isBoolean() ? at::kBool : at::kLong;
    at::Tensor tensor = at::scalar_tensor(s, at::TensorOptions().dtype(type));
    tensor.unsafeGetTensorImpl()->set_wrapped_number(true);
    return tensor;
}

template <typename F>
cdt_tensor guard_tensor(F&& body) noexcept {
    try {
        return wrap(body());
    } catch (const c10::Error& e) {
        set_error(e.what_without_backtrace());  // torch's own message, without the C++ backtrace
    } catch (const std::exception& e) {
        set_error(e.what());
    } catch (...) {
        set_error("contractdsl_torch: unknown C++ exception");
    }
    return nullptr;
}

template <typename F>
auto guard_value(F&& body, decltype(body()) failure) noexcept -> decltype(body()) {
    try {
        return body();
    } catch (const c10::Error& e) {
        set_error(e.what_without_backtrace());
    } catch (const std::exception& e) {
        set_error(e.what());
    } catch (...) {
        set_error("contractdsl_torch: unknown C++ exception");
    }
    return failure;
}

template <typename F>
int guard_int(F&& body) noexcept {
    return guard_value([&]() -> int { body(); return CDT_OK; }, CDT_ERR);
}

}  // namespace

// One-line definitions for the many ops that map 1:1 onto an ATen function.
#define CDT_UNARY(name, expr) \
    cdt_tensor cdt_##name(cdt_tensor h) { return guard_tensor([&] { const at::Tensor& t = T(h); return (expr); }); }
#define CDT_BINARY(name, expr)                                            \
    cdt_tensor cdt_##name(cdt_tensor ha, cdt_tensor hb) {                 \
        return guard_tensor([&] {                                         \
            const at::Tensor& a = T(ha);                                  \
            const at::Tensor& b = T(hb);                                  \
            return (expr);                                                \
        });                                                               \
    }
#define CDT_BINARY_SCALAR(name, expr)                                     \
    cdt_tensor cdt_##name(cdt_tensor ha, cdt_scalar sb) {                 \
        return guard_tensor([&] {                                         \
            const at::Tensor& a = T(ha);                                  \
            const at::Scalar b = S(sb);                                   \
            return (expr);                                                \
        });                                                               \
    }

extern "C" {

// ---- library state -----------------------------------------------------------------------------

const char* cdt_last_error(void) { return g_last_error.c_str(); }

int64_t cdt_live_tensors(void) { return g_live_tensors.load(std::memory_order_relaxed); }

const char* cdt_torch_version(void) { return TORCH_VERSION; }

// torch::cuda asks the CUDA hooks, which exist only when libtorch_cuda is loaded; with a CPU build
// they report 0 devices instead of failing.
int cdt_cuda_is_available(void) { return guard_value([] { return torch::cuda::is_available() ? 1 : 0; }, 0); }

int cdt_cuda_device_count(void) { return guard_value([] { return static_cast<int>(torch::cuda::device_count()); }, 0); }

// Seeds the CPU generator and, when CUDA is present, every CUDA generator.
int cdt_manual_seed(uint64_t seed) { return guard_int([&] { at::manual_seed(seed); }); }

// Grad mode is thread-local in libtorch; the managed no_grad() scope sets and restores it.
int cdt_is_grad_enabled(void) { return c10::GradMode::is_enabled() ? 1 : 0; }

int cdt_set_grad_enabled(int enabled) { return guard_int([&] { c10::GradMode::set_enabled(enabled != 0); }); }

// ---- lifetime ------------------------------------------------------------------------------------

void cdt_free(cdt_tensor t) {
    if (t == nullptr) return;
    delete static_cast<at::Tensor*>(t);  // drops one reference; storage goes when the last one does
    g_live_tensors.fetch_sub(1, std::memory_order_relaxed);
}

// ---- creation ------------------------------------------------------------------------------------

// Copies `count` host elements of src_dtype (the caller keeps its buffer) into a new tensor of
// `dtype` (or src_dtype when dtype < 0) on the requested device.
cdt_tensor cdt_from_host(const void* data, int64_t count, int src_dtype, const int64_t* shape, int ndim, int dtype,
                         int device_type, int device_index, int requires_grad) {
    return guard_tensor([&] {
        if (count < 0) throw std::invalid_argument("contractdsl_torch: negative element count");
        std::vector<int64_t> sizes = ndim < 0 ? std::vector<int64_t>{count} : dims_of(shape, ndim).vec();
        int64_t expected = 1;
        for (int64_t s : sizes) expected *= s;
        if (expected != count)
            throw std::invalid_argument("contractdsl_torch: shape " + c10::str(at::IntArrayRef(sizes)) + " needs " +
                                        std::to_string(expected) + " elements but " + std::to_string(count) +
                                        " were given");
        const at::ScalarType source = dtype_of(src_dtype);
        const auto target = options_of(dtype < 0 ? src_dtype : dtype, device_type, device_index);
        if (count == 0) return finish(at::empty(sizes, target), requires_grad);
        // from_blob only views the caller's memory; to(..., copy=true) makes the tensor own a copy.
        at::Tensor view = at::from_blob(const_cast<void*>(data), sizes, at::TensorOptions().dtype(source));
        return finish(view.to(target, /*non_blocking=*/false, /*copy=*/true), requires_grad);
    });
}

cdt_tensor cdt_scalar_tensor(cdt_scalar value, int dtype, int device_type, int device_index, int requires_grad) {
    return guard_tensor([&] {
        // Without an explicit dtype follow torch.tensor(): int → int64, bool → bool, float → default.
        int code = dtype;
        if (code < 0 && value.kind == CDT_SCALAR_INT) code = static_cast<int>(at::kLong);
        if (code < 0 && value.kind == CDT_SCALAR_BOOL) code = static_cast<int>(at::kBool);
        return finish(at::scalar_tensor(S(value), options_of(code, device_type, device_index)), requires_grad);
    });
}

cdt_tensor cdt_full(const int64_t* shape, int ndim, cdt_scalar value, int dtype, int device_type, int device_index,
                    int requires_grad) {
    return guard_tensor([&] {
        return finish(at::full(dims_of(shape, ndim), S(value), options_of(dtype, device_type, device_index)),
                      requires_grad);
    });
}

cdt_tensor cdt_zeros(const int64_t* shape, int ndim, int dtype, int device_type, int device_index, int requires_grad) {
    return guard_tensor([&] {
        return finish(at::zeros(dims_of(shape, ndim), options_of(dtype, device_type, device_index)), requires_grad);
    });
}

cdt_tensor cdt_ones(const int64_t* shape, int ndim, int dtype, int device_type, int device_index, int requires_grad) {
    return guard_tensor([&] {
        return finish(at::ones(dims_of(shape, ndim), options_of(dtype, device_type, device_index)), requires_grad);
    });
}

// With dtype < 0 ATen infers int64 when start, end and step are all integers, else the default dtype.
cdt_tensor cdt_arange(cdt_scalar start, cdt_scalar end, cdt_scalar step, int dtype, int device_type, int device_index,
                      int requires_grad) {
    return guard_tensor([&] {
        return finish(at::arange(S(start), S(end), S(step), options_of(dtype, device_type, device_index)),
                      requires_grad);
    });
}

cdt_tensor cdt_rand(const int64_t* shape, int ndim, int dtype, int device_type, int device_index, int requires_grad) {
    return guard_tensor([&] {
        return finish(at::rand(dims_of(shape, ndim), options_of(dtype, device_type, device_index)), requires_grad);
    });
}

cdt_tensor cdt_randn(const int64_t* shape, int ndim, int dtype, int device_type, int device_index, int requires_grad) {
    return guard_tensor([&] {
        return finish(at::randn(dims_of(shape, ndim), options_of(dtype, device_type, device_index)), requires_grad);
    });
}

CDT_UNARY(zeros_like, at::zeros_like(t))
CDT_UNARY(ones_like, at::ones_like(t))

// ---- host copies and queries ---------------------------------------------------------------------

// Copies the tensor, converted to `dtype`, into a caller buffer of exactly `count` elements.
// detach() keeps the copy out of the autograd graph; contiguous() makes the memory layout flat.
int cdt_copy_to_host(cdt_tensor t, int dtype, void* buffer, int64_t count) {
    return guard_int([&] {
        at::Tensor host = T(t).detach().to(at::kCPU, dtype_of(dtype)).contiguous();
        if (host.numel() != count)
            throw std::invalid_argument("contractdsl_torch: buffer holds " + std::to_string(count) +
                                        " elements but the tensor has " + std::to_string(host.numel()));
        if (count > 0) std::memcpy(buffer, host.data_ptr(), static_cast<size_t>(count) * host.element_size());
    });
}

// Reads a one-element tensor as the C type of `dtype` (float, double, int64, int32, bool as uint8, uint8).
int cdt_item(cdt_tensor t, int dtype, void* out) {
    return guard_int([&] {
        const at::Scalar value = T(t).item();
        switch (dtype_of(dtype)) {
            case at::kFloat: *static_cast<float*>(out) = value.to<float>(); break;
            case at::kDouble: *static_cast<double*>(out) = value.to<double>(); break;
            case at::kLong: *static_cast<int64_t*>(out) = value.to<int64_t>(); break;
            case at::kInt: *static_cast<int32_t*>(out) = value.to<int32_t>(); break;
            case at::kBool: *static_cast<uint8_t*>(out) = value.to<bool>() ? 1 : 0; break;
            case at::kByte: *static_cast<uint8_t*>(out) = value.to<uint8_t>(); break;
            default: throw std::invalid_argument("contractdsl_torch: item() does not support dtype " + std::to_string(dtype));
        }
    });
}

int64_t cdt_numel(cdt_tensor t) { return guard_value([&] { return static_cast<int64_t>(T(t).numel()); }, int64_t{-1}); }

int cdt_dim(cdt_tensor t) { return guard_value([&] { return static_cast<int>(T(t).dim()); }, -1); }

// Writes up to `capacity` sizes and returns the number of dimensions (call with capacity 0 to ask).
int cdt_shape(cdt_tensor t, int64_t* buffer, int capacity) {
    return guard_value(
        [&] {
            const auto sizes = T(t).sizes();
            for (size_t i = 0; i < sizes.size() && static_cast<int>(i) < capacity; ++i) buffer[i] = sizes[i];
            return static_cast<int>(sizes.size());
        },
        -1);
}

int cdt_dtype(cdt_tensor t) { return guard_value([&] { return static_cast<int>(T(t).scalar_type()); }, -1); }

int cdt_device(cdt_tensor t, int* device_type, int* device_index) {
    return guard_int([&] {
        const c10::Device device = T(t).device();
        *device_type = static_cast<int>(device.type());
        *device_index = static_cast<int>(device.index());
    });
}

// ---- dtype / device moves -----------------------------------------------------------------------

cdt_tensor cdt_to_device(cdt_tensor h, int device_type, int device_index) {
    return guard_tensor([&] { return T(h).to(device_of(device_type, device_index)); });
}

cdt_tensor cdt_to_dtype(cdt_tensor h, int dtype) { return guard_tensor([&] { return T(h).to(dtype_of(dtype)); }); }

// ---- element-wise arithmetic --------------------------------------------------------------------

CDT_BINARY(add, at::add(a, b))
CDT_BINARY(sub, at::sub(a, b))
CDT_BINARY(mul, at::mul(a, b))
CDT_BINARY(div, at::div(a, b))
CDT_BINARY_SCALAR(add_scalar, at::add(a, b))
CDT_BINARY_SCALAR(sub_scalar, at::sub(a, b))
CDT_BINARY_SCALAR(mul_scalar, at::mul(a, b))
CDT_BINARY_SCALAR(div_scalar, at::div(a, b))

// scalar - tensor: rsub(self, other) = other - self.
cdt_tensor cdt_rsub_scalar(cdt_scalar a, cdt_tensor hb) { return guard_tensor([&] { return at::rsub(T(hb), S(a)); }); }

// scalar / tensor: a true division with the scalar as a wrapped number (not b.reciprocal() * a,
// which rounds twice).
cdt_tensor cdt_rdiv_scalar(cdt_scalar a, cdt_tensor hb) {
    return guard_tensor([&] { return at::div(wrapped_number(S(a)), T(hb)); });
}

CDT_UNARY(neg, at::neg(t))
CDT_BINARY_SCALAR(pow_scalar, at::pow(a, b))
CDT_BINARY(minimum, at::minimum(a, b))
CDT_BINARY(maximum, at::maximum(a, b))

// ---- comparisons and logic ----------------------------------------------------------------------

CDT_BINARY(lt, at::lt(a, b))
CDT_BINARY(le, at::le(a, b))
CDT_BINARY(gt, at::gt(a, b))
CDT_BINARY(ge, at::ge(a, b))
CDT_BINARY(eq, at::eq(a, b))
CDT_BINARY(ne, at::ne(a, b))
CDT_BINARY_SCALAR(lt_scalar, at::lt(a, b))
CDT_BINARY_SCALAR(le_scalar, at::le(a, b))
CDT_BINARY_SCALAR(gt_scalar, at::gt(a, b))
CDT_BINARY_SCALAR(ge_scalar, at::ge(a, b))
CDT_BINARY_SCALAR(eq_scalar, at::eq(a, b))
CDT_BINARY_SCALAR(ne_scalar, at::ne(a, b))
CDT_BINARY(logical_and, at::logical_and(a, b))
CDT_BINARY(logical_or, at::logical_or(a, b))
CDT_UNARY(logical_not, at::logical_not(t))
CDT_UNARY(isfinite, at::isfinite(t))
CDT_UNARY(isnan, at::isnan(t))

cdt_tensor cdt_where(cdt_tensor condition, cdt_tensor x, cdt_tensor y) {
    return guard_tensor([&] { return at::where(T(condition), T(x), T(y)); });
}

// ---- clamping -------------------------------------------------------------------------------------

// NULL bound = no bound; torch itself rejects the call when both are missing.
cdt_tensor cdt_clamp(cdt_tensor h, const cdt_scalar* min, const cdt_scalar* max) {
    return guard_tensor([&] {
        c10::optional<at::Scalar> lo = min != nullptr ? c10::optional<at::Scalar>(S(*min)) : c10::nullopt;
        c10::optional<at::Scalar> hi = max != nullptr ? c10::optional<at::Scalar>(S(*max)) : c10::nullopt;
        return at::clamp(T(h), lo, hi);
    });
}

CDT_BINARY_SCALAR(clamp_min, at::clamp_min(a, b))
CDT_BINARY_SCALAR(clamp_max, at::clamp_max(a, b))

// ---- unary math ------------------------------------------------------------------------------------

CDT_UNARY(exp, at::exp(t))
CDT_UNARY(log, at::log(t))
CDT_UNARY(sigmoid, at::sigmoid(t))
CDT_UNARY(tanh, at::tanh(t))
CDT_UNARY(abs, at::abs(t))
CDT_UNARY(round, at::round(t))
CDT_UNARY(logsigmoid, at::log_sigmoid(t))

cdt_tensor cdt_softplus(cdt_tensor h, double beta, double threshold) {
    return guard_tensor([&] { return at::softplus(T(h), beta, threshold); });
}

// ---- reductions -------------------------------------------------------------------------------------

CDT_UNARY(sum, at::sum(t))
CDT_UNARY(mean, at::mean(t))
CDT_UNARY(max, at::max(t))
CDT_UNARY(min, at::min(t))

cdt_tensor cdt_sum_dim(cdt_tensor h, int64_t dim, int keepdim) {
    return guard_tensor([&] { return at::sum(T(h), at::IntArrayRef(&dim, 1), keepdim != 0); });
}

cdt_tensor cdt_mean_dim(cdt_tensor h, int64_t dim, int keepdim) {
    return guard_tensor([&] { return at::mean(T(h), at::IntArrayRef(&dim, 1), keepdim != 0); });
}

// max/min along a dim return (values, indices); the indices handle is optional for the caller.
// Handles are created only after the op succeeded, so a torch error leaks nothing.
cdt_tensor cdt_max_dim(cdt_tensor h, int64_t dim, int keepdim, cdt_tensor* indices_out) {
    if (indices_out != nullptr) *indices_out = nullptr;
    return guard_tensor([&] {
        auto result = at::max(T(h), dim, keepdim != 0);
        if (indices_out != nullptr) *indices_out = wrap(std::get<1>(result));
        return std::get<0>(result);
    });
}

cdt_tensor cdt_min_dim(cdt_tensor h, int64_t dim, int keepdim, cdt_tensor* indices_out) {
    if (indices_out != nullptr) *indices_out = nullptr;
    return guard_tensor([&] {
        auto result = at::min(T(h), dim, keepdim != 0);
        if (indices_out != nullptr) *indices_out = wrap(std::get<1>(result));
        return std::get<0>(result);
    });
}

cdt_tensor cdt_amax(cdt_tensor h, const int64_t* dims, int ndims, int keepdim) {
    return guard_tensor([&] { return at::amax(T(h), dims_of(dims, ndims), keepdim != 0); });
}

cdt_tensor cdt_amin(cdt_tensor h, const int64_t* dims, int ndims, int keepdim) {
    return guard_tensor([&] { return at::amin(T(h), dims_of(dims, ndims), keepdim != 0); });
}

// The (dim, bool unbiased, keepdim) overloads exist in libtorch 1.13 and 2.x alike (the
// correction-based ones changed signature between them).
cdt_tensor cdt_std(cdt_tensor h, int unbiased) { return guard_tensor([&] { return at::std(T(h), unbiased != 0); }); }

cdt_tensor cdt_std_dim(cdt_tensor h, int64_t dim, int unbiased, int keepdim) {
    return guard_tensor([&] { return at::std(T(h), at::IntArrayRef(&dim, 1), unbiased != 0, keepdim != 0); });
}

cdt_tensor cdt_var(cdt_tensor h, int unbiased) { return guard_tensor([&] { return at::var(T(h), unbiased != 0); }); }

cdt_tensor cdt_var_dim(cdt_tensor h, int64_t dim, int unbiased, int keepdim) {
    return guard_tensor([&] { return at::var(T(h), at::IntArrayRef(&dim, 1), unbiased != 0, keepdim != 0); });
}

// ---- shape and indexing ------------------------------------------------------------------------------

cdt_tensor cdt_reshape(cdt_tensor h, const int64_t* shape, int ndim) {
    return guard_tensor([&] { return T(h).reshape(dims_of(shape, ndim)); });
}

cdt_tensor cdt_view(cdt_tensor h, const int64_t* shape, int ndim) {
    return guard_tensor([&] { return T(h).view(dims_of(shape, ndim)); });
}

cdt_tensor cdt_select(cdt_tensor h, int64_t dim, int64_t index) {
    return guard_tensor([&] { return T(h).select(dim, index); });
}

cdt_tensor cdt_narrow(cdt_tensor h, int64_t dim, int64_t start, int64_t length) {
    return guard_tensor([&] { return T(h).narrow(dim, start, length); });
}

cdt_tensor cdt_index_select(cdt_tensor h, int64_t dim, cdt_tensor index) {
    return guard_tensor([&] { return at::index_select(T(h), dim, T(index)); });
}

cdt_tensor cdt_cat(const cdt_tensor* tensors, int count, int64_t dim) {
    return guard_tensor([&] { return at::cat(list_of(tensors, count), dim); });
}

cdt_tensor cdt_stack(const cdt_tensor* tensors, int count, int64_t dim) {
    return guard_tensor([&] { return at::stack(list_of(tensors, count), dim); });
}

// Out-of-place index_add: result = t with source rows added at `index` along `dim`. This is the
// differentiable way to form per-group sums (zeros(groups).index_add(0, group_of_row, values)).
cdt_tensor cdt_index_add(cdt_tensor h, int64_t dim, cdt_tensor index, cdt_tensor source) {
    return guard_tensor([&] { return at::index_add(T(h), dim, T(index), T(source)); });
}

// Counts (or sums `weights`) per non-negative int value; not differentiable w.r.t. weights.
cdt_tensor cdt_bincount(cdt_tensor h, cdt_tensor weights, int64_t minlength) {
    return guard_tensor([&] {
        c10::optional<at::Tensor> w = weights != nullptr ? c10::optional<at::Tensor>(T(weights)) : c10::nullopt;
        return at::bincount(T(h), w, minlength);
    });
}

CDT_BINARY(matmul, at::matmul(a, b))
CDT_UNARY(t, t.t())

cdt_tensor cdt_transpose(cdt_tensor h, int64_t dim0, int64_t dim1) {
    return guard_tensor([&] { return T(h).transpose(dim0, dim1); });
}

// ---- autograd ------------------------------------------------------------------------------------------

int cdt_requires_grad(cdt_tensor t) { return guard_value([&] { return T(t).requires_grad() ? 1 : 0; }, CDT_ERR); }

int cdt_set_requires_grad(cdt_tensor t, int requires_grad) {
    return guard_int([&] { T(t).requires_grad_(requires_grad != 0); });
}

// gradient NULL: t must be a scalar (implicit gradient 1).
int cdt_backward(cdt_tensor t, cdt_tensor gradient, int retain_graph) {
    return guard_int([&] {
        const at::Tensor grad = gradient != nullptr ? T(gradient) : at::Tensor();
        T(t).backward(grad, retain_graph != 0 ? c10::optional<bool>(true) : c10::nullopt);
    });
}

int cdt_grad(cdt_tensor t, cdt_tensor* grad_out) {
    if (grad_out != nullptr) *grad_out = nullptr;
    return guard_int([&] {
        if (grad_out == nullptr) throw std::invalid_argument("contractdsl_torch: null grad_out");
        const at::Tensor& grad = T(t).grad();
        *grad_out = grad.defined() ? wrap(grad) : nullptr;
    });
}

CDT_UNARY(detach, t.detach())
CDT_UNARY(clone, t.clone())

// Zeroes the accumulated gradient in place (no-op when there is none yet).
int cdt_zero_grad(cdt_tensor t) {
    return guard_int([&] {
        at::Tensor& grad = T(t).mutable_grad();
        if (grad.defined()) grad.zero_();
    });
}

// ---- in-place updates (optimizer steps; call under no_grad for leaves that require grad) ------------

int cdt_zero_(cdt_tensor t) { return guard_int([&] { T(t).zero_(); }); }

int cdt_add_(cdt_tensor t, cdt_tensor other, cdt_scalar alpha) {
    return guard_int([&] { T(t).add_(T(other), S(alpha)); });
}

int cdt_sub_(cdt_tensor t, cdt_tensor other, cdt_scalar alpha) {
    return guard_int([&] { T(t).sub_(T(other), S(alpha)); });
}

int cdt_mul_(cdt_tensor t, cdt_tensor other) { return guard_int([&] { T(t).mul_(T(other)); }); }

int cdt_mul_scalar_(cdt_tensor t, cdt_scalar other) { return guard_int([&] { T(t).mul_(S(other)); }); }

}  // extern "C"
