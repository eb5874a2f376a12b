#include "jinja/lexer.h"

#include <algorithm>
#include <cstdio>
#include <limits>

#include "jinja/pystr.h"

namespace moe::jinja {

Source::Source(const std::string& text) {
    text_.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\r') {
            text_ += '\n';
            if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        } else {
            text_ += text[i];
        }
    }
    if (!text_.empty() && text_.back() == '\n') text_.pop_back();
    line_starts_.push_back(0);
    for (size_t i = 0; i < text_.size(); ++i) {
        if (text_[i] == '\n') line_starts_.push_back(i + 1);
    }
}

SourcePos Source::position(size_t offset) const {
    offset = std::min(offset, text_.size());
    const auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
    const size_t line = static_cast<size_t>(it - line_starts_.begin());
    const size_t start = line_starts_[line - 1];
    const size_t column = py::length(std::string_view(text_).substr(start, offset - start)) + 1;
    return {static_cast<int>(line), static_cast<int>(column)};
}

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_name_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || is_digit(c); }

// The operators of jinja2's lexer, longest first so that "//" wins over "/".
constexpr const char* kOperators[] = {
    "//", "**", "==", "!=", ">=", "<=", "+", "-", "/", "*", "%", "~", "[", "]", "(", ")",
    "{", "}", ">", "<", "=", ".", ":", "|", ",", ";",
};

class Lexer {
public:
    explicit Lexer(const Source& source) : src_(source), s_(source.text()) {}

    std::vector<Token> run() {
        while (pos_ < s_.size()) lex_root();
        push(TokenType::Eof, {}, s_.size());
        return std::move(tokens_);
    }

private:
    const Source& src_;
    const std::string& s_;
    size_t pos_ = 0;
    bool line_starting_ = true;  // did the previous match end with a newline?
    std::vector<Token> tokens_;

    [[noreturn]] void fail(const std::string& message, size_t offset) const {
        throw Error(message, src_.position(offset));
    }

    Token& push(TokenType type, std::string text, size_t offset) {
        Token t;
        t.type = type;
        t.text = std::move(text);
        t.offset = offset;
        tokens_.push_back(std::move(t));
        return tokens_.back();
    }

    bool starts_with(size_t at, std::string_view what) const {
        return at + what.size() <= s_.size() && s_.compare(at, what.size(), what) == 0;
    }

    // Whitespace in the sense of Python's `\s`: ASCII and Unicode spaces.
    size_t skip_space(size_t at) const {
        while (at < s_.size()) {
            size_t next = at;
            if (!py::is_space(py::next_code_point(s_, next))) break;
            at = next;
        }
        return at;
    }

    // Text before a tag, with `-` (strip all whitespace) or lstrip_blocks applied.
    void push_data(std::string_view text, size_t offset, char sign, bool is_variable) {
        std::string_view kept = text;
        if (sign == '-') {
            kept = py::strip(text, nullptr, false, true);
        } else if (sign != '+' && !is_variable) {
            const size_t last_nl = text.rfind('\n');
            const size_t line_start = last_nl == std::string_view::npos ? 0 : last_nl + 1;
            if (line_start > 0 || line_starting_) {
                const std::string_view tail = text.substr(line_start);
                if (!tail.empty() && py::strip(tail, nullptr, true, false).empty()) kept = text.substr(0, line_start);
            }
        }
        if (!kept.empty()) push(TokenType::Data, std::string(kept), offset);
    }

