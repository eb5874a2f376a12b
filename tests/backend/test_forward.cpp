// The golden test: logits and greedy continuations of the tiny committed checkpoints against
// transformers' (fp32 reference, tests/tools/make_fixtures.py).
#include <QtTest>

#include <algorithm>

#include "engine.h"
#include "reference.h"

using namespace moe;

class TestForward : public QObject {
    Q_OBJECT

    static std::unique_ptr<Engine> load(const char* model, int tp = 1, int threads = 2) {
        EngineOptions o;
        o.tp = tp;
        o.threads = threads;
        return Engine::load(test::model_dir(model), o);
    }

private slots:
    void prefill_matches_transformers_data() {
        QTest::addColumn<QString>("model");
        QTest::newRow("tiny-mixtral (bf16, MoE, 3 shards)") << "tiny-mixtral";
        QTest::newRow("tiny-dense (f16, Mistral, sliding window 8)") << "tiny-dense";
    }
    void prefill_matches_transformers() {
        QFETCH(QString, model);
        const auto name = model.toStdString();
        const auto m = test::manifest(name.c_str());
        auto engine = load(name.c_str());
        Session session(*engine);
        QVERIFY(m["prompts"].size() >= 4);
        for (const auto& p : m["prompts"]) {
            const auto ids = p["ids"].get<std::vector<int>>();
            const auto expected = test::read_f32(test::model_dir(name.c_str()) + "/reference/" + p["prompt_logits"].get<std::string>());
            QCOMPARE(expected.size(), ids.size() * size_t(engine->config().vocab_size));
            const auto ours = session.logits(ids, false);
            const double err = test::relative_error(ours, expected);
            QVERIFY2(err < 1e-4, qPrintable(QString("%1: relative error %2").arg(p["name"].get<std::string>().c_str()).arg(err)));
        }
    }

    void greedy_continuation_matches_data() { prefill_matches_transformers_data(); }
    void greedy_continuation_matches() {
        QFETCH(QString, model);
        const auto name = model.toStdString();
        const auto m = test::manifest(name.c_str());
        auto engine = load(name.c_str());
        const int V = engine->config().vocab_size;
        for (const auto& p : m["prompts"]) {
            const auto ids = p["ids"].get<std::vector<int>>();
            const auto want = p["greedy_ids"].get<std::vector<int>>();
            QCOMPARE(want.size(), size_t(32));
            const auto expected = test::read_f32(test::model_dir(name.c_str()) + "/reference/" + p["greedy_logits"].get<std::string>());
            std::vector<float> row(static_cast<size_t>(V)), rows;
            engine->forward(ids.data(), int(ids.size()), 0, row.data(), false);
            std::vector<int> got;
            for (size_t i = 0; i < want.size(); ++i) {
                rows.insert(rows.end(), row.begin(), row.end());
                const int next = int(std::max_element(row.begin(), row.end()) - row.begin());
                got.push_back(next);
                engine->forward(&next, 1, int(ids.size() + i), row.data(), false);
            }
            QCOMPARE(got, want);
            const double err = test::relative_error(rows, expected);
            QVERIFY2(err < 1e-4, qPrintable(QString("decode logits relative error %1").arg(err)));
        }
    }

    void incremental_equals_batched_data() { prefill_matches_transformers_data(); }
    void incremental_equals_batched() {
        QFETCH(QString, model);
        const auto name = model.toStdString();
        auto engine = load(name.c_str());
        Session session(*engine);
        for (const auto& p : test::manifest(name.c_str())["prompts"]) {
            const auto ids = p["ids"].get<std::vector<int>>();
            const auto batched = session.logits(ids, false);
            const auto incremental = session.logits(ids, true);
            const double err = test::relative_error(incremental, batched);
            QVERIFY2(err < 1e-5, qPrintable(QString("incremental vs batched: %1").arg(err)));
        }
    }

    void tensor_parallel_equals_single_rank_data() { prefill_matches_transformers_data(); }
    void tensor_parallel_equals_single_rank() {
        QFETCH(QString, model);
        const auto name = model.toStdString();
        auto one = load(name.c_str(), 1);
        auto two = load(name.c_str(), 2);
        Session s1(*one), s2(*two);
        for (const auto& p : test::manifest(name.c_str())["prompts"]) {
            const auto ids = p["ids"].get<std::vector<int>>();
            const auto a = s1.logits(ids, false);
            const auto b = s2.logits(ids, false);
            const double err = test::relative_error(b, a);
            // Same maths, different summation order of the partial sums: fp32 rounding only.
            QVERIFY2(err < 1e-5, qPrintable(QString("tp 2 vs tp 1: %1").arg(err)));
            QVERIFY(err > 0.0 || a == b);
        }
        QVERIFY(two->describe().find("tp 2") != std::string::npos);
    }

    void prompt_longer_than_batch_runs_in_chunks() {
        // The CPU device prefills at most 128 tokens per step; a longer prompt must give the
        // same logits as feeding it in one piece would (checked against incremental decode).
        EngineOptions o;
        o.threads = 2;
        auto engine = Engine::load(test::model_dir("tiny-dense"), o);
        std::vector<int> ids(static_cast<size_t>(engine->context_tokens()));
        for (size_t i = 0; i < ids.size(); ++i) ids[i] = int((i * 37 + 11) % size_t(engine->config().vocab_size));
        Session session(*engine);
        const auto batched = session.logits(ids, false);
        const auto incremental = session.logits(ids, true);
        QVERIFY(test::relative_error(incremental, batched) < 1e-5);
    }
};

QTEST_APPLESS_MAIN(TestForward)
#include "test_forward.moc"
