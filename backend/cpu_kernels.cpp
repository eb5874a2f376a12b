#include "cpu_kernels.h"

#include <algorithm>
#include <array>
#include <string>
#include <utility>
#include <cstdlib>
#include <cstring>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#include <immintrin.h>
#define MOE_X86 1
#endif

namespace moe::cpu {
namespace {

inline float load_elem(const void* w, DType t, size_t i) {
    switch (t) {
    case DType::F32: return static_cast<const float*>(w)[i];
    case DType::BF16: return bf16_to_f32(static_cast<const uint16_t*>(w)[i]);
    case DType::F16: return f16_to_f32(static_cast<const uint16_t*>(w)[i]);
    }
    return 0.0f;
}

template <DType T>
float dot_portable(const void* w, const float* x, size_t n) {
    float acc[8] = {};
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int j = 0; j < 8; ++j) acc[j] += load_elem(w, T, i + j) * x[i + j];
    float s = 0.0f;
    for (; i < n; ++i) s += load_elem(w, T, i) * x[i];
    for (float a : acc) s += a;
    return s;
}

template <DType T>
void dot4_portable(const void* w0, const void* w1, const void* w2, const void* w3, const float* x, size_t n,
                   float* out) {
    out[0] = dot_portable<T>(w0, x, n);
    out[1] = dot_portable<T>(w1, x, n);
    out[2] = dot_portable<T>(w2, x, n);
    out[3] = dot_portable<T>(w3, x, n);
}

float sum_portable(const float* x, size_t n) {
    float acc[8] = {};
    size_t i = 0;
    for (; i + 8 <= n; i += 8)
        for (int j = 0; j < 8; ++j) acc[j] += x[i + j];
    float s = 0.0f;
    for (; i < n; ++i) s += x[i];
    for (float a : acc) s += a;
    return s;
}

void gemm_portable(const MatrixView& w, int64_t r0, int rows, const float* x, int n, float* out, int64_t ldo) {
    const size_t k_dim = size_t(w.cols);
    const DotFn dot = w.dtype == DType::F32 ? dot_portable<DType::F32>
                      : w.dtype == DType::F16 ? dot_portable<DType::F16>
                                              : dot_portable<DType::BF16>;
    for (int t = 0; t < n; ++t)
        for (int r = 0; r < rows; ++r)
            out[size_t(t) * size_t(ldo) + size_t(r0 + r)] = dot(w.row(r0 + r), x + size_t(t) * k_dim, k_dim);
}

#ifdef MOE_X86
// Eight weights of type T widened to fp32.
template <DType T>
__attribute__((target("avx2,fma,f16c"))) inline __m256 load8(const void* w, size_t i) {
    if constexpr (T == DType::F32) {
        return _mm256_loadu_ps(static_cast<const float*>(w) + i);
    } else if constexpr (T == DType::BF16) {
        __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(static_cast<const uint16_t*>(w) + i));
        return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
    } else {
        __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(static_cast<const uint16_t*>(w) + i));
        return _mm256_cvtph_ps(h);
    }
}

__attribute__((target("avx2,fma"))) inline float hsum(__m256 v) {
    __m128 lo = _mm256_castps256_ps128(v), hi = _mm256_extractf128_ps(v, 1);
    lo = _mm_add_ps(lo, hi);
    lo = _mm_add_ps(lo, _mm_movehl_ps(lo, lo));
    lo = _mm_add_ss(lo, _mm_movehdup_ps(lo));
    return _mm_cvtss_f32(lo);
}

template <DType T>
__attribute__((target("avx2,fma,f16c"))) float dot_avx2(const void* w, const float* x, size_t n) {
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        a0 = _mm256_fmadd_ps(load8<T>(w, i), _mm256_loadu_ps(x + i), a0);
        a1 = _mm256_fmadd_ps(load8<T>(w, i + 8), _mm256_loadu_ps(x + i + 8), a1);
        a2 = _mm256_fmadd_ps(load8<T>(w, i + 16), _mm256_loadu_ps(x + i + 16), a2);
        a3 = _mm256_fmadd_ps(load8<T>(w, i + 24), _mm256_loadu_ps(x + i + 24), a3);
    }
    for (; i + 8 <= n; i += 8) a0 = _mm256_fmadd_ps(load8<T>(w, i), _mm256_loadu_ps(x + i), a0);
    float s = hsum(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)));
    for (; i < n; ++i) s += load_elem(w, T, i) * x[i];
    return s;
}

