// Tokenizer against transformers: the ids and decodes that tests/tools/make_fixtures.py
// recorded with LlamaTokenizerFast, streaming decode, configuration variants and errors.
#include <QRandomGenerator>
#include <QStringDecoder>
#include <QTemporaryDir>
#include <QtTest>

#include <fstream>
#include <nlohmann/json.hpp>

#include "error.h"
#include "json_file.h"
#include "tokenizer.h"

using nlohmann::json;

namespace {

const std::filesystem::path kData = MOECHAT_TEST_DATA;
const std::filesystem::path kMixtral = kData / "tiny-mixtral";
const std::filesystem::path kDense = kData / "tiny-dense";

json read_json(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) qFatal("cannot read %s", path.c_str());
    return json::parse(in);
}

QByteArray show(const std::vector<int>& ids) {
    QByteArray out = "[";
    for (size_t i = 0; i < ids.size(); ++i) out += (i ? "," : "") + QByteArray::number(ids[i]);
    return out + "]";
}

bool valid_utf8(const std::string& s) {
    QStringDecoder decoder(QStringDecoder::Utf8);
    const QString decoded = decoder.decode(QByteArrayView(s.data(), qsizetype(s.size())));
    return !decoder.hasError() && decoded.toUtf8() == QByteArray(s.data(), qsizetype(s.size()));
}

// A model folder holding the fixture's tokenizer.model and the given tokenizer_config.json
// (none when `config` is null).
std::unique_ptr<QTemporaryDir> model_dir_with(const json& config) {
    auto dir = std::make_unique<QTemporaryDir>();
    const std::filesystem::path path = dir->path().toStdString();
    std::filesystem::copy_file(kMixtral / "tokenizer.model", path / "tokenizer.model");
    if (!config.is_null()) std::ofstream(path / "tokenizer_config.json") << config.dump();
    return dir;
}

std::filesystem::path path_of(const QTemporaryDir& dir) { return dir.path().toStdString(); }

// Streams `ids` and checks the pieces: each one whole UTF-8, together equal to decode().
void check_stream(const moe::Tokenizer& tok, const std::vector<int>& ids) {
    moe::StreamDecoder stream(tok);
    std::string joined;
    for (int id : ids) {
        const std::string piece = stream.push(id);
        QVERIFY2(valid_utf8(piece), show(ids).constData());
        joined += piece;
    }
    const std::string tail = stream.flush();
    QVERIFY2(valid_utf8(tail), show(ids).constData());
    joined += tail;
    QCOMPARE(QString::fromStdString(joined), QString::fromStdString(tok.decode(ids)));
}

std::vector<int> ids_of(const json& j) { return j.get<std::vector<int>>(); }

} // namespace

class TestTokenizer : public QObject {
    Q_OBJECT

private:
    json cases_ = read_json(kMixtral / "reference" / "tokenizer_cases.json");
    std::unique_ptr<moe::Tokenizer> mixtral_ = moe::Tokenizer::load(kMixtral);

    std::vector<int> reference_ids(const std::string& text) const {
        for (const auto& c : cases_["cases"])
            if (c["text"] == text) return ids_of(c["ids"]);
        qFatal("no tokenizer case for %s", text.c_str());
    }

    void compare_variant(const json& config, const char* key) {
        const auto dir = model_dir_with(config);
        const auto tok = moe::Tokenizer::load(path_of(*dir));
        for (const auto& c : cases_["cases"]) {
            const std::string text = c["text"];
            QVERIFY2(tok->encode(text) == ids_of(c[key]),
                     (QByteArray(key) + " for \"" + text.c_str() + "\": got " + show(tok->encode(text)) +
                      ", transformers " + show(ids_of(c[key]))).constData());
        }
    }

private slots:
    void encodeMatchesTransformers() {
        QVERIFY(cases_["cases"].size() > 30);
        for (const auto& c : cases_["cases"]) {
            const std::string text = c["text"];
            const auto ids = mixtral_->encode(text);
            QVERIFY2(ids == ids_of(c["ids"]), ("\"" + QByteArray(text.c_str()) + "\": got " + show(ids) +
                                               ", transformers " + show(ids_of(c["ids"]))).constData());
            QCOMPARE(show(mixtral_->encode(text, false)), show(ids_of(c["ids_no_special"])));
        }
    }

