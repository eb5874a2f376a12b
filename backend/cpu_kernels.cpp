#include "cpu_kernels.h"

#include <algorithm>
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
    for (int t = 0; t < n; ++t)
        for (int r = 0; r < rows; ++r) {
            const void* row = w.row(r0 + r);
            float s = 0.0f;
            switch (w.dtype) {
            case DType::F32: s = dot_portable<DType::F32>(row, x + size_t(t) * k_dim, k_dim); break;
            case DType::F16: s = dot_portable<DType::F16>(row, x + size_t(t) * k_dim, k_dim); break;
            case DType::BF16: s = dot_portable<DType::BF16>(row, x + size_t(t) * k_dim, k_dim); break;
            }
            out[size_t(t) * size_t(ldo) + size_t(r0 + r)] = s;
        }
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

template <DType T>
__attribute__((target("avx2,fma,f16c"))) void dot4_avx2(const void* w0, const void* w1, const void* w2, const void* w3,
                                                         const float* x, size_t n, float* out) {
    __m256 a0 = _mm256_setzero_ps(), a1 = _mm256_setzero_ps(), a2 = _mm256_setzero_ps(), a3 = _mm256_setzero_ps();
    size_t i = 0;
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
        a0 = _mm256_add_ps(a0, _mm256_loadu_ps(x + i));
        a1 = _mm256_add_ps(a1, _mm256_loadu_ps(x + i + 8));
        a2 = _mm256_add_ps(a2, _mm256_loadu_ps(x + i + 16));
        a3 = _mm256_add_ps(a3, _mm256_loadu_ps(x + i + 24));
    }
    float s = hsum(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)));
    for (; i < n; ++i) s += x[i];
    return s;
}

// GEMM: the weight block (16 rows × a panel of kKc columns) is widened and transposed into
// pack[k][16]; the micro-kernel keeps a 16-row × NT-token tile of sums in 2·NT registers and,
// for each k, multiplies the two 8-row halves by x[t][k] broadcast (no horizontal sums).
constexpr int kKc = 256;
constexpr int kNt = 6;

