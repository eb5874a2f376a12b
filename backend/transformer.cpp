#include "transformer.h"

#include <algorithm>
#include <cmath>

#include "collective.h"
#include "error.h"

namespace moe {

Transformer::Transformer(const ModelConfig& config, const ModelWeights& w, Device& device, Collective* collective,
                         int rank, int ranks, int max_tokens, int max_batch, bool random_weights, uint64_t seed)
    : config_(config), device_(device), collective_(collective), rank_(rank), ranks_(ranks),
      max_tokens_(max_tokens), max_batch_(std::max(1, max_batch)) {
    const int d = config.hidden_size;
    attn_.n_heads = config.num_heads / ranks;
    attn_.n_kv_heads = config.num_kv_heads / ranks;
    attn_.head_dim = config.head_dim;
    attn_.window = config.sliding_window.value_or(0);
    attn_.rope_theta = config.rope_theta;

    // Weights: uploaded views, or synthetic ones of the same shapes. Synthetic weights are
    // scaled like a trained model's (≈ 1/sqrt(fan_in)) so activations stay in range; every
    // rank draws the same replicated tensors (same seed) and its own shard of the rest.
    uint64_t tensor_index = 0;
    auto matrix = [&](const MatrixView& v, bool replicated) {
        ++tensor_index;
        if (!random_weights) return device.upload(v);
        const uint64_t s = seed * 1000003ull + tensor_index * 7919ull + (replicated ? 0 : uint64_t(rank) * 104729ull);
        return device.random_matrix(v.rows, v.cols, v.dtype, 1.0f / std::sqrt(float(v.cols)), s);
    };
    auto vector = [&](const TensorView& v) {
        ++tensor_index;
        if (!random_weights) return device.upload_vector(v);
        return device.random_vector(v.numel(), 1.0f, 0.1f, seed * 1000003ull + tensor_index * 7919ull);
    };

    embed_ = matrix(w.embed, true);
    layers_.reserve(w.layers.size());
    for (const LayerWeights& lw : w.layers) {
        Layer l;
        l.attn_norm = vector(lw.attn_norm);
        l.wq = matrix(lw.wq, false);
        l.wk = matrix(lw.wk, false);
        l.wv = matrix(lw.wv, false);
        l.wo = matrix(lw.wo, false);
        l.ffn_norm = vector(lw.ffn_norm);
        if (lw.router.data || (random_weights && lw.router.rows > 0)) l.router = matrix(lw.router, true);
        for (const ExpertWeights& ew : lw.experts)
            l.experts.push_back(ExpertWeights{matrix(ew.w1, false), matrix(ew.w3, false), matrix(ew.w2, false)});
        layers_.push_back(std::move(l));
    }
    final_norm_ = vector(w.final_norm);
    lm_head_ = (w.lm_head.data == w.embed.data && !random_weights) ? embed_ : matrix(w.lm_head, true);

    const size_t B = size_t(max_batch_);
    x_ = device.alloc(B * size_t(d));
    h_ = device.alloc(B * size_t(d));
    q_ = device.alloc(B * size_t(attn_.n_heads * attn_.head_dim));
    k_ = device.alloc(B * size_t(attn_.n_kv_heads * attn_.head_dim));
    v_ = device.alloc(B * size_t(attn_.n_kv_heads * attn_.head_dim));
    att_ = device.alloc(B * size_t(attn_.n_heads * attn_.head_dim));
    out_ = device.alloc(B * size_t(d));
    router_logits_ = device.alloc(B * size_t(std::max(1, config.num_experts)));
    expert_ids_ = device.alloc_ids(B * size_t(config.experts_per_token));
    expert_weights_ = device.alloc(B * size_t(config.experts_per_token));
    logits_ = device.alloc(B * size_t(config.vocab_size));
    device.kv_init(config.num_layers, max_tokens, attn_.n_kv_heads * attn_.head_dim);

    // Dense models are the one-expert case: every token goes to expert 0 with weight 1.
    if (!config.is_moe()) {
        std::vector<float> ones(B, 1.0f);
        device.copy_from_host(ones.data(), B, expert_weights_);
    }
}

void Transformer::forward(const int32_t* ids, int n, int pos0, float* host_logits, bool all_logits) {
    if (n <= 0) return;
    if (pos0 < 0 || pos0 + n > max_tokens_)
        throw Error("context is full: " + std::to_string(pos0 + n) + " tokens do not fit in the " +
                    std::to_string(max_tokens_) + "-token context");
    const int V = config_.vocab_size;
    for (int done = 0; done < n; done += max_batch_) {
        const int m = std::min(max_batch_, n - done);
        // Logits are needed for every row, for the last row of the last chunk, or not at all.
        const bool last_chunk = done + m == n;
        const LogitRows rows = !host_logits ? LogitRows::None
                               : all_logits ? LogitRows::All
                               : last_chunk ? LogitRows::Last
                                            : LogitRows::None;
        device_.run_step(ids + done, m, pos0 + done, [&] { forward_chunk(ids + done, m, pos0 + done, rows); });
        if (rows == LogitRows::All)
            device_.copy_to_host(logits_, size_t(m) * size_t(V), host_logits + size_t(done) * size_t(V));
        else if (rows == LogitRows::Last)
            device_.copy_to_host(logits_, size_t(V), host_logits);
    }
    device_.synchronize();
}

// One step of the decoder over m tokens; reads like the model card's diagram, top to bottom.
void Transformer::forward_chunk(const int32_t* ids, int m, int pos0, LogitRows rows) {
    const int d = config_.hidden_size;
    const float eps = config_.rms_norm_eps;
    const size_t md = size_t(m) * size_t(d);

    // token embeddings, then the first layer's attention rmsnorm
    device_.embed(embed_, ids, m, x_);
    device_.rmsnorm(x_, layers_.front().attn_norm, m, d, eps, h_);

    for (size_t li = 0; li < layers_.size(); ++li) {
        const Layer& L = layers_[li];

        // qkv (this rank's heads), from the attention-normed h
        device_.matmul(h_, m, L.wq, q_);
        device_.matmul(h_, m, L.wk, k_);
        device_.matmul(h_, m, L.wv, v_);
        // rope
        device_.rope(q_, k_, m, pos0, attn_);
        // causal GQA attention over the KV cache (stores this step's keys and values)
        device_.attention(int(li), q_, k_, v_, m, pos0, attn_, att_);
        // output projection; the ranks' partial sums are joined by one all-reduce
        device_.matmul(att_, m, L.wo, out_);
        if (collective_) collective_->all_reduce_sum(rank_, device_, out_, md);
        // residual, fused with the ffn rmsnorm
        device_.add_rmsnorm(x_, out_, L.ffn_norm, m, d, eps, h_);

        if (config_.is_moe()) {
            // router: softmax → top-k → renormalise
            device_.matmul(h_, m, L.router, router_logits_);
            device_.router(router_logits_, m, config_.num_experts, config_.experts_per_token, expert_ids_, expert_weights_);
        }
        // (dense models: expert 0 for every token — ids are zero-filled, weights set to 1 at construction)
        // experts: SwiGLU on this rank's slice of d_ff, weighted sum; one all-reduce
        device_.moe(h_, m, d, L.experts, expert_ids_, expert_weights_, config_.experts_per_token, out_);
        if (collective_) collective_->all_reduce_sum(rank_, device_, out_, md);
        // residual, fused with the next layer's attention rmsnorm (or the final norm)
        const float* next_norm = li + 1 < layers_.size() ? layers_[li + 1].attn_norm : final_norm_;
        device_.add_rmsnorm(x_, out_, next_norm, m, d, eps, h_);
    }

    // lm_head (h holds the final-normed residual stream)
    if (rows == LogitRows::All) device_.matmul(h_, m, lm_head_, logits_);
    else if (rows == LogitRows::Last) device_.matmul(h_ + size_t(m - 1) * size_t(d), 1, lm_head_, logits_);
}

} // namespace moe
