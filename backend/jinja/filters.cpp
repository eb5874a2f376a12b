#include "jinja/filters.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <unordered_map>

#include "jinja/error.h"
#include "jinja/interpreter.h"
#include "jinja/methods.h"
#include "jinja/pystr.h"

namespace moe::jinja {

namespace {

constexpr std::array<std::string_view, 47> kFilters = {
    "abs", "attr", "batch", "capitalize", "center", "count", "d", "default", "dictsort", "e", "escape",
    "first", "float", "forceescape", "format", "groupby", "indent", "int", "items", "join", "last",
    "length", "list", "lower", "map", "max", "min", "reject", "rejectattr", "replace", "reverse", "round",
    "safe", "select", "selectattr", "sort", "string", "sum", "title", "tojson", "trim", "truncate",
    "unique", "upper", "wordcount", "striptags", "slice",
};

constexpr std::array<std::string_view, 39> kTests = {
    "boolean", "callable", "defined", "divisibleby", "eq", "equalto", "==", "escaped", "even", "false",
    "filter", "float", "ge", ">=", "gt", "greaterthan", ">", "in", "integer", "iterable", "le", "<=",
    "lower", "lt", "lessthan", "<", "mapping", "ne", "!=", "none", "number", "odd", "sameas", "sequence",
    "string", "test", "true", "undefined", "upper",
};

// str(value) as jinja2's filters take it (soft_str): undefined renders as "".
std::string soft_str(const Value& v) { return v.is_string() ? v.str() : to_str(v); }

Value string_value(Interpreter& in, std::string s) {
    in.check_size(s.size());
    in.charge(0, s.size());
    return Value::string(std::move(s));
}

Value list_value(Interpreter& in, std::vector<Value> items) {
    in.check_items(items.size());
    in.charge(0, items.size() * sizeof(Value));
    return Value::list(std::move(items));
}

// What jinja2's generator filters (map, select, unique, batch, ...) return.
Value generator_value(Interpreter& in, std::vector<Value> items, const char* type = "generator") {
    in.check_items(items.size());
    in.charge(0, items.size() * sizeof(Value));
    return Value::iterator(std::move(items), type);
}

Value ignore_case(const Value& v) { return v.is_string() ? Value::string(py::lower(v.str())) : v; }

// Python's // and % on ints (b != 0): rounded toward negative infinity.
int64_t py_floordiv(int64_t a, int64_t b) {
    const int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
int64_t py_mod(int64_t a, int64_t b) { return a - py_floordiv(a, b) * b; }

// jinja2's make_attrgetter: "a.b.0" looks up item a, then b, then index 0.
class AttrGetter {
public:
    AttrGetter(const Value& attribute, bool lower_case, Value fallback = Value())
        : lower_case_(lower_case), fallback_(std::move(fallback)) {
        if (attribute.is_none() || attribute.is_undefined()) return;
        if (!attribute.is_string()) {
            parts_.push_back(attribute);
            return;
        }
        for (auto& part : py::split(attribute.str(), &kDot, -1)) {
            const bool digits = !part.empty() && std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; });
            parts_.push_back(digits && part.size() < 18 ? Value::integer(std::stoll(part)) : Value::string(part));
        }
    }

    Value operator()(Interpreter& in, Value item) const {
        for (const auto& part : parts_) {
            item = get_item(in, item, part);
            if (!fallback_.is_undefined() && item.is_undefined()) item = fallback_;
        }
        return lower_case_ ? ignore_case(item) : item;
    }

private:
    static inline const std::string kDot = ".";
    std::vector<Value> parts_;
    bool lower_case_;
    Value fallback_;
};

// Python's int() and float() read any Unicode decimal digit ("١٢" is 12): the digit blocks
// of the common scripts, mapped to ASCII.
std::string ascii_digits(std::string_view text) {
    static constexpr char32_t kZeros[] = {0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6,
                                          0xC66, 0xCE6, 0xD66, 0xE50, 0xED0, 0xF20, 0x1040, 0xFF10};
    if (py::is_ascii(text)) return std::string(text);
    std::string out;
    for (size_t i = 0; i < text.size();) {
        const size_t start = i;
        const char32_t cp = py::next_code_point(text, i);
        bool mapped = false;
        for (char32_t zero : kZeros) {
            if (cp >= zero && cp <= zero + 9) {
                out += static_cast<char>('0' + (cp - zero));
                mapped = true;
                break;
            }
        }
        if (!mapped) out.append(text.substr(start, i - start));
    }
    return out;
}

int64_t py_int_from_string(const std::string& text, int base, bool& ok) {
    std::string s(py::strip(ascii_digits(text), nullptr, true, true));
    ok = false;
    bool negative = false;
    size_t i = 0;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
    if (i + 1 < s.size() && s[i] == '0') {
        const char p = static_cast<char>(s[i + 1] | 0x20);
        if ((p == 'x' && base == 16) || (p == 'o' && base == 8) || (p == 'b' && base == 2)) i += 2;
    }
    if (i >= s.size()) return 0;
    uint64_t value = 0;
    bool prev_digit = false;
    for (; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '_' && prev_digit && i + 1 < s.size()) {
            prev_digit = false;
            continue;
        }
        int d;
        if (c >= '0' && c <= '9') d = c - '0';
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') d = (c | 0x20) - 'a' + 10;
        else return 0;
        if (d >= base) return 0;
        if (value > (static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) - static_cast<uint64_t>(d)) / static_cast<uint64_t>(base)) {
            throw Error("integer overflow");
        }
        value = value * static_cast<uint64_t>(base) + static_cast<uint64_t>(d);
        prev_digit = true;
    }
    if (!prev_digit) return 0;
    ok = true;
    return negative ? -static_cast<int64_t>(value) : static_cast<int64_t>(value);
}

