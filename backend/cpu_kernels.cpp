#include "cpu_kernels.h"

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
                       "avx2+fma"};
#endif
    (void)portable_only;
    return Kernels{{dot_portable<DType::F32>, dot_portable<DType::F16>, dot_portable<DType::BF16>},
                   {dot4_portable<DType::F32>, dot4_portable<DType::F16>, dot4_portable<DType::BF16>},
                   "portable"};
}

} // namespace

const Kernels& kernels() {
    static const Kernels k = select();
    return k;
}

} // namespace moe::cpu
