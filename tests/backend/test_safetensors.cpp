// Safetensors files and checkpoint folders, valid and corrupted (backend/safetensors.cpp).
#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <filesystem>

#include "expect_error.h"
#include "error.h"
#include "safetensors.h"
#include "safetensors_writer.h"

using namespace moe;
using moe::testing::json;
using moe::testing::SafetensorsWriter;

namespace fs = std::filesystem;

namespace {

const fs::path kData = MOECHAT_TEST_DATA;

using moe::test::expect_error;

SafetensorsWriter three_tensors() {
    SafetensorsWriter w;
    w.add_pattern("a", {2, 3}, 1.0f, DType::F32);
    w.add_pattern("b", {4}, 2.0f, DType::BF16);
    w.add_pattern("c", {2, 2}, 3.0f, DType::F16);
    return w;
}

std::map<std::string, TensorView> parse_bytes(const std::string& bytes, const std::string& name = "x.safetensors") {
    return SafetensorsFile::parse(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), name);
}

// A valid file's header with `patch` merged into tensor `name`'s entry.
std::string with_patched_entry(const SafetensorsWriter& w, const std::string& name, const json& patch) {
    json h = w.header();
    h[name].merge_patch(patch);
    return SafetensorsWriter::assemble(h.dump(), w.data());
}

} // namespace

class TestSafetensors : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path dir() const { return fs::path(tmp_.path().toStdString()); }
    // A fresh empty folder per test.
    fs::path folder(const std::string& name) const {
        fs::path p = dir() / name;
        fs::remove_all(p);
        fs::create_directories(p);
        return p;
    }

