// config.json / generation_config.json parsing and validation (backend/config.cpp).
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <filesystem>

#include <nlohmann/json.hpp>

#include "expect_error.h"
#include "config.h"
#include "error.h"
#include "safetensors_writer.h"

using namespace moe;
using moe::testing::json;
using moe::testing::tiny_config;

namespace {

const std::filesystem::path kData = MOECHAT_TEST_DATA;

// Billions rounded to one decimal, as the model cards and /work/shared/models/README.md give them.
double billions(int64_t n) { return std::round(double(n) / 1e8) / 10.0; }

using moe::test::expect_error;

} // namespace

class TestConfig : public QObject {
    Q_OBJECT
private slots:
    void mixtral8x7b() {
        ModelConfig c = load_config(kData / "configs/mixtral-8x7b.config.json");
        QCOMPARE(c.architecture, std::string("MixtralForCausalLM"));
        QCOMPARE(c.model_type, std::string("mixtral"));
        QCOMPARE(c.vocab_size, 32000);
        QCOMPARE(c.hidden_size, 4096);
        QCOMPARE(c.intermediate_size, 14336);
        QCOMPARE(c.num_layers, 32);
        QCOMPARE(c.num_heads, 32);
        QCOMPARE(c.num_kv_heads, 8);
        QCOMPARE(c.head_dim, 128);
        QCOMPARE(c.num_experts, 8);
        QCOMPARE(c.experts_per_token, 2);
        QCOMPARE(c.max_position_embeddings, 32768);
        QCOMPARE(c.rope_theta, 1e6f);
        QCOMPARE(c.rms_norm_eps, 1e-5f);
        QVERIFY(!c.sliding_window);
        QVERIFY(!c.tie_word_embeddings);
        QCOMPARE(c.bos_token_id, 1);
        QCOMPARE(c.eos_token_ids, std::vector<int>{2});
        QCOMPARE(c.torch_dtype, DType::BF16);
        QVERIFY(c.is_moe());
        QCOMPARE(c.kv_dim(), 1024);
        // /work/shared/models/README.md: 46.7 B parameters, 12.9 B active per token.
        QCOMPARE(billions(c.parameter_count()), 46.7);
        QCOMPARE(billions(c.active_parameter_count()), 12.9);
    }

    void mixtral8x22bAndZephyr() {
        for (const char* name : {"configs/mixtral-8x22b.config.json", "configs/zephyr-orpo-141b-a35b.config.json"}) {
            ModelConfig c = load_config(kData / name);
            QCOMPARE(c.hidden_size, 6144);
            QCOMPARE(c.intermediate_size, 16384);
            QCOMPARE(c.num_layers, 56);
            QCOMPARE(c.num_heads, 48);
            QCOMPARE(c.num_kv_heads, 8);
            QCOMPARE(c.head_dim, 128);
            QCOMPARE(c.num_experts, 8);
            QCOMPARE(c.experts_per_token, 2);
            QCOMPARE(c.max_position_embeddings, 65536);
            // README: 140.6 B parameters, 39 B active.
            QCOMPARE(billions(c.parameter_count()), 140.6);
            QCOMPARE(std::round(double(c.active_parameter_count()) / 1e9), 39.0);
        }
    }

    void zephyrGenerationConfig() {
        GenerationDefaults g = load_generation_config(kData / "configs/zephyr-orpo-141b-a35b.generation_config.json");
        QCOMPARE(g.temperature.value(), 0.7f);
        QCOMPARE(g.top_k.value(), 50);
        QCOMPARE(g.top_p.value(), 0.95f);
        QCOMPARE(g.do_sample.value(), true);
        QVERIFY(!g.min_p);
        QVERIFY(!g.repetition_penalty);
        QCOMPARE(g.eos_token_ids, std::vector<int>{2});
    }

    void transformers5Fixtures() {
        // The committed tiny checkpoints were saved by transformers 5: "dtype" instead of
        // "torch_dtype", rope_parameters instead of rope_theta, head_dim null or given.
        ModelConfig m = load_config(kData / "tiny-mixtral/config.json");
        QCOMPARE(m.num_experts, 4);
        QCOMPARE(m.experts_per_token, 2);
        QCOMPARE(m.head_dim, 16);
        QCOMPARE(m.rope_theta, 1e6f);
        QCOMPARE(m.torch_dtype, DType::BF16);

        ModelConfig d = load_config(kData / "tiny-dense/config.json");
        QCOMPARE(d.architecture, std::string("MistralForCausalLM"));
        QCOMPARE(d.num_experts, 1);
        QCOMPARE(d.experts_per_token, 1);
        QVERIFY(!d.is_moe());
        QCOMPARE(d.head_dim, 12);
        QCOMPARE(d.sliding_window.value(), 8);
        QCOMPARE(d.rope_theta, 10000.0f);
        QCOMPARE(d.torch_dtype, DType::F16);
        QCOMPARE(d.parameter_count(), int64_t(87792)); // the index's metadata.total_parameters
    }

