#include "jinja/value.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include <nlohmann/json.hpp>

#include "jinja/error.h"
#include "jinja/pystr.h"

namespace moe::jinja {

namespace {

thread_local Budget* current_budget = nullptr;

} // namespace

void Budget::spend(uint64_t steps) {
    spent_ += steps;
    if (spent_ > limit_) throw Error("template exceeded its work limit (" + std::to_string(limit_) + " steps)");
}

void Budget::spend_current(uint64_t steps) {
    if (current_budget) current_budget->spend(steps);
}

Budget::Scope::Scope(Budget& budget) : saved_(current_budget) { current_budget = &budget; }
Budget::Scope::~Scope() { current_budget = saved_; }

namespace {

int depth_of(const Value& v) {
    if (v.is_list()) return v.list().depth;
    if (v.is_dict()) return v.dict().depth;
    return 0;
}

void check_depth(int depth) {
    if (depth > kMaxNesting) throw Error("value nested too deeply (more than " + std::to_string(kMaxNesting) + " levels)");
}

} // namespace

const Value* Dict::find(const Value& key) const {
    for (const auto& [k, v] : entries) {
        if (equals(k, key)) return &v;
    }
    return nullptr;
}

const Value* Dict::find(const std::string& key) const {
    for (const auto& [k, v] : entries) {
        if (k.is_string() && k.str() == key) return &v;
    }
    return nullptr;
}

void Dict::set(Value key, Value value) {
    hash(key);  // unhashable keys are an error, as in Python
    depth = std::max(depth, 1 + std::max(depth_of(key), depth_of(value)));
    for (auto& [k, v] : entries) {
        if (equals(k, key)) {
            v = std::move(value);
            return;
        }
    }
    entries.emplace_back(std::move(key), std::move(value));
}

const Value* Namespace::find(const std::string& name) const {
    for (const auto& [k, v] : attrs) {
        if (k == name) return &v;
    }
    return nullptr;
}

void Namespace::set(const std::string& name, Value value) {
    for (auto& [k, v] : attrs) {
        if (k == name) {
            v = std::move(value);
            return;
        }
    }
    attrs.emplace_back(name, std::move(value));
}

Value Value::undefined(std::string hint) {
    Value v;
    v.v_ = UndefinedTag{std::move(hint)};
    return v;
}

Value Value::none() {
    Value v;
    v.v_ = NoneTag{};
    return v;
}

Value Value::boolean(bool b) {
    Value v;
    v.v_ = b;
    return v;
}

Value Value::integer(int64_t i) {
    Value v;
    v.v_ = i;
    return v;
}

Value Value::number(double d) {
    Value v;
    v.v_ = d;
    return v;
}

Value Value::string(std::string s) {
    Value v;
    v.v_ = std::make_shared<const std::string>(std::move(s));
    return v;
}

Value Value::list(std::vector<Value> items, bool is_tuple) {
    int depth = 1;
    for (const auto& item : items) depth = std::max(depth, 1 + depth_of(item));
    check_depth(depth);
    Value v;
    v.v_ = std::make_shared<const List>(List{std::move(items), is_tuple, depth});
    return v;
}

Value Value::range(std::vector<Value> items, int64_t start, int64_t stop, int64_t step) {
    Value v;
    v.v_ = std::make_shared<const List>(List{std::move(items), false, 1, true, start, stop, step});
    return v;
}

Value Value::iterator(std::vector<Value> items, const char* type) {
    Value v = dict_view(std::move(items), type);
    auto l = std::make_shared<List>(v.list());
    l->iterator = true;
    v.v_ = std::shared_ptr<const List>(std::move(l));
    return v;
}

Value Value::dict_view(std::vector<Value> items, const char* view) {
    int depth = 1;
    for (const auto& item : items) depth = std::max(depth, 1 + depth_of(item));
    check_depth(depth);
    List l{std::move(items), false, depth};
    l.view = view;
    Value v;
    v.v_ = std::make_shared<const List>(std::move(l));
    return v;
}

Value Value::dict(Dict d) {
    int depth = 1;
    for (const auto& [k, val] : d.entries) depth = std::max(depth, 1 + std::max(depth_of(k), depth_of(val)));
    check_depth(depth);
    d.depth = depth;
    Value v;
    v.v_ = std::make_shared<const Dict>(std::move(d));
    return v;
}

Value Value::ns(Namespace* n) {
    Value v;
    v.v_ = n;
    return v;
}

Value Value::function(std::string name, std::function<Value(CallArgs&)> call, std::string repr) {
    Value v;
    v.v_ = std::make_shared<const Function>(Function{std::move(name), std::move(call), std::move(repr)});
    return v;
}

Value Value::loop(std::shared_ptr<LoopState> state) {
    Value v;
    v.v_ = std::move(state);
    return v;
}

const void* Value::identity() const {
    switch (type()) {
    case Type::String: return std::get<StrPtr>(v_).get();
    case Type::List: return std::get<ListPtr>(v_).get();
    case Type::Dict: return std::get<DictPtr>(v_).get();
    case Type::Namespace: return ns();
    case Type::Function: return std::get<FnPtr>(v_).get();
    case Type::Loop: return loop().get();
    default: return nullptr;
    }
}

const char* type_name(const Value& v) {
    switch (v.type()) {
    case Value::Type::Undefined: return "Undefined";
    case Value::Type::None: return "NoneType";
    case Value::Type::Bool: return "bool";
    case Value::Type::Int: return "int";
    case Value::Type::Float: return "float";
    case Value::Type::String: return "str";
    case Value::Type::List:
        if (v.is_view()) return v.list().view;
        return v.is_tuple() ? "tuple" : (v.is_range() ? "range" : "list");
    case Value::Type::Dict: return "dict";
    case Value::Type::Namespace: return "Namespace";
    case Value::Type::Function: return "function";
    case Value::Type::Loop: return "LoopContext";
    }
    return "object";
}

std::string object_type_repr(const Value& v) {
    if (v.is_none()) return "None";
    return std::string(type_name(v)) + " object";
}

size_t walk_cost(const Value& v) {
    if (v.is_string()) return v.str().size();
    if (v.is_list()) return v.list().items.size() * 8;
    if (v.is_dict()) return v.dict().entries.size() * 8;
    return 0;
}

bool truthy(const Value& v) {
    switch (v.type()) {
    case Value::Type::Undefined:
    case Value::Type::None: return false;
    case Value::Type::Bool: return v.as_bool();
    case Value::Type::Int: return v.as_int() != 0;
    case Value::Type::Float: return v.as_float() != 0.0;
    case Value::Type::String: return !v.str().empty();
    case Value::Type::List: return v.list().iterator || !v.list().items.empty();
    case Value::Type::Dict: return !v.dict().entries.empty();
    default: return true;
    }
}

namespace {

// Printing keeps the namespaces it is inside, as Python's repr guard does for dicts.
void write_repr(const Value& v, std::string& out, std::vector<const Namespace*>& printing);
void check_print_size(size_t size);

void write_str(const Value& v, std::string& out, std::vector<const Namespace*>& printing) {
    Budget::spend_current(1);
    check_print_size(out.size() + (v.is_string() ? v.str().size() : 0));
    switch (v.type()) {
    case Value::Type::Undefined: return;
    case Value::Type::None: out += "None"; return;
    case Value::Type::Bool: out += v.as_bool() ? "True" : "False"; return;
    case Value::Type::Int: out += std::to_string(v.as_int()); return;
    case Value::Type::Float: out += py::float_repr(v.as_float()); return;
    case Value::Type::String: out += v.str(); return;
    case Value::Type::List: {
        const auto& l = v.list();
        if (l.is_range) {
            out += "range(" + std::to_string(l.range_start) + ", " + std::to_string(l.range_stop);
            if (l.range_step != 1) out += ", " + std::to_string(l.range_step);
            out += ')';
            return;
        }
        if (l.iterator) {
            out += "<" + std::string(l.view) + " object>";
            return;
        }
        if (l.view) out += std::string(l.view) + "(";
        out += l.is_tuple ? '(' : '[';
        for (size_t i = 0; i < l.items.size(); ++i) {
            if (i) out += ", ";
            write_repr(l.items[i], out, printing);
        }
        if (l.is_tuple && l.items.size() == 1) out += ',';
        out += l.is_tuple ? ')' : ']';
        if (l.view) out += ')';
        return;
    }
    case Value::Type::Dict: {
        out += '{';
        bool first = true;
        for (const auto& [k, val] : v.dict().entries) {
            if (!first) out += ", ";
            first = false;
            write_repr(k, out, printing);
            out += ": ";
            write_repr(val, out, printing);
        }
        out += '}';
        return;
    }
    case Value::Type::Namespace: {
        const Namespace* n = v.ns();
        if (std::find(printing.begin(), printing.end(), n) != printing.end() || printing.size() >= kMaxNesting) {
            out += "<Namespace {...}>";
            return;
        }
        printing.push_back(n);
        out += "<Namespace {";
        bool first = true;
        for (const auto& [k, val] : n->attrs) {
            if (!first) out += ", ";
            first = false;
            out += py::repr(k);
            out += ": ";
            write_repr(val, out, printing);
        }
        out += "}>";
        printing.pop_back();
        return;
    }
    case Value::Type::Function:
        if (!v.function().repr.empty()) out += v.function().repr;
        else out += "<function " + v.function().name + ">";
        return;
    case Value::Type::Loop: {
        const auto& s = *v.loop();
        out += "<LoopContext " + std::to_string(s.index0 + 1) + "/" + std::to_string(s.items->items.size()) + ">";
        return;
    }
    }
}

void check_print_size(size_t size) {
    if (size > kMaxPrintBytes) {
        throw Error("value too large to print (more than " + std::to_string(kMaxPrintBytes) + " bytes)");
    }
}

void write_repr(const Value& v, std::string& out, std::vector<const Namespace*>& printing) {
    if (v.is_string()) {
        Budget::spend_current(1 + v.str().size() / 64);
        check_print_size(out.size() + v.str().size());
        out += py::repr(v.str());
    } else if (v.is_undefined()) {
        out += "Undefined";
    } else {
        write_str(v, out, printing);
    }
}

} // namespace

std::string to_str(const Value& v) {
    if (v.is_string()) return v.str();
    std::string out;
    std::vector<const Namespace*> printing;
    write_str(v, out, printing);
    return out;
}

std::string repr(const Value& v) {
    std::string out;
    std::vector<const Namespace*> printing;
    write_repr(v, out, printing);
    return out;
}

void fail_undefined(const Value& v) {
    const std::string& hint = v.undefined_hint();
    throw Error(hint.empty() ? "undefined value" : hint);
}

bool equals(const Value& a, const Value& b) {
    Budget::spend_current(1);
    if (a.is_number() && b.is_number()) {
        if (!a.is_float() && !b.is_float()) return a.int_value() == b.int_value();
        return a.float_value() == b.float_value();
    }
    if (a.type() != b.type()) return false;
    switch (a.type()) {
    case Value::Type::Undefined:
    case Value::Type::None: return true;
    case Value::Type::String: return a.str() == b.str();
    case Value::Type::List: {
        const auto& x = a.list();
        const auto& y = b.list();
        if (x.iterator || y.iterator) return &x == &y;  // iterators compare by identity
        if (x.is_tuple != y.is_tuple || x.is_range != y.is_range || x.view != y.view || x.items.size() != y.items.size()) {
            return false;
        }
        if (x.view && std::string(x.view) == "dict_values") return &x == &y;  // values views compare by identity
        for (size_t i = 0; i < x.items.size(); ++i) {
            if (!equals(x.items[i], y.items[i])) return false;
        }
        return true;
    }
    case Value::Type::Dict: {
        const auto& x = a.dict();
        const auto& y = b.dict();
        if (x.entries.size() != y.entries.size()) return false;
        for (const auto& [k, v] : x.entries) {
            const Value* other = y.find(k);
            if (!other || !equals(v, *other)) return false;
        }
        return true;
    }
    default: return a.identity() == b.identity();
    }
}

int compare(const Value& a, const Value& b, const char* op) {
    Budget::spend_current(1);
    if (a.is_undefined()) fail_undefined(a);
    if (b.is_undefined()) fail_undefined(b);
    if (a.is_number() && b.is_number()) {
        if (!a.is_float() && !b.is_float()) {
            const int64_t x = a.int_value(), y = b.int_value();
            return x < y ? -1 : (x > y ? 1 : 0);
        }
        const double x = a.float_value(), y = b.float_value();
        if (std::isnan(x) || std::isnan(y)) return 2;  // unordered: every comparison is false
        return x < y ? -1 : (x > y ? 1 : 0);
    }
    if (a.is_string() && b.is_string()) {
        const int c = a.str().compare(b.str());
        return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    if (a.is_plain_list() && b.is_plain_list() && a.is_tuple() == b.is_tuple()) {
        const auto& x = a.list().items;
        const auto& y = b.list().items;
        for (size_t i = 0; i < x.size() && i < y.size(); ++i) {
            if (!equals(x[i], y[i])) return compare(x[i], y[i], op);
        }
        return x.size() < y.size() ? -1 : (x.size() > y.size() ? 1 : 0);
    }
    throw Error(std::string("'") + op + "' not supported between instances of '" + type_name(a) + "' and '" +
                type_name(b) + "'");
}

size_t hash(const Value& v) {
    Budget::spend_current(1);
    switch (v.type()) {
    case Value::Type::Undefined: return 0x5bd1e995;
    case Value::Type::None: return 0x9e3779b9;
    case Value::Type::Bool:
    case Value::Type::Int: return std::hash<int64_t>{}(v.int_value());
    case Value::Type::Float: {
        const double d = v.as_float();
        if (std::trunc(d) == d && std::abs(d) < 9.0e18) return std::hash<int64_t>{}(static_cast<int64_t>(d));
        return std::hash<double>{}(d);
    }
    case Value::Type::String: return std::hash<std::string>{}(v.str());
    case Value::Type::List: {
        if (!v.is_tuple()) break;
        size_t h = 0x345678;
        for (const auto& item : v.list().items) h = h * 1000003 ^ hash(item);
        return h;
    }
    case Value::Type::Dict: break;
    default: return std::hash<const void*>{}(v.identity());
    }
    throw Error(std::string("unhashable type: '") + type_name(v) + "'");
}

namespace {

void write_json_string(const std::string& s, bool ensure_ascii, std::string& out) {
    out += '"';
    for (size_t i = 0; i < s.size();) {
        const size_t start = i;
        const char32_t cp = py::next_code_point(s, i);
        char buf[16];
        switch (cp) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            // Python's ensure_ascii escapes everything outside ' '..'~', DEL (0x7f) included.
            if (cp < 0x20 || (ensure_ascii && cp >= 0x7F)) {
                if (cp >= 0x10000) {
                    const char32_t c = cp - 0x10000;
                    std::snprintf(buf, sizeof buf, "\\u%04x\\u%04x", static_cast<unsigned>(0xD800 + (c >> 10)),
                                  static_cast<unsigned>(0xDC00 + (c & 0x3FF)));
                } else {
                    std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
                }
                out += buf;
            } else {
                out.append(s, start, i - start);
            }
        }
    }
    out += '"';
}

std::string json_float(double d) {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d < 0 ? "-Infinity" : "Infinity";
    return py::float_repr(d);
}

std::string json_key(const Value& k) {
    switch (k.type()) {
    case Value::Type::String: return k.str();
    case Value::Type::Bool: return k.as_bool() ? "true" : "false";
    case Value::Type::Int: return std::to_string(k.as_int());
    case Value::Type::Float: return json_float(k.as_float());
    case Value::Type::None: return "null";
    default:
        throw Error(std::string("keys must be str, int, float, bool or None, not ") + type_name(k));
    }
}

void write_json(const Value& v, const JsonOptions& o, int level, std::string& out) {
    Budget::spend_current(1);
    if (out.size() > kMaxPrintBytes) {
        throw Error("value too large for JSON (more than " + std::to_string(kMaxPrintBytes) + " bytes)");
    }
    auto newline = [&](int lvl) {
        out += '\n';
        for (int i = 0; i < lvl; ++i) out += o.indent;
    };
    switch (v.type()) {
    case Value::Type::None: out += "null"; return;
    case Value::Type::Bool: out += v.as_bool() ? "true" : "false"; return;
    case Value::Type::Int: out += std::to_string(v.as_int()); return;
    case Value::Type::Float: out += json_float(v.as_float()); return;
    case Value::Type::String:
        Budget::spend_current(v.str().size() / 64);
        if (out.size() + v.str().size() > kMaxPrintBytes) {
            throw Error("value too large for JSON (more than " + std::to_string(kMaxPrintBytes) + " bytes)");
        }
        write_json_string(v.str(), o.ensure_ascii, out);
        return;
    case Value::Type::List: {
        if (!v.is_plain_list()) throw Error(std::string("Object of type ") + type_name(v) + " is not JSON serializable");
        const auto& items = v.list().items;
        if (items.empty()) {
            out += "[]";
            return;
        }
        out += '[';
        if (o.indented) newline(level + 1);
        for (size_t i = 0; i < items.size(); ++i) {
            if (i) {
                out += o.item_separator;
                if (o.indented) newline(level + 1);
            }
            write_json(items[i], o, level + 1, out);
        }
        if (o.indented) newline(level);
        out += ']';
        return;
    }
    case Value::Type::Dict: {
        std::vector<const std::pair<Value, Value>*> entries;
        for (const auto& e : v.dict().entries) entries.push_back(&e);
        if (entries.empty()) {
            out += "{}";
            return;
        }
        if (o.sort_keys) {
            std::stable_sort(entries.begin(), entries.end(),
                             [](auto* a, auto* b) { return compare(a->first, b->first, "<") < 0; });
        }
        out += '{';
        if (o.indented) newline(level + 1);
        for (size_t i = 0; i < entries.size(); ++i) {
            if (i) {
                out += o.item_separator;
                if (o.indented) newline(level + 1);
            }
            write_json_string(json_key(entries[i]->first), o.ensure_ascii, out);
            out += o.key_separator;
            write_json(entries[i]->second, o, level + 1, out);
        }
        if (o.indented) newline(level);
        out += '}';
        return;
    }
    default:
        throw Error(std::string("Object of type ") + type_name(v) + " is not JSON serializable");
    }
}

// For nlohmann::json (objects in sorted key order) and nlohmann::ordered_json (in the order of
// the input, as Python's json.load keeps it).
template <class Json>
Value from_json_at(const Json& j, int depth) {
    if (depth > kMaxNesting) throw Error("JSON input nested too deeply");
    switch (j.type()) {
    case nlohmann::json::value_t::null: return Value::none();
    case nlohmann::json::value_t::boolean: return Value::boolean(j.template get<bool>());
    case nlohmann::json::value_t::number_integer: return Value::integer(j.template get<int64_t>());
    case nlohmann::json::value_t::number_unsigned: {
        const auto u = j.template get<uint64_t>();
        if (u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return Value::integer(static_cast<int64_t>(u));
        return Value::number(static_cast<double>(u));
    }
    case nlohmann::json::value_t::number_float: return Value::number(j.template get<double>());
    case nlohmann::json::value_t::string: return Value::string(j.template get<std::string>());
    case nlohmann::json::value_t::array: {
        std::vector<Value> items;
        items.reserve(j.size());
        for (const auto& item : j) items.push_back(from_json_at(item, depth + 1));
        return Value::list(std::move(items));
    }
    case nlohmann::json::value_t::object: {
        Dict d;
        d.entries.reserve(j.size());
        for (auto it = j.begin(); it != j.end(); ++it) {
            d.entries.emplace_back(Value::string(it.key()), from_json_at(it.value(), depth + 1));
        }
        return Value::dict(std::move(d));
    }
    default: return Value::none();  // binary and discarded values have no template meaning
    }
}

} // namespace

std::string to_json(const Value& v, const JsonOptions& options) {
    std::string out;
    write_json(v, options, 0, out);
    return out;
}

Value from_json(const nlohmann::json& j) { return from_json_at(j, 0); }
Value from_json(const nlohmann::ordered_json& j) { return from_json_at(j, 0); }

} // namespace moe::jinja
