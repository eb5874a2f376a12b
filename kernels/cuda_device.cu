// The CUDA device: bf16 (or f16/f32) weights and a bf16 KV cache on one GPU, fp32 activations,
// every op on one stream; cuBLAS for matrix-matrix work, kernels/ for the rest; the decode step
// captured once as a CUDA graph and replayed with the token and position fed through device memory.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include <cublas_v2.h>

#include "attention.cuh"
#include "cuda_common.cuh"
#include "cuda_device.cuh"
#include "device.h"
#include "elementwise.cuh"
#include "embed.cuh"
#include "gemm.cuh"
#include "gemv.cuh"
#include "memory_plan.h"
#include "moe.cuh"
#include "rmsnorm.cuh"
#include "rope.cuh"
#include "router.cuh"
#include "weights.h"

namespace moe {
namespace {

std::string gb(size_t bytes) { return format_bytes(bytes); }

// Every public entry point first makes this device's GPU current: ranks of a tensor-parallel
// engine drive their devices from different threads, and a thread's current GPU is per thread.
struct GpuScope {
    explicit GpuScope(int gpu) { MOE_CUDA_CHECK(cudaSetDevice(gpu)); }
};

int visible_gpu_count(std::string* why_not) {
    int count = 0;
    const cudaError_t err = cudaGetDeviceCount(&count);
    if (err != cudaSuccess) {
        cudaGetLastError();
        if (why_not)
            *why_not = std::string("no usable CUDA GPU: ") + cudaGetErrorString(err) +
                       " (is the NVIDIA driver installed and a GPU visible to this process?)";
        return 0;
    }
    if (count == 0 && why_not) *why_not = "no CUDA GPU is visible to this process";
    return count;
}

double wall_s() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

class CudaDevice final : public Device {
public:
    explicit CudaDevice(const CudaDeviceOptions& options) : gpu_(options.gpu), graphs_enabled_(options.cuda_graphs) {
        GpuScope scope(gpu_);
        if (const char* p = std::getenv("MOECHAT_CUDA_PROFILE"); p && *p && *p != '0') {
            profile_ = true;
            graphs_enabled_ = false; // every op is timed on its own
        }
        MOE_CUDA_CHECK(cudaGetDeviceProperties(&prop_, gpu_));
        if (prop_.major < 8)
            throw Error("GPU " + std::to_string(gpu_) + " (" + prop_.name + ") has compute capability " +
                        std::to_string(prop_.major) + "." + std::to_string(prop_.minor) +
                        "; moechat's CUDA backend needs 8.0 or newer (bf16)");
        MOE_CUDA_CHECK(cudaStreamCreateWithFlags(&stream_, cudaStreamNonBlocking));
        if (cublasCreate(&cublas_) != CUBLAS_STATUS_SUCCESS)
            throw Error("cuBLAS could not be initialised on GPU " + std::to_string(gpu_));
        cublasSetStream(cublas_, stream_);
        // A fixed cuBLAS workspace: no allocations inside GEMMs (and none during graph capture).
        cublas_workspace_ = device_malloc(kCublasWorkspace, "cuBLAS workspace");
        cublasSetWorkspace(cublas_, cublas_workspace_, kCublasWorkspace);
        step_dev_ = static_cast<int32_t*>(device_malloc(2 * sizeof(int32_t), "step inputs"));
        MOE_CUDA_CHECK(cudaMallocHost(&step_host_, 2 * sizeof(int32_t)));
        MOE_CUDA_CHECK(cudaMallocHost(&host_counts_, cuda::kMoeMaxExperts * sizeof(int32_t)));
        MOE_CUDA_CHECK(cudaEventCreateWithFlags(&step_copied_, cudaEventDisableTiming));
    }

    ~CudaDevice() override {
        cudaSetDevice(gpu_);
        cudaStreamSynchronize(stream_);
        drop_graph();
        for (void* p : allocations_) cudaFree(p);
        if (workspace_) cudaFree(workspace_);
        if (partials_) cudaFree(partials_);
        if (ids_) cudaFree(ids_);
        if (step_host_) cudaFreeHost(step_host_);
        if (host_counts_) cudaFreeHost(host_counts_);
        if (step_copied_) cudaEventDestroy(step_copied_);
        if (cublas_) cublasDestroy(cublas_);
        if (stream_) cudaStreamDestroy(stream_);
    }

