/*
 * contractdsl_torch.h — the C ABI of the ContractDsl libtorch shim.
 *
 * The managed runtime (ContractDsl.Runtime.Torch) calls these functions by P/Invoke, the way
 * TorchSharp calls LibTorchSharp. Everything here is plain C so that the ABI does not depend on
 * the C++ standard library or compiler the shim was built with.
 *
 * Conventions (the managed side relies on them):
 *   - cdt_tensor is an opaque pointer that owns one heap at::Tensor. Every function that returns a
 *     cdt_tensor returns a NEW handle the caller must release with cdt_free (exactly once).
 *     Input handles are borrowed, never consumed.
 *   - No C++ exception crosses this boundary. A function that returns a handle returns NULL on
 *     failure; one that returns int returns CDT_ERR (-1) on failure and CDT_OK (0) on success
 *     unless documented otherwise. The failure's message is then in cdt_last_error() (per thread).
 *   - Booleans are int32 (0/1): no C/C#/C++ bool size ambiguity.
 *   - dtype codes are c10::ScalarType values (Byte=0, Int32=3, Int64=4, Float32=6, Float64=7,
 *     Bool=11), device types are c10::DeviceType values (CPU=0, CUDA=1); index -1 = current device.
 *     A dtype of -1 means "default / infer".
 */
#ifndef CONTRACTDSL_TORCH_H
#define CONTRACTDSL_TORCH_H

#include <stdint.h>

#if defined(_WIN32)
#define CDT_API __declspec(dllexport)
#else
#define CDT_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef void* cdt_tensor;

#define CDT_OK 0
#define CDT_ERR (-1)

/* A scalar value with its kind, so an integer stays an integer (1 + long tensor → long tensor). */
typedef struct cdt_scalar {
    int64_t i;    /* value when kind == CDT_SCALAR_INT or CDT_SCALAR_BOOL */
    double d;     /* value when kind == CDT_SCALAR_FLOAT */
    int32_t kind; /* CDT_SCALAR_* */
} cdt_scalar;

#define CDT_SCALAR_FLOAT 0
#define CDT_SCALAR_INT 1
#define CDT_SCALAR_BOOL 2

/* ---- library state --------------------------------------------------------------------- */
CDT_API const char* cdt_last_error(void);
CDT_API int64_t cdt_live_tensors(void);
CDT_API const char* cdt_torch_version(void);
CDT_API int cdt_cuda_is_available(void);
CDT_API int cdt_cuda_device_count(void);
CDT_API int cdt_manual_seed(uint64_t seed);
CDT_API int cdt_is_grad_enabled(void);
CDT_API int cdt_set_grad_enabled(int enabled);

/* ---- lifetime ---------------------------------------------------------------------------- */
CDT_API void cdt_free(cdt_tensor t);

/* ---- creation ---------------------------------------------------------------------------- */
CDT_API cdt_tensor cdt_from_host(const void* data, int64_t count, int src_dtype, const int64_t* shape, int ndim,
                                 int dtype, int device_type, int device_index, int requires_grad);
CDT_API cdt_tensor cdt_scalar_tensor(cdt_scalar value, int dtype, int device_type, int device_index,
                                     int requires_grad);
CDT_API cdt_tensor cdt_full(const int64_t* shape, int ndim, cdt_scalar value, int dtype, int device_type,
                            int device_index, int requires_grad);
CDT_API cdt_tensor cdt_zeros(const int64_t* shape, int ndim, int dtype, int device_type, int device_index,
                             int requires_grad);
CDT_API cdt_tensor cdt_ones(const int64_t* shape, int ndim, int dtype, int device_type, int device_index,
                            int requires_grad);
CDT_API cdt_tensor cdt_arange(cdt_scalar start, cdt_scalar end, cdt_scalar step, int dtype, int device_type,
                              int device_index, int requires_grad);
CDT_API cdt_tensor cdt_rand(const int64_t* shape, int ndim, int dtype, int device_type, int device_index,
                            int requires_grad);
CDT_API cdt_tensor cdt_randn(const int64_t* shape, int ndim, int dtype, int device_type, int device_index,
                             int requires_grad);
CDT_API cdt_tensor cdt_zeros_like(cdt_tensor t);
CDT_API cdt_tensor cdt_ones_like(cdt_tensor t);

/* ---- host copies and queries ------------------------------------------------------------ */
CDT_API int cdt_copy_to_host(cdt_tensor t, int dtype, void* buffer, int64_t count);
CDT_API int cdt_item(cdt_tensor t, int dtype, void* out);
CDT_API int64_t cdt_numel(cdt_tensor t);
CDT_API int cdt_dim(cdt_tensor t);
CDT_API int cdt_shape(cdt_tensor t, int64_t* buffer, int capacity);
CDT_API int cdt_dtype(cdt_tensor t);
CDT_API int cdt_device(cdt_tensor t, int* device_type, int* device_index);