bool py_float_from_string(const std::string& text, double& out) {
    std::string s(py::strip(ascii_digits(text), nullptr, true, true));
    std::string cleaned;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '_') {
            if (i == 0 || i + 1 >= s.size() || !std::isdigit(static_cast<unsigned char>(s[i - 1])) ||
                !std::isdigit(static_cast<unsigned char>(s[i + 1]))) {
                return false;
            }
            continue;
        }
        cleaned += s[i];
    }
    if (cleaned.empty()) return false;
    std::string lower = py::lower(cleaned);
    const size_t sign = (lower[0] == '+' || lower[0] == '-') ? 1 : 0;
    const std::string body = lower.substr(sign);
    if (body == "inf" || body == "infinity" || body == "nan") {
        out = body == "nan" ? std::numeric_limits<double>::quiet_NaN() : std::numeric_limits<double>::infinity();
        if (lower[0] == '-') out = -out;
        return true;
    }
    if (body.find_first_not_of("0123456789.e+-") != std::string::npos || body.find("0x") != std::string::npos) return false;
    char* end = nullptr;
    out = std::strtod(cleaned.c_str(), &end);
    return end && *end == '\0';
}

Value to_number_for_round(const Value& v) {
    if (v.is_undefined()) fail_undefined(v);
    if (!v.is_number()) throw Error(std::string("type ") + type_name(v) + " doesn't define __round__ method");
    return v;
}

double round_half_even(double x, int64_t precision) {
    if (!std::isfinite(x)) return x;
    if (precision >= 0) {
        if (precision > 330) return x;  // beyond the last digit a double has
        char buf[700];                   // 309 integer digits, the point, 330 decimals
        std::snprintf(buf, sizeof buf, "%.*f", static_cast<int>(precision), x);  // correctly rounded, ties to even
        return std::strtod(buf, nullptr);
    }
    const double scale = std::pow(10.0, static_cast<double>(-precision));
    return std::nearbyint(x / scale) * scale;
}

std::string escape_html(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&#34;"; break;
        case '\'': out += "&#39;"; break;
        default: out += c;
        }
    }
    return out;
}

// Python's html.unescape for numeric references and the common named ones.
std::string html_unescape(const std::string& s) {
    if (s.find('&') == std::string::npos) return s;
    static const std::pair<const char*, const char*> kNamed[] = {
        {"amp;", "&"}, {"lt;", "<"}, {"gt;", ">"}, {"quot;", "\""}, {"apos;", "'"}, {"nbsp;", "\xC2\xA0"},
        {"amp", "&"},  {"lt", "<"},  {"gt", ">"},  {"quot", "\""},  {"nbsp", "\xC2\xA0"},
    };
    std::string out;
    for (size_t i = 0; i < s.size();) {
        if (s[i] != '&') {
            out += s[i++];
            continue;
        }
        if (i + 1 < s.size() && s[i + 1] == '#') {
            size_t j = i + 2;
            const bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
            if (hex) ++j;
            const size_t digits = j;
            uint64_t cp = 0;
            while (j < s.size() && (hex ? std::isxdigit(static_cast<unsigned char>(s[j])) : std::isdigit(static_cast<unsigned char>(s[j])))) {
                cp = std::min<uint64_t>(cp * (hex ? 16 : 10) + static_cast<uint64_t>(std::isdigit(static_cast<unsigned char>(s[j])) ? s[j] - '0' : (s[j] | 0x20) - 'a' + 10), 0x7FFFFFFF);
                ++j;
            }
            if (j > digits) {
                if (j < s.size() && s[j] == ';') ++j;
                if (cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
                py::append_utf8(out, static_cast<char32_t>(cp));
                i = j;
                continue;
            }
        }
        bool named = false;
        for (const auto& [entity, text] : kNamed) {
            const size_t n = std::char_traits<char>::length(entity);
            if (s.compare(i + 1, n, entity) == 0) {
                out += text;
                i += 1 + n;
                named = true;
                break;
            }
        }
        if (!named) out += s[i++];
    }
    return out;
}

std::string jinja_title(const std::string& s) {
    // jinja2's do_title: split at runs of white space and -({[<, then per word
    // word[0].upper() + word[1:].lower() (full Python case mapping: ß -> SS, final sigma).
    auto is_separator = [](char32_t cp) { return py::is_space(cp) || cp == '-' || cp == '(' || cp == '{' || cp == '[' || cp == '<'; };
    std::string out;
    size_t i = 0;
    while (i < s.size()) {
        size_t next = i;
        if (is_separator(py::next_code_point(s, next))) {
            out.append(s, i, next - i);
            i = next;
            continue;
        }
        size_t end = next;
        while (end < s.size()) {
            size_t after = end;
            if (is_separator(py::next_code_point(s, after))) break;
            end = after;
        }
        out += py::upper(std::string_view(s).substr(i, next - i));
        out += py::lower(std::string_view(s).substr(next, end - next));
        i = end;
    }
    return out;
}

std::string indent_text(const std::string& text, const Value& width, bool first, bool blank) {
    std::string indention;
    if (width.is_string()) indention = width.str();
    else indention = std::string(static_cast<size_t>(std::clamp<int64_t>(expect_int(width, "width"), 0, 1 << 20)), ' ');
    const auto lines = py::splitlines(text + "\n", false);
    std::string out;
    for (size_t i = 0; i < lines.size(); ++i) {
        if (i > 0) {
            out += '\n';
            if (blank || !lines[i].empty()) out += indention;
        }
        out += lines[i];
    }
    if (first) out = indention + out;
    return out;
}

// sorted(..., key=..., reverse=...) with Python's ordering; stable in both directions.
void sort_values(std::vector<Value>& items, const std::vector<Value>& keys, bool reverse) {
    std::vector<size_t> order(items.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        return reverse ? compare(keys[b], keys[a], "<") == -1 : compare(keys[a], keys[b], "<") == -1;
    });
    std::vector<Value> sorted;
    sorted.reserve(items.size());
    for (size_t i : order) sorted.push_back(items[i]);
    items = std::move(sorted);
}