    void decodeMatchesTransformers() {
        for (const auto& c : cases_["cases"]) {
            QCOMPARE(QString::fromStdString(mixtral_->decode(ids_of(c["ids"]))),
                     QString::fromStdString(c["decode"].get<std::string>()));
        }
        // Random ids with stray byte pieces, <unk>, <s>, </s> and added tokens in between.
        QVERIFY(cases_["decodes"].size() >= 20);
        for (const auto& d : cases_["decodes"]) {
            QCOMPARE(QString::fromStdString(mixtral_->decode(ids_of(d["ids"]))),
                     QString::fromStdString(d["decode"].get<std::string>()));
        }
    }

    void configVariants() {
        json config = read_json(kMixtral / "tokenizer_config.json");
        config["add_bos_token"] = false;
        compare_variant(config, "ids_no_bos_config");
        config["add_bos_token"] = true;
        config["add_eos_token"] = true;
        compare_variant(config, "ids_add_eos_config");
        config["add_eos_token"] = false;
        config["legacy"] = false;
        compare_variant(config, "ids_legacy_false");
    }

    void addBosFalse() {
        json config = read_json(kMixtral / "tokenizer_config.json");
        config["add_bos_token"] = false;
        const auto dir = model_dir_with(config);
        const auto tok = moe::Tokenizer::load(path_of(*dir));
        QVERIFY(!tok->add_bos());
        QVERIFY(mixtral_->add_bos());
        QCOMPARE(tok->bos_id(), 1); // still known, for templates that write it themselves
        QCOMPARE(show(tok->encode("<s>Hi")), show(mixtral_->encode("<s>Hi", false)));
    }

    void specialAndAddedTokens() {
        QCOMPARE(mixtral_->vocab_size(), 387);
        QCOMPARE(mixtral_->bos_id(), 1);
        QCOMPARE(mixtral_->eos_id(), 2);
        QCOMPARE(mixtral_->bos_token(), std::string("<s>"));
        QCOMPARE(mixtral_->eos_token(), std::string("</s>"));
        QCOMPARE(mixtral_->piece(384), std::string("<|system|>"));
        QCOMPARE(mixtral_->piece(385), std::string("<|user|>"));
        QCOMPARE(mixtral_->piece(386), std::string("<|assistant|>"));
        QCOMPARE(mixtral_->piece(13), std::string("<0x0A>"));
        for (int id : {0, 1, 2, 384, 385, 386}) QVERIFY2(mixtral_->is_special(id), QByteArray::number(id));
        for (int id : {3, 13, 320, 383, 387, -1}) QVERIFY2(!mixtral_->is_special(id), QByteArray::number(id));
        QVERIFY_THROWS_EXCEPTION(moe::Error, mixtral_->piece(387));
        QVERIFY_THROWS_EXCEPTION(moe::Error, mixtral_->piece(-1));
        // Leftmost-longest: "</s>" inside "<|user|></s>" and no split of a partial token.
        QCOMPARE(show(mixtral_->encode("<|user|></s>", false)), show({385, 2}));
        QVERIFY(moe::read_chat_template(kMixtral).text.find("<|assistant|>") != std::string::npos);

        const auto dense = moe::Tokenizer::load(kDense);
        QCOMPARE(dense->vocab_size(), 384);
        QVERIFY(!dense->is_special(384));
        QVERIFY(moe::read_chat_template(kDense).text.find("[INST]") != std::string::npos);
        // Without added tokens "<|user|>" is ordinary text.
        QVERIFY(dense->encode("<|user|>", false).size() > 3);
    }

