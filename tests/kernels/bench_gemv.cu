// Decode GEMV variants (llm.c dev/cuda style): each numbered variant is checked against a plain
// reference kernel, then timed at the Mixtral-8x7B decode shapes with enough copies of the
// weights that L2 cannot hold them. The winner's parameters go into kernels/gemv.cu.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "cuda_common.cuh"
#include "gemv_row.cuh"

using namespace moe;
using namespace moe::cuda;

namespace {

template <int UNROLL, int WPR, int THREADS>
__global__ void __launch_bounds__(THREADS) variant_kernel(const __nv_bfloat16* __restrict__ w, int64_t rows, int64_t cols,
                                                          const float* __restrict__ x, float* __restrict__ y) {
    constexpr int kWarps = THREADS / 32, kRowsPerBlock = kWarps / WPR;
    const int warp = int(threadIdx.x) / 32, lane = int(threadIdx.x) % 32;
    const int64_t row = int64_t(blockIdx.x) * kRowsPerBlock + warp / WPR;
    const int part = warp % WPR;
    float acc[1][1] = {};
    if (row < rows) {
        const __nv_bfloat16* wr[1] = {w + row * cols};
        row_dot<__nv_bfloat16, 1, 1, true, UNROLL>(wr, cols, x, cols, 1, part * 32 + lane, 32 * WPR, acc);
    }
    float v = warp_sum(acc[0][0]);
    __shared__ float partial[kWarps];
    if (WPR > 1) {
        if (lane == 0) partial[warp] = v;
        __syncthreads();
        v = 0;
        for (int p = 0; p < WPR; ++p) v += partial[(warp / WPR) * WPR + p];
    }
    if (part == 0 && lane == 0 && row < rows) y[row] = v;
}

__global__ void reference_kernel(const __nv_bfloat16* w, int64_t rows, int64_t cols, const float* x, float* y) {
    const int64_t r = int64_t(blockIdx.x) * blockDim.x + threadIdx.x;
    if (r >= rows) return;
    float s = 0;
    for (int64_t c = 0; c < cols; ++c) s += __bfloat162float(w[r * cols + c]) * x[c];
    y[r] = s;
}

__global__ void fill_kernel(__nv_bfloat16* w, size_t n, uint32_t seed) {
    for (size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += size_t(gridDim.x) * blockDim.x) {
        uint32_t h = uint32_t(i) * 2654435761u ^ seed;
        h ^= h >> 15;
        h *= 2246822519u;
        w[i] = __float2bfloat16(float(h & 0xffff) / 65536.0f - 0.5f);
    }
}

struct Shape { const char* name; int64_t rows, cols; };

template <int UNROLL, int WPR, int THREADS>
void run_variant(int id, const Shape& s, const std::vector<__nv_bfloat16*>& copies, const float* x, float* y, const float* ref,
                 double copy_gbs) {
    constexpr int kRowsPerBlock = THREADS / 32 / WPR;
    const unsigned blocks = unsigned((s.rows + kRowsPerBlock - 1) / kRowsPerBlock);
    variant_kernel<UNROLL, WPR, THREADS><<<blocks, THREADS>>>(copies[0], s.rows, s.cols, x, y);
    MOE_CUDA_CHECK(cudaDeviceSynchronize());
    std::vector<float> a(size_t(s.rows)), b(size_t(s.rows));
    MOE_CUDA_CHECK(cudaMemcpy(a.data(), y, a.size() * 4, cudaMemcpyDeviceToHost));
    MOE_CUDA_CHECK(cudaMemcpy(b.data(), ref, b.size() * 4, cudaMemcpyDeviceToHost));
    double num = 0, den = 0;
    for (size_t i = 0; i < a.size(); ++i) num += double(a[i] - b[i]) * (a[i] - b[i]), den += double(b[i]) * b[i];
    const double err = std::sqrt(num / den);
    cudaEvent_t t0, t1;
    cudaEventCreate(&t0);
    cudaEventCreate(&t1);
    const int reps = 60;
    cudaEventRecord(t0);
    for (int r = 0; r < reps; ++r)
        variant_kernel<UNROLL, WPR, THREADS><<<blocks, THREADS>>>(copies[size_t(r) % copies.size()], s.rows, s.cols, x, y);
    cudaEventRecord(t1);
    cudaEventSynchronize(t1);
    float ms = 0;
    cudaEventElapsedTime(&ms, t0, t1);
    const double us = ms * 1e3 / reps, gbs = double(s.rows * s.cols * 2) / (us * 1e-6) / 1e9;
    std::printf("GEMV v%d unroll=%d wpr=%d threads=%d %-8s %6.1f us %6.0f GB/s %5.1f%% of copy  err %.1e%s\n", id, UNROLL, WPR,
                THREADS, s.name, us, gbs, 100 * gbs / copy_gbs, err, err < 1e-5 ? "" : "  WRONG");
}

} // namespace

