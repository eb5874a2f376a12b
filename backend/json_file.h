#pragma once
// Reading the files of a model folder (config.json, the safetensors index, the chat template, ...).
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace moe {

// The bytes of `path`; throws moe::Error "cannot read PATH".
std::string read_file(const std::filesystem::path& path);

// Parses `path`; throws moe::Error "NAME is not valid JSON (PATH): why" or "cannot read PATH".
nlohmann::json read_json_file(const std::filesystem::path& path);

// `s` with every byte outside printable ASCII replaced by '?'. nlohmann's parse errors quote
// the bytes they stopped at; from a corrupt file those are anything.
std::string printable(std::string s);

// The folder's chat template where transformers finds it: chat_template.jinja when the folder has
// one (transformers saves templates there and prefers it), else tokenizer_config.json's
// "chat_template" (a string, or a list of {name, template} whose "default" entry is used).
// `source` names the file it came from. An empty text when the folder has none; throws moe::Error
// when a file is there but cannot be read or parsed.
struct ChatTemplateSource {
    std::string text;
    std::filesystem::path source;
};
ChatTemplateSource read_chat_template(const std::filesystem::path& model_dir);

} // namespace moe
