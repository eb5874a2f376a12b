#include "moe.cuh"

#include <algorithm>

#include "cuda_common.cuh"
#include "elementwise.cuh"
#include "gemm.cuh"
#include "gemv_row.cuh"

namespace moe::cuda {
namespace {

constexpr int kThreads = 256;
constexpr int kWarps = kThreads / 32;
constexpr int kMaxGemvPairs = 16;

struct ExpertPointers {
    const void* w1[kMoeMaxExperts];
    const void* w3[kMoeMaxExperts];
    const void* w2[kMoeMaxExperts];
};

// h[p, r] = silu(w1_e[r]·x_t) · (w3_e[r]·x_t) for pair p = (t, s), e = ids[p]. The two weight rows
// stream together so x is read once for both.
template <typename T, bool VEC, int WPR>
__global__ void __launch_bounds__(kThreads) moe_up_kernel(ExpertPointers ep, int n_experts, const int32_t* __restrict__ ids,
                                                          int top_k, const float* __restrict__ x, int d, int ff,
                                                          float* __restrict__ h) {
    constexpr int kRowsPerBlock = kWarps / WPR;
    const int pair = int(blockIdx.y);
    const int warp = int(threadIdx.x) / 32, lane = int(threadIdx.x) % 32;
    const int64_t row = int64_t(blockIdx.x) * kRowsPerBlock + warp / WPR;
    const int part = warp % WPR;
    const int e = ids[pair];
    const bool valid = e >= 0 && e < n_experts;
    float acc[2][1] = {};
    if (row < ff && valid) {
        const T* w[2] = {static_cast<const T*>(ep.w1[e]) + row * d, static_cast<const T*>(ep.w3[e]) + row * d};
        row_dot<T, 1, 2, VEC>(w, d, x + int64_t(pair / top_k) * d, d, 1, part * 32 + lane, 32 * WPR, acc);
    }
    acc[0][0] = warp_sum(acc[0][0]);
    acc[1][0] = warp_sum(acc[1][0]);
    __shared__ float partial[kWarps][2];
    if (WPR > 1) {
        if (lane == 0) { partial[warp][0] = acc[0][0]; partial[warp][1] = acc[1][0]; }
        __syncthreads();
    }
    if (part == 0 && lane == 0 && row < ff) {
        float g = acc[0][0], u = acc[1][0];
        for (int p = 1; p < WPR; ++p) { g += partial[warp + p][0]; u += partial[warp + p][1]; }
        h[int64_t(pair) * ff + row] = valid ? silu(g) * u : NAN;
    }
}

// out[t, r] = Σ_s weights[t,s] · (w2_{ids[t,s]}[r] · h[t·k+s]), slots summed in order.
template <typename T, bool VEC, int WPR>
__global__ void __launch_bounds__(kThreads) moe_down_kernel(ExpertPointers ep, int n_experts, const int32_t* __restrict__ ids,
                                                            const float* __restrict__ gate, int top_k,
                                                            const float* __restrict__ h, int d, int ff,
                                                            float* __restrict__ out) {
    constexpr int kRowsPerBlock = kWarps / WPR;
    const int t = int(blockIdx.y);
    const int warp = int(threadIdx.x) / 32, lane = int(threadIdx.x) % 32;
    const int64_t row = int64_t(blockIdx.x) * kRowsPerBlock + warp / WPR;
    const int part = warp % WPR;
    __shared__ float partial[kWarps];
    float total = 0.0f;
    for (int s = 0; s < top_k; ++s) {
        const int e = ids[t * top_k + s];
        float acc[1][1] = {};
        if (row < d && e >= 0 && e < n_experts) {
            const T* w[1] = {static_cast<const T*>(ep.w2[e]) + row * ff};
            row_dot<T, 1, 1, VEC>(w, ff, h + int64_t(t * top_k + s) * ff, ff, 1, part * 32 + lane, 32 * WPR, acc);
        }
        float v = warp_sum(acc[0][0]);
        if (WPR > 1) {
            __syncthreads();
            if (lane == 0) partial[warp] = v;
            __syncthreads();
            v = 0.0f;
            for (int p = 0; p < WPR; ++p) v += partial[(warp / WPR) * WPR + p];
        }
        const bool valid = e >= 0 && e < n_experts;
        total += valid ? gate[t * top_k + s] * v : NAN;
    }
    if (part == 0 && lane == 0 && row < d) out[int64_t(t) * d + row] = total;
}

// Warps per row: eight (one row per block) measured best for every decode-sized matrix in
// tests/kernels/bench_gemv.cu; fewer when many (token, expert) pairs already fill the GPU.
int warps_per_row(int64_t rows, int sm_count) {
    const int64_t want = int64_t(sm_count) * 64 * 4;
    return rows >= want ? 2 : 8;
}

template <typename T, bool VEC, int WPR>
void launch_up(const MoeArgs& a, const ExpertPointers& ep, float* h, cudaStream_t stream) {
    moe_up_kernel<T, VEC, WPR><<<dim3(ceil_div(a.ff, kWarps / WPR), unsigned(a.n * a.top_k)), kThreads, 0, stream>>>(
        ep, a.n_experts, a.ids, a.top_k, a.x, a.d, a.ff, h);
    MOE_CUDA_LAUNCH_CHECK();
}

template <typename T, bool VEC, int WPR>
void launch_down(const MoeArgs& a, const ExpertPointers& ep, const float* h, cudaStream_t stream) {
    moe_down_kernel<T, VEC, WPR><<<dim3(ceil_div(a.d, kWarps / WPR), unsigned(a.n)), kThreads, 0, stream>>>(
        ep, a.n_experts, a.ids, a.weights, a.top_k, h, a.d, a.ff, a.out);
    MOE_CUDA_LAUNCH_CHECK();
}

template <typename T, bool VEC>
void launch_gemv_path(const MoeArgs& a, const ExpertPointers& ep, float* h, cudaStream_t stream) {
    if (!VEC) {
        launch_up<T, VEC, 1>(a, ep, h, stream);
        return launch_down<T, VEC, 1>(a, ep, h, stream);
    }
    switch (warps_per_row(int64_t(a.ff) * a.n * a.top_k, a.sm_count)) {
    case 1: launch_up<T, VEC, 1>(a, ep, h, stream); break;
    case 2: launch_up<T, VEC, 2>(a, ep, h, stream); break;
    case 4: launch_up<T, VEC, 4>(a, ep, h, stream); break;
    default: launch_up<T, VEC, 8>(a, ep, h, stream); break;
    }
    switch (warps_per_row(int64_t(a.d) * a.n, a.sm_count)) {
    case 1: return launch_down<T, VEC, 1>(a, ep, h, stream);
    case 2: return launch_down<T, VEC, 2>(a, ep, h, stream);
    case 4: return launch_down<T, VEC, 4>(a, ep, h, stream);
    default: return launch_down<T, VEC, 8>(a, ep, h, stream);
    }
}

// --- grouped path -----------------------------------------------------------------------

// Stable grouping of the n·k (token, slot) pairs by expert: perm[g] = pair at grouped position
// g (pairs of one expert in ascending order), where[pair] = g, counts[e]. One block; a ballot
// prefix sum per chunk of 1024 pairs, expert after expert. Invalid ids keep where = -1.
constexpr int kDispatchThreads = 1024;
__global__ void __launch_bounds__(kDispatchThreads) dispatch_kernel(const int32_t* __restrict__ ids, int pairs,
                                                                    int n_experts, int32_t* __restrict__ perm,
                                                                    int32_t* __restrict__ where,
                                                                    int32_t* __restrict__ counts) {
    __shared__ int warp_totals[kDispatchThreads / 32];
    __shared__ int base, chunk_total;
    const int warp = int(threadIdx.x) / 32, lane = int(threadIdx.x) % 32;
    for (int i = threadIdx.x; i < pairs; i += kDispatchThreads) where[i] = -1;
    if (threadIdx.x == 0) base = 0;
    __syncthreads();
    for (int e = 0; e < n_experts; ++e) {
        const int start = base;
        for (int c0 = 0; c0 < pairs; c0 += kDispatchThreads) {
            const int i = c0 + int(threadIdx.x);
            const bool mine = i < pairs && ids[i] == e;
            const unsigned ballot = __ballot_sync(0xffffffffu, mine);
            if (lane == 0) warp_totals[warp] = __popc(ballot);
            __syncthreads();
            if (warp == 0) {
                const int v = warp_totals[lane];
                int incl = v;
#pragma unroll
                for (int o = 1; o < 32; o <<= 1) {
                    const int y = __shfl_up_sync(0xffffffffu, incl, o);
                    if (lane >= o) incl += y;
                }
                warp_totals[lane] = incl - v; // exclusive prefix over the warps
                if (lane == 31) chunk_total = incl;
            }
            __syncthreads();
            if (mine) {
                const int g = base + warp_totals[warp] + __popc(ballot & ((1u << lane) - 1u));
                perm[g] = i;
                where[i] = g;
            }
            __syncthreads();
            if (threadIdx.x == 0) base += chunk_total;
            __syncthreads();
        }
        if (threadIdx.x == 0) counts[e] = base - start;
        __syncthreads();
    }
}

template <typename T>
__global__ void gather_kernel(const float* __restrict__ x, const int32_t* __restrict__ perm, int rows, int top_k,
                              int d, T* __restrict__ xg) {
    const int g = int(blockIdx.y);
    const int t = perm[g] / top_k;
    for (int c = int(blockIdx.x) * blockDim.x + threadIdx.x; c < d; c += gridDim.x * blockDim.x)
        xg[int64_t(g) * d + c] = from_float<T>(x[int64_t(t) * d + c]);
    (void)rows;
}

template <typename T>
__global__ void swiglu_kernel(const float* __restrict__ g1, const float* __restrict__ g3, size_t n, T* __restrict__ act) {
    for (size_t i = size_t(blockIdx.x) * blockDim.x + threadIdx.x; i < n; i += size_t(gridDim.x) * blockDim.x)
        act[i] = from_float<T>(silu(g1[i]) * g3[i]);
}

__global__ void combine_kernel(const float* __restrict__ y, const int32_t* __restrict__ where,
                               const float* __restrict__ gate, int top_k, int d, float* __restrict__ out) {
    const int t = int(blockIdx.y);
    for (int c = int(blockIdx.x) * blockDim.x + threadIdx.x; c < d; c += gridDim.x * blockDim.x) {
        float acc = 0.0f;
        for (int s = 0; s < top_k; ++s) {
            const int g = where[t * top_k + s];
            acc += g >= 0 ? gate[t * top_k + s] * y[int64_t(g) * d + c] : NAN;
        }
        out[int64_t(t) * d + c] = acc;
    }
}

struct GroupedLayout {
    size_t perm, where, counts, xg, g1, g3, act, y, total;
};

size_t align256(size_t v) { return (v + 255) / 256 * 256; }

GroupedLayout grouped_layout(int n, int top_k, int d, int ff, DType dtype) {
    const size_t pairs = size_t(n) * size_t(top_k), es = dtype_size(dtype);
    GroupedLayout L{};
    size_t off = 0;
    auto take = [&](size_t bytes) { const size_t at = off; off += align256(bytes); return at; };
    L.perm = take(pairs * 4);
    L.where = take(pairs * 4);
    L.counts = take(size_t(kMoeMaxExperts) * 4);
    L.xg = take(pairs * size_t(d) * es);
    L.g1 = take(pairs * size_t(ff) * 4);
    L.g3 = take(pairs * size_t(ff) * 4);
    L.act = take(pairs * size_t(ff) * es);
    L.y = take(pairs * size_t(d) * 4);
    L.total = off;
    return L;
}

template <typename T>
void launch_grouped(const MoeArgs& a, cudaStream_t stream) {
    auto stage = [&](const char* name) {
        if (a.stage_done) a.stage_done(a.stage_context, name);
    };
    const int pairs = a.n * a.top_k;
    const GroupedLayout L = grouped_layout(a.n, a.top_k, a.d, a.ff, a.dtype);
    char* ws = static_cast<char*>(a.workspace);
    auto* perm = reinterpret_cast<int32_t*>(ws + L.perm);
    auto* where = reinterpret_cast<int32_t*>(ws + L.where);
    auto* counts = reinterpret_cast<int32_t*>(ws + L.counts);
    auto* xg = reinterpret_cast<T*>(ws + L.xg);
    auto* g1 = reinterpret_cast<float*>(ws + L.g1);
    auto* g3 = reinterpret_cast<float*>(ws + L.g3);
    auto* act = reinterpret_cast<T*>(ws + L.act);
    auto* y = reinterpret_cast<float*>(ws + L.y);

    dispatch_kernel<<<1, kDispatchThreads, 0, stream>>>(a.ids, pairs, a.n_experts, perm, where, counts);
    MOE_CUDA_LAUNCH_CHECK();
    MOE_CUDA_CHECK(cudaMemcpyAsync(a.host_counts, counts, size_t(a.n_experts) * 4, cudaMemcpyDeviceToHost, stream));
    gather_kernel<T><<<dim3(ceil_div(a.d, 256 * 4), unsigned(pairs)), 256, 0, stream>>>(a.x, perm, pairs, a.top_k, a.d, xg);
    MOE_CUDA_LAUNCH_CHECK();
    // The GEMM sizes are the per-expert counts: wait for them (the gather runs meanwhile).
    MOE_CUDA_CHECK(cudaStreamSynchronize(stream));
    stage("dispatch+gather");
    int off = 0;
    for (int e = 0; e < a.n_experts; ++e) {
        const int cnt = a.host_counts[e];
        if (cnt > 0) {
            gemm_rows(a.cublas, xg + int64_t(off) * a.d, cnt, a.w1[e], a.dtype, a.ff, a.d, g1 + int64_t(off) * a.ff);
            gemm_rows(a.cublas, xg + int64_t(off) * a.d, cnt, a.w3[e], a.dtype, a.ff, a.d, g3 + int64_t(off) * a.ff);
        }
        off += cnt;
    }
    stage("gemm w1,w3");
    const int routed = off; // pairs whose id was valid
    if (routed > 0) {
        const size_t total = size_t(routed) * size_t(a.ff);
        swiglu_kernel<T><<<unsigned(std::min<size_t>((total + 255) / 256, 65535u * 8u)), 256, 0, stream>>>(g1, g3, total, act);
        MOE_CUDA_LAUNCH_CHECK();
    }
    stage("swiglu");
    off = 0;
    for (int e = 0; e < a.n_experts; ++e) {
        const int cnt = a.host_counts[e];
        if (cnt > 0) gemm_rows(a.cublas, act + int64_t(off) * a.ff, cnt, a.w2[e], a.dtype, a.d, a.ff, y + int64_t(off) * a.d);
        off += cnt;
    }
    stage("gemm w2");
    combine_kernel<<<dim3(ceil_div(a.d, 256 * 4), unsigned(a.n)), 256, 0, stream>>>(y, where, a.weights, a.top_k, a.d, a.out);
    MOE_CUDA_LAUNCH_CHECK();
    stage("combine");
}

} // namespace

bool moe_uses_gemv(int n, int top_k) { return n * top_k <= kMaxGemvPairs; }

size_t moe_workspace_bytes(int n, int top_k, int d, int ff, DType dtype) {
    if (moe_uses_gemv(n, top_k)) return size_t(n) * size_t(top_k) * size_t(ff) * sizeof(float);
    return grouped_layout(n, top_k, d, ff, dtype).total;
}

void launch_moe(const MoeArgs& a, cudaStream_t stream) {
    MOE_KERNEL_REQUIRE(a.x && a.ids && a.weights && a.out && a.workspace, "null pointer");
    MOE_KERNEL_REQUIRE(a.n >= 1 && a.d >= 1 && a.ff >= 1 && a.n <= 65535, "empty MoE block");
    MOE_KERNEL_REQUIRE(a.n_experts >= 1 && a.n_experts <= kMoeMaxExperts, "the CUDA MoE takes 1..64 experts");
    MOE_KERNEL_REQUIRE(a.top_k >= 1 && a.top_k <= a.n_experts, "top-k must be 1..experts");
    for (int e = 0; e < a.n_experts; ++e) MOE_KERNEL_REQUIRE(a.w1[e] && a.w3[e] && a.w2[e], "expert weights missing");
    ExpertPointers ep{};
    for (int e = 0; e < a.n_experts; ++e) {
        ep.w1[e] = a.w1[e];
        ep.w3[e] = a.w3[e];
        ep.w2[e] = a.w2[e];
    }
    dispatch_dtype(a.dtype, [&]<typename T>() {
        if (moe_uses_gemv(a.n, a.top_k)) {
            bool vec = a.d % Vec16<T>::n == 0 && a.ff % Vec16<T>::n == 0 &&
                       gemv_vectorizable(a.w1[0], sizeof(T), a.d, a.x);
            for (int e = 0; e < a.n_experts; ++e)
                vec = vec && (reinterpret_cast<uintptr_t>(a.w1[e]) % 16 == 0) &&
                      (reinterpret_cast<uintptr_t>(a.w3[e]) % 16 == 0) && (reinterpret_cast<uintptr_t>(a.w2[e]) % 16 == 0);
            float* h = static_cast<float*>(a.workspace);
            if (vec) launch_gemv_path<T, true>(a, ep, h, stream);
            else launch_gemv_path<T, false>(a, ep, h, stream);
        } else {
            MOE_KERNEL_REQUIRE(a.cublas && a.host_counts, "the grouped MoE path needs cuBLAS and a pinned count buffer");
            launch_grouped<T>(a, stream);
        }
    });
}

} // namespace moe::cuda
