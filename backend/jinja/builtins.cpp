#include "jinja/builtins.h"

#include <ctime>
#include <memory>

#include "jinja/error.h"
#include "jinja/interpreter.h"
#include "jinja/methods.h"

namespace moe::jinja {

namespace {

Value range(Interpreter& in, CallArgs& args) {
    if (!args.keyword.empty()) throw Error("range() takes no keyword arguments");
    const auto& a = args.positional;
    if (a.empty() || a.size() > 3) throw Error("range expected 1 to 3 arguments, got " + std::to_string(a.size()));
    for (const auto& v : a) {
        if (v.is_undefined()) fail_undefined(v);
        if (!v.is_int() && !v.is_bool()) throw Error(std::string("'") + type_name(v) + "' object cannot be interpreted as an integer");
    }
    const int64_t start = a.size() == 1 ? 0 : a[0].int_value();
    const int64_t stop = a.size() == 1 ? a[0].int_value() : a[1].int_value();
    const int64_t step = a.size() == 3 ? a[2].int_value() : 1;
    if (step == 0) throw Error("range() arg 3 must not be zero");
    // Length computed without overflow: ceil((stop - start) / step) when positive.
    const __int128 span = step > 0 ? static_cast<__int128>(stop) - start : static_cast<__int128>(start) - stop;
    const __int128 stride = step > 0 ? step : -static_cast<__int128>(step);
    const __int128 length = span <= 0 ? 0 : (span + stride - 1) / stride;
    if (length > kMaxRange) {
        throw Error("Range too big. The sandbox blocks ranges larger than MAX_RANGE (" + std::to_string(kMaxRange) + ").");
    }
    in.charge(1, static_cast<size_t>(length) * sizeof(Value));
    std::vector<Value> items;
    items.reserve(static_cast<size_t>(length));
    for (__int128 i = 0; i < length; ++i) items.push_back(Value::integer(static_cast<int64_t>(start + i * step)));
    return Value::range(std::move(items), start, stop, step);
}

// dict(mapping_or_pairs, **kwargs) and namespace(...) take the same arguments.
Dict dict_from_args(Interpreter& in, const char* name, CallArgs& args) {
    if (args.positional.size() > 1) throw Error(std::string(name) + " expected at most 1 argument, got " + std::to_string(args.positional.size()));
    Dict d;
    if (!args.positional.empty()) {
        const Value& src = args.positional[0];
        if (src.is_undefined()) fail_undefined(src);  // Python's dict() asks it for .keys
        if (src.is_dict()) {
            d = src.dict();
        } else {
            const auto source_items = iterate(in, src);
            for (const auto& pair : source_items->items) {
                const auto kv = iterate(in, pair);
                if (kv->items.size() != 2) throw Error("dictionary update sequence element has wrong length; 2 is required");
                d.set(kv->items[0], kv->items[1]);
            }
        }
    }
    for (auto& [k, v] : args.keyword) d.set(Value::string(k), v);
    in.check_items(d.entries.size());
    return d;
}

} // namespace

std::vector<std::pair<std::string, Value>> make_globals(Interpreter& in) {
    std::vector<std::pair<std::string, Value>> g;
    g.emplace_back("range", Value::function("range", [&in](CallArgs& args) { return range(in, args); }));
    g.emplace_back("dict", Value::function("dict", [&in](CallArgs& args) {
        return Value::dict(dict_from_args(in, "dict", args));
    }));
    g.emplace_back("namespace", Value::function("namespace", [&in](CallArgs& args) {
        Dict attrs = dict_from_args(in, "namespace", args);
        Namespace* ns = in.new_namespace();
        for (auto& [k, v] : attrs.entries) {
            if (!k.is_string()) throw Error("namespace attribute names must be strings");
            ns->set(k.str(), v);
        }
        return Value::ns(ns);
    }));
    g.emplace_back("joiner", Value::function("joiner", [](CallArgs& args) {
        ArgReader r("joiner", args, {"sep"});
        const std::string sep = r.has(0) ? to_str(r.get(0)) : ", ";
        auto used = std::make_shared<bool>(false);
        return Value::function("joiner", [sep, used](CallArgs&) {
            if (!*used) {
                *used = true;
                return Value::string("");
            }
            return Value::string(sep);
        });
    }));
    g.emplace_back("raise_exception", Value::function("raise_exception", [](CallArgs& args) -> Value {
        ArgReader r("raise_exception", args, {"message"});
        throw Error(r.has(0) ? to_str(r.get(0)) : std::string("raise_exception() was called"));
    }));
    g.emplace_back("strftime_now", Value::function("strftime_now", [](CallArgs& args) {
        ArgReader r("strftime_now", args, {"format"});
        if (!r.has(0)) throw Error("strftime_now() missing required argument 'format'");
        const std::string& format = expect_string(r.get(0), "format");
        const std::time_t now = std::time(nullptr);
        std::tm local{};
        localtime_r(&now, &local);
        std::string out(format.size() * 8 + 64, '\0');
        const size_t n = std::strftime(out.data(), out.size(), format.c_str(), &local);
        out.resize(n);
        return Value::string(std::move(out));
    }));
    return g;
}

} // namespace moe::jinja