    void lex_root() {
        size_t tag = pos_;
        while (true) {
            tag = s_.find('{', tag);
            if (tag == std::string::npos || tag + 1 >= s_.size()) {
                push(TokenType::Data, s_.substr(pos_), pos_);
                pos_ = s_.size();
                return;
            }
            const char kind = s_[tag + 1];
            if (kind == '{' || kind == '%' || kind == '#') break;
            ++tag;
        }
        const char kind = s_[tag + 1];
        const char sign = (tag + 2 < s_.size() && (s_[tag + 2] == '-' || s_[tag + 2] == '+')) ? s_[tag + 2] : 0;
        const std::string_view text = std::string_view(s_).substr(pos_, tag - pos_);
        const size_t text_offset = pos_;
        const size_t after_open = tag + 2 + (sign ? 1 : 0);

        if (kind == '%') {
            size_t raw_end = 0;
            if (match_raw_begin(after_open, raw_end)) {
                push_data(text, text_offset, sign, false);
                line_starting_ = s_[raw_end - 1] == '\n';
                lex_raw(tag, raw_end);
                return;
            }
        }
        push_data(text, text_offset, sign, kind == '{');
        line_starting_ = false;
        if (kind == '#') {
            lex_comment(tag, after_open);
        } else {
            push(kind == '{' ? TokenType::VariableBegin : TokenType::BlockBegin, {}, tag);
            lex_tag(after_open, kind == '{');
        }
    }

    // {%[-+]? \s* raw \s* (-%}\s* | %})
    bool match_raw_begin(size_t at, size_t& end) const {
        at = skip_space(at);
        if (!starts_with(at, "raw")) return false;
        at = skip_space(at + 3);
        if (starts_with(at, "-%}")) {
            end = skip_space(at + 3);
            return true;
        }
        if (starts_with(at, "%}")) {
            end = at + 2;
            return true;
        }
        return false;
    }

    void lex_raw(size_t tag, size_t body) {
        // jinja2's lexer stops at the end of the source before looking for the end of a raw
        // block, so a raw tag that ends the template is no error and renders nothing.
        if (body >= s_.size()) {
            pos_ = s_.size();
            return;
        }
        for (size_t at = s_.find("{%", body); at != std::string::npos; at = s_.find("{%", at + 1)) {
            const char sign = (at + 2 < s_.size() && (s_[at + 2] == '-' || s_[at + 2] == '+')) ? s_[at + 2] : 0;
            size_t p = skip_space(at + 2 + (sign ? 1 : 0));
            if (!starts_with(p, "endraw")) continue;
            p = skip_space(p + 6);
            size_t end;
            if (starts_with(p, "+%}")) end = p + 3;
            else if (starts_with(p, "-%}")) end = skip_space(p + 3);
            else if (starts_with(p, "%}")) end = p + 2 + ((p + 2 < s_.size() && s_[p + 2] == '\n') ? 1 : 0);
            else continue;
            push_data(std::string_view(s_).substr(body, at - body), body, sign, false);
            line_starting_ = s_[end - 1] == '\n';
            pos_ = end;
            return;
        }
        fail("missing end of raw directive", tag);
    }

    void lex_comment(size_t tag, size_t body) {
        for (size_t at = body; at < s_.size(); ++at) {
            size_t end;
            if (starts_with(at, "+#}")) end = at + 3;
            else if (starts_with(at, "-#}")) end = skip_space(at + 3);
            else if (starts_with(at, "#}")) end = at + 2 + ((at + 2 < s_.size() && s_[at + 2] == '\n') ? 1 : 0);
            else continue;
            line_starting_ = s_[end - 1] == '\n';
            pos_ = end;
            return;
        }
        fail("missing end of comment tag", tag);
    }

