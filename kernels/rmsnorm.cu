#include "rmsnorm.cuh"

#include "cuda_common.cuh"

namespace moe::cuda {
namespace {

constexpr int kThreads = 256;

__global__ void __launch_bounds__(kThreads) rmsnorm_kernel(float* __restrict__ x, const float* __restrict__ residual,
                                                           const float* __restrict__ w, int d, float eps,
                                                           float* __restrict__ out) {
    float* xi = x + int64_t(blockIdx.x) * d;
    float* oi = out + int64_t(blockIdx.x) * d;
    float ss = 0.0f;
    for (int c = threadIdx.x; c < d; c += kThreads) {
        float v = xi[c];
        if (residual) {
            v += residual[int64_t(blockIdx.x) * d + c];
            xi[c] = v;
        }
        ss = fmaf(v, v, ss);
    }
    __shared__ float partial[kThreads / 32];
    ss = warp_sum(ss);
    if (threadIdx.x % 32 == 0) partial[threadIdx.x / 32] = ss;
    __syncthreads();
    if (threadIdx.x < 32) {
        float s = threadIdx.x < kThreads / 32 ? partial[threadIdx.x] : 0.0f;
        s = warp_sum(s);
        if (threadIdx.x == 0) partial[0] = s;
    }
    __syncthreads();
    const float inv = 1.0f / sqrtf(partial[0] / float(d) + eps);
    for (int c = threadIdx.x; c < d; c += kThreads) oi[c] = w[c] * (xi[c] * inv);
}

} // namespace

void launch_rmsnorm(float* x, const float* residual, const float* w, int n, int d, float eps, float* out,
                    cudaStream_t stream) {
    MOE_KERNEL_REQUIRE(x && w && out, "null pointer");
    MOE_KERNEL_REQUIRE(n >= 1 && d >= 1, "empty rmsnorm");
    MOE_KERNEL_REQUIRE(!residual || out != residual, "out must not alias the residual");
    rmsnorm_kernel<<<unsigned(n), kThreads, 0, stream>>>(x, residual, w, d, eps, out);
    MOE_CUDA_LAUNCH_CHECK();
}

} // namespace moe::cuda
