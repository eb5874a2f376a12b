#include "tokenizer.h"

#include <algorithm>
#include <map>

#include <nlohmann/json.hpp>
#include <sentencepiece_processor.h>

#include "error.h"
#include "json_file.h"

// The reference is what transformers' AutoTokenizer does for Mixtral-family checkpoints
// (LlamaTokenizerFast from their tokenizer.json, legacy=true): added-token strings are split out
// first, every remaining segment is encoded by sentencepiece with its dummy-prefix "▁" (so text
// right after "</s>" gets one too), BOS/EOS are added per add_bos_token/add_eos_token. Added
// tokens are those of tokenizer_config.json (of tokenizer.json in folders transformers 5 saved,
// whose tokenizer_config.json no longer lists them) plus the model's control and user-defined pieces,
// with transformers' lstrip/rstrip/single_word/normalized flags. Decoding
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

// The code point of the valid UTF-8 sequence of `len` bytes at s[i].
char32_t code_point(std::string_view s, size_t i, int len) {
    const auto byte = [&](size_t k) { return char32_t(static_cast<unsigned char>(s[k])); };
    if (len == 1) return byte(i);
    char32_t cp = byte(i) & (0x7F >> len);
    for (int k = 1; k < len; ++k) cp = (cp << 6) | (byte(i + k) & 0x3F);
    return cp;
}

// Unicode White_Space, which transformers' (Rust regex "\s") lstrip/rstrip of added tokens strips.
bool is_white_space(char32_t c) {
    return (c >= 0x09 && c <= 0x0D) || c == 0x20 || c == 0x85 || c == 0xA0 || c == 0x1680 ||
           (c >= 0x2000 && c <= 0x200A) || c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F ||
           c == 0x3000;
}

// Rust regex "\\w" (alphanumeric, marks, connector punctuation), which decides transformers'
// single_word matches: exact for ASCII; other code points count as word characters except
// white space and the punctuation, symbol and emoji blocks (no Unicode tables here).
bool is_word_char(char32_t c) {
    if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
    if (is_white_space(c)) return false;
    const bool punctuation_or_symbol = (c >= 0xA1 && c <= 0xBF && c != 0xAA && c != 0xB2 && c != 0xB3 &&
                                        c != 0xB5 && c != 0xB9 && c != 0xBA) ||
                                       c == 0xD7 || c == 0xF7 || (c >= 0x2010 && c <= 0x2BFF) ||
                                       (c >= 0x3000 && c <= 0x3004) || (c >= 0x3008 && c <= 0x3020) ||
                                       (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF01 && c <= 0xFF0F) ||
                                       (c >= 0x1F000 && c <= 0x1FAFF);
    return !punctuation_or_symbol;
}

// The first code point of (valid UTF-8, non-empty) s, and the last.
char32_t first_code_point(std::string_view s) { return code_point(s, 0, std::max(1, utf8_sequence_length(s, 0))); }
char32_t last_code_point(std::string_view s) {
    size_t start = s.size() - 1;
    while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
    return code_point(s, start, int(s.size() - start));
}

// Bytes of white space at the start of (valid UTF-8) s.
size_t leading_white_space(std::string_view s) {
    size_t i = 0;
    while (i < s.size()) {
        const int len = std::max(1, utf8_sequence_length(s, i));
        if (!is_white_space(code_point(s, i, len))) break;
        i += size_t(len);
    }
    return i;
}

// Offset where the white space at the end of (valid UTF-8) s begins.
size_t trailing_white_space_start(std::string_view s) {
    size_t end = s.size();
    while (end > 0) {
        size_t start = end - 1;
        while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
        if (!is_white_space(code_point(s, start, int(end - start)))) break;
        end = start;
    }
    return end;
}

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
    for (size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size())
        s.replace(pos, from.size(), to);
    return s;
}

// transformers' clean_up_tokenization: the same replacements in the same order.
std::string clean_up_tokenization(std::string text) {
    static const std::pair<std::string_view, std::string_view> kRules[] = {
        {" .", "."}, {" ?", "?"}, {" !", "!"}, {" ,", ","}, {" ' ", "'"},
        {" n't", "n't"}, {" 'm", "'m"}, {" 's", "'s"}, {" 've", "'ve"}, {" 're", "'re"}};
    for (const auto& [from, to] : kRules) text = replace_all(std::move(text), from, to);
    return text;
}

