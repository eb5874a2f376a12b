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

nlohmann::json read_json_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot read " + path.string());
    std::stringstream buffer;
    buffer << in.rdbuf();
    try {
        return nlohmann::json::parse(buffer.str());
    } catch (const nlohmann::json::exception& e) {
        throw Error(path.filename().string() + " is not valid JSON (" + path.string() + "): " + printable(e.what()));
    }
}

} // namespace moe
