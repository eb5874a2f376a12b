#pragma once
// The forward pass of a Mixtral-family decoder (one tensor-parallel rank of it) on a Device.
#include <memory>
#include <vector>

#include "config.h"
#include "device.h"
#include "weights.h"

namespace moe {

class Collective;

class Transformer {
public:
    // `weights` are this rank's host views (see shard_weights); they are uploaded to `device`.
    // With `random_weights`, the views only give shapes and the device synthesises the data.
    Transformer(const ModelConfig& config, const ModelWeights& weights, Device& device,
                Collective* collective, int rank, int ranks, int max_tokens, int max_batch,
                bool random_weights = false, uint64_t seed = 0);

    // Runs tokens ids[0..n) at positions pos0.. through the model, filling the KV cache.
    // Writes logits of every position (all_logits) or of the last one to host_logits.
    // n may exceed max_batch: the prompt then runs in chunks.
    void forward(const int32_t* ids, int n, int pos0, float* host_logits, bool all_logits);

    int max_tokens() const { return max_tokens_; }
    const ModelConfig& config() const { return config_; }
    Device& device() { return device_; }

private:
    enum class LogitRows { None, Last, All }; // which rows of the chunk go through lm_head
    void forward_chunk(const int32_t* ids, int n, int pos0, LogitRows rows);

    struct Layer {
        const float* attn_norm; // [d_model]
        MatrixView wq, wk, wv;   // [q_dim / ranks | kv_dim / ranks, d_model]
        MatrixView wo;           // [d_model, q_dim / ranks]
        const float* ffn_norm;  // [d_model]
        MatrixView router;       // [n_experts, d_model]
        std::vector<ExpertWeights> experts; // w1/w3 [d_ff / ranks, d_model], w2 [d_model, d_ff / ranks]
    };

    ModelConfig config_;
    Device& device_;
    Collective* collective_;
    int rank_, ranks_;
    int max_tokens_, max_batch_;
    AttentionShape attn_;

    MatrixView embed_;      // [vocab, d_model]
    std::vector<Layer> layers_;
    const float* final_norm_; // [d_model]
    MatrixView lm_head_;    // [vocab, d_model]

    // activations, [max_batch, ...]
    float* x_;        // [B, d_model] residual stream
    float* h_;        // [B, d_model] normed
    float* q_;        // [B, q_dim / ranks]
    float* k_;        // [B, kv_dim / ranks]
    float* v_;        // [B, kv_dim / ranks]
    float* att_;      // [B, q_dim / ranks]
    float* out_;      // [B, d_model]
    float* router_logits_; // [B, n_experts]
    int32_t* expert_ids_;  // [B, top_k]
    float* expert_weights_;// [B, top_k]
    float* logits_;   // [B, vocab]
};

} // namespace moe
