// Memory planning from config.json (backend/memory_plan.cpp).
#include <QTest>

#include <climits>
#include <filesystem>

#include "config.h"
#include "error.h"
#include "memory_plan.h"
#include "safetensors_writer.h"

using namespace moe;

namespace {

const std::filesystem::path kData = MOECHAT_TEST_DATA;

ModelConfig mixtral_8x7b() { return load_config(kData / "configs/mixtral-8x7b.config.json"); }
ModelConfig mixtral_8x22b() { return load_config(kData / "configs/mixtral-8x22b.config.json"); }

std::vector<DeviceBudget> gpus(int n, uint64_t capacity) {
    std::vector<DeviceBudget> v;
    for (int i = 0; i < n; ++i) v.push_back({"GPU " + std::to_string(i) + ": test card", capacity});
    return v;
}

} // namespace

class TestMemoryPlan : public QObject {
    Q_OBJECT
private slots:
    void formatBytes() {
        QCOMPARE(format_bytes(0), std::string("0 bytes"));
        QCOMPARE(format_bytes(999), std::string("999 bytes"));
        QCOMPARE(format_bytes(1000), std::string("1.0 kB"));
        QCOMPARE(format_bytes(45'600'000), std::string("45.6 MB"));
        QCOMPARE(format_bytes(93'400'000'000), std::string("93.4 GB"));
        QCOMPARE(format_bytes(281'200'000'000), std::string("281.2 GB"));
        QCOMPARE(format_bytes(UINT64_MAX), std::string("18446744073.7 GB"));
    }

    void weightsMatchTheModelCards() {
        // /work/shared/models/README.md: bf16 sizes 93.4 GB (8x7B) and 281 GB (8x22B).
        MemoryPlan p = plan_memory(mixtral_8x7b(), DType::BF16, 4096, {{"CPU (system RAM)", 0}}, 2, 512);
        QCOMPARE(p.devices.size(), size_t(1));
        QCOMPARE(p.devices[0].weights, uint64_t(mixtral_8x7b().parameter_count()) * 2);
        QCOMPARE(format_bytes(p.devices[0].weights), std::string("93.4 GB"));
        QCOMPARE(format_bytes(plan_memory(mixtral_8x22b(), DType::BF16, 4096, {{"CPU", 0}}, 2, 512).devices[0].weights),
                 std::string("281.2 GB"));
        QCOMPARE(plan_memory(mixtral_8x7b(), DType::F32, 4096, {{"CPU", 0}}, 4, 512).devices[0].weights,
                 uint64_t(mixtral_8x7b().parameter_count()) * 4);
    }

    void kvCachePerToken() {
        // README: bf16 KV cache of 128 KiB per token (8x7B) and 224 KiB (8x22B).
        MemoryPlan a = plan_memory(mixtral_8x7b(), DType::BF16, 1000, {{"GPU 0", 0}}, 2, 512);
        QCOMPARE(a.devices[0].kv_cache, uint64_t(1000) * 128 * 1024);
        MemoryPlan b = plan_memory(mixtral_8x22b(), DType::BF16, 1000, {{"GPU 0", 0}}, 2, 512);
        QCOMPARE(b.devices[0].kv_cache, uint64_t(1000) * 224 * 1024);
        // The CPU keeps an fp32 cache: twice the bytes.
        MemoryPlan c = plan_memory(mixtral_8x7b(), DType::BF16, 1000, {{"CPU", 0}}, 4, 512);
        QCOMPARE(c.devices[0].kv_cache, uint64_t(1000) * 256 * 1024);
        QCOMPARE(c.context_tokens, 1000);
    }

    void tensorParallelSplit() {
        const ModelConfig c = mixtral_8x7b();
        const uint64_t d = 4096, ff = 14336, vocab = 32000, layers = 32, experts = 8;
        const uint64_t sharded = layers * (d * (2 * 4096 + 2 * 1024) + experts * 3 * d * ff);
        const uint64_t replicated = 2 * vocab * d + d + layers * (2 * d + experts * d);
        QCOMPARE(sharded + replicated, uint64_t(c.parameter_count()));

        MemoryPlan one = plan_memory(c, DType::BF16, 4096, gpus(1, 0), 2, 512);
        MemoryPlan four = plan_memory(c, DType::BF16, 4096, gpus(4, 0), 2, 512);
        QCOMPARE(four.devices.size(), size_t(4));
        for (const DevicePlan& p : four.devices) {
            QCOMPARE(p.weights, (sharded / 4 + replicated) * 2);
            QCOMPARE(p.kv_cache, one.devices[0].kv_cache / 4);
            QVERIFY(p.workspace < one.devices[0].workspace);
            QVERIFY(p.workspace > 0);
        }
        QCOMPARE(four.devices[2].name, std::string("GPU 2: test card"));
    }

    void workspaceIsModest() {
        MemoryPlan p = plan_memory(mixtral_8x7b(), DType::BF16, 4096, gpus(1, 0), 2, 512);
        QVERIFY(p.devices[0].workspace > 100'000'000);
        QVERIFY(p.devices[0].workspace < 2'000'000'000);
        QCOMPARE(p.devices[0].total(), p.devices[0].weights + p.devices[0].kv_cache + p.devices[0].workspace);
    }

    // Activations are sized by the prefill step (linear in it, capped by the context) and not by
    // the context: attention holds no step × context score matrix.
    void workspaceFollowsThePrefillStep() {
        const ModelConfig c = mixtral_8x7b();
        auto ws = [&](int context, int chunk) { return plan_memory(c, DType::BF16, context, gpus(1, 0), 2, chunk).devices[0].workspace; };
        QVERIFY(ws(4096, 2048) > ws(4096, 128));
        QCOMPARE(ws(4096, 2048) - ws(4096, 1024), 2 * (ws(4096, 1024) - ws(4096, 512)));
        QCOMPARE(ws(32768, 512), ws(4096, 512));
        QCOMPARE(ws(300, 2048), ws(300, 300));
        // A 2048-token step of Mixtral-8x7B: about 0.9 GB of fp32 activations plus the fixed slack.
        QVERIFY(ws(4096, 2048) > 900'000'000 && ws(4096, 2048) < 1'300'000'000);
        QVERIFY_THROWS_EXCEPTION(moe::Error, plan_memory(c, DType::BF16, 4096, gpus(1, 0), 2, 0));
    }

    void fitsAndExplains() {
        const ModelConfig c = mixtral_8x7b();
        MemoryPlan roomy = plan_memory(c, DType::BF16, 4096, gpus(2, 80'000'000'000), 2, 512);
        QVERIFY(roomy.fits());
        const std::string ok = roomy.explain();
        QVERIFY2(ok.find("GPU 1: test card needs ") != std::string::npos, ok.c_str());
        QVERIFY2(ok.find(" of 80.0 GB free") != std::string::npos, ok.c_str());
        QVERIFY2(ok.find("shorter context") == std::string::npos, ok.c_str());

        MemoryPlan tight = plan_memory(c, DType::BF16, 4096, gpus(2, 24'000'000'000), 2, 512);
        QVERIFY(!tight.fits());
        QVERIFY(!tight.devices[1].fits());
        const std::string no = tight.explain();
        const DevicePlan& d = tight.devices[1];
        const std::string line = "GPU 1: test card needs " + format_bytes(d.total()) + " (weights " + format_bytes(d.weights) +
                                 ", KV cache " + format_bytes(d.kv_cache) + " for 4096 tokens, workspace " +
                                 format_bytes(d.workspace) + ") but has 24.0 GB free";
        QVERIFY2(no.find(line) != std::string::npos, no.c_str());
        QVERIFY2(no.find("A shorter context, more GPUs (tensor parallelism) or a smaller model would need less.") !=
                     std::string::npos, no.c_str());

        // Capacity 0 means unknown: never refused.
        MemoryPlan unknown = plan_memory(c, DType::BF16, 4096, gpus(1, 0), 2, 512);
        QVERIFY(unknown.fits());
        QVERIFY(unknown.explain().find("free") == std::string::npos);
    }

    void tiedEmbeddingsCountOnce() {
        nlohmann::json j = moe::testing::tiny_config();
        const ModelConfig untied = parse_config(j);
        j["tie_word_embeddings"] = true;
        const ModelConfig tied = parse_config(j);
        const uint64_t a = plan_memory(untied, DType::F32, 16, gpus(1, 0), 4, 512).devices[0].weights;
        const uint64_t b = plan_memory(tied, DType::F32, 16, gpus(1, 0), 4, 512).devices[0].weights;
        QCOMPARE(a - b, uint64_t(24 * 32 * 4));
        QCOMPARE(b, uint64_t(tied.parameter_count()) * 4);
    }

    void absurdContextSaturates() {
        // Far more than any machine holds: refused, never wrapped around to a small number.
        nlohmann::json j = moe::testing::tiny_config();
        j["hidden_size"] = 131072;
        j["num_attention_heads"] = 16384;
        j["num_key_value_heads"] = 16384;
        j["head_dim"] = 64;
        j["num_hidden_layers"] = 1024;
        const ModelConfig c = parse_config(j);
        MemoryPlan p = plan_memory(c, DType::F32, INT_MAX, gpus(1, 80'000'000'000), 4, 512);
        QVERIFY(!p.fits());
        QCOMPARE(p.devices[0].kv_cache, UINT64_MAX / 4);
        QVERIFY(p.devices[0].total() >= p.devices[0].kv_cache); // no wrap-around in the sum either
    }

    void errors() {
        const ModelConfig c = mixtral_8x7b();
        QVERIFY_THROWS_EXCEPTION(Error, plan_memory(c, DType::BF16, 4096, {}, 2, 512));
        QVERIFY_THROWS_EXCEPTION(Error, plan_memory(c, DType::BF16, 0, gpus(1, 0), 2, 512));
        try {
            plan_memory(c, DType::BF16, 4096, gpus(3, 0), 2, 512);
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("3 tensor-parallel ranks") != std::string::npos, e.what());
        }
    }

    void systemMemory() {
        const uint64_t available = system_memory_available();
        QVERIFY(available > 0);
        QVERIFY(available < uint64_t(1) << 50);
    }
};

QTEST_APPLESS_MAIN(TestMemoryPlan)
#include "test_memory_plan.moc"
