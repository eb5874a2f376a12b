#pragma once
// The values a template computes with, and Python's rules for them: truth, str(), repr(),
// ==, <, hashing, and json.dumps as transformers' `tojson` filter calls it. Strings, lists
// and dicts are immutable once built (the sandbox forbids mutating them), so they are shared.
// Namespaces are the one mutable kind; they live in the render's arena and are referenced
// by plain pointer, so a namespace that stores itself cannot leak.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace moe::jinja {

class Value;

// Containers record how deeply they nest so that printing, comparing and freeing them
// stays within a bounded recursion depth (kMaxNesting).
constexpr int kMaxNesting = 100;

struct List {
    std::vector<Value> items;
    bool is_tuple = false;
    int depth = 1;
    // Made by range(): it iterates and indexes like a list but prints as "range(0, 3)",
    // is no JSON and does not concatenate, like Python's range object.
    bool is_range = false;
    int64_t range_start = 0, range_stop = 0, range_step = 1;
    // "dict_keys", "dict_values" or "dict_items" for what dict.keys() & co. return: they
    // iterate like lists but print as views and can neither be indexed nor serialized.
    const char* view = nullptr;
    // With `view` naming its type ("generator", "list_reverseiterator"): what jinja2's map,
    // select, reverse & co. return. Always true, no len(), no indexing, prints as an object.
    // (Unlike Python's, it can be iterated more than once.)
    bool iterator = false;
};

// A Python dict: insertion-ordered, keys compared with Python equality (1 == 1.0 == True).
struct Dict {
    std::vector<std::pair<Value, Value>> entries;
    int depth = 1;
    const Value* find(const Value& key) const;
    const Value* find(const std::string& key) const;
    void set(Value key, Value value);  // only while building it
};

struct Namespace {
    std::vector<std::pair<std::string, Value>> attrs;
    const Value* find(const std::string& name) const;
    void set(const std::string& name, Value value);
};

struct CallArgs {
    std::vector<Value> positional;
    std::vector<std::pair<std::string, Value>> keyword;
};

struct Function {
    std::string name;
    std::function<Value(CallArgs&)> call;
    // What repr() shows: jinja2's "<Macro 'name'>" / "<Macro anonymous>" for macros and call
    // blocks; empty for builtins ("<function name>").
    std::string repr = {};
};

// The `loop` variable of a for loop; jinja mutates one object as the loop advances.
struct LoopState {
    std::shared_ptr<const List> items;
    int64_t index0 = 0;
    int depth0 = 0;
    std::shared_ptr<const List> last_changed;  // arguments of the last loop.changed() call
};

class Value {
public:
    enum class Type { Undefined, None, Bool, Int, Float, String, List, Dict, Namespace, Function, Loop };

    Value() = default;  // undefined
    static Value undefined(std::string hint = {});
    static Value none();
    static Value boolean(bool b);
    static Value integer(int64_t i);
    static Value number(double d);
    static Value string(std::string s);
    static Value list(std::vector<Value> items, bool is_tuple = false);
    static Value range(std::vector<Value> items, int64_t start, int64_t stop, int64_t step);
    static Value dict_view(std::vector<Value> items, const char* view);
    static Value iterator(std::vector<Value> items, const char* type);
    static Value dict(Dict d);
    static Value ns(Namespace* n);
    static Value function(std::string name, std::function<Value(CallArgs&)> call, std::string repr = {});
    static Value loop(std::shared_ptr<LoopState> state);

    Type type() const { return static_cast<Type>(v_.index()); }
    bool is_undefined() const { return type() == Type::Undefined; }
    bool is_none() const { return type() == Type::None; }
    bool is_bool() const { return type() == Type::Bool; }
    bool is_int() const { return type() == Type::Int; }
    bool is_float() const { return type() == Type::Float; }
    bool is_number() const { return is_int() || is_float() || is_bool(); }  // Python's numbers.Number
    bool is_string() const { return type() == Type::String; }
    bool is_list() const { return type() == Type::List; }  // list or tuple
    bool is_tuple() const { return is_list() && list().is_tuple; }
    bool is_range() const { return is_list() && list().is_range; }
    bool is_view() const { return is_list() && list().view != nullptr; }
    bool is_iterator() const { return is_list() && list().iterator; }
    // A list or tuple proper: not a range or dict view, which index and concatenate differently.
    bool is_plain_list() const { return is_list() && !list().is_range && !list().view; }
    bool is_dict() const { return type() == Type::Dict; }
    bool is_namespace() const { return type() == Type::Namespace; }
    bool is_function() const { return type() == Type::Function; }
    bool is_loop() const { return type() == Type::Loop; }

