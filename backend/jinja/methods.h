#pragma once
// The object model a sandboxed jinja2 template sees: attribute and item access with the
// sandbox's rules (attributes first for `a.b`, items first for `a[b]`, no `_private` names,
// no mutating methods), Python's str / dict / list methods, iteration and `in`.
#include <memory>
#include <string>

#include "jinja/value.h"

namespace moe::jinja {

class Interpreter;

Value get_attribute(Interpreter& in, const Value& obj, const std::string& name);
Value get_item(Interpreter& in, const Value& obj, const Value& key);
// obj[start:stop:step]; each bound may be none.
Value get_slice(Interpreter& in, const Value& obj, const Value& start, const Value& stop, const Value& step);

// Python's iter(v) as a list: items of a list, characters of a str, keys of a dict; an
// undefined value iterates as empty. Throws Error for values that are not iterable.
std::shared_ptr<const List> iterate(Interpreter& in, const Value& v);
// Python's `item in container`.
bool contains(const Value& container, const Value& item);
// Python's `format % args` for the conversions templates use (%s %r %d %i %f %.Nf %%).
std::string percent_format(const std::string& format, const Value& args);

// Binds call arguments to named parameters the way Python does for a builtin.
class ArgReader {
public:
    ArgReader(const std::string& function, CallArgs& args, std::initializer_list<const char*> names);
    bool has(size_t i) const { return i < slots_.size() && slots_[i].second; }
    const Value& get(size_t i) const { return slots_[i].first; }
    Value get_or(size_t i, Value fallback) const { return has(i) ? slots_[i].first : std::move(fallback); }

private:
    std::vector<std::pair<Value, bool>> slots_;
};

// Conversions that raise Python's TypeError messages.
int64_t expect_int(const Value& v, const char* what);
const std::string& expect_string(const Value& v, const char* what);

} // namespace moe::jinja
