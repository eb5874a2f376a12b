// moechat's GPU benchmark at real shapes with synthetic weights generated on the GPU: batch-1
// decode (CUDA graph), prefill at several prompt lengths, time to first token, and the shares of
// the card's copy bandwidth (decode) and cuBLAS bf16 GEMM rate (prefill) measured in the same run.
// A model that does not fit one card runs with --layers N and the figures are given per layer and
// projected to the full depth (decode is bandwidth-bound, so time scales with bytes read).
//
//   bench_cuda_model --config mixtral-8x7b.config.json --layers 8 [--gpu 0] [--prompts 512,2048]
#include <chrono>
#include <cstdio>
#include <cstring>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "config.h"
#include "cuda_device.cuh"
#include "device.h"
#include "error.h"
#include "memory_plan.h"
#include "transformer.h"
#include "weights.h"

using namespace moe;

namespace {

MatrixView shape(int64_t rows, int64_t cols, DType t) { return MatrixView{nullptr, t, rows, cols, cols}; }
TensorView vec(int64_t n, DType t) { return TensorView{nullptr, t, {n}}; }

// Shapes only: with random_weights the transformer asks the device to synthesise every tensor.
ModelWeights shapes_of(const ModelConfig& c, DType t) {
    ModelWeights w;
    const int64_t d = c.hidden_size, ff = c.intermediate_size;
    w.embed = shape(c.vocab_size, d, t);
    for (int l = 0; l < c.num_layers; ++l) {
        LayerWeights L;
        L.attn_norm = vec(d, t);
        L.wq = shape(c.q_dim(), d, t);
        L.wk = shape(c.kv_dim(), d, t);
        L.wv = shape(c.kv_dim(), d, t);
        L.wo = shape(d, c.q_dim(), t);
        L.ffn_norm = vec(d, t);
        if (c.is_moe()) L.router = shape(c.num_experts, d, t);
        for (int e = 0; e < std::max(1, c.num_experts); ++e)
            L.experts.push_back({shape(ff, d, t), shape(ff, d, t), shape(d, ff, t)});
        w.layers.push_back(std::move(L));
    }
    w.final_norm = vec(d, t);
    w.lm_head = shape(c.vocab_size, d, t);
    return w;
}

double now_s() { return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count(); }

} // namespace

