#include "engine.h"

#include <algorithm>
#include <chrono>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <thread>

#include <nlohmann/json.hpp>

#include "collective.h"
#include "device.h"
#include "error.h"
#include "json_file.h"
#include "safetensors.h"
#include "thread_pool.h"
#include "tokenizer.h"
#include "transformer.h"
#include "weights.h"

namespace fs = std::filesystem;

namespace moe {

const char* stop_reason_name(StopReason r) {
    switch (r) {
    case StopReason::Eos: return "eos";
    case StopReason::StopString: return "stop string";
    case StopReason::MaxTokens: return "max tokens";
    case StopReason::Cancelled: return "cancelled";
    case StopReason::ContextFull: return "context full";
    }
    return "?";
}

namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

// Shapes of one rank's weights without data, for --random-weights.
ModelWeights shaped_weights(const ModelConfig& c, int ranks, DType dtype) {
    auto mat = [&](int64_t rows, int64_t cols) { return MatrixView{nullptr, dtype, rows, cols, cols}; };
    auto vec = [&](int64_t n) { return TensorView{nullptr, dtype, {n}}; };
    const int64_t d = c.hidden_size, q = c.q_dim() / ranks, kv = c.kv_dim() / ranks, ff = c.intermediate_size / ranks;
    ModelWeights w;
    w.embed = mat(c.vocab_size, d);
    for (int l = 0; l < c.num_layers; ++l) {
        LayerWeights L;
        L.attn_norm = vec(d);
        L.wq = mat(q, d);
        L.wk = mat(kv, d);
        L.wv = mat(kv, d);
        L.wo = mat(d, q);
        L.ffn_norm = vec(d);
        if (c.is_moe()) L.router = mat(c.num_experts, d);
        for (int e = 0; e < c.num_experts; ++e) L.experts.push_back({mat(ff, d), mat(ff, d), mat(d, ff)});
        w.layers.push_back(std::move(L));
    }
    w.final_norm = vec(d);
    w.lm_head = mat(c.vocab_size, d);
    return w;
}

// One GPU per rank: --gpus, or 0 .. tp-1.
std::vector<int> gpus_for(const EngineOptions& o) {
    const int tp = std::max(1, o.tp);
    std::vector<int> gpus = o.gpus;
    if (gpus.empty())
        for (int r = 0; r < tp; ++r) gpus.push_back(r);
    if (int(gpus.size()) != tp)
        throw Error("--gpus lists " + std::to_string(gpus.size()) + " GPUs but the tensor-parallel size is " +
                    std::to_string(tp) + "; give one GPU per rank");
    return gpus;
}

DType dominant_dtype(const Checkpoint& ck) {
    std::map<DType, size_t> bytes;
    for (const auto& name : ck.names()) {
        const TensorView& t = ck.get(name);
        bytes[t.dtype] += t.nbytes();
    }
    DType best = DType::BF16;
    size_t most = 0;
    for (auto [t, b] : bytes)
        if (b > most) most = b, best = t;
    return best;
}

} // namespace

int default_context(const ModelConfig& c, const EngineOptions& o) {
    if (o.context_tokens > 0) return o.context_tokens;
    return std::min(c.max_position_embeddings > 0 ? c.max_position_embeddings : 4096, 4096);
}

int prefill_chunk_for(const EngineOptions& options) {
    if (options.prefill_chunk > 0) return options.prefill_chunk;
    return options.backend == "cuda" ? kCudaPrefillChunk : kCpuPrefillChunk;
}

MemoryPlan plan_model(const ModelConfig& config, DType dtype, const EngineOptions& options) {
    const int tp = std::max(1, options.tp);
    check_shardable(config, tp);
    const bool cuda = options.backend == "cuda";
    if (!cuda && options.backend != "cpu") throw Error("unknown backend '" + options.backend + "' (use cpu or cuda)");
    std::vector<DeviceBudget> budgets;
    if (cuda) {
        std::string why;
        if (!cuda_available(&why)) throw Error("the CUDA backend is not available: " + why);
        const auto found = list_gpus();
        const auto gpus = gpus_for(options);
        for (int g : gpus) {
            auto it = std::find_if(found.begin(), found.end(), [&](const GpuInfo& i) { return i.index == g; });
            if (it == found.end()) throw Error("GPU " + std::to_string(g) + " does not exist (" + std::to_string(found.size()) + " found)");
            // The same GPU may hold several ranks (tests of the sharded path): they share its memory.
            const auto share = uint64_t(std::count(gpus.begin(), gpus.end(), g));
            budgets.push_back({"GPU " + std::to_string(g) + ": " + it->name, it->free_bytes / share});
        }
    } else {
        const uint64_t ram = system_memory_available();
        for (int r = 0; r < tp; ++r) budgets.push_back({"CPU (system RAM)", ram / uint64_t(tp)});
    }
    return plan_memory(config, dtype, default_context(config, options), budgets, cuda ? 2 : 4,
                       prefill_chunk_for(options));
}

