#pragma once
#include <cuda_runtime.h>

#include <cstdint>

namespace moe::cuda {

constexpr int kRouterMaxExperts = 256;
constexpr int kRouterMaxTopK = 8;

// Per token: softmax over logits[n, n_experts] → top-k (ties to the lower id) → renormalise over
// the k kept, in one kernel (one warp per token). Writes ids[n, k] and weights[n, k].
void launch_router(const float* logits, int n, int n_experts, int top_k, int32_t* ids, float* weights,
                   cudaStream_t stream);

} // namespace moe::cuda
