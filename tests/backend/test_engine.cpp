// Sessions on the real engine and the tiny committed Mixtral: KV-cache reuse across turns,
// stops, cancel, live sampling, the context policy, and clear errors for bad requests.
#include <QtTest>

#include <atomic>
#include <thread>

#include "device.h"
#include "engine.h"
#include "error.h"
#include "reference.h"
#include "tokenizer.h"

using namespace moe;

namespace {

std::unique_ptr<Engine> tiny(int context = 0, const char* model = "tiny-mixtral") {
    EngineOptions o;
    o.threads = 2;
    o.context_tokens = context;
    return Engine::load(test::model_dir(model), o);
}

struct Result {
    std::string text;
    GenerationStats stats;
};

Result run(Session& s, const std::vector<int>& prompt, int max_tokens, const LiveSampling* live = nullptr,
           const std::atomic<bool>* cancel = nullptr, std::vector<std::string> stops = {}) {
    Result r;
    GenerateRequest req;
    req.prompt_ids = prompt;
    req.max_tokens = max_tokens;
    req.sampling = live;
    req.cancel = cancel;
    req.stop_strings = std::move(stops);
    req.on_piece = [&](const std::string& p) { r.text += p; };
    r.stats = s.generate(req);
    return r;
}

template <class F>
QString error_of(F&& f) {
    try {
        f();
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

} // namespace

class TestEngine : public QObject {
    Q_OBJECT
private slots:
    void greedy_generation_matches_reference_continuation() {
        auto engine = tiny();
        const auto m = test::manifest("tiny-mixtral");
        const auto& p = m["prompts"][0];
        Session s(*engine);
        const auto r = run(s, p["ids"].get<std::vector<int>>(), 32);
        QCOMPARE(r.stats.stop, StopReason::MaxTokens);
        QCOMPARE(r.stats.generated_tokens, 32);
        const auto want = p["greedy_ids"].get<std::vector<int>>();
        QCOMPARE(r.text, engine->tokenizer()->decode(want));
        QVERIFY(r.stats.decode_tokens_per_s > 0);
        QVERIFY(r.stats.time_to_first_token_ms > 0);
    }

    void follow_up_prefills_only_new_tokens() {
        auto engine = tiny();
        Session s(*engine);
        std::vector<ChatMessage> chat{{"user", "Hello there"}};
        const auto first = engine->encode_chat(chat);
        const auto r1 = run(s, first, 8);
        QCOMPARE(r1.stats.reused_tokens, 0);
        chat.push_back({"assistant", r1.text});
        chat.push_back({"user", "And again?"});
        const auto second = engine->encode_chat(chat);
        const auto r2 = run(s, second, 8);
        QVERIFY2(r2.stats.reused_tokens >= int(first.size()),
                 qPrintable(QString("reused %1 of %2").arg(r2.stats.reused_tokens).arg(first.size())));
        // The same conversation from a cold cache gives the same answer.
        Session fresh(*engine);
        const auto r3 = run(fresh, second, 8);
        QCOMPARE(r3.stats.reused_tokens, 0);
        QCOMPARE(r2.text, r3.text);
    }

    void same_seed_same_text_and_different_seed_differs() {
        auto engine = tiny();
        SamplingParams p;
        p.temperature = 1.5f;
        p.top_k = 0;
        p.top_p = 1.0f;
        p.seed = 11;
        LiveSampling a(p), b(p);
        p.seed = 12;
        LiveSampling c(p);
        const auto prompt = engine->tokenizer()->encode("Once upon a time");
        Session s(*engine);
        const auto ra = run(s, prompt, 24, &a), rb = run(s, prompt, 24, &b), rc = run(s, prompt, 24, &c);
        QCOMPARE(ra.text, rb.text);
        QVERIFY(ra.text != rc.text);
    }

    void sampling_change_mid_answer_applies_from_next_token() {
        auto engine = tiny();
        const auto prompt = engine->tokenizer()->encode("The sea is");
        Session s(*engine);
        SamplingParams greedy;
        greedy.temperature = 0.0f;
        LiveSampling fixed(greedy);
        const auto baseline = run(s, prompt, 24, &fixed);

        // Same start, but after the 6th piece the temperature jumps to 3: the first six pieces
        // are the greedy ones, the rest differs.
        LiveSampling live(greedy);
        GenerateRequest req;
        req.prompt_ids = prompt;
        req.max_tokens = 24;
        req.sampling = &live;
        std::vector<std::string> pieces;
        req.on_piece = [&](const std::string& piece) {
            pieces.push_back(piece);
            if (pieces.size() == 6) {
                SamplingParams hot = greedy;
                hot.temperature = 3.0f;
                hot.top_k = 0;
                hot.top_p = 1.0f;
                live.set(hot);
            }
        };
        s.generate(req);
        std::string text, head;
        for (size_t i = 0; i < pieces.size(); ++i) {
            text += pieces[i];
            if (i < 6) head += pieces[i];
        }
        QVERIFY(baseline.text.rfind(head, 0) == 0);
        QVERIFY(text != baseline.text);
    }

    void cancel_is_honoured_within_one_token() {
        auto engine = tiny();
        Session s(*engine);
        std::atomic<bool> cancel{false};
        GenerateRequest req;
        req.prompt_ids = engine->tokenizer()->encode("Hello");
        req.max_tokens = 200;
        req.cancel = &cancel;
        int pieces = 0;
        req.on_piece = [&](const std::string&) {
            if (++pieces == 3) cancel = true;
        };
        const auto stats = s.generate(req);
        QCOMPARE(stats.stop, StopReason::Cancelled);
        QVERIFY(stats.generated_tokens <= 4);
    }

    // A long prompt is fed in steps: Stop during prefill ends it after the current step, keeps
    // what is cached, and the same request later prefills only the rest and answers as a cold
    // session does.
    void cancel_during_prefill_keeps_the_cached_part() {
        EngineOptions o;
        o.threads = 2;
        o.prefill_chunk = 4;
        auto engine = Engine::load(test::model_dir("tiny-mixtral"), o);
        QCOMPARE(engine->prefill_chunk(), 4);
        const auto prompt = engine->encode_chat({{"user", "Tell me a long story about a garden and a fox"}});
        QVERIFY(prompt.size() > 12);
        Session s(*engine);
        std::atomic<bool> cancel{false};
        GenerateRequest req;
        req.prompt_ids = prompt;
        req.max_tokens = 8;
        req.cancel = &cancel;
        std::vector<int> progress;
        req.on_prefill = [&](int done, int total) {
            QCOMPARE(total, int(prompt.size()));
            progress.push_back(done);
            if (done == 8) cancel = true;
        };
        std::string text;
        req.on_piece = [&](const std::string& piece) { text += piece; };
        const auto stopped = s.generate(req);
        QCOMPARE(stopped.stop, StopReason::Cancelled);
        QCOMPARE(stopped.generated_tokens, 0);
        QVERIFY(text.empty());
        QCOMPARE(progress, (std::vector<int>{4, 8}));

        cancel = false;
        progress.clear();
        const auto resumed = s.generate(req);
        QCOMPARE(resumed.reused_tokens, 8);
        QCOMPARE(progress.front(), 12);
        QCOMPARE(progress.back(), int(prompt.size()));
        Session cold(*engine);
        const auto r = run(cold, prompt, 8);
        QCOMPARE(text, r.text);
        QCOMPARE(resumed.generated_tokens, r.stats.generated_tokens);
    }

    void stop_string_ends_and_is_not_emitted() {
        auto engine = tiny();
        Session s(*engine);
        const auto m = test::manifest("tiny-mixtral");
        const auto& p = m["prompts"][0];
        const auto want = engine->tokenizer()->decode(p["greedy_ids"].get<std::vector<int>>());
        QVERIFY(want.size() > 12);
        const std::string stop = want.substr(8, 3);
        const auto r = run(s, p["ids"].get<std::vector<int>>(), 32, nullptr, nullptr, {stop});
        QCOMPARE(r.stats.stop, StopReason::StopString);
        QCOMPARE(r.text, want.substr(0, want.find(stop)));
    }

    void eos_stops_generation() {
        // A copy of the tiny model whose generation_config.json names the 3rd greedy token as
        // an end-of-sequence id: generation must stop there, emitting only the first two.
        const auto m = test::manifest("tiny-mixtral");
        const auto& p = m["prompts"][0];
        const auto greedy = p["greedy_ids"].get<std::vector<int>>();
        QTemporaryDir dir;
        for (const QFileInfo& fi : QDir(QString::fromStdString(test::model_dir("tiny-mixtral"))).entryInfoList(QDir::Files))
            QVERIFY(QFile::copy(fi.filePath(), dir.filePath(fi.fileName())));
        QFile gen(dir.filePath("generation_config.json"));
        QVERIFY(gen.open(QIODevice::WriteOnly | QIODevice::Truncate));
        gen.write(QByteArray("{\"eos_token_id\": [2, ") + QByteArray::number(greedy[2]) + "]}");
        gen.close();
        EngineOptions o;
        o.threads = 2;
        auto engine = Engine::load(dir.path().toStdString(), o);
        Session s(*engine);
        const auto r = run(s, p["ids"].get<std::vector<int>>(), 32);
        QCOMPARE(r.stats.stop, StopReason::Eos);
        QCOMPARE(r.stats.generated_tokens, 2);
        QCOMPARE(r.text, engine->tokenizer()->decode({greedy[0], greedy[1]}));
    }

    // transformers saves a folder's template as chat_template.jinja and prefers that file to the
    // "chat_template" in tokenizer_config.json; a broken one is named in the load error.
    void chat_template_jinja_file_wins_over_tokenizer_config() {
        QTemporaryDir dir;
        for (const QFileInfo& fi : QDir(QString::fromStdString(test::model_dir("tiny-mixtral"))).entryInfoList(QDir::Files))
            QVERIFY(QFile::copy(fi.filePath(), dir.filePath(fi.fileName())));
        QFile jinja(dir.filePath("chat_template.jinja"));
        QVERIFY(jinja.open(QIODevice::WriteOnly));
        jinja.write("{{ bos_token }}{% for m in messages %}<|{{ m.role }}|>{{ m.content }}{{ eos_token }}\n{% endfor %}"
                    "{% if add_generation_prompt %}<|assistant|>{% endif %}");
        jinja.close();
        EngineOptions o;
        o.threads = 2;
        auto engine = Engine::load(dir.path().toStdString(), o);
        const std::vector<ChatMessage> chat{{"system", "Be brief."}, {"user", "Hello there"}};
        QCOMPARE(engine->chat_template().render(chat, "<s>", "</s>", true),
                 std::string("<s><|system|>Be brief.</s>\n<|user|>Hello there</s>\n<|assistant|>"));
        const Tokenizer& tok = *engine->tokenizer();
        QCOMPARE(engine->encode_chat(chat),
                 tok.encode(engine->chat_template().render(chat, tok.bos_token(), tok.eos_token(), true), false));
        // Without the file the folder's own (Zephyr) template is back.
        auto original = tiny();
        QVERIFY(original->chat_template().render(chat, "<s>", "</s>", true).find("<|user|>\nHello there</s>") != std::string::npos);

        QVERIFY(jinja.open(QIODevice::WriteOnly | QIODevice::Truncate));
        jinja.write("{% for m in messages %}{{ m.content }");
        jinja.close();
        const QString msg = error_of([&] { Engine::load(dir.path().toStdString(), o); });
        QVERIFY2(msg.contains("chat_template.jinja") && msg.contains("broken"), qPrintable(msg));
    }

    void answer_that_fills_the_context_stops_cleanly() {
        auto engine = tiny(24);
        Session s(*engine);
        const auto prompt = engine->tokenizer()->encode("Hello world, this is");
        const auto r = run(s, prompt, 100);
        QVERIFY(r.stats.stop == StopReason::ContextFull || r.stats.stop == StopReason::Eos);
        if (r.stats.stop == StopReason::ContextFull) QCOMPARE(int(s.cached_tokens().size()), 24);
    }

    void prompt_longer_than_context_is_a_clear_error() {
        auto engine = tiny(16);
        Session s(*engine);
        std::vector<int> prompt(20, 5);
        const QString msg = error_of([&] { run(s, prompt, 4); });
        QVERIFY2(msg.contains("20 tokens") && msg.contains("16"), qPrintable(msg));
    }

    void old_turns_are_dropped_to_fit_the_context() {
        auto engine = tiny(64);
        std::vector<ChatMessage> chat{{"system", "Be brief."}};
        for (int i = 0; i < 6; ++i) {
            chat.push_back({"user", "Tell me about the sea number " + std::to_string(i)});
            chat.push_back({"assistant", "The sea is wide and deep."});
        }
        chat.push_back({"user", "Last question"});
        const auto ids = engine->encode_chat(chat, 8);
        QVERIFY(int(ids.size()) + 8 <= 64);
        const std::string text = engine->tokenizer()->decode(ids);
        QVERIFY(text.find("Be brief.") != std::string::npos);     // system prompt kept
        QVERIFY(text.find("Last question") != std::string::npos); // newest turn kept
        QVERIFY(text.find("number 0") == std::string::npos);      // oldest turn dropped
        const QString msg = error_of([&] { engine->encode_chat({{"user", std::string(400, 'a')}}, 8); });
        QVERIFY2(msg.contains("context holds 64"), qPrintable(msg));
    }

    void token_ids_out_of_range_are_refused() {
        auto engine = tiny();
        Session s(*engine);
        const QString msg = error_of([&] { s.logits({1, 5, 99999}, false); });
        QVERIFY2(msg.contains("99999") && msg.contains("vocabulary"), qPrintable(msg));
        QVERIFY(!error_of([&] { s.logits({1, -3}, true); }).isEmpty());
    }

    void impossible_tensor_parallel_size_is_refused() {
        EngineOptions o;
        o.tp = 3; // 4 heads, 2 kv heads
        const QString msg = error_of([&] { Engine::load(test::model_dir("tiny-mixtral"), o); });
        QVERIFY2(!msg.isEmpty(), "tp 3 must be refused");
    }

    void unknown_backend_and_missing_gpu_are_clear_errors() {
        EngineOptions o;
        o.backend = "tpu";
        QVERIFY(error_of([&] { Engine::load(test::model_dir("tiny-mixtral"), o); }).contains("unknown backend"));
        std::string why;
        if (cuda_available(&why)) QSKIP("a GPU is present; the no-GPU message is not reachable here");
        o.backend = "cuda";
        const QString msg = error_of([&] { Engine::load(test::model_dir("tiny-mixtral"), o); });
        QVERIFY2(msg.contains("CUDA"), qPrintable(msg));
    }

    void missing_folder_and_files_are_clear_errors() {
        EngineOptions o;
        QVERIFY(error_of([&] { Engine::load("/nonexistent/model", o); }).contains("does not exist"));
        QTemporaryDir dir;
        QVERIFY(error_of([&] { Engine::load(dir.path().toStdString(), o); }).contains("config.json"));
    }

    void random_weights_engine_runs_at_any_shape() {
        QTemporaryDir dir;
        const QString cfg = dir.filePath("config.json");
        QFile f(cfg);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"architectures":["MixtralForCausalLM"],"model_type":"mixtral","vocab_size":500,"hidden_size":64,
                   "intermediate_size":80,"num_hidden_layers":2,"num_attention_heads":4,"num_key_value_heads":2,
                   "num_local_experts":4,"num_experts_per_tok":2,"max_position_embeddings":128,"rms_norm_eps":1e-5,
                   "rope_theta":1e6})");
        f.close();
        EngineOptions o;
        o.threads = 2;
        auto a = Engine::random(cfg.toStdString(), o);
        o.tp = 2;
        auto b = Engine::random(cfg.toStdString(), o);
        const std::vector<int32_t> ids{1, 2, 3, 4, 5};
        std::vector<float> la(5 * 500), lb(5 * 500);
        a->forward(ids.data(), 5, 0, la.data(), true);
        b->forward(ids.data(), 5, 0, lb.data(), true);
        for (float v : la) QVERIFY(std::isfinite(v));
        for (float v : lb) QVERIFY(std::isfinite(v));
        QVERIFY(*std::max_element(la.begin(), la.end()) > *std::min_element(la.begin(), la.end()));
        // Synthetic weights are a function of the seed: the same model on every run.
        std::vector<float> la2(5 * 500);
        EngineOptions one_thread;
        one_thread.threads = 1;
        auto a2 = Engine::random(cfg.toStdString(), one_thread);
        a2->forward(ids.data(), 5, 0, la2.data(), true);
        QCOMPARE(la2, la);
    }
};

QTEST_APPLESS_MAIN(TestEngine)
#include "test_engine.moc"