// Where clean_up_tokenization may cut `text` and clean the two parts apart: the end of the
// longest prefix, on a character boundary, that no rule match can cross. The rules only delete
// spaces, each starts with one and is at most 4 bytes long, so a match crosses the cut only
// from a space among the last 3 bytes whose continuation there could still become a rule's tail;
// a space after it could be deleted first (" ' " → "'") and bring that tail next to it.
size_t clean_up_cut(std::string_view text) {
    static const std::string_view kTails[] = {".", "?", "!", ",", "' ", "n't", "'m", "'s", "'ve", "'re"};
    const auto crossable = [&](size_t s) {
        for (size_t j = s >= 3 ? s - 3 : 0; j < s; ++j) {
            if (text[j] != ' ') continue;
            const std::string_view rest = text.substr(j + 1, s - j - 1);
            if (rest.starts_with(' ')) return true;
            for (std::string_view tail : kTails)
                if (rest.size() < tail.size() && tail.starts_with(rest)) return true;
        }
        return false;
    };
    for (size_t s = text.size(); s > 0; --s) {
        if (s < text.size() && (static_cast<unsigned char>(text[s]) & 0xC0) == 0x80) continue;
        if (!crossable(s)) return s;
    }
    return 0;
}

// The byte of a sentencepiece byte-fallback piece ("<0x0A>" → 10).
unsigned char byte_of_piece(const std::string& piece) {
    return static_cast<unsigned char>(std::stoi(piece.substr(3, 2), nullptr, 16));
}


// tokenizer_config.json spells tokens as strings or as {"content": ...} objects.
std::string token_content(const nlohmann::json& j) {
    if (j.is_string()) return j.get<std::string>();
    if (j.is_object() && j.contains("content") && j["content"].is_string())
        return j["content"].get<std::string>();
    return {};
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

// Skips the value of a field of wire type `type` at proto[pos].
void skip_field(std::string_view proto, size_t& pos, uint64_t type) {
    switch (type) {
    case 0: read_varint(proto, pos); break;
    case 1: pos += 8; break;
    case 5: pos += 4; break;
    case 2: {
        const uint64_t len = read_varint(proto, pos);
        if (len > proto.size() - pos) throw Error("tokenizer.model is truncated");
        pos += len;
        break;
    }
    default: throw Error("tokenizer.model is not a sentencepiece model (wire type " + std::to_string(type) + ")");
    }
    if (pos > proto.size()) throw Error("tokenizer.model is truncated");
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
        if (key == kNormalizerSpecKey) {
            const uint64_t len = read_varint(proto, pos);
            if (len > proto.size() - pos) throw Error("tokenizer.model is truncated");
            write_varint(out, key);
            write_varint(out, len + kNoDummyPrefix.size());
            out.append(proto.substr(pos, len));
            out += kNoDummyPrefix;
            pos += len;
            found = true;
            continue;
        }
        skip_field(proto, pos, key & 7);
        out.append(proto.substr(field_start, pos - field_start));
    }
    if (!found) {
        write_varint(out, kNormalizerSpecKey);
        write_varint(out, kNoDummyPrefix.size());
        out += kNoDummyPrefix;
    }
    return out;
}

// Ids of the USER_DEFINED pieces (ModelProto field 1 = pieces, SentencePiece field 3 = type,
// 4 = USER_DEFINED): the Debian libsentencepiece has no IsUserDefined().
std::vector<int> user_defined_ids(std::string_view proto) {
    constexpr uint64_t kPiecesKey = (1 << 3) | 2, kTypeKey = (3 << 3) | 0, kUserDefined = 4;
    std::vector<int> ids;
    int index = 0;
    for (size_t pos = 0; pos < proto.size();) {
        const uint64_t key = read_varint(proto, pos);
        if (key != kPiecesKey) {
            skip_field(proto, pos, key & 7);
            continue;
        }
        const uint64_t len = read_varint(proto, pos);
        if (len > proto.size() - pos) throw Error("tokenizer.model is truncated");
        const std::string_view piece = proto.substr(pos, len);
        pos += len;
        for (size_t p = 0; p < piece.size();) {
            const uint64_t piece_key = read_varint(piece, p);
            if (piece_key == kTypeKey) {
                if (read_varint(piece, p) == kUserDefined) ids.push_back(index);
            } else {
                skip_field(piece, p, piece_key & 7);
            }
        }
        ++index;
    }
    return ids;
}

