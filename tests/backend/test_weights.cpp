// Binding checkpoint tensors to the model and slicing them for tensor parallelism
// (backend/weights.cpp).
#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <filesystem>

#include "expect_error.h"
#include "error.h"
#include "safetensors.h"
#include "safetensors_writer.h"
#include "weights.h"

using namespace moe;
using moe::testing::json;
using moe::testing::SafetensorsWriter;

namespace fs = std::filesystem;

namespace {

const fs::path kData = MOECHAT_TEST_DATA;

using moe::test::expect_error;

// A matrix view's elements, row by row, as bytes (strided views included).
std::string bytes_of(const MatrixView& m) {
    std::string out;
    const size_t row_bytes = size_t(m.cols) * dtype_size(m.dtype);
    for (int64_t r = 0; r < m.rows; ++r) out.append(static_cast<const char*>(m.row(r)), row_bytes);
    return out;
}

// Concatenates rank slices back: along rows (q/k/v, w1/w3) or along columns (o_proj, w2).
std::string stitch_rows(const std::vector<MatrixView>& parts) {
    std::string out;
    for (const MatrixView& p : parts) out += bytes_of(p);
    return out;
}
std::string stitch_cols(const std::vector<MatrixView>& parts) {
    std::string out;
    for (int64_t r = 0; r < parts[0].rows; ++r)
        for (const MatrixView& p : parts)
            out.append(static_cast<const char*>(p.row(r)), size_t(p.cols) * dtype_size(p.dtype));
    return out;
}

bool same_view(const MatrixView& a, const MatrixView& b) {
    return a.data == b.data && a.rows == b.rows && a.cols == b.cols && a.row_stride == b.row_stride && a.dtype == b.dtype;
}

} // namespace

class TestWeights : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

    // Writes a model folder for `config_json` (tensors from tiny_weights, then `edit`).
    template <class Edit>
    fs::path model(const std::string& name, const json& config_json, Edit edit, DType dtype = DType::F32) {
        const fs::path dir = fs::path(tmp_.path().toStdString()) / name;
        fs::remove_all(dir);
        fs::create_directories(dir);
        moe::testing::write_json(dir / "config.json", config_json);
        SafetensorsWriter w = moe::testing::tiny_weights(parse_config(config_json), dtype);
        edit(w);
        w.write(dir / "model.safetensors");
        return dir;
    }
    fs::path model(const std::string& name, const json& config_json) {
        return model(name, config_json, [](SafetensorsWriter&) {});
    }

