#pragma once
// A small command-line parser: `verb --flag value --switch` with checked numbers and a
// clear message for anything unknown or malformed.
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

namespace moe::cli {

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class Args {
public:
    // `switches` take no value; every other --flag takes one.
    Args(int argc, char** argv, int first, const std::set<std::string>& switches);

    bool has(const std::string& flag) const { return values_.count(flag) > 0; }
    std::string str(const std::string& flag, const std::string& fallback = {}) const;
    std::string required(const std::string& flag) const;
    long long integer(const std::string& flag, long long fallback, long long lo, long long hi) const;
    double number(const std::string& flag, double fallback, double lo, double hi) const;
    std::vector<int> int_list(const std::string& flag) const; // "1,2,3"
    // Fails on any flag not in `known` (typos should not be silently ignored).
    void only(const std::set<std::string>& known) const;

private:
    std::map<std::string, std::string> values_;
};

} // namespace moe::cli
