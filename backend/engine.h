#pragma once
// The engine's public API: load a model folder (or synthesise one from a config for
// benchmarks), then run generation sessions that keep their KV cache across turns.
// Thread use: one thread drives an Engine and its Sessions; another may set LiveSampling
// and the cancel flag at any time.
#include <atomic>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chat_template.h"
#include "config.h"
#include "memory_plan.h"
#include "sampler.h"

namespace moe {

class Tokenizer;

struct EngineOptions {
    std::string backend = "cpu";    // "cpu" or "cuda"
    int threads = 0;                // CPU worker threads in all (0 = all cores)
    int tp = 1;                     // tensor-parallel ranks
    std::vector<int> gpus;          // CUDA devices to use (default 0 .. tp-1)
    int context_tokens = 0;         // KV-cache length; 0 = min(max_position_embeddings, 4096)
    bool random_weights = false;    // shapes from config.json, synthetic weights, no tokenizer files needed
    // false: a folder without tokenizer.model still loads (token ids in, logits out; text verbs
    // then fail with a clear message). The app and the text verbs keep it true.
    bool need_tokenizer = true;
    DType random_dtype = DType::BF16;
    uint64_t random_seed = 1234;
    int prefill_chunk = 0;          // prompt tokens per prefill step; 0 = 128 on the CPU, 2048 on CUDA (memory_plan.h)
    // Loading progress in [0, 1]; return false to cancel (load then throws moe::Cancelled).
    std::function<bool(double)> progress;
};

// What a model folder holds, read without loading weights (config.json + safetensors headers).
struct ModelInfo {
    std::filesystem::path dir;
    ModelConfig config;
    std::string dtype;              // "BF16", "F16", "F32" (most common among tensors)
    uint64_t weight_bytes = 0;
    int64_t parameters = 0;
    int64_t active_parameters = 0;
    bool has_tokenizer = false;
    bool has_chat_template = false;
};
ModelInfo inspect_model(const std::filesystem::path& dir);

// Bytes per device (weights, KV cache, workspace) that loading a model of `config` with
// `options` would take, against what the devices have free now. Throws moe::Error for
// impossible options (tensor-parallel size, missing GPU, CUDA unavailable).
MemoryPlan plan_model(const ModelConfig& config, DType dtype, const EngineOptions& options);
// Prompt tokens per prefill step: options.prefill_chunk, or kCpuPrefillChunk / kCudaPrefillChunk.
int prefill_chunk_for(const EngineOptions& options);
int default_context(const ModelConfig& config, const EngineOptions& options);

enum class StopReason { Eos, StopString, MaxTokens, Cancelled, ContextFull };
const char* stop_reason_name(StopReason r);

struct GenerationStats {
    int prompt_tokens = 0;     // tokens of the whole conversation fed this turn
    int reused_tokens = 0;     // of those, already in the KV cache
    int generated_tokens = 0;
    double time_to_first_token_ms = 0;
    double prefill_tokens_per_s = 0;
    double decode_tokens_per_s = 0;
    StopReason stop = StopReason::Eos;
};

struct GenerateRequest {
    std::vector<int> prompt_ids;            // the whole conversation so far, tokenized
    int max_tokens = 512;
    std::vector<std::string> stop_strings;
    const LiveSampling* sampling = nullptr; // read before every token (default: greedy)
    const std::atomic<bool>* cancel = nullptr; // also checked between prefill steps
    std::function<void(const std::string& piece)> on_piece;
    // After each prefill step: prompt tokens now in the cache, of the prompt's total.
    std::function<void(int done, int total)> on_prefill;
};

class Engine;

// A conversation's state on the engine: its KV cache and the tokens it holds.
class Session {
public:
    explicit Session(Engine& engine);
    ~Session();

    // Feeds the prompt (only the part not already cached), then samples until a stop.
    // A prompt that does not fit the context throws moe::Error (Engine::encode_chat drops old
    // turns to make a conversation fit); when the answer fills the context, generation stops
    // with StopReason::ContextFull.
    GenerationStats generate(const GenerateRequest& request);

    // Logits after each of ids (n × vocab), by one batched prefill or one token at a time.
    std::vector<float> logits(const std::vector<int>& ids, bool incremental);

    const std::vector<int>& cached_tokens() const { return tokens_; }
    void reset();

private:
    int prefill(const std::vector<int>& ids, int start, float* last_logits);
    Engine& engine_;
    std::vector<int> tokens_; // tokens whose keys/values are in the cache, in order
};

class Engine {
public:
    // Loads DIR (config, tokenizer, template, weights); throws moe::Error.
    static std::unique_ptr<Engine> load(const std::filesystem::path& model_dir, const EngineOptions& options);
    // A model of config.json's shape with synthetic weights (benchmarks at real shapes).
    static std::unique_ptr<Engine> random(const std::filesystem::path& config_json, const EngineOptions& options);
    ~Engine();

    const ModelConfig& config() const;
    const GenerationDefaults& generation_defaults() const;
    const Tokenizer* tokenizer() const;        // null for --random-weights
    const ChatTemplate& chat_template() const;
    const MemoryPlan& memory_plan() const;
    std::string describe() const;             // "cpu, 2 threads, tp 1" / "cuda: GPU 0 (...)"
    int context_tokens() const;
    int prefill_chunk() const; // prompt tokens per prefill step
    DType weight_dtype() const;
    // Benchmark references of the first rank's device (see Device).
    double measure_copy_bandwidth_gbs();
    double measure_read_bandwidth_gbs();
    double measure_gemm_tflops();

    // Renders messages with the model's template (add_generation_prompt) and tokenizes them as
    // transformers' apply_chat_template does (no special tokens added beyond the template's).
    // Context policy: while the prompt plus `reserve_tokens` (room for the answer) exceeds the
    // context, the oldest turns after the system prompt are dropped; a last user message that
    // alone does not fit throws moe::Error naming both sizes.
    std::vector<int> encode_chat(const std::vector<ChatMessage>& messages, int reserve_tokens = 0) const;

    // Runs ids at positions pos0.. on every rank; logits of every row or the last row.
    void forward(const int32_t* ids, int n, int pos0, float* logits, bool all_logits);

private:
    Engine();
    struct Impl;
    std::unique_ptr<Impl> impl_;
    friend class Session;
};

} // namespace moe