private slots:
    void readsAllThreeDtypes() {
        const fs::path path = dir() / "model.safetensors";
        three_tensors().write(path);
        auto f = SafetensorsFile::open(path);
        QCOMPARE(f->tensors().size(), size_t(3)); // __metadata__ is not a tensor
        QCOMPARE(f->size_bytes(), size_t(fs::file_size(path)));

        const TensorView& a = f->tensors().at("a");
        QCOMPARE(a.dtype, DType::F32);
        QCOMPARE(a.shape, (std::vector<int64_t>{2, 3}));
        float values[6];
        to_f32(a.data, a.dtype, 6, values);
        QCOMPARE(values[0], 1.0f);
        QCOMPARE(values[5], 2.25f);

        const TensorView& b = f->tensors().at("b");
        QCOMPARE(b.dtype, DType::BF16);
        to_f32(b.data, b.dtype, 4, values);
        QCOMPARE(values[3], 2.75f);

        const TensorView& c = f->tensors().at("c");
        QCOMPARE(c.dtype, DType::F16);
        to_f32(c.data, c.dtype, 4, values);
        QCOMPARE(values[2], 3.5f);
        // Views point into the mapping, right after the 8-byte length and the header.
        QVERIFY(static_cast<const char*>(a.data) > static_cast<const char*>(nullptr));
    }

    void emptyAndScalarTensors() {
        SafetensorsWriter w;
        w.add_raw("empty", "F32", {0, 4}, "");
        w.add_raw("scalar", "F32", {}, std::string(4, '\0'));
        w.add_raw("also_empty", "BF16", {3, 0}, "");
        auto t = parse_bytes(w.bytes());
        QCOMPARE(t.at("empty").numel(), int64_t(0));
        QCOMPARE(t.at("scalar").numel(), int64_t(1));
    }

    void tooShort() {
        expect_error([] { parse_bytes(std::string(5, '\0'), "tiny.safetensors"); },
                     {"tiny.safetensors is truncated", "5 bytes"});
        const fs::path path = dir() / "short.safetensors";
        SafetensorsWriter::write_file(path, "abc");
        expect_error([&] { SafetensorsFile::open(path); }, {"short.safetensors is truncated"});
        SafetensorsWriter::write_file(path, "");
        expect_error([&] { SafetensorsFile::open(path); }, {"short.safetensors is truncated", "0 bytes"});
    }

    void headerLongerThanFile() {
        std::string bytes = three_tensors().bytes();
        bytes[0] = char(0xFF);
        bytes[1] = char(0xFF); // the header length now exceeds the file
        expect_error([&] { parse_bytes(bytes, "model-00003-of-00004.safetensors"); },
                     {"model-00003-of-00004.safetensors", "header length is 65535 bytes but only"});
        std::memset(bytes.data(), 0xFF, 8); // 2^64 - 1
        expect_error([&] { parse_bytes(bytes); }, {"header length is 18446744073709551615 bytes"});
    }

    void hugeHeaderRefused() {
        // A header claiming 200 MB, with the bytes present: more than a header may hold.
        std::string bytes(8, '\0');
        const uint64_t n = 200'000'000;
        for (int i = 0; i < 8; ++i) bytes[size_t(i)] = char((n >> (8 * i)) & 0xFF);
        bytes.resize(8 + n, ' ');
        bytes[8] = '{';
        expect_error([&] { parse_bytes(bytes, "big.safetensors"); }, {"big.safetensors", "200.0 MB header"});
    }

    void truncatedData() {
        const fs::path path = dir() / "model-00003-of-00004.safetensors";
        std::string bytes = three_tensors().bytes();
        SafetensorsWriter::write_file(path, bytes.substr(0, bytes.size() - 3));
        expect_error([&] { SafetensorsFile::open(path); },
                     {"model-00003-of-00004.safetensors is truncated: header says " + std::to_string(bytes.size()) +
                      " bytes, file has " + std::to_string(bytes.size() - 3) + " bytes"});
    }

    void truncatedInGigabytes() {
        // The style guide's example: a header describing 4.2 GB in a much smaller file.
        SafetensorsWriter w;
        w.add_raw("model.embed_tokens.weight", "BF16", {2'100'000'000}, "");
        json h = w.header();
        h["model.embed_tokens.weight"]["data_offsets"] = {0, 4'200'000'000ULL};
        std::string bytes = SafetensorsWriter::assemble(h.dump(), std::string(1000, '\0'));
        expect_error([&] { parse_bytes(bytes, "model-00003-of-00004.safetensors"); },
                     {"model-00003-of-00004.safetensors is truncated: header says 4.2 GB, file has 1.1 kB",
                      "model.embed_tokens.weight"});
    }

    void overlappingOffsets() {
        SafetensorsWriter w = three_tensors();
        json h = w.header();
        h["c"]["data_offsets"] = {20, 28}; // inside "a" (bytes 0–24)
        expect_error([&] { parse_bytes(SafetensorsWriter::assemble(h.dump(), w.data()), "ov.safetensors"); },
                     {"ov.safetensors", "'a'", "'c'", "overlap"});
        // Two tensors at the very same bytes.
        h = w.header();
        h["b"]["data_offsets"] = {0, 8};
        expect_error([&] { parse_bytes(SafetensorsWriter::assemble(h.dump(), w.data())); }, {"overlap"});
    }

    void offsetsBeyondData() {
        SafetensorsWriter w = three_tensors();
        const uint64_t data = w.data().size();
        expect_error([&] { parse_bytes(with_patched_entry(w, "b", {{"data_offsets", {data, data + 8}}}), "far.safetensors"); },
                     {"far.safetensors", "tensor 'b' ends at data byte " + std::to_string(data + 8), "beyond"});
        // Offsets near 2^64: no wrap-around on the way to the check.
        expect_error([&] {
            parse_bytes(with_patched_entry(w, "b", {{"data_offsets", {18446744073709551608ULL, 18446744073709551615ULL}}}));
        }, {"'b'"});
        expect_error([&] {
            parse_bytes(with_patched_entry(w, "a", {{"shape", {1}}, {"data_offsets", {1ULL << 62, (1ULL << 62) + 4}}}),
                        "odd.safetensors");
        }, {"odd.safetensors has out-of-range data_offsets"});
    }

    void offsetsBackwards() {
        SafetensorsWriter w = three_tensors();
        expect_error([&] { parse_bytes(with_patched_entry(w, "a", {{"data_offsets", {24, 0}}})); },
                     {"tensor 'a'", "end before they begin"});
        expect_error([&] { parse_bytes(with_patched_entry(w, "a", {{"data_offsets", {0}}})); },
                     {"tensor 'a'", "not [begin, end]"});
        expect_error([&] { parse_bytes(with_patched_entry(w, "a", {{"data_offsets", {-8, 16}}})); },
                     {"data_offsets must be a non-negative integer"});
    }

    void unsupportedDtypes() {
        for (const char* dtype : {"I8", "F64", "F8_E4M3", "BOOL", "U8", "I64"}) {
            SafetensorsWriter w;
            w.add_raw("q", dtype, {4}, std::string(4, '\0'));
            expect_error([&] { parse_bytes(SafetensorsWriter::assemble(w.header().dump(), std::string(64, '\0')), "q.safetensors"); },
                         {"q.safetensors", "tensor 'q'", std::string("unsupported dtype ") + dtype});
        }
        SafetensorsWriter w = three_tensors();
        expect_error([&] { parse_bytes(with_patched_entry(w, "a", {{"dtype", 7}})); }, {"dtype 7, not a string"});
    }

    void shapeDisagreesWithBytes() {
        SafetensorsWriter w = three_tensors();
        expect_error([&] { parse_bytes(with_patched_entry(w, "a", {{"shape", {3, 3}}}), "s.safetensors"); },
                     {"s.safetensors", "tensor 'a' has shape [3, 3] of F32 (36 bytes) but data_offsets [0, 24] hold 24 bytes"});
        expect_error([&] { parse_bytes(with_patched_entry(w, "a", {{"shape", {-2, 3}}})); },
                     {"shape entry must be a non-negative integer"});
        expect_error([&] { parse_bytes(with_patched_entry(w, "a", {{"shape", "2x3"}})); }, {"not a list"});
        // Shapes whose element count overflows 64 bits.
        expect_error([&] {
            parse_bytes(with_patched_entry(w, "a", {{"shape", {4294967296ULL, 4294967296ULL, 2}}}));
        }, {"impossibly large shape"});
        expect_error([&] { parse_bytes(with_patched_entry(w, "a", {{"shape", {1, 1, 1, 1, 1, 1, 1, 1, 1, 24}}})); },
                     {"10 dimensions"});
    }

    void badHeaderJson() {
        SafetensorsWriter w = three_tensors();
        std::string header = w.header().dump();
        header[header.size() / 2] = '\x01';
        expect_error([&] { parse_bytes(SafetensorsWriter::assemble(header, w.data()), "j.safetensors"); },
                     {"j.safetensors has a header that is not valid JSON"});
        // The parser's message quotes the offending bytes; they come back printable.
        header = w.header().dump();
        header[header.size() / 2] = '\xff';
        try {
            parse_bytes(SafetensorsWriter::assemble(header, w.data()));
            QFAIL("no error");
        } catch (const Error& e) {
            for (const char* p = e.what(); *p; ++p) QVERIFY(*p >= 0x20 && *p < 0x7F);
        }
        expect_error([&] { parse_bytes(SafetensorsWriter::assemble("[1, 2]", "")); },
                     {"does not start with a JSON object"});
        expect_error([&] { parse_bytes(SafetensorsWriter::assemble("{\"a\": 1}", "")); },
                     {"tensor 'a' is described by 1"});
        expect_error([&] { parse_bytes(SafetensorsWriter::assemble("{\"a\": {\"dtype\": \"F32\"}}", "")); },
                     {"lacks dtype, shape or data_offsets"});
        expect_error([&] { parse_bytes(SafetensorsWriter::assemble("{} trailing", "")); }, {"not valid JSON"});
    }

    void missingFile() {
        expect_error([&] { SafetensorsFile::open(dir() / "nope.safetensors"); }, {"nope.safetensors is missing"});
        expect_error([&] { SafetensorsFile::open(dir()); }, {"is not a regular file"});
    }

    void singleFileCheckpoint() {
        const fs::path m = folder("single");
        three_tensors().write(m / "model.safetensors");
        auto ck = Checkpoint::open(m);
        QCOMPARE(ck->names(), (std::vector<std::string>{"a", "b", "c"}));
        QVERIFY(ck->has("b"));
        QVERIFY(!ck->has("d"));
        QCOMPARE(ck->total_bytes(), size_t(24 + 8 + 8));
        QCOMPARE(ck->get("a").shape, (std::vector<int64_t>{2, 3}));
        expect_error([&] { ck->get("model.norm.weight"); }, {"missing tensor model.norm.weight in " + m.string()});
    }

    void shardedCheckpoint() {
        const fs::path m = folder("sharded");
        SafetensorsWriter s1, s2;
        s1.add_pattern("x", {4}, 1.0f);
        s1.add_pattern("y", {2, 2}, 2.0f);
        s1.add_pattern("stray", {1}, 0.0f); // present in a shard, not in the index: not offered
        s2.add_pattern("z", {3}, 3.0f, DType::BF16);
        s1.write(m / "model-00001-of-00002.safetensors");
        s2.write(m / "model-00002-of-00002.safetensors");
        moe::testing::write_json(m / "model.safetensors.index.json",
                                 {{"metadata", {{"total_size", 38}}},
                                  {"weight_map",
                                   {{"x", "model-00001-of-00002.safetensors"},
                                    {"y", "model-00001-of-00002.safetensors"},
                                    {"z", "model-00002-of-00002.safetensors"}}}});
        auto ck = Checkpoint::open(m);
        QCOMPARE(ck->names(), (std::vector<std::string>{"x", "y", "z"}));
        QCOMPARE(ck->get("z").dtype, DType::BF16);
        float z[3];
        to_f32(ck->get("z").data, DType::BF16, 3, z);
        QCOMPARE(z[2], 3.5f);
        QCOMPARE(ck->total_bytes(), size_t(16 + 16 + 6));
    }

    void committedFixturesOpen() {
        for (const char* name : {"tiny-mixtral", "tiny-dense"}) {
            auto ck = Checkpoint::open(kData / name);
            QVERIFY(ck->has("model.embed_tokens.weight"));
            QVERIFY(ck->has("lm_head.weight"));
        }
    }

    void missingShard() {
        const fs::path m = folder("missing-shard");
        three_tensors().write(m / "model-00001-of-00002.safetensors");
        moe::testing::write_json(m / "model.safetensors.index.json",
                                 {{"weight_map",
                                   {{"a", "model-00001-of-00002.safetensors"}, {"q", "model-00002-of-00002.safetensors"}}}});
        expect_error([&] { Checkpoint::open(m); },
                     {"model-00002-of-00002.safetensors is listed in model.safetensors.index.json but missing from " + m.string()});
    }

    void indexedTensorMissingFromShard() {
        const fs::path m = folder("missing-tensor");
        three_tensors().write(m / "model-00001-of-00001.safetensors");
        moe::testing::write_json(m / "model.safetensors.index.json",
                                 {{"weight_map",
                                   {{"a", "model-00001-of-00001.safetensors"}, {"w", "model-00001-of-00001.safetensors"}}}});
        expect_error([&] { Checkpoint::open(m); },
                     {"tensor 'w' in model-00001-of-00001.safetensors", "does not contain it"});
    }

    void corruptShardNamed() {
        const fs::path m = folder("corrupt-shard");
        three_tensors().write(m / "model-00001-of-00002.safetensors");
        std::string bytes = three_tensors().bytes();
        SafetensorsWriter::write_file(m / "model-00002-of-00002.safetensors", bytes.substr(0, bytes.size() / 2 + 40));
        moe::testing::write_json(m / "model.safetensors.index.json",
                                 {{"weight_map",
                                   {{"a", "model-00001-of-00002.safetensors"}, {"b", "model-00002-of-00002.safetensors"}}}});
        expect_error([&] { Checkpoint::open(m); }, {"model-00002-of-00002.safetensors is truncated"});
    }

    void badIndex() {
        const fs::path m = folder("bad-index");
        three_tensors().write(m / "model.safetensors");
        SafetensorsWriter::write_file(m / "model.safetensors.index.json", "{\"weight_map\": {");
        expect_error([&] { Checkpoint::open(m); }, {"model.safetensors.index.json is not valid JSON"});
        moe::testing::write_json(m / "model.safetensors.index.json", {{"metadata", {}}});
        expect_error([&] { Checkpoint::open(m); }, {"model.safetensors.index.json has no weight_map"});
        moe::testing::write_json(m / "model.safetensors.index.json", {{"weight_map", json::object()}});
        expect_error([&] { Checkpoint::open(m); }, {"lists no tensors"});
        moe::testing::write_json(m / "model.safetensors.index.json", {{"weight_map", {{"a", "../model.safetensors"}}}});
        expect_error([&] { Checkpoint::open(m); }, {"maps tensor 'a' to \"../model.safetensors\", not a file name"});
        moe::testing::write_json(m / "model.safetensors.index.json", {{"weight_map", {{"a", 3}}}});
        expect_error([&] { Checkpoint::open(m); }, {"maps tensor 'a' to 3"});
    }

    void noWeights() {
        const fs::path m = folder("empty");
        expect_error([&] { Checkpoint::open(m); }, {"no model.safetensors or model.safetensors.index.json in " + m.string()});
        three_tensors().write(m / "model-00001-of-00002.safetensors");
        expect_error([&] { Checkpoint::open(m); }, {"found 1 .safetensors files but no index"});
        expect_error([&] { Checkpoint::open(dir() / "does-not-exist"); }, {"does-not-exist does not exist"});
    }
};

QTEST_APPLESS_MAIN(TestSafetensors)
#include "test_safetensors.moc"
