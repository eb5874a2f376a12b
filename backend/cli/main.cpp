// moechat-cli: the engine from the command line. Verbs and flags are an interface other
// tools depend on; see README.md "Command line".
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <random>

#include <nlohmann/json.hpp>
#include <unistd.h>

#include "args.h"
#include "chat_template.h"
#include "json_file.h"
#include "device.h"
#include "engine.h"
#include "error.h"
#include "tokenizer.h"

#ifdef MOECHAT_HAVE_APP
#include "cli_verbs.h"
#endif

namespace fs = std::filesystem;
using nlohmann::json;

namespace moe::cli {
namespace {

const char* kUsage = R"(usage: moechat-cli VERB [options]
verbs:
  logits    --model DIR --ids 1,2,3 --out FILE [--incremental]
  tokenize  --model DIR --text TEXT
  template  (--model DIR | --template-file F --bos-token S --eos-token S) --messages FILE.json [--add-generation-prompt]
  generate  --model DIR (--prompt TEXT | --messages FILE.json) [--system TEXT] [--raw] [--max-tokens N]
            [--temperature T --top-k K --top-p P --min-p M --repeat-penalty R --seed S] [--stats]
  chat      --model DIR [sampling options as for generate]
            FILE.json: [{"role", "content"}, ...] or {"messages": [...], "tools": [...], ...}, whose
            other keys are template variables
  bench     (--model DIR | --config FILE --random-weights) [--prompt-tokens N[,N...] --gen-tokens M --layers L]
  info      --model DIR                 what the folder holds and the memory plan
  export    --db FILE [--conversation ID] --format md|json|html --out PATH
  import    --db FILE --in PATH
common: --backend cpu|cuda  --threads N  --tp N  --gpus 0,1  --context N  --version
        --prefill-chunk N   prompt tokens per prefill step (default 128 on the CPU, 2048 on CUDA)
)";

const std::set<std::string> kCommon = {"model", "backend", "threads", "tp", "gpus", "context", "prefill-chunk"};
const std::set<std::string> kSampling = {"max-tokens", "temperature", "top-k", "top-p", "min-p", "repeat-penalty", "seed"};

std::set<std::string> with(std::set<std::string> a, const std::set<std::string>& b) {
    a.insert(b.begin(), b.end());
    return a;
}

EngineOptions engine_options(const Args& a) {
    EngineOptions o;
    o.backend = a.str("backend", "cpu");
    if (o.backend != "cpu" && o.backend != "cuda") throw UsageError("--backend must be cpu or cuda");
    o.threads = int(a.integer("threads", 0, 0, 4096));
    o.tp = int(a.integer("tp", 1, 1, 64));
    if (a.has("gpus")) o.gpus = a.int_list("gpus");
    o.context_tokens = int(a.integer("context", 0, 0, 1 << 24));
    o.prefill_chunk = int(a.integer("prefill-chunk", 0, 0, 1 << 20));
    return o;
}

std::unique_ptr<Engine> load_engine(const Args& a) { return Engine::load(a.required("model"), engine_options(a)); }

// A messages file: a JSON array of {role, content}, or an object with "messages" whose other
// keys (tools, documents, enable_thinking, ...) are variables for the template. Keys keep the
// file's order, as Python's json.load keeps them for transformers.
struct MessagesFile {
    nlohmann::ordered_json messages;
    nlohmann::ordered_json variables = nlohmann::ordered_json::object();
};

MessagesFile read_messages_file(const fs::path& p) {
    nlohmann::ordered_json j = nlohmann::ordered_json::parse(read_file(p), nullptr, false);
    if (j.is_discarded()) throw Error(p.string() + " is not valid JSON");
    MessagesFile f;
    if (j.is_object() && j.contains("messages")) {
        f.messages = j["messages"];
        for (auto it = j.begin(); it != j.end(); ++it)
            if (it.key() != "messages") f.variables[it.key()] = it.value();
    } else {
        f.messages = std::move(j);
    }
    if (!f.messages.is_array()) throw Error(p.string() + " must hold a JSON array of {\"role\", \"content\"} messages");
    for (const auto& m : f.messages)
        if (!m.is_object() || !m.contains("role") || !m["role"].is_string())
            throw Error(p.string() + ": every message needs a \"role\" string");
    return f;
}

nlohmann::ordered_json read_messages(const fs::path& p) { return read_messages_file(p).messages; }

std::vector<ChatMessage> to_messages(const nlohmann::ordered_json& j) {
    std::vector<ChatMessage> out;
    for (const auto& m : j) {
        if (m.contains("content") && !m["content"].is_string() && !m["content"].is_null())
            throw Error("message " + std::to_string(out.size() + 1) +
                        ": \"content\" must be a string here (the template verb renders other kinds)");
        out.push_back({m["role"].get<std::string>(), m.contains("content") && m["content"].is_string()
                                                          ? m["content"].get<std::string>()
                                                          : std::string()});
    }
    return out;
}

std::string token_string(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object() && v.contains("content") && v["content"].is_string()) return v["content"].get<std::string>();
    return {};
}