Value add_values(const Value& a, const Value& b) {
    if ((a.is_int() || a.is_bool()) && (b.is_int() || b.is_bool())) {
        int64_t r;
        if (__builtin_add_overflow(a.int_value(), b.int_value(), &r)) throw Error("integer overflow");
        return Value::integer(r);
    }
    if (a.is_number() && b.is_number()) return Value::number(a.float_value() + b.float_value());
    if (a.is_plain_list() && b.is_plain_list() && a.is_tuple() == b.is_tuple()) {
        std::vector<Value> items = a.list().items;
        items.insert(items.end(), b.list().items.begin(), b.list().items.end());
        return Value::list(std::move(items), a.is_tuple());
    }
    if (a.is_undefined()) fail_undefined(a);
    if (b.is_undefined()) fail_undefined(b);
    throw Error(std::string("unsupported operand type(s) for +: '") + type_name(a) + "' and '" + type_name(b) + "'");
}

Value min_or_max(Interpreter& in, const Value& input, CallArgs& args, bool want_max) {
    ArgReader r(want_max ? "max" : "min", args, {"case_sensitive", "attribute"});
    const auto items = iterate(in, input);
    if (items->items.empty()) return Value::undefined("No aggregated item, sequence was empty.");
    const AttrGetter key(r.get_or(1, Value::none()), !(r.has(0) && truthy(r.get(0))));
    const Value* best = &items->items[0];
    Value best_key = key(in, *best);
    for (size_t i = 1; i < items->items.size(); ++i) {
        Value k = key(in, items->items[i]);
        const int c = compare(k, best_key, want_max ? ">" : "<");
        if (want_max ? c == 1 : c == -1) {
            best = &items->items[i];
            best_key = std::move(k);
        }
    }
    return *best;
}

Value select_or_reject(Interpreter& in, const Value& input, CallArgs& args, bool select, bool by_attribute) {
    // jinja2 checks the arguments and looks the test up only once there are items to test.
    std::vector<Value> kept;
    if (!truthy(input)) return generator_value(in, std::move(kept));
    size_t off = 0;
    Value attribute = Value::none();
    if (by_attribute) {
        if (args.positional.empty()) throw Error("Missing parameter for attribute name");
        attribute = args.positional[0];
        off = 1;
    }
    const AttrGetter getter(attribute, false);
    const bool has_test = args.positional.size() > off;
    std::string test_name;
    if (has_test) test_name = expect_string(args.positional[off], "test name");
    if (has_test && !is_test(test_name)) throw Error("No test named '" + test_name + "'");
    {
        const auto source_items = iterate(in, input);
        for (const auto& item : source_items->items) {
            const Value subject = getter(in, item);
            bool ok;
            if (has_test) {
                CallArgs test_args;
                test_args.positional.assign(args.positional.begin() + static_cast<std::ptrdiff_t>(off) + 1, args.positional.end());
                test_args.keyword = args.keyword;
                ok = apply_test(in, test_name, subject, test_args);
            } else {
                ok = truthy(subject);
            }
            if (ok == select) kept.push_back(item);
        }
    }
    return generator_value(in, std::move(kept));
}

Value map_filter(Interpreter& in, const Value& input, CallArgs& args) {
    std::vector<Value> out;
    if (!truthy(input)) return generator_value(in, std::move(out));
    const auto items = iterate(in, input);
    if (args.positional.empty()) {
        Value attribute, fallback = Value::none();
        for (auto& [k, v] : args.keyword) {
            if (k == "attribute") attribute = v;
            else if (k == "default") fallback = v;
            else throw Error("Unexpected keyword argument '" + k + "'");
        }
        if (attribute.is_undefined()) throw Error("map requires a filter name or attribute=");
        const AttrGetter getter(attribute, false, fallback.is_none() ? Value() : fallback);
        for (const auto& item : items->items) out.push_back(getter(in, item));
        return generator_value(in, std::move(out));
    }
    const std::string name = expect_string(args.positional[0], "filter name");
    if (!is_filter(name)) throw Error("No filter named '" + name + "'");
    for (const auto& item : items->items) {
        CallArgs filter_args;
        filter_args.positional.assign(args.positional.begin() + 1, args.positional.end());
        filter_args.keyword = args.keyword;
        out.push_back(apply_filter(in, name, item, filter_args));
    }
    return generator_value(in, std::move(out));
}

