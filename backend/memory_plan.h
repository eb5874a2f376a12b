#pragma once
// Memory planning before loading: bytes per device computed from config.json alone.
#include <cstdint>
#include <string>
#include <vector>

#include "config.h"

namespace moe {

struct DeviceBudget {
    std::string name;       // "CPU (system RAM)" or "GPU 0: NVIDIA H100 80GB HBM3"
    uint64_t capacity = 0;  // bytes available for the model
};

struct DevicePlan {
    std::string name;
    uint64_t weights = 0;
    uint64_t kv_cache = 0;
    uint64_t workspace = 0;
    uint64_t capacity = 0;
    uint64_t total() const { return weights + kv_cache + workspace; }
    bool fits() const { return capacity == 0 || total() <= capacity; }
};

struct MemoryPlan {
    std::vector<DevicePlan> devices; // one per tensor-parallel rank
    int context_tokens = 0;
    bool fits() const;
    // "GPU 1 needs 47.3 GB (weights 45.1 GB, KV cache 2.0 GB, workspace 0.2 GB) but has 24.0 GB free"
    std::string explain() const;
};

// Prompt tokens the engine runs through the model at once, unless EngineOptions::prefill_chunk
// says otherwise.
constexpr int kCpuPrefillChunk = 128;
constexpr int kCudaPrefillChunk = 2048;

// weight_dtype: the checkpoint's (or --random-weights') dtype; kv_bytes_per_value: 4 on the CPU
// (fp32 cache), 2 on GPUs (bf16 cache); prefill_chunk: prompt tokens per prefill step, which sizes
// the activations.
MemoryPlan plan_memory(const ModelConfig& config, DType weight_dtype, int context_tokens,
                       const std::vector<DeviceBudget>& ranks, int kv_bytes_per_value, int prefill_chunk);

uint64_t system_memory_available();
std::string format_bytes(uint64_t bytes); // "93.4 GB"

} // namespace moe
