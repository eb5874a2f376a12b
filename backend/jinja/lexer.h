#pragma once
// Splits a template into tokens exactly as jinja2's lexer does with trim_blocks and
// lstrip_blocks on: text between tags becomes Data (whitespace control `{%- -%}` and the two
// block options already applied), comments and `{% raw %}` are resolved here, and the
// insides of `{{ }}` and `{% %}` become names, literals and operators.
#include <cstdint>
#include <string>
#include <vector>

#include "jinja/error.h"

namespace moe::jinja {

enum class TokenType {
    Data,           // text: the template's literal output
    VariableBegin,  // {{
    VariableEnd,    // }}
    BlockBegin,     // {%
    BlockEnd,       // %}
    Name,
    String,         // text holds the decoded value
    Integer,
    Float,
    Operator,       // text holds the operator: "+", "//", "==", "(", ...
    Eof,
};

struct Token {
    TokenType type = TokenType::Eof;
    std::string text;
    int64_t int_value = 0;
    double float_value = 0.0;
    size_t offset = 0;  // byte offset in the normalized source
};

// The template after jinja2's newline normalization (\r\n and \r become \n, one trailing
// newline dropped), with byte offsets mapped back to line and column.
class Source {
public:
    explicit Source(const std::string& text);
    const std::string& text() const { return text_; }
    SourcePos position(size_t offset) const;

private:
    std::string text_;
    std::vector<size_t> line_starts_;
};

// Throws Error (located) on malformed input: unterminated comments, bad characters, bad escapes.
std::vector<Token> tokenize(const Source& source);

} // namespace moe::jinja
