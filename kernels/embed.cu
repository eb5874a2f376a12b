#include "embed.cuh"

#include <cmath>

#include "cuda_common.cuh"

namespace moe::cuda {
namespace {

template <typename T>
__global__ void embed_kernel(const T* __restrict__ table, int64_t vocab, int64_t d, const int32_t* __restrict__ ids,
                             float* __restrict__ x) {
    const int i = int(blockIdx.y);
    const int32_t id = ids[i];
    const bool valid = id >= 0 && id < vocab;
    for (int64_t c = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; c < d; c += int64_t(gridDim.x) * blockDim.x)
        x[i * d + c] = valid ? to_float(table[int64_t(id) * d + c]) : NAN;
}

} // namespace

void launch_embed(const void* table, DType dtype, int64_t vocab, int64_t d, const int32_t* ids, int n, float* x,
                  cudaStream_t stream) {
    MOE_KERNEL_REQUIRE(table && ids && x, "null pointer");
    MOE_KERNEL_REQUIRE(vocab > 0 && d > 0 && n >= 1 && n <= 65535, "bad embedding shape");
    const dim3 grid(ceil_div(d, 256 * 4) > 0 ? ceil_div(d, 256 * 4) : 1, unsigned(n));
    dispatch_dtype(dtype, [&]<typename T>() {
        embed_kernel<T><<<grid, 256, 0, stream>>>(static_cast<const T*>(table), vocab, d, ids, x);
    });
    MOE_CUDA_LAUNCH_CHECK();
}

} // namespace moe::cuda
