#include "config.h"
#include "json_file.h"

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include <nlohmann/json.hpp>

#include "error.h"

namespace moe {

namespace {

using json = nlohmann::json;

const char* const kSupportedArchitectures = "MixtralForCausalLM, MistralForCausalLM, LlamaForCausalLM";

// Upper bounds far above any published model; they keep byte counts (and the products in
// parameter_count and the memory plan) well inside 64 bits for any config.json.
constexpr int64_t kMaxVocab = int64_t(1) << 22;
constexpr int64_t kMaxHidden = int64_t(1) << 17;
constexpr int64_t kMaxWidth = int64_t(1) << 20;  // intermediate, q/kv width, head_dim
constexpr int64_t kMaxLayers = 1024;
constexpr int64_t kMaxHeads = int64_t(1) << 14;
constexpr int64_t kMaxExperts = 1024;
constexpr int64_t kMaxPositions = int64_t(1) << 30;

[[noreturn]] void fail(const std::string& what) { throw Error("config.json: " + what); }

bool present(const json& j, const char* key) { return j.contains(key) && !j.at(key).is_null(); }

int64_t integer_field(const json& j, const char* key) {
    const json& v = j.at(key);
    if (v.is_number_integer()) return v.get<int64_t>();
    if (v.is_number_float()) {
        double d = v.get<double>();
        if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9e15) return int64_t(d);
    }
    fail(std::string(key) + " must be an integer, got " + v.dump());
}

int int_in_range(const json& j, const char* key, int64_t lo, int64_t hi) {
    int64_t v = integer_field(j, key);
    if (v < lo || v > hi)
        fail(std::string(key) + " is " + std::to_string(v) + "; it must be between " + std::to_string(lo) +
             " and " + std::to_string(hi));
    return int(v);
}

int required_size(const json& j, const char* key, int64_t hi) {
    if (!present(j, key)) fail("missing " + std::string(key));
    return int_in_range(j, key, 1, hi);
}

int optional_size(const json& j, const char* key, int64_t hi, int fallback) {
    return present(j, key) ? int_in_range(j, key, 1, hi) : fallback;
}

float positive_number(const json& j, const char* key, float fallback) {
    if (!present(j, key)) return fallback;
    const json& v = j.at(key);
    if (!v.is_number()) fail(std::string(key) + " must be a number, got " + v.dump());
    double d = v.get<double>();
    if (!std::isfinite(d) || d <= 0 || d > std::numeric_limits<float>::max())
        fail(std::string(key) + " must be a positive number, got " + v.dump());
    return float(d);
}

bool boolean(const json& j, const char* key, bool fallback) {
    if (!present(j, key)) return fallback;
    const json& v = j.at(key);
    if (!v.is_boolean()) fail(std::string(key) + " must be true or false, got " + v.dump());
    return v.get<bool>();
}

// eos_token_id is an int in most configs and a list in some (Llama 3, several fine-tunes).
std::vector<int> token_ids(const json& v, const char* key, const std::string& file) {
    auto one = [&](const json& x) {
        if (!x.is_number_integer() || x.get<int64_t>() < 0 || x.get<int64_t>() > std::numeric_limits<int>::max())
            throw Error(file + ": " + key + " must be a non-negative token id or a list of them, got " + v.dump());
        return int(x.get<int64_t>());
    };
    std::vector<int> ids;
    if (v.is_array()) {
        for (const json& x : v) ids.push_back(one(x));
    } else {
        ids.push_back(one(v));
    }
    return ids;
}

DType parse_torch_dtype(const json& v) {
    if (!v.is_string()) fail("torch_dtype must be a string, got " + v.dump());
    std::string s = v.get<std::string>();
    if (s.rfind("torch.", 0) == 0) s = s.substr(6);
    if (s == "bfloat16") return DType::BF16;
    if (s == "float16" || s == "half") return DType::F16;
    if (s == "float32" || s == "float") return DType::F32;
    fail("torch_dtype \"" + s + "\" is not supported; moechat runs bfloat16, float16 and float32 models");
}

struct ArchitectureDefaults {
    const char* architecture;
    const char* model_type;
    int max_position_embeddings;
    float rms_norm_eps;
    float rope_theta;
};

// transformers' defaults for fields a config.json may leave out.
const ArchitectureDefaults kArchitectures[] = {
    {"MixtralForCausalLM", "mixtral", 4096 * 32, 1e-5f, 1e6f},
    {"MistralForCausalLM", "mistral", 4096 * 32, 1e-6f, 10000.0f},
    {"LlamaForCausalLM", "llama", 2048, 1e-6f, 10000.0f},
};

const ArchitectureDefaults& architecture_of(const json& j) {
    std::string name;
    if (present(j, "architectures")) {
        const json& a = j.at("architectures");
        if (!a.is_array() || a.empty() || !a[0].is_string())
            fail("architectures must be a list of names, got " + a.dump());
        name = a[0].get<std::string>();
        for (const auto& d : kArchitectures)
            if (name == d.architecture) return d;
    } else if (present(j, "model_type") && j.at("model_type").is_string()) {
        std::string type = j.at("model_type").get<std::string>();
        for (const auto& d : kArchitectures)
            if (type == d.model_type) return d;
        name = "model_type " + type;
    } else {
        fail("missing architectures; supported: " + std::string(kSupportedArchitectures));
    }
    fail("architecture " + name + " is not supported; supported: " + kSupportedArchitectures);
}

void reject_unsupported_features(const json& j) {
    if (present(j, "hidden_act")) {
        const json& act = j.at("hidden_act");
        if (!act.is_string() || act.get<std::string>() != "silu")
            fail("hidden_act " + act.dump() + " is not supported; moechat's experts use silu (SwiGLU)");
    }
    // transformers 5 writes rope_parameters {"rope_type": "default", "rope_theta": ...}; older
    // versions write rope_theta and rope_scaling (null for plain RoPE).
    for (const char* key : {"rope_scaling", "rope_parameters"}) {
        if (!present(j, key)) continue;
        const json& rope = j.at(key);
        const char* type_key = rope.is_object() && rope.contains("rope_type") ? "rope_type" : "type";
        const bool plain = rope.is_object() && (!rope.contains(type_key) || rope.at(type_key) == "default");
        if (!plain) fail(std::string(key) + " " + rope.dump() + " is not supported; moechat implements plain RoPE");
    }
    for (const char* bias : {"attention_bias", "mlp_bias"})
        if (boolean(j, bias, false))
            fail(std::string(bias) + " is true; moechat's models have no bias terms");
}

void validate(const ModelConfig& c) {
    if (c.num_kv_heads > c.num_heads)
        fail("num_key_value_heads (" + std::to_string(c.num_kv_heads) + ") exceeds num_attention_heads (" +
             std::to_string(c.num_heads) + ")");
    if (c.num_heads % c.num_kv_heads != 0)
        fail("num_attention_heads (" + std::to_string(c.num_heads) + ") is not a multiple of num_key_value_heads (" +
             std::to_string(c.num_kv_heads) + ")");
    if (int64_t(c.num_heads) * c.head_dim > kMaxWidth)
        fail("num_attention_heads × head_dim (" + std::to_string(int64_t(c.num_heads) * c.head_dim) +
             ") is larger than moechat supports (" + std::to_string(kMaxWidth) + ")");
    if (c.head_dim % 2 != 0) fail("head_dim (" + std::to_string(c.head_dim) + ") must be even for RoPE");
    if (c.experts_per_token > c.num_experts)
        fail("num_experts_per_tok (" + std::to_string(c.experts_per_token) + ") exceeds num_local_experts (" +
             std::to_string(c.num_experts) + ")");
    if (c.sliding_window && *c.sliding_window <= 0)
        fail("sliding_window must be positive or null, got " + std::to_string(*c.sliding_window));
    for (int id : c.eos_token_ids)
        if (id >= c.vocab_size)
            fail("eos_token_id " + std::to_string(id) + " is outside the vocabulary of " + std::to_string(c.vocab_size));
    if (c.bos_token_id >= c.vocab_size)
        fail("bos_token_id " + std::to_string(c.bos_token_id) + " is outside the vocabulary of " +
             std::to_string(c.vocab_size));
}

} // namespace

