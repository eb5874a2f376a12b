#pragma once
#include <cuda_runtime.h>

#include <cstdint>

#include "tensor.h"

namespace moe::cuda {

// x[i, :] = fp32(table[ids[i], :]) for i < n; table contiguous [vocab, d]. ids live on the device
// (a captured decode step reads the token written there before each replay). An id outside the
// vocabulary writes NaN so the error cannot pass silently (the host validates ids first).
void launch_embed(const void* table, DType dtype, int64_t vocab, int64_t d, const int32_t* ids, int n, float* x,
                  cudaStream_t stream);

} // namespace moe::cuda
