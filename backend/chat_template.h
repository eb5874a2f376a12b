#pragma once
// Chat templates: the Jinja template of tokenizer_config.json rendered with the semantics of
// transformers' apply_chat_template (sandboxed jinja2, trim_blocks and lstrip_blocks on).
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace moe {

struct ChatMessage {
    std::string role;    // "system", "user" or "assistant"
    std::string content;
};

// A template that fails to parse or render throws TemplateError; the message names the
// line and column in the template ("template line 3, column 14: unknown filter 'foo'").
class TemplateError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class ChatTemplate {
public:
    // Parses `source` (throws TemplateError). An empty source gives the default template
    // (documented in README: ChatML-style "<|im_start|>role\ncontent<|im_end|>\n").
    explicit ChatTemplate(const std::string& source);
    ~ChatTemplate();
    ChatTemplate(ChatTemplate&&) noexcept;
    ChatTemplate& operator=(ChatTemplate&&) noexcept;

    // Renders with variables messages / bos_token / eos_token / add_generation_prompt and any
    // `extra` variables. Output and loop iterations are bounded (TemplateError when exceeded).
    std::string render(const nlohmann::json& messages, const std::string& bos_token,
                       const std::string& eos_token, bool add_generation_prompt,
                       const nlohmann::json& extra = nlohmann::json::object()) const;
    std::string render(const std::vector<ChatMessage>& messages, const std::string& bos_token,
                       const std::string& eos_token, bool add_generation_prompt) const;

    static const char* default_source();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace moe