struct Engine::Impl {
    EngineOptions options;
    ModelConfig config;
    GenerationDefaults generation;
    std::unique_ptr<Tokenizer> tokenizer;
    std::unique_ptr<ChatTemplate> chat_template;
    std::unique_ptr<Checkpoint> checkpoint;
    MemoryPlan plan;
    int context = 0;
    std::unique_ptr<Collective> collective;
    std::vector<std::unique_ptr<Device>> devices;       // one per rank
    std::vector<std::unique_ptr<Transformer>> ranks;    // one per rank
    std::string description;
    DType dtype = DType::BF16;

    void report(double p) const {
        if (options.progress && !options.progress(p)) throw Cancelled();
    }

    // Reads every page of the mapped checkpoint once, so loading (with progress and cancel)
    // pays for the disk reads rather than the first answer.
    void prefault() const {
        const auto names = checkpoint->names();
        const double total = double(std::max<size_t>(1, checkpoint->total_bytes()));
        double done = 0;
        for (const auto& name : names) {
            const TensorView& t = checkpoint->get(name);
            const auto* bytes = static_cast<const volatile unsigned char*>(t.data);
            unsigned char sink = 0;
            for (size_t off = 0; off < t.nbytes(); off += 4096) sink ^= bytes[off];
            (void)sink;
            done += double(t.nbytes());
            report(0.1 + 0.2 * done / total);
        }
    }

    void build(const ModelWeights* full, DType weights_dtype) {
        dtype = weights_dtype;
        const int tp = std::max(1, options.tp);
        const bool cuda = options.backend == "cuda";

        const std::vector<int> gpus = gpus_for(options);
        plan = plan_model(config, dtype, options);
        if (!plan.fits()) {
            std::string why = plan.explain();
            std::replace(why.begin(), why.end(), '\n', ' ');
            throw Error("the model does not fit: " + why);
        }
        context = plan.context_tokens;
        report(0.3);

        const int threads = options.threads > 0 ? options.threads : hardware_threads();
        const bool distinct_gpus = std::set<int>(gpus.begin(), gpus.end()).size() == gpus.size();
        if (tp > 1) collective = (cuda && distinct_gpus) ? make_nccl_collective(gpus) : make_in_process_collective(tp);
        const int max_batch = prefill_chunk_for(options);
        for (int r = 0; r < tp; ++r) {
            // The in-process collective copies through the host, which a CUDA graph cannot capture.
            const bool graphs = !collective || std::string(collective->name()) != "in-process";
            devices.push_back(cuda ? make_cuda_device({gpus[size_t(r)], graphs})
                                   : make_cpu_device({std::max(1, threads / tp)}));
            const ModelWeights w = full ? shard_weights(*full, config, r, tp) : shaped_weights(config, tp, dtype);
            ranks.push_back(std::make_unique<Transformer>(config, w, *devices.back(), collective.get(), r, tp, context,
                                                          max_batch, full == nullptr, options.random_seed));
            report(0.3 + 0.7 * double(r + 1) / tp);
        }
        description = devices.front()->name() + ", tp " + std::to_string(tp) +
                      (collective ? std::string(" (") + collective->name() + ")" : std::string());
    }
};

Engine::Engine() : impl_(std::make_unique<Impl>()) {}
Engine::~Engine() = default;