    std::string name() const override {
        std::string s = "cuda: GPU " + std::to_string(gpu_) + " (" + prop_.name + ", sm_" + std::to_string(prop_.major) +
                        std::to_string(prop_.minor) + ", " + gb(prop_.totalGlobalMem) + ")";
        if (!graph_note_.empty()) s += " [" + graph_note_ + "]";
        return s;
    }

    cudaStream_t stream() const { return stream_; }

    // MOECHAT_CUDA_PROFILE=1: each op waits for the GPU before and after and adds its wall time
    // to a total per op and phase (decode: n ≤ 4 tokens). For finding where the time goes.
    std::string profile_report() const {
        double total = 0;
        for (const auto& [k, v] : profile_totals_)
            if (k[0] != ' ') total += v.first; // stages ("  moe/...") are inside their op
        std::string out;
        char line[160];
        for (const auto& [k, v] : profile_totals_) {
            std::snprintf(line, sizeof line, "PROFILE %-22s %9.3f ms %6.1f%% (%lld calls)\n", k.c_str(), v.first * 1e3,
                          total > 0 ? 100.0 * v.first / total : 0.0, static_cast<long long>(v.second));
            out += line;
        }
        return out;
    }
    void profile_reset() { profile_totals_.clear(); }
    // Times the stages of the grouped MoE path (each since the previous one).
    void profile_stage(const char* stage) {
        cudaStreamSynchronize(stream_);
        const double t = wall_s();
        auto& slot = profile_totals_[std::string("  moe/") + stage];
        slot.first += t - profile_stage_t0_;
        slot.second += 1;
        profile_stage_t0_ = t;
    }
    int gpu() const { return gpu_; }

    // --- memory ---------------------------------------------------------------------------
    float* alloc(size_t n) override {
        GpuScope scope(gpu_);
        void* p = device_malloc(std::max<size_t>(n, 1) * sizeof(float), "activations");
        MOE_CUDA_CHECK(cudaMemset(p, 0, std::max<size_t>(n, 1) * sizeof(float)));
        return static_cast<float*>(p);
    }
    int32_t* alloc_ids(size_t n) override {
        GpuScope scope(gpu_);
        void* p = device_malloc(std::max<size_t>(n, 1) * sizeof(int32_t), "expert ids");
        MOE_CUDA_CHECK(cudaMemset(p, 0, std::max<size_t>(n, 1) * sizeof(int32_t)));
        return static_cast<int32_t*>(p);
    }

    MatrixView upload(const MatrixView& host) override {
        GpuScope scope(gpu_);
        if (!host.data || host.rows <= 0 || host.cols <= 0)
            throw Error("cannot upload an empty weight matrix to GPU " + std::to_string(gpu_));
        const auto key = std::make_tuple(host.data, host.rows, host.cols, host.row_stride, int(host.dtype));
        if (auto it = uploaded_.find(key); it != uploaded_.end()) return it->second; // tied embeddings
        const size_t es = dtype_size(host.dtype);
        const size_t row_bytes = size_t(host.cols) * es;
        void* dst = device_malloc(row_bytes * size_t(host.rows), "weights");
        // Straight from the memory-mapped file; a tensor-parallel shard (strided column slice)
        // becomes a contiguous matrix on the GPU.
        MOE_CUDA_CHECK(cudaMemcpy2D(dst, row_bytes, host.data, size_t(host.row_stride) * es, row_bytes,
                                    size_t(host.rows), cudaMemcpyHostToDevice));
        const MatrixView v{dst, host.dtype, host.rows, host.cols, host.cols};
        uploaded_.emplace(key, v);
        return v;
    }

    const float* upload_vector(const TensorView& host) override {
        GpuScope scope(gpu_);
        std::vector<float> tmp(size_t(host.numel()));
        to_f32(host.data, host.dtype, tmp.size(), tmp.data());
        float* dst = static_cast<float*>(device_malloc(std::max<size_t>(tmp.size(), 1) * sizeof(float), "norm weights"));
        MOE_CUDA_CHECK(cudaMemcpy(dst, tmp.data(), tmp.size() * sizeof(float), cudaMemcpyHostToDevice));
        return dst;
    }