// Four rows against one vector, each row's stream prefetched 1 KiB ahead: the hardware
// prefetchers alone leave a core short of requests in flight (decode measured 7–10 % faster on
// the Mixtral-8x7B shape with it).
template <DType T>
__attribute__((target("avx2,fma,f16c"))) void dot4_avx2(const void* w0, const void* w1, const void* w2, const void* w3,
                                                         const float* x, size_t n, float* out) {
    constexpr size_t kAhead = 1024, kStep = 32 * dtype_size(T); // bytes
    const char* const rows[4] = {static_cast<const char*>(w0), static_cast<const char*>(w1),
                                 static_cast<const char*>(w2), static_cast<const char*>(w3)};
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
#pragma GCC unroll 4
        for (const char* r : rows)
#pragma GCC unroll 2
            for (size_t b = 0; b < kStep; b += 64) _mm_prefetch(r + i * dtype_size(T) + kAhead + b, _MM_HINT_T0);
#pragma GCC unroll 4
        for (size_t j = i; j < i + 32; j += 8) {
            const __m256 xv = _mm256_loadu_ps(x + j);
            a0 = _mm256_fmadd_ps(load8<T>(w0, j), xv, a0);
            a1 = _mm256_fmadd_ps(load8<T>(w1, j), xv, a1);
            a2 = _mm256_fmadd_ps(load8<T>(w2, j), xv, a2);
            a3 = _mm256_fmadd_ps(load8<T>(w3, j), xv, a3);
        }
    }
    for (; i + 8 <= n; i += 8) {
        const __m256 xv = _mm256_loadu_ps(x + i);
        a0 = _mm256_fmadd_ps(load8<T>(w0, i), xv, a0);
        a1 = _mm256_fmadd_ps(load8<T>(w1, i), xv, a1);
        a2 = _mm256_fmadd_ps(load8<T>(w2, i), xv, a2);
        a3 = _mm256_fmadd_ps(load8<T>(w3, i), xv, a3);
    }
    out[0] = hsum(a0);
    out[1] = hsum(a1);
    out[2] = hsum(a2);
    out[3] = hsum(a3);
    for (; i < n; ++i) {
        out[0] += load_elem(w0, T, i) * x[i];
        out[1] += load_elem(w1, T, i) * x[i];
        out[2] += load_elem(w2, T, i) * x[i];
        out[3] += load_elem(w3, T, i) * x[i];
    }
}

__attribute__((target("avx2,fma"))) float sum_avx2(const float* x, size_t n) {
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
    size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        // prefetched 2 KiB ahead: the fastest plain read of a stream measured on these cores
        _mm_prefetch(reinterpret_cast<const char*>(x + i) + 2048, _MM_HINT_T0);
        _mm_prefetch(reinterpret_cast<const char*>(x + i) + 2048 + 64, _MM_HINT_T0);
        a0 = _mm256_add_ps(a0, _mm256_loadu_ps(x + i));
        a1 = _mm256_add_ps(a1, _mm256_loadu_ps(x + i + 8));
        a2 = _mm256_add_ps(a2, _mm256_loadu_ps(x + i + 16));
        a3 = _mm256_add_ps(a3, _mm256_loadu_ps(x + i + 24));
    }
    float s = hsum(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)));
    for (; i < n; ++i) s += x[i];
    return s;
}

// GEMM (lanes = weight rows): a block of ROWS weight rows × a panel of KC columns is widened and
// transposed into pack[k][ROWS]; the micro-kernel keeps a ROWS × NT tile of sums (rows × tokens)
// in registers and, for each k, multiplies the packed rows by x[t][k] broadcast, so there are no
// horizontal sums and each widened weight is used by every token.
struct Avx2Gemm {
    static constexpr int kRows = 16, kKc = 256, kNt = 6;
};
struct Avx512Gemm {
    static constexpr int kRows = 32, kKc = 128, kNt = 12;
};

