#include "attention.cuh"

#include <mma.h>

#include <cstdlib>
#include <map>
#include <mutex>

#include "cuda_common.cuh"

namespace moe::cuda {
namespace {

constexpr int kDecodeChunk = 128;   // keys per split in flash-decoding: one key per thread, many splits in flight
constexpr int kDecodeWarps = 4;
constexpr int kPrefillWarps = 8;
constexpr int kQueriesPerWarp = 4;
constexpr int kQueryTile = kPrefillWarps * kQueriesPerWarp;
constexpr int kKeyTile = 32;        // one key per lane

__global__ void kv_store_kernel(const float* __restrict__ k, const float* __restrict__ v, int n, int kvd,
                                __nv_bfloat16* __restrict__ kc, __nv_bfloat16* __restrict__ vc, int max_tokens,
                                const int* __restrict__ dev_pos, int host_pos0) {
    const int pos0 = dev_pos ? *dev_pos : host_pos0;
    const int64_t total = int64_t(n) * kvd;
    for (int64_t i = int64_t(blockIdx.x) * blockDim.x + threadIdx.x; i < total; i += int64_t(gridDim.x) * blockDim.x) {
        const int64_t t = i / kvd, c = i % kvd;
        const int64_t p = pos0 + t;
        if (p >= max_tokens) continue; // the host refuses such a call; never write past the cache
        kc[p * kvd + c] = __float2bfloat16_rn(k[i]);
        vc[p * kvd + c] = __float2bfloat16_rn(v[i]);
    }
}

__device__ __forceinline__ bool key_visible(int key, int qpos, int window) {
    return key <= qpos && (window <= 0 || key > qpos - window);
}

// Tiled flash attention: block = (32 queries, one head); each warp owns 4 queries; a tile of 32
// keys (one per lane for the scores, all 32 per lane for P·V) lives in shared memory.
template <int DPL>
__global__ void __launch_bounds__(kPrefillWarps * 32) prefill_kernel(AttentionArgs a) {
    constexpr int HD = 32 * DPL;
    constexpr int KSTRIDE = HD + 2; // odd word stride: lanes reading different keys hit different banks
    __shared__ float qs[kQueryTile][HD];
    __shared__ __nv_bfloat16 ks[kKeyTile][KSTRIDE];
    __shared__ __nv_bfloat16 vs[kKeyTile][HD];
    __shared__ float ps[kPrefillWarps][kQueriesPerWarp][kKeyTile];

    const int hd = a.head_dim, h = int(blockIdx.y), g = h / (a.n_heads / a.n_kv_heads);
    const int kvd = a.n_kv_heads * hd, qd = a.n_heads * hd;
    const int warp = int(threadIdx.x) / 32, lane = int(threadIdx.x) % 32;
    const int pos0 = a.dev_pos ? *a.dev_pos : a.host_pos0;
    const int i0 = int(blockIdx.x) * kQueryTile;
    const int i_last = min(i0 + kQueryTile, a.n) - 1;
    const float scale = rsqrtf(float(hd));

    for (int idx = threadIdx.x; idx < kQueryTile * HD; idx += blockDim.x) {
        const int qi = idx / HD, d = idx % HD;
        qs[qi][d] = (i0 + qi < a.n && d < hd) ? a.q[int64_t(i0 + qi) * qd + h * hd + d] : 0.0f;
    }

    float m[kQueriesPerWarp], l[kQueriesPerWarp], acc[kQueriesPerWarp][DPL];
#pragma unroll
    for (int qi = 0; qi < kQueriesPerWarp; ++qi) {
        m[qi] = -INFINITY;
        l[qi] = 0.0f;
#pragma unroll
        for (int dd = 0; dd < DPL; ++dd) acc[qi][dd] = 0.0f;
    }

    const int key_end = pos0 + i_last; // inclusive
    const int key_begin = a.window > 0 ? max(0, pos0 + i0 - a.window + 1) : 0;
    for (int kb = key_begin; kb <= key_end; kb += kKeyTile) {
        __syncthreads();
        for (int idx = threadIdx.x; idx < kKeyTile * HD; idx += blockDim.x) {
            const int j = idx / HD, d = idx % HD;
            const int key = kb + j;
            const bool in = key <= key_end && d < hd;
            ks[j][d] = in ? a.k_cache[int64_t(key) * kvd + g * hd + d] : __float2bfloat16_rn(0.0f);
            vs[j][d] = in ? a.v_cache[int64_t(key) * kvd + g * hd + d] : __float2bfloat16_rn(0.0f);
        }
        __syncthreads();

        float s[kQueriesPerWarp] = {};
        const __nv_bfloat162* krow = reinterpret_cast<const __nv_bfloat162*>(&ks[lane][0]);
#pragma unroll 4
        for (int d2 = 0; d2 < HD / 2; ++d2) {
            const float2 kv = __bfloat1622float2(krow[d2]);
#pragma unroll
            for (int qi = 0; qi < kQueriesPerWarp; ++qi) {
                const float2 qv = *reinterpret_cast<const float2*>(&qs[warp * kQueriesPerWarp + qi][2 * d2]);
                s[qi] = fmaf(qv.x, kv.x, fmaf(qv.y, kv.y, s[qi]));
            }
        }
        const int key = kb + lane;
#pragma unroll
        for (int qi = 0; qi < kQueriesPerWarp; ++qi) {
            const int i = i0 + warp * kQueriesPerWarp + qi;
            const bool valid = i < a.n && key <= key_end && key_visible(key, pos0 + i, a.window);
            const float sc = valid ? s[qi] * scale : -INFINITY;
            const float m_new = fmaxf(m[qi], warp_max(sc));
            float p = 0.0f, corr = 1.0f;
            if (m_new != -INFINITY) {
                p = valid ? expf(sc - m_new) : 0.0f;
                corr = expf(m[qi] - m_new);
            }
            l[qi] = l[qi] * corr + warp_sum(p);
            m[qi] = m_new;
#pragma unroll
            for (int dd = 0; dd < DPL; ++dd) acc[qi][dd] *= corr;
            ps[warp][qi][lane] = p;
        }
        __syncwarp();
#pragma unroll 4
        for (int j = 0; j < kKeyTile; ++j) {
            float vj[DPL];
#pragma unroll
            for (int dd = 0; dd < DPL; ++dd) vj[dd] = __bfloat162float(vs[j][lane + 32 * dd]);
#pragma unroll
            for (int qi = 0; qi < kQueriesPerWarp; ++qi) {
                const float p = ps[warp][qi][j];
#pragma unroll
                for (int dd = 0; dd < DPL; ++dd) acc[qi][dd] = fmaf(p, vj[dd], acc[qi][dd]);
            }
        }
        __syncwarp();
    }
#pragma unroll
    for (int qi = 0; qi < kQueriesPerWarp; ++qi) {
        const int i = i0 + warp * kQueriesPerWarp + qi;
        if (i >= a.n) continue;
#pragma unroll
        for (int dd = 0; dd < DPL; ++dd) {
            const int d = lane + 32 * dd;
            if (d < hd) a.out[int64_t(i) * qd + h * hd + d] = acc[qi][dd] / l[qi];
        }
    }
}

// Flash-decoding, pass 1: block = (head, split, token); 4 warps share the split's 128 keys; the
// block's partial (max, sum, unnormalised output) goes to a.partials.
template <int DPL>
__global__ void __launch_bounds__(kDecodeWarps * 32) decode_kernel(AttentionArgs a, int splits) {
    constexpr int HD = 32 * DPL;
    __shared__ float qs[HD];
    __shared__ float ps[kDecodeWarps][32];
    __shared__ float wm[kDecodeWarps], wl[kDecodeWarps];
    __shared__ float wacc[kDecodeWarps][HD];

    const int hd = a.head_dim, h = int(blockIdx.x), split = int(blockIdx.y), t = int(blockIdx.z);
    const int g = h / (a.n_heads / a.n_kv_heads);
    const int kvd = a.n_kv_heads * hd, qd = a.n_heads * hd;
    const int warp = int(threadIdx.x) / 32, lane = int(threadIdx.x) % 32;
    const int qpos = (a.dev_pos ? *a.dev_pos : a.host_pos0) + t;
    float* part = a.partials + ((int64_t(t) * a.n_heads + h) * splits + split) * (HD + 2);

    const int first = a.window > 0 ? max(0, qpos - a.window + 1) : 0;
    const int kb = split * kDecodeChunk;
    if (kb > qpos || kb + kDecodeChunk <= first) { // nothing visible in this chunk
        if (threadIdx.x == 0) { part[0] = -INFINITY; part[1] = 0.0f; }
        return;
    }
    for (int d = threadIdx.x; d < HD; d += blockDim.x) qs[d] = d < hd ? a.q[int64_t(t) * qd + h * hd + d] : 0.0f;
    __syncthreads();

    const float scale = rsqrtf(float(hd));
    float m = -INFINITY, l = 0.0f, acc[DPL] = {};
    for (int r = 0; r < kDecodeChunk / (kDecodeWarps * 32); ++r) {
        const int key0 = kb + (r * kDecodeWarps + warp) * 32;
        const int key = key0 + lane;
        const bool valid = key >= first && key <= qpos;
        float s = 0.0f;
        if (valid && hd % 8 == 0) {
            // the whole key row in flight at once (16-byte loads), then the dot product
            const uint4* krow = reinterpret_cast<const uint4*>(a.k_cache + int64_t(key) * kvd + g * hd);
            uint4 raw[HD / 8];
#pragma unroll
            for (int v = 0; v < HD / 8; ++v)
                if (v < hd / 8) raw[v] = __ldg(krow + v);
#pragma unroll
            for (int v = 0; v < HD / 8; ++v) {
                if (v >= hd / 8) break;
                float f[8];
                widen16<__nv_bfloat16>(raw[v], f);
#pragma unroll
                for (int j = 0; j < 8; ++j) s = fmaf(qs[8 * v + j], f[j], s);
            }
        } else if (valid) {
            const __nv_bfloat162* krow = reinterpret_cast<const __nv_bfloat162*>(a.k_cache + int64_t(key) * kvd + g * hd);
            for (int d2 = 0; d2 < hd / 2; ++d2) {
                const float2 kv = __bfloat1622float2(krow[d2]);
                s = fmaf(qs[2 * d2], kv.x, fmaf(qs[2 * d2 + 1], kv.y, s));
            }
        }
        const float sc = valid ? s * scale : -INFINITY;
        const float m_new = fmaxf(m, warp_max(sc));
        if (m_new == -INFINITY) continue; // nothing visible yet
        const float p = valid ? expf(sc - m_new) : 0.0f;
        const float corr = expf(m - m_new);
        l = l * corr + warp_sum(p);
        m = m_new;
#pragma unroll
        for (int dd = 0; dd < DPL; ++dd) acc[dd] *= corr;
        ps[warp][lane] = p;
        __syncwarp();
        const int nk = min(32, qpos - key0 + 1);
        for (int j0 = 0; j0 < nk; j0 += 8) {
            // eight value rows in flight, then their weighted sum
            float vv[8][DPL];
#pragma unroll
            for (int u = 0; u < 8; ++u) {
                const __nv_bfloat16* vrow = a.v_cache + int64_t(key0 + j0 + u) * kvd + g * hd;
#pragma unroll
                for (int dd = 0; dd < DPL; ++dd) {
                    const int d = lane + 32 * dd;
                    vv[u][dd] = (j0 + u < nk && d < hd) ? __bfloat162float(vrow[d]) : 0.0f;
                }
            }
#pragma unroll
            for (int u = 0; u < 8; ++u) {
                const float pj = j0 + u < nk ? ps[warp][j0 + u] : 0.0f;
#pragma unroll
                for (int dd = 0; dd < DPL; ++dd) acc[dd] = fmaf(pj, vv[u][dd], acc[dd]);
            }
        }
        __syncwarp();
    }
    if (lane == 0) { wm[warp] = m; wl[warp] = l; }
#pragma unroll
    for (int dd = 0; dd < DPL; ++dd) wacc[warp][lane + 32 * dd] = acc[dd];
    __syncthreads();
    float M = -INFINITY;
#pragma unroll
    for (int w = 0; w < kDecodeWarps; ++w) M = fmaxf(M, wm[w]);
    if (threadIdx.x == 0) {
        float L = 0.0f;
        for (int w = 0; w < kDecodeWarps; ++w)
            if (wm[w] != -INFINITY) L += wl[w] * expf(wm[w] - M);
        part[0] = M;
        part[1] = L;
    }
    for (int d = threadIdx.x; d < HD; d += blockDim.x) {
        float o = 0.0f;
        for (int w = 0; w < kDecodeWarps; ++w)
            if (wm[w] != -INFINITY) o += wacc[w][d] * expf(wm[w] - M);
        part[2 + d] = o;
    }
}

// Flash-decoding, pass 2: merge the splits of one (head, token).
template <int DPL>
__global__ void decode_combine_kernel(AttentionArgs a, int splits) {
    constexpr int HD = 32 * DPL;
    const int h = int(blockIdx.x), t = int(blockIdx.y), hd = a.head_dim;
    const float* part = a.partials + (int64_t(t) * a.n_heads + h) * splits * (HD + 2);
    float M = -INFINITY;
    for (int s = 0; s < splits; ++s) M = fmaxf(M, part[s * (HD + 2)]);
    for (int d = threadIdx.x; d < hd; d += blockDim.x) {
        float L = 0.0f, o = 0.0f;
        for (int s = 0; s < splits; ++s) {
            const float* p = part + s * (HD + 2);
            if (p[0] == -INFINITY) continue;
            const float w = expf(p[0] - M);
            L += p[1] * w;
            o += p[2 + d] * w;
        }
        a.out[int64_t(t) * a.n_heads * hd + h * hd + d] = o / L;
    }
}


// Tensor-core flash attention (prefill, head_dim a multiple of 16): block = (64 queries, one
// head), 4 warps of 16 queries; per tile of 64 keys, S = Q·Kᵀ and O += P·V run as bf16 WMMA
// products with fp32 accumulation; the online softmax works row by row on S in shared memory
// (two lanes per row), and O lives in shared memory so it can be rescaled between tiles.
constexpr int kTcQueries = 64;
constexpr int kTcKeys = 64;
constexpr int kTcWarps = 4;

template <int HD>
struct TcLayout {
    static constexpr int LDQ = HD + 8;      // bf16 rows of Q, K, V
    static constexpr int LDS = kTcKeys + 4; // fp32 scores
    static constexpr int LDP = kTcKeys + 8; // bf16 probabilities
    static constexpr int LDO = HD + 4;      // fp32 output accumulator
    static constexpr size_t q = size_t(kTcQueries) * LDQ * 2;
    static constexpr size_t kv = size_t(kTcKeys) * LDQ * 2;
    static constexpr size_t s = size_t(kTcWarps) * 16 * LDS * 4;
    static constexpr size_t p = size_t(kTcWarps) * 16 * LDP * 2;
    static constexpr size_t o = size_t(kTcWarps) * 16 * LDO * 4;
    static constexpr size_t bytes = q + 2 * kv + s + p + o;
};

template <int HD>
__global__ void __launch_bounds__(kTcWarps * 32) prefill_tc_kernel(AttentionArgs a) {
    using namespace nvcuda;
    using L = TcLayout<HD>;
    extern __shared__ __align__(128) unsigned char smem[];
    __nv_bfloat16* Qs = reinterpret_cast<__nv_bfloat16*>(smem);
    __nv_bfloat16* Ks = reinterpret_cast<__nv_bfloat16*>(smem + L::q);
    __nv_bfloat16* Vs = reinterpret_cast<__nv_bfloat16*>(smem + L::q + L::kv);
    const int warp = int(threadIdx.x) / 32, lane = int(threadIdx.x) % 32;
    float* Sw = reinterpret_cast<float*>(smem + L::q + 2 * L::kv) + warp * 16 * L::LDS;
    __nv_bfloat16* Pw = reinterpret_cast<__nv_bfloat16*>(smem + L::q + 2 * L::kv + L::s) + warp * 16 * L::LDP;
    float* Ow = reinterpret_cast<float*>(smem + L::q + 2 * L::kv + L::s + L::p) + warp * 16 * L::LDO;

    const int h = int(blockIdx.y), g = h / (a.n_heads / a.n_kv_heads);
    const int kvd = a.n_kv_heads * HD, qd = a.n_heads * HD;
    const int pos0 = a.dev_pos ? *a.dev_pos : a.host_pos0;
    const int i0 = int(blockIdx.x) * kTcQueries;
    const int i_last = min(i0 + kTcQueries, a.n) - 1;
    const float scale = rsqrtf(float(HD));

    for (int idx = threadIdx.x; idx < kTcQueries * HD; idx += blockDim.x) {
        const int r = idx / HD, d = idx % HD;
        Qs[r * L::LDQ + d] = __float2bfloat16_rn(i0 + r < a.n ? a.q[int64_t(i0 + r) * qd + h * HD + d] : 0.0f);
    }
    for (int idx = lane; idx < 16 * HD; idx += 32) Ow[(idx / HD) * L::LDO + idx % HD] = 0.0f;

    // this lane's row of the warp's 16 queries, and which half of the keys / dims it handles
    const int r = lane / 2, half = lane % 2;
    const int qi = i0 + warp * 16 + r;
    const bool row_valid = qi < a.n;
    const int qpos = pos0 + qi;
    float m = -INFINITY, l = 0.0f;

    const int key_end = pos0 + i_last;
    const int key_begin = a.window > 0 ? max(0, pos0 + i0 - a.window + 1) : 0;
    for (int kb = key_begin; kb <= key_end; kb += kTcKeys) {
        __syncthreads(); // previous tile fully consumed
        constexpr int VPR = HD / 8; // 16-byte vectors per row
        for (int idx = threadIdx.x; idx < kTcKeys * VPR; idx += blockDim.x) {
            const int j = idx / VPR, c = (idx % VPR) * 8;
            const int key = kb + j;
            uint4 kv = make_uint4(0, 0, 0, 0), vv = make_uint4(0, 0, 0, 0);
            if (key <= key_end) {
                kv = *reinterpret_cast<const uint4*>(a.k_cache + int64_t(key) * kvd + g * HD + c);
                vv = *reinterpret_cast<const uint4*>(a.v_cache + int64_t(key) * kvd + g * HD + c);
            }
            *reinterpret_cast<uint4*>(Ks + j * L::LDQ + c) = kv;
            *reinterpret_cast<uint4*>(Vs + j * L::LDQ + c) = vv;
        }
        __syncthreads();

        // S = Q_w · Kᵀ  (16 × 64)
        for (int j = 0; j < kTcKeys / 16; ++j) {
            wmma::fragment<wmma::accumulator, 16, 16, 16, float> acc;
            wmma::fill_fragment(acc, 0.0f);
#pragma unroll
            for (int kk = 0; kk < HD / 16; ++kk) {
                wmma::fragment<wmma::matrix_a, 16, 16, 16, __nv_bfloat16, wmma::row_major> qa;
                wmma::fragment<wmma::matrix_b, 16, 16, 16, __nv_bfloat16, wmma::col_major> kbf;
                wmma::load_matrix_sync(qa, Qs + (warp * 16) * L::LDQ + kk * 16, L::LDQ);
                wmma::load_matrix_sync(kbf, Ks + (j * 16) * L::LDQ + kk * 16, L::LDQ);
                wmma::mma_sync(acc, qa, kbf, acc);
            }
            wmma::store_matrix_sync(Sw + j * 16, acc, L::LDS, wmma::mem_row_major);
        }
        __syncwarp();

        // online softmax on this lane's half row
        float s[kTcKeys / 2];
        float mx = -INFINITY;
#pragma unroll
        for (int c = 0; c < kTcKeys / 2; ++c) {
            const int col = half * (kTcKeys / 2) + c, key = kb + col;
            const bool vis = row_valid && key <= key_end && key_visible(key, qpos, a.window);
            s[c] = vis ? Sw[r * L::LDS + col] * scale : -INFINITY;
            mx = fmaxf(mx, s[c]);
        }
        mx = fmaxf(mx, __shfl_xor_sync(0xffffffffu, mx, 1));
        const float m_new = fmaxf(m, mx);
        const float corr = m_new == -INFINITY ? 1.0f : expf(m - m_new);
        float sum = 0.0f;
#pragma unroll
        for (int c = 0; c < kTcKeys / 2; ++c) {
            const float p = m_new == -INFINITY || s[c] == -INFINITY ? 0.0f : expf(s[c] - m_new);
            sum += p;
            Pw[r * L::LDP + half * (kTcKeys / 2) + c] = __float2bfloat16_rn(p);
        }
        sum += __shfl_xor_sync(0xffffffffu, sum, 1);
        l = l * corr + sum;
        m = m_new;
        for (int d = half * (HD / 2); d < (half + 1) * (HD / 2); ++d) Ow[r * L::LDO + d] *= corr;
        __syncwarp();

        // O_w += P · V  (16 × HD)
        for (int db = 0; db < HD / 16; ++db) {
            wmma::fragment<wmma::accumulator, 16, 16, 16, float> o;
            wmma::load_matrix_sync(o, Ow + db * 16, L::LDO, wmma::mem_row_major);
#pragma unroll
            for (int kk = 0; kk < kTcKeys / 16; ++kk) {
                wmma::fragment<wmma::matrix_a, 16, 16, 16, __nv_bfloat16, wmma::row_major> pa;
                wmma::fragment<wmma::matrix_b, 16, 16, 16, __nv_bfloat16, wmma::row_major> vb;
                wmma::load_matrix_sync(pa, Pw + kk * 16, L::LDP);
                wmma::load_matrix_sync(vb, Vs + (kk * 16) * L::LDQ + db * 16, L::LDQ);
                wmma::mma_sync(o, pa, vb, o);
            }
            wmma::store_matrix_sync(Ow + db * 16, o, L::LDO, wmma::mem_row_major);
        }
        __syncwarp();
    }
    if (row_valid)
        for (int d = half * (HD / 2); d < (half + 1) * (HD / 2); ++d)
            a.out[int64_t(qi) * qd + h * HD + d] = Ow[r * L::LDO + d] / l;
}

// False (nothing launched) when the GPU's shared memory per block is too small for the tile
// (consumer cards allow about 99 KB; head_dim 128 needs 110 KB): the CUDA-core kernel runs instead.
// The same tiles with S and O held in registers (FlashAttention-2 style): the softmax runs on the
// score fragments and the output fragments are rescaled in place, so only K, V and P pass through
// shared memory. This relies on the fp32 accumulator layout of a 16x16x16 WMMA fragment on sm_80+
// (element i of lane L: row L/4 + 8·(i/2 mod 2), column 2·(L mod 4) + i mod 2 + 8·(i/4)), which
// accumulator_layout_ok() verifies on the device before this kernel is used.
template <int HD>
struct TcRegLayout {
    // Two K/V buffers (the next tile streams in with cp.async while this one is used); Q passes
    // through the second buffer once, before the first prefetch.
    static constexpr int LDQ = HD + 8;
    static constexpr int LDP = kTcKeys + 8;
    static constexpr size_t kv = size_t(kTcKeys) * LDQ * 2;
    static constexpr size_t p = size_t(kTcWarps) * 16 * LDP * 2;
    static constexpr size_t bytes = 4 * kv + p;
    static_assert(kTcQueries == kTcKeys, "Q borrows a K/V buffer");
};

__device__ __forceinline__ void cp_async16(void* smem_dst, const void* global_src, bool valid) {
    const unsigned dst = unsigned(__cvta_generic_to_shared(smem_dst));
    const int bytes = valid ? 16 : 0; // 0: the 16 bytes are zero-filled, nothing is read
    asm volatile("cp.async.cg.shared.global [%0], [%1], 16, %2;\n" ::"r"(dst), "l"(global_src), "r"(bytes));
}
__device__ __forceinline__ void cp_async_commit() { asm volatile("cp.async.commit_group;\n" ::); }
__device__ __forceinline__ void cp_async_wait_all_but_one() { asm volatile("cp.async.wait_group 1;\n" ::); }

__device__ __forceinline__ int frag_row(int lane, int i) { return (lane >> 2) + 8 * ((i >> 1) & 1); }
__device__ __forceinline__ int frag_col(int lane, int i) { return (lane & 3) * 2 + (i & 1) + 8 * (i >> 2); }

__global__ void accumulator_layout_probe(int* ok) {
    using namespace nvcuda;
    __shared__ float m[256];
    const int lane = int(threadIdx.x);
    for (int i = lane; i < 256; i += 32) m[i] = float(i);
    __syncwarp();
    wmma::fragment<wmma::accumulator, 16, 16, 16, float> f;
    wmma::load_matrix_sync(f, m, 16, wmma::mem_row_major);
    bool good = f.num_elements == 8;
    for (int i = 0; i < f.num_elements && i < 8; ++i) good = good && f.x[i] == float(frag_row(lane, i) * 16 + frag_col(lane, i));
    good = __all_sync(0xffffffffu, good);
    if (lane == 0) *ok = good ? 1 : 0;
}

template <int HD>
__global__ void __launch_bounds__(kTcWarps * 32) prefill_tc_reg_kernel(AttentionArgs a) {
    using namespace nvcuda;
    using L = TcRegLayout<HD>;
    using Acc = wmma::fragment<wmma::accumulator, 16, 16, 16, float>;
    extern __shared__ __align__(128) unsigned char smem[];
    // buffer b: K at smem + 2b·kv, V at smem + (2b+1)·kv
    auto Kbuf = [&](int b) { return reinterpret_cast<__nv_bfloat16*>(smem + size_t(2 * b) * L::kv); };
    auto Vbuf = [&](int b) { return reinterpret_cast<__nv_bfloat16*>(smem + size_t(2 * b + 1) * L::kv); };
    __nv_bfloat16* Qs = Kbuf(1);
    const int warp = int(threadIdx.x) / 32, lane = int(threadIdx.x) % 32;
    __nv_bfloat16* Pw = reinterpret_cast<__nv_bfloat16*>(smem + 4 * L::kv) + warp * 16 * L::LDP;

    const int h = int(blockIdx.x), g = h / (a.n_heads / a.n_kv_heads);
    const int kvd = a.n_kv_heads * HD, qd = a.n_heads * HD;
    const int pos0 = a.dev_pos ? *a.dev_pos : a.host_pos0;
    // grid (head, query tile), last query tiles first: under the causal mask they have the most
    // keys, and starting them early (for every head) keeps the tail of the grid short
    const int i0 = int(gridDim.y - 1 - blockIdx.y) * kTcQueries;
    const int i_last = min(i0 + kTcQueries, a.n) - 1;
    const float scale = rsqrtf(float(HD));

    for (int idx = threadIdx.x; idx < kTcQueries * HD; idx += blockDim.x) {
        const int r = idx / HD, d = idx % HD;
        Qs[r * L::LDQ + d] = __float2bfloat16_rn(i0 + r < a.n ? a.q[int64_t(i0 + r) * qd + h * HD + d] : 0.0f);
    }
    __syncthreads();
    wmma::fragment<wmma::matrix_a, 16, 16, 16, __nv_bfloat16, wmma::row_major> qa[HD / 16];
#pragma unroll
    for (int kk = 0; kk < HD / 16; ++kk) wmma::load_matrix_sync(qa[kk], Qs + (warp * 16) * L::LDQ + kk * 16, L::LDQ);

    Acc o[HD / 16];
#pragma unroll
    for (int db = 0; db < HD / 16; ++db) wmma::fill_fragment(o[db], 0.0f);
    // this lane's two rows of the warp's 16 queries: rr = 0 → lane/4, rr = 1 → lane/4 + 8
    int qpos[2];
    bool row_valid[2];
    float m[2] = {-INFINITY, -INFINITY}, l[2] = {0.0f, 0.0f};
#pragma unroll
    for (int rr = 0; rr < 2; ++rr) {
        const int qi = i0 + warp * 16 + (lane >> 2) + 8 * rr;
        row_valid[rr] = qi < a.n;
        qpos[rr] = pos0 + qi;
    }

    const int key_end = pos0 + i_last;
    const int key_begin = a.window > 0 ? max(0, pos0 + i0 - a.window + 1) : 0;
    auto load_tile = [&](int b, int kb) {
        constexpr int VPR = HD / 8;
        __nv_bfloat16* Kd = Kbuf(b);
        __nv_bfloat16* Vd = Vbuf(b);
        for (int idx = threadIdx.x; idx < kTcKeys * VPR; idx += blockDim.x) {
            const int j = idx / VPR, c = (idx % VPR) * 8;
            const int key = kb + j;
            const bool in = key <= key_end;
            const int64_t off = in ? int64_t(key) * kvd + g * HD + c : 0;
            cp_async16(Kd + j * L::LDQ + c, a.k_cache + off, in);
            cp_async16(Vd + j * L::LDQ + c, a.v_cache + off, in);
        }
        cp_async_commit();
    };
    __syncthreads(); // every warp holds its Q fragments: buffer 1 is free
    load_tile(0, key_begin);
    for (int kb = key_begin, tile = 0; kb <= key_end; kb += kTcKeys, ++tile) {
        const int b = tile & 1;
        if (kb + kTcKeys <= key_end) load_tile(b ^ 1, kb + kTcKeys);
        else cp_async_commit(); // an empty group keeps "all but the newest" meaning this tile
        cp_async_wait_all_but_one();
        __syncthreads();
        const __nv_bfloat16* Ks = Kbuf(b);
        const __nv_bfloat16* Vs = Vbuf(b);

        Acc sf[kTcKeys / 16];
#pragma unroll
        for (int j = 0; j < kTcKeys / 16; ++j) {
            wmma::fill_fragment(sf[j], 0.0f);
#pragma unroll
            for (int kk = 0; kk < HD / 16; ++kk) {
                wmma::fragment<wmma::matrix_b, 16, 16, 16, __nv_bfloat16, wmma::col_major> kbf;
                wmma::load_matrix_sync(kbf, Ks + (j * 16) * L::LDQ + kk * 16, L::LDQ);
                wmma::mma_sync(sf[j], qa[kk], kbf, sf[j]);
            }
        }
        // online softmax on the fragments: each row's 64 scores sit in 4 lanes (lane/4 equal)
        float mx[2] = {-INFINITY, -INFINITY};
#pragma unroll
        for (int j = 0; j < kTcKeys / 16; ++j)
#pragma unroll
            for (int i = 0; i < 8; ++i) {
                const int rr = (i >> 1) & 1, key = kb + j * 16 + frag_col(lane, i);
                const bool vis = row_valid[rr] && key <= key_end && key_visible(key, qpos[rr], a.window);
                const float sc = vis ? sf[j].x[i] * scale : -INFINITY;
                sf[j].x[i] = sc;
                mx[rr] = fmaxf(mx[rr], sc);
            }
        float corr[2], sum[2] = {0.0f, 0.0f};
#pragma unroll
        for (int rr = 0; rr < 2; ++rr) {
            mx[rr] = fmaxf(mx[rr], __shfl_xor_sync(0xffffffffu, mx[rr], 1));
            mx[rr] = fmaxf(mx[rr], __shfl_xor_sync(0xffffffffu, mx[rr], 2));
            const float m_new = fmaxf(m[rr], mx[rr]);
            corr[rr] = m_new == -INFINITY ? 1.0f : expf(m[rr] - m_new);
            m[rr] = m_new;
        }
#pragma unroll
        for (int j = 0; j < kTcKeys / 16; ++j)
#pragma unroll
            for (int i = 0; i < 8; ++i) {
                const int rr = (i >> 1) & 1;
                const float p = sf[j].x[i] == -INFINITY ? 0.0f : expf(sf[j].x[i] - m[rr]);
                sum[rr] += p;
                Pw[frag_row(lane, i) * L::LDP + j * 16 + frag_col(lane, i)] = __float2bfloat16_rn(p);
            }
#pragma unroll
        for (int rr = 0; rr < 2; ++rr) {
            sum[rr] += __shfl_xor_sync(0xffffffffu, sum[rr], 1);
            sum[rr] += __shfl_xor_sync(0xffffffffu, sum[rr], 2);
            l[rr] = l[rr] * corr[rr] + sum[rr];
        }
#pragma unroll
        for (int db = 0; db < HD / 16; ++db)
#pragma unroll
            for (int i = 0; i < 8; ++i) o[db].x[i] *= corr[(i >> 1) & 1];
        __syncwarp();
        wmma::fragment<wmma::matrix_a, 16, 16, 16, __nv_bfloat16, wmma::row_major> pa[kTcKeys / 16];
#pragma unroll
        for (int kk = 0; kk < kTcKeys / 16; ++kk) wmma::load_matrix_sync(pa[kk], Pw + kk * 16, L::LDP);
#pragma unroll
        for (int db = 0; db < HD / 16; ++db)
#pragma unroll
            for (int kk = 0; kk < kTcKeys / 16; ++kk) {
                wmma::fragment<wmma::matrix_b, 16, 16, 16, __nv_bfloat16, wmma::row_major> vb;
                wmma::load_matrix_sync(vb, Vs + (kk * 16) * L::LDQ + db * 16, L::LDQ);
                wmma::mma_sync(o[db], pa[kk], vb, o[db]);
            }
        __syncthreads(); // buffer b is refilled two tiles on; P is rewritten by the next tile
    }
#pragma unroll
    for (int db = 0; db < HD / 16; ++db)
#pragma unroll
        for (int i = 0; i < 8; ++i) {
            const int rr = (i >> 1) & 1;
            if (!row_valid[rr]) continue;
            const int qi = i0 + warp * 16 + frag_row(lane, i);
            a.out[int64_t(qi) * qd + h * HD + db * 16 + frag_col(lane, i)] = o[db].x[i] / l[rr];
        }
}

// Whether this GPU's WMMA accumulators have the layout prefill_tc_reg_kernel relies on (checked
// once per GPU).
bool accumulator_layout_ok() {
    static std::mutex mu;
    static std::map<int, bool> known;
    int device = 0;
    MOE_CUDA_CHECK(cudaGetDevice(&device));
    std::lock_guard<std::mutex> lock(mu);
    if (auto it = known.find(device); it != known.end()) return it->second;
    int* d_ok = nullptr;
    int ok = 0;
    MOE_CUDA_CHECK(cudaMalloc(&d_ok, sizeof(int)));
    accumulator_layout_probe<<<1, 32>>>(d_ok);
    MOE_CUDA_LAUNCH_CHECK();
    MOE_CUDA_CHECK(cudaMemcpy(&ok, d_ok, sizeof(int), cudaMemcpyDeviceToHost));
    cudaFree(d_ok);
    known[device] = ok == 1;
    return ok == 1;
}

template <int HD>
bool launch_prefill_tc_reg(const AttentionArgs& a, cudaStream_t stream) {
    constexpr size_t bytes = TcRegLayout<HD>::bytes;
    int device = 0, optin = 0;
    MOE_CUDA_CHECK(cudaGetDevice(&device));
    MOE_CUDA_CHECK(cudaDeviceGetAttribute(&optin, cudaDevAttrMaxSharedMemoryPerBlockOptin, device));
    if (size_t(optin) < bytes || !accumulator_layout_ok()) return false;
    MOE_CUDA_CHECK(cudaFuncSetAttribute(prefill_tc_reg_kernel<HD>, cudaFuncAttributeMaxDynamicSharedMemorySize, int(bytes)));
    prefill_tc_reg_kernel<HD><<<dim3(unsigned(a.n_heads), ceil_div(a.n, kTcQueries)), kTcWarps * 32, bytes, stream>>>(a);
    MOE_CUDA_LAUNCH_CHECK();
    return true;
}

template <int HD>
bool launch_prefill_tc(const AttentionArgs& a, cudaStream_t stream) {
    constexpr size_t bytes = TcLayout<HD>::bytes;
    int device = 0, optin = 0;
    MOE_CUDA_CHECK(cudaGetDevice(&device));
    MOE_CUDA_CHECK(cudaDeviceGetAttribute(&optin, cudaDevAttrMaxSharedMemoryPerBlockOptin, device));
    if (size_t(optin) < bytes) return false;
    MOE_CUDA_CHECK(cudaFuncSetAttribute(prefill_tc_kernel<HD>, cudaFuncAttributeMaxDynamicSharedMemorySize, int(bytes)));
    prefill_tc_kernel<HD><<<dim3(ceil_div(a.n, kTcQueries), unsigned(a.n_heads)), kTcWarps * 32, bytes, stream>>>(a);
    MOE_CUDA_LAUNCH_CHECK();
    return true;
}

bool launch_prefill_tc_for(const AttentionArgs& a, cudaStream_t stream) {
    if (std::getenv("MOECHAT_ATTENTION_SMEM_TC") == nullptr) { // registers first; the env var forces the other
        switch (a.head_dim) {
        case 16: if (launch_prefill_tc_reg<16>(a, stream)) return true; break;
        case 32: if (launch_prefill_tc_reg<32>(a, stream)) return true; break;
        case 64: if (launch_prefill_tc_reg<64>(a, stream)) return true; break;
        default: if (launch_prefill_tc_reg<128>(a, stream)) return true; break;
        }
    }
    switch (a.head_dim) {
    case 16: return launch_prefill_tc<16>(a, stream);
    case 32: return launch_prefill_tc<32>(a, stream);
    case 64: return launch_prefill_tc<64>(a, stream);
    default: return launch_prefill_tc<128>(a, stream);
    }
}

// True when the tensor-core prefill kernel takes this head size.
bool tc_prefill(int head_dim) { return head_dim == 16 || head_dim == 32 || head_dim == 64 || head_dim == 128; }

int dims_per_lane(int head_dim) { return head_dim <= 32 ? 1 : head_dim <= 64 ? 2 : 4; }
int decode_splits(int max_tokens) { return (max_tokens + kDecodeChunk - 1) / kDecodeChunk; }

template <int DPL>
void launch_for(const AttentionArgs& a, cudaStream_t stream) {
    if (a.n <= kAttentionDecodeMaxTokens) {
        const int splits = decode_splits(a.max_tokens);
        decode_kernel<DPL><<<dim3(unsigned(a.n_heads), unsigned(splits), unsigned(a.n)), kDecodeWarps * 32, 0, stream>>>(
            a, splits);
        MOE_CUDA_LAUNCH_CHECK();
        decode_combine_kernel<DPL><<<dim3(unsigned(a.n_heads), unsigned(a.n)), 128, 0, stream>>>(a, splits);
    } else if (tc_prefill(a.head_dim) && launch_prefill_tc_for(a, stream)) {
        return;
    } else {
        prefill_kernel<DPL><<<dim3(ceil_div(a.n, kQueryTile), unsigned(a.n_heads)), kPrefillWarps * 32, 0, stream>>>(a);
    }
    MOE_CUDA_LAUNCH_CHECK();
}

} // namespace

size_t attention_partials_floats(int max_tokens, int n_heads, int head_dim) {
    const int hd_padded = 32 * dims_per_lane(head_dim);
    return size_t(kAttentionDecodeMaxTokens) * size_t(n_heads) * size_t(decode_splits(max_tokens)) *
           size_t(hd_padded + 2);
}

void launch_attention(const AttentionArgs& a, cudaStream_t stream) {
    MOE_KERNEL_REQUIRE(a.q && a.k && a.v && a.out && a.k_cache && a.v_cache, "null pointer");
    MOE_KERNEL_REQUIRE(a.n >= 1 && a.max_tokens >= 1, "empty attention");
    MOE_KERNEL_REQUIRE(a.n_heads >= 1 && a.n_kv_heads >= 1 && a.n_heads % a.n_kv_heads == 0,
                       "query heads must be a multiple of key/value heads");
    MOE_KERNEL_REQUIRE(a.head_dim >= 2 && a.head_dim % 2 == 0 && a.head_dim <= kAttentionMaxHeadDim,
                       "the CUDA attention kernels take an even head_dim up to 128");
    MOE_KERNEL_REQUIRE(a.n > kAttentionDecodeMaxTokens || a.partials, "decode attention needs its workspace");
    MOE_KERNEL_REQUIRE(a.dev_pos || a.host_pos0 + a.n <= a.max_tokens, "positions past the KV cache");
    const int kvd = a.n_kv_heads * a.head_dim;
    const int64_t total = int64_t(a.n) * kvd;
    kv_store_kernel<<<ceil_div(total, 256) < 4096 ? ceil_div(total, 256) : 4096, 256, 0, stream>>>(
        a.k, a.v, a.n, kvd, a.k_cache, a.v_cache, a.max_tokens, a.dev_pos, a.host_pos0);
    MOE_CUDA_LAUNCH_CHECK();
    switch (dims_per_lane(a.head_dim)) {
    case 1: return launch_for<1>(a, stream);
    case 2: return launch_for<2>(a, stream);
    default: return launch_for<4>(a, stream);
    }
}

} // namespace moe::cuda
