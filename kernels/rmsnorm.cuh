#pragma once
#include <cuda_runtime.h>

namespace moe::cuda {

// For each row i < n: if residual, x[i] += residual[i] first (the residual add fused into the
// norm); then out[i] = x[i] / rms(x[i]) * w. fp32 throughout; the sum of squares in fp32 with a
// tree reduction.
void launch_rmsnorm(float* x, const float* residual, const float* w, int n, int d, float eps, float* out,
                    cudaStream_t stream);

} // namespace moe::cuda