void load_processor(sentencepiece::SentencePieceProcessor& sp, std::string_view proto,
                    const std::filesystem::path& path) {
    const auto status = sp.LoadFromSerializedProto(proto);
    if (!status.ok())
        throw Error(path.string() + " is not a valid sentencepiece model: " + status.ToString());
}

const std::string kMetaspace = "\xE2\x96\x81"; // "▁", sentencepiece's space

// An added token as transformers splits it out of the text (AddedToken's flags).
struct AddedToken {
    int id = -1;
    bool normalized = false; // matched in the normalized text (see Impl::encode_segment)
    bool lstrip = false;     // swallows the white space before it
    bool rstrip = false;     // swallows the white space after it
    bool single_word = false; // only matched when no word character touches it
};

// Strings to split out of a text, by first byte, longest first: the leftmost-longest match
// transformers' added-vocabulary trie finds.
struct TokenMatcher {
    std::vector<std::pair<std::string, const AddedToken*>> by_first_byte[256];
    bool empty = true;

    void add(const std::string& pattern, const AddedToken* token) {
        if (pattern.empty()) return;
        by_first_byte[static_cast<unsigned char>(pattern[0])].emplace_back(pattern, token);
        empty = false;
    }
    void sort() {
        for (auto& bucket : by_first_byte)
            std::stable_sort(bucket.begin(), bucket.end(),
                             [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
    }
    // A piece of text [begin, end) between tokens (token == nullptr) or a matched token.
    struct Split {
        size_t begin, end;
        const AddedToken* token;
    };
    // `text` cut at the tokens; a token's lstrip/rstrip white space goes with the token.
    std::vector<Split> split(std::string_view text) const {
        std::vector<Split> out;
        size_t done = 0;
        for (size_t i = 0; i < text.size();) {
            const auto& candidates = by_first_byte[static_cast<unsigned char>(text[i])];
            const auto match = std::find_if(candidates.begin(), candidates.end(), [&](const auto& c) {
                return text.substr(i).starts_with(c.first);
            });
            if (match == candidates.end()) {
                ++i;
                continue;
            }
            const AddedToken* token = match->second;
            size_t start = i, stop = i + match->first.size();
            if (token->single_word && ((start > 0 && is_word_char(last_code_point(text.substr(0, start)))) ||
                                       (stop < text.size() && is_word_char(first_code_point(text.substr(stop)))))) {
                ++i;
                continue;
            }
            if (token->lstrip) start = std::max(done, trailing_white_space_start(text.substr(0, start)));
            if (token->rstrip) stop += leading_white_space(text.substr(stop));
            if (start > done) out.push_back({done, start, nullptr});
            out.push_back({start, stop, token});
            done = i = stop;
        }
        if (done < text.size()) out.push_back({done, text.size(), nullptr});
        return out;
    }
};

// Whether a tokenizer.json post-processor of type TemplateProcessing puts a special token before
// and after a single text ("single": [SpecialToken <s>, Sequence A, ...]); leaves the flags as
// they are when there is no such post-processor.
void post_processor_specials(const nlohmann::json& fast, bool& bos, bool& eos) {
    if (!fast.is_object() || !fast.contains("post_processor")) return;
    const nlohmann::json& pp = fast["post_processor"];
    if (!pp.is_object() || pp.value("type", "") != "TemplateProcessing" || !pp.contains("single") ||
        !pp["single"].is_array())
        return;
    const nlohmann::json& single = pp["single"];
    size_t sequence = single.size();
    for (size_t i = 0; i < single.size(); ++i)
        if (single[i].is_object() && single[i].contains("Sequence")) sequence = i;
    if (sequence == single.size()) return;
    bos = sequence > 0;
    eos = sequence + 1 < single.size();
}

} // namespace

struct Tokenizer::Impl {
    sentencepiece::SentencePieceProcessor sp;
    // For legacy=false and for normalized added tokens: text that gets no dummy prefix.
    std::unique_ptr<sentencepiece::SentencePieceProcessor> sp_no_prefix;
    bool legacy = true;
    // add_prefix_space=false: no "▁" before any text and none stripped when decoding.
    bool add_prefix_space = true;
    bool clean_up_spaces = false; // clean_up_tokenization_spaces: decode drops " ," → "," etc.
    bool add_bos = true;
    bool add_eos = false;
    int bos_id = -1;
    int eos_id = -1;
    int vocab_size = 0;
    std::string bos_token;
    std::string eos_token;
    std::map<int, std::string> added;  // id → content (also <unk>/<s>/</s> when configured)
    std::vector<bool> special;         // by id
    std::map<int, AddedToken> added_flags; // by id, for every id in `added`
    TokenMatcher raw_tokens;        // normalized=false: split out of the text first
    TokenMatcher normalized_tokens; // normalized=true: split out of each normalized segment