Value tojson_filter(Interpreter& in, const Value& input, CallArgs& args) {
    ArgReader r("tojson", args, {"ensure_ascii", "indent", "separators", "sort_keys"});
    JsonOptions o;
    o.ensure_ascii = r.has(0) && truthy(r.get(0));
    if (r.has(1) && !r.get(1).is_none()) {
        const Value& indent = r.get(1);
        o.indented = true;
        o.item_separator = ",";
        if (indent.is_string()) o.indent = indent.str();
        else o.indent = std::string(static_cast<size_t>(std::clamp<int64_t>(expect_int(indent, "indent"), 0, 1 << 10)), ' ');
    }
    if (r.has(2) && !r.get(2).is_none()) {
        const Value& seps = r.get(2);
        if (!seps.is_list() || seps.list().items.size() != 2) throw Error("separators must be a pair of strings");
        o.item_separator = expect_string(seps.list().items[0], "item separator");
        o.key_separator = expect_string(seps.list().items[1], "key separator");
    }
    o.sort_keys = r.has(3) && truthy(r.get(3));
    return string_value(in, to_json(input, o));
}

Value truncate_filter(Interpreter& in, const Value& input, CallArgs& args) {
    ArgReader r("truncate", args, {"length", "killwords", "end", "leeway"});
    if (!input.is_string()) {
        // jinja2 measures the value itself: short sequences pass through, anything else fails.
        CallArgs none;
        const int64_t n = apply_filter(in, "length", input, none).as_int();
        const int64_t limit = (r.has(0) ? expect_int(r.get(0), "length") : 255) +
                              (r.has(3) && !r.get(3).is_none() ? expect_int(r.get(3), "leeway") : 5);
        if (n <= limit) return input;
        throw Error(std::string("cannot truncate a value of type '") + type_name(input) + "'");
    }
    const std::string& s = input.str();
    const int64_t length = r.has(0) ? expect_int(r.get(0), "length") : 255;
    const bool killwords = r.has(1) && truthy(r.get(1));
    const std::string end = r.has(2) ? expect_string(r.get(2), "end") : "...";
    const int64_t leeway = r.has(3) && !r.get(3).is_none() ? expect_int(r.get(3), "leeway") : 5;
    const int64_t end_len = static_cast<int64_t>(py::length(end));
    if (length < end_len) throw Error("expected length >= " + std::to_string(end_len) + ", got " + std::to_string(length));
    if (leeway < 0) throw Error("expected leeway >= 0, got " + std::to_string(leeway));
    const auto offsets = py::code_point_offsets(s);
    const int64_t n = static_cast<int64_t>(offsets.size() - 1);
    if (n <= length + leeway) return Value::string(s);
    std::string head = s.substr(0, offsets[static_cast<size_t>(length - end_len)]);
    if (!killwords) {
        const size_t space = head.rfind(' ');
        if (space != std::string::npos) head.resize(space);
    }
    return string_value(in, head + end);
}

Value groupby_filter(Interpreter& in, const Value& input, CallArgs& args) {
    ArgReader r("groupby", args, {"attribute", "default", "case_sensitive"});
    if (!r.has(0)) throw Error("groupby() missing required argument 'attribute'");
    const bool case_sensitive = r.has(2) && truthy(r.get(2));
    const AttrGetter key(r.get(0), !case_sensitive, r.get_or(1, Value()));
    const AttrGetter exact(r.get(0), false, r.get_or(1, Value()));
    std::vector<Value> items = iterate(in, input)->items;
    std::vector<Value> keys;
    for (const auto& item : items) keys.push_back(key(in, item));
    sort_values(items, keys, false);
    keys.clear();
    for (const auto& item : items) keys.push_back(key(in, item));
    std::vector<Value> groups;
    for (size_t i = 0; i < items.size();) {
        size_t j = i;
        std::vector<Value> members;
        while (j < items.size() && equals(keys[j], keys[i])) members.push_back(items[j++]);
        const Value grouper = case_sensitive ? keys[i] : exact(in, items[i]);
        groups.push_back(Value::list({grouper, Value::list(std::move(members))}, true));
        i = j;
    }
    return list_value(in, std::move(groups));
}

} // namespace

bool is_filter(std::string_view name) {
    return std::find(kFilters.begin(), kFilters.end(), name) != kFilters.end();
}

bool is_test(std::string_view name) { return std::find(kTests.begin(), kTests.end(), name) != kTests.end(); }