template <int NT>
__attribute__((target("avx2,fma"))) void gemm_micro_avx2(const float* pack, int kc, const float* x, size_t ldx,
                                                        float* c, size_t ldc, bool accumulate) {
    __m256 lo[NT], hi[NT];
#pragma GCC unroll 16
    for (int t = 0; t < NT; ++t) lo[t] = hi[t] = _mm256_setzero_ps();
    for (int k = 0; k < kc; ++k) {
        const __m256 w0 = _mm256_load_ps(pack + size_t(k) * 16), w1 = _mm256_load_ps(pack + size_t(k) * 16 + 8);
#pragma GCC unroll 16
        for (int t = 0; t < NT; ++t) {
            const __m256 xb = _mm256_broadcast_ss(x + size_t(t) * ldx + size_t(k));
            lo[t] = _mm256_fmadd_ps(w0, xb, lo[t]);
            hi[t] = _mm256_fmadd_ps(w1, xb, hi[t]);
        }
    }
#pragma GCC unroll 16
    for (int t = 0; t < NT; ++t) {
        float* ct = c + size_t(t) * ldc;
        if (accumulate) {
            lo[t] = _mm256_add_ps(lo[t], _mm256_loadu_ps(ct));
            hi[t] = _mm256_add_ps(hi[t], _mm256_loadu_ps(ct + 8));
        }
        _mm256_storeu_ps(ct, lo[t]);
        _mm256_storeu_ps(ct + 8, hi[t]);
    }
}

template <int NT>
__attribute__((target("avx512f"))) void gemm_micro_avx512(const float* pack, int kc, const float* x, size_t ldx,
                                                         float* c, size_t ldc, bool accumulate) {
    __m512 lo[NT], hi[NT];
#pragma GCC unroll 16
    for (int t = 0; t < NT; ++t) lo[t] = hi[t] = _mm512_setzero_ps();
    for (int k = 0; k < kc; ++k) {
        const __m512 w0 = _mm512_load_ps(pack + size_t(k) * 32), w1 = _mm512_load_ps(pack + size_t(k) * 32 + 16);
#pragma GCC unroll 16
        for (int t = 0; t < NT; ++t) {
            const __m512 xb = _mm512_set1_ps(x[size_t(t) * ldx + size_t(k)]);
            lo[t] = _mm512_fmadd_ps(w0, xb, lo[t]);
            hi[t] = _mm512_fmadd_ps(w1, xb, hi[t]);
        }
    }
#pragma GCC unroll 16
    for (int t = 0; t < NT; ++t) {
        float* ct = c + size_t(t) * ldc;
        if (accumulate) {
            lo[t] = _mm512_add_ps(lo[t], _mm512_loadu_ps(ct));
            hi[t] = _mm512_add_ps(hi[t], _mm512_loadu_ps(ct + 16));
        }
        _mm512_storeu_ps(ct, lo[t]);
        _mm512_storeu_ps(ct + 16, hi[t]);
    }
}

