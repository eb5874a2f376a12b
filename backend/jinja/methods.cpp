#include "jinja/methods.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstring>

#include "jinja/error.h"
#include "jinja/interpreter.h"
#include "jinja/pystr.h"

namespace moe::jinja {

ArgReader::ArgReader(const std::string& function, CallArgs& args, std::initializer_list<const char*> names)
    : slots_(names.size()) {
    if (args.positional.size() > names.size()) {
        throw Error(function + "() takes at most " + std::to_string(names.size()) + " argument(s) (" +
                    std::to_string(args.positional.size()) + " given)");
    }
    for (size_t i = 0; i < args.positional.size(); ++i) slots_[i] = {std::move(args.positional[i]), true};
    for (auto& keyword : args.keyword) {
        const std::string& key = keyword.first;
        const auto it = std::find_if(names.begin(), names.end(), [&key](const char* n) { return key == n; });
        if (it == names.end()) throw Error(function + "() got an unexpected keyword argument '" + key + "'");
        auto& slot = slots_[static_cast<size_t>(it - names.begin())];
        if (slot.second) throw Error(function + "() got multiple values for argument '" + key + "'");
        slot = {std::move(keyword.second), true};
    }
}

int64_t expect_int(const Value& v, const char* what) {
    if (v.is_int() || v.is_bool()) return v.int_value();
    if (v.is_undefined()) fail_undefined(v);
    throw Error(std::string(what) + " must be an integer, not '" + type_name(v) + "'");
}

const std::string& expect_string(const Value& v, const char* what) {
    if (v.is_string()) return v.str();
    if (v.is_undefined()) fail_undefined(v);
    throw Error(std::string(what) + " must be str, not " + type_name(v));
}

namespace {

Value unsafe(const Value& obj, const std::string& name) {
    return Value::undefined("access to attribute '" + name + "' of '" + type_name(obj) + "' object is unsafe.");
}

Value no_attribute(const Value& obj, const std::string& name) {
    return Value::undefined("'" + object_type_repr(obj) + "' has no attribute '" + name + "'");
}

Value list_of_strings(Interpreter& in, std::vector<std::string> parts, bool tuple = false) {
    in.check_items(parts.size());
    in.charge(0, parts.size() * sizeof(Value));
    std::vector<Value> items;
    items.reserve(parts.size());
    for (auto& p : parts) items.push_back(Value::string(std::move(p)));
    return Value::list(std::move(items), tuple);
}

const std::string* optional_string(const ArgReader& r, size_t i, const char* what) {
    if (!r.has(i) || r.get(i).is_none()) return nullptr;
    return &expect_string(r.get(i), what);
}

// Python's slice-style [start:end] bounds of str methods, as byte offsets of `s`. A start
// past the end (after Python's adjustment, which does not clamp start) gives {npos, npos}:
// nothing matches there, not even an empty string ("".endswith("", 1) is False).
std::pair<size_t, size_t> sub_range(const std::string& s, const ArgReader& r, size_t start_arg) {
    const auto offsets = py::code_point_offsets(s);
    const int64_t n = static_cast<int64_t>(offsets.size() - 1);
    auto bound = [&](size_t i, int64_t fallback) {
        if (!r.has(i) || r.get(i).is_none()) return fallback;
        int64_t v = expect_int(r.get(i), "slice index");
        if (v < 0) v = std::max<int64_t>(0, v + n);
        return v;
    };
    const int64_t start = bound(start_arg, 0);
    const int64_t end = std::min(bound(start_arg + 1, n), n);
    if (start > end) return {std::string::npos, std::string::npos};
    return {offsets[static_cast<size_t>(start)], offsets[static_cast<size_t>(end)]};
}

std::string pad(Interpreter& in, const std::string& s, const ArgReader& r, int where /* -1 left, 0 center, 1 right */) {
    const int64_t width = expect_int(r.get(0), "width");
    std::string fill = " ";
    if (r.has(1)) {
        fill = expect_string(r.get(1), "fillchar");
        if (py::length(fill) != 1) throw Error("The fill character must be exactly one character long");
    }
    const int64_t len = static_cast<int64_t>(py::length(s));
    if (width <= len) return s;
    const int64_t total = width - len;
    in.check_size(s.size() + static_cast<size_t>(total) * fill.size());
    in.charge(0, s.size() + static_cast<size_t>(total) * fill.size());
    int64_t left = where < 0 ? 0 : (where > 0 ? total : total / 2 + (total & width & 1));
    std::string out;
    for (int64_t i = 0; i < left; ++i) out += fill;
    out += s;
    for (int64_t i = 0; i < total - left; ++i) out += fill;
    return out;
}

// format(value, spec) for the specs templates use: [[fill]align][sign][0][width][.precision][type]
// with type s, d or f (or none); anything else is an error.
std::string format_spec(const Value& v, const std::string& spec) {
    if (spec.empty()) return to_str(v);
    size_t i = 0;
    std::string fill = " ";
    char align = 0;
    auto is_align = [](char c) { return c == '<' || c == '>' || c == '^' || c == '='; };
    {
        size_t next = 0;
        py::next_code_point(spec, next);
        if (next < spec.size() && is_align(spec[next])) {
            fill = spec.substr(0, next);
            align = spec[next];
            i = next + 1;
        } else if (is_align(spec[0])) {
            align = spec[0];
            i = 1;
        }
    }
    char sign = 0;
    if (i < spec.size() && (spec[i] == '+' || spec[i] == '-' || spec[i] == ' ')) sign = spec[i++];
    bool zero = false;
    if (i < spec.size() && spec[i] == '0') {
        zero = true;
        ++i;
    }
    size_t width = 0;
    while (i < spec.size() && spec[i] >= '0' && spec[i] <= '9') {
        width = width * 10 + static_cast<size_t>(spec[i++] - '0');
        if (width > kMaxPrintBytes) throw Error("format width too large");
    }
    int precision = -1;
    if (i < spec.size() && spec[i] == '.') {
        precision = 0;
        while (++i < spec.size() && spec[i] >= '0' && spec[i] <= '9') precision = std::min(precision * 10 + (spec[i] - '0'), 100);
    }
    const char type = i < spec.size() ? spec[i++] : 0;
    if (i != spec.size()) throw Error("Invalid format specifier");
    std::string body;
    const bool number = v.is_number();
    if (v.is_string()) {
        if ((type && type != 's') || sign) throw Error("Unknown format code for object of type 'str'");
        if (align == '=') throw Error("'=' alignment not allowed in string format specifier");
        body = v.str();
        if (precision >= 0 && py::length(body) > static_cast<size_t>(precision)) {
            body.resize(py::code_point_offsets(body)[static_cast<size_t>(precision)]);
        }
    } else if (number && (type == 0 || type == 'd') && !v.is_float()) {
        if (precision >= 0) throw Error("Precision not allowed in integer format specifier");
        const int64_t n = v.int_value();
        body = std::to_string(n);
        if (n >= 0 && (sign == '+' || sign == ' ')) body.insert(0, 1, sign);
    } else if (number && (type == 'f' || (type == 0 && v.is_float() && precision >= 0))) {
        std::vector<char> buf(512);
        std::string c_spec = "%";
        if (sign == '+' || sign == ' ') c_spec += sign;
        c_spec += ".*f";
        std::snprintf(buf.data(), buf.size(), c_spec.c_str(), precision < 0 ? 6 : precision, v.float_value());
        body = buf.data();
    } else if (number && type == 0 && v.is_float()) {
        body = to_str(v);
        if (body[0] != '-' && (sign == '+' || sign == ' ')) body.insert(0, 1, sign);
    } else {
        throw Error(std::string("unsupported format string passed to ") + type_name(v) + ".__format__");
    }
    if (zero && !align) {
        fill = "0";
        align = number ? '=' : '<';
    }
    if (!align) align = number ? '>' : '<';
    const size_t length = py::length(body);
    if (length >= width) return body;
    const size_t total = width - length;
    std::string pad_left, pad_right;
    size_t left = align == '<' ? 0 : (align == '^' ? total / 2 : total);
    for (size_t k = 0; k < left; ++k) pad_left += fill;
    for (size_t k = 0; k < total - left; ++k) pad_right += fill;
    if (align == '=' && !body.empty() && (body[0] == '-' || body[0] == '+' || body[0] == ' ')) {
        return body.substr(0, 1) + pad_left + body.substr(1);
    }
    return pad_left + body + pad_right;
}

// "{} {0} {name!r:>5}".format(...): positional and named fields, conversions, simple specs.
std::string format_fields(Interpreter& in, const std::string& fmt, CallArgs& args) {
    std::string out;
    size_t auto_index = 0;
    bool automatic = false, manual = false;
    for (size_t i = 0; i < fmt.size(); ++i) {
        const char c = fmt[i];
        if (c == '}') {
            if (i + 1 < fmt.size() && fmt[i + 1] == '}') {
                out += '}';
                ++i;
                continue;
            }
            throw Error("Single '}' encountered in format string");
        }
        if (c != '{') {
            out += c;
            continue;
        }
        if (i + 1 < fmt.size() && fmt[i + 1] == '{') {
            out += '{';
            ++i;
            continue;
        }
        const size_t close = fmt.find('}', i);
        if (close == std::string::npos) throw Error("Single '{' encountered in format string");
        std::string field = fmt.substr(i + 1, close - i - 1), spec;
        char conversion = 0;
        if (const size_t colon = field.find(':'); colon != std::string::npos) {
            spec = field.substr(colon + 1);
            field.resize(colon);
        }
        if (const size_t bang = field.find('!'); bang != std::string::npos) {
            if (bang + 2 != field.size() || (field[bang + 1] != 'r' && field[bang + 1] != 's')) {
                throw Error("unsupported conversion in str.format");
            }
            conversion = field[bang + 1];
            field.resize(bang);
        }
        if (field.find_first_of(".[{") != std::string::npos || spec.find('{') != std::string::npos) {
            throw Error("attribute, index and nested fields are not supported in str.format");
        }
        const Value* v = nullptr;
        if (field.empty() || std::all_of(field.begin(), field.end(), [](char d) { return d >= '0' && d <= '9'; })) {
            (field.empty() ? automatic : manual) = true;
            if (automatic && manual) throw Error("cannot switch between manual and automatic field numbering");
            const size_t index = field.empty() ? auto_index++ : static_cast<size_t>(std::stoul(field.substr(0, 9)));
            if (index >= args.positional.size()) throw Error("Replacement index " + std::to_string(index) + " out of range");
            v = &args.positional[index];
        } else {
            for (const auto& [k, val] : args.keyword) {
                if (k == field) v = &val;
            }
            if (!v) throw Error("KeyError: '" + field + "'");
        }
        if (conversion) out += format_spec(Value::string(conversion == 'r' ? repr(*v) : to_str(*v)), spec);
        else out += format_spec(*v, spec);
        in.check_size(out.size());
        i = close;
    }
    in.charge(0, out.size());
    return out;
}

Value string_method(Interpreter& in, const Value& self, const std::string& name) {
    auto method = [&](auto body) {
        return Value::function("str." + name, [&in, self, name, body](CallArgs& args) -> Value {
            in.charge(1, self.str().size());
            return body(self.str(), args);
        });
    };
    auto string_result = [&in](std::string r) {
        in.check_size(r.size());
        return Value::string(std::move(r));
    };
    if (name == "strip" || name == "lstrip" || name == "rstrip") {
        const bool left = name != "rstrip", right = name != "lstrip";
        return method([left, right, name](const std::string& str, CallArgs& args) {
            ArgReader r(name, args, {"chars"});
            return Value::string(std::string(py::strip(str, optional_string(r, 0, "chars"), left, right)));
        });
    }
    if (name == "split" || name == "rsplit") {
        return method([&in, name](const std::string& str, CallArgs& args) {
            ArgReader r(name, args, {"sep", "maxsplit"});
            const std::string* sep = optional_string(r, 0, "sep");
            if (sep && sep->empty()) throw Error("empty separator");
            const int64_t maxsplit = r.has(1) ? expect_int(r.get(1), "maxsplit") : -1;
            return list_of_strings(in, name == "split" ? py::split(str, sep, maxsplit) : py::rsplit(str, sep, maxsplit));
        });
    }
    if (name == "splitlines") {
        return method([&in](const std::string& str, CallArgs& args) {
            ArgReader r("splitlines", args, {"keepends"});
            // keepends is an integer (or bool) in Python: a string there is a TypeError.
            if (r.has(0) && !r.get(0).is_int() && !r.get(0).is_bool()) {
                throw Error(std::string("'") + type_name(r.get(0)) + "' object cannot be interpreted as an integer");
            }
            return list_of_strings(in, py::splitlines(str, r.has(0) && truthy(r.get(0))));
        });
    }
    if (name == "startswith" || name == "endswith") {
        const bool starts = name == "startswith";
        return method([starts, name](const std::string& str, CallArgs& args) {
            ArgReader r(name, args, {"prefix", "start", "end"});
            if (!r.has(0)) throw Error(name + "() takes at least 1 argument (0 given)");
            const auto [b, e] = sub_range(str, r, 1);
            if (b == std::string::npos) return Value::boolean(false);
            const std::string_view view = std::string_view(str).substr(b, e - b);
            std::vector<Value> candidates;
            if (r.get(0).is_tuple()) candidates = r.get(0).list().items;
            else candidates.push_back(r.get(0));
            for (const auto& c : candidates) {
                if (!c.is_string()) {
                    throw Error(name + " first arg must be str or a tuple of str, not " + type_name(c));
                }
                const std::string& p = c.str();
                if (p.size() > view.size()) continue;
                if (starts ? view.substr(0, p.size()) == p : view.substr(view.size() - p.size()) == p) {
                    return Value::boolean(true);
                }
            }
            return Value::boolean(false);
        });
    }
    if (name == "upper" || name == "lower" || name == "casefold" || name == "title" || name == "capitalize" ||
        name == "swapcase") {
        return method([name, string_result](const std::string& str, CallArgs& args) {
            ArgReader r(name, args, {});
            if (name == "upper") return string_result(py::upper(str));
            if (name == "lower") return string_result(py::lower(str));
            if (name == "casefold") return string_result(py::casefold(str));
            if (name == "title") return string_result(py::title(str));
            if (name == "capitalize") return string_result(py::capitalize(str));
            std::string out;
            for (size_t i = 0; i < str.size();) {
                const size_t start = i;
                const char32_t cp = py::next_code_point(str, i);
                const char32_t up = py::to_upper(cp);
                const char32_t low = py::to_lower(cp);
                if (up != cp) py::append_utf8(out, up);
                else if (low != cp) py::append_utf8(out, low);
                else out += py::upper(std::string_view(str).substr(start, i - start));  // ß -> SS
            }
            return string_result(std::move(out));
        });
    }
    if (name == "replace") {
        return method([&in](const std::string& str, CallArgs& args) {
            ArgReader r("replace", args, {"old", "new", "count"});
            if (!r.has(1)) throw Error("replace() takes at least 2 arguments");
            const std::string& old = expect_string(r.get(0), "replace() argument 1");
            const std::string& repl = expect_string(r.get(1), "replace() argument 2");
            const int64_t count = r.has(2) ? expect_int(r.get(2), "count") : -1;
            const size_t size = py::replaced_size(str, old, repl, count);
            in.check_size(size);
            in.charge(0, size);
            return Value::string(py::replace(str, old, repl, count));
        });
    }
    if (name == "find" || name == "rfind" || name == "index" || name == "rindex" || name == "count") {
        return method([name](const std::string& str, CallArgs& args) {
            ArgReader r(name, args, {"sub", "start", "end"});
            if (!r.has(0)) throw Error(name + "() takes at least 1 argument (0 given)");
            const std::string& sub = expect_string(r.get(0), "must be str");
            const auto [b, e] = sub_range(str, r, 1);
            if (b == std::string::npos) {
                if (name == "count") return Value::integer(0);
                if (name == "index" || name == "rindex") throw Error("substring not found");
                return Value::integer(-1);
            }
            const std::string_view view = std::string_view(str).substr(b, e - b);
            if (name == "count") return Value::integer(static_cast<int64_t>(py::count(view, sub)));
            const bool reverse = name == "rfind" || name == "rindex";
            const size_t at = reverse ? py::rfind(view, sub) : py::find(view, sub);
            if (at == std::string_view::npos) {
                if (name == "index" || name == "rindex") throw Error("substring not found");
                return Value::integer(-1);
            }
            return Value::integer(static_cast<int64_t>(py::code_point_index(str, b + at)));
        });
    }
    if (name == "join") {
        return method([&in](const std::string& str, CallArgs& args) {
            ArgReader r("join", args, {"iterable"});
            if (!r.has(0)) throw Error("join() takes exactly one argument (0 given)");
            const auto items = iterate(in, r.get(0));
            std::string out;
            for (size_t i = 0; i < items->items.size(); ++i) {
                const Value& item = items->items[i];
                if (!item.is_string()) {
                    throw Error("sequence item " + std::to_string(i) + ": expected str instance, " + type_name(item) + " found");
                }
                if (i) out += str;
                out += item.str();
                in.check_size(out.size());
            }
            in.charge(0, out.size());
            return Value::string(std::move(out));
        });
    }
    if (name == "isdigit" || name == "isdecimal" || name == "isnumeric" || name == "isalpha" || name == "isalnum" ||
        name == "isspace" || name == "islower" || name == "isupper" || name == "istitle") {
        return method([name](const std::string& str, CallArgs& args) {
            ArgReader r(name, args, {});
            if (name == "istitle") {
                // Upper-case letters only after uncased characters, lower-case ones only after
                // cased ones, and at least one cased letter.
                bool cased = false, previous_cased = false;
                for (size_t i = 0; i < str.size();) {
                    const char32_t cp = py::next_code_point(str, i);
                    if (!py::is_cased_letter(cp)) {
                        previous_cased = false;
                        continue;
                    }
                    const bool upper = py::to_lower(cp) != cp || cp == 0x130;
                    if (upper == previous_cased) return Value::boolean(false);
                    previous_cased = cased = true;
                }
                return Value::boolean(cased);
            }
            if (name == "islower" || name == "isupper") {
                bool cased = false;
                for (size_t i = 0; i < str.size();) {
                    const char32_t cp = py::next_code_point(str, i);
                    if (!py::is_cased_letter(cp)) continue;
                    cased = true;
                    const bool upper = py::to_lower(cp) != cp || cp == 0x130;  // İ lowers to two code points
                    if (name == "islower" ? upper : !upper) return Value::boolean(false);
                }
                return Value::boolean(cased);
            }
            if (str.empty()) return Value::boolean(false);
            for (size_t i = 0; i < str.size();) {
                const char32_t cp = py::next_code_point(str, i);
                bool ok;
                if (name == "isspace") ok = py::is_space(cp);
                else if (name == "isalpha") ok = py::is_alpha(cp);
                else if (name == "isalnum") ok = py::is_alpha(cp) || py::is_digit(cp);
                else ok = py::is_digit(cp);
                if (!ok) return Value::boolean(false);
            }
            return Value::boolean(true);
        });
    }
    if (name == "center" || name == "ljust" || name == "rjust") {
        const int where = name == "center" ? 0 : (name == "ljust" ? -1 : 1);
        return method([&in, name, where](const std::string& str, CallArgs& args) {
            ArgReader r(name, args, {"width", "fillchar"});
            if (!r.has(0)) throw Error(name + "() takes at least 1 argument (0 given)");
            return Value::string(pad(in, str, r, where));
        });
    }
    if (name == "zfill") {
        return method([&in](const std::string& str, CallArgs& args) {
            ArgReader r("zfill", args, {"width"});
            if (!r.has(0)) throw Error("zfill() takes exactly one argument (0 given)");
            const int64_t width = expect_int(r.get(0), "width");
            const int64_t len = static_cast<int64_t>(py::length(str));
            if (width <= len) return Value::string(str);
            in.check_size(str.size() + static_cast<size_t>(width - len));
            const bool sign = !str.empty() && (str[0] == '-' || str[0] == '+');
            std::string out = sign ? str.substr(0, 1) : std::string();
            out.append(static_cast<size_t>(width - len), '0');
            out += sign ? str.substr(1) : str;
            return Value::string(std::move(out));
        });
    }
    if (name == "partition" || name == "rpartition") {
        return method([&in, name](const std::string& str, CallArgs& args) {
            ArgReader r(name, args, {"sep"});
            if (!r.has(0)) throw Error(name + "() takes exactly one argument (0 given)");
            const std::string& sep = expect_string(r.get(0), "sep");
            if (sep.empty()) throw Error("empty separator");
            const size_t at = name == "partition" ? py::find(str, sep) : py::rfind(str, sep);
            if (at == std::string::npos) {
                if (name == "partition") return list_of_strings(in, {str, "", ""}, true);
                return list_of_strings(in, {"", "", str}, true);
            }
            return list_of_strings(in, {str.substr(0, at), sep, str.substr(at + sep.size())}, true);
        });
    }
    if (name == "removeprefix" || name == "removesuffix") {
        return method([name](const std::string& str, CallArgs& args) {
            ArgReader r(name, args, {"affix"});
            if (!r.has(0)) throw Error(name + "() takes exactly one argument (0 given)");
            const std::string& a = expect_string(r.get(0), "argument");
            if (name == "removeprefix" && str.compare(0, a.size(), a) == 0) return Value::string(str.substr(a.size()));
            if (name == "removesuffix" && !a.empty() && str.size() >= a.size() &&
                str.compare(str.size() - a.size(), a.size(), a) == 0) {
                return Value::string(str.substr(0, str.size() - a.size()));
            }
            return Value::string(str);
        });
    }
    if (name == "format") {
        return method([&in](const std::string& str, CallArgs& args) { return Value::string(format_fields(in, str, args)); });
    }
    return no_attribute(self, name);
}

Value dict_method(Interpreter& in, const Value& self, const std::string& name) {
    static constexpr std::array<const char*, 5> kMutating = {"clear", "pop", "popitem", "setdefault", "update"};
    if (std::find_if(kMutating.begin(), kMutating.end(), [&](const char* m) { return name == m; }) != kMutating.end()) {
        return unsafe(self, name);
    }
    if (name == "items" || name == "keys" || name == "values") {
        return Value::function("dict." + name, [&in, self, name](CallArgs& args) {
            ArgReader r(name, args, {});
            const auto& entries = self.dict().entries;
            in.charge(1, entries.size() * sizeof(Value));
            std::vector<Value> items;
            items.reserve(entries.size());
            for (const auto& [k, v] : entries) {
                if (name == "items") items.push_back(Value::list({k, v}, true));
                else items.push_back(name == "keys" ? k : v);
            }
            static const char* const kViews[] = {"dict_items", "dict_keys", "dict_values"};
            return Value::dict_view(std::move(items), kViews[name == "items" ? 0 : (name == "keys" ? 1 : 2)]);
        });
    }
    if (name == "get") {
        return Value::function("dict.get", [self](CallArgs& args) {
            ArgReader r("get", args, {"key", "default"});
            if (!r.has(0)) throw Error("get expected at least 1 argument, got 0");
            hash(r.get(0));
            const Value* v = self.dict().find(r.get(0));
            return v ? *v : r.get_or(1, Value::none());
        });
    }
    if (name == "copy") {
        return Value::function("dict.copy", [self](CallArgs& args) {
            ArgReader r("copy", args, {});
            return self;
        });
    }
    return Value();  // not a method: the caller looks the key up
}

Value list_method(const Value& self, const std::string& name) {
    if (self.is_view()) return no_attribute(self, name);
    if (self.is_range()) {
        // A range has start / stop / step and index / count, nothing to mutate or copy.
        const List& l = self.list();
        if (name == "start") return Value::integer(l.range_start);
        if (name == "stop") return Value::integer(l.range_stop);
        if (name == "step") return Value::integer(l.range_step);
        if (name != "index" && name != "count") return no_attribute(self, name);
    }
    static constexpr std::array<const char*, 8> kMutating = {"append", "clear", "pop", "reverse",
                                                             "insert", "sort", "extend", "remove"};
    if (!self.is_tuple() &&
        std::find_if(kMutating.begin(), kMutating.end(), [&](const char* m) { return name == m; }) != kMutating.end()) {
        return unsafe(self, name);
    }
    if (name == "index" || name == "count") {
        return Value::function("list." + name, [self, name](CallArgs& args) {
            ArgReader r(name, args, {"value", "start", "stop"});
            if (!r.has(0)) throw Error(name + "() takes at least 1 argument (0 given)");
            if (name == "count" && (r.has(1) || r.has(2))) throw Error("count() takes exactly one argument");
            const auto& items = self.list().items;
            const int64_t size = static_cast<int64_t>(items.size());
            auto bound = [&](size_t i, int64_t fallback) {  // list.index(x, start, stop) bounds
                if (!r.has(i)) return fallback;
                int64_t v = expect_int(r.get(i), "slice index");
                if (v < 0) v = std::max<int64_t>(0, v + size);
                return std::min(v, size);
            };
            const size_t from = static_cast<size_t>(bound(1, 0)), to = static_cast<size_t>(bound(2, size));
            int64_t n = 0;
            for (size_t i = from; i < to; ++i) {
                if (!equals(items[i], r.get(0))) continue;
                if (name == "index") return Value::integer(static_cast<int64_t>(i));
                ++n;
            }
            if (name == "index") throw Error(repr(r.get(0)) + " is not in list");
            return Value::integer(n);
        });
    }
    if (name == "copy" && !self.is_tuple()) {
        return Value::function("list.copy", [self](CallArgs& args) {
            ArgReader r("copy", args, {});
            return self;
        });
    }
    return no_attribute(self, name);
}

Value loop_attribute(const Value& self, const std::string& name) {
    const auto& state = self.loop();
    const int64_t length = static_cast<int64_t>(state->items->items.size());
    const int64_t i = state->index0;
    if (name == "index") return Value::integer(i + 1);
    if (name == "index0") return Value::integer(i);
    if (name == "revindex") return Value::integer(length - i);
    if (name == "revindex0") return Value::integer(length - i - 1);
    if (name == "first") return Value::boolean(i == 0);
    if (name == "last") return Value::boolean(i == length - 1);
    if (name == "length") return Value::integer(length);
    if (name == "depth") return Value::integer(state->depth0 + 1);
    if (name == "depth0") return Value::integer(state->depth0);
    if (name == "previtem") {
        if (i == 0) return Value::undefined("there is no previous item");
        return state->items->items[static_cast<size_t>(i - 1)];
    }
    if (name == "nextitem") {
        if (i + 1 >= length) return Value::undefined("there is no next item");
        return state->items->items[static_cast<size_t>(i + 1)];
    }
    std::weak_ptr<LoopState> weak = state;  // a method stored in the loop state must not keep it alive
    if (name == "cycle") {
        return Value::function("loop.cycle", [weak](CallArgs& args) {
            const auto s = weak.lock();
            if (!s) throw Error("the loop has ended");
            if (args.positional.empty()) throw Error("no items for cycling given");
            return args.positional[static_cast<size_t>(s->index0) % args.positional.size()];
        });
    }
    if (name == "changed") {
        return Value::function("loop.changed", [weak](CallArgs& args) {
            const auto s = weak.lock();
            if (!s) throw Error("the loop has ended");
            Value now = Value::list(args.positional);
            if (s->last_changed && equals(Value::list(s->last_changed->items), now)) return Value::boolean(false);
            s->last_changed = now.list_ptr();
            return Value::boolean(true);
        });
    }
    return no_attribute(self, name);
}

} // namespace

Value get_attribute(Interpreter& in, const Value& obj, const std::string& name) {
    if (obj.is_undefined()) fail_undefined(obj);
    if (!name.empty() && name[0] == '_') return unsafe(obj, name);
    switch (obj.type()) {
    case Value::Type::String: return string_method(in, obj, name);
    case Value::Type::Dict: {
        Value method = dict_method(in, obj, name);
        if (!method.is_undefined() || !method.undefined_hint().empty()) return method;
        if (const Value* v = obj.dict().find(name)) return *v;
        return no_attribute(obj, name);
    }
    case Value::Type::List: return list_method(obj, name);
    case Value::Type::Namespace: {
        in.charge(1 + obj.ns()->attrs.size() / 8);
        if (const Value* v = obj.ns()->find(name)) return *v;
        return no_attribute(obj, name);
    }
    case Value::Type::Loop: return loop_attribute(obj, name);
    case Value::Type::Bool:
    case Value::Type::Int:
    case Value::Type::Float:
        if (name == "real") return obj.is_float() ? obj : Value::integer(obj.int_value());
        if (name == "imag") return obj.is_float() ? Value::number(0.0) : Value::integer(0);
        return no_attribute(obj, name);
    default: return no_attribute(obj, name);
    }
}

Value get_item(Interpreter& in, const Value& obj, const Value& key) {
    if (obj.is_undefined()) fail_undefined(obj);
    auto missing = [&]() {
        if (key.is_string()) return no_attribute(obj, key.str());
        return Value::undefined(object_type_repr(obj) + " has no element " + repr(key));
    };
    switch (obj.type()) {
    case Value::Type::Dict: {
        if (key.is_list() && !key.is_tuple()) return missing();  // unhashable: TypeError, caught by the sandbox
        if (const Value* v = obj.dict().find(key)) return *v;
        if (key.is_string() && (key.str().empty() || key.str()[0] != '_')) {
            Value method = dict_method(in, obj, key.str());
            if (!method.is_undefined()) return method;
        }
        return missing();
    }
    case Value::Type::List:
    case Value::Type::String: {
        if (obj.is_view()) return missing();  // views are not subscriptable: TypeError, caught
        if (key.is_int() || key.is_bool()) {
            int64_t i = key.int_value();
            if (obj.is_string()) {
                const std::string& s = obj.str();
                in.charge(1, s.size());  // finding a code point walks the string
                if (py::is_ascii(s)) {
                    const int64_t n = static_cast<int64_t>(s.size());
                    if (i < 0) i += n;
                    if (i < 0 || i >= n) return missing();
                    return Value::string(std::string(1, s[static_cast<size_t>(i)]));
                }
                const auto offsets = py::code_point_offsets(s);
                const int64_t n = static_cast<int64_t>(offsets.size() - 1);
                if (i < 0) i += n;
                if (i < 0 || i >= n) return missing();
                const size_t b = offsets[static_cast<size_t>(i)];
                return Value::string(s.substr(b, offsets[static_cast<size_t>(i) + 1] - b));
            }
            const auto& items = obj.list().items;
            const int64_t n = static_cast<int64_t>(items.size());
            if (i < 0) i += n;
            if (i < 0 || i >= n) return missing();
            return items[static_cast<size_t>(i)];
        }
        if (key.is_string()) {
            Value attr = get_attribute(in, obj, key.str());
            if (!attr.is_undefined()) return attr;
        }
        return missing();
    }
    case Value::Type::Namespace:
    case Value::Type::Loop:
        if (key.is_string()) return get_attribute(in, obj, key.str());
        return missing();
    default: return missing();
    }
}

Value get_slice(Interpreter& in, const Value& obj, const Value& start, const Value& stop, const Value& step) {
    // jinja2 slices with Python's own [] (not the sandbox's getitem), so errors are not softened.
    if (obj.is_undefined()) fail_undefined(obj);
    const bool is_str = obj.is_string();
    if (obj.is_dict()) throw Error("unhashable type: 'slice'");
    if (!is_str && (!obj.is_list() || obj.is_view())) {
        throw Error(std::string("'") + type_name(obj) + "' object is not subscriptable");
    }
    for (const Value* b : {&start, &stop, &step}) {
        if (!b->is_none() && !b->is_int() && !b->is_bool()) {
            throw Error("slice indices must be integers or None or have an __index__ method");
        }
    }
    const int64_t st = step.is_none() ? 1 : step.int_value();
    if (st == 0) throw Error("slice step cannot be zero");
    std::vector<size_t> offsets;
    int64_t n;
    if (is_str) {
        offsets = py::code_point_offsets(obj.str());
        n = static_cast<int64_t>(offsets.size() - 1);
    } else {
        n = static_cast<int64_t>(obj.list().items.size());
    }
    auto adjust = [&](const Value& v, int64_t fallback) {
        if (v.is_none()) return fallback;
        int64_t i = v.int_value();
        if (i < 0) {
            i += n;
            if (i < 0) i = st < 0 ? -1 : 0;
        } else if (i >= n) {
            i = st < 0 ? n - 1 : n;
        }
        return i;
    };
    const int64_t begin = adjust(start, st < 0 ? n - 1 : 0);
    const int64_t end = adjust(stop, st < 0 ? -1 : n);
    std::vector<int64_t> picks;
    for (int64_t i = begin; st > 0 ? i < end : i > end;) {
        picks.push_back(i);
        if (__builtin_add_overflow(i, st, &i)) break;
    }
    in.charge(1, picks.size() * (is_str ? 4 : sizeof(Value)) + (is_str ? obj.str().size() : 0));
    if (is_str) {
        const std::string& s = obj.str();
        std::string out;
        if (st == 1 && !picks.empty()) {
            out = s.substr(offsets[static_cast<size_t>(begin)], offsets[static_cast<size_t>(end)] - offsets[static_cast<size_t>(begin)]);
        } else {
            for (int64_t i : picks) {
                const size_t b = offsets[static_cast<size_t>(i)];
                out.append(s, b, offsets[static_cast<size_t>(i) + 1] - b);
            }
        }
        return Value::string(std::move(out));
    }
    std::vector<Value> items;
    items.reserve(picks.size());
    for (int64_t i : picks) items.push_back(obj.list().items[static_cast<size_t>(i)]);
    if (obj.is_range()) {
        // A slice of a range is a range: range(3)[:2] is range(0, 2), as Python computes it.
        const List& r = obj.list();
        return Value::range(std::move(items), r.range_start + begin * r.range_step, r.range_start + end * r.range_step,
                            r.range_step * st);
    }
    return Value::list(std::move(items), obj.is_tuple());
}

// "text" % args: printf-style formatting for the conversions templates use.
std::string percent_format(const std::string& format, const Value& args) {
    std::vector<Value> values;
    if (args.is_tuple()) values = args.list().items;
    else values.push_back(args);
    size_t next = 0;
    std::string out;
    for (size_t i = 0; i < format.size(); ++i) {
        if (format[i] != '%') {
            out += format[i];
            continue;
        }
        if (++i >= format.size()) throw Error("incomplete format");
        if (format[i] == '%') {
            out += '%';
            continue;
        }
        // A mapping key: "%(name)s" takes args["name"].
        const Value* keyed = nullptr;
        if (format[i] == '(') {
            if (!args.is_dict()) throw Error("format requires a mapping");
            size_t depth = 1, j = i + 1;
            for (; j < format.size() && depth > 0; ++j) {
                if (format[j] == '(') ++depth;
                else if (format[j] == ')') --depth;
            }
            if (depth > 0) throw Error("incomplete format key");
            const std::string key = format.substr(i + 1, j - 1 - (i + 1));
            keyed = args.dict().find(key);
            if (!keyed) throw Error("KeyError: '" + key + "'");
            next = values.size();  // as in CPython, a keyed field leaves nothing for unkeyed ones
            i = j;
            if (i >= format.size()) throw Error("incomplete format");
        }
        // Flags and a field width: "%-5s", "%05d", "%+.2f".
        std::string flags;
        while (i < format.size() && std::strchr("-+ 0#", format[i]) != nullptr) flags += format[i++];
        size_t width = 0;
        while (i < format.size() && format[i] >= '0' && format[i] <= '9') {
            width = width * 10 + static_cast<size_t>(format[i++] - '0');
            if (width > kMaxPrintBytes) throw Error("format width too large");
        }
        if (i >= format.size()) throw Error("incomplete format");
        int precision = -1;
        if (format[i] == '.') {
            precision = 0;
            while (++i < format.size() && format[i] >= '0' && format[i] <= '9') {
                precision = std::min(precision * 10 + (format[i] - '0'), 100);
            }
            if (i >= format.size()) throw Error("incomplete format");
        }
        if (!keyed && next >= values.size()) throw Error("not enough arguments for format string");
        const Value& v = keyed ? *keyed : values[next++];
        const bool left = flags.find('-') != std::string::npos;
        std::string piece;
        switch (format[i]) {
        case 's':
        case 'r': {
            piece = format[i] == 's' ? to_str(v) : repr(v);
            if (precision >= 0 && py::length(piece) > static_cast<size_t>(precision)) {
                piece.resize(py::code_point_offsets(piece)[static_cast<size_t>(precision)]);
            }
            break;
        }
        case 'd':
        case 'i':
        case 'f': {
            const bool integer = format[i] != 'f';
            if (!v.is_number()) {
                throw Error(integer ? std::string("%d format: a real number is required, not ") + type_name(v)
                                    : std::string("must be real number, not ") + type_name(v));
            }
            if (integer && v.is_float() && !(std::fabs(v.as_float()) < 9.2e18)) {
                throw Error("cannot convert float to an integer for %d");
            }
            // C's printf agrees with Python's % on these flags for d and f; the width is
            // applied below, in code points.
            std::string spec = "%";
            for (char f : flags) {
                if (f == '+' || f == ' ' || (f == '0' && !left)) spec += f;
            }
            if (flags.find('0') != std::string::npos && !left && width > 0) spec += std::to_string(std::min<size_t>(width, 400));
            std::vector<char> buf(1024);
            if (integer) {
                spec += "lld";
                std::snprintf(buf.data(), buf.size(), spec.c_str(),
                              static_cast<long long>(v.is_float() ? static_cast<int64_t>(v.as_float()) : v.int_value()));
            } else {
                spec += ".*f";
                std::snprintf(buf.data(), buf.size(), spec.c_str(), precision < 0 ? 6 : precision, v.float_value());
            }
            piece = buf.data();
            break;
        }
        case 'x':
        case 'X':
        case 'o': {
            // Python prints the sign and magnitude ('%x' % -255 is '-ff'); '#' adds 0x / 0o.
            if (!v.is_int() && !v.is_bool()) {
                throw Error(std::string("%") + format[i] + " format: an integer is required, not " + type_name(v));
            }
            const int64_t n = v.int_value();
            const unsigned long long magnitude = n < 0 ? 0ULL - static_cast<unsigned long long>(n) : static_cast<unsigned long long>(n);
            char buf[64];
            std::snprintf(buf, sizeof buf, format[i] == 'o' ? "%llo" : (format[i] == 'x' ? "%llx" : "%llX"), magnitude);
            std::string digits = buf;
            if (precision > 0 && digits.size() < static_cast<size_t>(precision)) digits.insert(0, static_cast<size_t>(precision) - digits.size(), '0');
            std::string prefix = n < 0 ? "-" : (flags.find('+') != std::string::npos ? "+" : (flags.find(' ') != std::string::npos ? " " : ""));
            if (flags.find('#') != std::string::npos) prefix += format[i] == 'o' ? "0o" : (format[i] == 'x' ? "0x" : "0X");
            if (flags.find('0') != std::string::npos && !left && prefix.size() + digits.size() < width) {
                digits.insert(0, width - prefix.size() - digits.size(), '0');
            }
            piece = prefix + digits;
            break;
        }
        default: throw Error(std::string("unsupported format character '") + format[i] + "'");
        }
        const size_t length = py::length(piece);
        if (length < width) {
            if (left) piece.append(width - length, ' ');
            else piece.insert(0, width - length, ' ');
        }
        out += piece;
    }
    // A leftover argument is an error, except that a list or dict may go unused (Python treats
    // it as a mapping for %(name)s fields).
    if (next < values.size() && !(args.is_dict() || args.is_undefined() || (args.is_list() && !args.is_tuple()))) {
        throw Error("not all arguments converted during string formatting");
    }
    return out;
}

std::shared_ptr<const List> iterate(Interpreter& in, const Value& v) {
    switch (v.type()) {
    case Value::Type::List:
        in.charge(1 + v.list().items.size() / 4);  // the caller walks the items
        return v.list_ptr();
    case Value::Type::Undefined: return std::make_shared<const List>();
    case Value::Type::String: {
        const std::string& s = v.str();
        const size_t n = py::length(s);
        in.check_items(n);
        in.charge(1, n * sizeof(Value));
        std::vector<Value> chars;
        chars.reserve(n);
        for (size_t i = 0; i < s.size();) {
            const size_t start = i;
            py::next_code_point(s, i);
            chars.push_back(Value::string(s.substr(start, i - start)));
        }
        return std::make_shared<const List>(List{std::move(chars), false, 1});
    }
    case Value::Type::Dict: {
        const auto& entries = v.dict().entries;
        in.charge(1, entries.size() * sizeof(Value));
        std::vector<Value> keys;
        keys.reserve(entries.size());
        for (const auto& [k, val] : entries) keys.push_back(k);
        return Value::list(std::move(keys)).list_ptr();
    }
    default: throw Error(std::string("'") + type_name(v) + "' object is not iterable");
    }
}

bool contains(const Value& container, const Value& item) {
    switch (container.type()) {
    case Value::Type::String:
        if (!item.is_string()) {
            throw Error(std::string("'in <string>' requires string as left operand, not ") + type_name(item));
        }
        return py::find(container.str(), item.str()) != std::string::npos;
    case Value::Type::List:
        return std::any_of(container.list().items.begin(), container.list().items.end(),
                           [&](const Value& x) { return equals(x, item); });
    case Value::Type::Dict:
        hash(item);
        return container.dict().find(item) != nullptr;
    case Value::Type::Undefined: return false;
    default: throw Error(std::string("argument of type '") + type_name(container) + "' is not iterable");
    }
}

} // namespace moe::jinja