    void denseArchitectures() {
        json j = tiny_config(false);
        ModelConfig c = parse_config(j);
        QCOMPARE(c.architecture, std::string("LlamaForCausalLM"));
        QCOMPARE(c.num_experts, 1);
        QCOMPARE(c.experts_per_token, 1);
        QVERIFY(!c.is_moe());
        QCOMPARE(c.parameter_count(), c.active_parameter_count());

        j["architectures"] = {"MistralForCausalLM"};
        j["num_local_experts"] = 8; // ignored: the dense architectures have one MLP
        QCOMPARE(parse_config(j).num_experts, 1);
    }

    void optionalFieldsAndVariants() {
        json j = tiny_config();
        j["eos_token_id"] = {2, 5, 7};
        j["sliding_window"] = 16;
        j["torch_dtype"] = "float16";
        j["tie_word_embeddings"] = true;
        ModelConfig c = parse_config(j);
        QCOMPARE(c.eos_token_ids, (std::vector<int>{2, 5, 7}));
        QCOMPARE(c.sliding_window.value(), 16);
        QCOMPARE(c.torch_dtype, DType::F16);
        QVERIFY(c.tie_word_embeddings);

        j["sliding_window"] = nullptr;
        j.erase("torch_dtype");
        j.erase("num_key_value_heads");
        j.erase("max_position_embeddings");
        j.erase("rope_theta");
        j["eos_token_id"] = nullptr;
        c = parse_config(j);
        QVERIFY(!c.sliding_window);
        QCOMPARE(c.torch_dtype, DType::BF16);
        QCOMPARE(c.num_kv_heads, c.num_heads);
        QCOMPARE(c.max_position_embeddings, 131072); // transformers' Mixtral default
        QCOMPARE(c.rope_theta, 1e6f);
        QCOMPARE(c.eos_token_ids, std::vector<int>{2});

        // head_dim may be given where the heads do not divide the hidden size.
        j["hidden_size"] = 30;
        j["head_dim"] = 4;
        c = parse_config(j);
        QCOMPARE(c.head_dim, 4);
        QCOMPARE(c.q_dim(), 32);
    }

    void invalidConfigs_data() {
        QTest::addColumn<QString>("patch");   // JSON merged into the tiny config ("-key" removes key)
        QTest::addColumn<QString>("expected"); // what the message must say
        QTest::newRow("unknown architecture") << R"({"architectures": ["Qwen2ForCausalLM"]})"
                                              << "Qwen2ForCausalLM is not supported; supported: MixtralForCausalLM, "
                                                 "MistralForCausalLM, LlamaForCausalLM";
        QTest::newRow("architectures not a list") << R"({"architectures": "MixtralForCausalLM"})" << "architectures";
        QTest::newRow("heads do not divide hidden")
            << R"({"hidden_size": 30})" << "hidden_size (30) is not divisible by num_attention_heads (8)";
        QTest::newRow("kv heads do not divide heads")
            << R"({"num_key_value_heads": 3})" << "num_attention_heads (8) is not a multiple of num_key_value_heads (3)";
        QTest::newRow("more kv heads than heads")
            << R"({"num_key_value_heads": 16})" << "num_key_value_heads (16) exceeds num_attention_heads (8)";
        QTest::newRow("top-k above experts")
            << R"({"num_experts_per_tok": 5})" << "num_experts_per_tok (5) exceeds num_local_experts (4)";
        QTest::newRow("zero experts") << R"({"num_local_experts": 0})" << "num_local_experts is 0";
        QTest::newRow("missing experts") << "-num_local_experts" << "missing num_local_experts";
        QTest::newRow("missing hidden size") << "-hidden_size" << "missing hidden_size";
        QTest::newRow("missing vocab") << "-vocab_size" << "missing vocab_size";
        QTest::newRow("negative vocab") << R"({"vocab_size": -5})" << "vocab_size is -5";
        QTest::newRow("zero layers") << R"({"num_hidden_layers": 0})" << "num_hidden_layers is 0";
        QTest::newRow("absurd hidden size") << R"({"hidden_size": 4000000000})" << "hidden_size is 4000000000";
        QTest::newRow("string for a size") << R"({"intermediate_size": "16"})" << "intermediate_size must be an integer";
        QTest::newRow("fractional size") << R"({"num_attention_heads": 7.5})" << "num_attention_heads must be an integer";
        QTest::newRow("odd head_dim") << R"({"head_dim": 3})" << "head_dim (3) must be even";
        QTest::newRow("negative eps") << R"({"rms_norm_eps": -1})" << "rms_norm_eps must be a positive number";
        QTest::newRow("zero rope theta") << R"({"rope_theta": 0})" << "rope_theta must be a positive number";
        QTest::newRow("rope scaling") << R"({"rope_scaling": {"type": "linear", "factor": 2.0}})"
                                      << "rope_scaling {\"factor\":2.0,\"type\":\"linear\"} is not supported";
        QTest::newRow("yarn rope parameters") << R"({"rope_parameters": {"rope_type": "yarn", "rope_theta": 1e6}})"
                                              << "rope_parameters";
        QTest::newRow("gelu") << R"({"hidden_act": "gelu"})" << "hidden_act \"gelu\" is not supported";
        QTest::newRow("attention bias") << R"({"attention_bias": true})" << "attention_bias is true";
        QTest::newRow("int8 dtype") << R"({"torch_dtype": "int8"})" << "torch_dtype \"int8\" is not supported";
        QTest::newRow("eos outside vocab") << R"({"eos_token_id": [2, 99]})" << "eos_token_id 99 is outside the vocabulary of 24";
        QTest::newRow("eos negative") << R"({"eos_token_id": -1})" << "eos_token_id must be a non-negative token id";
        QTest::newRow("empty eos list") << R"({"eos_token_id": []})" << "eos_token_id is an empty list";
        QTest::newRow("sliding window zero") << R"({"sliding_window": 0})" << "sliding_window must be positive";
        QTest::newRow("tie not a bool") << R"({"tie_word_embeddings": "yes"})" << "tie_word_embeddings must be true or false";
    }

