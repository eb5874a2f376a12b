// libFuzzer target: a chat template from untrusted bytes (the `chat_template` string of a
// downloaded tokenizer_config.json), parsed and rendered against a conversation that has a
// system prompt, several turns, a tool call and non-ASCII text. ChatTemplate must either
// render or throw moe::TemplateError; a crash, a sanitizer report, another exception, or a
// render that runs past libFuzzer's -timeout is a bug (the engine bounds loops, output,
// recursion and memory, so no template may hang it).
#include <cstddef>
#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "chat_template.h"

namespace {

const nlohmann::json& conversation() {
    static const nlohmann::json messages = nlohmann::json::parse(R"([
        {"role": "system", "content": "You are a helpful assistant."},
        {"role": "user", "content": "Grüße — 你好 🚀 \"quoted\"\n\ttabbed"},
        {"role": "assistant", "content": "<think>\nhmm\n</think>\n\nHi there",
         "tool_calls": [{"id": "call12345", "type": "function",
                         "function": {"name": "get_weather", "arguments": {"city": "Paris"}}}]},
        {"role": "tool", "tool_call_id": "call12345", "content": "18 degrees"},
        {"role": "user", "content": "Thanks"}
    ])");
    return messages;
}

const nlohmann::json& extra() {
    static const nlohmann::json vars = nlohmann::json::parse(R"({
        "tools": [{"type": "function", "function": {"name": "get_weather", "description": "Weather",
                   "parameters": {"type": "object", "properties": {"city": {"type": "string"}},
                                  "required": ["city"]}}}],
        "date_string": "26 Jul 2024",
        "enable_thinking": false
    })");
    return vars;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string source(reinterpret_cast<const char*>(data), size);
    try {
        const moe::ChatTemplate chat_template(source);
        chat_template.render(conversation(), "<s>", "</s>", true, extra());
        chat_template.render(nlohmann::json::array(), "", "", false);
    } catch (const moe::TemplateError&) {
    }
    return 0;
}