int main(int argc, char** argv) {
    std::string config_path;
    int layers = 0, gpu = 0, decode_tokens = 48;
    std::vector<int> prompts = {512, 2048};
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&] { return i + 1 < argc ? std::string(argv[++i]) : std::string(); };
        if (a == "--config") config_path = next();
        else if (a == "--layers") layers = std::stoi(next());
        else if (a == "--gpu") gpu = std::stoi(next());
        else if (a == "--decode-tokens") decode_tokens = std::stoi(next());
        else if (a == "--prompts") {
            prompts.clear();
            std::stringstream ss(next());
            for (std::string p; std::getline(ss, p, ',');) prompts.push_back(std::stoi(p));
        } else {
            std::fprintf(stderr, "usage: bench_cuda_model --config CONFIG.json [--layers N] [--gpu I] [--prompts 512,2048]\n");
            return 2;
        }
    }
    try {
        std::string why;
        if (!cuda_available(&why)) {
            std::printf("SKIP bench: %s\n", why.c_str());
            return 77;
        }
        ModelConfig cfg = load_config(config_path);
        const int full_layers = cfg.num_layers;
        if (layers > 0 && layers < full_layers) cfg.num_layers = layers;
        const DType t = DType::BF16;
        const int max_prompt = *std::max_element(prompts.begin(), prompts.end());

        CudaDeviceOptions o;
        o.gpu = gpu;
        auto dev = make_cuda_device(o);
        std::printf("device: %s\n", dev->name().c_str());
        const double copy_gbs = dev->measure_copy_bandwidth_gbs();
        const double gemm_tflops = dev->measure_gemm_tflops();
        std::printf("copy bandwidth %.0f GB/s (read+write), cuBLAS bf16 GEMM 8192^3 %.0f TFLOP/s\n", copy_gbs, gemm_tflops);

        const double t0 = now_s();
        Transformer tf(cfg, shapes_of(cfg, t), *dev, nullptr, 0, 1, max_prompt + decode_tokens + 8, max_prompt, true, 1);
        dev->synchronize();
        std::printf("model: %s-shaped, %d of %d layers, synthetic bf16 weights on the GPU (%s) in %.1f s\n",
                    cfg.architecture.c_str(), cfg.num_layers, full_layers, format_bytes(dev->bytes_in_use()).c_str(),
                    now_s() - t0);

        // Bytes of weights one decode token reads: attention, router, top-k experts per layer, lm_head.
        const double d = cfg.hidden_size, ff = cfg.intermediate_size, es = 2.0;
        const double layer_params = d * (cfg.q_dim() + 2.0 * cfg.kv_dim()) + double(cfg.q_dim()) * d +
                                    (cfg.is_moe() ? cfg.num_experts * d : 0.0) + cfg.experts_per_token * 3.0 * d * ff;
        const double head_params = double(cfg.vocab_size) * d;
        const double token_bytes = es * (cfg.num_layers * layer_params + head_params);
        const double full_token_bytes = es * (full_layers * layer_params + head_params);

        std::mt19937 rng(7);
        std::uniform_int_distribution<int> tok(3, cfg.vocab_size - 1);
        std::vector<int32_t> ids(size_t(max_prompt + decode_tokens + 8));
        for (auto& id : ids) id = tok(rng);
        std::vector<float> logits(size_t(cfg.vocab_size));

        // prefill
        for (int p : prompts) {
            tf.forward(ids.data(), p, 0, logits.data(), false); // warm-up (cuBLAS heuristics, workspaces)
            cuda_profile_reset(*dev);
            const int reps = 3;
            const double s0 = now_s();
            for (int r = 0; r < reps; ++r) tf.forward(ids.data(), p, 0, logits.data(), false);
            const double s = (now_s() - s0) / reps;
            const double attn_flops = 4.0 * cfg.num_layers * double(cfg.q_dim()) * (double(p) * (p + 1) / 2.0);
            const double useful_flops = 2.0 * p * cfg.num_layers * layer_params + 2.0 * head_params + attn_flops;
            const double tflops = useful_flops / s / 1e12;
            std::printf("BENCH prefill_%d_tok_s=%.0f ttft_%d_ms=%.1f prefill_%d_tflops=%.1f prefill_%d_gemm_share=%.1f%% "
                        "prefill_%d_per_layer_ms=%.3f\n",
                        p, p / s, p, s * 1e3, p, tflops, p, 100.0 * tflops / gemm_tflops, p, s * 1e3 / cfg.num_layers);
            std::printf("%s", cuda_profile_report(*dev).c_str());
            std::fflush(stdout);
        }

        // decode after a 512-token prompt (or the shortest prompt)
        const int ctx = std::min(512, max_prompt);
        tf.forward(ids.data(), ctx, 0, logits.data(), false);
        int pos = ctx;
        for (int w = 0; w < 3; ++w, ++pos) tf.forward(&ids[size_t(pos)], 1, pos, logits.data(), false); // eager, capture
        cuda_profile_reset(*dev);
        const double s0 = now_s();
        for (int i = 0; i < decode_tokens; ++i, ++pos) tf.forward(&ids[size_t(pos)], 1, pos, logits.data(), false);
        const double per_token = (now_s() - s0) / decode_tokens;
        const double gbs = token_bytes / per_token / 1e9;
        std::printf("BENCH decode_tok_s=%.1f decode_ms=%.3f decode_gbs=%.0f decode_bw_share=%.1f%% layers=%d "
                    "decode_per_layer_ms=%.3f projected_full_%d_layers_tok_s=%.1f copy_gbs=%.0f gemm_tflops=%.0f\n",
                    1.0 / per_token, per_token * 1e3, gbs, 100.0 * gbs / copy_gbs, cfg.num_layers,
                    per_token * 1e3 * (es * layer_params / token_bytes), full_layers,
                    1.0 / (per_token * full_token_bytes / token_bytes), copy_gbs, gemm_tflops);
        std::printf("device after the run: %s\n", dev->name().c_str());
        std::printf("%s", cuda_profile_report(*dev).c_str());
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "bench_cuda_model: %s\n", e.what());
        return 1;
    }
}
