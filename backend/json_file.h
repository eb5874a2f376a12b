#pragma once
// Reading the JSON files of a model folder (config.json, the safetensors index, ...).
#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

namespace moe {

// Parses `path`; throws moe::Error "NAME is not valid JSON (PATH): why" or "cannot read PATH".
nlohmann::json read_json_file(const std::filesystem::path& path);

// `s` with every byte outside printable ASCII replaced by '?'. nlohmann's parse errors quote
// the bytes they stopped at; from a corrupt file those are anything.
std::string printable(std::string s);

} // namespace moe
