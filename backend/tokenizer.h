#pragma once
// Tokenizer: libsentencepiece on tokenizer.model, with BOS/EOS, add_bos_token and the
// added/special tokens of tokenizer_config.json, tokenized as transformers does.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace moe {

class Tokenizer {
public:
    // Loads DIR/tokenizer.model and (if present) DIR/tokenizer_config.json.
    static std::unique_ptr<Tokenizer> load(const std::filesystem::path& model_dir);
    ~Tokenizer();

    // Ids the engine feeds for `text`: BOS first when add_bos_token (and add_special),
    // special-token strings inside the text (e.g. "</s>") become their ids.
    // Throws moe::Error for text that is not valid UTF-8.
    std::vector<int> encode(std::string_view text, bool add_special = true) const;
    std::string decode(const std::vector<int>& ids) const;

    int vocab_size() const;
    int bos_id() const;
    int eos_id() const;
    const std::string& bos_token() const;
    const std::string& eos_token() const;
    std::string piece(int id) const;
    bool is_special(int id) const;
    bool add_bos() const;

private:
    Tokenizer();
    struct Impl;
    std::unique_ptr<Impl> impl_;
    friend class StreamDecoder;
};

// Turns generated ids into text pieces as they arrive: never emits half a UTF-8 character
// (byte-fallback pieces are held until complete), and applies sentencepiece's leading-space
// rule exactly as decoding the whole sequence would.
class StreamDecoder {
public:
    explicit StreamDecoder(const Tokenizer& tokenizer);
    // Returns the new text that `id` completes (possibly empty).
    std::string push(int id);
    // Whatever is still held (an incomplete UTF-8 tail is replaced by U+FFFD).
    std::string flush();
    void reset();

private:
    const Tokenizer& tokenizer_;
    std::vector<int> ids_;
    std::string held_; // rendered, not yet emitted (clean_up_tokenization_spaces only)
};

} // namespace moe