    void renderedChatPromptsMatchFixtures() {
        const json mixtral = read_json(kMixtral / "reference" / "manifest.json");
        const std::string zephyr = mixtral["chat_prompt_text"]["zephyr_chat"];
        QVERIFY(zephyr.find("</s>\n<|user|>") != std::string::npos);
        for (const auto& p : mixtral["prompts"])
            if (p["name"] == "zephyr_chat") QCOMPARE(show(mixtral_->encode(zephyr)), show(ids_of(p["ids"])));

        const json dense_manifest = read_json(kDense / "reference" / "manifest.json");
        const auto dense = moe::Tokenizer::load(kDense);
        const std::string instruct = dense_manifest["chat_prompt_text"]["instruct"];
        for (const auto& p : dense_manifest["prompts"])
            if (p["name"] == "instruct") QCOMPARE(show(dense->encode(instruct, false)), show(ids_of(p["ids"])));
    }

    void streamGreedyContinuations() {
        for (const auto& model : {kMixtral, kDense}) {
            const auto tok = moe::Tokenizer::load(model);
            const json manifest = read_json(model / "reference" / "manifest.json");
            for (const auto& p : manifest["prompts"]) {
                check_stream(*tok, ids_of(p["greedy_ids"]));
                check_stream(*tok, ids_of(p["ids"]));
                if (QTest::currentTestFailed()) return;
            }
        }
        for (const auto& c : cases_["cases"]) check_stream(*mixtral_, ids_of(c["ids"]));
        for (const auto& d : cases_["decodes"]) check_stream(*mixtral_, ids_of(d["ids"]));
    }

    void streamRandomSequences() {
        // Byte pieces are 3..258 (<0x00>..<0xFF>); a valid character is pushed as its bytes.
        const auto byte_id = [](unsigned char b) { return 3 + int(b); };
        QRandomGenerator rng(1234);
        for (int round = 0; round < 2000; ++round) {
            std::vector<int> ids;
            const int length = rng.bounded(1, 48);
            while (int(ids.size()) < length) {
                const int kind = rng.bounded(10);
                if (kind < 3) {
                    const auto cp = char32_t(rng.bounded(4) == 0 ? 0x1F600 + rng.bounded(80) : 0x4E00 + rng.bounded(2000));
                    for (char c : QString::fromUcs4(&cp, 1).toStdString()) ids.push_back(byte_id(uchar(c)));
                } else if (kind < 5) {
                    ids.push_back(byte_id(uchar(rng.bounded(256))));
                } else if (kind == 5) {
                    ids.push_back(rng.bounded(2) ? rng.bounded(3) : 384 + rng.bounded(3)); // special, added
                } else if (kind == 6 && rng.bounded(4) == 0) {
                    ids.push_back(rng.bounded(2) ? 387 + rng.bounded(100) : -1); // unknown ids
                } else {
                    ids.push_back(259 + rng.bounded(384 - 259));
                }
            }
            check_stream(*mixtral_, ids);
            if (QTest::currentTestFailed()) return;
        }
    }

    void streamHoldsIncompleteCharacters() {
        const auto emoji = mixtral_->encode("\xF0\x9F\x98\x80", false); // "▁" + 4 byte pieces
        QCOMPARE(emoji.size(), size_t(5));
        moe::StreamDecoder stream(*mixtral_);
        QCOMPARE(stream.push(emoji[0]), std::string()); // the leading space of the text is dropped
        for (size_t i = 1; i < emoji.size(); ++i) QCOMPARE(stream.push(emoji[i]), std::string());
        const int world = mixtral_->encode("Hello world", false).at(4); // "▁w"
        QCOMPARE(stream.push(world), std::string("\xF0\x9F\x98\x80 w"));

        // An unfinished character is flushed as U+FFFD per byte, as decode() renders it.
        const auto cjk = mixtral_->encode("\xE6\x97\xA5", false); // "▁" + 3 byte pieces
        QCOMPARE(stream.push(cjk[0]), std::string(" "));
        QCOMPARE(stream.push(cjk[1]), std::string());
        QCOMPARE(stream.push(cjk[2]), std::string());
        QCOMPARE(stream.flush(), std::string("\xEF\xBF\xBD\xEF\xBF\xBD"));
        QCOMPARE(mixtral_->decode({cjk[1], cjk[2]}), std::string("\xEF\xBF\xBD\xEF\xBF\xBD"));

        // flush() ends the text: the next push starts a new one and loses its leading space.
        QCOMPARE(stream.push(world), std::string("w"));
        stream.reset();
        QCOMPARE(stream.push(world), std::string("w"));
    }