SamplingParams sampling_params(const Args& a, const GenerationDefaults& g) {
    SamplingParams p;
    p.temperature = g.do_sample.value_or(true) ? g.temperature.value_or(p.temperature) : 0.0f;
    p.top_k = g.top_k.value_or(p.top_k);
    p.top_p = g.top_p.value_or(p.top_p);
    p.min_p = g.min_p.value_or(p.min_p);
    p.repeat_penalty = g.repetition_penalty.value_or(p.repeat_penalty);
    p.temperature = float(a.number("temperature", p.temperature, 0.0, 100.0));
    p.top_k = int(a.integer("top-k", p.top_k, 0, 1 << 30));
    p.top_p = float(a.number("top-p", p.top_p, 0.0, 1.0));
    p.min_p = float(a.number("min-p", p.min_p, 0.0, 1.0));
    p.repeat_penalty = float(a.number("repeat-penalty", p.repeat_penalty, 0.01, 100.0));
    p.seed = uint64_t(a.integer("seed", std::random_device{}(), 0, INT64_MAX));
    return p;
}

void print_stats(const GenerationStats& s) {
    std::fprintf(stderr,
                 "\n[%d prompt tokens (%d reused), %d generated, stop: %s; first token %.0f ms, prefill %.1f tok/s, "
                 "decode %.2f tok/s]\n",
                 s.prompt_tokens, s.reused_tokens, s.generated_tokens, stop_reason_name(s.stop), s.time_to_first_token_ms,
                 s.prefill_tokens_per_s, s.decode_tokens_per_s);
}

int cmd_logits(const Args& a) {
    a.only(with(kCommon, {"ids", "out", "incremental"}));
    const std::vector<int> ids = a.int_list("ids");
    const fs::path out = a.required("out");
    EngineOptions opts = engine_options(a);
    opts.need_tokenizer = false; // ids in, logits out
    auto engine = Engine::load(a.required("model"), opts);
    Session session(*engine);
    const std::vector<float> logits = session.logits(ids, a.has("incremental"));
    const fs::path tmp = out.string() + ".part";
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        if (!f) throw Error("cannot write " + out.string());
        f.write(reinterpret_cast<const char*>(logits.data()), std::streamsize(logits.size() * sizeof(float)));
        if (!f) throw Error("writing " + out.string() + " failed (disk full?)");
    }
    fs::rename(tmp, out);
    return 0;
}

int cmd_tokenize(const Args& a) {
    a.only({"model", "text"});
    const auto tok = Tokenizer::load(a.required("model"));
    const auto ids = tok->encode(a.required("text"), true);
    for (size_t i = 0; i < ids.size(); ++i) std::cout << (i ? " " : "") << ids[i];
    std::cout << "\n";
    return 0;
}

int cmd_template(const Args& a) {
    a.only({"model", "template-file", "bos-token", "eos-token", "messages", "add-generation-prompt"});
    std::string source, bos = a.str("bos-token"), eos = a.str("eos-token");
    if (a.has("model")) {
        const fs::path dir = a.str("model");
        if (!fs::is_directory(dir)) throw Error("model folder " + dir.string() + " does not exist or is not a folder");
        source = read_chat_template(dir).text;
        if (const fs::path cfg = dir / "tokenizer_config.json"; fs::exists(cfg)) {
            const json j = read_json_file(cfg);
            if (!a.has("bos-token") && j.contains("bos_token")) bos = token_string(j["bos_token"]);
            if (!a.has("eos-token") && j.contains("eos_token")) eos = token_string(j["eos_token"]);
        }
    } else {
        source = read_file(a.required("template-file"));
    }
    const MessagesFile file = read_messages_file(a.required("messages"));
    const ChatTemplate tpl(source);
    std::cout << tpl.render(file.messages, bos, eos, a.has("add-generation-prompt"), file.variables);
    std::cout.flush();
    return 0;
}

