#pragma once
// Test-only: writes small safetensors files and model folders, and exposes the pieces
// (header JSON, data bytes) so tests can corrupt them on purpose.
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "config.h"
#include "tensor.h"

namespace moe::testing {

using json = nlohmann::json;

struct RawTensor {
    std::string name;
    std::string dtype;           // as safetensors spells it; may be one moechat refuses
    std::vector<int64_t> shape;
    std::string bytes;
};

class SafetensorsWriter {
public:
    void add_raw(const std::string& name, const std::string& dtype, std::vector<int64_t> shape, std::string bytes) {
        tensors_.push_back({name, dtype, std::move(shape), std::move(bytes)});
    }
    void add_f32(const std::string& name, std::vector<int64_t> shape, const std::vector<float>& values) {
        add_raw(name, "F32", std::move(shape), std::string(reinterpret_cast<const char*>(values.data()), values.size() * 4));
    }
    void add_u16(const std::string& name, const char* dtype, std::vector<int64_t> shape, const std::vector<uint16_t>& values) {
        add_raw(name, dtype, std::move(shape), std::string(reinterpret_cast<const char*>(values.data()), values.size() * 2));
    }
    // A tensor whose element i is `seed + i * 0.25` (exact in f32 and, for small values, bf16).
    void add_pattern(const std::string& name, std::vector<int64_t> shape, float seed, moe::DType dtype = moe::DType::F32) {
        int64_t n = 1;
        for (int64_t d : shape) n *= d;
        if (dtype == moe::DType::F32) {
            std::vector<float> v(static_cast<size_t>(n));
            for (int64_t i = 0; i < n; ++i) v[size_t(i)] = seed + float(i) * 0.25f;
            add_f32(name, std::move(shape), v);
        } else {
            std::vector<uint16_t> v(static_cast<size_t>(n));
            for (int64_t i = 0; i < n; ++i)
                v[size_t(i)] = dtype == moe::DType::BF16 ? moe::f32_to_bf16(seed + float(i) * 0.25f)
                                                         : moe::f32_to_f16(seed + float(i) * 0.25f);
            add_u16(name, moe::dtype_name(dtype), std::move(shape), v);
        }
    }
    void remove(const std::string& name) {
        std::erase_if(tensors_, [&](const RawTensor& t) { return t.name == name; });
    }

    // The header of the contiguous layout, tensors in insertion order.
    json header() const {
        json h = json::object();
        h["__metadata__"] = {{"format", "pt"}};
        uint64_t offset = 0;
        for (const RawTensor& t : tensors_) {
            h[t.name] = {{"dtype", t.dtype}, {"shape", t.shape}, {"data_offsets", {offset, offset + t.bytes.size()}}};
            offset += t.bytes.size();
        }
        return h;
    }
    std::string data() const {
        std::string d;
        for (const RawTensor& t : tensors_) d += t.bytes;
        return d;
    }
    std::string bytes() const { return assemble(header().dump(), data()); }
    void write(const std::filesystem::path& path) const { write_file(path, bytes()); }

    // 8-byte little-endian length, the header padded with spaces to a multiple of 8, the data.
    static std::string assemble(std::string header, const std::string& data) {
        while ((header.size() + 8) % 8 != 0) header += ' ';
        std::string out(8, '\0');
        uint64_t n = header.size();
        for (int i = 0; i < 8; ++i) out[size_t(i)] = char((n >> (8 * i)) & 0xFF);
        return out + header + data;
    }
    static void write_file(const std::filesystem::path& path, const std::string& bytes) {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        out.write(bytes.data(), std::streamsize(bytes.size()));
    }

private:
    std::vector<RawTensor> tensors_;
};

// config.json of a tiny model: 8 heads of dim 4 over 4 kv heads, d_ff 16, so tensor
// parallelism over 1, 2 and 4 ranks is possible.
inline json tiny_config(bool moe = true) {
    json j = {
        {"architectures", {moe ? "MixtralForCausalLM" : "LlamaForCausalLM"}},
        {"model_type", moe ? "mixtral" : "llama"},
        {"vocab_size", 24},
        {"hidden_size", 32},
        {"intermediate_size", 16},
        {"num_hidden_layers", 2},
        {"num_attention_heads", 8},
        {"num_key_value_heads", 4},
        {"max_position_embeddings", 64},
        {"rms_norm_eps", 1e-5},
        {"rope_theta", 10000.0},
        {"bos_token_id", 1},
        {"eos_token_id", 2},
        {"tie_word_embeddings", false},
        {"torch_dtype", "float32"},
    };
    if (moe) {
        j["num_local_experts"] = 4;
        j["num_experts_per_tok"] = 2;
    }
    return j;
}

// Every tensor of `c` under its Hugging Face name, each with a distinct pattern.
inline SafetensorsWriter tiny_weights(const moe::ModelConfig& c, moe::DType dtype = moe::DType::F32) {
    SafetensorsWriter w;
    float seed = 0;
    auto add = [&](const std::string& name, std::vector<int64_t> shape) { w.add_pattern(name, std::move(shape), seed += 1, dtype); };
    const int64_t d = c.hidden_size, ff = c.intermediate_size;
    add("model.embed_tokens.weight", {c.vocab_size, d});
    for (int l = 0; l < c.num_layers; ++l) {
        const std::string p = "model.layers." + std::to_string(l) + ".";
        add(p + "input_layernorm.weight", {d});
        add(p + "self_attn.q_proj.weight", {c.q_dim(), d});
        add(p + "self_attn.k_proj.weight", {c.kv_dim(), d});
        add(p + "self_attn.v_proj.weight", {c.kv_dim(), d});
        add(p + "self_attn.o_proj.weight", {d, c.q_dim()});
        add(p + "post_attention_layernorm.weight", {d});
        if (c.is_moe()) {
            add(p + "block_sparse_moe.gate.weight", {c.num_experts, d});
            for (int e = 0; e < c.num_experts; ++e) {
                const std::string q = p + "block_sparse_moe.experts." + std::to_string(e) + ".";
                add(q + "w1.weight", {ff, d});
                add(q + "w2.weight", {d, ff});
                add(q + "w3.weight", {ff, d});
            }
        } else {
            add(p + "mlp.gate_proj.weight", {ff, d});
            add(p + "mlp.up_proj.weight", {ff, d});
            add(p + "mlp.down_proj.weight", {d, ff});
        }
    }
    add("model.norm.weight", {d});
    if (!c.tie_word_embeddings) add("lm_head.weight", {c.vocab_size, d});
    return w;
}

inline void write_json(const std::filesystem::path& path, const json& j) {
    SafetensorsWriter::write_file(path, j.dump(2));
}

} // namespace moe::testing