    void invalidUtf8IsAnError() {
        for (const char* bad : {"abc\xFF", "\xC0\x80", "\xED\xA0\x80", "tail \xE6\x97", "\x80", "\xF4\x90\x80\x80"}) {
            try {
                mixtral_->encode(bad);
                QFAIL(QByteArray("accepted invalid UTF-8: ").append(QByteArray(bad).toHex()).constData());
            } catch (const moe::Error& e) {
                QVERIFY2(std::string(e.what()).find("UTF-8") != std::string::npos, e.what());
            }
        }
        QVERIFY(!mixtral_->encode("\xF4\x8F\xBF\xBF", false).empty()); // U+10FFFF is valid
    }

    void missingOrBrokenFiles() {
        QTemporaryDir empty;
        try {
            moe::Tokenizer::load(path_of(empty));
            QFAIL("loaded a folder without tokenizer.model");
        } catch (const moe::Error& e) {
            QVERIFY2(std::string(e.what()).find("tokenizer.model") != std::string::npos, e.what());
        }

        QTemporaryDir garbage;
        std::ofstream(path_of(garbage) / "tokenizer.model") << "this is not a sentencepiece model";
        QVERIFY_THROWS_EXCEPTION(moe::Error, moe::Tokenizer::load(path_of(garbage)));

        auto bad_json = model_dir_with(nullptr);
        std::ofstream(path_of(*bad_json) / "tokenizer_config.json") << "{\"add_bos_token\": tru";
        try {
            moe::Tokenizer::load(path_of(*bad_json));
            QFAIL("loaded a broken tokenizer_config.json");
        } catch (const moe::Error& e) {
            QVERIFY2(std::string(e.what()).find("tokenizer_config.json") != std::string::npos, e.what());
        }

        QVERIFY_THROWS_EXCEPTION(moe::Error, moe::Tokenizer::load(path_of(*model_dir_with({{"add_bos_token", "yes"}}))));
        QVERIFY_THROWS_EXCEPTION(moe::Error, moe::Tokenizer::load(path_of(*model_dir_with(
            {{"added_tokens_decoder", {{"x", {{"content", "<x>"}}}}}}))));
    }

    void withoutTokenizerConfig() {
        const auto dir = model_dir_with(nullptr);
        const auto tok = moe::Tokenizer::load(path_of(*dir));
        QCOMPARE(tok->vocab_size(), 384);
        QVERIFY(tok->add_bos());
        QCOMPARE(tok->bos_token(), std::string("<s>"));
        QCOMPARE(tok->eos_id(), 2);
        QVERIFY(tok->is_special(2));
        QCOMPARE(moe::read_chat_template(path_of(*dir)).text, std::string());
        QCOMPARE(show(tok->encode("Hello </s> world")), show(reference_ids("Hello </s> world")));
    }