ModelConfig parse_config(const json& j) {
    if (!j.is_object()) fail("expected a JSON object, got " + std::string(j.type_name()));
    const ArchitectureDefaults& arch = architecture_of(j);
    reject_unsupported_features(j);

    ModelConfig c;
    c.architecture = arch.architecture;
    c.model_type = arch.model_type;
    c.vocab_size = required_size(j, "vocab_size", kMaxVocab);
    c.hidden_size = required_size(j, "hidden_size", kMaxHidden);
    c.intermediate_size = required_size(j, "intermediate_size", kMaxWidth);
    c.num_layers = required_size(j, "num_hidden_layers", kMaxLayers);
    c.num_heads = required_size(j, "num_attention_heads", kMaxHeads);
    c.num_kv_heads = optional_size(j, "num_key_value_heads", kMaxHeads, c.num_heads);
    if (present(j, "head_dim")) {
        c.head_dim = int_in_range(j, "head_dim", 1, kMaxWidth);
    } else {
        if (c.hidden_size % c.num_heads != 0)
            fail("hidden_size (" + std::to_string(c.hidden_size) + ") is not divisible by num_attention_heads (" +
                 std::to_string(c.num_heads) + ") and no head_dim is given");
        c.head_dim = c.hidden_size / c.num_heads;
    }
    if (c.architecture == "MixtralForCausalLM") {
        c.num_experts = required_size(j, "num_local_experts", kMaxExperts);
        c.experts_per_token = required_size(j, "num_experts_per_tok", kMaxExperts);
    }
    c.max_position_embeddings =
        optional_size(j, "max_position_embeddings", kMaxPositions, arch.max_position_embeddings);
    c.rms_norm_eps = positive_number(j, "rms_norm_eps", arch.rms_norm_eps);
    c.rope_theta = positive_number(j, "rope_theta", arch.rope_theta);
    if (!present(j, "rope_theta") && present(j, "rope_parameters"))
        c.rope_theta = positive_number(j.at("rope_parameters"), "rope_theta", arch.rope_theta);
    if (present(j, "sliding_window")) c.sliding_window = int_in_range(j, "sliding_window", 0, kMaxPositions);
    c.tie_word_embeddings = boolean(j, "tie_word_embeddings", false);
    if (present(j, "bos_token_id")) {
        std::vector<int> bos = token_ids(j.at("bos_token_id"), "bos_token_id", "config.json");
        if (bos.size() != 1) fail("bos_token_id must be a single token id, got " + j.at("bos_token_id").dump());
        c.bos_token_id = bos[0];
    }
    if (present(j, "eos_token_id")) {
        c.eos_token_ids = token_ids(j.at("eos_token_id"), "eos_token_id", "config.json");
        if (c.eos_token_ids.empty()) fail("eos_token_id is an empty list");
    }
    // Newer transformers write "dtype" where older ones wrote "torch_dtype".
    if (present(j, "torch_dtype"))
        c.torch_dtype = parse_torch_dtype(j.at("torch_dtype"));
    else if (present(j, "dtype"))
        c.torch_dtype = parse_torch_dtype(j.at("dtype"));
    validate(c);
    return c;
}

