#include "gemv.cuh"

#include "cuda_common.cuh"
#include "gemv_row.cuh"

namespace moe::cuda {
namespace {

constexpr int kThreads = 256;
constexpr int kWarps = kThreads / 32;

// WPR warps share one row (split-K); the block covers kWarps / WPR rows.
template <typename T, int NT, bool VEC, int WPR>
__global__ void __launch_bounds__(kThreads) gemv_kernel(const T* __restrict__ w, int64_t rows, int64_t cols,
                                                        const float* __restrict__ x, int n, float* __restrict__ y) {
    constexpr int kRowsPerBlock = kWarps / WPR;
    const int warp = int(threadIdx.x) / 32, lane = int(threadIdx.x) % 32;
    const int64_t row = int64_t(blockIdx.x) * kRowsPerBlock + warp / WPR;
    // blockIdx.y: chunk of NT tokens (matrices with few rows take many tokens this way)
    x += int64_t(blockIdx.y) * NT * cols;
    y += int64_t(blockIdx.y) * NT * rows;
    n = min(NT, n - int(blockIdx.y) * NT);
    const int part = warp % WPR;
    float acc[1][NT] = {};
    if (row < rows) {
        const T* wr[1] = {w + row * cols};
        row_dot<T, NT, 1, VEC>(wr, cols, x, cols, n, part * 32 + lane, 32 * WPR, acc);
    }
#pragma unroll
    for (int t = 0; t < NT; ++t) acc[0][t] = warp_sum(acc[0][t]);
    if constexpr (WPR == 1) {
        if (lane == 0 && row < rows)
#pragma unroll
            for (int t = 0; t < NT; ++t)
                if (t < n) y[t * rows + row] = acc[0][t];
    } else {
        __shared__ float partial[kWarps][NT];
        if (lane == 0)
#pragma unroll
            for (int t = 0; t < NT; ++t) partial[warp][t] = acc[0][t];
        __syncthreads();
        if (part == 0 && lane < NT && lane < n && row < rows) {
            float s = 0.0f;
#pragma unroll
            for (int p = 0; p < WPR; ++p) s += partial[warp + p][lane];
            y[int64_t(lane) * rows + row] = s;
        }
    }
}

template <typename T, int NT, bool VEC, int WPR>
void launch(const void* w, int64_t rows, int64_t cols, const float* x, int n, float* y, cudaStream_t stream) {
    const dim3 blocks(ceil_div(rows, kWarps / WPR), ceil_div(n, NT));
    gemv_kernel<T, NT, VEC, WPR><<<blocks, kThreads, 0, stream>>>(static_cast<const T*>(w), rows, cols, x, n, y);
    MOE_CUDA_LAUNCH_CHECK();
}

template <typename T, int NT>
void launch_vec(const void* w, int64_t rows, int64_t cols, const float* x, int n, float* y, int sm_count,
                cudaStream_t stream) {
    // Eight warps per row (one row per block) reached 94-101% of the copy bandwidth on an H100
    // for every decode shape of Mixtral-8x7B with 1k+ rows, ahead of one warp per row (80-99%)
    // and of deeper unrolling (tests/kernels/bench_gemv.cu). Several tokens per row already give
    // each warp enough work.
    (void)sm_count;
    if (NT > 2) return launch<T, NT, true, 2>(w, rows, cols, x, n, y, stream);
    return launch<T, NT, true, 8>(w, rows, cols, x, n, y, stream);
}

} // namespace

void launch_gemv(const void* w, DType dtype, int64_t rows, int64_t cols, const float* x, int n, float* y,
                 int sm_count, cudaStream_t stream) {
    MOE_KERNEL_REQUIRE(w && x && y, "null pointer");
    MOE_KERNEL_REQUIRE(rows > 0 && cols > 0, "empty matrix");
    MOE_KERNEL_REQUIRE(n >= 1 && n <= 65535 * kGemvMaxTokens, "too many rows for the gemv");
    dispatch_dtype(dtype, [&]<typename T>() {
        if (!gemv_vectorizable(w, sizeof(T), cols, x))
            return launch<T, kGemvMaxTokens, false, 1>(w, rows, cols, x, n, y, stream);
        if (n == 1) return launch_vec<T, 1>(w, rows, cols, x, n, y, sm_count, stream);
        if (n == 2) return launch_vec<T, 2>(w, rows, cols, x, n, y, sm_count, stream);
        if (n == 3 || n == 4) return launch_vec<T, 4>(w, rows, cols, x, n, y, sm_count, stream);
        return launch_vec<T, 8>(w, rows, cols, x, n, y, sm_count, stream);
    });
}

} // namespace moe::cuda
