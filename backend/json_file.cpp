#include "json_file.h"

#include <fstream>
#include <sstream>

#include "error.h"

namespace moe {

std::string printable(std::string s) {
    for (char& ch : s)
        if (static_cast<unsigned char>(ch) < 0x20 || static_cast<unsigned char>(ch) >= 0x7F) ch = '?';
    return s;
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot read " + path.string());
    std::ostringstream bytes;
    bytes << in.rdbuf();
    return std::move(bytes).str();
}

nlohmann::json read_json_file(const std::filesystem::path& path) {
    const std::string text = read_file(path);
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw Error(path.filename().string() + " is not valid JSON (" + path.string() + "): " + printable(e.what()));
    }
}

ChatTemplateSource read_chat_template(const std::filesystem::path& model_dir) {
    const std::filesystem::path jinja = model_dir / "chat_template.jinja";
    std::error_code ec;
    if (std::filesystem::exists(jinja, ec)) return {read_file(jinja), jinja};
    const std::filesystem::path cfg = model_dir / "tokenizer_config.json";
    if (!std::filesystem::exists(cfg, ec)) return {};
    const nlohmann::json j = read_json_file(cfg);
    if (!j.is_object() || !j.contains("chat_template")) return {};
    const nlohmann::json& t = j["chat_template"];
    if (t.is_string()) return {t.get<std::string>(), cfg};
    if (t.is_array()) {
        for (const auto& named : t)
            if (named.is_object() && named.value("name", "") == "default" && named.contains("template") &&
                named["template"].is_string())
                return {named["template"].get<std::string>(), cfg};
        return {};
    }
    if (t.is_null()) return {};
    throw Error("the chat_template in " + cfg.string() + " is neither a string nor a list of named templates");
}

} // namespace moe