    void lex_tag(size_t at, bool is_variable) {
        std::vector<char> balance;  // closing brackets we still expect
        while (at < s_.size()) {
            if (balance.empty()) {
                size_t end = 0;
                if (is_variable) {
                    if (starts_with(at, "-}}")) end = skip_space(at + 3);
                    else if (starts_with(at, "}}")) end = at + 2;
                } else {
                    if (starts_with(at, "+%}")) end = at + 3;
                    else if (starts_with(at, "-%}")) end = skip_space(at + 3);
                    else if (starts_with(at, "%}")) end = at + 2 + ((at + 2 < s_.size() && s_[at + 2] == '\n') ? 1 : 0);
                }
                if (end) {
                    push(is_variable ? TokenType::VariableEnd : TokenType::BlockEnd, {}, at);
                    line_starting_ = s_[end - 1] == '\n';
                    pos_ = end;
                    return;
                }
            }
            const size_t after_space = skip_space(at);
            if (after_space != at) {
                at = after_space;
                continue;
            }
            if (is_digit(s_[at]) && (at == 0 || s_[at - 1] != '.') && lex_float(at)) continue;
            if (is_digit(s_[at])) {
                lex_integer(at);
                continue;
            }
            if (is_name_start(s_[at])) {
                size_t end = at;
                while (end < s_.size() && is_name_char(s_[end])) ++end;
                push(TokenType::Name, s_.substr(at, end - at), at);
                at = end;
                continue;
            }
            if (s_[at] == '\'' || s_[at] == '"') {
                if (lex_string(at)) continue;
            }
            bool matched = false;
            for (const char* op : kOperators) {
                if (!starts_with(at, op)) continue;
                const std::string text(op);
                if (text == "{" || text == "(" || text == "[") {
                    balance.push_back(text == "{" ? '}' : (text == "(" ? ')' : ']'));
                } else if (text == "}" || text == ")" || text == "]") {
                    if (balance.empty()) fail("unexpected '" + text + "'", at);
                    if (balance.back() != text[0]) {
                        fail("unexpected '" + text + "', expected '" + std::string(1, balance.back()) + "'", at);
                    }
                    balance.pop_back();
                }
                push(TokenType::Operator, text, at);
                at += text.size();
                matched = true;
                break;
            }
            if (!matched) {
                size_t next = at;
                const char32_t cp = py::next_code_point(s_, next);
                std::string shown;
                py::append_utf8(shown, cp);
                fail("unexpected character " + py::repr(shown), at);
            }
        }
        pos_ = s_.size();  // end of template inside a tag: the parser reports what it expected
    }

    // Digits with single underscores between them: (\d+_)*\d+. Returns the end or npos.
    size_t digit_run(size_t at) const {
        if (at >= s_.size() || !is_digit(s_[at])) return std::string::npos;
        while (at < s_.size()) {
            if (is_digit(s_[at])) ++at;
            else if (s_[at] == '_' && at + 1 < s_.size() && is_digit(s_[at + 1])) ++at;
            else break;
        }
        return at;
    }

    bool lex_float(size_t& at) {
        size_t end = digit_run(at);
        bool is_float = false;
        if (end < s_.size() && s_[end] == '.') {
            const size_t frac = digit_run(end + 1);
            if (frac != std::string::npos) {
                end = frac;
                is_float = true;
            }
        }
        if (end < s_.size() && (s_[end] == 'e' || s_[end] == 'E')) {
            size_t exp = end + 1;
            if (exp < s_.size() && (s_[exp] == '+' || s_[exp] == '-')) ++exp;
            const size_t exp_end = digit_run(exp);
            if (exp_end != std::string::npos) {
                end = exp_end;
                is_float = true;
            }
        }
        if (!is_float) return false;
        std::string text = s_.substr(at, end - at);
        text.erase(std::remove(text.begin(), text.end(), '_'), text.end());
        Token& t = push(TokenType::Float, text, at);
        t.float_value = std::strtod(text.c_str(), nullptr);
        at = end;
        return true;
    }

