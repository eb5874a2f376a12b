#pragma once
// jinja2's builtin filters (`x | name(args)`) and tests (`x is name(args)`) with the
// semantics of jinja2 3.1, and transformers' `tojson` (json.dumps, ensure_ascii=False).
#include <string>
#include <string_view>

#include "jinja/value.h"

namespace moe::jinja {

class Interpreter;

bool is_filter(std::string_view name);
bool is_test(std::string_view name);

Value apply_filter(Interpreter& in, const std::string& name, const Value& input, CallArgs& args);
bool apply_test(Interpreter& in, const std::string& name, const Value& input, CallArgs& args);

} // namespace moe::jinja