    // A folder as transformers 5 saves it: tokenizer_config.json without added_tokens_decoder or
    // add_bos_token; the added tokens and the BOS rule are in tokenizer.json (the rest of a real
    // tokenizer.json is not read). Same ids as the transformers 4 layout of the same tokenizer.
    void transformers5Layout() {
        const json v4 = read_json(kMixtral / "tokenizer_config.json");
        const auto reference = moe::Tokenizer::load(kMixtral);
        json added = json::array();
        for (const auto& [key, value] : v4["added_tokens_decoder"].items()) {
            json entry = value;
            entry["id"] = std::stoi(key);
            added.push_back(entry);
        }
        QVERIFY(added.size() >= 3);
        json v5 = {{"backend", "tokenizers"}, {"bos_token", "<s>"}, {"eos_token", "</s>"}, {"unk_token", "<unk>"},
                   {"legacy", true}, {"tokenizer_class", "TokenizersBackend"}};
        const json frame_bos = {{"type", "TemplateProcessing"},
                                {"single", json::array({{{"SpecialToken", {{"id", "<s>"}, {"type_id", 0}}}},
                                                        {{"Sequence", {{"id", "A"}, {"type_id", 0}}}}})}};
        auto dir = model_dir_with(v5);
        std::ofstream(path_of(*dir) / "tokenizer.json") << json{{"added_tokens", added}, {"post_processor", frame_bos}}.dump();
        auto tok = moe::Tokenizer::load(path_of(*dir));
        QVERIFY(tok->add_bos());
        QCOMPARE(tok->vocab_size(), reference->vocab_size());
        for (const std::string text : {"<|user|>\nHi there</s>\n<|assistant|>\n", "a</s>b<s>c", "<|system|>x", "Hello"})
            QCOMPARE(show(tok->encode(text)), show(reference->encode(text)));
        QVERIFY(tok->is_special(reference->encode("<|user|>", false).front()));

        // A post-processor that frames the text with no BOS, and one with an EOS after it.
        const json plain = {{"type", "TemplateProcessing"}, {"single", json::array({{{"Sequence", {{"id", "A"}}}}})}};
        std::ofstream(path_of(*dir) / "tokenizer.json", std::ios::trunc) << json{{"added_tokens", added}, {"post_processor", plain}}.dump();
        tok = moe::Tokenizer::load(path_of(*dir));
        QVERIFY(!tok->add_bos());
        QCOMPARE(show(tok->encode("Hello")), show(reference->encode("Hello", false)));
        const json both = {{"type", "TemplateProcessing"},
                           {"single", json::array({{{"SpecialToken", {{"id", "<s>"}}}}, {{"Sequence", {{"id", "A"}}}},
                                                   {{"SpecialToken", {{"id", "</s>"}}}}})}};
        std::ofstream(path_of(*dir) / "tokenizer.json", std::ios::trunc) << json{{"added_tokens", added}, {"post_processor", both}}.dump();
        tok = moe::Tokenizer::load(path_of(*dir));
        QVERIFY(tok->add_bos());
        const auto ids = tok->encode("Hello");
        QCOMPARE(ids.back(), tok->eos_id());

        // tokenizer_config.json's own keys win over tokenizer.json (the transformers 4 layout).
        v5["add_bos_token"] = true;
        v5["add_eos_token"] = false;
        dir = model_dir_with(v5);
        std::ofstream(path_of(*dir) / "tokenizer.json") << json{{"added_tokens", added}, {"post_processor", plain}}.dump();
        QVERIFY(moe::Tokenizer::load(path_of(*dir))->add_bos());

        // A broken tokenizer.json that is needed is a clear error naming it.
        std::ofstream(path_of(*dir) / "tokenizer.json", std::ios::trunc) << "{\"added_tokens\": [";
        try {
            moe::Tokenizer::load(path_of(*dir));
            QFAIL("a broken tokenizer.json loaded");
        } catch (const moe::Error& e) {
            QVERIFY2(std::string(e.what()).find("tokenizer.json") != std::string::npos, e.what());
        }
    }

    void chatTemplateList() {
        json config = read_json(kMixtral / "tokenizer_config.json");
        config["chat_template"] = json::array({{{"name", "tool_use"}, {"template", "TOOLS"}},
                                               {{"name", "default"}, {"template", "DEFAULT"}}});
        const auto dir = model_dir_with(config);
        QCOMPARE(moe::read_chat_template(path_of(*dir)).text, std::string("DEFAULT"));
    }

