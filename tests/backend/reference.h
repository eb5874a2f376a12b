#pragma once
// Reads the golden fixtures written by tests/tools/make_fixtures.py (transformers' logits).
#include <cmath>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace moe::test {

inline std::string model_dir(const char* name) { return std::string(MOECHAT_TEST_DATA) + "/" + name; }

inline nlohmann::json manifest(const char* model) {
    std::ifstream f(model_dir(model) + "/reference/manifest.json");
    return nlohmann::json::parse(f);
}

inline std::vector<float> read_f32(const std::string& path) {
    std::ifstream f(path, std::ios::binary | std::ios::ate);
    std::vector<float> v(static_cast<size_t>(f.tellg()) / sizeof(float));
    f.seekg(0);
    f.read(reinterpret_cast<char*>(v.data()), std::streamsize(v.size() * sizeof(float)));
    return v;
}

// ‖a − b‖ / ‖b‖ (a NaN anywhere makes it NaN, which fails every bound).
inline double relative_error(const std::vector<float>& a, const std::vector<float>& b) {
    if (a.size() != b.size()) return INFINITY;
    double num = 0, den = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        num += (double(a[i]) - b[i]) * (double(a[i]) - b[i]);
        den += double(b[i]) * b[i];
    }
    return std::sqrt(num) / std::sqrt(den);
}

} // namespace moe::test
