#include "memory_plan.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <limits>
#include <sstream>

#include "error.h"
#include "weights.h"

namespace moe {

namespace {

// Saturating arithmetic: an absurd context length reads as "does not fit", never wraps to
// small. The ceiling leaves room for DevicePlan::total() to add three of them.
constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max() / 4;

uint64_t mul(uint64_t a, uint64_t b) {
    uint64_t r;
    return __builtin_mul_overflow(a, b, &r) || r > kMax ? kMax : r;
}
uint64_t add(uint64_t a, uint64_t b) {
    uint64_t r;
    return __builtin_add_overflow(a, b, &r) || r > kMax ? kMax : r;
}

// cuBLAS workspace, allocator slack and small per-layer buffers.
constexpr uint64_t kWorkspaceSlack = 256'000'000;

} // namespace

bool MemoryPlan::fits() const {
    for (const DevicePlan& d : devices)
        if (!d.fits()) return false;
    return true;
}

std::string MemoryPlan::explain() const {
    std::string out;
    for (const DevicePlan& d : devices) {
        std::string line = d.name + " needs " + format_bytes(d.total()) + " (weights " + format_bytes(d.weights) +
                           ", KV cache " + format_bytes(d.kv_cache) + " for " + std::to_string(context_tokens) +
                           " tokens, workspace " + format_bytes(d.workspace) + ")";
        if (d.capacity != 0)
            line += d.fits() ? " of " + format_bytes(d.capacity) + " free"
                             : " but has " + format_bytes(d.capacity) + " free";
        out += (out.empty() ? "" : "\n") + line;
    }
    if (!fits())
        out += "\nA shorter context, more GPUs (tensor parallelism) or a smaller model would need less.";
    return out;
}

MemoryPlan plan_memory(const ModelConfig& config, DType weight_dtype, int context_tokens,
                       const std::vector<DeviceBudget>& ranks, int kv_bytes_per_value, int prefill_chunk) {
    if (ranks.empty()) throw Error("memory plan: no devices to plan for");
    if (context_tokens < 1) throw Error("memory plan: context length must be positive, got " + std::to_string(context_tokens));
    if (kv_bytes_per_value < 1) throw Error("memory plan: KV cache bytes per value must be positive");
    if (prefill_chunk < 1) throw Error("memory plan: the prefill step must be at least one token");
    const uint64_t n = ranks.size();
    check_shardable(config, int(n));

    const ModelConfig& c = config;
    const uint64_t d = uint64_t(c.hidden_size), ff = uint64_t(c.intermediate_size), layers = uint64_t(c.num_layers);
    const uint64_t experts = uint64_t(c.num_experts), bytes = dtype_size(weight_dtype);
    const uint64_t q_dim = uint64_t(c.q_dim()), kv_dim = uint64_t(c.kv_dim()), vocab = uint64_t(c.vocab_size);

    // Split across ranks: attention heads and every expert's intermediate dimension.
    const uint64_t sharded_per_layer = d * (2 * q_dim + 2 * kv_dim) + experts * 3 * d * ff;
    // On every rank: embeddings, lm_head, norms and the router.
    const uint64_t replicated = vocab * d * (c.tie_word_embeddings ? 1 : 2) + d +
                                layers * (2 * d + (c.is_moe() ? experts * d : 0));
    const uint64_t weights = mul(add(mul(layers, sharded_per_layer) / n, replicated), bytes);

    // K and V for every layer and position, this rank's kv heads.
    const uint64_t kv_cache = mul(mul(mul(2 * layers, uint64_t(context_tokens)), kv_dim / n), uint64_t(kv_bytes_per_value));

    // fp32 activations of one prefill step: residual/normed/output streams, q/k/v/attention, the
    // experts' intermediate, all-position logits. Attention never holds a step × context score
    // matrix (flash attention on GPUs, one row at a time on the CPU).
    const uint64_t chunk = std::min<uint64_t>(uint64_t(prefill_chunk), uint64_t(context_tokens));
    const uint64_t per_token = 3 * d + 2 * q_dim / n + 2 * kv_dim / n + 2 * uint64_t(c.experts_per_token) * ff / n +
                               experts + vocab;
    const uint64_t workspace = add(mul(mul(chunk, per_token), 4), kWorkspaceSlack);

    MemoryPlan plan;
    plan.context_tokens = context_tokens;
    for (const DeviceBudget& r : ranks) {
        DevicePlan p;
        p.name = r.name;
        p.capacity = r.capacity;
        p.weights = weights;
        p.kv_cache = kv_cache;
        p.workspace = workspace;
        plan.devices.push_back(p);
    }
    return plan;
}

uint64_t system_memory_available() {
    std::ifstream meminfo("/proc/meminfo");
    std::string line;
    while (std::getline(meminfo, line)) {
        unsigned long long kib = 0;
        if (std::sscanf(line.c_str(), "MemAvailable: %llu kB", &kib) == 1) return mul(kib, 1024);
    }
    const long pages = ::sysconf(_SC_AVPHYS_PAGES), page = ::sysconf(_SC_PAGESIZE);
    return pages > 0 && page > 0 ? mul(uint64_t(pages), uint64_t(page)) : 0;
}

std::string format_bytes(uint64_t bytes) {
    char buf[64];
    if (bytes >= 1'000'000'000)
        std::snprintf(buf, sizeof buf, "%.1f GB", double(bytes) / 1e9);
    else if (bytes >= 1'000'000)
        std::snprintf(buf, sizeof buf, "%.1f MB", double(bytes) / 1e6);
    else if (bytes >= 1'000)
        std::snprintf(buf, sizeof buf, "%.1f kB", double(bytes) / 1e3);
    else
        std::snprintf(buf, sizeof buf, "%llu bytes", static_cast<unsigned long long>(bytes));
    return buf;
}

} // namespace moe
