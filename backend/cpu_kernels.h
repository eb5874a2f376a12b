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

struct Kernels {
    DotFn dot[3];   // indexed by DType
    Dot4Fn dot4[3];
    const char* isa; // "avx2+fma" or "portable"
};

const Kernels& kernels();

} // namespace moe::cpu