    MatrixView random_matrix(int64_t rows, int64_t cols, DType dtype, float scale, uint64_t seed) override {
        GpuScope scope(gpu_);
        const size_t n = size_t(rows) * size_t(cols);
        void* dst = device_malloc(std::max<size_t>(n, 1) * dtype_size(dtype), "synthetic weights");
        cuda::launch_random_fill(dst, dtype, n, 0.0f, scale, seed, stream_);
        return MatrixView{dst, dtype, rows, cols, cols};
    }

    const float* random_vector(int64_t n, float center, float scale, uint64_t seed) override {
        GpuScope scope(gpu_);
        void* dst = device_malloc(std::max<size_t>(size_t(n), 1) * sizeof(float), "synthetic norm weights");
        cuda::launch_random_fill(dst, DType::F32, size_t(n), center, scale, seed, stream_);
        return static_cast<const float*>(dst);
    }

    void copy_to_host(const float* src, size_t n, float* host_dst) override {
        GpuScope scope(gpu_);
        refuse_while_capturing("copy_to_host");
        MOE_CUDA_CHECK(cudaMemcpyAsync(host_dst, src, n * sizeof(float), cudaMemcpyDeviceToHost, stream_));
        MOE_CUDA_CHECK(cudaStreamSynchronize(stream_));
    }

    void copy_from_host(const float* host_src, size_t n, float* dst) override {
        GpuScope scope(gpu_);
        refuse_while_capturing("copy_from_host");
        MOE_CUDA_CHECK(cudaMemcpyAsync(dst, host_src, n * sizeof(float), cudaMemcpyHostToDevice, stream_));
        // host_src may go out of scope as soon as we return
        MOE_CUDA_CHECK(cudaStreamSynchronize(stream_));
    }

    void kv_init(int n_layers, int max_tokens, int kv_dim) override {
        GpuScope scope(gpu_);
        if (n_layers <= 0 || max_tokens <= 0 || kv_dim <= 0) throw Error("empty KV cache requested");
        MOE_CUDA_CHECK(cudaStreamSynchronize(stream_));
        drop_graph();
        if (k_cache_) release(k_cache_);
        if (v_cache_) release(v_cache_);
        const size_t elems = size_t(n_layers) * size_t(max_tokens) * size_t(kv_dim);
        k_cache_ = static_cast<__nv_bfloat16*>(device_malloc(elems * 2, "KV cache (keys)"));
        v_cache_ = static_cast<__nv_bfloat16*>(device_malloc(elems * 2, "KV cache (values)"));
        kv_layers_ = n_layers;
        kv_max_ = max_tokens;
        kv_dim_ = kv_dim;
    }

    size_t bytes_in_use() const override { return bytes_ + workspace_bytes_ + partials_floats_ * 4 + ids_cap_ * 4; }

    // --- ops ------------------------------------------------------------------------------
    void embed(const MatrixView& table, const int32_t* host_ids, int n, float* x) override {
        GpuScope scope(gpu_);
        OpTimer timer(*this, "embed", n);
        require_device_matrix(table, "embedding table");
        embed_vocab_ = table.rows;
        const int32_t* ids = nullptr;
        if (device_inputs_) {
            if (n != 1) throw Error("internal: a captured step embeds one token");
            ids = step_dev_;
        } else {
            for (int i = 0; i < n; ++i)
                if (host_ids[i] < 0 || host_ids[i] >= table.rows)
                    throw Error("token id " + std::to_string(host_ids[i]) + " is outside the vocabulary (0.." +
                                std::to_string(table.rows - 1) + ")");
            if (size_t(n) > ids_cap_) {
                grow(reinterpret_cast<void**>(&ids_), ids_cap_, size_t(n), 4, "token ids");
            }
            MOE_CUDA_CHECK(cudaMemcpyAsync(ids_, host_ids, size_t(n) * 4, cudaMemcpyHostToDevice, stream_));
            ids = ids_;
        }
        cuda::launch_embed(table.data, table.dtype, table.rows, table.cols, ids, n, x, stream_);
    }

    void rmsnorm(const float* x, const float* w, int n, int d, float eps, float* out) override {
        GpuScope scope(gpu_);
        OpTimer timer(*this, "rmsnorm", n);
        // no residual: the kernel only reads x
        cuda::launch_rmsnorm(const_cast<float*>(x), nullptr, w, n, d, eps, out, stream_);
    }

