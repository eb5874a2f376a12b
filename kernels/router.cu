#include "router.cuh"

#include "cuda_common.cuh"

namespace moe::cuda {
namespace {

constexpr int kPerLane = kRouterMaxExperts / 32;

__global__ void router_kernel(const float* __restrict__ logits, int n, int E, int k, int32_t* __restrict__ ids,
                              float* __restrict__ weights) {
    const int t = int(blockIdx.x) * (blockDim.x / 32) + int(threadIdx.x) / 32;
    const int lane = int(threadIdx.x) % 32;
    if (t >= n) return;
    const float* l = logits + int64_t(t) * E;
    float p[kPerLane];
    float mx = -INFINITY;
#pragma unroll
    for (int j = 0; j < kPerLane; ++j) {
        const int e = lane + 32 * j;
        p[j] = e < E ? l[e] : -INFINITY;
        mx = fmaxf(mx, p[j]);
    }
    mx = warp_max(mx);
    float sum = 0.0f;
#pragma unroll
    for (int j = 0; j < kPerLane; ++j) {
        const int e = lane + 32 * j;
        p[j] = e < E ? expf(p[j] - mx) : 0.0f;
        sum += p[j];
    }
    sum = warp_sum(sum);
#pragma unroll
    for (int j = 0; j < kPerLane; ++j) p[j] = lane + 32 * j < E ? p[j] / sum : -1.0f;

    float chosen_p[kRouterMaxTopK];
    int chosen_e[kRouterMaxTopK];
    float kept = 0.0f;
    for (int s = 0; s < k; ++s) {
        // this lane's best (highest probability, lowest id on ties), then the warp's
        float bp = -2.0f;
        int be = 1 << 30;
#pragma unroll
        for (int j = 0; j < kPerLane; ++j)
            if (p[j] > bp) { bp = p[j]; be = lane + 32 * j; }
#pragma unroll
        for (int o = 16; o > 0; o >>= 1) {
            const float op = __shfl_xor_sync(0xffffffffu, bp, o);
            const int oe = __shfl_xor_sync(0xffffffffu, be, o);
            if (op > bp || (op == bp && oe < be)) { bp = op; be = oe; }
        }
#pragma unroll
        for (int j = 0; j < kPerLane; ++j)
            if (lane + 32 * j == be) p[j] = -2.0f;
        if (s < kRouterMaxTopK) { chosen_p[s] = bp; chosen_e[s] = be; }
        kept += bp;
    }
    if (lane == 0)
        for (int s = 0; s < k; ++s) {
            ids[int64_t(t) * k + s] = chosen_e[s];
            weights[int64_t(t) * k + s] = chosen_p[s] / kept;
        }
}

} // namespace

void launch_router(const float* logits, int n, int n_experts, int top_k, int32_t* ids, float* weights,
                   cudaStream_t stream) {
    MOE_KERNEL_REQUIRE(logits && ids && weights, "null pointer");
    MOE_KERNEL_REQUIRE(n >= 1, "no tokens");
    MOE_KERNEL_REQUIRE(n_experts >= 1 && n_experts <= kRouterMaxExperts, "the router takes 1..256 experts");
    MOE_KERNEL_REQUIRE(top_k >= 1 && top_k <= n_experts && top_k <= kRouterMaxTopK, "top-k must be 1..min(8, experts)");
    constexpr int kWarps = 4;
    router_kernel<<<ceil_div(n, kWarps), kWarps * 32, 0, stream>>>(logits, n, n_experts, top_k, ids, weights);
    MOE_CUDA_LAUNCH_CHECK();
}

} // namespace moe::cuda