// pack[k][rb + r] = w[r0 + rb + r][k0 + k] for one group of 8 rows (AVX2: 8×8 transposes) or 16 rows
// (AVX-512: 16×16 transposes); rows past `rows` are zero.
template <DType T>
__attribute__((target("avx2,fma,f16c"))) void pack8_avx2(const MatrixView& w, int64_t r0, int rows, int rb,
                                                          int64_t k0, int kc, float* pack, int stride) {
    const void* row[8];
    for (int r = 0; r < 8; ++r) row[r] = rb + r < rows ? w.row(r0 + rb + r) : nullptr;
    int k = 0;
    for (; k + 8 <= kc; k += 8) {
        __m256 v[8];
#pragma GCC unroll 8
        for (int r = 0; r < 8; ++r) v[r] = row[r] ? load8<T>(row[r], size_t(k0 + k)) : _mm256_setzero_ps();
        const __m256 t0 = _mm256_unpacklo_ps(v[0], v[1]), t1 = _mm256_unpackhi_ps(v[0], v[1]);
        const __m256 t2 = _mm256_unpacklo_ps(v[2], v[3]), t3 = _mm256_unpackhi_ps(v[2], v[3]);
        const __m256 t4 = _mm256_unpacklo_ps(v[4], v[5]), t5 = _mm256_unpackhi_ps(v[4], v[5]);
        const __m256 t6 = _mm256_unpacklo_ps(v[6], v[7]), t7 = _mm256_unpackhi_ps(v[6], v[7]);
        const __m256 s0 = _mm256_shuffle_ps(t0, t2, 0x44), s1 = _mm256_shuffle_ps(t0, t2, 0xEE);
        const __m256 s2 = _mm256_shuffle_ps(t1, t3, 0x44), s3 = _mm256_shuffle_ps(t1, t3, 0xEE);
        const __m256 s4 = _mm256_shuffle_ps(t4, t6, 0x44), s5 = _mm256_shuffle_ps(t4, t6, 0xEE);
        const __m256 s6 = _mm256_shuffle_ps(t5, t7, 0x44), s7 = _mm256_shuffle_ps(t5, t7, 0xEE);
        float* p = pack + size_t(k) * size_t(stride) + size_t(rb);
        _mm256_store_ps(p + 0 * stride, _mm256_permute2f128_ps(s0, s4, 0x20));
        _mm256_store_ps(p + 1 * stride, _mm256_permute2f128_ps(s1, s5, 0x20));
        _mm256_store_ps(p + 2 * stride, _mm256_permute2f128_ps(s2, s6, 0x20));
        _mm256_store_ps(p + 3 * stride, _mm256_permute2f128_ps(s3, s7, 0x20));
        _mm256_store_ps(p + 4 * stride, _mm256_permute2f128_ps(s0, s4, 0x31));
        _mm256_store_ps(p + 5 * stride, _mm256_permute2f128_ps(s1, s5, 0x31));
        _mm256_store_ps(p + 6 * stride, _mm256_permute2f128_ps(s2, s6, 0x31));
        _mm256_store_ps(p + 7 * stride, _mm256_permute2f128_ps(s3, s7, 0x31));
    }
    for (; k < kc; ++k)
        for (int r = 0; r < 8; ++r)
            pack[size_t(k) * size_t(stride) + size_t(rb + r)] = row[r] ? load_elem(row[r], T, size_t(k0 + k)) : 0.0f;
}

template <DType T>
__attribute__((target("avx512f,avx512bw,avx512vl,f16c"))) inline __m512 load16(const void* w, size_t i) {
    if constexpr (T == DType::F32) {
        return _mm512_loadu_ps(static_cast<const float*>(w) + i);
    } else {
        const __m256i h = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(static_cast<const uint16_t*>(w) + i));
        if constexpr (T == DType::BF16) return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
        else return _mm512_cvtph_ps(h);
    }
}

// GCC 12 warns about the undefined source operand inside its own AVX-512 shuffle intrinsics
// (a false positive, fixed in GCC 13).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
template <DType T>
__attribute__((target("avx512f,avx512bw,avx512vl,f16c"))) void pack16_avx512(const MatrixView& w, int64_t r0, int rows,
                                                                             int rb, int64_t k0, int kc, float* pack,
                                                                             int stride) {
    const void* row[16];
    for (int r = 0; r < 16; ++r) row[r] = rb + r < rows ? w.row(r0 + rb + r) : nullptr;
    int k = 0;
    for (; k + 16 <= kc; k += 16) {
        __m512 v[16], t[16], u[16];
#pragma GCC unroll 16
        for (int r = 0; r < 16; ++r) v[r] = row[r] ? load16<T>(row[r], size_t(k0 + k)) : _mm512_setzero_ps();
        // 16×16 transpose: pairs within 128-bit lanes, then quads, then lanes across the vector.
#pragma GCC unroll 16
        for (int i = 0; i < 16; i += 2) {
            t[i] = _mm512_unpacklo_ps(v[i], v[i + 1]);
            t[i + 1] = _mm512_unpackhi_ps(v[i], v[i + 1]);
        }
#pragma GCC unroll 16
        for (int i = 0; i < 16; i += 4) {
            u[i] = _mm512_shuffle_ps(t[i], t[i + 2], 0x44);     // column 4j   of rows i..i+3
            u[i + 1] = _mm512_shuffle_ps(t[i], t[i + 2], 0xEE); // column 4j+1
            u[i + 2] = _mm512_shuffle_ps(t[i + 1], t[i + 3], 0x44);
            u[i + 3] = _mm512_shuffle_ps(t[i + 1], t[i + 3], 0xEE);
        }
#pragma GCC unroll 16
        for (int h = 0; h < 16; h += 8)
#pragma GCC unroll 16
            for (int i = 0; i < 4; ++i) {
                v[h + i] = _mm512_shuffle_f32x4(u[h + i], u[h + i + 4], 0x88);     // columns i, i+8
                v[h + i + 4] = _mm512_shuffle_f32x4(u[h + i], u[h + i + 4], 0xDD); // columns i+4, i+12
            }
        float* p = pack + size_t(k) * size_t(stride) + size_t(rb);
#pragma GCC unroll 16
        for (int c = 0; c < 8; ++c) {
            _mm512_store_ps(p + size_t(c) * size_t(stride), _mm512_shuffle_f32x4(v[c], v[c + 8], 0x88));
            _mm512_store_ps(p + size_t(c + 8) * size_t(stride), _mm512_shuffle_f32x4(v[c], v[c + 8], 0xDD));
        }
    }
    for (; k < kc; ++k)
        for (int r = 0; r < 16; ++r)
            pack[size_t(k) * size_t(stride) + size_t(rb + r)] = row[r] ? load_elem(row[r], T, size_t(k0 + k)) : 0.0f;
}
#pragma GCC diagnostic pop

