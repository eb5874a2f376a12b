#include "chat_template.h"

#include "jinja/builtins.h"
#include "jinja/interpreter.h"
#include "jinja/parser.h"

namespace moe {

namespace {

// transformers' old default template: ChatML, "<|im_start|>role\ncontent<|im_end|>\n" per
// message and "<|im_start|>assistant\n" when a generation prompt is asked for.
constexpr const char* kDefaultTemplate =
    "{% for message in messages %}"
    "{{'<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n'}}"
    "{% endfor %}"
    "{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

TemplateError to_template_error(const jinja::Error& e) {
    if (!e.located()) return TemplateError(std::string("template: ") + e.what());
    return TemplateError("template line " + std::to_string(e.pos().line) + ", column " +
                         std::to_string(e.pos().column) + ": " + e.what());
}

} // namespace

struct ChatTemplate::Impl {
    jinja::Program program;
};

ChatTemplate::ChatTemplate(const std::string& source) : impl_(std::make_unique<Impl>()) {
    try {
        impl_->program = jinja::parse(jinja::Source(source.empty() ? std::string(kDefaultTemplate) : source));
    } catch (const jinja::Error& e) {
        throw to_template_error(e);
    }
}

ChatTemplate::~ChatTemplate() = default;
ChatTemplate::ChatTemplate(ChatTemplate&&) noexcept = default;
ChatTemplate& ChatTemplate::operator=(ChatTemplate&&) noexcept = default;

const char* ChatTemplate::default_source() { return kDefaultTemplate; }

template <class Json>
std::string ChatTemplate::render_json(const Json& messages, const std::string& bos_token, const std::string& eos_token,
                                      bool add_generation_prompt, const Json& extra) const {
    if (!messages.is_array()) throw TemplateError("template: messages must be a JSON array");
    if (!extra.is_null() && !extra.is_object()) throw TemplateError("template: extra variables must be a JSON object");
    try {
        jinja::Interpreter interpreter(impl_->program, jinja::Limits{});
        // transformers passes tools and documents (None unless given), then the caller's
        // variables; the four named variables always win.
        std::vector<std::pair<std::string, jinja::Value>> vars;
        vars.emplace_back("tools", jinja::Value::none());
        vars.emplace_back("documents", jinja::Value::none());
        if (extra.is_object()) {
            for (auto it = extra.begin(); it != extra.end(); ++it) vars.emplace_back(it.key(), jinja::from_json(it.value()));
        }
        vars.emplace_back("messages", jinja::from_json(messages));
        vars.emplace_back("bos_token", jinja::Value::string(bos_token));
        vars.emplace_back("eos_token", jinja::Value::string(eos_token));
        vars.emplace_back("add_generation_prompt", jinja::Value::boolean(add_generation_prompt));
        return interpreter.render(jinja::make_globals(interpreter), std::move(vars));
    } catch (const jinja::Error& e) {
        throw to_template_error(e);
    }
}

std::string ChatTemplate::render(const nlohmann::json& messages, const std::string& bos_token,
                                 const std::string& eos_token, bool add_generation_prompt,
                                 const nlohmann::json& extra) const {
    return render_json(messages, bos_token, eos_token, add_generation_prompt, extra);
}

std::string ChatTemplate::render(const nlohmann::ordered_json& messages, const std::string& bos_token,
                                 const std::string& eos_token, bool add_generation_prompt,
                                 const nlohmann::ordered_json& extra) const {
    return render_json(messages, bos_token, eos_token, add_generation_prompt, extra);
}

std::string ChatTemplate::render(const std::vector<ChatMessage>& messages, const std::string& bos_token,
                                 const std::string& eos_token, bool add_generation_prompt) const {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& m : messages) list.push_back({{"role", m.role}, {"content", m.content}});
    return render(list, bos_token, eos_token, add_generation_prompt);
}

} // namespace moe