/* ---- dtype / device moves --------------------------------------------------------------- */
CDT_API cdt_tensor cdt_to_device(cdt_tensor t, int device_type, int device_index);
CDT_API cdt_tensor cdt_to_dtype(cdt_tensor t, int dtype);

/* ---- element-wise arithmetic -------------------------------------------------------------- */
CDT_API cdt_tensor cdt_add(cdt_tensor a, cdt_tensor b);
CDT_API cdt_tensor cdt_sub(cdt_tensor a, cdt_tensor b);
CDT_API cdt_tensor cdt_mul(cdt_tensor a, cdt_tensor b);
CDT_API cdt_tensor cdt_div(cdt_tensor a, cdt_tensor b);
CDT_API cdt_tensor cdt_add_scalar(cdt_tensor a, cdt_scalar b);
CDT_API cdt_tensor cdt_sub_scalar(cdt_tensor a, cdt_scalar b);
CDT_API cdt_tensor cdt_mul_scalar(cdt_tensor a, cdt_scalar b);
CDT_API cdt_tensor cdt_div_scalar(cdt_tensor a, cdt_scalar b);
CDT_API cdt_tensor cdt_rsub_scalar(cdt_scalar a, cdt_tensor b); /* a - b */
CDT_API cdt_tensor cdt_rdiv_scalar(cdt_scalar a, cdt_tensor b); /* a / b */
CDT_API cdt_tensor cdt_neg(cdt_tensor t);
CDT_API cdt_tensor cdt_pow_scalar(cdt_tensor t, cdt_scalar exponent);
CDT_API cdt_tensor cdt_minimum(cdt_tensor a, cdt_tensor b);
CDT_API cdt_tensor cdt_maximum(cdt_tensor a, cdt_tensor b);

/* ---- comparisons and logic ---------------------------------------------------------------- */
CDT_API cdt_tensor cdt_lt(cdt_tensor a, cdt_tensor b);
CDT_API cdt_tensor cdt_le(cdt_tensor a, cdt_tensor b);
CDT_API cdt_tensor cdt_gt(cdt_tensor a, cdt_tensor b);
CDT_API cdt_tensor cdt_ge(cdt_tensor a, cdt_tensor b);
CDT_API cdt_tensor cdt_eq(cdt_tensor a, cdt_tensor b);
CDT_API cdt_tensor cdt_ne(cdt_tensor a, cdt_tensor b);
CDT_API cdt_tensor cdt_lt_scalar(cdt_tensor a, cdt_scalar b);
CDT_API cdt_tensor cdt_le_scalar(cdt_tensor a, cdt_scalar b);
CDT_API cdt_tensor cdt_gt_scalar(cdt_tensor a, cdt_scalar b);
CDT_API cdt_tensor cdt_ge_scalar(cdt_tensor a, cdt_scalar b);
CDT_API cdt_tensor cdt_eq_scalar(cdt_tensor a, cdt_scalar b);
CDT_API cdt_tensor cdt_ne_scalar(cdt_tensor a, cdt_scalar b);
CDT_API cdt_tensor cdt_logical_and(cdt_tensor a, cdt_tensor b);
CDT_API cdt_tensor cdt_logical_or(cdt_tensor a, cdt_tensor b);
CDT_API cdt_tensor cdt_logical_not(cdt_tensor t);
CDT_API cdt_tensor cdt_where(cdt_tensor condition, cdt_tensor x, cdt_tensor y);
CDT_API cdt_tensor cdt_isfinite(cdt_tensor t);
CDT_API cdt_tensor cdt_isnan(cdt_tensor t);

/* ---- clamping ------------------------------------------------------------------------------ */
CDT_API cdt_tensor cdt_clamp(cdt_tensor t, const cdt_scalar* min, const cdt_scalar* max); /* NULL = none */
CDT_API cdt_tensor cdt_clamp_min(cdt_tensor t, cdt_scalar min);
CDT_API cdt_tensor cdt_clamp_max(cdt_tensor t, cdt_scalar max);

/* ---- unary math ---------------------------------------------------------------------------- */
CDT_API cdt_tensor cdt_exp(cdt_tensor t);
CDT_API cdt_tensor cdt_log(cdt_tensor t);
CDT_API cdt_tensor cdt_sigmoid(cdt_tensor t);
CDT_API cdt_tensor cdt_tanh(cdt_tensor t);
CDT_API cdt_tensor cdt_abs(cdt_tensor t);
CDT_API cdt_tensor cdt_round(cdt_tensor t);
CDT_API cdt_tensor cdt_softplus(cdt_tensor t, double beta, double threshold);
CDT_API cdt_tensor cdt_logsigmoid(cdt_tensor t);

