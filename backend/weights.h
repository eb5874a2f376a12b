#pragma once
// The weights of a Mixtral-family model bound by name from a checkpoint, validated against
// config.json, and sliced for tensor parallelism (DESIGN.md: heads and every expert's
// intermediate dimension split across ranks; router, norms and embeddings replicated).
#include <vector>

#include "config.h"
#include "tensor.h"

namespace moe {

class Checkpoint;

struct ExpertWeights {
    MatrixView w1; // [d_ff, d_model]  gate projection
    MatrixView w3; // [d_ff, d_model]  up projection
    MatrixView w2; // [d_model, d_ff]  down projection
};

struct LayerWeights {
    TensorView attn_norm;              // [d_model]
    MatrixView wq;                     // [n_heads * head_dim, d_model]
    MatrixView wk;                     // [n_kv_heads * head_dim, d_model]
    MatrixView wv;                     // [n_kv_heads * head_dim, d_model]
    MatrixView wo;                     // [d_model, n_heads * head_dim]
    TensorView ffn_norm;               // [d_model]
    MatrixView router;                 // [n_experts, d_model]; empty for dense models
    std::vector<ExpertWeights> experts; // n_experts (1 for dense models: gate/up/down_proj)
};

struct ModelWeights {
    MatrixView embed;                  // [vocab, d_model]
    std::vector<LayerWeights> layers;  // num_layers
    TensorView final_norm;             // [d_model]
    MatrixView lm_head;                // [vocab, d_model] (the embedding when tied)
};

// Binds Hugging Face names (model.layers.N.block_sparse_moe.experts.E.w1.weight, or
// mlp.gate_proj/up_proj/down_proj for dense models). Throws moe::Error naming the tensor
// for a missing tensor or a shape that disagrees with config.json.
ModelWeights bind_weights(const Checkpoint& checkpoint, const ModelConfig& config);

// The slice of `full` that tensor-parallel rank `rank` of `ranks` holds. Views only: q/k/v and
// w1/w3 take row blocks, o_proj and w2 take column blocks (strided views), the rest is shared.
// Throws moe::Error when heads, kv heads or d_ff do not divide by `ranks`.
ModelWeights shard_weights(const ModelWeights& full, const ModelConfig& config, int rank, int ranks);

// Checks that a model of `config` can be split across `ranks`; throws moe::Error if not.
void check_shardable(const ModelConfig& config, int ranks);

} // namespace moe
