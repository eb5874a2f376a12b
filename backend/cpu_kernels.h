#pragma once
// Vectorised inner loops of the CPU device. AVX2/FMA versions are chosen at run time when the
// processor has them; portable versions otherwise.
#include <cstddef>
#include <cstdint>

#include "tensor.h"

namespace moe::cpu {

// Σ w[i]·x[i] for a weight row of dtype t and an fp32 vector.
using DotFn = float (*)(const void* w, const float* x, size_t n);
// Four rows at once against one vector (shares the loads of x).
using Dot4Fn = void (*)(const void* w0, const void* w1, const void* w2, const void* w3, const float* x,
                        size_t n, float* out4);

// Matrix-matrix product for prefill: out[t·ldo + r] = Σ_k w[r][k]·x[t·k_dim + k] for the weight rows
// r0 ≤ r < r0 + rows (rows ≤ Kernels::gemm_rows) and every token t < n. The weight block is widened
// to fp32 once per panel of columns and reused for all tokens.
using GemmFn = void (*)(const MatrixView& w, int64_t r0, int rows, const float* x, int n, float* out, int64_t ldo);

// Σ x[i], reading x once (vector loads, prefetched ahead): the streaming-read bandwidth reference.
using SumFn = float (*)(const float* x, size_t n);

struct Kernels {
    DotFn dot[3];   // indexed by DType
    Dot4Fn dot4[3];
    SumFn sum;
    GemmFn gemm;
    int gemm_rows;   // weight rows per gemm call
    const char* isa; // "avx2+fma", "avx2+fma, avx-512 prefill" or "portable"
};

const Kernels& kernels();

} // namespace moe::cpu