    void addedTokenAfterAGap() {
        json config = read_json(kMixtral / "tokenizer_config.json");
        config["added_tokens_decoder"]["400"] = {{"content", "<tool>"}, {"special", false}};
        const auto dir = model_dir_with(config);
        const auto tok = moe::Tokenizer::load(path_of(*dir));
        QCOMPARE(tok->vocab_size(), 401);
        QCOMPARE(tok->piece(400), std::string("<tool>"));
        QVERIFY(!tok->is_special(400));
        // No "normalized" key: normalized, as transformers defaults a non-special token, so the
        // text after it gets no "▁" (transformers: <tool>, "a").
        QCOMPARE(show(tok->encode("<tool>a", false)), show({400, 323}));
        // Ids in the gap have no token: an error to look up, nothing when decoded or streamed.
        QVERIFY_THROWS_EXCEPTION(moe::Error, tok->piece(390));
        QVERIFY(!tok->is_special(390));
        QCOMPARE(tok->decode({390, 385, 390, 400}), std::string("<|user|><tool>"));
        check_stream(*tok, {390, 243, 390, 162, 155, 131, 390, 400});
    }

    // tests/data/tokenizers/spm-symbols: a model with control ("[INST]") and user-defined
    // ("<|im_start|>") pieces under tokenizer_config.json variants (legacy true/false, added
    // tokens normalized or not, lstrip/rstrip, single_word, a space inside a token, no config),
    // with transformers' ids (tests/tools/tokenizer_differential.py --write-fixture).
    void addedTokenFlagsMatchTransformers() {
        const std::filesystem::path fixture = kData / "tokenizers" / "spm-symbols";
        const json cases = read_json(fixture / "cases.json");
        const auto& texts = cases["texts"];
        QVERIFY(cases["variants"].size() >= 10);
        for (const auto& [name, variant] : cases["variants"].items()) {
            QTemporaryDir dir;
            std::filesystem::copy_file(fixture / "tokenizer.model", path_of(dir) / "tokenizer.model");
            if (!variant["config"].is_null()) std::ofstream(path_of(dir) / "tokenizer_config.json") << variant["config"].dump();
            const auto tok = moe::Tokenizer::load(path_of(dir));
            for (size_t i = 0; i < texts.size(); ++i) {
                const std::string text = texts[i];
                const auto ids = tok->encode(text);
                QVERIFY2(ids == ids_of(variant["ids"][i]),
                         (QByteArray(name.c_str()) + " \"" + text.c_str() + "\": got " + show(ids) +
                          ", transformers " + show(ids_of(variant["ids"][i]))).constData());
            }
        }
    }

    void addedTokenFlags() {
        json config = read_json(kMixtral / "tokenizer_config.json");
        auto& decoder = config["added_tokens_decoder"];
        decoder["385"]["lstrip"] = true;   // <|user|>
        decoder["386"]["rstrip"] = true;   // <|assistant|>
        decoder["387"] = {{"content", "<tool>"}, {"special", false}, {"normalized", true}};
        const auto dir = model_dir_with(config);
        const auto tok = moe::Tokenizer::load(path_of(*dir));
        // transformers 4.57.6 LlamaTokenizerFast(from_slow=True), legacy=true.
        QCOMPARE(show(tok->encode("a\n <|user|>b", false)), show({260, 385, 305}));
        QCOMPARE(show(tok->encode("<|assistant|>\n\u3000b", false)), show({386, 305}));
        // A normalized token matches only after a space or at the start of a segment, and
        // the text after it gets no "▁".
        QCOMPARE(show(tok->encode("a<tool>b", false)), show({260, 63, 322, 324, 324, 330, 65, 343}));
        QCOMPARE(show(tok->encode("a <tool>b", false)), show({260, 387, 343}));
        QCOMPARE(show(tok->encode("<tool> x", false)), show({387, 320, 345}));
    }