    void add_rmsnorm(float* x, const float* y, const float* w, int n, int d, float eps, float* out) override {
        GpuScope scope(gpu_);
        OpTimer timer(*this, "add_rmsnorm", n);
        cuda::launch_rmsnorm(x, y, w, n, d, eps, out, stream_);
    }

    void matmul(const float* x, int n, const MatrixView& w, float* out) override {
        GpuScope scope(gpu_);
        OpTimer timer(*this, "matmul", n);
        require_device_matrix(w, "matmul weight");
        if (n <= 0) return;
        // Few tokens (decode), or a matrix with few rows (the router, whose top-k choice must not
        // hinge on activations rounded to bf16): fp32 activations through the GEMV kernel.
        if (n <= cuda::kGemvMaxTokens || w.rows <= kFp32MatmulMaxRows) {
            cuda::launch_gemv(w.data, w.dtype, w.rows, w.cols, x, n, out, prop_.multiProcessorCount, stream_);
            return;
        }
        const void* a = x;
        if (w.dtype != DType::F32) {
            void* ws = workspace(size_t(n) * size_t(w.cols) * dtype_size(w.dtype));
            cuda::launch_convert_from_f32(x, size_t(n) * size_t(w.cols), ws, w.dtype, stream_);
            a = ws;
        }
        cuda::gemm_rows(cublas_, a, n, w.data, w.dtype, w.rows, w.cols, out);
    }

    void rope(float* q, float* k, int n, int pos0, const AttentionShape& s) override {
        GpuScope scope(gpu_);
        OpTimer timer(*this, "rope", n);
        cuda::launch_rope(q, k, n, s.n_heads, s.n_kv_heads, s.head_dim, s.rope_theta, device_inputs_ ? step_dev_ + 1 : nullptr,
                          pos0, stream_);
    }

    void attention(int layer, const float* q, const float* k, const float* v, int n, int pos0, const AttentionShape& s,
                   float* out) override {
        GpuScope scope(gpu_);
        OpTimer timer(*this, "attention", n);
        if (!k_cache_) throw Error("internal: attention before kv_init");
        if (layer < 0 || layer >= kv_layers_) throw Error("internal: attention layer out of range");
        if (s.n_kv_heads * s.head_dim != kv_dim_)
            throw Error("internal: attention shape disagrees with the KV cache width");
        if (pos0 < 0 || pos0 + n > kv_max_)
            throw Error("the KV cache holds " + std::to_string(kv_max_) + " tokens; position " + std::to_string(pos0 + n) +
                        " is past it");
        cuda::AttentionArgs a;
        a.q = q;
        a.k = k;
        a.v = v;
        a.out = out;
        const size_t layer_off = size_t(layer) * size_t(kv_max_) * size_t(kv_dim_);
        a.k_cache = k_cache_ + layer_off;
        a.v_cache = v_cache_ + layer_off;
        a.max_tokens = kv_max_;
        a.n = n;
        a.host_pos0 = pos0;
        a.dev_pos = device_inputs_ ? step_dev_ + 1 : nullptr;
        a.n_heads = s.n_heads;
        a.n_kv_heads = s.n_kv_heads;
        a.head_dim = s.head_dim;
        a.window = s.window;
        if (n <= cuda::kAttentionDecodeMaxTokens) {
            const size_t need = cuda::attention_partials_floats(kv_max_, s.n_heads, s.head_dim);
            if (need > partials_floats_) grow(reinterpret_cast<void**>(&partials_), partials_floats_, need, 4, "attention workspace");
            a.partials = partials_;
        }
        cuda::launch_attention(a, stream_);
    }

    void router(const float* logits, int n, int n_experts, int top_k, int32_t* ids, float* weights) override {
        GpuScope scope(gpu_);
        OpTimer timer(*this, "router", n);
        cuda::launch_router(logits, n, n_experts, top_k, ids, weights, stream_);
    }