int cmd_generate(const Args& a) {
    a.only(with(with(kCommon, kSampling), {"prompt", "messages", "system", "raw", "stats", "stop"}));
    auto engine = load_engine(a);
    const Tokenizer* tok = engine->tokenizer();
    const SamplingParams params = sampling_params(a, engine->generation_defaults());
    const int max_tokens = int(a.integer("max-tokens", 256, 1, 1 << 24));
    std::vector<int> ids;
    if (a.has("raw")) {
        ids = tok->encode(a.required("prompt"), true);
    } else {
        std::vector<ChatMessage> messages;
        if (a.has("messages")) {
            messages = to_messages(read_messages(a.str("messages")));
        } else {
            messages.push_back({"user", a.required("prompt")});
        }
        if (a.has("system")) {
            if (!messages.empty() && messages.front().role == "system") messages.front().content = a.str("system");
            else messages.insert(messages.begin(), {"system", a.str("system")});
        }
        ids = engine->encode_chat(messages, 0);
    }
    LiveSampling live(params);
    Session session(*engine);
    GenerateRequest req;
    req.prompt_ids = ids;
    req.max_tokens = max_tokens;
    req.sampling = &live;
    if (a.has("stop")) req.stop_strings.push_back(a.str("stop"));
    req.on_piece = [](const std::string& piece) {
        std::fwrite(piece.data(), 1, piece.size(), stdout);
        std::fflush(stdout);
    };
    const GenerationStats stats = session.generate(req);
    std::fputc('\n', stdout);
    if (a.has("stats")) print_stats(stats);
    return 0;
}

int cmd_chat(const Args& a) {
    a.only(with(with(kCommon, kSampling), {"system"}));
    auto engine = load_engine(a);
    const SamplingParams params = sampling_params(a, engine->generation_defaults());
    const int max_tokens = int(a.integer("max-tokens", 512, 1, 1 << 24));
    LiveSampling live(params);
    Session session(*engine);
    std::vector<ChatMessage> messages;
    if (a.has("system")) messages.push_back({"system", a.str("system")});
    std::fprintf(stderr, "moechat %s — %s; type a message, /reset to start over, /exit to quit\n", MOECHAT_VERSION,
                 engine->describe().c_str());
    std::string line;
    for (;;) {
        std::fputs("> ", stderr);
        if (!std::getline(std::cin, line) || line == "/exit" || line == "/quit") break;
        if (line.empty()) continue;
        if (line == "/reset") {
            messages.erase(std::remove_if(messages.begin(), messages.end(), [](auto& m) { return m.role != "system"; }),
                           messages.end());
            session.reset();
            continue;
        }
        messages.push_back({"user", line});
        GenerateRequest req;
        try {
            req.prompt_ids = engine->encode_chat(messages, max_tokens);
        } catch (const Error& e) {
            std::fprintf(stderr, "%s\n", e.what());
            messages.pop_back();
            continue;
        }
        req.max_tokens = max_tokens;
        req.sampling = &live;
        std::string answer;
        req.on_piece = [&](const std::string& piece) {
            answer += piece;
            std::fwrite(piece.data(), 1, piece.size(), stdout);
            std::fflush(stdout);
        };
        const GenerationStats stats = session.generate(req);
        std::fputc('\n', stdout);
        print_stats(stats);
        messages.push_back({"assistant", answer});
    }
    return 0;
}

// Bytes of weights one decode step reads: attention, router, the top-k experts, norms, lm_head.
double active_weight_bytes(const ModelConfig& c, DType t) {
    const double d = c.hidden_size, ff = c.intermediate_size;
    const double attn = d * c.q_dim() * 2 + d * c.kv_dim() * 2;
    const double experts = c.experts_per_token * 3 * d * ff;
    const double router = c.is_moe() ? c.num_experts * d : 0;
    const double per_layer = attn + experts + router + 2 * d;
    return (per_layer * c.num_layers + double(c.vocab_size) * d + d) * double(dtype_size(t));
}