Value apply_filter(Interpreter& in, const std::string& name, const Value& input, CallArgs& args) {
    in.charge(1, walk_cost(input));
    const Value& v = input;
    if (name == "abs") {
        ArgReader r(name, args, {});
        if (v.is_undefined()) fail_undefined(v);
        if (v.is_float()) return Value::number(std::fabs(v.as_float()));
        if (v.is_number()) {
            if (v.int_value() == std::numeric_limits<int64_t>::min()) throw Error("integer overflow");
            return Value::integer(std::llabs(v.int_value()));
        }
        throw Error(std::string("bad operand type for abs(): '") + type_name(v) + "'");
    }
    if (name == "attr") {
        ArgReader r(name, args, {"name"});
        if (!r.has(0)) throw Error("attr() missing required argument 'name'");
        return get_attribute(in, v, expect_string(r.get(0), "attribute name"));
    }
    if (name == "batch") {
        ArgReader r(name, args, {"linecount", "fill_with"});
        if (!r.has(0)) throw Error("batch() missing required argument 'linecount'");
        const int64_t count = expect_int(r.get(0), "linecount");
        std::vector<Value> rows, row;
        const auto source_items = iterate(in, v);
        // jinja2 closes a row when the next item arrives, so a count of 0 gives one empty row
        // first and a negative count one row of everything.
        for (const auto& item : source_items->items) {
            if (static_cast<int64_t>(row.size()) == count) rows.push_back(Value::list(std::exchange(row, {})));
            row.push_back(item);
        }
        if (!row.empty()) {
            if (r.has(1) && !r.get(1).is_none() && static_cast<int64_t>(row.size()) < count) {
                in.check_items(static_cast<size_t>(std::min<int64_t>(count, INT64_MAX / 2)));
                while (static_cast<int64_t>(row.size()) < count) row.push_back(r.get(1));
            }
            rows.push_back(Value::list(std::move(row)));
        }
        return generator_value(in, std::move(rows));
    }
    if (name == "slice") {
        // jinja2's do_slice: `slices` columns, the first len % slices of them one longer; the
        // others get fill_with appended when it is given.
        ArgReader r(name, args, {"slices", "fill_with"});
        const int64_t slices = expect_int(r.get(0), "slices");
        const auto source_items = iterate(in, v);
        const auto& seq = source_items->items;
        const int64_t length = static_cast<int64_t>(seq.size());
        if (slices == 0) throw Error("integer division or modulo by zero");
        in.check_items(static_cast<size_t>(std::max<int64_t>(slices, 0)));
        const int64_t per_slice = py_floordiv(length, slices), with_extra = py_mod(length, slices);
        std::vector<Value> columns;
        int64_t offset = 0;
        for (int64_t k = 0; k < slices; ++k) {
            const int64_t start = std::clamp<int64_t>(offset + k * per_slice, 0, length);
            if (k < with_extra) ++offset;
            const int64_t end = std::clamp<int64_t>(offset + (k + 1) * per_slice, 0, length);
            std::vector<Value> column;
            if (start < end) column.assign(seq.begin() + start, seq.begin() + end);
            if (r.has(1) && !r.get(1).is_none() && k >= with_extra) column.push_back(r.get(1));
            columns.push_back(Value::list(std::move(column)));
        }
        return generator_value(in, std::move(columns));
    }
    if (name == "capitalize") {
        ArgReader r(name, args, {});
        return string_value(in, py::capitalize(soft_str(v)));
    }
    if (name == "center") {
        ArgReader r(name, args, {"width"});
        CallArgs pad_args;
        pad_args.positional.push_back(r.get_or(0, Value::integer(80)));
        return in.call(get_attribute(in, Value::string(soft_str(v)), "center"), pad_args);
    }
    if (name == "count" || name == "length") {
        ArgReader r(name, args, {});
        switch (v.type()) {
        case Value::Type::Undefined: return Value::integer(0);
        case Value::Type::String:
            in.charge(0, v.str().size());
            return Value::integer(static_cast<int64_t>(py::length(v.str())));
        case Value::Type::List:
            if (v.is_iterator()) throw Error(std::string("object of type '") + type_name(v) + "' has no len()");
            return Value::integer(static_cast<int64_t>(v.list().items.size()));
        case Value::Type::Dict: return Value::integer(static_cast<int64_t>(v.dict().entries.size()));
        case Value::Type::Loop: return Value::integer(static_cast<int64_t>(v.loop()->items->items.size()));
        default: throw Error(std::string("object of type '") + type_name(v) + "' has no len()");
        }
    }
    if (name == "d" || name == "default") {
        ArgReader r(name, args, {"default_value", "boolean"});
        const bool boolean = r.has(1) && truthy(r.get(1));
        if (v.is_undefined() || (boolean && !truthy(v))) return r.get_or(0, Value::string(""));
        return v;
    }
    if (name == "dictsort") {
        ArgReader r(name, args, {"case_sensitive", "by", "reverse"});
        const bool case_sensitive = r.has(0) && truthy(r.get(0));
        const std::string by = r.has(1) ? expect_string(r.get(1), "by") : "key";
        if (by != "key" && by != "value") throw Error("You can only sort by either \"key\" or \"value\"");
        if (v.is_undefined()) fail_undefined(v);
        if (!v.is_dict()) throw Error(std::string("'") + type_name(v) + "' object has no attribute 'items'");
        std::vector<Value> items, keys;
        for (const auto& [k, val] : v.dict().entries) {
            items.push_back(Value::list({k, val}, true));
            const Value& key = by == "key" ? k : val;
            keys.push_back(case_sensitive ? key : ignore_case(key));
        }
        sort_values(items, keys, r.has(2) && truthy(r.get(2)));
        return list_value(in, std::move(items));
    }
    if (name == "e" || name == "escape" || name == "forceescape") {
        ArgReader r(name, args, {});
        return string_value(in, escape_html(soft_str(v)));
    }
    if (name == "first" || name == "last") {
        ArgReader r(name, args, {});
        if (v.is_string()) {
            if (v.str().empty()) return Value::undefined("No " + name + " item, sequence was empty.");
            const auto offsets = py::code_point_offsets(v.str());
            const size_t i = name == "first" ? 0 : offsets.size() - 2;
            return Value::string(v.str().substr(offsets[i], offsets[i + 1] - offsets[i]));
        }
        if (name == "last" && v.is_iterator()) throw Error(std::string("'") + type_name(v) + "' object is not reversible");
        const auto items = iterate(in, v);
        if (items->items.empty()) return Value::undefined("No " + name + " item, sequence was empty.");
        return name == "first" ? items->items.front() : items->items.back();
    }
    if (name == "float") {
        ArgReader r(name, args, {"default"});
        const Value fallback = r.get_or(0, Value::number(0.0));
        if (v.is_undefined()) fail_undefined(v);
        if (v.is_number()) return Value::number(v.float_value());
        double d;
        if (v.is_string() && py_float_from_string(v.str(), d)) return Value::number(d);
        return fallback;
    }
    if (name == "format") {
        if (!args.keyword.empty()) throw Error("format with keyword arguments is not supported");
        return string_value(in, percent_format(soft_str(v), Value::list(args.positional, true)));
    }
    if (name == "groupby") return groupby_filter(in, v, args);
    if (name == "indent") {
        ArgReader r(name, args, {"width", "first", "blank"});
        if (v.is_undefined()) fail_undefined(v);
        if (!v.is_string()) throw Error(std::string("indent expects a string, not '") + type_name(v) + "'");
        const std::string& s = v.str();
        const Value width = r.get_or(0, Value::integer(4));
        const int64_t w = width.is_string() ? static_cast<int64_t>(width.str().size()) : std::max<int64_t>(0, expect_int(width, "width"));
        const size_t lines = static_cast<size_t>(std::count(s.begin(), s.end(), '\n')) + 2;
        if (w > 0 && lines > in.limits().max_output_bytes / static_cast<size_t>(w)) in.check_size(in.limits().max_output_bytes + 1);
        in.check_size(s.size() + lines * static_cast<size_t>(w));
        return string_value(in, indent_text(s, width, r.has(1) && truthy(r.get(1)), r.has(2) && truthy(r.get(2))));
    }
    if (name == "int") {
        ArgReader r(name, args, {"default", "base"});
        const Value fallback = r.get_or(0, Value::integer(0));
        const int64_t base = r.has(1) ? expect_int(r.get(1), "base") : 10;
        if (base < 2 || base > 36) throw Error("int() base must be >= 2 and <= 36, or 0");
        if (v.is_undefined()) fail_undefined(v);
        if (v.is_int() || v.is_bool()) return Value::integer(v.int_value());
        double d = 0.0;
        bool ok = false;
        if (v.is_string()) {
            const int64_t i = py_int_from_string(v.str(), static_cast<int>(base), ok);
            if (ok) return Value::integer(i);
            ok = py_float_from_string(v.str(), d);
        } else if (v.is_float()) {
            d = v.as_float();
            ok = true;
        }
        if (!ok || std::isnan(d)) return fallback;
        if (std::isinf(d) || std::fabs(d) >= 9.2e18) throw Error("cannot convert float infinity or huge value to integer");
        return Value::integer(static_cast<int64_t>(d));
    }
    if (name == "items") {
        ArgReader r(name, args, {});
        if (v.is_undefined()) return generator_value(in, {});
        if (!v.is_dict()) throw Error("Can only get item pairs from a mapping.");
        std::vector<Value> pairs;
        for (const auto& [k, val] : v.dict().entries) pairs.push_back(Value::list({k, val}, true));
        return generator_value(in, std::move(pairs));
    }
    if (name == "join") {
        ArgReader r(name, args, {"d", "attribute"});
        const std::string sep = r.has(0) ? soft_str(r.get(0)) : std::string();
        const AttrGetter getter(r.get_or(1, Value::none()), false);
        std::string out;
        bool first = true;
        const auto source_items = iterate(in, v);
        for (const auto& item : source_items->items) {
            if (!first) out += sep;
            first = false;
            out += to_str(getter(in, item));
            in.check_size(out.size());
        }
        return string_value(in, std::move(out));
    }
    if (name == "list") {
        ArgReader r(name, args, {});
        return list_value(in, iterate(in, v)->items);
    }
    if (name == "lower" || name == "upper") {
        ArgReader r(name, args, {});
        return string_value(in, name == "lower" ? py::lower(soft_str(v)) : py::upper(soft_str(v)));
    }
    if (name == "map") return map_filter(in, v, args);
    if (name == "max" || name == "min") return min_or_max(in, v, args, name == "max");
    if (name == "select" || name == "reject" || name == "selectattr" || name == "rejectattr") {
        return select_or_reject(in, v, args, name == "select" || name == "selectattr",
                                name == "selectattr" || name == "rejectattr");
    }
    if (name == "replace") {
        ArgReader r(name, args, {"old", "new", "count"});
        if (!r.has(1)) throw Error("replace() missing required arguments 'old' and 'new'");
        const std::string s = soft_str(v);
        const std::string old = soft_str(r.get(0));
        const std::string repl = soft_str(r.get(1));
        const int64_t count = r.has(2) && !r.get(2).is_none() ? expect_int(r.get(2), "count") : -1;
        in.check_size(py::replaced_size(s, old, repl, count));
        return string_value(in, py::replace(s, old, repl, count));
    }
    if (name == "reverse") {
        ArgReader r(name, args, {});
        if (v.is_string()) {
            const auto offsets = py::code_point_offsets(v.str());
            std::string out;
            for (size_t i = offsets.size() - 1; i > 0; --i) out.append(v.str(), offsets[i - 1], offsets[i] - offsets[i - 1]);
            return string_value(in, std::move(out));
        }
        // reversed(value) where Python can (a reverse iterator), else a reversed list.
        std::vector<Value> items = iterate(in, v)->items;
        std::reverse(items.begin(), items.end());
        if (v.is_iterator()) return list_value(in, std::move(items));
        return generator_value(in, std::move(items), "list_reverseiterator");
    }
    if (name == "round") {
        ArgReader r(name, args, {"precision", "method"});
        const int64_t precision = r.has(0) ? expect_int(r.get(0), "precision") : 0;
        const std::string method = r.has(1) ? expect_string(r.get(1), "method") : "common";
        if (method != "common" && method != "ceil" && method != "floor") throw Error("method must be common, ceil or floor");
        const Value x = to_number_for_round(v);
        if (method == "common") {
            if (!x.is_float()) {
                if (precision >= 0) return Value::integer(x.int_value());
                const double rounded = round_half_even(static_cast<double>(x.int_value()), precision);
                if (!(std::fabs(rounded) < 9.2e18)) throw Error("integer overflow");
                return Value::integer(static_cast<int64_t>(rounded));
            }
            return Value::number(round_half_even(x.as_float(), precision));
        }
        const double scale = std::pow(10.0, static_cast<double>(precision));
        const double scaled = x.float_value() * scale;
        // Python's math.ceil / math.floor return ints, so no negative zero survives.
        double whole = method == "ceil" ? std::ceil(scaled) : std::floor(scaled);
        if (whole == 0.0) whole = 0.0;
        return Value::number(whole / scale);
    }
    if (name == "safe" || name == "string") {
        ArgReader r(name, args, {});
        return v.is_string() ? v : string_value(in, soft_str(v));
    }
    if (name == "sort") {
        ArgReader r(name, args, {"reverse", "case_sensitive", "attribute"});
        std::vector<Value> items = iterate(in, v)->items;
        // jinja2's make_multi_attrgetter: "a,b" sorts by a then b, and every key is a list,
        // so keys that compare equal (undefined == undefined) are never ordered with <.
        const bool lower_case = !(r.has(1) && truthy(r.get(1)));
        const Value attribute = r.get_or(2, Value::none());
        std::vector<AttrGetter> getters;
        if (attribute.is_string()) {
            static const std::string kComma = ",";
            for (auto& part : py::split(attribute.str(), &kComma, -1)) getters.emplace_back(Value::string(part), lower_case);
        } else {
            getters.emplace_back(attribute, lower_case);
        }
        std::vector<Value> keys;
        for (const auto& item : items) {
            std::vector<Value> key;
            for (const auto& getter : getters) key.push_back(getter(in, item));
            keys.push_back(Value::list(std::move(key)));
        }
        in.charge(0, items.size() * 64);
        sort_values(items, keys, r.has(0) && truthy(r.get(0)));
        return list_value(in, std::move(items));
    }
    if (name == "striptags") {
        // markupsafe's Markup.striptags: drop <!-- comments --> and then <tags> (each only
        // where it is closed), collapse white space, unescape HTML entities.
        ArgReader r(name, args, {});
        std::string text = soft_str(v);
        for (size_t start; (start = text.find("<!--")) != std::string::npos;) {
            const size_t end = text.find("-->", start);
            if (end == std::string::npos) break;
            text.erase(start, end + 3 - start);
        }
        for (size_t start; (start = text.find('<')) != std::string::npos;) {
            const size_t end = text.find('>', start);
            if (end == std::string::npos) break;
            text.erase(start, end + 1 - start);
        }
        std::string out;
        for (const auto& word : py::split(text, nullptr, -1)) out += (out.empty() ? "" : " ") + word;
        return string_value(in, html_unescape(out));
    }
    if (name == "sum") {
        ArgReader r(name, args, {"attribute", "start"});
        const AttrGetter getter(r.get_or(0, Value::none()), false);
        Value total = r.get_or(1, Value::integer(0));
        if (total.is_string()) throw Error("sum() can't sum strings [use ''.join(seq) instead]");
        const auto source_items = iterate(in, v);
        for (const auto& item : source_items->items) total = add_values(total, getter(in, item));
        return total;
    }
    if (name == "title") {
        ArgReader r(name, args, {});
        return string_value(in, jinja_title(soft_str(v)));
    }
    if (name == "tojson") return tojson_filter(in, v, args);
    if (name == "trim") {
        ArgReader r(name, args, {"chars"});
        const std::string s = soft_str(v);
        const std::string* chars = r.has(0) && !r.get(0).is_none() ? &expect_string(r.get(0), "chars") : nullptr;
        return Value::string(std::string(py::strip(s, chars, true, true)));
    }
    if (name == "truncate") return truncate_filter(in, v, args);
    if (name == "unique") {
        ArgReader r(name, args, {"case_sensitive", "attribute"});
        const AttrGetter key(r.get_or(1, Value::none()), !(r.has(0) && truthy(r.get(0))));
        std::unordered_map<size_t, std::vector<Value>> seen;
        std::vector<Value> out;
        const auto source_items = iterate(in, v);
        for (const auto& item : source_items->items) {
            const Value k = key(in, item);
            auto& bucket = seen[hash(k)];
            if (std::any_of(bucket.begin(), bucket.end(), [&](const Value& s) { return equals(s, k); })) continue;
            bucket.push_back(k);
            out.push_back(item);
        }
        return generator_value(in, std::move(out));
    }
    if (name == "wordcount") {
        ArgReader r(name, args, {});
        const std::string s = soft_str(v);
        int64_t words = 0;
        bool in_word = false;
        for (size_t i = 0; i < s.size();) {
            const char32_t cp = py::next_code_point(s, i);
            const bool word_char = py::is_alpha(cp) || py::is_digit(cp) || cp == '_';
            if (word_char && !in_word) ++words;
            in_word = word_char;
        }
        return Value::integer(words);
    }
    throw Error("no filter named '" + name + "'");
}

