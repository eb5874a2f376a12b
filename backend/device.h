#pragma once
// The small device interface the forward pass is written against. Activations are fp32 on
// the device; weights stay in the checkpoint's dtype (bf16/f16/f32) and are read with fp32
// accumulation. Pointers passed to the ops live in the device's memory unless named host_.
// Implemented by the CPU device (cpu_device.*) and the CUDA device (kernels/).
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "tensor.h"

namespace moe {

struct ExpertWeights;

struct AttentionShape {
    int n_heads = 0;     // query heads on this device
    int n_kv_heads = 0;  // key/value heads on this device
    int head_dim = 0;
    int window = 0;      // sliding window in tokens; 0 = none
    float rope_theta = 10000.0f;
};

class Device {
public:
    virtual ~Device() = default;
    virtual std::string name() const = 0;

    // --- memory -----------------------------------------------------------------------
    // Zero-filled buffers owned by the device (freed with it).
    virtual float* alloc(size_t n_floats) = 0;
    virtual int32_t* alloc_ids(size_t n) = 0;
    // Weights: the CPU device returns the host view itself (the mmap); a GPU copies it.
    virtual MatrixView upload(const MatrixView& host) = 0;
    virtual const float* upload_vector(const TensorView& host) = 0; // converted to fp32
    // Synthetic weights for --random-weights: uniform in [-scale, scale] around `center`.
    virtual MatrixView random_matrix(int64_t rows, int64_t cols, DType dtype, float scale, uint64_t seed) = 0;
    virtual const float* random_vector(int64_t n, float center, float scale, uint64_t seed) = 0;
    virtual void copy_to_host(const float* src, size_t n, float* host_dst) = 0;
    virtual void copy_from_host(const float* host_src, size_t n, float* dst) = 0;
    // KV cache for `max_tokens` positions of every layer.
    virtual void kv_init(int n_layers, int max_tokens, int kv_dim) = 0;
    // Bytes the device holds (weights uploaded + buffers + KV cache).
    virtual size_t bytes_in_use() const = 0;

    // --- ops --------------------------------------------------------------------------
    // x[n, d] = table[host_ids[i]]
    virtual void embed(const MatrixView& table, const int32_t* host_ids, int n, float* x) = 0;
    // out[n, d] = x / rms(x) * w
    virtual void rmsnorm(const float* x, const float* w, int n, int d, float eps, float* out) = 0;
    // out[n, w.rows] = x[n, w.cols] · wᵀ
    virtual void matmul(const float* x, int n, const MatrixView& w, float* out) = 0;
    // Rotary embedding (Hugging Face rotate-half layout) on q[n, n_heads*hd], k[n, n_kv*hd]
    // for positions pos0 .. pos0+n-1.
    virtual void rope(float* q, float* k, int n, int pos0, const AttentionShape& s) = 0;
    // Stores k/v[n, n_kv*hd] in layer `layer`'s cache at pos0.., then causal attention of
    // q[n, n_heads*hd] over positions 0 .. pos0+i (sliding window if set) into out.
    virtual void attention(int layer, const float* q, const float* k, const float* v, int n, int pos0,
                           const AttentionShape& s, float* out) = 0;
    // Router: softmax over logits[n, n_experts] → top-k → renormalise. Writes ids[n, k], weights[n, k].
    virtual void router(const float* logits, int n, int n_experts, int top_k, int32_t* ids, float* weights) = 0;
    // out[n, d] = Σ_k weights[i,k] · expert_{ids[i,k]}(x[i]) with SwiGLU experts
    // (w2 · (silu(w1·x) ⊙ w3·x)).
    virtual void moe(const float* x, int n, int d, const std::vector<ExpertWeights>& experts,
                     const int32_t* ids, const float* weights, int top_k, float* out) = 0;
    // x[i] += y[i]
    virtual void add(float* x, const float* y, size_t n) = 0;
    // The residual add fused with the next norm: x[n, d] += y, then out = rmsnorm(x, w). The
    // default runs add then rmsnorm; the CUDA device does both in one pass over x.
    virtual void add_rmsnorm(float* x, const float* y, const float* w, int n, int d, float eps, float* out) {
        add(x, y, size_t(n) * size_t(d));
        rmsnorm(x, w, n, d, eps, out);
    }
    // Waits for queued work (no-op on the CPU).
    virtual void synchronize() {}

    // --- step execution ---------------------------------------------------------------
    // The transformer runs each forward step (ids at positions pos0..pos0+n-1) as
    // run_step(..., body) where body issues the ops above. The default just calls body; the CUDA
    // device captures the decode step (n == 1) in a CUDA graph once and replays it, feeding the
    // new id and position through device memory (its ops read them from there while capturing).
    virtual void run_step(const int32_t* host_ids, int n, int pos0, const std::function<void()>& body) { body(); }

    // --- benchmark references measured on this device -----------------------------------
    // Device-to-device copy bandwidth in GB/s, counting bytes read plus bytes written.
    virtual double measure_copy_bandwidth_gbs() = 0;
    // Streaming read bandwidth in GB/s (bytes read, every thread reading its own part of a buffer
    // far beyond the caches): the ceiling for decode, which only reads weights. 0 if not measured.
    virtual double measure_read_bandwidth_gbs() { return 0.0; }
    // Dense bf16 GEMM rate (fp32 accumulate) in TFLOP/s at a large square size; 0 if not meaningful.
    virtual double measure_gemm_tflops() { return 0.0; }
};

struct CpuDeviceOptions {
    int threads = 0; // 0 = all cores
};
std::unique_ptr<Device> make_cpu_device(const CpuDeviceOptions& options);

// CUDA devices: throws moe::Error with a clear message when the build has no CUDA or the
// machine has no usable GPU.
struct CudaDeviceOptions {
    int gpu = 0;
    // Capture the decode step (n == 1) as a CUDA graph. A step that cannot be captured (the
    // in-process collective copies through the host) falls back to eager decode by itself;
    // turning this off skips the attempt.
    bool cuda_graphs = true;
};
struct GpuInfo {
    int index = 0;
    std::string name;
    uint64_t total_bytes = 0;
    uint64_t free_bytes = 0;
};
// GPUs visible to this process (empty without CUDA or without a GPU).
std::vector<GpuInfo> list_gpus();
std::unique_ptr<Device> make_cuda_device(const CudaDeviceOptions& options);
bool cuda_available(std::string* why_not = nullptr);

} // namespace moe
