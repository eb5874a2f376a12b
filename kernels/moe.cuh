#pragma once
#include <cublas_v2.h>
#include <cuda_runtime.h>

#include <cstddef>
#include <cstdint>

#include "tensor.h"

namespace moe::cuda {

constexpr int kMoeMaxExperts = 64;

// One MoE block: out[t] = Σ_s weights[t,s] · w2_e (silu(w1_e x_t) ⊙ w3_e x_t), e = ids[t,s].
struct MoeArgs {
    const float* x = nullptr;          // [n, d]
    int n = 0, d = 0, ff = 0, top_k = 0, n_experts = 0;
    DType dtype = DType::BF16;
    const void* w1[kMoeMaxExperts] = {}; // [ff, d] per expert, contiguous, on the device
    const void* w3[kMoeMaxExperts] = {}; // [ff, d]
    const void* w2[kMoeMaxExperts] = {}; // [d, ff]
    const int32_t* ids = nullptr;      // [n, top_k] on the device
    const float* weights = nullptr;    // [n, top_k]
    float* out = nullptr;              // [n, d]
    void* workspace = nullptr;         // moe_workspace_bytes()
    int32_t* host_counts = nullptr;    // pinned, n_experts (grouped path)
    cublasHandle_t cublas = nullptr;
    int sm_count = 1;
    // Profiling hook (may be null): called after each stage of the grouped path is enqueued.
    void (*stage_done)(void* context, const char* stage) = nullptr;
    void* stage_context = nullptr;
};

// Few (token, expert) pairs: fused w1/w3 GEMV with SwiGLU, then the w2 GEMV with the weighted
// sum over the k chosen experts, all reading the ids on the device (graph-capturable, no host
// sync). Otherwise the tokens are grouped by expert on the GPU and each chosen expert runs as
// cuBLAS GEMMs over its tokens only, then a weighted gather-add puts the rows back (this path
// reads the per-expert counts on the host once per call).
bool moe_uses_gemv(int n, int top_k);
size_t moe_workspace_bytes(int n, int top_k, int d, int ff, DType dtype);
void launch_moe(const MoeArgs& a, cudaStream_t stream);

} // namespace moe::cuda