bool apply_test(Interpreter& in, const std::string& name, const Value& input, CallArgs& args) {
    in.charge(1, walk_cost(input));
    const Value& v = input;
    auto one_arg = [&](const char* what) -> Value {
        ArgReader r(name, args, {what});
        if (!r.has(0)) throw Error(name + "() missing required argument '" + what + "'");
        return r.get(0);
    };
    auto no_args = [&]() { ArgReader r(name, args, {}); };
    auto modulo = [&](const Value& divisor) -> Value {
        if (v.is_undefined()) fail_undefined(v);
        if (!v.is_number() || !divisor.is_number()) {
            throw Error(std::string("unsupported operand type(s) for %: '") + type_name(v) + "' and '" + type_name(divisor) + "'");
        }
        if (!v.is_float() && !divisor.is_float()) {
            const int64_t d = divisor.int_value();
            if (d == 0) throw Error("integer division or modulo by zero");
            if (d == -1) return Value::integer(0);
            int64_t m = v.int_value() % d;
            if (m != 0 && ((m < 0) != (d < 0))) m += d;
            return Value::integer(m);
        }
        const double d = divisor.float_value();
        if (d == 0.0) throw Error("float modulo");
        double m = std::fmod(v.float_value(), d);
        if (m != 0.0 && ((m < 0) != (d < 0))) m += d;
        return Value::number(m);
    };
    if (name == "defined") { no_args(); return !v.is_undefined(); }
    if (name == "undefined") { no_args(); return v.is_undefined(); }
    if (name == "none") { no_args(); return v.is_none(); }
    if (name == "boolean") { no_args(); return v.is_bool(); }
    if (name == "true") { no_args(); return v.is_bool() && v.as_bool(); }
    if (name == "false") { no_args(); return v.is_bool() && !v.as_bool(); }
    if (name == "integer") { no_args(); return v.is_int(); }
    if (name == "float") { no_args(); return v.is_float(); }
    if (name == "number") { no_args(); return v.is_number(); }
    if (name == "string") { no_args(); return v.is_string(); }
    if (name == "mapping") { no_args(); return v.is_dict(); }
    if (name == "sequence") {
        no_args();  // len() and [] both work: not for views and iterators
        return v.is_string() || (v.is_list() && !v.is_view()) || v.is_dict() || v.is_undefined();
    }
    if (name == "iterable") {
        no_args();
        return v.is_string() || v.is_list() || v.is_dict() || v.is_undefined() || v.is_loop();
    }
    if (name == "callable") { no_args(); return v.is_function() || v.is_undefined() || v.is_loop(); }
    if (name == "escaped") { no_args(); return false; }
    if (name == "lower" || name == "upper") {
        no_args();
        const std::string s = soft_str(v);
        bool cased = false;
        for (size_t i = 0; i < s.size();) {
            const char32_t cp = py::next_code_point(s, i);
            if (!py::is_cased_letter(cp)) continue;
            cased = true;
            if (name == "lower" ? py::to_lower(cp) != cp : py::to_upper(cp) != cp) return false;
        }
        return cased;
    }
    if (name == "odd" || name == "even") {
        no_args();
        const Value m = modulo(Value::integer(2));
        return equals(m, Value::integer(name == "odd" ? 1 : 0));
    }
    if (name == "divisibleby") return equals(modulo(one_arg("num")), Value::integer(0));
    if (name == "eq" || name == "equalto" || name == "==") return equals(v, one_arg("other"));
    if (name == "ne" || name == "!=") return !equals(v, one_arg("other"));
    if (name == "lt" || name == "lessthan" || name == "<") return compare(v, one_arg("other"), "<") == -1;
    if (name == "le" || name == "<=") {
        const int c = compare(v, one_arg("other"), "<=");
        return c == -1 || c == 0;
    }
    if (name == "gt" || name == "greaterthan" || name == ">") return compare(v, one_arg("other"), ">") == 1;
    if (name == "ge" || name == ">=") {
        const int c = compare(v, one_arg("other"), ">=");
        return c == 1 || c == 0;
    }
    if (name == "in") return contains(one_arg("seq"), v);
    if (name == "sameas") {
        const Value other = one_arg("other");
        if (v.type() != other.type()) return false;
        if (v.is_none() || v.is_undefined()) return v.is_none() ? true : false;
        if (v.is_bool()) return v.as_bool() == other.as_bool();
        if (v.is_int()) return v.as_int() == other.as_int() && v.as_int() >= -5 && v.as_int() <= 256;
        if (v.is_float()) return false;
        return v.identity() == other.identity();
    }
    if (name == "filter" || name == "test") {
        no_args();
        hash(v);  // `value in environment.filters`: a list or dict is unhashable (TypeError)
        if (!v.is_string()) return false;
        return name == "filter" ? is_filter(v.str()) : is_test(v.str());
    }
    throw Error("no test named '" + name + "'");
}

} // namespace moe::jinja
