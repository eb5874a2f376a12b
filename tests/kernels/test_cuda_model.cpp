// The whole model on the CUDA device against the CPU device (the reference) on the committed
// fixtures, the decode graph against eager decode, tensor parallelism on the CUDA path (2 ranks
// joined by the in-process collective on one GPU, since NCCL refuses two ranks on one GPU), and
// NCCL with one rank (inside the captured decode graph).
//
// Bounds (normalised error of all-position logits): prefill runs cuBLAS on activations rounded to
// bf16 (≈1e-3 per GEMM input, ~10 GEMMs in a 2-layer model, errors add in quadrature) and keeps a
// bf16 KV cache; the CPU is fp32 throughout: 1e-2. Decode (GEMV, fp32 activations) differs only by
// the bf16 KV cache: 5e-3. The same arithmetic in a different order (tensor-parallel ranks): 1e-3.
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include <nlohmann/json.hpp>

#include "collective.h"
#include "config.h"
#include "device.h"
#include "engine.h"
#include "error.h"
#include "harness.h"
#include "safetensors.h"
#include "transformer.h"
#include "weights.h"

using namespace moe;
using namespace moe::ktest;

namespace {

// The fixtures' folder: MOECHAT_TEST_DATA in the environment (a GPU machine runs a prebuilt
// binary from another checkout), else the one this binary was configured with.
const std::filesystem::path kData = std::getenv("MOECHAT_TEST_DATA") ? std::getenv("MOECHAT_TEST_DATA") : MOECHAT_TEST_DATA;

struct Model {
    std::string name;
    ModelConfig config;
    std::unique_ptr<Checkpoint> checkpoint;
    ModelWeights weights;
    nlohmann::json manifest;
};

Model& model(const std::string& name) {
    static std::map<std::string, Model> cache;
    auto it = cache.find(name);
    if (it != cache.end()) return it->second;
    Model m;
    m.name = name;
    const auto dir = kData / name;
    m.config = load_config(dir / "config.json");
    m.checkpoint = Checkpoint::open(dir);
    m.weights = bind_weights(*m.checkpoint, m.config);
    std::ifstream f(dir / "reference" / "manifest.json");
    m.manifest = nlohmann::json::parse(f);
    return cache.emplace(name, std::move(m)).first->second;
}

std::vector<float> read_f32(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary | std::ios::ate);
    std::vector<float> v(size_t(f.tellg()) / 4);
    f.seekg(0);
    f.read(reinterpret_cast<char*>(v.data()), std::streamsize(v.size() * 4));
    return v;
}

constexpr int kMaxTokens = 256;
constexpr int kMaxBatch = 64;

// Logits of every position of `ids`: one prefill, or one token at a time (decode steps).
void forward_all(Transformer& tf, const std::vector<int32_t>& ids, bool incremental, float* logits) {
    const size_t V = size_t(tf.config().vocab_size);
    if (!incremental) return tf.forward(ids.data(), int(ids.size()), 0, logits, true);
    for (size_t i = 0; i < ids.size(); ++i) tf.forward(&ids[i], 1, int(i), logits ? logits + i * V : nullptr, true);
}

// One rank per thread, `make_device(rank)` for each; rank 0's logits.
std::vector<float> run(const Model& m, const std::vector<int32_t>& ids, bool incremental, int ranks, Collective* collective,
                       const std::function<std::unique_ptr<Device>(int)>& make_device) {
    std::vector<float> logits(ids.size() * size_t(m.config.vocab_size));
    std::vector<std::string> errors(static_cast<size_t>(ranks));
    auto body = [&](int rank) {
        try {
            auto device = make_device(rank);
            const ModelWeights w = ranks > 1 ? shard_weights(m.weights, m.config, rank, ranks) : m.weights;
            Transformer tf(m.config, w, *device, collective, rank, ranks, kMaxTokens, kMaxBatch);
            forward_all(tf, ids, incremental, rank == 0 ? logits.data() : nullptr);
        } catch (const std::exception& e) {
            errors[size_t(rank)] = e.what();
        }
    };
    std::vector<std::thread> threads;
    for (int r = 1; r < ranks; ++r) threads.emplace_back(body, r);
    body(0);
    for (auto& t : threads) t.join();
    for (const auto& e : errors)
        if (!e.empty()) throw Error(e);
    return logits;
}