std::unique_ptr<Engine> Engine::load(const fs::path& dir, const EngineOptions& options) {
    std::unique_ptr<Engine> e(new Engine());
    Impl& m = *e->impl_;
    m.options = options;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw Error("model folder " + dir.string() + " does not exist or is not a folder");
    if (!fs::exists(dir / "config.json")) throw Error(dir.string() + " has no config.json: is this a Hugging Face model folder?");
    m.config = load_config(dir / "config.json");
    if (fs::exists(dir / "generation_config.json")) m.generation = load_generation_config(dir / "generation_config.json");
    m.report(0.02);
    if (options.need_tokenizer || fs::exists(dir / "tokenizer.model")) {
        m.tokenizer = Tokenizer::load(dir);
        if (m.tokenizer->vocab_size() > m.config.vocab_size)
            throw Error("tokenizer.model has " + std::to_string(m.tokenizer->vocab_size()) +
                        " tokens but config.json's vocab_size is " + std::to_string(m.config.vocab_size));
        const ChatTemplateSource tpl = read_chat_template(dir);
        try {
            m.chat_template = std::make_unique<ChatTemplate>(tpl.text);
        } catch (const TemplateError& err) {
            throw Error("the chat template in " + tpl.source.string() + " is broken: " + err.what());
        }
    } else {
        m.chat_template = std::make_unique<ChatTemplate>(""); // unused: without a tokenizer no text goes in
    }
    m.report(0.05);
    m.checkpoint = Checkpoint::open(dir);
    const ModelWeights full = bind_weights(*m.checkpoint, m.config);
    m.report(0.1);
    if (options.backend == "cpu") m.prefault();
    m.build(&full, dominant_dtype(*m.checkpoint));
    return e;
}

std::unique_ptr<Engine> Engine::random(const fs::path& config_json, const EngineOptions& options) {
    std::unique_ptr<Engine> e(new Engine());
    Impl& m = *e->impl_;
    m.options = options;
    m.config = load_config(config_json);
    m.chat_template = std::make_unique<ChatTemplate>("");
    m.build(nullptr, options.random_dtype);
    return e;
}

const ModelConfig& Engine::config() const { return impl_->config; }
const GenerationDefaults& Engine::generation_defaults() const { return impl_->generation; }
const Tokenizer* Engine::tokenizer() const { return impl_->tokenizer.get(); }
const ChatTemplate& Engine::chat_template() const { return *impl_->chat_template; }
const MemoryPlan& Engine::memory_plan() const { return impl_->plan; }
std::string Engine::describe() const { return impl_->description; }
int Engine::context_tokens() const { return impl_->context; }
int Engine::prefill_chunk() const { return prefill_chunk_for(impl_->options); }
DType Engine::weight_dtype() const { return impl_->dtype; }
double Engine::measure_copy_bandwidth_gbs() { return impl_->devices.front()->measure_copy_bandwidth_gbs(); }
double Engine::measure_read_bandwidth_gbs() { return impl_->devices.front()->measure_read_bandwidth_gbs(); }
double Engine::measure_gemm_tflops() { return impl_->devices.front()->measure_gemm_tflops(); }

std::vector<int> Engine::encode_chat(const std::vector<ChatMessage>& messages, int reserve_tokens) const {
    if (!impl_->tokenizer) throw Error("this model was loaded without a tokenizer (random weights, or no tokenizer.model)");
    const Tokenizer& tok = *impl_->tokenizer;
    std::vector<ChatMessage> kept = messages;
    for (;;) {
        const std::string text = impl_->chat_template->render(kept, tok.bos_token(), tok.eos_token(), true);
        std::vector<int> ids = tok.encode(text, false);
        if (int(ids.size()) + reserve_tokens <= impl_->context) return ids;
        // Drop the oldest turn after the system prompt (a user message and the answers to it).
        const size_t first = (!kept.empty() && kept.front().role == "system") ? 1 : 0;
        size_t last = first + 1;
        while (last < kept.size() && kept[last].role != "user") ++last;
        if (last >= kept.size())
            throw Error("the message is " + std::to_string(ids.size()) + " tokens (plus " + std::to_string(reserve_tokens) +
                        " for the answer) but the context holds " + std::to_string(impl_->context) +
                        " tokens; shorten it or lower the answer length");
        kept.erase(kept.begin() + long(first), kept.begin() + long(last));
    }
}