    void moe(const float* x, int n, int d, const std::vector<ExpertWeights>& experts, const int32_t* ids,
             const float* weights, int top_k, float* out) override {
        GpuScope scope(gpu_);
        OpTimer timer(*this, "moe", n);
        if (experts.empty()) throw Error("internal: MoE block without experts");
        if (experts.size() > size_t(cuda::kMoeMaxExperts))
            throw Error("the CUDA backend supports up to " + std::to_string(cuda::kMoeMaxExperts) + " experts per layer; this model has " +
                        std::to_string(experts.size()));
        cuda::MoeArgs a;
        a.x = x;
        a.n = n;
        a.d = d;
        a.ff = int(experts[0].w1.rows);
        a.top_k = top_k;
        a.n_experts = int(experts.size());
        a.dtype = experts[0].w1.dtype;
        for (size_t e = 0; e < experts.size(); ++e) {
            const ExpertWeights& ew = experts[e];
            require_device_matrix(ew.w1, "expert w1");
            require_device_matrix(ew.w3, "expert w3");
            require_device_matrix(ew.w2, "expert w2");
            if (ew.w1.rows != a.ff || ew.w3.rows != a.ff || ew.w1.cols != d || ew.w3.cols != d || ew.w2.rows != d ||
                ew.w2.cols != a.ff || ew.w1.dtype != a.dtype || ew.w3.dtype != a.dtype || ew.w2.dtype != a.dtype)
                throw Error("internal: expert " + std::to_string(e) + " has a shape or dtype unlike expert 0");
            a.w1[e] = ew.w1.data;
            a.w3[e] = ew.w3.data;
            a.w2[e] = ew.w2.data;
        }
        a.ids = ids;
        a.weights = weights;
        a.out = out;
        a.workspace = workspace(cuda::moe_workspace_bytes(n, top_k, d, a.ff, a.dtype));
        a.host_counts = host_counts_;
        a.cublas = cublas_;
        a.sm_count = prop_.multiProcessorCount;
        if (profile_) {
            a.stage_context = this;
            a.stage_done = [](void* self, const char* stage) { static_cast<CudaDevice*>(self)->profile_stage(stage); };
            profile_stage_t0_ = wall_s();
        }
        cuda::launch_moe(a, stream_);
    }

    void add(float* x, const float* y, size_t n) override {
        GpuScope scope(gpu_);
        OpTimer timer(*this, "add", int(n > 4 ? 5 : n));
        cuda::launch_add(x, y, n, stream_);
    }

    void synchronize() override {
        GpuScope scope(gpu_);
        MOE_CUDA_CHECK(cudaStreamSynchronize(stream_));
    }

    // --- decode step as a CUDA graph --------------------------------------------------------
    void run_step(const int32_t* host_ids, int n, int pos0, const std::function<void()>& body) override {
        GpuScope scope(gpu_);
        if (n != 1 || !graphs_enabled_) return body();
        if (embed_vocab_ >= 0 && (host_ids[0] < 0 || host_ids[0] >= embed_vocab_))
            throw Error("token id " + std::to_string(host_ids[0]) + " is outside the vocabulary (0.." +
                        std::to_string(embed_vocab_ - 1) + ")");
        if (pos0 < 0 || pos0 + 1 > kv_max_)
            throw Error("the KV cache holds " + std::to_string(kv_max_) + " tokens; position " + std::to_string(pos0 + 1) +
                        " is past it");
        // The token and position go through device memory, so one graph serves every step.
        MOE_CUDA_CHECK(cudaEventSynchronize(step_copied_)); // the pinned staging is free again
        step_host_[0] = host_ids[0];
        step_host_[1] = pos0;
        MOE_CUDA_CHECK(cudaMemcpyAsync(step_dev_, step_host_, 2 * sizeof(int32_t), cudaMemcpyHostToDevice, stream_));
        MOE_CUDA_CHECK(cudaEventRecord(step_copied_, stream_));
        DeviceInputs inputs(*this);
        if (graph_exec_) {
            MOE_CUDA_CHECK(cudaGraphLaunch(graph_exec_, stream_));
            return;
        }
        // The first decode step runs eagerly: it sizes every workspace, so nothing is allocated
        // while capturing.
        if (eager_decode_steps_++ == 0) return body();
        capture(body);
    }

