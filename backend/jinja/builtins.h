#pragma once
// The global functions a chat template can call, as transformers provides them: jinja2's
// range (capped like the sandbox's), dict, namespace and joiner, plus raise_exception and
// strftime_now.
#include <string>
#include <utility>
#include <vector>

#include "jinja/value.h"

namespace moe::jinja {

class Interpreter;

// jinja2's sandbox refuses ranges longer than this (MAX_RANGE).
constexpr int64_t kMaxRange = 100000;

std::vector<std::pair<std::string, Value>> make_globals(Interpreter& in);

} // namespace moe::jinja
