#pragma once
// Errors of the template engine: a message and, once known, where in the template it arose.
#include <stdexcept>
#include <string>

namespace moe::jinja {

struct SourcePos {
    int line = 1;    // 1-based
    int column = 1;  // 1-based, in code points
};

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
    Error(const std::string& message, SourcePos pos)
        : std::runtime_error(message), pos_(pos), located_(true) {}

    bool located() const { return located_; }
    SourcePos pos() const { return pos_; }
    void locate(SourcePos pos) {
        if (!located_) {
            pos_ = pos;
            located_ = true;
        }
    }

private:
    SourcePos pos_;
    bool located_ = false;
};

} // namespace moe::jinja