private slots:
    void bindsMixtral() {
        const json j = moe::testing::tiny_config();
        const ModelConfig c = parse_config(j);
        auto ck = Checkpoint::open(model("mixtral", j, [](SafetensorsWriter&) {}, DType::BF16));
        ModelWeights w = bind_weights(*ck, c);
        QCOMPARE(w.layers.size(), size_t(2));
        QCOMPARE(w.embed.rows, int64_t(24));
        QCOMPARE(w.embed.cols, int64_t(32));
        QCOMPARE(w.embed.dtype, DType::BF16);
        QVERIFY(w.lm_head.data != w.embed.data);
        QCOMPARE(w.lm_head.data, ck->get("lm_head.weight").data);
        QCOMPARE(w.final_norm.data, ck->get("model.norm.weight").data);
        const LayerWeights& L = w.layers[1];
        QCOMPARE(L.attn_norm.data, ck->get("model.layers.1.input_layernorm.weight").data);
        QCOMPARE(L.ffn_norm.data, ck->get("model.layers.1.post_attention_layernorm.weight").data);
        QCOMPARE(L.wq.data, ck->get("model.layers.1.self_attn.q_proj.weight").data);
        QCOMPARE(L.wk.rows, int64_t(16)); // 4 kv heads × 4
        QCOMPARE(L.wo.rows, int64_t(32));
        QCOMPARE(L.wo.cols, int64_t(32));
        QCOMPARE(L.router.rows, int64_t(4));
        QCOMPARE(L.router.data, ck->get("model.layers.1.block_sparse_moe.gate.weight").data);
        QCOMPARE(L.experts.size(), size_t(4));
        QCOMPARE(L.experts[3].w1.data, ck->get("model.layers.1.block_sparse_moe.experts.3.w1.weight").data);
        QCOMPARE(L.experts[3].w3.data, ck->get("model.layers.1.block_sparse_moe.experts.3.w3.weight").data);
        QCOMPARE(L.experts[3].w2.data, ck->get("model.layers.1.block_sparse_moe.experts.3.w2.weight").data);
        QCOMPARE(L.experts[3].w2.rows, int64_t(32));
        QCOMPARE(L.experts[3].w2.cols, int64_t(16));
    }

    void bindsDenseAsOneExpert() {
        const json j = moe::testing::tiny_config(false);
        auto ck = Checkpoint::open(model("dense", j));
        ModelWeights w = bind_weights(*ck, parse_config(j));
        const LayerWeights& L = w.layers[0];
        QCOMPARE(L.experts.size(), size_t(1));
        QCOMPARE(L.router.data, nullptr);
        QCOMPARE(L.router.rows, int64_t(0));
        QCOMPARE(L.experts[0].w1.data, ck->get("model.layers.0.mlp.gate_proj.weight").data);
        QCOMPARE(L.experts[0].w3.data, ck->get("model.layers.0.mlp.up_proj.weight").data);
        QCOMPARE(L.experts[0].w2.data, ck->get("model.layers.0.mlp.down_proj.weight").data);
    }

    void bindsCommittedFixtures() {
        // Saved by transformers' save_pretrained: sharded, bf16 (Mixtral) and f16 (Mistral).
        for (const char* name : {"tiny-mixtral", "tiny-dense"}) {
            const ModelConfig c = load_config(kData / name / "config.json");
            auto ck = Checkpoint::open(kData / name);
            ModelWeights w = bind_weights(*ck, c);
            QCOMPARE(int(w.layers.size()), c.num_layers);
            QCOMPARE(int(w.layers[0].experts.size()), c.num_experts);
            QCOMPARE(w.embed.dtype, c.torch_dtype);
        }
    }

    void tiedEmbeddings() {
        json j = moe::testing::tiny_config();
        j["tie_word_embeddings"] = true;
        auto ck = Checkpoint::open(model("tied", j));
        QVERIFY(!ck->has("lm_head.weight"));
        ModelWeights w = bind_weights(*ck, parse_config(j));
        QVERIFY(same_view(w.lm_head, w.embed));
    }

    void missingLmHeadWithoutTie() {
        const json j = moe::testing::tiny_config();
        auto ck = Checkpoint::open(model("no-head", j, [](SafetensorsWriter& w) { w.remove("lm_head.weight"); }));
        expect_error([&] { bind_weights(*ck, parse_config(j)); }, {"missing tensor lm_head.weight"});
    }

    void missingExpert() {
        const json j = moe::testing::tiny_config();
        auto ck = Checkpoint::open(model("no-expert", j, [](SafetensorsWriter& w) {
            w.remove("model.layers.1.block_sparse_moe.experts.3.w2.weight");
        }));
        expect_error([&] { bind_weights(*ck, parse_config(j)); },
                     {"missing tensor model.layers.1.block_sparse_moe.experts.3.w2.weight"});
    }

    void denseNamesInAMixtralConfig() {
        // A dense checkpoint under a Mixtral config.json: the first expert tensor is missing.
        json dense = moe::testing::tiny_config(false);
        json mixtral = moe::testing::tiny_config();
        const fs::path dir = model("mixed-up", dense);
        moe::testing::write_json(dir / "config.json", mixtral);
        auto ck = Checkpoint::open(dir);
        expect_error([&] { bind_weights(*ck, load_config(dir / "config.json")); },
                     {"missing tensor model.layers.0.block_sparse_moe.gate.weight"});
    }

    void wrongShapes_data() {
        QTest::addColumn<QString>("tensor");
        QTest::addColumn<QString>("shape");    // JSON list written into the checkpoint
        QTest::addColumn<QString>("expected"); // what config.json implies
        QTest::newRow("embedding") << "model.embed_tokens.weight" << "[25, 32]" << "[24, 32]";
        QTest::newRow("v_proj") << "model.layers.0.self_attn.v_proj.weight" << "[8, 32]" << "[16, 32]";
        QTest::newRow("k_proj") << "model.layers.1.self_attn.k_proj.weight" << "[32, 32]" << "[16, 32]";
        QTest::newRow("o_proj") << "model.layers.0.self_attn.o_proj.weight" << "[32, 16]" << "[32, 32]";
        QTest::newRow("norm as matrix") << "model.layers.0.input_layernorm.weight" << "[1, 32]" << "[32]";
        QTest::newRow("router") << "model.layers.0.block_sparse_moe.gate.weight" << "[8, 32]" << "[4, 32]";
        QTest::newRow("expert w1") << "model.layers.1.block_sparse_moe.experts.2.w1.weight" << "[32, 16]" << "[16, 32]";
        QTest::newRow("expert w2") << "model.layers.0.block_sparse_moe.experts.0.w2.weight" << "[16, 32]" << "[32, 16]";
        QTest::newRow("final norm") << "model.norm.weight" << "[16]" << "[32]";
        QTest::newRow("lm_head") << "lm_head.weight" << "[24, 16]" << "[24, 32]";
    }

    void wrongShapes() {
        QFETCH(QString, tensor);
        QFETCH(QString, shape);
        QFETCH(QString, expected);
        const json j = moe::testing::tiny_config();
        const std::string name = tensor.toStdString();
        const std::vector<int64_t> new_shape = json::parse(shape.toStdString()).get<std::vector<int64_t>>();
        auto ck = Checkpoint::open(model("wrong-shape", j, [&](SafetensorsWriter& w) {
            w.remove(name);
            w.add_pattern(name, new_shape, 9.0f);
        }));
        std::string actual_text = shape.toStdString(), expected_text = expected.toStdString();
        expect_error([&] { bind_weights(*ck, parse_config(j)); },
                     {"tensor " + name + " has shape " + actual_text, "config.json implies " + expected_text});
    }

    void configOutOfStepWithCheckpoint() {
        json j = moe::testing::tiny_config();
        // The checkpoint has 3 layers, config.json says 2.
        json three = j;
        three["num_hidden_layers"] = 3;
        const fs::path dir = model("extra-layer", three);
        auto ck = Checkpoint::open(dir);
        expect_error([&] { bind_weights(*ck, parse_config(j)); },
                     {"more layers than config.json's num_hidden_layers (2)", "model.layers.2.input_layernorm.weight"});
        // 8 experts in the checkpoint, 4 in config.json.
        json eight = j;
        eight["num_local_experts"] = 8;
        auto ck8 = Checkpoint::open(model("extra-experts", eight));
        expect_error([&] { bind_weights(*ck8, parse_config(j)); }, {"more experts than config.json's num_local_experts (4)"});
        // Bias terms the model would silently ignore.
        auto ckb = Checkpoint::open(model("bias", j, [](SafetensorsWriter& w) {
            w.add_pattern("model.layers.0.self_attn.q_proj.bias", {32}, 1.0f);
        }));
        expect_error([&] { bind_weights(*ckb, parse_config(j)); }, {"bias tensor, model.layers.0.self_attn.q_proj.bias"});
    }

    void shardSlicesStitchBack_data() {
        QTest::addColumn<int>("ranks");
        QTest::newRow("1") << 1;
        QTest::newRow("2") << 2;
        QTest::newRow("4") << 4;
    }

    void shardSlicesStitchBack() {
        QFETCH(int, ranks);
        const json j = moe::testing::tiny_config();
        const ModelConfig c = parse_config(j);
        auto ck = Checkpoint::open(model("shard", j, [](SafetensorsWriter&) {}, DType::BF16));
        const ModelWeights full = bind_weights(*ck, c);

        std::vector<ModelWeights> parts;
        for (int r = 0; r < ranks; ++r) parts.push_back(shard_weights(full, c, r, ranks));

        for (int r = 0; r < ranks; ++r) {
            const ModelWeights& p = parts[size_t(r)];
            // Replicated: the same views on every rank.
            QVERIFY(same_view(p.embed, full.embed));
            QVERIFY(same_view(p.lm_head, full.lm_head));
            QCOMPARE(p.final_norm.data, full.final_norm.data);
            for (size_t l = 0; l < full.layers.size(); ++l) {
                const LayerWeights& L = p.layers[l];
                const LayerWeights& F = full.layers[l];
                QVERIFY(same_view(L.router, F.router));
                QCOMPARE(L.attn_norm.data, F.attn_norm.data);
                QCOMPARE(L.ffn_norm.data, F.ffn_norm.data);
                // Rank r holds heads [r·8/R, (r+1)·8/R): rows of q, their columns of o_proj.
                const int64_t q = 32 / ranks, kv = 16 / ranks, ff = 16 / ranks;
                QCOMPARE(L.wq.rows, q);
                QCOMPARE(L.wq.cols, int64_t(32));
                QCOMPARE(L.wq.row(0), F.wq.row(r * q));
                QCOMPARE(L.wk.row(0), F.wk.row(r * kv));
                QCOMPARE(L.wv.rows, kv);
                QCOMPARE(L.wo.rows, int64_t(32));
                QCOMPARE(L.wo.cols, q);
                QCOMPARE(L.wo.row_stride, int64_t(32));
                QCOMPARE(bytes_of(L.wo).substr(0, 2), bytes_of(F.wo).substr(size_t(r * q) * 2, 2));
                for (size_t e = 0; e < F.experts.size(); ++e) {
                    QCOMPARE(L.experts[e].w1.rows, ff);
                    QCOMPARE(L.experts[e].w1.row(0), F.experts[e].w1.row(r * ff));
                    QCOMPARE(L.experts[e].w3.row(ff - 1), F.experts[e].w3.row((r + 1) * ff - 1));
                    QCOMPARE(L.experts[e].w2.cols, ff);
                    QCOMPARE(L.experts[e].w2.rows, int64_t(32));
                }
            }
        }

        // Stitching every rank's slices back gives the full matrices.
        for (size_t l = 0; l < full.layers.size(); ++l) {
            auto gather = [&](auto pick) {
                std::vector<MatrixView> v;
                for (const ModelWeights& p : parts) v.push_back(pick(p.layers[l]));
                return v;
            };
            const LayerWeights& F = full.layers[l];
            QCOMPARE(stitch_rows(gather([](const LayerWeights& L) { return L.wq; })), bytes_of(F.wq));
            QCOMPARE(stitch_rows(gather([](const LayerWeights& L) { return L.wk; })), bytes_of(F.wk));
            QCOMPARE(stitch_rows(gather([](const LayerWeights& L) { return L.wv; })), bytes_of(F.wv));
            QCOMPARE(stitch_cols(gather([](const LayerWeights& L) { return L.wo; })), bytes_of(F.wo));
            for (size_t e = 0; e < F.experts.size(); ++e) {
                QCOMPARE(stitch_rows(gather([&](const LayerWeights& L) { return L.experts[e].w1; })), bytes_of(F.experts[e].w1));
                QCOMPARE(stitch_rows(gather([&](const LayerWeights& L) { return L.experts[e].w3; })), bytes_of(F.experts[e].w3));
                QCOMPARE(stitch_cols(gather([&](const LayerWeights& L) { return L.experts[e].w2; })), bytes_of(F.experts[e].w2));
            }
        }
    }

    void shardDenseModel() {
        const json j = moe::testing::tiny_config(false);
        const ModelConfig c = parse_config(j);
        auto ck = Checkpoint::open(model("shard-dense", j));
        const ModelWeights full = bind_weights(*ck, c);
        const ModelWeights p = shard_weights(full, c, 1, 2);
        QCOMPARE(p.layers[0].experts.size(), size_t(1));
        QCOMPARE(p.layers[0].experts[0].w1.row(0), full.layers[0].experts[0].w1.row(8));
        QCOMPARE(p.layers[0].router.data, nullptr);
    }

    void shardShapeOnlyViews() {
        // --random-weights: views carry shapes only; slicing must not touch data.
        const ModelConfig c = parse_config(moe::testing::tiny_config());
        ModelWeights full;
        full.embed = {nullptr, DType::BF16, c.vocab_size, c.hidden_size, c.hidden_size};
        full.lm_head = full.embed;
        LayerWeights& L = full.layers.emplace_back();
        L.wq = {nullptr, DType::BF16, c.q_dim(), c.hidden_size, c.hidden_size};
        L.wk = L.wv = {nullptr, DType::BF16, c.kv_dim(), c.hidden_size, c.hidden_size};
        L.wo = {nullptr, DType::BF16, c.hidden_size, c.q_dim(), c.q_dim()};
        L.router = {nullptr, DType::BF16, c.num_experts, c.hidden_size, c.hidden_size};
        L.experts.resize(size_t(c.num_experts),
                         {{nullptr, DType::BF16, c.intermediate_size, c.hidden_size, c.hidden_size},
                          {nullptr, DType::BF16, c.intermediate_size, c.hidden_size, c.hidden_size},
                          {nullptr, DType::BF16, c.hidden_size, c.intermediate_size, c.intermediate_size}});
        ModelWeights p = shard_weights(full, c, 3, 4);
        QCOMPARE(p.layers[0].wq.rows, int64_t(8));
        QCOMPARE(p.layers[0].wq.data, nullptr);
        QCOMPARE(p.layers[0].experts[0].w2.cols, int64_t(4));
    }

    void checkShardable() {
        const ModelConfig c = parse_config(moe::testing::tiny_config()); // 8 heads, 4 kv heads, d_ff 16
        check_shardable(c, 1);
        check_shardable(c, 2);
        check_shardable(c, 4);
        expect_error([&] { check_shardable(c, 3); },
                     {"cannot split the model across 3 tensor-parallel ranks", "8 attention heads", "4 key/value heads",
                      "16 intermediate (expert) columns", "possible sizes: 1, 2, 4"});
        expect_error([&] { check_shardable(c, 8); }, {"4 key/value heads do not divide by 8", "possible sizes: 1, 2, 4)"});
        expect_error([&] { check_shardable(c, 0); }, {"at least 1"});

        const ModelConfig mixtral = load_config(kData / "configs/mixtral-8x7b.config.json");
        check_shardable(mixtral, 8);
        expect_error([&] { check_shardable(mixtral, 16); }, {"8 key/value heads do not divide by 16"});
        expect_error([&] { check_shardable(mixtral, 6); }, {"possible sizes: 1, 2, 4, 8"});

        ModelWeights none;
        expect_error([&] { shard_weights(none, c, 4, 4); }, {"rank 4 is outside 0..3"});
        expect_error([&] { shard_weights(none, c, 0, 3); }, {"cannot split"});
    }
};

QTEST_APPLESS_MAIN(TestWeights)
#include "test_weights.moc"