    // --- benchmark references ---------------------------------------------------------------
    double measure_copy_bandwidth_gbs() override {
        GpuScope scope(gpu_);
        size_t free_b = 0, total_b = 0;
        MOE_CUDA_CHECK(cudaMemGetInfo(&free_b, &total_b));
        size_t bytes = size_t(1) << 30;
        while (bytes > (size_t(64) << 20) && 2 * bytes + (size_t(256) << 20) > free_b) bytes /= 2;
        void *a = nullptr, *b = nullptr;
        MOE_CUDA_CHECK(cudaMalloc(&a, bytes));
        MOE_CUDA_CHECK(cudaMalloc(&b, bytes));
        MOE_CUDA_CHECK(cudaMemsetAsync(a, 1, bytes, stream_));
        const float ms = time_ms(20, [&] { MOE_CUDA_CHECK(cudaMemcpyAsync(b, a, bytes, cudaMemcpyDeviceToDevice, stream_)); });
        cudaFree(a);
        cudaFree(b);
        return 2.0 * double(bytes) / (double(ms) / 1e3) / 1e9; // bytes read + bytes written
    }

    double measure_gemm_tflops() override {
        GpuScope scope(gpu_);
        constexpr int64_t N = 8192;
        void* a = device_scratch(size_t(N * N) * 2);
        void* b = device_scratch(size_t(N * N) * 2);
        float* c = static_cast<float*>(device_scratch(size_t(N * N) * 4));
        cuda::launch_random_fill(a, DType::BF16, size_t(N * N), 0.0f, 1.0f, 1, stream_);
        cuda::launch_random_fill(b, DType::BF16, size_t(N * N), 0.0f, 1.0f, 2, stream_);
        const float ms = time_ms(10, [&] { cuda::gemm_rows(cublas_, a, N, b, DType::BF16, N, N, c); });
        cudaFree(a);
        cudaFree(b);
        cudaFree(c);
        return 2.0 * double(N) * double(N) * double(N) / (double(ms) / 1e3) / 1e12;
    }

private:
    struct OpTimer {
        OpTimer(CudaDevice& d, const char* op, int n) : dev(d) {
            if (!dev.profile_) return;
            name = std::string(op) + (n <= cuda::kAttentionDecodeMaxTokens ? " decode" : " prefill");
            cudaStreamSynchronize(dev.stream_);
            t0 = wall_s();
        }
        ~OpTimer() {
            if (!dev.profile_) return;
            cudaStreamSynchronize(dev.stream_);
            auto& slot = dev.profile_totals_[name];
            slot.first += wall_s() - t0;
            slot.second += 1;
        }
        CudaDevice& dev;
        std::string name;
        double t0 = 0;
    };

    static constexpr size_t kCublasWorkspace = size_t(32) << 20;
    static constexpr int64_t kFp32MatmulMaxRows = 256;

    // Ops read the token id and the position from step_dev_ while this is alive.
    struct DeviceInputs {
        explicit DeviceInputs(CudaDevice& d) : dev(d) { dev.device_inputs_ = true; }
        ~DeviceInputs() { dev.device_inputs_ = false; }
        CudaDevice& dev;
    };

    void capture(const std::function<void()>& body) {
        std::string failure;
        MOE_CUDA_CHECK(cudaStreamBeginCapture(stream_, cudaStreamCaptureModeThreadLocal));
        try {
            body();
        } catch (const std::exception& e) {
            failure = e.what();
        }
        cudaGraph_t graph = nullptr;
        const cudaError_t end = cudaStreamEndCapture(stream_, &graph);
        if (failure.empty() && end != cudaSuccess) failure = cudaGetErrorString(end);
        if (failure.empty()) {
            const cudaError_t inst = cudaGraphInstantiate(&graph_exec_, graph, 0);
            if (inst != cudaSuccess) {
                failure = std::string("instantiate: ") + cudaGetErrorString(inst);
                graph_exec_ = nullptr;
            }
        }
        if (!failure.empty()) {
            // Something in the step cannot be captured (the in-process collective copies through
            // the host): decode runs eagerly from now on, which is correct, only slower.
            if (graph) cudaGraphDestroy(graph);
            cudaGetLastError();
            graphs_enabled_ = false;
            graph_note_ = "decode graphs off: " + failure;
            return body();
        }
        graph_ = graph;
        MOE_CUDA_CHECK(cudaGraphLaunch(graph_exec_, stream_));
    }

    void drop_graph() {
        if (graph_exec_) cudaGraphExecDestroy(graph_exec_);
        if (graph_) cudaGraphDestroy(graph_);
        graph_exec_ = nullptr;
        graph_ = nullptr;
        eager_decode_steps_ = 0;
    }