int cmd_bench(const Args& a) {
    a.only(with(kCommon, {"config", "random-weights", "prompt-tokens", "gen-tokens", "layers", "dtype"}));
    EngineOptions opts = engine_options(a);
    std::vector<int> prompt_sizes = a.has("prompt-tokens") ? a.int_list("prompt-tokens") : std::vector<int>{128};
    const int gen = int(a.integer("gen-tokens", 32, 1, 1 << 20));
    int longest = 0;
    for (int p : prompt_sizes) {
        if (p < 1) throw UsageError("--prompt-tokens must be positive");
        longest = std::max(longest, p);
    }
    if (opts.context_tokens == 0) opts.context_tokens = longest + gen + 1;
    std::unique_ptr<Engine> engine;
    DType dtype = DType::BF16;
    if (a.has("random-weights")) {
        fs::path config = a.required("config");
        const std::string dt = a.str("dtype", "bf16");
        dtype = dt == "f32" ? DType::F32 : dt == "f16" ? DType::F16 : DType::BF16;
        if (dt != "bf16" && dt != "f16" && dt != "f32") throw UsageError("--dtype must be bf16, f16 or f32");
        opts.random_dtype = dtype;
        if (a.has("layers")) {
            // Fewer layers of the same shape, for machines that cannot hold them all.
            json j = json::parse(read_file(config));
            j["num_hidden_layers"] = a.integer("layers", 1, 1, 1000);
            config = fs::temp_directory_path() / ("moechat-bench-" + std::to_string(::getpid()) + ".json");
            std::ofstream(config) << j.dump();
            engine = Engine::random(config, opts);
            fs::remove(config);
        } else {
            engine = Engine::random(config, opts);
        }
    } else {
        if (a.has("config") || a.has("layers")) throw UsageError("--config and --layers go with --random-weights");
        opts.need_tokenizer = false; // the prompts are random token ids
        engine = Engine::load(a.required("model"), opts);
        dtype = engine->weight_dtype();
    }
    const ModelConfig& c = engine->config();
    std::printf("model: %d layers, d_model %d, d_ff %d, %d experts (top-%d), vocab %d, %s weights\n", c.num_layers,
                c.hidden_size, c.intermediate_size, c.num_experts, c.experts_per_token, c.vocab_size, dtype_name(dtype));
    std::printf("device: %s\n", engine->describe().c_str());

    std::mt19937 rng(7);
    std::vector<float> logits(static_cast<size_t>(c.vocab_size));
    using Clock = std::chrono::steady_clock;
    const double flops_per_token = 2.0 * (active_weight_bytes(c, dtype) / double(dtype_size(dtype)));
    for (int n : prompt_sizes) {
        std::vector<int32_t> ids(static_cast<size_t>(n));
        for (auto& id : ids) id = int32_t(rng() % uint32_t(c.vocab_size));
        engine->forward(ids.data(), n, 0, logits.data(), false); // warm-up: allocations, caches, kernels
        const auto t0 = Clock::now();
        engine->forward(ids.data(), n, 0, logits.data(), false);
        const double s = std::chrono::duration<double>(Clock::now() - t0).count();
        const double attn_flops = 2.0 * 2.0 * double(n) * double(n) / 2.0 * c.q_dim() * c.num_layers;
        std::printf("prefill %5d tokens: %9.1f tok/s  %8.1f GFLOP/s  time to first token %.1f ms\n", n, n / s,
                    (flops_per_token * n + attn_flops) / s / 1e9, s * 1000.0);
    }
    // decode: one token at a time after the longest prompt
    int32_t id = 1;
    const int pos0 = longest;
    // warm-up: the first decode steps size workspaces and capture the CUDA graph
    for (int i = 0; i < 2; ++i) engine->forward(&id, 1, pos0 + i, logits.data(), false);
    const auto t0 = Clock::now();
    for (int i = 0; i < gen; ++i) {
        engine->forward(&id, 1, pos0 + i, logits.data(), false);
        id = int32_t(std::max_element(logits.begin(), logits.end()) - logits.begin());
    }
    const double s = std::chrono::duration<double>(Clock::now() - t0).count();
    const double tok_s = gen / s;
    const double bytes = active_weight_bytes(c, dtype);
    const double gbs = bytes * tok_s / 1e9;
    std::printf("decode: %.2f tok/s (%.2f ms/token); weights read per token %.3f GB -> %.1f GB/s\n", tok_s, 1000.0 / tok_s,
                bytes / 1e9, gbs);
    const double copy = engine->measure_copy_bandwidth_gbs();
    std::printf("copy bandwidth (read+write) measured now: %.1f GB/s -> decode reaches %.0f%% of it\n", copy,
                100.0 * gbs / copy);
    if (const double read = engine->measure_read_bandwidth_gbs(); read > 0)
        std::printf("read bandwidth (streaming, all threads) measured now: %.1f GB/s -> decode reaches %.0f%% of it\n",
                    read, 100.0 * gbs / read);
    if (const double tflops = engine->measure_gemm_tflops(); tflops > 0)
        std::printf("bf16 GEMM rate measured now: %.1f TFLOP/s\n", tflops);
    return 0;
}

