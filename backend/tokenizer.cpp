#include "tokenizer.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>
#include <sentencepiece_processor.h>

#include "error.h"

// The reference is what transformers' AutoTokenizer does for Mixtral-family checkpoints
// (LlamaTokenizerFast from their tokenizer.json, legacy=true): added-token strings are split out
// first, every remaining segment is encoded by sentencepiece with its dummy-prefix "▁" (so text
// right after "</s>" gets one too), BOS/EOS are added per add_bos_token/add_eos_token. Decoding
// follows that tokenizer's decoder chain: "▁" → " ", runs of <0xXX> byte pieces fused into UTF-8
// (a run that is not valid UTF-8 becomes one U+FFFD per byte), special tokens rendered as their
// text, one leading space stripped. tests/tools/make_fixtures.py records the reference ids.

namespace moe {

namespace {

const std::string kReplacementChar = "\xEF\xBF\xBD"; // U+FFFD
constexpr int kMaxVocab = 1 << 24; // far above any real vocabulary; guards against typos

// Length of the UTF-8 sequence starting at s[i] if it is complete and well-formed (no overlong
// forms, surrogates or code points above U+10FFFF); 0 if it is invalid; -1 if it is a valid but
// truncated prefix (only possible at the end of s).
int utf8_sequence_length(std::string_view s, size_t i) {
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b0 = byte(i);
    if (b0 < 0x80) return 1;
    int len;
    unsigned char lo = 0x80, hi = 0xBF; // allowed range of the second byte
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        if (b0 == 0xE0) lo = 0xA0;      // overlong
        if (b0 == 0xED) hi = 0x9F;      // surrogates
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        if (b0 == 0xF0) lo = 0x90;      // overlong
        if (b0 == 0xF4) hi = 0x8F;      // above U+10FFFF
    } else {
        return 0;
    }
    for (int k = 1; k < len; ++k) {
        if (i + k >= s.size()) return -1;
        const unsigned char b = byte(i + k);
        if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return 0;
    }
    return len;
}

// Byte offset of the first byte that is not part of valid UTF-8, or npos.
size_t first_invalid_utf8(std::string_view s) {
    for (size_t i = 0; i < s.size();) {
        const int len = utf8_sequence_length(s, i);
        if (len <= 0) return i;
        i += size_t(len);
    }
    return std::string_view::npos;
}

// The byte of a sentencepiece byte-fallback piece ("<0x0A>" → 10).
unsigned char byte_of_piece(const std::string& piece) {
    return static_cast<unsigned char>(std::stoi(piece.substr(3, 2), nullptr, 16));
}

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
    for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
        s.replace(pos, from.size(), to);
    return s;
}

// tokenizer_config.json spells tokens as strings or as {"content": ...} objects.
std::string token_content(const nlohmann::json& j) {
    if (j.is_string()) return j.get<std::string>();
    if (j.is_object() && j.contains("content") && j["content"].is_string())
        return j["content"].get<std::string>();
    return {};
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot read " + path.string());
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return std::move(bytes).str();
}

uint64_t read_varint(std::string_view s, size_t& pos) {
    uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
        if (pos >= s.size()) throw Error("tokenizer.model is truncated");
        const auto b = static_cast<unsigned char>(s[pos++]);
        v |= uint64_t(b & 0x7F) << shift;
        if (!(b & 0x80)) return v;
    }
    throw Error("tokenizer.model is not a sentencepiece model (bad varint)");
}

void write_varint(std::string& out, uint64_t v) {
    for (; v >= 0x80; v >>= 7) out.push_back(char(0x80 | (v & 0x7F)));
    out.push_back(char(v));
}

// The serialized ModelProto with normalizer_spec.add_dummy_prefix = false. libsentencepiece
// has no run-time switch for the dummy prefix and Debian ships it without the protobuf
// headers, so the wire format is edited directly: ModelProto field 3 is normalizer_spec, whose
// field 3 is add_dummy_prefix; appending "field 3 = 0" overrides any earlier value.
std::string without_dummy_prefix(std::string_view proto) {
    constexpr uint64_t kNormalizerSpecKey = (3 << 3) | 2;
    const std::string kNoDummyPrefix("\x18\x00", 2);
    std::string out;
    bool found = false;
    for (size_t pos = 0; pos < proto.size();) {
        const size_t field_start = pos;
        const uint64_t key = read_varint(proto, pos);
        switch (key & 7) {
        case 0: read_varint(proto, pos); break;
        case 1: pos += 8; break;
        case 5: pos += 4; break;
        case 2: {
            const uint64_t len = read_varint(proto, pos);
            if (len > proto.size() - pos) throw Error("tokenizer.model is truncated");
            if (key == kNormalizerSpecKey) {
                write_varint(out, key);
                write_varint(out, len + kNoDummyPrefix.size());
                out.append(proto.substr(pos, len));
                out += kNoDummyPrefix;
                pos += len;
                found = true;
                continue;
            }
            pos += len;
            break;
        }
        default: throw Error("tokenizer.model is not a sentencepiece model (wire type " +
                             std::to_string(key & 7) + ")");
        }
        if (pos > proto.size()) throw Error("tokenizer.model is truncated");
        out.append(proto.substr(field_start, pos - field_start));
    }
    if (!found) {
        write_varint(out, kNormalizerSpecKey);
        write_varint(out, kNoDummyPrefix.size());
        out += kNoDummyPrefix;
    }
    return out;
}

