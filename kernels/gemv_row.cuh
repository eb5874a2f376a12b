#pragma once
// Device-side building block of every matrix-vector kernel (gemv.cu, moe.cu): the dot products
// of NW weight rows with up to NT activation rows. Weights stream through 16-byte loads that skip
// L1, UNROLL of them in flight per thread before the first use; activations (small, reused by
// every row) come through L1. Only device code lives here, so both families share one loop.
#include "cuda_common.cuh"

namespace moe::cuda {

constexpr int kGemvUnroll = 4;

// acc[w][t] += Σ_c W_w[c] · x[t, c] over this thread's share of the columns: vector indices
// first, first + stride, ... (VEC) or element indices likewise (scalar tail-free path for
// awkward sizes). Rows t >= n are skipped.
template <typename T, int NT, int NW, bool VEC, int UNROLL = kGemvUnroll>
__device__ __forceinline__ void row_dot(const T* const* w, int64_t cols, const float* x, int64_t ldx, int n,
                                        int first, int stride, float (&acc)[NW][NT]) {
    if constexpr (VEC) {
        constexpr int V = Vec16<T>::n;
        const int64_t nvec = cols / V;
        for (int64_t v0 = first; v0 < nvec; v0 += int64_t(stride) * UNROLL) {
            uint4 raw[NW][UNROLL];
#pragma unroll
            for (int u = 0; u < UNROLL; ++u) {
                const int64_t v = v0 + int64_t(u) * stride;
#pragma unroll
                for (int k = 0; k < NW; ++k)
                    if (v < nvec) raw[k][u] = load_stream16(w[k] + v * V);
            }
#pragma unroll
            for (int u = 0; u < UNROLL; ++u) {
                const int64_t v = v0 + int64_t(u) * stride;
                if (v >= nvec) break;
                float wf[NW][V];
#pragma unroll
                for (int k = 0; k < NW; ++k) widen16<T>(raw[k][u], wf[k]);
#pragma unroll
                for (int t = 0; t < NT; ++t) {
                    if (t >= n) break;
                    const float4* xv = reinterpret_cast<const float4*>(x + t * ldx + v * V);
                    float xf[V];
#pragma unroll
                    for (int j = 0; j < V / 4; ++j) {
                        const float4 q = __ldg(xv + j);
                        xf[4 * j] = q.x;
                        xf[4 * j + 1] = q.y;
                        xf[4 * j + 2] = q.z;
                        xf[4 * j + 3] = q.w;
                    }
#pragma unroll
                    for (int k = 0; k < NW; ++k)
#pragma unroll
                        for (int j = 0; j < V; ++j) acc[k][t] = fmaf(wf[k][j], xf[j], acc[k][t]);
                }
            }
        }
    } else {
        for (int64_t c = first; c < cols; c += stride) {
            float wf[NW];
#pragma unroll
            for (int k = 0; k < NW; ++k) wf[k] = to_float(w[k][c]);
#pragma unroll
            for (int t = 0; t < NT; ++t) {
                if (t >= n) break;
                const float xc = x[t * ldx + c];
#pragma unroll
                for (int k = 0; k < NW; ++k) acc[k][t] = fmaf(wf[k], xc, acc[k][t]);
            }
        }
    }
}

// True when rows of `cols` elements of T and activation rows of `cols` floats can be read with
// 16-byte loads from these base pointers.
inline bool gemv_vectorizable(const void* w, size_t elem_size, int64_t cols, const float* x) {
    const int64_t v = int64_t(16 / elem_size);
    return cols % v == 0 && cols % 4 == 0 && (reinterpret_cast<uintptr_t>(w) % 16) == 0 &&
           (reinterpret_cast<uintptr_t>(x) % 16) == 0;
}

} // namespace moe::cuda