std::unique_ptr<Device> cpu_device(int) { return make_cpu_device({}); }
std::unique_ptr<Device> cuda_device(int) { return make_cuda_device({}); }
std::unique_ptr<Device> cuda_device_eager(int) {
    CudaDeviceOptions o;
    o.cuda_graphs = false;
    return make_cuda_device(o);
}

struct Prompt {
    std::string name;
    std::vector<int32_t> ids;     // the prompt
    std::vector<int32_t> decoded; // prompt + greedy continuation (the decode sequence)
    std::vector<float> reference; // transformers' prompt logits
};

std::vector<Prompt> prompts(const Model& m) {
    std::vector<Prompt> out;
    for (const auto& p : m.manifest["prompts"]) {
        Prompt pr;
        pr.name = p["name"].get<std::string>();
        pr.ids = p["ids"].get<std::vector<int32_t>>();
        pr.decoded = pr.ids;
        for (int id : p["greedy_ids"].get<std::vector<int32_t>>()) pr.decoded.push_back(id);
        pr.decoded.pop_back(); // the last greedy id is never fed back
        pr.reference = read_f32(kData / m.name / "reference" / p["prompt_logits"].get<std::string>());
        out.push_back(std::move(pr));
    }
    return out;
}

void test_cuda_vs_cpu(const std::string& name) {
    const Model& m = model(name);
    for (const Prompt& p : prompts(m)) {
        const auto cpu = run(m, p.ids, false, 1, nullptr, cpu_device);
        const auto gpu = run(m, p.ids, false, 1, nullptr, cuda_device);
        compare(name + "/" + p.name + " prefill logits cuda vs cpu", gpu, cpu, 1e-2);
        compare(name + "/" + p.name + " prefill logits cuda vs transformers", gpu, p.reference, 1e-2);
        const auto cpu_dec = run(m, p.decoded, true, 1, nullptr, cpu_device);
        const auto gpu_dec = run(m, p.decoded, true, 1, nullptr, cuda_device);
        compare(name + "/" + p.name + " decode logits (graph) cuda vs cpu", gpu_dec, cpu_dec, 5e-3);
        const auto gpu_eager = run(m, p.decoded, true, 1, nullptr, cuda_device_eager);
        compare(name + "/" + p.name + " decode logits graph vs eager", gpu_dec, gpu_eager, 0.0);
    }
}

void test_tensor_parallel(const std::string& name) {
    const Model& m = model(name);
    for (const Prompt& p : prompts(m)) {
        const auto tp1 = run(m, p.ids, false, 1, nullptr, cuda_device);
        auto two = make_in_process_collective(2);
        const auto tp2 = run(m, p.ids, false, 2, two.get(), cuda_device);
        compare(name + "/" + p.name + " prefill tp-2 (in-process, cuda) vs tp-1", tp2, tp1, 1e-3);
        const auto tp1_dec = run(m, p.decoded, true, 1, nullptr, cuda_device);
        auto two_dec = make_in_process_collective(2);
        const auto tp2_dec = run(m, p.decoded, true, 2, two_dec.get(), cuda_device);
        compare(name + "/" + p.name + " decode tp-2 (in-process, cuda) vs tp-1", tp2_dec, tp1_dec, 1e-3);
    }
}