template <int NT>
void gemm_micro(Avx2Gemm, const float* pack, int kc, const float* x, size_t ldx, float* c, size_t ldc, bool acc) {
    gemm_micro_avx2<NT>(pack, kc, x, ldx, c, ldc, acc);
}
template <int NT>
void gemm_micro(Avx512Gemm, const float* pack, int kc, const float* x, size_t ldx, float* c, size_t ldc, bool acc) {
    gemm_micro_avx512<NT>(pack, kc, x, ldx, c, ldc, acc);
}
template <DType T>
void gemm_pack(Avx2Gemm, const MatrixView& w, int64_t r0, int rows, int64_t k0, int kc, float* pack) {
    for (int rb = 0; rb < 16; rb += 8) pack8_avx2<T>(w, r0, rows, rb, k0, kc, pack, 16);
}
template <DType T>
void gemm_pack(Avx512Gemm, const MatrixView& w, int64_t r0, int rows, int64_t k0, int kc, float* pack) {
    for (int rb = 0; rb < 32; rb += 16) pack16_avx512<T>(w, r0, rows, rb, k0, kc, pack, 32);
}

// One micro-kernel per token count 1..NT.
template <class Isa, size_t... I>
constexpr auto micro_table(std::index_sequence<I...>) {
    using Fn = void (*)(Isa, const float*, int, const float*, size_t, float*, size_t, bool);
    return std::array<Fn, sizeof...(I)>{gemm_micro<int(I) + 1>...};
}

// Weight rows r0.. (rows of them), columns k0..k0+kc, into L2.
inline void prefetch_panel(const MatrixView& w, int64_t r0, int rows, int64_t k0, int kc) {
    if (k0 < 0 || k0 >= w.cols) return;
    const size_t elem = dtype_size(w.dtype), bytes = size_t(std::min<int64_t>(kc, w.cols - k0)) * elem;
    for (int r = 0; r < rows; ++r) {
        const char* p = static_cast<const char*>(w.row(r0 + r)) + size_t(k0) * elem;
        for (size_t b = 0; b < bytes; b += 64) _mm_prefetch(p + b, _MM_HINT_T1);
    }
}