template <int NT>
__attribute__((target("avx2,fma"))) void gemm_micro(const float* pack, int kc, const float* x, size_t ldx, float* c,
                                                   size_t ldc, bool accumulate) {
    __m256 lo[NT], hi[NT];
#pragma GCC unroll 8
    for (int t = 0; t < NT; ++t) lo[t] = hi[t] = _mm256_setzero_ps();
    for (int k = 0; k < kc; ++k) {
        const __m256 w0 = _mm256_load_ps(pack + size_t(k) * 16), w1 = _mm256_load_ps(pack + size_t(k) * 16 + 8);
#pragma GCC unroll 8
        for (int t = 0; t < NT; ++t) {
            const __m256 xb = _mm256_broadcast_ss(x + size_t(t) * ldx + size_t(k));
            lo[t] = _mm256_fmadd_ps(w0, xb, lo[t]);
            hi[t] = _mm256_fmadd_ps(w1, xb, hi[t]);
        }
    }
#pragma GCC unroll 8
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

using GemmMicro = void (*)(const float*, int, const float*, size_t, float*, size_t, bool);
constexpr GemmMicro kGemmMicro[kNt + 1] = {nullptr,        gemm_micro<1>, gemm_micro<2>, gemm_micro<3>,
                                            gemm_micro<4>, gemm_micro<5>, gemm_micro<6>};

// pack[k][r] = w[r0 + r][k0 + k] as fp32, rows past `rows` zero.
template <DType T>
__attribute__((target("avx2,fma,f16c"))) void gemm_pack(const MatrixView& w, int64_t r0, int rows, int64_t k0, int kc,
                                                         float* pack) {
    for (int rb = 0; rb < 16; rb += 8) {
        int k = 0;
        for (; k + 8 <= kc; k += 8) {
            // eight rows × eight columns, widened, then transposed in registers
            __m256 v[8];
            for (int r = 0; r < 8; ++r)
                v[r] = rb + r < rows ? load8<T>(w.row(r0 + rb + r), size_t(k0 + k)) : _mm256_setzero_ps();
            const __m256 t0 = _mm256_unpacklo_ps(v[0], v[1]), t1 = _mm256_unpackhi_ps(v[0], v[1]);
            const __m256 t2 = _mm256_unpacklo_ps(v[2], v[3]), t3 = _mm256_unpackhi_ps(v[2], v[3]);
            const __m256 t4 = _mm256_unpacklo_ps(v[4], v[5]), t5 = _mm256_unpackhi_ps(v[4], v[5]);
            const __m256 t6 = _mm256_unpacklo_ps(v[6], v[7]), t7 = _mm256_unpackhi_ps(v[6], v[7]);
            const __m256 s0 = _mm256_shuffle_ps(t0, t2, 0x44), s1 = _mm256_shuffle_ps(t0, t2, 0xEE);
            const __m256 s2 = _mm256_shuffle_ps(t1, t3, 0x44), s3 = _mm256_shuffle_ps(t1, t3, 0xEE);
            const __m256 s4 = _mm256_shuffle_ps(t4, t6, 0x44), s5 = _mm256_shuffle_ps(t4, t6, 0xEE);
            const __m256 s6 = _mm256_shuffle_ps(t5, t7, 0x44), s7 = _mm256_shuffle_ps(t5, t7, 0xEE);
            float* p = pack + size_t(k) * 16 + size_t(rb);
            _mm256_store_ps(p + 0 * 16, _mm256_permute2f128_ps(s0, s4, 0x20));
            _mm256_store_ps(p + 1 * 16, _mm256_permute2f128_ps(s1, s5, 0x20));
            _mm256_store_ps(p + 2 * 16, _mm256_permute2f128_ps(s2, s6, 0x20));
            _mm256_store_ps(p + 3 * 16, _mm256_permute2f128_ps(s3, s7, 0x20));
            _mm256_store_ps(p + 4 * 16, _mm256_permute2f128_ps(s0, s4, 0x31));
            _mm256_store_ps(p + 5 * 16, _mm256_permute2f128_ps(s1, s5, 0x31));
            _mm256_store_ps(p + 6 * 16, _mm256_permute2f128_ps(s2, s6, 0x31));
            _mm256_store_ps(p + 7 * 16, _mm256_permute2f128_ps(s3, s7, 0x31));
        }
        for (; k < kc; ++k)
            for (int r = 0; r < 8; ++r)
                pack[size_t(k) * 16 + size_t(rb + r)] =
                    rb + r < rows ? load_elem(w.row(r0 + rb + r), T, size_t(k0 + k)) : 0.0f;
    }
}

template <DType T>
__attribute__((target("avx2,fma,f16c"))) void gemm_avx2(const MatrixView& w, int64_t r0, int rows, const float* x,
                                                         int n, float* out, int64_t ldo) {
    alignas(32) static thread_local float pack[kKc * 16];
    alignas(32) float edge[kNt * 16]; // the tile of a block with fewer than 16 rows
    const int64_t k_dim = w.cols;
    for (int64_t k0 = 0; k0 < k_dim; k0 += kKc) {
        const int kc = int(std::min<int64_t>(kKc, k_dim - k0));
        gemm_pack<T>(w, r0, rows, k0, kc, pack);
        for (int t0 = 0; t0 < n; t0 += kNt) {
            const int nt = std::min(kNt, n - t0);
            const float* xt = x + size_t(t0) * size_t(k_dim) + size_t(k0);
            float* c = out + size_t(t0) * size_t(ldo) + size_t(r0);
            if (rows == 16) {
                kGemmMicro[nt](pack, kc, xt, size_t(k_dim), c, size_t(ldo), k0 > 0);
            } else {
                for (int t = 0; t < nt; ++t)
                    for (int r = 0; r < 16; ++r)
                        edge[t * 16 + r] = k0 > 0 && r < rows ? c[size_t(t) * size_t(ldo) + size_t(r)] : 0.0f;
                kGemmMicro[nt](pack, kc, xt, size_t(k_dim), edge, 16, true);
                for (int t = 0; t < nt; ++t)
                    for (int r = 0; r < rows; ++r) c[size_t(t) * size_t(ldo) + size_t(r)] = edge[t * 16 + r];
            }
        }
    }
}

__attribute__((target("avx2,fma,f16c"))) void gemm_avx2_any(const MatrixView& w, int64_t r0, int rows, const float* x,
                                                             int n, float* out, int64_t ldo) {
    switch (w.dtype) {
    case DType::F32: return gemm_avx2<DType::F32>(w, r0, rows, x, n, out, ldo);
    case DType::F16: return gemm_avx2<DType::F16>(w, r0, rows, x, n, out, ldo);
    case DType::BF16: return gemm_avx2<DType::BF16>(w, r0, rows, x, n, out, ldo);
    }
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
    // MOECHAT_CPU_ISA=portable forces the portable loops (tests compare both paths).
    const char* forced = std::getenv("MOECHAT_CPU_ISA");
    const bool portable_only = forced && std::strcmp(forced, "portable") == 0;
#ifdef MOE_X86
    if (!portable_only && has_avx2_fma())
        return Kernels{{dot_avx2<DType::F32>, dot_avx2<DType::F16>, dot_avx2<DType::BF16>},
                       {dot4_avx2<DType::F32>, dot4_avx2<DType::F16>, dot4_avx2<DType::BF16>},
                       sum_avx2,
                       gemm_avx2_any,
                       "avx2+fma"};
#endif
    (void)portable_only;
    return Kernels{{dot_portable<DType::F32>, dot_portable<DType::F16>, dot_portable<DType::BF16>},
                   {dot4_portable<DType::F32>, dot4_portable<DType::F16>, dot4_portable<DType::BF16>},
                   sum_portable,
                   gemm_portable,
                   "portable"};
}

} // namespace

const Kernels& kernels() {
    static const Kernels k = select();
    return k;
}

} // namespace moe::cpu