DType parse_dtype(const std::string& name) {
    return name == "F32" ? DType::F32 : name == "F16" ? DType::F16 : DType::BF16;
}

int cmd_info(const Args& a) {
    a.only(kCommon);
    const ModelInfo info = inspect_model(a.required("model"));
    const ModelConfig& c = info.config;
    auto count = [](int64_t n) {
        char buf[32];
        std::snprintf(buf, sizeof buf, n >= 1000000000 ? "%.1f B" : "%.2f M", n >= 1000000000 ? n / 1e9 : n / 1e6);
        return std::string(buf);
    };
    std::printf("%s: %s, %s parameters (%s active per token), %d layers, d_model %d, %d experts (top-%d), %s, %s\n",
                info.dir.string().c_str(), c.architecture.c_str(), count(info.parameters).c_str(),
                count(info.active_parameters).c_str(),
                c.num_layers, c.hidden_size, c.num_experts, c.experts_per_token, info.dtype.c_str(),
                format_bytes(info.weight_bytes).c_str());
    EngineOptions o = engine_options(a);
    const MemoryPlan plan = plan_model(c, parse_dtype(info.dtype), o);
    std::printf("memory plan (%s, tp %d, context %d tokens):\n%s\n", o.backend.c_str(), std::max(1, o.tp),
                plan.context_tokens, plan.explain().c_str());
    return plan.fits() ? 0 : 1;
}

int dispatch(int argc, char** argv) {
    if (argc < 2) {
        std::fputs(kUsage, stderr);
        return 2;
    }
    const std::string verb = argv[1];
    if (verb == "--version" || verb == "version") {
        std::printf("moechat-cli %s\n", MOECHAT_VERSION);
        return 0;
    }
    if (verb == "--help" || verb == "help" || verb == "-h") {
        std::fputs(kUsage, stdout);
        return 0;
    }
    if (verb == "export" || verb == "import") {
#ifdef MOECHAT_HAVE_APP
        return verb == "export" ? moechat_cli_export(argc - 1, argv + 1) : moechat_cli_import(argc - 1, argv + 1);
#else
        std::fprintf(stderr, "moechat-cli: %s needs the app's storage, and this build has no app (MOECHAT_BUILD_APP=OFF)\n",
                     verb.c_str());
        return 1;
#endif
    }
    const Args a(argc, argv, 2, {"incremental", "add-generation-prompt", "random-weights", "raw", "stats"});
    if (a.has("version")) {
        std::printf("moechat-cli %s\n", MOECHAT_VERSION);
        return 0;
    }
    if (verb == "logits") return cmd_logits(a);
    if (verb == "tokenize") return cmd_tokenize(a);
    if (verb == "template") return cmd_template(a);
    if (verb == "generate") return cmd_generate(a);
    if (verb == "chat") return cmd_chat(a);
    if (verb == "bench") return cmd_bench(a);
    if (verb == "info") return cmd_info(a);
    throw UsageError("unknown verb '" + verb + "'");
}

} // namespace
} // namespace moe::cli

int main(int argc, char** argv) {
    std::signal(SIGPIPE, SIG_IGN);
    try {
        return moe::cli::dispatch(argc, argv);
    } catch (const moe::cli::UsageError& e) {
        std::fprintf(stderr, "moechat-cli: %s (see moechat-cli --help)\n", e.what());
        return 2;
    } catch (const moe::TemplateError& e) {
        std::fprintf(stderr, "moechat-cli: template error: %s\n", e.what());
        return 1;
    } catch (const std::bad_alloc&) {
        std::fprintf(stderr, "moechat-cli: out of memory\n");
        return 1;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "moechat-cli: %s\n", e.what());
        return 1;
    }
}
