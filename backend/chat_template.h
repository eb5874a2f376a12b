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

// The engine is backend/jinja/: jinja2 3.1's language and builtins as transformers configures
// them (ImmutableSandboxedEnvironment, trim_blocks, lstrip_blocks, loopcontrols, {% generation %},
// tojson = json.dumps(ensure_ascii=False), globals raise_exception and strftime_now). Unknown
// tags, filters and tests fail at parse time as in jinja2; template inheritance and includes
// are not supported (transformers has no loader either). A render is bounded: 4 MiB of output
// and per string, 1,000,000 loop iterations, 100 nested macro calls, a step budget; past any
// of them it throws TemplateError instead of hanging or exhausting memory.
class ChatTemplate {
public:
    // Parses `source` (throws TemplateError). An empty source gives the default template,
    // default_source(): ChatML, "<|im_start|>role\ncontent<|im_end|>\n" per message, then
    // "<|im_start|>assistant\n" when add_generation_prompt is set (transformers' old default).
    explicit ChatTemplate(const std::string& source);
    ~ChatTemplate();
    ChatTemplate(ChatTemplate&&) noexcept;
    ChatTemplate& operator=(ChatTemplate&&) noexcept;

    // Renders with variables messages / bos_token / eos_token / add_generation_prompt and any
    // `extra` variables (e.g. tools, date_string, enable_thinking); the four named ones win over
    // `extra`, and tools / documents are none unless `extra` gives them, as in transformers.
    // JSON objects reach the template in nlohmann::json's (sorted) key order, or with
    // nlohmann::ordered_json in the order of the input (as transformers sees a parsed JSON file:
    // `tools | tojson` prints the keys as written). Output and loop iterations are bounded
    // (TemplateError when exceeded).
    std::string render(const nlohmann::json& messages, const std::string& bos_token,
                       const std::string& eos_token, bool add_generation_prompt,
                       const nlohmann::json& extra = nlohmann::json::object()) const;
    std::string render(const nlohmann::ordered_json& messages, const std::string& bos_token,
                       const std::string& eos_token, bool add_generation_prompt,
                       const nlohmann::ordered_json& extra) const;
    std::string render(const std::vector<ChatMessage>& messages, const std::string& bos_token,
                       const std::string& eos_token, bool add_generation_prompt) const;

    static const char* default_source();

private:
    template <class Json>
    std::string render_json(const Json& messages, const std::string& bos_token, const std::string& eos_token,
                            bool add_generation_prompt, const Json& extra) const;

    struct Impl;
    std::unique_ptr<Impl> impl_;
};

} // namespace moe