template <class Isa, DType T>
void gemm_blocked(const MatrixView& w, int64_t r0, int rows, const float* x, int n, float* out, int64_t ldo) {
    constexpr int R = Isa::kRows, KC = Isa::kKc, NT = Isa::kNt;
    static constexpr auto micro = micro_table<Isa>(std::make_index_sequence<NT>());
    alignas(64) static thread_local float pack[KC * R];
    alignas(64) float edge[NT * R]; // the tile of a block with fewer than R rows
    const int64_t k_dim = w.cols;
    for (int64_t k0 = 0; k0 < k_dim; k0 += KC) {
        const int kc = int(std::min<int64_t>(KC, k_dim - k0));
        gemm_pack<T>(Isa{}, w, r0, rows, k0, kc, pack);
        // The panel four ahead (past the last, the next block's first ones) is R rows a few cache
        // lines long, kilobytes apart: too scattered for the hardware prefetchers, so fetch it into
        // L2 while the micro-kernels run on this one.
        constexpr int kAhead = 4; // panels
        if (k0 + kAhead * KC < k_dim) prefetch_panel(w, r0, rows, k0 + kAhead * KC, KC);
        else if (r0 + R < w.rows)
            prefetch_panel(w, r0 + R, int(std::min<int64_t>(R, w.rows - r0 - R)), k0 + kAhead * KC - k_dim, KC);
        for (int t0 = 0; t0 < n; t0 += NT) {
            const int nt = std::min(NT, n - t0);
            const float* xt = x + size_t(t0) * size_t(k_dim) + size_t(k0);
            float* c = out + size_t(t0) * size_t(ldo) + size_t(r0);
            if (rows == R) {
                micro[size_t(nt - 1)](Isa{}, pack, kc, xt, size_t(k_dim), c, size_t(ldo), k0 > 0);
            } else {
                for (int t = 0; t < nt; ++t)
                    for (int r = 0; r < R; ++r)
                        edge[t * R + r] = k0 > 0 && r < rows ? c[size_t(t) * size_t(ldo) + size_t(r)] : 0.0f;
                micro[size_t(nt - 1)](Isa{}, pack, kc, xt, size_t(k_dim), edge, R, true);
                for (int t = 0; t < nt; ++t)
                    for (int r = 0; r < rows; ++r) c[size_t(t) * size_t(ldo) + size_t(r)] = edge[t * R + r];
            }
        }
    }
}

template <class Isa>
void gemm_any(const MatrixView& w, int64_t r0, int rows, const float* x, int n, float* out, int64_t ldo) {
    switch (w.dtype) {
    case DType::F32: return gemm_blocked<Isa, DType::F32>(w, r0, rows, x, n, out, ldo);
    case DType::F16: return gemm_blocked<Isa, DType::F16>(w, r0, rows, x, n, out, ldo);
    case DType::BF16: return gemm_blocked<Isa, DType::BF16>(w, r0, rows, x, n, out, ldo);
    }
}

bool has_avx512() {
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512bw") &&
           __builtin_cpu_supports("avx512vl");
}

bool has_avx2_fma() {
    __builtin_cpu_init();
    // F16C through cpuid: clang does not accept "f16c" in __builtin_cpu_supports.
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    const bool f16c = __get_cpuid(1, &eax, &ebx, &ecx, &edx) && (ecx & bit_F16C);
    return f16c && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
}
#endif

Kernels select() {
    // MOECHAT_CPU_ISA=portable or =avx2 caps the instruction set (tests run every path).
    const char* forced = std::getenv("MOECHAT_CPU_ISA");
    const std::string cap = forced ? forced : "";
#ifdef MOE_X86
    if (cap != "portable" && has_avx2_fma()) {
        Kernels k{{dot_avx2<DType::F32>, dot_avx2<DType::F16>, dot_avx2<DType::BF16>},
                  {dot4_avx2<DType::F32>, dot4_avx2<DType::F16>, dot4_avx2<DType::BF16>},
                  sum_avx2,
                  gemm_any<Avx2Gemm>,
                  Avx2Gemm::kRows,
                  "avx2+fma"};
        // Decode streams weights from memory and gains nothing from wider vectors; prefill
        // (compute-bound) takes the AVX-512 GEMM where there is one.
        if (cap != "avx2" && has_avx512()) {
            k.gemm = gemm_any<Avx512Gemm>;
            k.gemm_rows = Avx512Gemm::kRows;
            k.isa = "avx2+fma, avx-512 prefill";
        }
        return k;
    }
#endif
    return Kernels{{dot_portable<DType::F32>, dot_portable<DType::F16>, dot_portable<DType::BF16>},
                   {dot4_portable<DType::F32>, dot4_portable<DType::F16>, dot4_portable<DType::BF16>},
                   sum_portable,
                   gemm_portable,
                   16,
                   "portable"};
}

} // namespace

const Kernels& kernels() {
    static const Kernels k = select();
    return k;
}

} // namespace moe::cpu