void load_processor(sentencepiece::SentencePieceProcessor& sp, std::string_view proto,
                    const std::filesystem::path& path) {
    const auto status = sp.LoadFromSerializedProto(proto);
    if (!status.ok())
        throw Error(path.string() + " is not a valid sentencepiece model: " + status.ToString());
}

} // namespace

struct Tokenizer::Impl {
    sentencepiece::SentencePieceProcessor sp;
    // Only for legacy=false: segments after an added token get no dummy prefix.
    std::unique_ptr<sentencepiece::SentencePieceProcessor> sp_no_prefix;
    bool legacy = true;
    bool add_bos = true;
    bool add_eos = false;
    int bos_id = -1;
    int eos_id = -1;
    int vocab_size = 0;
    std::string bos_token;
    std::string eos_token;
    std::string chat_template;
    std::map<int, std::string> added;  // id → content (also <unk>/<s>/</s> when configured)
    std::vector<bool> special;         // by id
    // Added-token strings by first byte, longest first (leftmost-longest split, as transformers).
    std::vector<std::pair<std::string, int>> split_tokens[256];

    void encode_segment(std::string_view segment, bool at_text_start, std::vector<int>& out) const;
    // Text of ids[begin, end): byte pieces fused into UTF-8; `at_start` strips one leading space.
    std::string render(const std::vector<int>& ids, size_t begin, size_t end, bool at_start) const;
    // Text of the run of pending ids that ends before ids[run_end], and of the ids from there on.
    std::string render_tail(const std::vector<int>& ids, size_t run_end) const;
    // Ids with a piece or added token; a model's vocabulary may have unused ids beyond them.
    bool in_vocab(int id) const { return (id >= 0 && id < sp.GetPieceSize()) || added.count(id); }
    bool is_byte(int id) const {
        return id >= 0 && id < sp.GetPieceSize() && !added.count(id) && sp.IsByte(id);
    }
    // Ids whose text may still change with the ids after them: byte pieces, and unknown ids
    // (they decode to nothing and so do not end a run of byte pieces).
    bool pending(int id) const { return is_byte(id) || !in_vocab(id); }
};

Tokenizer::Tokenizer() : impl_(std::make_unique<Impl>()) {}
Tokenizer::~Tokenizer() = default;