    void encode_segment(std::string_view segment, bool at_text_start, std::vector<int>& out) const;
    void encode_piece(std::string_view piece, bool dummy_prefix, std::vector<int>& out) const;
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
    // Folders saved by transformers 5 keep the added tokens and the BOS/EOS rule only in
    // tokenizer.json (its "added_tokens" and post-processor); read it when tokenizer_config.json
    // lacks them.
    const auto json_path = model_dir / "tokenizer.json";
    const bool config_lists_tokens = cfg.contains("added_tokens_decoder");
    const bool config_has_bos_rule = cfg.contains("add_bos_token") || cfg.contains("add_eos_token");
    nlohmann::json fast = nlohmann::json::object();
    if ((!config_lists_tokens || !config_has_bos_rule) && std::filesystem::is_regular_file(json_path)) {
        try {
            fast = nlohmann::json::parse(read_file(json_path));
        } catch (const nlohmann::json::exception& e) {
            throw Error(json_path.string() + " is not valid JSON: " + e.what());
        }
        if (!fast.is_object()) throw Error(json_path.string() + " is not a JSON object");
    }
    const auto flag = [&](const char* key, bool fallback) {
        if (!cfg.contains(key) || cfg[key].is_null()) return fallback;
        if (!cfg[key].is_boolean())
            throw Error(config_path.string() + ": \"" + key + "\" must be true or false");
        return cfg[key].get<bool>();
    };
    // transformers' Llama tokenizers default to add_bos_token=true and (with a warning) legacy;
    // without the keys, a tokenizer.json post-processor that frames a single text decides.
    bool bos_default = true, eos_default = false;
    if (!config_has_bos_rule) post_processor_specials(fast, bos_default, eos_default);
    m.add_bos = flag("add_bos_token", bos_default);
    m.add_eos = flag("add_eos_token", eos_default);
    m.legacy = flag("legacy", true);
    // null, as newer transformers save it, leaves the tokenizer.json's own choice: the prefix.
    m.add_prefix_space = flag("add_prefix_space", true);
    // transformers' LlamaTokenizer(Fast) default is false; true for some older checkpoints.
    m.clean_up_spaces = flag("clean_up_tokenization_spaces", false);

    const auto sp_piece = [&](int id, const char* fallback) {
        return id >= 0 ? m.sp.IdToPiece(id) : std::string(fallback);
    };
    m.bos_token = cfg.contains("bos_token") ? token_content(cfg["bos_token"]) : sp_piece(m.sp.bos_id(), "<s>");
    m.eos_token = cfg.contains("eos_token") ? token_content(cfg["eos_token"]) : sp_piece(m.sp.eos_id(), "</s>");
    const std::string unk_token =
        cfg.contains("unk_token") ? token_content(cfg["unk_token"]) : sp_piece(m.sp.unk_id(), "<unk>");