int main() {
    int count = 0;
    if (cudaGetDeviceCount(&count) != cudaSuccess || count == 0) {
        std::printf("SKIP bench_gemv: no GPU\n");
        return 77;
    }
    // copy bandwidth reference (read + write)
    const size_t cb = size_t(1) << 30;
    void *ca, *cbuf;
    MOE_CUDA_CHECK(cudaMalloc(&ca, cb));
    MOE_CUDA_CHECK(cudaMalloc(&cbuf, cb));
    cudaEvent_t t0, t1;
    cudaEventCreate(&t0);
    cudaEventCreate(&t1);
    cudaMemcpy(cbuf, ca, cb, cudaMemcpyDeviceToDevice);
    cudaEventRecord(t0);
    for (int i = 0; i < 10; ++i) cudaMemcpyAsync(cbuf, ca, cb, cudaMemcpyDeviceToDevice);
    cudaEventRecord(t1);
    cudaEventSynchronize(t1);
    float ms = 0;
    cudaEventElapsedTime(&ms, t0, t1);
    const double copy_gbs = 2.0 * cb * 10 / (ms * 1e-3) / 1e9;
    cudaFree(ca);
    cudaFree(cbuf);
    std::printf("copy bandwidth %.0f GB/s\n", copy_gbs);

    const Shape shapes[] = {{"w1", 14336, 4096}, {"w2", 4096, 14336}, {"wq", 4096, 4096}, {"wk", 1024, 4096}, {"lm_head", 32000, 4096}};
    for (const Shape& s : shapes) {
        const size_t n = size_t(s.rows * s.cols);
        const int ncopies = int(std::max<size_t>(2, (size_t(400) << 20) / (n * 2)));
        std::vector<__nv_bfloat16*> copies(static_cast<size_t>(ncopies));
        for (auto& c : copies) {
            MOE_CUDA_CHECK(cudaMalloc(&c, n * 2));
            fill_kernel<<<4096, 256>>>(c, n, 17);
        }
        float *x, *y, *ref;
        MOE_CUDA_CHECK(cudaMalloc(&x, size_t(s.cols) * 4));
        MOE_CUDA_CHECK(cudaMalloc(&y, size_t(s.rows) * 4));
        MOE_CUDA_CHECK(cudaMalloc(&ref, size_t(s.rows) * 4));
        std::vector<float> hx(size_t(s.cols));
        for (size_t i = 0; i < hx.size(); ++i) hx[i] = float((i * 7919) % 1000) / 1000.0f - 0.5f;
        cudaMemcpy(x, hx.data(), hx.size() * 4, cudaMemcpyHostToDevice);
        reference_kernel<<<unsigned((s.rows + 127) / 128), 128>>>(copies[0], s.rows, s.cols, x, ref);
        run_variant<4, 1, 256>(1, s, copies, x, y, ref, copy_gbs);
        run_variant<8, 1, 256>(2, s, copies, x, y, ref, copy_gbs);
        run_variant<4, 2, 256>(3, s, copies, x, y, ref, copy_gbs);
        run_variant<4, 4, 256>(4, s, copies, x, y, ref, copy_gbs);
        run_variant<8, 2, 256>(5, s, copies, x, y, ref, copy_gbs);
        run_variant<8, 4, 256>(6, s, copies, x, y, ref, copy_gbs);
        run_variant<4, 8, 256>(7, s, copies, x, y, ref, copy_gbs);
        run_variant<2, 1, 128>(8, s, copies, x, y, ref, copy_gbs);
        run_variant<16, 1, 256>(9, s, copies, x, y, ref, copy_gbs);
        for (auto c : copies) cudaFree(c);
        cudaFree(x);
        cudaFree(y);
        cudaFree(ref);
    }
    return 0;
}