std::unique_ptr<Tokenizer> Tokenizer::load(const std::filesystem::path& model_dir) {
    const auto model_path = model_dir / "tokenizer.model";
    if (!std::filesystem::is_regular_file(model_path))
        throw Error("no tokenizer.model in " + model_dir.string() +
                    ": moechat needs the sentencepiece tokenizer file of the checkpoint");
    std::unique_ptr<Tokenizer> tok(new Tokenizer());
    Impl& m = *tok->impl_;
    const std::string proto = read_file(model_path);
    load_processor(m.sp, proto, model_path);

    nlohmann::json cfg = nlohmann::json::object();
    const auto config_path = model_dir / "tokenizer_config.json";
    if (std::filesystem::exists(config_path)) {
        try {
            cfg = nlohmann::json::parse(read_file(config_path));
        } catch (const nlohmann::json::exception& e) {
            throw Error(config_path.string() + " is not valid JSON: " + e.what());
        }
        if (!cfg.is_object()) throw Error(config_path.string() + " is not a JSON object");
    }
    const auto flag = [&](const char* key, bool fallback) {
        if (!cfg.contains(key) || cfg[key].is_null()) return fallback;
        if (!cfg[key].is_boolean())
            throw Error(config_path.string() + ": \"" + key + "\" must be true or false");
        return cfg[key].get<bool>();
    };
    // transformers' Llama tokenizers default to add_bos_token=true and (with a warning) legacy.
    m.add_bos = flag("add_bos_token", true);
    m.add_eos = flag("add_eos_token", false);
    m.legacy = flag("legacy", true);

    const auto sp_piece = [&](int id, const char* fallback) {
        return id >= 0 ? m.sp.IdToPiece(id) : std::string(fallback);
    };
    m.bos_token = cfg.contains("bos_token") ? token_content(cfg["bos_token"]) : sp_piece(m.sp.bos_id(), "<s>");
    m.eos_token = cfg.contains("eos_token") ? token_content(cfg["eos_token"]) : sp_piece(m.sp.eos_id(), "</s>");
    const std::string unk_token =
        cfg.contains("unk_token") ? token_content(cfg["unk_token"]) : sp_piece(m.sp.unk_id(), "<unk>");

    std::map<int, bool> special_flags;
    if (cfg.contains("added_tokens_decoder")) {
        if (!cfg["added_tokens_decoder"].is_object())
            throw Error(config_path.string() + ": \"added_tokens_decoder\" must be an object");
        for (const auto& [key, value] : cfg["added_tokens_decoder"].items()) {
            int id = -1;
            try {
                id = std::stoi(key);
            } catch (const std::exception&) {
            }
            const std::string content = token_content(value);
            if (id < 0 || id >= kMaxVocab || content.empty())
                throw Error(config_path.string() + ": added token \"" + key +
                            "\" needs an id below " + std::to_string(kMaxVocab) + " and a \"content\" string");
            m.added[id] = content;
            special_flags[id] = value.is_object() && value.value("special", false);
        }
    }
    // The BOS/EOS/UNK strings are special tokens whether or not added_tokens_decoder lists them.
    std::map<std::string, int> id_of;
    for (const auto& [id, content] : m.added) id_of.emplace(content, id);
    for (const std::string& token : {m.bos_token, m.eos_token, unk_token}) {
        if (token.empty()) continue;
        int id;
        if (const auto known = id_of.find(token); known != id_of.end()) {
            id = known->second;
        } else {
            id = m.sp.PieceToId(token);
            if (id == m.sp.unk_id() && token != unk_token) continue; // not in the vocabulary
            m.added[id] = token;
            id_of.emplace(token, id);
        }
        special_flags[id] = true;
    }
    m.bos_id = id_of.count(m.bos_token) ? id_of[m.bos_token] : -1;
    m.eos_id = id_of.count(m.eos_token) ? id_of[m.eos_token] : -1;
    if (m.bos_id < 0 && m.add_bos)
        throw Error(config_path.string() + ": add_bos_token is set but the BOS token \"" +
                    m.bos_token + "\" is not in the vocabulary");

    m.vocab_size = m.sp.GetPieceSize();
    if (!m.added.empty()) m.vocab_size = std::max(m.vocab_size, m.added.rbegin()->first + 1);
    m.special.assign(size_t(m.vocab_size), false);
    for (const auto& [id, is_special] : special_flags) m.special[size_t(id)] = is_special;
    for (const auto& [id, content] : m.added)
        m.split_tokens[static_cast<unsigned char>(content[0])].emplace_back(content, id);
    for (auto& bucket : m.split_tokens)
        std::stable_sort(bucket.begin(), bucket.end(),
                         [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });

    if (!m.legacy) {
        m.sp_no_prefix = std::make_unique<sentencepiece::SentencePieceProcessor>();
        load_processor(*m.sp_no_prefix, without_dummy_prefix(proto), model_path);
    }

    if (cfg.contains("chat_template")) {
        const auto& t = cfg["chat_template"];
        if (t.is_string()) {
            m.chat_template = t.get<std::string>();
        } else if (t.is_array()) {
            // Named templates (tool use, RAG, ...): the chat uses the one called "default".
            for (const auto& entry : t)
                if (entry.is_object() && entry.value("name", "") == "default" && entry.contains("template") &&
                    entry["template"].is_string())
                    m.chat_template = entry["template"].get<std::string>();
        }
    }
    return tok;
}

void Tokenizer::Impl::encode_segment(std::string_view segment, bool at_text_start,
                                     std::vector<int>& out) const {
    std::vector<int> ids;
    sentencepiece::util::Status status;
    if (legacy) {
        status = sp.Encode(segment, &ids);
    } else {
        // legacy=false (LlamaTokenizerFast, Metaspace prepend_scheme "first"): only the start of
        // the text gets a "▁", and not when it already begins with a space.
        const bool prefix = at_text_start && !segment.starts_with(' ') && !segment.starts_with("\xE2\x96\x81");
        status = sp_no_prefix->Encode(prefix ? " " + std::string(segment) : std::string(segment), &ids);
    }
    if (!status.ok()) throw Error("sentencepiece could not encode the text: " + status.ToString());
    out.insert(out.end(), ids.begin(), ids.end());
}

