// Every op of the CUDA device against the CPU device's op (the reference) on fresh random
// inputs at awkward sizes; outputs start as sentinels so an unwritten element fails, and NaN or
// Inf fails. Bounds: 1e-5 where both sides compute in fp32 (only the summation order differs);
// where the GPU rounds activations to bf16 for the tensor cores (cuBLAS prefill GEMMs) the
// normalised error of a dot product is about 2^-9/sqrt(3) ≈ 1.1e-3, so 4e-3 (f16: 2^-11 → 1e-3);
// attention reads a bf16 KV cache: 5e-3.
#include <algorithm>
#include <cstring>
#include <numeric>

#include "device.h"
#include "error.h"
#include "harness.h"
#include "weights.h"

using namespace moe;
using namespace moe::ktest;

namespace {

struct Devices {
    std::unique_ptr<Device> cpu = make_cpu_device({});
    std::unique_ptr<Device> gpu = make_cuda_device({});
};
Devices& devices() {
    static Devices d;
    return d;
}

const char* dname(DType t) { return dtype_name(t); }

// A host matrix of random values in `dtype`, `pad` extra columns per row so that a column slice
// is a strided view (as tensor-parallel shards are).
struct HostMatrix {
    std::vector<uint8_t> bytes;
    MatrixView full;
    HostMatrix(int64_t rows, int64_t cols, DType dtype, float scale) {
        const std::vector<float> v = random_values(size_t(rows * cols), scale);
        bytes.resize(v.size() * dtype_size(dtype));
        for (size_t i = 0; i < v.size(); ++i) {
            if (dtype == DType::F32) std::memcpy(bytes.data() + 4 * i, &v[i], 4);
            else {
                const uint16_t h = dtype == DType::BF16 ? f32_to_bf16(v[i]) : f32_to_f16(v[i]);
                std::memcpy(bytes.data() + 2 * i, &h, 2);
            }
        }
        full = MatrixView{bytes.data(), dtype, rows, cols, cols};
    }
};

void test_embed() {
    auto& [cpu, gpu] = devices();
    for (DType t : {DType::BF16, DType::F16, DType::F32})
        for (int64_t d : {72, 1027}) {
            HostMatrix table(387, d, t, 1.0f);
            const MatrixView tc = cpu->upload(table.full), tg = gpu->upload(table.full);
            std::vector<int32_t> ids = {0, 386, 5, 17, 200, 5, 99, 1, 300};
            const int n = int(ids.size());
            float* xc = cpu->alloc(size_t(n * d));
            float* xg = sentinel_buffer(*gpu, size_t(n * d));
            cpu->embed(tc, ids.data(), n, xc);
            gpu->embed(tg, ids.data(), n, xg);
            compare(std::string("embed ") + dname(t) + " d=" + std::to_string(d), to_host(*gpu, xg, size_t(n * d)),
                    to_host(*cpu, xc, size_t(n * d)), 0.0);
            bool threw = false;
            std::vector<int32_t> bad = {3, 387};
            try {
                gpu->embed(tg, bad.data(), 2, xg);
            } catch (const Error&) {
                threw = true;
            }
            check(threw, "embed refuses an id outside the vocabulary");
        }
}

void test_rmsnorm() {
    auto& [cpu, gpu] = devices();
    for (int d : {48, 1027, 4096}) {
        const int n = 7;
        const auto x = random_values(size_t(n * d), 3.0f), y = random_values(size_t(n * d)), w = random_values(size_t(d));
        float *xc = device_buffer(*cpu, x), *yc = device_buffer(*cpu, y), *wc = device_buffer(*cpu, w);
        float *xg = device_buffer(*gpu, x), *yg = device_buffer(*gpu, y), *wg = device_buffer(*gpu, w);
        float* oc = cpu->alloc(size_t(n * d));
        float* og = sentinel_buffer(*gpu, size_t(n * d));
        cpu->rmsnorm(xc, wc, n, d, 1e-5f, oc);
        gpu->rmsnorm(xg, wg, n, d, 1e-5f, og);
        compare("rmsnorm d=" + std::to_string(d), to_host(*gpu, og, size_t(n * d)), to_host(*cpu, oc, size_t(n * d)), 1e-5);
        og = sentinel_buffer(*gpu, size_t(n * d));
        cpu->add_rmsnorm(xc, yc, wc, n, d, 1e-5f, oc);
        gpu->add_rmsnorm(xg, yg, wg, n, d, 1e-5f, og);
        compare("add_rmsnorm out d=" + std::to_string(d), to_host(*gpu, og, size_t(n * d)), to_host(*cpu, oc, size_t(n * d)), 1e-5);
        compare("add_rmsnorm residual d=" + std::to_string(d), to_host(*gpu, xg, size_t(n * d)), to_host(*cpu, xc, size_t(n * d)),
                1e-6);
    }
}

double gemm_bound(DType t, int n, int64_t rows) {
    // GEMV (few tokens, or few rows like a router): fp32 activations, fp32 accumulation
    if (n <= 8 || rows <= 256 || t == DType::F32) return 1e-5;
    return t == DType::BF16 ? 4e-3 : 1e-3;    // tensor-core GEMM on rounded activations
}

void test_matmul() {
    auto& [cpu, gpu] = devices();
    const std::vector<std::pair<int64_t, int64_t>> shapes = {{96, 48}, {387, 64}, {1000, 1027}, {4096, 512}, {50, 4100}};
    for (DType t : {DType::BF16, DType::F16, DType::F32})
        for (auto [rows, cols] : shapes) {
            // a column slice of a wider matrix: the strided upload of a tensor-parallel shard
            HostMatrix host(rows, cols + 5, t, 1.0f / std::sqrt(float(cols)));
            const MatrixView view = host.full.col_slice(3, cols);
            const MatrixView wc = cpu->upload(view), wg = gpu->upload(view);
            for (int n : {1, 2, 3, 5, 8, 9, 33}) {
                const auto x = random_values(size_t(n * cols));
                float* xc = device_buffer(*cpu, x);
                float* xg = device_buffer(*gpu, x);
                float* oc = cpu->alloc(size_t(n * rows));
                float* og = sentinel_buffer(*gpu, size_t(n * rows));
                cpu->matmul(xc, n, wc, oc);
                gpu->matmul(xg, n, wg, og);
                compare(std::string("matmul ") + dname(t) + " " + std::to_string(rows) + "x" + std::to_string(cols) +
                            " n=" + std::to_string(n),
                        to_host(*gpu, og, size_t(n * rows)), to_host(*cpu, oc, size_t(n * rows)), gemm_bound(t, n, rows));
            }
        }
}

void test_rope() {
    auto& [cpu, gpu] = devices();
    struct S { int h, kv, hd; float theta; };
    for (S s : {S{4, 2, 12, 1e4f}, S{8, 2, 128, 1e6f}, S{3, 1, 64, 1e4f}}) {
        const AttentionShape shape{s.h, s.kv, s.hd, 0, s.theta};
        for (int pos0 : {0, 37, 3000}) {
            const int n = 5;
            const auto q = random_values(size_t(n * s.h * s.hd)), k = random_values(size_t(n * s.kv * s.hd));
            float *qc = device_buffer(*cpu, q), *kc = device_buffer(*cpu, k);
            float *qg = device_buffer(*gpu, q), *kg = device_buffer(*gpu, k);
            cpu->rope(qc, kc, n, pos0, shape);
            gpu->rope(qg, kg, n, pos0, shape);
            const std::string what = "rope hd=" + std::to_string(s.hd) + " pos0=" + std::to_string(pos0);
            compare(what + " q", to_host(*gpu, qg, q.size()), to_host(*cpu, qc, q.size()), 1e-5);
            compare(what + " k", to_host(*gpu, kg, k.size()), to_host(*cpu, kc, k.size()), 1e-5);
        }
    }
}

void test_attention() {
    struct S { int h, kv, hd; };
    const std::vector<std::pair<int, int>> short_calls = {{37, 0}, {1, 37}, {3, 38}, {70, 41}, {1, 111}, {4, 112}};
    const std::vector<std::pair<int, int>> long_calls = {{300, 0}, {250, 300}, {1, 550}, {4, 551}, {33, 555}};
    for (S s : {S{4, 2, 12}, S{8, 1, 16}, S{32, 8, 128}, S{4, 4, 64}})
        for (int window : {0, 8, 100})
            for (const auto* calls : {&short_calls, &long_calls}) {
                // fresh devices: each scenario fills its own KV cache from position 0
                auto cpu = make_cpu_device({});
                auto gpu = make_cuda_device({});
                const int max_tokens = 600;
                const AttentionShape shape{s.h, s.kv, s.hd, window, 1e4f};
                cpu->kv_init(2, max_tokens, s.kv * s.hd);
                gpu->kv_init(2, max_tokens, s.kv * s.hd);
                for (auto [n, pos0] : *calls) {
                    const size_t qn = size_t(n * s.h * s.hd), kn = size_t(n * s.kv * s.hd);
                    const auto q = random_values(qn, 0.6f), k = random_values(kn, 0.6f), v = random_values(kn);
                    float *qc = device_buffer(*cpu, q), *kc = device_buffer(*cpu, k), *vc = device_buffer(*cpu, v);
                    float *qg = device_buffer(*gpu, q), *kg = device_buffer(*gpu, k), *vg = device_buffer(*gpu, v);
                    float* oc = cpu->alloc(qn);
                    float* og = sentinel_buffer(*gpu, qn);
                    cpu->attention(1, qc, kc, vc, n, pos0, shape, oc);
                    gpu->attention(1, qg, kg, vg, n, pos0, shape, og);
                    compare("attention h=" + std::to_string(s.h) + "/" + std::to_string(s.kv) + " hd=" + std::to_string(s.hd) +
                                " window=" + std::to_string(window) + " n=" + std::to_string(n) + " pos0=" + std::to_string(pos0),
                            to_host(*gpu, og, qn), to_host(*cpu, oc, qn), 5e-3);
                }
                bool threw = false;
                try {
                    std::vector<float> one(size_t(s.h * s.hd), 0.5f);
                    float* q1 = device_buffer(*gpu, one);
                    gpu->attention(1, q1, q1, q1, 1, max_tokens, shape, q1);
                } catch (const Error&) {
                    threw = true;
                }
                check(threw, "attention refuses a position past the KV cache");
            }
}

std::vector<float> ids_as_floats(const std::vector<int32_t>& ids) {
    std::vector<float> f(ids.size());
    std::memcpy(f.data(), ids.data(), ids.size() * 4);
    return f;
}
std::vector<int32_t> floats_as_ids(const std::vector<float>& f) {
    std::vector<int32_t> ids(f.size());
    std::memcpy(ids.data(), f.data(), f.size() * 4);
    return ids;
}

void test_router() {
    auto& [cpu, gpu] = devices();
    for (auto [E, k] : std::vector<std::pair<int, int>>{{4, 2}, {8, 2}, {8, 1}, {60, 4}, {16, 8}, {256, 2}}) {
        const int n = 33;
        const auto logits = random_values(size_t(n * E), 3.0f);
        float* lc = device_buffer(*cpu, logits);
        float* lg = device_buffer(*gpu, logits);
        int32_t* ic = cpu->alloc_ids(size_t(n * k));
        int32_t* ig = gpu->alloc_ids(size_t(n * k));
        float* wc = cpu->alloc(size_t(n * k));
        float* wg = sentinel_buffer(*gpu, size_t(n * k));
        gpu->copy_from_host(ids_as_floats(std::vector<int32_t>(size_t(n * k), -5)).data(), size_t(n * k),
                            reinterpret_cast<float*>(ig));
        cpu->router(lc, n, E, k, ic, wc);
        gpu->router(lg, n, E, k, ig, wg);
        const auto idc = floats_as_ids(to_host(*cpu, reinterpret_cast<float*>(ic), size_t(n * k)));
        const auto idg = floats_as_ids(to_host(*gpu, reinterpret_cast<float*>(ig), size_t(n * k)));
        const std::string what = "router E=" + std::to_string(E) + " k=" + std::to_string(k);
        check(idc == idg, what + " ids identical");
        compare(what + " weights", to_host(*gpu, wg, size_t(n * k)), to_host(*cpu, wc, size_t(n * k)), 1e-5);
    }
}

void test_moe() {
    auto& [cpu, gpu] = devices();
    struct Shape { int d, ff; DType t; };
    uint64_t seed = 1;
    for (Shape sh : {Shape{64, 96, DType::BF16}, Shape{36, 50, DType::BF16}, Shape{512, 1024, DType::BF16},
                     Shape{128, 200, DType::F16}})
        for (auto [E, k] : std::vector<std::pair<int, int>>{{1, 1}, {4, 1}, {4, 2}, {8, 2}, {8, 4}}) {
            std::vector<ExpertWeights> ec, eg;
            for (int e = 0; e < E; ++e) {
                auto make = [&](Device& dev, int64_t r, int64_t c, uint64_t s) {
                    return dev.random_matrix(r, c, sh.t, 1.0f / std::sqrt(float(c)), s);
                };
                const uint64_t s = seed += 3;
                ec.push_back({make(*cpu, sh.ff, sh.d, s), make(*cpu, sh.ff, sh.d, s + 1), make(*cpu, sh.d, sh.ff, s + 2)});
                eg.push_back({make(*gpu, sh.ff, sh.d, s), make(*gpu, sh.ff, sh.d, s + 1), make(*gpu, sh.d, sh.ff, s + 2)});
            }
            for (int n : {1, 3, 8, 9, 40}) {
                // each token: k distinct experts in shuffled order, positive weights summing to 1
                std::vector<int32_t> ids;
                std::vector<float> wts;
                for (int t = 0; t < n; ++t) {
                    std::vector<int32_t> perm(static_cast<size_t>(E));
                    std::iota(perm.begin(), perm.end(), 0);
                    std::shuffle(perm.begin(), perm.end(), rng());
                    auto w = random_values(size_t(k));
                    float sum = 0;
                    for (float& v : w) sum += (v = std::fabs(v));
                    for (int j = 0; j < k; ++j) {
                        ids.push_back(perm[size_t(j)]);
                        wts.push_back(w[size_t(j)] / sum);
                    }
                }
                const auto x = random_values(size_t(n * sh.d));
                float* xc = device_buffer(*cpu, x);
                float* xg = device_buffer(*gpu, x);
                int32_t* ic = cpu->alloc_ids(ids.size());
                int32_t* ig = gpu->alloc_ids(ids.size());
                cpu->copy_from_host(ids_as_floats(ids).data(), ids.size(), reinterpret_cast<float*>(ic));
                gpu->copy_from_host(ids_as_floats(ids).data(), ids.size(), reinterpret_cast<float*>(ig));
                float* wc = device_buffer(*cpu, wts);
                float* wg = device_buffer(*gpu, wts);
                float* oc = cpu->alloc(size_t(n * sh.d));
                float* og = sentinel_buffer(*gpu, size_t(n * sh.d));
                cpu->moe(xc, n, sh.d, ec, ic, wc, k, oc);
                gpu->moe(xg, n, sh.d, eg, ig, wg, k, og);
                // the GEMV path (≤ 16 pairs) keeps fp32 activations; the grouped path rounds x
                // and the SwiGLU output to bf16/f16 for the tensor cores: two roundings.
                const bool gemv = n * k <= 16;
                const double bound = gemv ? 1e-5 : (sh.t == DType::BF16 ? 6e-3 : 2e-3);
                compare(std::string("moe ") + dname(sh.t) + " d=" + std::to_string(sh.d) + " ff=" + std::to_string(sh.ff) +
                            " experts=" + std::to_string(E) + " k=" + std::to_string(k) + " n=" + std::to_string(n),
                        to_host(*gpu, og, size_t(n * sh.d)), to_host(*cpu, oc, size_t(n * sh.d)), bound);
            }
        }
}

void test_add() {
    auto& [cpu, gpu] = devices();
    const size_t n = 100003;
    const auto x = random_values(n), y = random_values(n);
    float *xc = device_buffer(*cpu, x), *yc = device_buffer(*cpu, y);
    float *xg = device_buffer(*gpu, x), *yg = device_buffer(*gpu, y);
    cpu->add(xc, yc, n);
    gpu->add(xg, yg, n);
    compare("add n=100003", to_host(*gpu, xg, n), to_host(*cpu, xc, n), 0.0);
}

void test_random_weights() {
    auto& [cpu, gpu] = devices();
    // --random-weights gives the same model on either device: the same hash, the same rounding.
    for (DType t : {DType::BF16, DType::F16, DType::F32}) {
        const MatrixView wc = cpu->random_matrix(37, 67, t, 0.25f, 99), wg = gpu->random_matrix(37, 67, t, 0.25f, 99);
        const auto x = random_values(67);
        float* xc = device_buffer(*cpu, x);
        float* xg = device_buffer(*gpu, x);
        float* oc = cpu->alloc(37);
        float* og = sentinel_buffer(*gpu, 37);
        cpu->matmul(xc, 1, wc, oc);
        gpu->matmul(xg, 1, wg, og);
        compare(std::string("random_matrix ") + dname(t) + " same weights as the CPU device", to_host(*gpu, og, 37),
                to_host(*cpu, oc, 37), 1e-5);
    }
    const float* vc = cpu->random_vector(1001, 1.0f, 0.1f, 7);
    const float* vg = gpu->random_vector(1001, 1.0f, 0.1f, 7);
    std::vector<float> hc(vc, vc + 1001);
    compare("random_vector same values as the CPU device", to_host(*gpu, vg, 1001), hc, 0.0);
}

} // namespace

int main() {
    return run("test_cuda_kernels", {
                                        {"embed", test_embed},
                                        {"rmsnorm", test_rmsnorm},
                                        {"add", test_add},
                                        {"matmul", test_matmul},
                                        {"rope", test_rope},
                                        {"attention", test_attention},
                                        {"router", test_router},
                                        {"moe", test_moe},
                                        {"random weights", test_random_weights},
                                    });
}