    void invalidConfigs() {
        QFETCH(QString, patch);
        QFETCH(QString, expected);
        json j = tiny_config();
        if (patch.startsWith('-'))
            j.erase(patch.mid(1).toStdString());
        else
            j.merge_patch(json::parse(patch.toStdString()));
        const QByteArray needle = expected.toUtf8();
        expect_error([&] { parse_config(j); }, {"config.json", needle.constData()});
    }

    void notAnObject() {
        expect_error([] { parse_config(json::array({1, 2})); }, {"expected a JSON object"});
        expect_error([] { parse_config(json::object()); }, {"missing architectures", "MixtralForCausalLM"});
    }

    void architectureFromModelType() {
        json j = tiny_config();
        j.erase("architectures");
        QCOMPARE(parse_config(j).architecture, std::string("MixtralForCausalLM"));
        j["model_type"] = "qwen2_moe";
        expect_error([&] { parse_config(j); }, {"model_type qwen2_moe is not supported"});
    }

    void fileErrors() {
        QTemporaryDir dir;
        const std::filesystem::path root = dir.path().toStdString();
        expect_error([&] { load_config(root / "config.json"); }, {"config.json not found", dir.path().toUtf8().constData()});

        moe::testing::SafetensorsWriter::write_file(root / "config.json", "{\"architectures\": [\"MixtralForCausalLM\",");
        expect_error([&] { load_config(root / "config.json"); }, {"config.json is not valid JSON"});

        json j = tiny_config();
        j["num_experts_per_tok"] = 9;
        moe::testing::write_json(root / "config.json", j);
        expect_error([&] { load_config(root / "config.json"); },
                     {"num_experts_per_tok (9) exceeds num_local_experts (4)", dir.path().toUtf8().constData()});
    }

    void generationConfigErrors() {
        QTemporaryDir dir;
        const std::filesystem::path path = std::filesystem::path(dir.path().toStdString()) / "generation_config.json";
        // Optional: a missing file gives no defaults.
        GenerationDefaults none = load_generation_config(path);
        QVERIFY(!none.temperature && !none.top_k && none.eos_token_ids.empty());

        moe::testing::write_json(path, {{"temperature", "hot"}});
        expect_error([&] { load_generation_config(path); }, {"generation_config.json", "temperature must be a number"});
        moe::testing::write_json(path, {{"top_k", -1}});
        expect_error([&] { load_generation_config(path); }, {"top_k must be a non-negative integer"});
        moe::testing::write_json(path, {{"eos_token_id", {2, "x"}}});
        expect_error([&] { load_generation_config(path); }, {"eos_token_id"});
        moe::testing::SafetensorsWriter::write_file(path, "not json");
        expect_error([&] { load_generation_config(path); }, {"generation_config.json is not valid JSON"});

        moe::testing::write_json(path, {{"eos_token_id", {2, 32000}}, {"temperature", 1}, {"repetition_penalty", 1.1}});
        GenerationDefaults g = load_generation_config(path);
        QCOMPARE(g.eos_token_ids, (std::vector<int>{2, 32000}));
        QCOMPARE(g.temperature.value(), 1.0f);
        QCOMPARE(g.repetition_penalty.value(), 1.1f);
    }
};

QTEST_APPLESS_MAIN(TestConfig)
#include "test_config.moc"