std::vector<int> Tokenizer::encode(std::string_view text, bool add_special) const {
    if (const size_t bad = first_invalid_utf8(text); bad != std::string_view::npos)
        throw Error("text is not valid UTF-8 (byte " + std::to_string(bad) + " of " +
                    std::to_string(text.size()) + ")");
    const Impl& m = *impl_;
    std::vector<int> ids;
    if (add_special && m.add_bos) ids.push_back(m.bos_id);
    size_t segment_start = 0;
    for (size_t i = 0; i < text.size();) {
        const auto& candidates = m.split_tokens[static_cast<unsigned char>(text[i])];
        const auto match = std::find_if(candidates.begin(), candidates.end(), [&](const auto& c) {
            return text.substr(i).starts_with(c.first);
        });
        if (match == candidates.end()) {
            ++i;
            continue;
        }
        if (i > segment_start) m.encode_segment(text.substr(segment_start, i - segment_start), segment_start == 0, ids);
        ids.push_back(match->second);
        i += match->first.size();
        segment_start = i;
    }
    if (segment_start < text.size()) m.encode_segment(text.substr(segment_start), segment_start == 0, ids);
    if (add_special && m.add_eos && m.eos_id >= 0) ids.push_back(m.eos_id);
    return ids;
}

std::string Tokenizer::Impl::render(const std::vector<int>& ids, size_t begin, size_t end,
                                    bool at_start) const {
    std::string text;
    std::string bytes; // the current run of byte-fallback pieces
    const auto flush_bytes = [&] {
        if (first_invalid_utf8(bytes) == std::string::npos) {
            text += bytes;
        } else {
            for (size_t k = 0; k < bytes.size(); ++k) text += kReplacementChar;
        }
        bytes.clear();
    };
    for (size_t i = begin; i < end; ++i) {
        const int id = ids[i];
        if (!in_vocab(id)) continue; // as transformers: ids without a token decode to nothing
        if (is_byte(id)) {
            bytes.push_back(char(byte_of_piece(sp.IdToPiece(id))));
            continue;
        }
        flush_bytes();
        const auto it = added.find(id);
        text += replace_all(it != added.end() ? it->second : sp.IdToPiece(id), "\xE2\x96\x81", " ");
    }
    flush_bytes();
    if (at_start && text.starts_with(' ')) text.erase(0, 1);
    return text;
}

std::string Tokenizer::Impl::render_tail(const std::vector<int>& ids, size_t run_end) const {
    size_t begin = run_end;
    while (begin > 0 && pending(ids[begin - 1])) --begin;
    const bool at_start = std::none_of(ids.begin(), ids.begin() + std::ptrdiff_t(begin),
                                       [&](int id) { return in_vocab(id); });
    return render(ids, begin, ids.size(), at_start);
}

std::string Tokenizer::decode(const std::vector<int>& ids) const {
    return impl_->render(ids, 0, ids.size(), true);
}

int Tokenizer::vocab_size() const { return impl_->vocab_size; }
int Tokenizer::bos_id() const { return impl_->bos_id; }
int Tokenizer::eos_id() const { return impl_->eos_id; }
const std::string& Tokenizer::bos_token() const { return impl_->bos_token; }
const std::string& Tokenizer::eos_token() const { return impl_->eos_token; }
bool Tokenizer::add_bos() const { return impl_->add_bos; }
const std::string& Tokenizer::chat_template() const { return impl_->chat_template; }

std::string Tokenizer::piece(int id) const {
    if (!impl_->in_vocab(id))
        throw Error("token id " + std::to_string(id) + " is not in the tokenizer's vocabulary");
    const auto it = impl_->added.find(id);
    return it != impl_->added.end() ? it->second : impl_->sp.IdToPiece(id);
}

bool Tokenizer::is_special(int id) const {
    return impl_->in_vocab(id) && impl_->special[size_t(id)];
}

// Decoding is local except for two things: a run of byte pieces is fused (and turns into
// U+FFFDs as a whole if a later byte makes it invalid), and the first character of the text
// loses a leading space. So the decoder holds a trailing run of byte pieces until a non-byte id
// ends it, then renders from the start of that run, knowing whether it starts the text. Each
// push costs O(run length), not O(ids so far).
StreamDecoder::StreamDecoder(const Tokenizer& tokenizer) : tokenizer_(tokenizer) {}

std::string StreamDecoder::push(int id) {
    const auto& m = *tokenizer_.impl_;
    ids_.push_back(id);
    if (m.pending(id)) return {};
    return m.render_tail(ids_, ids_.size() - 1);
}

std::string StreamDecoder::flush() {
    std::string text = tokenizer_.impl_->render_tail(ids_, ids_.size());
    reset();
    return text;
}

void StreamDecoder::reset() {
    ids_.clear();
    emitted_.clear();
}

} // namespace moe
