#include "args.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>

namespace moe::cli {

Args::Args(int argc, char** argv, int first, const std::set<std::string>& switches) {
    for (int i = first; i < argc; ++i) {
        std::string a = argv[i];
        if (a.rfind("--", 0) != 0 || a.size() < 3) throw UsageError("unexpected argument '" + a + "'");
        const std::string flag = a.substr(2);
        if (switches.count(flag)) {
            values_[flag] = "1";
            continue;
        }
        if (i + 1 >= argc) throw UsageError("--" + flag + " needs a value");
        values_[flag] = argv[++i];
    }
}

std::string Args::str(const std::string& flag, const std::string& fallback) const {
    auto it = values_.find(flag);
    return it == values_.end() ? fallback : it->second;
}

std::string Args::required(const std::string& flag) const {
    auto it = values_.find(flag);
    if (it == values_.end()) throw UsageError("missing --" + flag);
    return it->second;
}

long long Args::integer(const std::string& flag, long long fallback, long long lo, long long hi) const {
    if (!has(flag)) return fallback;
    const std::string s = str(flag);
    char* end = nullptr;
    errno = 0;
    const long long v = std::strtoll(s.c_str(), &end, 10);
    if (s.empty() || *end || errno)
        throw UsageError("--" + flag + " expects a whole number, got '" + s + "'");
    if (v < lo || v > hi)
        throw UsageError("--" + flag + " must be between " + std::to_string(lo) + " and " + std::to_string(hi));
    return v;
}

double Args::number(const std::string& flag, double fallback, double lo, double hi) const {
    if (!has(flag)) return fallback;
    const std::string s = str(flag);
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end || errno) throw UsageError("--" + flag + " expects a number, got '" + s + "'");
    if (!(v >= lo && v <= hi)) {
        char range[64];
        std::snprintf(range, sizeof range, "%g and %g", lo, hi); // "0 and 1", not "0.000000 and 1.000000"
        throw UsageError("--" + flag + " must be between " + range);
    }
    return v;
}

std::vector<int> Args::int_list(const std::string& flag) const {
    std::vector<int> out;
    const std::string s = required(flag);
    size_t pos = 0;
    while (pos <= s.size()) {
        const size_t comma = s.find(',', pos);
        const std::string item = s.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
        char* end = nullptr;
        errno = 0;
        const long v = std::strtol(item.c_str(), &end, 10);
        if (item.empty() || *end || errno || v < INT32_MIN || v > INT32_MAX)
            throw UsageError("--" + flag + " expects comma-separated whole numbers, got '" + item + "'");
        out.push_back(int(v));
        if (comma == std::string::npos) break;
        pos = comma + 1;
    }
    return out;
}

void Args::only(const std::set<std::string>& known) const {
    for (const auto& [flag, value] : values_)
        if (!known.count(flag)) throw UsageError("unknown option --" + flag);
}

} // namespace moe::cli
