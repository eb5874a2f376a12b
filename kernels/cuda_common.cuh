#pragma once
// Shared by every kernel family: error checks that name the file and line, the weight element
// types with their 16-byte vector loads, and warp reductions.
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include <cuda_runtime.h>

#include <cstdint>
#include <string>

#include "error.h"
#include "tensor.h"

namespace moe::cuda {

[[noreturn]] inline void throw_cuda_error(const char* call, const char* file, int line, const char* what) {
    throw Error(std::string("CUDA error in ") + call + " (" + file + ":" + std::to_string(line) + "): " + what);
}

} // namespace moe::cuda

// Every CUDA runtime call and every launch goes through these: an error becomes a moe::Error
// naming the call and the place, never an abort.
#define MOE_CUDA_CHECK(call)                                                                 \
    do {                                                                                     \
        const cudaError_t moe_err_ = (call);                                                 \
        if (moe_err_ != cudaSuccess)                                                         \
            ::moe::cuda::throw_cuda_error(#call, __FILE__, __LINE__, cudaGetErrorString(moe_err_)); \
    } while (0)
#define MOE_CUDA_LAUNCH_CHECK() MOE_CUDA_CHECK(cudaGetLastError())
// Launcher preconditions (shapes, dtypes): a broken caller gets a message, not a bad launch.
#define MOE_KERNEL_REQUIRE(cond, msg)                                                        \
    do {                                                                                     \
        if (!(cond))                                                                         \
            throw ::moe::Error(std::string("kernel precondition failed (") + __FILE__ + ":" + \
                               std::to_string(__LINE__) + "): " #cond " — " + (msg));        \
    } while (0)

namespace moe::cuda {

__device__ __forceinline__ float to_float(float v) { return v; }
__device__ __forceinline__ float to_float(__nv_bfloat16 v) { return __bfloat162float(v); }
__device__ __forceinline__ float to_float(__half v) { return __half2float(v); }

template <typename T> __device__ __forceinline__ T from_float(float v);
template <> __device__ __forceinline__ float from_float<float>(float v) { return v; }
template <> __device__ __forceinline__ __nv_bfloat16 from_float<__nv_bfloat16>(float v) { return __float2bfloat16_rn(v); }
template <> __device__ __forceinline__ __half from_float<__half>(float v) { return __float2half_rn(v); }

// Elements of T in one 16-byte load.
template <typename T> struct Vec16 { static constexpr int n = 16 / int(sizeof(T)); };

// Widens the 16 bytes in `raw` (Vec16<T>::n elements of T) to fp32.
template <typename T>
__device__ __forceinline__ void widen16(const uint4& raw, float* out) {
    const T* e = reinterpret_cast<const T*>(&raw);
#pragma unroll
    for (int i = 0; i < Vec16<T>::n; ++i) out[i] = to_float(e[i]);
}

// 16-byte load that bypasses L1 (weights are read once per step; keep L1 for activations).
__device__ __forceinline__ uint4 load_stream16(const void* p) {
    uint4 r;
    asm volatile("ld.global.nc.L1::no_allocate.v4.u32 {%0,%1,%2,%3}, [%4];"
                 : "=r"(r.x), "=r"(r.y), "=r"(r.z), "=r"(r.w)
                 : "l"(p));
    return r;
}

__device__ __forceinline__ float warp_sum(float v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) v += __shfl_xor_sync(0xffffffffu, v, o);
    return v;
}
__device__ __forceinline__ float warp_max(float v) {
#pragma unroll
    for (int o = 16; o > 0; o >>= 1) v = fmaxf(v, __shfl_xor_sync(0xffffffffu, v, o));
    return v;
}

__device__ __forceinline__ float silu(float g) { return g / (1.0f + expf(-g)); }

// Calls f.template operator()<T>() with T the CUDA element type of `t`.
template <typename F>
void dispatch_dtype(DType t, F&& f) {
    switch (t) {
    case DType::BF16: f.template operator()<__nv_bfloat16>(); return;
    case DType::F16: f.template operator()<__half>(); return;
    case DType::F32: f.template operator()<float>(); return;
    }
    throw Error("unknown weight dtype");
}

inline unsigned ceil_div(int64_t a, int64_t b) { return unsigned((a + b - 1) / b); }

} // namespace moe::cuda
