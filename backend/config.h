#pragma once
// Model configuration from a Hugging Face config.json (and generation_config.json).
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "tensor.h"

namespace moe {

struct ModelConfig {
    std::string architecture;      // MixtralForCausalLM, MistralForCausalLM or LlamaForCausalLM
    std::string model_type;        // mixtral, mistral, llama
    int vocab_size = 0;
    int hidden_size = 0;           // d_model
    int intermediate_size = 0;     // d_ff of one expert (or of the dense MLP)
    int num_layers = 0;
    int num_heads = 0;
    int num_kv_heads = 0;
    int head_dim = 0;              // hidden_size / num_heads unless config.json says otherwise
    int num_experts = 1;           // 1 for the dense architectures
    int experts_per_token = 1;     // top-k
    int max_position_embeddings = 0;
    float rms_norm_eps = 1e-5f;
    float rope_theta = 10000.0f;
    std::optional<int> sliding_window;
    bool tie_word_embeddings = false;
    int bos_token_id = 1;
    std::vector<int> eos_token_ids{2};
    DType torch_dtype = DType::BF16;

    bool is_moe() const { return num_experts > 1 || architecture == "MixtralForCausalLM"; }
    int q_dim() const { return num_heads * head_dim; }
    int kv_dim() const { return num_kv_heads * head_dim; }

    // Parameter counts: all weights, and those one token reads (attention + top-k experts).
    int64_t parameter_count() const;
    int64_t active_parameter_count() const;
};

// Throws moe::Error naming the field for missing or impossible values
// (heads not dividing the hidden size, top-k above the expert count, ...).
ModelConfig parse_config(const nlohmann::json& j);
ModelConfig load_config(const std::filesystem::path& config_json);

// Sampling defaults a checkpoint ships in generation_config.json (all optional).
struct GenerationDefaults {
    std::optional<float> temperature;
    std::optional<int> top_k;
    std::optional<float> top_p;
    std::optional<float> min_p;
    std::optional<float> repetition_penalty;
    std::optional<bool> do_sample;
    std::vector<int> eos_token_ids;
};
GenerationDefaults load_generation_config(const std::filesystem::path& generation_config_json);

} // namespace moe
