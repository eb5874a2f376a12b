#pragma once
// A recursive-descent parser for jinja2's template language, following jinja2's own parser
// rule for rule (operator precedence, tuples, filters and tests, statement tags). Unknown
// filters, tests and tags are rejected here, as jinja2 rejects them when compiling.
#include <string>

#include "jinja/ast.h"
#include "jinja/lexer.h"

namespace moe::jinja {

// Parses the whole template; throws Error with the line and column of the first problem.
Program parse(const Source& source);

// Deepest nesting of expressions and blocks the parser accepts, so that neither it nor the
// interpreter can run out of stack on a hostile template.
constexpr int kMaxParseDepth = 64;

} // namespace moe::jinja
