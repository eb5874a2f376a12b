// The CPU device: fp32 activations, weights read in place from the memory-mapped checkpoint,
// every op parallel over the device's thread pool.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <deque>
#include <limits>
#include <memory>
#include <mutex>

#include "cpu_kernels.h"
#include "device.h"
#include "error.h"
#include "thread_pool.h"
#include "weights.h"

namespace moe {
namespace {

// Deterministic per-element hash → uniform float in [-1, 1) (SplitMix64).
inline float hash_uniform(uint64_t seed, uint64_t i) {
    uint64_t z = seed + 0x9e3779b97f4a7c15ull * (i + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return float(double(z >> 40) / double(1ull << 23) - 1.0);
}

// From this many tokens on, matmul runs as a blocked matrix-matrix product; below it, as
// matrix-vector products that stream the weights once per token.
constexpr int kGemmMinTokens = 4;

class CpuDevice final : public Device {
public:
    explicit CpuDevice(int threads) : pool_(threads > 0 ? threads : hardware_threads()) {}

    std::string name() const override {
        return "cpu (" + std::to_string(pool_.size()) + " threads, " + cpu::kernels().isa + ")";
    }

    float* alloc(size_t n) override {
        auto& b = floats_.emplace_back(std::make_unique<float[]>(n));
        std::fill_n(b.get(), n, 0.0f);
        bytes_ += n * sizeof(float);
        return b.get();
    }
    int32_t* alloc_ids(size_t n) override {
        auto& b = ids_.emplace_back(std::make_unique<int32_t[]>(n));
        bytes_ += n * sizeof(int32_t);
        return b.get();
    }
    MatrixView upload(const MatrixView& host) override {
        weight_bytes_ += size_t(host.rows * host.cols) * dtype_size(host.dtype);
        return host; // read in place from the mmap
    }
    const float* upload_vector(const TensorView& host) override {
        float* v = alloc(size_t(host.numel()));
        to_f32(host.data, host.dtype, size_t(host.numel()), v);
        return v;
    }
    MatrixView random_matrix(int64_t rows, int64_t cols, DType dtype, float scale, uint64_t seed) override {
        const size_t n = size_t(rows * cols);
        auto& b = raw_.emplace_back(std::make_unique<uint8_t[]>(n * dtype_size(dtype)));
        weight_bytes_ += n * dtype_size(dtype);
        uint8_t* data = b.get();
        pool_.parallel_for(rows, 16, [&](int64_t r0, int64_t r1) {
            for (int64_t r = r0; r < r1; ++r)
                for (int64_t c = 0; c < cols; ++c) {
                    const size_t i = size_t(r * cols + c);
                    const float v = scale * hash_uniform(seed, i);
                    switch (dtype) {
                    case DType::F32: reinterpret_cast<float*>(data)[i] = v; break;
                    case DType::BF16: reinterpret_cast<uint16_t*>(data)[i] = f32_to_bf16(v); break;
                    case DType::F16: reinterpret_cast<uint16_t*>(data)[i] = f32_to_f16(v); break;
                    }
                }
        });
        return MatrixView{data, dtype, rows, cols, cols};
    }
    const float* random_vector(int64_t n, float center, float scale, uint64_t seed) override {
        float* v = alloc(size_t(n));
        for (int64_t i = 0; i < n; ++i) v[i] = center + scale * hash_uniform(seed, uint64_t(i));
        return v;
    }
    void copy_to_host(const float* src, size_t n, float* dst) override { std::memcpy(dst, src, n * sizeof(float)); }
    void copy_from_host(const float* src, size_t n, float* dst) override { std::memcpy(dst, src, n * sizeof(float)); }

    void kv_init(int n_layers, int max_tokens, int kv_dim) override {
        kv_layers_ = n_layers;
        kv_max_ = max_tokens;
        kv_dim_ = kv_dim;
        const size_t per_layer = size_t(max_tokens) * size_t(kv_dim);
        k_cache_ = alloc(per_layer * size_t(n_layers));
        v_cache_ = alloc(per_layer * size_t(n_layers));
    }
    size_t bytes_in_use() const override { return bytes_ + weight_bytes_; }

    void embed(const MatrixView& table, const int32_t* ids, int n, float* x) override {
        for (int i = 0; i < n; ++i) {
            if (ids[i] < 0 || ids[i] >= table.rows)
                throw Error("token id " + std::to_string(ids[i]) + " is outside the vocabulary (0.." +
                            std::to_string(table.rows - 1) + ")");
            to_f32(table.row(ids[i]), table.dtype, size_t(table.cols), x + size_t(i) * size_t(table.cols));
        }
    }

    void rmsnorm(const float* x, const float* w, int n, int d, float eps, float* out) override {
        pool_.parallel_for(n, 1, [&](int64_t i0, int64_t i1) {
            for (int64_t i = i0; i < i1; ++i) {
                const float* xi = x + i * d;
                double ss = 0.0;
                for (int j = 0; j < d; ++j) ss += double(xi[j]) * xi[j];
                const float inv = 1.0f / std::sqrt(float(ss / d) + eps);
                float* oi = out + i * d;
                for (int j = 0; j < d; ++j) oi[j] = w[j] * (xi[j] * inv);
            }
        });
    }

    void matmul(const float* x, int n, const MatrixView& w, float* out) override {
        const auto& k = cpu::kernels();
        const int64_t m = w.rows;
        if (n >= kGemmMinTokens) {
            // Prefill: blocks of 16 or 32 weight rows, each widened once per column panel and used
            // for every token.
            const int64_t rows = k.gemm_rows;
            const int64_t blocks = (m + rows - 1) / rows;
            pool_.parallel_for(blocks, 1, [&](int64_t b0, int64_t b1) {
                for (int64_t b = b0; b < b1; ++b) {
                    const int64_t r0 = b * rows;
                    k.gemm(w, r0, int(std::min<int64_t>(rows, m - r0)), x, n, out, m);
                }
            });
            return;
        }
        const auto dot = k.dot[int(w.dtype)];
        const auto dot4 = k.dot4[int(w.dtype)];
        const size_t kd = size_t(w.cols);
        // Decode: blocks of 4 weight rows streamed once per token; the 4-row kernel shares every
        // load of x.
        const int64_t blocks = (m + 3) / 4;
        pool_.parallel_for(blocks, 8, [&](int64_t b0, int64_t b1) {
            for (int t = 0; t < n; ++t) {
                const float* xt = x + size_t(t) * kd;
                float* ot = out + size_t(t) * size_t(m);
                for (int64_t b = b0; b < b1; ++b) {
                    const int64_t r = b * 4;
                    if (r + 4 <= m) {
                        dot4(w.row(r), w.row(r + 1), w.row(r + 2), w.row(r + 3), xt, kd, ot + r);
                    } else {
                        for (int64_t rr = r; rr < m; ++rr) ot[rr] = dot(w.row(rr), xt, kd);
                    }
                }
            }
        });
    }

    void rope(float* q, float* k, int n, int pos0, const AttentionShape& s) override {
        const int half = s.head_dim / 2;
        // inv_freq and angles in fp32, as transformers computes them, then cos/sin.
        std::vector<float> inv_freq(static_cast<size_t>(half));
        for (int i = 0; i < half; ++i)
            inv_freq[size_t(i)] = float(1.0 / std::pow(double(s.rope_theta), double(float(2 * i) / float(s.head_dim))));
        pool_.parallel_for(n, 1, [&](int64_t t0, int64_t t1) {
            std::vector<float> c(static_cast<size_t>(half)), sn(static_cast<size_t>(half));
            for (int64_t t = t0; t < t1; ++t) {
                const float pos = float(pos0 + t);
                for (int i = 0; i < half; ++i) {
                    const float angle = pos * inv_freq[size_t(i)];
                    c[size_t(i)] = float(std::cos(double(angle)));
                    sn[size_t(i)] = float(std::sin(double(angle)));
                }
                auto rotate = [&](float* v, int heads) {
                    for (int h = 0; h < heads; ++h) {
                        float* x = v + size_t(h) * size_t(s.head_dim);
                        for (int i = 0; i < half; ++i) {
                            const float x1 = x[i], x2 = x[i + half];
                            x[i] = x1 * c[size_t(i)] - x2 * sn[size_t(i)];
                            x[i + half] = x2 * c[size_t(i)] + x1 * sn[size_t(i)];
                        }
                    }
                };
                rotate(q + size_t(t) * size_t(s.n_heads * s.head_dim), s.n_heads);
                rotate(k + size_t(t) * size_t(s.n_kv_heads * s.head_dim), s.n_kv_heads);
            }
        });
    }

    void attention(int layer, const float* q, const float* k, const float* v, int n, int pos0,
                   const AttentionShape& s, float* out) override {
        if (pos0 + n > kv_max_)
            throw Error("the KV cache holds " + std::to_string(kv_max_) + " tokens; position " +
                        std::to_string(pos0 + n) + " is past it");
        const int kvd = s.n_kv_heads * s.head_dim;
        const int qd = s.n_heads * s.head_dim;
        float* kc = k_cache_ + size_t(layer) * size_t(kv_max_) * size_t(kv_dim_);
        float* vc = v_cache_ + size_t(layer) * size_t(kv_max_) * size_t(kv_dim_);
        for (int t = 0; t < n; ++t) {
            std::memcpy(kc + size_t(pos0 + t) * size_t(kv_dim_), k + size_t(t) * size_t(kvd), size_t(kvd) * sizeof(float));
            std::memcpy(vc + size_t(pos0 + t) * size_t(kv_dim_), v + size_t(t) * size_t(kvd), size_t(kvd) * sizeof(float));
        }
        const int group = s.n_heads / s.n_kv_heads;
        const float scale = 1.0f / std::sqrt(float(s.head_dim));
        const auto dot = cpu::kernels().dot[int(DType::F32)];
        pool_.parallel_for(int64_t(n) * s.n_heads, 1, [&](int64_t j0, int64_t j1) {
            std::vector<float> scores;
            for (int64_t j = j0; j < j1; ++j) {
                const int t = int(j / s.n_heads), h = int(j % s.n_heads), kh = h / group;
                const int pos = pos0 + t;
                const int first = s.window > 0 ? std::max(0, pos - s.window + 1) : 0;
                const float* qh = q + size_t(t) * size_t(qd) + size_t(h) * size_t(s.head_dim);
                scores.resize(size_t(pos - first + 1));
                float mx = -std::numeric_limits<float>::infinity();
                for (int p = first; p <= pos; ++p) {
                    const float sc = dot(kc + size_t(p) * size_t(kv_dim_) + size_t(kh) * size_t(s.head_dim), qh,
                                         size_t(s.head_dim)) * scale;
                    scores[size_t(p - first)] = sc;
                    mx = std::max(mx, sc);
                }
                double sum = 0.0;
                for (float& sc : scores) {
                    sc = std::exp(sc - mx);
                    sum += sc;
                }
                float* oh = out + size_t(t) * size_t(qd) + size_t(h) * size_t(s.head_dim);
                std::fill_n(oh, s.head_dim, 0.0f);
                for (int p = first; p <= pos; ++p) {
                    const float wgt = float(scores[size_t(p - first)] / sum);
                    const float* vp = vc + size_t(p) * size_t(kv_dim_) + size_t(kh) * size_t(s.head_dim);
                    for (int d = 0; d < s.head_dim; ++d) oh[d] += wgt * vp[d];
                }
            }
        });
    }

    void router(const float* logits, int n, int n_experts, int top_k, int32_t* ids, float* weights) override {
        std::vector<float> p(static_cast<size_t>(n_experts));
        std::vector<int> order(static_cast<size_t>(n_experts));
        for (int t = 0; t < n; ++t) {
            const float* l = logits + size_t(t) * size_t(n_experts);
            const float mx = *std::max_element(l, l + n_experts);
            double sum = 0.0;
            for (int e = 0; e < n_experts; ++e) sum += (p[size_t(e)] = std::exp(l[e] - mx));
            for (int e = 0; e < n_experts; ++e) p[size_t(e)] = float(p[size_t(e)] / sum);
            for (int e = 0; e < n_experts; ++e) order[size_t(e)] = e;
            // top-k by probability; ties go to the lower expert id
            std::partial_sort(order.begin(), order.begin() + top_k, order.end(), [&](int a, int b) {
                return p[size_t(a)] > p[size_t(b)] || (p[size_t(a)] == p[size_t(b)] && a < b);
            });
            float kept = 0.0f;
            for (int j = 0; j < top_k; ++j) kept += p[size_t(order[size_t(j)])];
            for (int j = 0; j < top_k; ++j) {
                ids[t * top_k + j] = order[size_t(j)];
                weights[t * top_k + j] = p[size_t(order[size_t(j)])] / kept;
            }
        }
    }

    void moe(const float* x, int n, int d, const std::vector<ExpertWeights>& experts, const int32_t* ids,
             const float* weights, int top_k, float* out) override {
        std::fill_n(out, size_t(n) * size_t(d), 0.0f);
        // Group the tokens by expert so each chosen expert's weights are read once per step.
        for (size_t e = 0; e < experts.size(); ++e) {
            rows_.clear();
            gate_.clear();
            for (int t = 0; t < n; ++t)
                for (int j = 0; j < top_k; ++j)
                    if (ids[t * top_k + j] == int(e)) {
                        rows_.push_back(t);
                        gate_.push_back(weights[t * top_k + j]);
                    }
            if (rows_.empty()) continue;
            const ExpertWeights& ex = experts[e];
            const int m = int(rows_.size());
            const size_t ff = size_t(ex.w1.rows);
            xe_.resize(size_t(m) * size_t(d));
            for (int i = 0; i < m; ++i)
                std::memcpy(xe_.data() + size_t(i) * size_t(d), x + size_t(rows_[size_t(i)]) * size_t(d), size_t(d) * sizeof(float));
            a_.resize(size_t(m) * ff);
            b_.resize(size_t(m) * ff);
            y_.resize(size_t(m) * size_t(d));
            matmul(xe_.data(), m, ex.w1, a_.data());
            matmul(xe_.data(), m, ex.w3, b_.data());
            // The element-wise steps run on every thread too: serial, they would cost a many-core
            // machine a visible share of a decode step.
            pool_.parallel_for(int64_t(a_.size()), 4096, [&](int64_t i0, int64_t i1) {
                for (int64_t i = i0; i < i1; ++i) {
                    const float g = a_[size_t(i)];
                    a_[size_t(i)] = g / (1.0f + std::exp(-g)) * b_[size_t(i)]; // SwiGLU: silu(w1·x) ⊙ w3·x
                }
            });
            matmul(a_.data(), m, ex.w2, y_.data());
            pool_.parallel_for(d, 1024, [&](int64_t c0, int64_t c1) {
                for (int i = 0; i < m; ++i) {
                    float* o = out + size_t(rows_[size_t(i)]) * size_t(d);
                    const float* y = y_.data() + size_t(i) * size_t(d);
                    for (int64_t c = c0; c < c1; ++c) o[c] += gate_[size_t(i)] * y[c];
                }
            });
        }
    }

    void add(float* x, const float* y, size_t n) override {
        pool_.parallel_for(int64_t(n), 16384, [&](int64_t i0, int64_t i1) {
            for (int64_t i = i0; i < i1; ++i) x[i] += y[i];
        });
    }

    double measure_copy_bandwidth_gbs() override {
        const size_t n = size_t(256) << 20; // 256 MiB each way: far beyond the caches
        std::vector<char> a(n, 1), b(n, 2);
        const double s = best_of_5([&](int, int64_t lo, int64_t hi) { std::memcpy(b.data() + lo, a.data() + lo, size_t(hi - lo)); },
                                   int64_t(n));
        return 2.0 * double(n) / s / 1e9;
    }

    double measure_read_bandwidth_gbs() override {
        const size_t n = size_t(128) << 20; // 512 MiB of floats: twice the largest last-level caches
        std::vector<float> a(n, 1.0f);
        std::vector<float> sums(static_cast<size_t>(pool_.size()) * 16);
        const auto sum = cpu::kernels().sum;
        const double s = best_of_5(
            [&](int t, int64_t lo, int64_t hi) { sums[size_t(t) * 16] += sum(a.data() + lo, size_t(hi - lo)); },
            int64_t(n));
        if (!(sums[0] > 0.0f)) return 0.0; // keeps the sums (and so the reads) alive
        return double(n * sizeof(float)) / s / 1e9;
    }

private:
    // Seconds of the fastest of five runs (after one warm-up) of fn(thread, lo, hi) over [0, n),
    // split evenly across the threads.
    double best_of_5(const std::function<void(int, int64_t, int64_t)>& fn, int64_t n) {
        const int threads = pool_.size();
        auto run = [&] {
            pool_.parallel_for(threads, 1, [&](int64_t t0, int64_t t1) {
                for (int64_t t = t0; t < t1; ++t) fn(int(t), n * t / threads, n * (t + 1) / threads);
            });
        };
        run();
        double best = std::numeric_limits<double>::infinity();
        for (int rep = 0; rep < 5; ++rep) {
            const auto t0 = std::chrono::steady_clock::now();
            run();
            best = std::min(best, std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
        }
        return best;
    }

    ThreadPool pool_;
    std::deque<std::unique_ptr<float[]>> floats_;
    std::deque<std::unique_ptr<int32_t[]>> ids_;
    std::deque<std::unique_ptr<uint8_t[]>> raw_;
    size_t bytes_ = 0, weight_bytes_ = 0;
    float* k_cache_ = nullptr; // [layers, max_tokens, kv_dim]
    float* v_cache_ = nullptr; // [layers, max_tokens, kv_dim]
    int kv_layers_ = 0, kv_max_ = 0, kv_dim_ = 0;
    // moe scratch, grown as needed
    std::vector<int> rows_;
    std::vector<float> gate_, xe_, a_, b_, y_;
};

} // namespace

std::unique_ptr<Device> make_cpu_device(const CpuDeviceOptions& options) {
    return std::make_unique<CpuDevice>(options.threads);
}

} // namespace moe
