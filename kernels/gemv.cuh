#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "tensor.h"

namespace moe::cuda {

constexpr int kGemvMaxTokens = 8;

// y[t, r] = Σ_c w[r, c] · x[t, c]; w contiguous [rows, cols] in `dtype`, x [n, cols] and y [n, rows]
// fp32, fp32 accumulation. The decode-time matmul (n ≤ kGemvMaxTokens): memory-bound, split over
// the reduction dimension when there are too few rows to fill the GPU. Larger n runs in chunks of
// kGemvMaxTokens tokens, which suits only matrices with few rows (the router).
void launch_gemv(const void* w, DType dtype, int64_t rows, int64_t cols, const float* x, int n, float* y,
                 int sm_count, cudaStream_t stream);

} // namespace moe::cuda
