#include "elementwise.cuh"

#include "cuda_common.cuh"

namespace moe::cuda {
namespace {

constexpr int kThreads = 256;

unsigned grid_for(size_t n) {
    const size_t blocks = (n + kThreads - 1) / kThreads;
    return unsigned(blocks < 65535u * 16u ? blocks : 65535u * 16u);
}

__global__ void add_kernel(float* __restrict__ x, const float* __restrict__ y, size_t n) {
    for (size_t i = size_t(blockIdx.x) * kThreads + threadIdx.x; i < n; i += size_t(gridDim.x) * kThreads) x[i] += y[i];
}

template <typename T>
__global__ void convert_kernel(const float* __restrict__ src, size_t n, T* __restrict__ dst) {
    for (size_t i = size_t(blockIdx.x) * kThreads + threadIdx.x; i < n; i += size_t(gridDim.x) * kThreads)
        dst[i] = from_float<T>(src[i]);
}

__device__ __forceinline__ float hash_uniform(uint64_t seed, uint64_t i) {
    uint64_t z = seed + 0x9e3779b97f4a7c15ull * (i + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return float(double(z >> 40) / double(1ull << 23) - 1.0);
}

template <typename T>
__global__ void random_kernel(T* __restrict__ dst, size_t n, float center, float scale, uint64_t seed) {
    for (size_t i = size_t(blockIdx.x) * kThreads + threadIdx.x; i < n; i += size_t(gridDim.x) * kThreads)
        dst[i] = from_float<T>(__fadd_rn(center, __fmul_rn(scale, hash_uniform(seed, i)))); // no FMA: as the CPU rounds
}

} // namespace

void launch_add(float* x, const float* y, size_t n, cudaStream_t stream) {
    MOE_KERNEL_REQUIRE(x && y, "null pointer");
    if (n == 0) return;
    add_kernel<<<grid_for(n), kThreads, 0, stream>>>(x, y, n);
    MOE_CUDA_LAUNCH_CHECK();
}

void launch_convert_from_f32(const float* src, size_t n, void* dst, DType dtype, cudaStream_t stream) {
    MOE_KERNEL_REQUIRE(src && dst, "null pointer");
    if (n == 0) return;
    dispatch_dtype(dtype, [&]<typename T>() {
        convert_kernel<T><<<grid_for(n), kThreads, 0, stream>>>(src, n, static_cast<T*>(dst));
    });
    MOE_CUDA_LAUNCH_CHECK();
}

void launch_random_fill(void* dst, DType dtype, size_t n, float center, float scale, uint64_t seed,
                        cudaStream_t stream) {
    MOE_KERNEL_REQUIRE(dst, "null pointer");
    if (n == 0) return;
    dispatch_dtype(dtype, [&]<typename T>() {
        random_kernel<T><<<grid_for(n), kThreads, 0, stream>>>(static_cast<T*>(dst), n, center, scale, seed);
    });
    MOE_CUDA_LAUNCH_CHECK();
}

} // namespace moe::cuda