void Engine::forward(const int32_t* ids, int n, int pos0, float* logits, bool all_logits) {
    for (int i = 0; i < n; ++i)
        if (ids[i] < 0 || ids[i] >= impl_->config.vocab_size)
            throw Error("token id " + std::to_string(ids[i]) + " is outside the vocabulary (0.." +
                        std::to_string(impl_->config.vocab_size - 1) + ")");
    if (pos0 + n > impl_->context)
        throw Error(std::to_string(pos0 + n) + " tokens do not fit in the " + std::to_string(impl_->context) + "-token context");
    auto& ranks = impl_->ranks;
    if (ranks.size() == 1) {
        ranks[0]->forward(ids, n, pos0, logits, all_logits);
        return;
    }
    std::vector<std::exception_ptr> errors(ranks.size());
    std::vector<std::thread> threads;
    for (size_t r = 0; r < ranks.size(); ++r)
        threads.emplace_back([&, r] {
            try {
                ranks[r]->forward(ids, n, pos0, r == 0 ? logits : nullptr, all_logits);
            } catch (...) {
                errors[r] = std::current_exception();
            }
        });
    for (auto& t : threads) t.join();
    for (auto& e : errors)
        if (e) std::rethrow_exception(e);
}

// --- Session -----------------------------------------------------------------------------

Session::Session(Engine& engine) : engine_(engine) {}
Session::~Session() = default;

void Session::reset() { tokens_.clear(); }

std::vector<float> Session::logits(const std::vector<int>& ids, bool incremental) {
    const int V = engine_.config().vocab_size;
    std::vector<float> out(ids.size() * size_t(V));
    tokens_.clear();
    if (incremental) {
        for (size_t i = 0; i < ids.size(); ++i) {
            engine_.forward(&ids[i], 1, int(i), out.data() + i * size_t(V), false);
            tokens_.push_back(ids[i]);
        }
    } else if (!ids.empty()) {
        engine_.forward(ids.data(), int(ids.size()), 0, out.data(), true);
        tokens_ = ids;
    }
    return out;
}

namespace {

// Holds back generated text that might be the start of a stop string.
class StopMatcher {
public:
    explicit StopMatcher(const std::vector<std::string>& stops) : stops_(stops) {}
    // Adds text; returns what can be emitted now. Sets `stopped` when a stop string completed
    // (the stop string itself and anything after it are not emitted).
    std::string push(const std::string& piece, bool& stopped) {
        pending_ += piece;
        for (const auto& s : stops_) {
            if (s.empty()) continue;
            const size_t at = pending_.find(s);
            if (at != std::string::npos) {
                stopped = true;
                std::string out = pending_.substr(0, at);
                pending_.clear();
                return out;
            }
        }
        size_t hold = 0;
        for (const auto& s : stops_)
            for (size_t len = std::min(s.size() - 1, pending_.size()); len > hold; --len)
                if (pending_.compare(pending_.size() - len, len, s, 0, len) == 0) {
                    hold = len;
                    break;
                }
        std::string out = pending_.substr(0, pending_.size() - hold);
        pending_.erase(0, pending_.size() - hold);
        return out;
    }
    std::string flush() { return std::exchange(pending_, {}); }

private:
    const std::vector<std::string>& stops_;
    std::string pending_;
};

} // namespace