    std::map<int, bool> special_flags;
    // id → entry: tokenizer_config.json's "added_tokens_decoder", else tokenizer.json's "added_tokens".
    std::vector<std::pair<std::string, nlohmann::json>> added_entries;
    std::filesystem::path added_source = config_path;
    if (config_lists_tokens) {
        if (!cfg["added_tokens_decoder"].is_object())
            throw Error(config_path.string() + ": \"added_tokens_decoder\" must be an object");
        for (const auto& [key, value] : cfg["added_tokens_decoder"].items()) added_entries.emplace_back(key, value);
    } else if (fast.contains("added_tokens")) {
        added_source = json_path;
        if (!fast["added_tokens"].is_array()) throw Error(json_path.string() + ": \"added_tokens\" must be a list");
        for (const auto& value : fast["added_tokens"]) {
            const bool has_id = value.is_object() && value.contains("id") && value["id"].is_number_integer();
            added_entries.emplace_back(has_id ? std::to_string(value["id"].get<long long>()) : std::string("?"), value);
        }
    }
    {
        for (const auto& entry : added_entries) {
            // named, not a structured binding: clang 14 cannot capture those in the lambda below
            const std::string& key = entry.first;
            const nlohmann::json& value = entry.second;
            int id = -1;
            try {
                id = std::stoi(key);
            } catch (const std::exception&) {
            }
            const std::string content = token_content(value);
            if (id < 0 || id >= kMaxVocab || content.empty())
                throw Error(added_source.string() + ": added token \"" + key +
                            "\" needs an id below " + std::to_string(kMaxVocab) + " and a \"content\" string");
            m.added[id] = content;
            const bool special = value.is_object() && value.value("special", false);
            special_flags[id] = special;
            const auto flag_of = [&](const char* key, bool fallback) {
                return value.is_object() && value.contains(key) && value[key].is_boolean() ? value[key].get<bool>()
                                                                                            : fallback;
            };
            // transformers' AddedToken defaults: normalized unless special.
            m.added_flags[id] = {id, flag_of("normalized", !special), flag_of("lstrip", false),
                                 flag_of("rstrip", false), flag_of("single_word", false)};
        }
    }
    // The control and user-defined pieces of the model are added tokens too (special and not),
    // as transformers' conversion from tokenizer.model makes them: "[INST]" in the text is one
    // id even when tokenizer_config.json does not list it.
    std::vector<int> model_tokens = user_defined_ids(proto);
    for (int id = 0; id < m.sp.GetPieceSize(); ++id)
        if (m.sp.IsControl(id)) model_tokens.push_back(id);
    for (int id : model_tokens) {
        if (id >= m.sp.GetPieceSize()) continue;
        // The conversion adds them as normalized=false; tokenizer_config.json sets their other flags.
        m.added_flags[id].normalized = false;
        if (m.added.count(id)) continue;
        m.added[id] = m.sp.IdToPiece(id);
        special_flags[id] = m.sp.IsControl(id);
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
    for (const auto& [id, content] : m.added) {
        AddedToken& token = m.added_flags[id]; // tokens not in added_tokens_decoder: defaults
        token.id = id;
        if (!token.normalized) {
            m.raw_tokens.add(content, &token);
        } else if (m.legacy) {
            // legacy=true normalizes each segment to "▁" + text with spaces as "▁", and matches
            // normalized tokens by their normalized content: "<x>" matches "▁<x>", i.e. only
            // after a space or at the start of a segment.
            m.normalized_tokens.add((m.add_prefix_space ? kMetaspace : "") + replace_all(content, " ", kMetaspace),
                                    &token);
        } else {
            m.normalized_tokens.add(content, &token); // legacy=false has no normalizer
        }
    }
    m.raw_tokens.sort();
    m.normalized_tokens.sort();

    if (!m.legacy || !m.normalized_tokens.empty || !m.add_prefix_space) {
        m.sp_no_prefix = std::make_unique<sentencepiece::SentencePieceProcessor>();
        load_processor(*m.sp_no_prefix, without_dummy_prefix(proto), model_path);
    }

    return tok;
}

void Tokenizer::Impl::encode_piece(std::string_view piece, bool dummy_prefix, std::vector<int>& out) const {
    std::vector<int> ids;
    const auto status = (dummy_prefix ? sp : *sp_no_prefix).Encode(piece, &ids);
    if (!status.ok()) throw Error("sentencepiece could not encode the text: " + status.ToString());
    out.insert(out.end(), ids.begin(), ids.end());
}

void Tokenizer::Impl::encode_segment(std::string_view segment, bool at_text_start,
                                     std::vector<int>& out) const {
    if (legacy) {
        if (normalized_tokens.empty) return encode_piece(segment, add_prefix_space, out);
        // transformers normalizes the segment ("▁" first, spaces as "▁"), splits the normalized
        // tokens out of that and encodes the rest as it is: only the first piece has the "▁".
        const std::string normalized =
            (add_prefix_space ? kMetaspace : "") + replace_all(std::string(segment), " ", kMetaspace);
        for (const auto& split : normalized_tokens.split(normalized)) {
            if (split.token) out.push_back(split.token->id);
            else encode_piece(std::string_view(normalized).substr(split.begin, split.end - split.begin), false, out);
        }
        return;
    }
    // legacy=false (LlamaTokenizerFast, Metaspace prepend_scheme "first"): only the start of the
    // text gets a "▁", and not when it already begins with a space.
    for (const auto& split : normalized_tokens.split(segment)) {
        if (split.token) {
            out.push_back(split.token->id);
            continue;
        }
        const std::string_view piece = segment.substr(split.begin, split.end - split.begin);
        const bool prefix = add_prefix_space && at_text_start && split.begin == 0 && !piece.starts_with(' ') &&
                            !piece.starts_with(kMetaspace);
        encode_piece(prefix ? " " + std::string(piece) : std::string(piece), false, out);
    }
}

std::vector<int> Tokenizer::encode(std::string_view text, bool add_special) const {
    if (const size_t bad = first_invalid_utf8(text); bad != std::string_view::npos)
        throw Error("text is not valid UTF-8 (byte " + std::to_string(bad) + " of " +
                    std::to_string(text.size()) + ")");
    const Impl& m = *impl_;
    std::vector<int> ids;
    if (add_special && m.add_bos) ids.push_back(m.bos_id);
    for (const auto& split : m.raw_tokens.split(text)) {
        if (split.token) ids.push_back(split.token->id);
        else m.encode_segment(text.substr(split.begin, split.end - split.begin), split.begin == 0, ids);
    }
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
    if (at_start && add_prefix_space && text.starts_with(' ')) text.erase(0, 1);
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
    std::string text = impl_->render(ids, 0, ids.size(), true);
    return impl_->clean_up_spaces ? clean_up_tokenization(std::move(text)) : text;
}

int Tokenizer::vocab_size() const { return impl_->vocab_size; }
int Tokenizer::bos_id() const { return impl_->bos_id; }
int Tokenizer::eos_id() const { return impl_->eos_id; }
const std::string& Tokenizer::bos_token() const { return impl_->bos_token; }
const std::string& Tokenizer::eos_token() const { return impl_->eos_token; }
bool Tokenizer::add_bos() const { return impl_->add_bos; }

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

// With clean_up_tokenization_spaces the rendered text is held from the last safe cut (see
// clean_up_cut) on, and each part is cleaned on its own, which gives what cleaning the whole
// decode gives.
std::string StreamDecoder::push(int id) {
    const auto& m = *tokenizer_.impl_;
    ids_.push_back(id);
    if (m.pending(id)) return {};
    std::string text = m.render_tail(ids_, ids_.size() - 1);
    if (!m.clean_up_spaces) return text;
    held_ += text;
    const size_t cut = clean_up_cut(held_);
    text = clean_up_tokenization(held_.substr(0, cut));
    held_.erase(0, cut);
    return text;
}

std::string StreamDecoder::flush() {
    const auto& m = *tokenizer_.impl_;
    std::string text = held_ + m.render_tail(ids_, ids_.size());
    if (m.clean_up_spaces) text = clean_up_tokenization(std::move(text));
    reset();
    return text;
}

void StreamDecoder::reset() {
    ids_.clear();
    held_.clear();
}

} // namespace moe
