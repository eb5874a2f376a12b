#pragma once
#include <cuda_runtime.h>

namespace moe::cuda {

// Rotary embedding, Hugging Face rotate-half layout, in place on q[n, n_heads*hd] and
// k[n, n_kv*hd] for positions pos0 + i, where pos0 = *dev_pos when dev_pos is set (a captured
// decode step) and host_pos0 otherwise. Angles in fp32 like transformers, cos/sin accurate.
void launch_rope(float* q, float* k, int n, int n_heads, int n_kv_heads, int head_dim, float theta,
                 const int* dev_pos, int host_pos0, cudaStream_t stream);

} // namespace moe::cuda
