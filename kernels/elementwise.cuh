#pragma once
#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>

#include "tensor.h"

namespace moe::cuda {

// x[i] += y[i]
void launch_add(float* x, const float* y, size_t n, cudaStream_t stream);
// dst[i] = dtype(src[i]) (round to nearest even): activations become GEMM inputs for cuBLAS.
void launch_convert_from_f32(const float* src, size_t n, void* dst, DType dtype, cudaStream_t stream);
// dst[i] = dtype(center + scale · u(seed, i)), u uniform in [-1, 1): the same SplitMix64 hash as
// the CPU device, so --random-weights gives the same model on either device.
void launch_random_fill(void* dst, DType dtype, size_t n, float center, float scale, uint64_t seed,
                        cudaStream_t stream);

} // namespace moe::cuda
