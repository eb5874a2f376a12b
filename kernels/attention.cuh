#pragma once
#include <cuda_bf16.h>
#include <cuda_runtime.h>

#include <cstddef>

namespace moe::cuda {

// One attention call over a layer's bf16 KV cache ([max_tokens, kv_dim] each for K and V).
struct AttentionArgs {
    const float* q = nullptr;        // [n, n_heads*head_dim], rotated
    const float* k = nullptr;        // [n, n_kv_heads*head_dim], rotated: stored at pos0..
    const float* v = nullptr;        // [n, n_kv_heads*head_dim]
    float* out = nullptr;            // [n, n_heads*head_dim]
    __nv_bfloat16* k_cache = nullptr; // this layer's keys
    __nv_bfloat16* v_cache = nullptr; // this layer's values
    int max_tokens = 0;
    int n = 0;
    int host_pos0 = 0;               // used when dev_pos is null
    const int* dev_pos = nullptr;    // pos0 on the device (captured decode step)
    int n_heads = 0, n_kv_heads = 0, head_dim = 0;
    int window = 0;                  // sliding window; 0 = none
    float* partials = nullptr;       // decode workspace, attention_partials_floats() floats
};

constexpr int kAttentionMaxHeadDim = 128;
constexpr int kAttentionDecodeMaxTokens = 4;

// Stores k/v at positions pos0.., then causal GQA attention of each query i over positions
// 0..pos0+i (within the window): for n ≤ kAttentionDecodeMaxTokens split-K flash-decoding (the
// cache is cut into fixed chunks, so a captured graph stays valid as the context grows),
// otherwise tiled flash attention (online softmax, K/V tiles in shared memory) on the tensor
// cores (bf16 Q·Kᵀ and P·V, fp32 accumulation; head_dim 16/32/64/128) or, for other head sizes
// or GPUs with too little shared memory per block, on the CUDA cores in fp32. The tensor-core
// kernel keeps scores and output in registers where the WMMA accumulator layout is the one it
// expects (probed once per GPU), else in shared memory; MOECHAT_ATTENTION_SMEM_TC=1 forces the
// shared-memory variant (tests/gpu/check.sh tests both).
void launch_attention(const AttentionArgs& a, cudaStream_t stream);

// Workspace the decode path needs for a cache of max_tokens positions.
size_t attention_partials_floats(int max_tokens, int n_heads, int head_dim);

} // namespace moe::cuda