    void refuse_while_capturing(const char* what) {
        cudaStreamCaptureStatus st = cudaStreamCaptureStatusNone;
        MOE_CUDA_CHECK(cudaStreamIsCapturing(stream_, &st));
        if (st != cudaStreamCaptureStatusNone)
            throw Error(std::string(what) + " inside a captured decode step: host copies cannot be part of a CUDA graph");
    }

    void require_device_matrix(const MatrixView& w, const char* what) const {
        if (!w.data) throw Error(std::string("internal: ") + what + " is missing");
        if (w.row_stride != w.cols)
            throw Error(std::string("internal: ") + what + " is not a contiguous matrix uploaded to this GPU");
    }

    void* device_malloc(size_t bytes, const char* what) {
        void* p = nullptr;
        const cudaError_t err = cudaMalloc(&p, bytes);
        if (err != cudaSuccess) {
            cudaGetLastError();
            size_t free_b = 0, total_b = 0;
            cudaMemGetInfo(&free_b, &total_b);
            throw Error("out of GPU memory on GPU " + std::to_string(gpu_) + " (" + prop_.name + "): " + what + " needs " +
                        gb(bytes) + ", " + gb(free_b) + " of " + gb(total_b) + " free, this device already holds " +
                        gb(bytes_in_use()) + "; use more GPUs (--gpus), a shorter context, or fewer layers");
        }
        allocations_.push_back(p);
        sizes_[p] = bytes;
        bytes_ += bytes;
        return p;
    }

    void release(void* p) {
        auto it = std::find(allocations_.begin(), allocations_.end(), p);
        if (it == allocations_.end()) return;
        allocations_.erase(it);
        bytes_ -= sizes_[p];
        sizes_.erase(p);
        cudaFree(p);
    }

    // Temporary buffers of the benchmark references (freed by the caller, not tracked).
    void* device_scratch(size_t bytes) {
        void* p = nullptr;
        MOE_CUDA_CHECK(cudaMalloc(&p, bytes));
        return p;
    }

    // Reallocates *buf to hold `need` elements of `elem` bytes. Graph kernels hold the old
    // address, so a reallocation drops the captured graph (it is captured again).
    void grow(void** buf, size_t& cap, size_t need, size_t elem, const char* what) {
        cudaStreamCaptureStatus st = cudaStreamCaptureStatusNone;
        MOE_CUDA_CHECK(cudaStreamIsCapturing(stream_, &st));
        if (st != cudaStreamCaptureStatusNone)
            throw Error(std::string("internal: ") + what + " would grow inside a captured decode step");
        MOE_CUDA_CHECK(cudaStreamSynchronize(stream_));
        drop_graph();
        if (*buf) cudaFree(*buf);
        *buf = nullptr;
        cap = 0;
        const size_t want = need + need / 4;
        if (cudaMalloc(buf, want * elem) != cudaSuccess) {
            cudaGetLastError();
            size_t free_b = 0, total_b = 0;
            cudaMemGetInfo(&free_b, &total_b);
            throw Error("out of GPU memory on GPU " + std::to_string(gpu_) + ": " + what + " needs " + gb(want * elem) + ", " +
                        gb(free_b) + " free; lower the prefill batch or the context length");
        }
        cap = want;
    }

    void* workspace(size_t bytes) {
        if (bytes > workspace_bytes_) grow(&workspace_, workspace_bytes_, bytes, 1, "workspace");
        return workspace_;
    }

    template <typename F>
    float time_ms(int reps, F&& f) {
        f(); // warm-up
        cudaEvent_t t0, t1;
        MOE_CUDA_CHECK(cudaEventCreate(&t0));
        MOE_CUDA_CHECK(cudaEventCreate(&t1));
        MOE_CUDA_CHECK(cudaEventRecord(t0, stream_));
        for (int i = 0; i < reps; ++i) f();
        MOE_CUDA_CHECK(cudaEventRecord(t1, stream_));
        MOE_CUDA_CHECK(cudaEventSynchronize(t1));
        float ms = 0.0f;
        MOE_CUDA_CHECK(cudaEventElapsedTime(&ms, t0, t1));
        cudaEventDestroy(t0);
        cudaEventDestroy(t1);
        return ms / float(reps);
    }