    void addPrefixSpaceFalse() {
        json config = read_json(kMixtral / "tokenizer_config.json");
        config["add_prefix_space"] = false;
        const auto dir = model_dir_with(config);
        const auto tok = moe::Tokenizer::load(path_of(*dir));
        // transformers 4.57.6: no "▁" before the text or after </s>, and decode keeps a leading space.
        QCOMPARE(show(tok->encode("Hello world")), show({1, 362, 314, 324, 268, 275, 330, 333}));
        const std::vector<int> ids = {320, 362, 314, 324, 2, 268, 275, 330, 333};
        QCOMPARE(show(tok->encode(" Hello</s> world", false)), show(ids));
        QCOMPARE(tok->decode(ids), std::string(" Hello</s> world"));
        QCOMPARE(tok->decode({320, 268, 275}), std::string("  wor"));
        check_stream(*tok, ids);
        // null (as newer transformers save it) keeps the prefix.
        config["add_prefix_space"] = nullptr;
        const auto null_dir = model_dir_with(config);
        QCOMPARE(show(moe::Tokenizer::load(path_of(*null_dir))->encode("Hello world")), show(mixtral_->encode("Hello world")));
    }

    void cleanUpTokenizationSpaces() {
        json config = read_json(kMixtral / "tokenizer_config.json");
        config["clean_up_tokenization_spaces"] = true;
        const auto dir = model_dir_with(config);
        const auto tok = moe::Tokenizer::load(path_of(*dir));
        // transformers 4.57.6 decode of the ids of "Hello , world . I do n't know ' s 're".
        const std::vector<int> ids = {320, 362, 314, 324, 320, 340, 268, 275, 330, 333, 320, 334, 320, 358, 298,
                                      324, 278, 357, 322, 320, 339, 325, 324, 337, 320, 357, 270, 320, 357, 274};
        QCOMPARE(tok->decode(ids), std::string("Hello, world. I don't know's're"));
        QCOMPARE(mixtral_->decode(ids), std::string("Hello , world . I do n't know ' s 're"));
        check_stream(*tok, ids);
        // Streaming holds back only what a later piece could still clean up.
        moe::StreamDecoder stream(*tok);
        std::string seen;
        for (int id : {320, 362, 314, 324, 320, 340}) seen += stream.push(id); // "▁", "H", "ell", "o", "▁", ","
        QCOMPARE(seen, std::string("Hello,"));
        // Random ids over spaces, apostrophes, "n", "t", "s", punctuation (byte pieces) and "▁".
        std::vector<int> alphabet = {320, 320, 320};
        for (unsigned char c : std::string(" ''ntsmvre.,!?x\xC3\xA9")) alphabet.push_back(3 + c);
        QRandomGenerator rng(99);
        for (int round = 0; round < 3000; ++round) {
            std::vector<int> random_ids;
            for (int n = rng.bounded(1, 16); n > 0; --n) random_ids.push_back(alphabet[rng.bounded(int(alphabet.size()))]);
            check_stream(*tok, random_ids);
            if (QTest::currentTestFailed()) return;
        }
    }

    void bracedTokenObjects() {
        json config = read_json(kMixtral / "tokenizer_config.json");
        config["bos_token"] = {{"content", "<s>"}, {"special", true}};
        config["eos_token"] = {{"__type", "AddedToken"}, {"content", "</s>"}};
        config.erase("added_tokens_decoder");
        const auto dir = model_dir_with(config);
        const auto tok = moe::Tokenizer::load(path_of(*dir));
        QCOMPARE(tok->bos_token(), std::string("<s>"));
        QCOMPARE(tok->eos_id(), 2);
        QCOMPARE(show(tok->encode("a</s>")), show({1, 260, 2}));
    }
};

QTEST_GUILESS_MAIN(TestTokenizer)
#include "test_tokenizer.moc"