void test_nccl_one_rank(const std::string& name) {
    const Model& m = model(name);
    for (const Prompt& p : prompts(m)) {
        auto nccl = make_nccl_collective({0});
        const auto plain = run(m, p.ids, false, 1, nullptr, cuda_device);
        const auto with_nccl = run(m, p.ids, false, 1, nccl.get(), cuda_device);
        compare(name + "/" + p.name + " prefill nccl 1 rank vs none (" + nccl->name() + ")", with_nccl, plain, 0.0);
        const auto plain_dec = run(m, p.decoded, true, 1, nullptr, cuda_device);
        const auto nccl_dec = run(m, p.decoded, true, 1, nccl.get(), cuda_device);
        compare(name + "/" + p.name + " decode nccl 1 rank (in the graph) vs none", nccl_dec, plain_dec, 0.0);
    }
    bool threw = false;
    try {
        make_nccl_collective({0, 0});
    } catch (const Error& e) {
        threw = std::string(e.what()).find("twice") != std::string::npos;
    }
    check(threw, "nccl refuses two ranks on one GPU with a clear message");
}

// Through the public API: the same checkpoint loaded by moe::Engine with the CUDA backend and
// with the CPU backend; tensor parallelism 2 on one GPU (the engine joins the ranks with the
// in-process collective because NCCL needs distinct GPUs).
void test_engine(const std::string& name) {
    const Model& m = model(name);
    auto load = [&](const std::string& backend, int tp, std::vector<int> gpus) {
        EngineOptions o;
        o.backend = backend;
        o.tp = tp;
        o.gpus = std::move(gpus);
        o.context_tokens = kMaxTokens;
        return Engine::load(kData / name, o);
    };
    auto cpu = load("cpu", 1, {});
    auto gpu = load("cuda", 1, {0});
    auto gpu_tp2 = load("cuda", 2, {0, 0});
    check(gpu->describe().find("cuda") != std::string::npos, name + " engine describes its CUDA device: " + gpu->describe());
    for (const Prompt& p : prompts(m)) {
        const std::vector<int> ids(p.decoded.begin(), p.decoded.end());
        Session sc(*cpu), sg(*gpu), st(*gpu_tp2);
        const auto ref = sc.logits(ids, false);
        compare(name + "/" + p.name + " engine prefill logits cuda vs cpu", sg.logits(ids, false), ref, 1e-2);
        compare(name + "/" + p.name + " engine prefill logits cuda tp-2 (one GPU) vs cpu", st.logits(ids, false), ref, 1e-2);
        const auto ref_inc = sc.logits(ids, true);
        compare(name + "/" + p.name + " engine decode logits cuda vs cpu", sg.logits(ids, true), ref_inc, 5e-3);
    }
}

void test_errors() {
    bool threw = false;
    try {
        CudaDeviceOptions o;
        o.gpu = 99;
        make_cuda_device(o);
    } catch (const Error& e) {
        threw = std::string(e.what()).find("GPU 99") != std::string::npos;
    }
    check(threw, "make_cuda_device names a missing GPU");
    check(!list_gpus().empty() && list_gpus()[0].total_bytes > 0, "list_gpus reports GPU 0 with its memory");
}

} // namespace

int main() {
    return run("test_cuda_model", {
                                      {"errors", test_errors},
                                      {"tiny-mixtral cuda vs cpu", [] { test_cuda_vs_cpu("tiny-mixtral"); }},
                                      {"tiny-dense cuda vs cpu", [] { test_cuda_vs_cpu("tiny-dense"); }},
                                      {"tiny-mixtral tp-2 in-process", [] { test_tensor_parallel("tiny-mixtral"); }},
                                      {"tiny-dense tp-2 in-process", [] { test_tensor_parallel("tiny-dense"); }},
                                      {"tiny-mixtral nccl 1 rank", [] { test_nccl_one_rank("tiny-mixtral"); }},
                                      {"tiny-mixtral engine cuda vs cpu", [] { test_engine("tiny-mixtral"); }},
                                      {"tiny-dense engine cuda vs cpu", [] { test_engine("tiny-dense"); }},
                                  });
}