ModelConfig load_config(const std::filesystem::path& config_json) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(config_json, ec))
        throw Error("config.json not found: " + config_json.string());
    json j = read_json_file(config_json);
    try {
        return parse_config(j);
    } catch (const Error& e) {
        throw Error(std::string(e.what()) + " (" + config_json.string() + ")");
    }
}

GenerationDefaults load_generation_config(const std::filesystem::path& generation_config_json) {
    GenerationDefaults d;
    std::error_code ec;
    if (!std::filesystem::exists(generation_config_json, ec)) return d; // the file is optional
    json j = read_json_file(generation_config_json);
    const std::string file = generation_config_json.filename().string();
    if (!j.is_object()) throw Error(file + ": expected a JSON object (" + generation_config_json.string() + ")");

    auto number = [&](const char* key) -> std::optional<float> {
        if (!present(j, key)) return std::nullopt;
        const json& v = j.at(key);
        if (!v.is_number() || !std::isfinite(v.get<double>()))
            throw Error(file + ": " + key + " must be a number, got " + v.dump());
        return float(v.get<double>());
    };
    d.temperature = number("temperature");
    d.top_p = number("top_p");
    d.min_p = number("min_p");
    d.repetition_penalty = number("repetition_penalty");
    if (present(j, "top_k")) {
        const json& v = j.at("top_k");
        if (!v.is_number_integer() || v.get<int64_t>() < 0 || v.get<int64_t>() > std::numeric_limits<int>::max())
            throw Error(file + ": top_k must be a non-negative integer, got " + v.dump());
        d.top_k = int(v.get<int64_t>());
    }
    if (present(j, "do_sample")) {
        const json& v = j.at("do_sample");
        if (!v.is_boolean()) throw Error(file + ": do_sample must be true or false, got " + v.dump());
        d.do_sample = v.get<bool>();
    }
    if (present(j, "eos_token_id")) d.eos_token_ids = token_ids(j.at("eos_token_id"), "eos_token_id", file);
    return d;
}

int64_t ModelConfig::parameter_count() const {
    const int64_t d = hidden_size;
    const int64_t attention = d * (2 * int64_t(q_dim()) + 2 * int64_t(kv_dim()));
    const int64_t norms = 2 * d;
    const int64_t router = is_moe() ? int64_t(num_experts) * d : 0;
    const int64_t experts = int64_t(num_experts) * 3 * d * intermediate_size;
    const int64_t embeddings = int64_t(vocab_size) * d * (tie_word_embeddings ? 1 : 2);
    return embeddings + d + int64_t(num_layers) * (attention + norms + router + experts);
}

int64_t ModelConfig::active_parameter_count() const {
    const int64_t d = hidden_size;
    const int64_t attention = d * (2 * int64_t(q_dim()) + 2 * int64_t(kv_dim()));
    const int64_t norms = 2 * d;
    const int64_t router = is_moe() ? int64_t(num_experts) * d : 0;
    const int64_t experts = int64_t(experts_per_token) * 3 * d * intermediate_size;
    const int64_t embeddings = int64_t(vocab_size) * d * (tie_word_embeddings ? 1 : 2);
    return embeddings + d + int64_t(num_layers) * (attention + norms + router + experts);
}

} // namespace moe