    int gpu_;
    bool graphs_enabled_;
    cudaDeviceProp prop_{};
    cudaStream_t stream_ = nullptr;
    cublasHandle_t cublas_ = nullptr;
    void* cublas_workspace_ = nullptr;

    std::vector<void*> allocations_;
    std::map<void*, size_t> sizes_;
    size_t bytes_ = 0;
    std::map<std::tuple<const void*, int64_t, int64_t, int64_t, int>, MatrixView> uploaded_;

    __nv_bfloat16* k_cache_ = nullptr; // [layers, max_tokens, kv_dim]
    __nv_bfloat16* v_cache_ = nullptr; // [layers, max_tokens, kv_dim]
    int kv_layers_ = 0, kv_max_ = 0, kv_dim_ = 0;

    void* workspace_ = nullptr; // GEMM inputs and MoE scratch, grown as needed
    size_t workspace_bytes_ = 0;
    float* partials_ = nullptr; // flash-decoding partial results
    size_t partials_floats_ = 0;
    int32_t* ids_ = nullptr;    // token ids of eager steps
    size_t ids_cap_ = 0;
    int32_t* host_counts_ = nullptr; // pinned: tokens per expert (grouped MoE)

    int32_t* step_dev_ = nullptr;  // [token id, pos0] of the decode step
    int32_t* step_host_ = nullptr; // pinned staging for step_dev_
    cudaEvent_t step_copied_ = nullptr;
    bool device_inputs_ = false;
    int64_t embed_vocab_ = -1;
    cudaGraph_t graph_ = nullptr;
    cudaGraphExec_t graph_exec_ = nullptr;
    int eager_decode_steps_ = 0;
    std::string graph_note_;
    bool profile_ = false;
    double profile_stage_t0_ = 0;
    std::map<std::string, std::pair<double, int64_t>> profile_totals_;
};

} // namespace

std::string cuda_profile_report(Device& device) {
    auto* cuda_device = dynamic_cast<CudaDevice*>(&device);
    return cuda_device ? cuda_device->profile_report() : std::string();
}

void cuda_profile_reset(Device& device) {
    if (auto* cuda_device = dynamic_cast<CudaDevice*>(&device)) cuda_device->profile_reset();
}

CudaPlacement cuda_placement(Device& device) {
    auto* cuda_device = dynamic_cast<CudaDevice*>(&device);
    if (!cuda_device) throw Error("the NCCL collective needs CUDA devices; got " + device.name());
    return CudaPlacement{cuda_device->gpu(), cuda_device->stream()};
}

std::vector<GpuInfo> list_gpus() {
    std::vector<GpuInfo> gpus;
    const int count = visible_gpu_count(nullptr);
    for (int i = 0; i < count; ++i) {
        cudaDeviceProp prop{};
        if (cudaGetDeviceProperties(&prop, i) != cudaSuccess) continue;
        GpuInfo info;
        info.index = i;
        info.name = prop.name;
        info.total_bytes = prop.totalGlobalMem;
        size_t free_b = 0, total_b = 0;
        int previous = 0;
        cudaGetDevice(&previous);
        if (cudaSetDevice(i) == cudaSuccess && cudaMemGetInfo(&free_b, &total_b) == cudaSuccess) info.free_bytes = free_b;
        cudaSetDevice(previous);
        cudaGetLastError();
        gpus.push_back(info);
    }
    return gpus;
}

bool cuda_available(std::string* why_not) { return visible_gpu_count(why_not) > 0; }

std::unique_ptr<Device> make_cuda_device(const CudaDeviceOptions& options) {
    std::string why;
    const int count = visible_gpu_count(&why);
    if (count == 0) throw Error("--backend cuda: " + why + ". The CPU backend (--backend cpu) works without a GPU.");
    if (options.gpu < 0 || options.gpu >= count) {
        std::string have;
        for (const GpuInfo& g : list_gpus()) have += (have.empty() ? "" : ", ") + std::to_string(g.index) + ": " + g.name;
        throw Error("GPU " + std::to_string(options.gpu) + " was requested but " + std::to_string(count) +
                    " CUDA GPU(s) are visible (" + have + ")");
    }
    return std::make_unique<CudaDevice>(options);
}

} // namespace moe