    const std::string& undefined_hint() const { return std::get<UndefinedTag>(v_).hint; }
    bool as_bool() const { return std::get<bool>(v_); }
    int64_t as_int() const { return std::get<int64_t>(v_); }
    double as_float() const { return std::get<double>(v_); }
    // Integer view of an int or bool (Python's bool is an int).
    int64_t int_value() const { return is_bool() ? (as_bool() ? 1 : 0) : as_int(); }
    double float_value() const { return is_float() ? as_float() : static_cast<double>(int_value()); }
    const std::string& str() const { return *std::get<StrPtr>(v_); }
    const List& list() const { return *std::get<ListPtr>(v_); }
    const std::shared_ptr<const List>& list_ptr() const { return std::get<ListPtr>(v_); }
    const Dict& dict() const { return *std::get<DictPtr>(v_); }
    Namespace* ns() const { return std::get<Namespace*>(v_); }
    const Function& function() const { return *std::get<FnPtr>(v_); }
    const std::shared_ptr<LoopState>& loop() const { return std::get<LoopPtr>(v_); }

    // Identity of shared payloads, for the `sameas` test.
    const void* identity() const;

private:
    struct UndefinedTag { std::string hint; };
    struct NoneTag {};
    using StrPtr = std::shared_ptr<const std::string>;
    using ListPtr = std::shared_ptr<const List>;
    using DictPtr = std::shared_ptr<const Dict>;
    using FnPtr = std::shared_ptr<const Function>;
    using LoopPtr = std::shared_ptr<LoopState>;
    std::variant<UndefinedTag, NoneTag, bool, int64_t, double, StrPtr, ListPtr, DictPtr, Namespace*, FnPtr, LoopPtr> v_;
};

// The work one render may do. Comparing, hashing and printing walk nested lists and dicts,
// which sharing can make far larger than memory ([big] * 100000), so they spend a step per
// element from the budget of the render running on this thread (none: unbounded).
class Budget {
public:
    explicit Budget(uint64_t steps) : limit_(steps) {}
    void spend(uint64_t steps);  // throws Error past the limit
    static void spend_current(uint64_t steps);

    // Makes `budget` the current thread's budget for as long as it lives.
    class Scope {
    public:
        explicit Scope(Budget& budget);
        ~Scope();
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        Budget* saved_;
    };

private:
    uint64_t limit_;
    uint64_t spent_ = 0;
};

// No printed value may be longer than this (the render's output limit).
constexpr size_t kMaxPrintBytes = size_t{4} << 20;

// Python's name of the value's type ("int", "str", "NoneType", ...).
const char* type_name(const Value& v);
// jinja2's object_type_repr: "dict object", "None", ...
std::string object_type_repr(const Value& v);

// The work, in bytes' worth, of walking a value's top level once (strings, lists, dicts).
size_t walk_cost(const Value& v);

bool truthy(const Value& v);
std::string to_str(const Value& v);   // str(v); Undefined renders as ""
std::string repr(const Value& v);     // repr(v)
bool equals(const Value& a, const Value& b);
// Python ordering; throws Error for types that do not order ("'<' not supported ...").
int compare(const Value& a, const Value& b, const char* op);
// Python hash, consistent with equals; throws Error for unhashable values.
size_t hash(const Value& v);

// Undefined values raise when used strictly: arithmetic, calls, attribute access.
[[noreturn]] void fail_undefined(const Value& v);

struct JsonOptions {
    bool indented = false;           // json.dumps(indent=...) given
    std::string indent;              // one level of indentation
    std::string item_separator = ", ";
    std::string key_separator = ": ";
    bool sort_keys = false;
    bool ensure_ascii = false;
};
// json.dumps(v, ...) exactly as Python formats it; throws Error for values JSON cannot hold.
std::string to_json(const Value& v, const JsonOptions& options);
Value from_json(const nlohmann::json& j);         // objects in sorted key order
Value from_json(const nlohmann::ordered_json& j); // objects in the order of the input

} // namespace moe::jinja
