#include "weights.h"

#include <string>

#include "error.h"
#include "safetensors.h"

namespace moe {

namespace {

std::string shape_string(const std::vector<int64_t>& shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

class Binder {
public:
    Binder(const Checkpoint& checkpoint, const ModelConfig& config) : checkpoint_(checkpoint), config_(config) {}

    const TensorView& tensor(const std::string& name, std::vector<int64_t> expected) const {
        const TensorView& t = checkpoint_.get(name);
        if (t.shape != expected)
            throw Error("tensor " + name + " has shape " + shape_string(t.shape) + " but config.json implies " +
                        shape_string(expected) + " (" + config_summary() + ")");
        return t;
    }
    MatrixView matrix(const std::string& name, int64_t rows, int64_t cols) const {
        return MatrixView::of(tensor(name, {rows, cols}));
    }
    TensorView vector(const std::string& name, int64_t n) const { return tensor(name, {n}); }

private:
    std::string config_summary() const {
        const ModelConfig& c = config_;
        std::string s = "vocab_size " + std::to_string(c.vocab_size) + ", hidden_size " + std::to_string(c.hidden_size) +
                        ", intermediate_size " + std::to_string(c.intermediate_size) + ", heads " +
                        std::to_string(c.num_heads) + "/" + std::to_string(c.num_kv_heads) + " of dim " +
                        std::to_string(c.head_dim);
        if (c.is_moe()) s += ", experts " + std::to_string(c.num_experts);
        return s;
    }
    const Checkpoint& checkpoint_;
    const ModelConfig& config_;
};

// Tensors the config says are not there would be silently ignored; a config that is out of
// step with its checkpoint is better refused.
void check_nothing_left_over(const Checkpoint& ck, const ModelConfig& c) {
    const std::string extra_layer = "model.layers." + std::to_string(c.num_layers) + ".input_layernorm.weight";
    if (ck.has(extra_layer))
        throw Error("the checkpoint has more layers than config.json's num_hidden_layers (" +
                    std::to_string(c.num_layers) + "): it contains " + extra_layer);
    if (c.is_moe()) {
        const std::string extra_expert =
            "model.layers.0.block_sparse_moe.experts." + std::to_string(c.num_experts) + ".w1.weight";
        if (ck.has(extra_expert))
            throw Error("the checkpoint has more experts than config.json's num_local_experts (" +
                        std::to_string(c.num_experts) + "): it contains " + extra_expert);
    }
    for (const std::string& name : ck.names()) {
        if (name.size() > 5 && name.compare(name.size() - 5, 5, ".bias") == 0)
            throw Error("the checkpoint has a bias tensor, " + name + ", which " + c.architecture +
                        " models do not have; moechat cannot run it");
    }
}

} // namespace

ModelWeights bind_weights(const Checkpoint& checkpoint, const ModelConfig& config) {
    const ModelConfig& c = config;
    const Binder b(checkpoint, config);
    const int64_t d = c.hidden_size, ff = c.intermediate_size;
    check_nothing_left_over(checkpoint, c);

    ModelWeights w;
    w.embed = b.matrix("model.embed_tokens.weight", c.vocab_size, d);
    w.final_norm = b.vector("model.norm.weight", d);
    if (c.tie_word_embeddings)
        w.lm_head = w.embed;
    else
        w.lm_head = b.matrix("lm_head.weight", c.vocab_size, d);

    w.layers.resize(size_t(c.num_layers));
    for (int l = 0; l < c.num_layers; ++l) {
        const std::string p = "model.layers." + std::to_string(l) + ".";
        LayerWeights& L = w.layers[size_t(l)];
        L.attn_norm = b.vector(p + "input_layernorm.weight", d);
        L.wq = b.matrix(p + "self_attn.q_proj.weight", c.q_dim(), d);
        L.wk = b.matrix(p + "self_attn.k_proj.weight", c.kv_dim(), d);
        L.wv = b.matrix(p + "self_attn.v_proj.weight", c.kv_dim(), d);
        L.wo = b.matrix(p + "self_attn.o_proj.weight", d, c.q_dim());
        L.ffn_norm = b.vector(p + "post_attention_layernorm.weight", d);
        if (c.is_moe()) {
            L.router = b.matrix(p + "block_sparse_moe.gate.weight", c.num_experts, d);
            L.experts.resize(size_t(c.num_experts));
            for (int e = 0; e < c.num_experts; ++e) {
                const std::string q = p + "block_sparse_moe.experts." + std::to_string(e) + ".";
                ExpertWeights& E = L.experts[size_t(e)];
                E.w1 = b.matrix(q + "w1.weight", ff, d);
                E.w3 = b.matrix(q + "w3.weight", ff, d);
                E.w2 = b.matrix(q + "w2.weight", d, ff);
            }
        } else {
            ExpertWeights& E = L.experts.emplace_back();
            E.w1 = b.matrix(p + "mlp.gate_proj.weight", ff, d);
            E.w3 = b.matrix(p + "mlp.up_proj.weight", ff, d);
            E.w2 = b.matrix(p + "mlp.down_proj.weight", d, ff);
        }
    }
    return w;
}

void check_shardable(const ModelConfig& config, int ranks) {
    if (ranks < 1) throw Error("tensor-parallel size must be at least 1, got " + std::to_string(ranks));
    auto divides = [&](int n) {
        return config.num_heads % n == 0 && config.num_kv_heads % n == 0 && config.intermediate_size % n == 0;
    };
    if (divides(ranks)) return;

    std::string why;
    auto reason = [&](int value, const char* what) {
        if (value % ranks == 0) return;
        why += (why.empty() ? "" : ", ") + std::to_string(value) + " " + what;
    };
    reason(config.num_heads, "attention heads");
    reason(config.num_kv_heads, "key/value heads");
    reason(config.intermediate_size, "intermediate (expert) columns");
    std::string valid;
    for (int n = 1; n <= 64; ++n)
        if (divides(n)) valid += (valid.empty() ? "" : ", ") + std::to_string(n);
    throw Error("cannot split the model across " + std::to_string(ranks) + " tensor-parallel ranks: " + why +
                " do not divide by " + std::to_string(ranks) + " (possible sizes: " + valid + ")");
}

ModelWeights shard_weights(const ModelWeights& full, const ModelConfig& config, int rank, int ranks) {
    check_shardable(config, ranks);
    if (rank < 0 || rank >= ranks)
        throw Error("tensor-parallel rank " + std::to_string(rank) + " is outside 0.." + std::to_string(ranks - 1));
    if (ranks == 1) return full;

    const int64_t q = config.q_dim() / ranks, kv = config.kv_dim() / ranks, ff = config.intermediate_size / ranks;
    ModelWeights w;
    w.embed = full.embed;
    w.final_norm = full.final_norm;
    w.lm_head = full.lm_head;
    w.layers.reserve(full.layers.size());
    for (const LayerWeights& F : full.layers) {
        LayerWeights& L = w.layers.emplace_back();
        L.attn_norm = F.attn_norm;
        L.ffn_norm = F.ffn_norm;
        L.router = F.router;
        // This rank's heads: rows of q/k/v (outputs), the matching columns of o_proj (inputs).
        L.wq = F.wq.row_slice(rank * q, q);
        L.wk = F.wk.row_slice(rank * kv, kv);
        L.wv = F.wv.row_slice(rank * kv, kv);
        L.wo = F.wo.col_slice(rank * q, q);
        // This rank's share of every expert's intermediate dimension.
        L.experts.reserve(F.experts.size());
        for (const ExpertWeights& E : F.experts)
            L.experts.push_back({E.w1.row_slice(rank * ff, ff), E.w3.row_slice(rank * ff, ff),
                                 E.w2.col_slice(rank * ff, ff)});
    }
    return w;
}

} // namespace moe