/* ---- reductions ---------------------------------------------------------------------------- */
CDT_API cdt_tensor cdt_sum(cdt_tensor t);
CDT_API cdt_tensor cdt_sum_dim(cdt_tensor t, int64_t dim, int keepdim);
CDT_API cdt_tensor cdt_mean(cdt_tensor t);
CDT_API cdt_tensor cdt_mean_dim(cdt_tensor t, int64_t dim, int keepdim);
CDT_API cdt_tensor cdt_max(cdt_tensor t);
CDT_API cdt_tensor cdt_min(cdt_tensor t);
CDT_API cdt_tensor cdt_max_dim(cdt_tensor t, int64_t dim, int keepdim, cdt_tensor* indices_out); /* may be NULL */
CDT_API cdt_tensor cdt_min_dim(cdt_tensor t, int64_t dim, int keepdim, cdt_tensor* indices_out);
CDT_API cdt_tensor cdt_amax(cdt_tensor t, const int64_t* dims, int ndims, int keepdim); /* ndims 0 = all */
CDT_API cdt_tensor cdt_amin(cdt_tensor t, const int64_t* dims, int ndims, int keepdim);
CDT_API cdt_tensor cdt_std(cdt_tensor t, int unbiased);
CDT_API cdt_tensor cdt_std_dim(cdt_tensor t, int64_t dim, int unbiased, int keepdim);
CDT_API cdt_tensor cdt_var(cdt_tensor t, int unbiased);
CDT_API cdt_tensor cdt_var_dim(cdt_tensor t, int64_t dim, int unbiased, int keepdim);

/* ---- shape and indexing -------------------------------------------------------------------- */
CDT_API cdt_tensor cdt_reshape(cdt_tensor t, const int64_t* shape, int ndim);
CDT_API cdt_tensor cdt_view(cdt_tensor t, const int64_t* shape, int ndim);
CDT_API cdt_tensor cdt_select(cdt_tensor t, int64_t dim, int64_t index);
CDT_API cdt_tensor cdt_narrow(cdt_tensor t, int64_t dim, int64_t start, int64_t length);
CDT_API cdt_tensor cdt_index_select(cdt_tensor t, int64_t dim, cdt_tensor index);
CDT_API cdt_tensor cdt_cat(const cdt_tensor* tensors, int count, int64_t dim);
CDT_API cdt_tensor cdt_stack(const cdt_tensor* tensors, int count, int64_t dim);
CDT_API cdt_tensor cdt_index_add(cdt_tensor t, int64_t dim, cdt_tensor index, cdt_tensor source);
CDT_API cdt_tensor cdt_bincount(cdt_tensor t, cdt_tensor weights /* may be NULL */, int64_t minlength);
CDT_API cdt_tensor cdt_matmul(cdt_tensor a, cdt_tensor b);
CDT_API cdt_tensor cdt_t(cdt_tensor t);
CDT_API cdt_tensor cdt_transpose(cdt_tensor t, int64_t dim0, int64_t dim1);

/* ---- autograd ------------------------------------------------------------------------------ */
CDT_API int cdt_requires_grad(cdt_tensor t); /* 0/1, CDT_ERR on failure */
CDT_API int cdt_set_requires_grad(cdt_tensor t, int requires_grad);
CDT_API int cdt_backward(cdt_tensor t, cdt_tensor gradient /* may be NULL */, int retain_graph);
CDT_API int cdt_grad(cdt_tensor t, cdt_tensor* grad_out); /* *grad_out = NULL when there is no grad */
CDT_API cdt_tensor cdt_detach(cdt_tensor t);
CDT_API cdt_tensor cdt_clone(cdt_tensor t);
CDT_API int cdt_zero_grad(cdt_tensor t);

/* ---- in-place updates (optimizer steps) ---------------------------------------------------- */
CDT_API int cdt_zero_(cdt_tensor t);
CDT_API int cdt_add_(cdt_tensor t, cdt_tensor other, cdt_scalar alpha);
CDT_API int cdt_sub_(cdt_tensor t, cdt_tensor other, cdt_scalar alpha);
CDT_API int cdt_mul_(cdt_tensor t, cdt_tensor other);
CDT_API int cdt_mul_scalar_(cdt_tensor t, cdt_scalar other);

#ifdef __cplusplus
}
#endif

#endif /* CONTRACTDSL_TORCH_H */