    void lex_integer(size_t& at) {
        int base = 10;
        size_t digits = at;
        if (s_[at] == '0' && at + 1 < s_.size()) {
            const char p = static_cast<char>(s_[at + 1] | 0x20);
            if (p == 'b') base = 2;
            else if (p == 'o') base = 8;
            else if (p == 'x') base = 16;
        }
        auto digit_value = [&](char c) -> int {
            if (is_digit(c)) return c - '0';
            const char l = static_cast<char>(c | 0x20);
            if (l >= 'a' && l <= 'f') return l - 'a' + 10;
            return 99;
        };
        size_t end = at;
        if (base != 10) {
            // 0b(_?[01])+ and friends: at least one digit after the prefix.
            size_t p = at + 2;
            size_t q = p;
            while (q < s_.size()) {
                if (s_[q] == '_' && q + 1 < s_.size() && digit_value(s_[q + 1]) < base) q += 2;
                else if (digit_value(s_[q]) < base) ++q;
                else break;
            }
            if (q == p) base = 10;  // just "0": the letter starts the next token
            else {
                digits = p;
                end = q;
            }
        }
        if (base == 10) {
            if (s_[at] == '0') {
                end = at + 1;  // 0(_?0)*
                while (end < s_.size()) {
                    if (s_[end] == '0') ++end;
                    else if (s_[end] == '_' && end + 1 < s_.size() && s_[end + 1] == '0') end += 2;
                    else break;
                }
            } else {
                end = digit_run(at);
            }
        }
        uint64_t value = 0;
        for (size_t i = digits; i < end; ++i) {
            if (s_[i] == '_') continue;
            const auto d = static_cast<uint64_t>(digit_value(s_[i]));
            if (value > (static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) - d) / static_cast<uint64_t>(base)) {
                fail("integer literal too large", at);
            }
            value = value * static_cast<uint64_t>(base) + d;
        }
        Token& t = push(TokenType::Integer, s_.substr(at, end - at), at);
        t.int_value = static_cast<int64_t>(value);
        at = end;
    }

    // '...' or "..." with backslash escapes, decoded like Python's unicode-escape codec.
    bool lex_string(size_t& at) {
        const char quote = s_[at];
        size_t end = at + 1;
        while (end < s_.size() && s_[end] != quote) end += (s_[end] == '\\') ? 2 : 1;
        if (end >= s_.size()) return false;  // unterminated: reported as an unexpected character
        std::string value;
        const std::string_view body = std::string_view(s_).substr(at + 1, end - at - 1);
        for (size_t i = 0; i < body.size();) {
            if (body[i] != '\\') {
                value += body[i++];
                continue;
            }
            const size_t esc = at + 1 + i;
            ++i;
            size_t probe = i;
            const char32_t c = py::next_code_point(body, probe);
            auto hex = [&](int count) {
                if (i + 1 + static_cast<size_t>(count) > body.size()) fail("truncated escape sequence in string", esc);
                uint32_t v = 0;
                for (int k = 1; k <= count; ++k) {
                    const char h = body[i + static_cast<size_t>(k)];
                    const char l = static_cast<char>(h | 0x20);
                    if (is_digit(h)) v = v * 16 + static_cast<uint32_t>(h - '0');
                    else if (l >= 'a' && l <= 'f') v = v * 16 + static_cast<uint32_t>(l - 'a' + 10);
                    else fail("truncated escape sequence in string", esc);
                }
                if (v > 0x10FFFF) fail("illegal Unicode character in string", esc);
                py::append_utf8(value, v);
                i += 1 + static_cast<size_t>(count);
            };
            switch (c) {
            case '\n': ++i; break;  // line continuation
            case '\\': value += '\\'; ++i; break;
            case '\'': value += '\''; ++i; break;
            case '"': value += '"'; ++i; break;
            case 'a': value += '\a'; ++i; break;
            case 'b': value += '\b'; ++i; break;
            case 'f': value += '\f'; ++i; break;
            case 'n': value += '\n'; ++i; break;
            case 'r': value += '\r'; ++i; break;
            case 't': value += '\t'; ++i; break;
            case 'v': value += '\v'; ++i; break;
            case 'x': hex(2); break;
            case 'u': hex(4); break;
            case 'U': hex(8); break;
            case 'N': fail("named unicode escapes (\\N{...}) are not supported", esc);
            default:
                if (c >= '0' && c <= '7') {
                    uint32_t v = 0;
                    int k = 0;
                    while (k < 3 && i < body.size() && body[i] >= '0' && body[i] <= '7') {
                        v = v * 8 + static_cast<uint32_t>(body[i] - '0');
                        ++i;
                        ++k;
                    }
                    py::append_utf8(value, v);
                } else if (c >= 0x80) {
                    // Python escapes the character first (backslashreplace), so "\é" reads "\xe9".
                    char buf[16];
                    if (c < 0x100) std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(c));
                    else if (c < 0x10000) std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(c));
                    else std::snprintf(buf, sizeof buf, "\\U%08x", static_cast<unsigned>(c));
                    value += buf;
                    i = probe;
                } else {
                    value += '\\';  // unknown escapes stay as written
                }
            }
        }
        push(TokenType::String, std::move(value), at);
        at = end + 1;
        return true;
    }
};

} // namespace

std::vector<Token> tokenize(const Source& source) { return Lexer(source).run(); }

} // namespace moe::jinja