GenerationStats Session::generate(const GenerateRequest& req) {
    GenerationStats stats;
    const auto t_start = Clock::now();
    const ModelConfig& cfg = engine_.config();
    const int context = engine_.context_tokens();
    const auto& prompt = req.prompt_ids;
    if (prompt.empty()) throw Error("the prompt is empty");
    if (int(prompt.size()) >= context)
        throw Error("the prompt is " + std::to_string(prompt.size()) + " tokens but the context holds " +
                    std::to_string(context) + "; shorten the conversation");
    stats.prompt_tokens = int(prompt.size());

    // KV-cache reuse: keep the longest common prefix, but always feed at least one token so
    // there are fresh logits to sample from.
    size_t common = 0;
    while (common < tokens_.size() && common < prompt.size() && tokens_[common] == prompt[common]) ++common;
    common = std::min(common, prompt.size() - 1);
    tokens_.resize(common);
    stats.reused_tokens = int(common);

    const int V = cfg.vocab_size;
    std::vector<float> logits(static_cast<size_t>(V));
    // Prefill step by step: a cancel between steps keeps what is cached (the next request
    // reuses it) and a long prompt reports its progress.
    const std::vector<int32_t> fresh(prompt.begin() + long(common), prompt.end());
    const int step_tokens = std::max(1, engine_.prefill_chunk());
    for (size_t done = 0; done < fresh.size();) {
        const int m = int(std::min(fresh.size() - done, size_t(step_tokens)));
        const bool last = done + size_t(m) == fresh.size();
        engine_.forward(fresh.data() + done, m, int(tokens_.size()), last ? logits.data() : nullptr, false);
        tokens_.insert(tokens_.end(), fresh.begin() + long(done), fresh.begin() + long(done) + m);
        done += size_t(m);
        if (req.on_prefill) req.on_prefill(int(tokens_.size()), int(prompt.size()));
        if (!last && req.cancel && req.cancel->load()) {
            stats.stop = StopReason::Cancelled;
            stats.prefill_tokens_per_s = double(done) / std::max(1e-9, ms_since(t_start) / 1000.0);
            return stats;
        }
    }
    const double prefill_ms = ms_since(t_start);
    stats.prefill_tokens_per_s = fresh.size() / std::max(1e-9, prefill_ms / 1000.0);

    const LiveSampling greedy_default(SamplingParams{0.0f, 0, 1.0f, 0.0f, 1.0f, 0, 0});
    const LiveSampling& live = req.sampling ? *req.sampling : greedy_default;
    Sampler sampler(live.get().seed);
    std::vector<int> eos = cfg.eos_token_ids;
    const auto& gen_eos = engine_.generation_defaults().eos_token_ids;
    eos.insert(eos.end(), gen_eos.begin(), gen_eos.end());
    if (const Tokenizer* tok = engine_.tokenizer()) eos.push_back(tok->eos_id());

    std::optional<StreamDecoder> decoder;
    if (engine_.tokenizer()) decoder.emplace(*engine_.tokenizer());
    StopMatcher stops(req.stop_strings);
    auto emit = [&](const std::string& text) {
        if (!text.empty() && req.on_piece) req.on_piece(text);
    };

    std::vector<int> generated;
    Clock::time_point t_first;
    stats.stop = StopReason::MaxTokens;
    for (int step = 0; step < req.max_tokens; ++step) {
        if (req.cancel && req.cancel->load()) {
            stats.stop = StopReason::Cancelled;
            break;
        }
        // The settings are read before every token: a change applies from the next one.
        const SamplingParams params = live.get();
        std::vector<int> history(tokens_.begin(), tokens_.end());
        const int next = sampler.sample(logits, history, params);
        if (step == 0) {
            t_first = Clock::now();
            stats.time_to_first_token_ms = ms_since(t_start);
        }
        if (std::find(eos.begin(), eos.end(), next) != eos.end()) {
            stats.stop = StopReason::Eos;
            break;
        }
        generated.push_back(next);
        stats.generated_tokens = int(generated.size());
        bool stopped = false;
        if (decoder) emit(stops.push(decoder->push(next), stopped));
        if (stopped) {
            stats.stop = StopReason::StopString;
            break;
        }
        if (step + 1 == req.max_tokens) break;
        if (int(tokens_.size()) >= context) {
            stats.stop = StopReason::ContextFull;
            break;
        }
        const int32_t id = next;
        engine_.forward(&id, 1, int(tokens_.size()), logits.data(), false);
        tokens_.push_back(next);
    }
    if (decoder && stats.stop != StopReason::StopString) {
        bool stopped = false;
        emit(stops.push(decoder->flush(), stopped));
        emit(stops.flush());
    }
    if (stats.generated_tokens > 1) {
        const double decode_ms = ms_since(t_first);
        stats.decode_tokens_per_s = (stats.generated_tokens - 1) / std::max(1e-9, decode_ms / 1000.0);
    }
    return stats;
}

// --- inspection ------------------------------------------------------------------------------

ModelInfo inspect_model(const fs::path& dir) {
    ModelInfo info;
    info.dir = dir;
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) throw Error("model folder " + dir.string() + " does not exist or is not a folder");
    if (!fs::exists(dir / "config.json")) throw Error(dir.string() + " has no config.json: is this a Hugging Face model folder?");
    info.config = load_config(dir / "config.json");
    const auto ck = Checkpoint::open(dir);
    info.weight_bytes = ck->total_bytes();
    info.dtype = dtype_name(dominant_dtype(*ck));
    info.parameters = info.config.parameter_count();
    info.active_parameters = info.config.active_parameter_count();
    info.has_tokenizer = fs::exists(dir / "tokenizer.model");
    try {
        info.has_chat_template = !read_chat_template(dir).text.empty();
    } catch (const Error&) {
        info.has_chat_template = false; // loading names the broken file
    }
    return info;
}

} // namespace moe
