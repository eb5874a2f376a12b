#include "rope.cuh"

#include "cuda_common.cuh"

namespace moe::cuda {
namespace {

__global__ void rope_kernel(float* __restrict__ q, float* __restrict__ k, int n_heads, int n_kv_heads, int hd,
                            float theta, const int* __restrict__ dev_pos, int host_pos0) {
    const int t = int(blockIdx.x);
    const int half = hd / 2;
    const int pos = (dev_pos ? *dev_pos : host_pos0) + t;
    const int total = (n_heads + n_kv_heads) * half;
    for (int j = threadIdx.x; j < total; j += blockDim.x) {
        const int h = j / half, i = j % half;
        float* v = h < n_heads ? q + (int64_t(t) * n_heads + h) * hd
                               : k + (int64_t(t) * n_kv_heads + (h - n_heads)) * hd;
        // inv_freq = 1 / theta^(2i/hd) as transformers computes it (fp32 exponent, then fp32).
        const float inv_freq = float(1.0 / pow(double(theta), double(float(2 * i) / float(hd))));
        const float angle = float(pos) * inv_freq;
        double sd, cd;
        sincos(double(angle), &sd, &cd);
        const float c = float(cd), s = float(sd);
        const float x1 = v[i], x2 = v[i + half];
        v[i] = x1 * c - x2 * s;
        v[i + half] = x2 * c + x1 * s;
    }
}

} // namespace

void launch_rope(float* q, float* k, int n, int n_heads, int n_kv_heads, int head_dim, float theta,
                 const int* dev_pos, int host_pos0, cudaStream_t stream) {
    MOE_KERNEL_REQUIRE(q && k, "null pointer");
    MOE_KERNEL_REQUIRE(n >= 1 && n_heads >= 1 && n_kv_heads >= 1, "empty rope");
    MOE_KERNEL_REQUIRE(head_dim >= 2 && head_dim % 2 == 0, "head_dim must be even");
    rope_kernel<<<unsigned(n), 128, 0, stream>>>(q, k, n_heads, n_kv_heads, head_dim, theta, dev_pos, host_pos0);
    MOE_CUDA_LAUNCH_CHECK();
}

} // namespace moe::cuda
