#include "jinja/pystr.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>

namespace moe::jinja::py {

char32_t next_code_point(std::string_view s, size_t& i) {
    const auto b0 = static_cast<unsigned char>(s[i]);
    if (b0 < 0x80) {
        ++i;
        return b0;
    }
    int extra = 0;
    char32_t cp = 0;
    char32_t min = 0;
    if ((b0 & 0xE0) == 0xC0) { extra = 1; cp = b0 & 0x1F; min = 0x80; }
    else if ((b0 & 0xF0) == 0xE0) { extra = 2; cp = b0 & 0x0F; min = 0x800; }
    else if ((b0 & 0xF8) == 0xF0) { extra = 3; cp = b0 & 0x07; min = 0x10000; }
    else { ++i; return b0; }
    if (i + static_cast<size_t>(extra) >= s.size()) { ++i; return b0; }
    for (int k = 1; k <= extra; ++k) {
        const auto b = static_cast<unsigned char>(s[i + k]);
        if ((b & 0xC0) != 0x80) { ++i; return b0; }
        cp = (cp << 6) | (b & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF) { ++i; return b0; }
    i += static_cast<size_t>(extra) + 1;
    return cp;
}

void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool is_ascii(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

size_t length(std::string_view s) {
    if (is_ascii(s)) return s.size();
    size_t n = 0;
    for (size_t i = 0; i < s.size(); ++n) next_code_point(s, i);
    return n;
}

std::vector<size_t> code_point_offsets(std::string_view s) {
    std::vector<size_t> offsets;
    offsets.reserve(s.size() + 1);
    for (size_t i = 0; i < s.size();) {
        offsets.push_back(i);
        next_code_point(s, i);
    }
    offsets.push_back(s.size());
    return offsets;
}

size_t code_point_index(std::string_view s, size_t byte_offset) {
    return length(s.substr(0, byte_offset));
}

bool is_space(char32_t cp) {
    return (cp >= 0x09 && cp <= 0x0D) || (cp >= 0x1C && cp <= 0x20) || cp == 0x85 || cp == 0xA0 ||
           cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 ||
           cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

bool is_line_break(char32_t cp) {
    return cp == '\n' || cp == '\r' || cp == 0x0B || cp == 0x0C || (cp >= 0x1C && cp <= 0x1E) ||
           cp == 0x85 || cp == 0x2028 || cp == 0x2029;
}

namespace {

// One-to-one case pairs: [first, last] upper range mapping to lower by a fixed delta, or
// alternating upper/lower pairs starting at `first`.
struct CaseRange {
    char32_t first, last;
    int32_t delta;     // lower = upper + delta (delta 1 with alternating = pairs)
    bool alternating;  // pairs (U, L, U, L, ...)
};

constexpr CaseRange kCaseRanges[] = {
    {0x41, 0x5A, 32, false},    {0xC0, 0xD6, 32, false},    {0xD8, 0xDE, 32, false},
    {0x100, 0x12F, 1, true},    {0x132, 0x137, 1, true},    {0x139, 0x148, 1, true},
    {0x14A, 0x177, 1, true},    {0x179, 0x17E, 1, true},    {0x391, 0x3A1, 32, false},
    {0x3A3, 0x3A9, 32, false},  {0x388, 0x38A, 37, false},  {0x400, 0x40F, 80, false},
    {0x410, 0x42F, 32, false},  {0x460, 0x481, 1, true},    {0x48A, 0x4BF, 1, true},
    {0x4D0, 0x52F, 1, true},
};

bool pair_start_parity(const CaseRange& r, char32_t cp) { return ((cp - r.first) % 2) == 0; }

} // namespace

char32_t to_lower(char32_t cp) {
    if (cp < 0x80) return (cp >= 'A' && cp <= 'Z') ? cp + 32 : cp;
    for (const auto& r : kCaseRanges) {
        if (cp < r.first || cp > r.last) continue;
        if (!r.alternating) return cp + r.delta;
        return pair_start_parity(r, cp) ? cp + 1 : cp;
    }
    switch (cp) {
    case 0x178: return 0xFF;
    case 0x386: return 0x3AC;
    case 0x38C: return 0x3CC;
    case 0x38E: return 0x3CD;
    case 0x38F: return 0x3CE;
    default: return cp;
    }
}

char32_t to_upper(char32_t cp) {
    if (cp < 0x80) return (cp >= 'a' && cp <= 'z') ? cp - 32 : cp;
    for (const auto& r : kCaseRanges) {
        if (!r.alternating) {
            if (cp >= r.first + r.delta && cp <= r.last + r.delta) return cp - r.delta;
        } else if (cp >= r.first && cp <= r.last) {
            return pair_start_parity(r, cp) ? cp : cp - 1;
        }
    }
    switch (cp) {
    case 0xB5: return 0x39C;
    case 0xFF: return 0x178;
    case 0x3C2: return 0x3A3;
    case 0x3AC: return 0x386;
    case 0x3CC: return 0x38C;
    case 0x3CD: return 0x38E;
    case 0x3CE: return 0x38F;
    default: return cp;
    }
}

bool is_cased_letter(char32_t cp) {
    return to_lower(cp) != cp || to_upper(cp) != cp || cp == 0xDF || cp == 0x130 || cp == 0x131 || cp == 0x138 ||
           cp == 0x149 || cp == 0x17F || cp == 0xAA || cp == 0xBA || (cp >= 0xFB00 && cp <= 0xFB06);
}

bool is_alpha(char32_t cp) {
    return is_cased_letter(cp) || (cp >= 0x3040 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7A3) ||
           (cp >= 0x5D0 && cp <= 0x5EA) || (cp >= 0x620 && cp <= 0x64A);
}

bool is_digit(char32_t cp) { return cp >= '0' && cp <= '9'; }

namespace {

template <typename F>
std::string map_code_points(std::string_view s, F f) {
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const size_t start = i;
        const char32_t cp = next_code_point(s, i);
        const char32_t mapped = f(cp);
        if (mapped == cp) out.append(s.substr(start, i - start));
        else append_utf8(out, mapped);
    }
    return out;
}

} // namespace

namespace {

enum class Case { Upper, Lower, Title, Fold };

// Python's one-to-many and context-dependent case mappings that templates meet: ß and the
// Latin ligatures grow when upper- or title-cased, İ lowers to i + combining dot, and Σ
// lowers to final ς after a cased letter when no cased letter follows. `rest` is the text
// after `cp`. Returns false where the one-to-one tables apply.
bool special_case(std::string& out, char32_t cp, Case to, bool previous_cased, std::string_view rest) {
    struct Growing {
        char32_t cp;
        const char* upper;
        const char* title;
    };
    static constexpr Growing kGrowing[] = {
        {0xDF, "SS", "Ss"},     {0xFB00, "FF", "Ff"},   {0xFB01, "FI", "Fi"}, {0xFB02, "FL", "Fl"},
        {0xFB03, "FFI", "Ffi"}, {0xFB04, "FFL", "Ffl"}, {0xFB05, "ST", "St"}, {0xFB06, "ST", "St"},
    };
    if (to == Case::Upper || to == Case::Title) {
        for (const auto& g : kGrowing) {
            if (g.cp != cp) continue;
            out += to == Case::Upper ? g.upper : g.title;
            return true;
        }
        return false;
    }
    if (cp == 0x130) {
        out += "i\xCC\x87";
        return true;
    }
    if (to == Case::Fold) {
        for (const auto& g : kGrowing) {
            if (g.cp != cp) continue;
            out += lower(g.upper);  // ß -> ss, ﬁ -> fi
            return true;
        }
    }
    if (to == Case::Lower && cp == 0x3A3 && previous_cased) {
        size_t j = 0;
        const bool next_cased = !rest.empty() && is_cased_letter(next_code_point(rest, j));
        append_utf8(out, next_cased ? 0x3C3 : 0x3C2);
        return true;
    }
    return false;
}

// Re-cases `s`: `pick` gives, per code point and whether the previous one was cased, the
// direction (Upper / Title for the upper-case side, Lower / Fold for the lower-case side).
template <class Pick>
std::string recase(std::string_view s, Pick pick) {
    std::string out;
    out.reserve(s.size());
    bool previous_cased = false;
    for (size_t i = 0; i < s.size();) {
        const size_t start = i;
        const char32_t cp = next_code_point(s, i);
        const Case to = pick(previous_cased);
        if (cp >= 0x80 && special_case(out, cp, to, previous_cased, s.substr(i))) {
            // handled
        } else {
            const char32_t mapped = (to == Case::Upper || to == Case::Title) ? to_upper(cp) : to_lower(cp);
            if (mapped == cp) out.append(s.substr(start, i - start));
            else append_utf8(out, mapped);
        }
        previous_cased = is_cased_letter(cp);
    }
    return out;
}

} // namespace

std::string upper(std::string_view s) { return recase(s, [](bool) { return Case::Upper; }); }
std::string lower(std::string_view s) { return recase(s, [](bool) { return Case::Lower; }); }
std::string casefold(std::string_view s) { return recase(s, [](bool) { return Case::Fold; }); }

std::string title(std::string_view s) {
    return recase(s, [](bool previous_cased) { return previous_cased ? Case::Lower : Case::Title; });
}

std::string capitalize(std::string_view s) {
    bool first = true;
    return recase(s, [&](bool) {
        const Case to = first ? Case::Title : Case::Lower;
        first = false;
        return to;
    });
}

std::string_view strip(std::string_view s, const std::string* chars, bool left, bool right) {
    std::vector<char32_t> set;
    if (chars) {
        for (size_t i = 0; i < chars->size();) set.push_back(next_code_point(*chars, i));
        std::sort(set.begin(), set.end());
    }
    auto strippable = [&](char32_t cp) {
        return chars ? std::binary_search(set.begin(), set.end(), cp) : is_space(cp);
    };
    size_t begin = 0;
    if (left) {
        while (begin < s.size()) {
            size_t next = begin;
            if (!strippable(next_code_point(s, next))) break;
            begin = next;
        }
    }
    size_t end = s.size();
    if (right) {
        while (end > begin) {
            // Step back to the start of the last code point; a stray byte stands alone.
            size_t start = end - 1;
            while (start > begin && end - start < 4 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
            size_t probe = start;
            char32_t cp = next_code_point(s, probe);
            if (probe != end) {
                start = end - 1;
                cp = static_cast<unsigned char>(s[start]);
            }
            if (!strippable(cp)) break;
            end = start;
        }
    }
    return s.substr(begin, end - begin);
}

size_t find(std::string_view hay, std::string_view needle, size_t from) {
    if (from > hay.size()) return std::string_view::npos;
    if (needle.empty()) return from;
    const void* hit = memmem(hay.data() + from, hay.size() - from, needle.data(), needle.size());
    return hit ? static_cast<size_t>(static_cast<const char*>(hit) - hay.data()) : std::string_view::npos;
}

size_t rfind(std::string_view hay, std::string_view needle) {
    if (needle.empty()) return hay.size();
    if (needle.size() > hay.size()) return std::string_view::npos;
    const std::string rhay(hay.rbegin(), hay.rend());
    const std::string rneedle(needle.rbegin(), needle.rend());
    const size_t at = py::find(rhay, rneedle);
    return at == std::string_view::npos ? at : hay.size() - at - needle.size();
}

size_t count(std::string_view hay, std::string_view needle) {
    if (needle.empty()) return length(hay) + 1;
    size_t n = 0;
    for (size_t at = find(hay, needle); at != std::string_view::npos; at = find(hay, needle, at + needle.size())) ++n;
    return n;
}

size_t replaced_size(std::string_view s, std::string_view old, std::string_view repl, int64_t maxcount) {
    size_t n = count(s, old);
    if (maxcount >= 0) n = std::min(n, static_cast<size_t>(maxcount));
    return s.size() - n * old.size() + n * repl.size();
}

std::string replace(std::string_view s, std::string_view old, std::string_view repl, int64_t maxcount) {
    std::string out;
    out.reserve(replaced_size(s, old, repl, maxcount));
    int64_t done = 0;
    if (old.empty()) {
        size_t i = 0;
        while (i <= s.size()) {
            if (maxcount >= 0 && done >= maxcount) {
                out.append(s.substr(i));
                break;
            }
            out.append(repl);
            ++done;
            if (i == s.size()) break;
            const size_t start = i;
            next_code_point(s, i);
            out.append(s.substr(start, i - start));
        }
        return out;
    }
    size_t pos = 0;
    while (maxcount < 0 || done < maxcount) {
        const size_t at = find(s, old, pos);
        if (at == std::string_view::npos) break;
        out.append(s.substr(pos, at - pos));
        out.append(repl);
        pos = at + old.size();
        ++done;
    }
    out.append(s.substr(pos));
    return out;
}

namespace {

// Splits on runs of whitespace; returns [begin, end) byte ranges of the words.
std::vector<std::pair<size_t, size_t>> whitespace_words(std::string_view s) {
    std::vector<std::pair<size_t, size_t>> words;
    size_t i = 0;
    while (i < s.size()) {
        size_t start = i;
        size_t probe = i;
        if (is_space(next_code_point(s, probe))) {
            i = probe;
            continue;
        }
        i = probe;
        while (i < s.size()) {
            probe = i;
            if (is_space(next_code_point(s, probe))) break;
            i = probe;
        }
        words.emplace_back(start, i);
    }
    return words;
}

} // namespace

std::vector<std::string> split(std::string_view s, const std::string* sep, int64_t maxsplit) {
    std::vector<std::string> parts;
    if (!sep) {
        const auto words = whitespace_words(s);
        for (size_t w = 0; w < words.size(); ++w) {
            if (maxsplit >= 0 && static_cast<int64_t>(w) == maxsplit) {
                parts.emplace_back(strip(s.substr(words[w].first), nullptr, false, true));
                return parts;
            }
            parts.emplace_back(s.substr(words[w].first, words[w].second - words[w].first));
        }
        return parts;
    }
    size_t pos = 0;
    int64_t done = 0;
    while (maxsplit < 0 || done < maxsplit) {
        const size_t at = find(s, *sep, pos);
        if (at == std::string_view::npos) break;
        parts.emplace_back(s.substr(pos, at - pos));
        pos = at + sep->size();
        ++done;
    }
    parts.emplace_back(s.substr(pos));
    return parts;
}

std::vector<std::string> rsplit(std::string_view s, const std::string* sep, int64_t maxsplit) {
    if (maxsplit < 0) return split(s, sep, maxsplit);
    std::vector<std::string> parts;
    if (!sep) {
        const auto words = whitespace_words(s);
        const int64_t n = static_cast<int64_t>(words.size());
        const int64_t keep_whole = std::max<int64_t>(0, n - maxsplit);
        if (keep_whole > 0) {
            parts.emplace_back(strip(s.substr(0, words[keep_whole - 1].second), nullptr, true, false));
        }
        for (int64_t w = keep_whole; w < n; ++w) {
            parts.emplace_back(s.substr(words[w].first, words[w].second - words[w].first));
        }
        return parts;
    }
    // Search right to left once, in reversed copies, so that many splits stay linear.
    const std::string rhay(s.rbegin(), s.rend());
    const std::string rsep(sep->rbegin(), sep->rend());
    std::vector<std::string> reversed;
    size_t end = s.size();  // the unsplit prefix is s[0, end)
    size_t from = 0;
    for (int64_t done = 0; done < maxsplit; ++done) {
        const size_t at = py::find(rhay, rsep, from);
        if (at == std::string_view::npos) break;
        const size_t start = s.size() - at;  // one past the separator in s
        reversed.emplace_back(s.substr(start, end - start));
        end = start - sep->size();
        from = at + rsep.size();
    }
    parts.emplace_back(s.substr(0, end));
    parts.insert(parts.end(), reversed.rbegin(), reversed.rend());
    return parts;
}

std::vector<std::string> splitlines(std::string_view s, bool keepends) {
    std::vector<std::string> lines;
    size_t start = 0;
    size_t i = 0;
    while (i < s.size()) {
        const size_t at = i;
        const char32_t cp = next_code_point(s, i);
        if (!is_line_break(cp)) continue;
        if (cp == '\r' && i < s.size() && s[i] == '\n') ++i;
        lines.emplace_back(s.substr(start, (keepends ? i : at) - start));
        start = i;
    }
    if (start < s.size()) lines.emplace_back(s.substr(start));
    return lines;
}

namespace {

bool is_printable(char32_t cp) {
    if (cp < 0x20 || cp == 0x7F) return false;
    if (cp >= 0x80 && cp <= 0xA0) return false;
    if (cp == 0xAD || cp == 0x61C || cp == 0x1680 || cp == 0x180E || cp == 0x3000 || cp == 0xFEFF) return false;
    if ((cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x206F)) return false;
    if ((cp >= 0xD800 && cp <= 0xF8FF) || (cp >= 0xFFF9 && cp <= 0xFFFB) || cp == 0xFFFE || cp == 0xFFFF) return false;
    if (cp >= 0xF0000) return false;
    return true;
}

} // namespace

std::string repr(std::string_view s) {
    const bool has_single = s.find('\'') != std::string_view::npos;
    const bool has_double = s.find('"') != std::string_view::npos;
    const char quote = (has_single && !has_double) ? '"' : '\'';
    std::string out(1, quote);
    for (size_t i = 0; i < s.size();) {
        const size_t start = i;
        const char32_t cp = next_code_point(s, i);
        char buf[16];
        if (cp == static_cast<char32_t>(quote) || cp == '\\') {
            out += '\\';
            out += static_cast<char>(cp);
        } else if (cp == '\t') {
            out += "\\t";
        } else if (cp == '\n') {
            out += "\\n";
        } else if (cp == '\r') {
            out += "\\r";
        } else if (is_printable(cp)) {
            out.append(s.substr(start, i - start));
        } else {
            if (cp < 0x100) std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(cp));
            else if (cp < 0x10000) std::snprintf(buf, sizeof buf, "\\u%04x", static_cast<unsigned>(cp));
            else std::snprintf(buf, sizeof buf, "\\U%08x", static_cast<unsigned>(cp));
            out += buf;
        }
    }
    out += quote;
    return out;
}

std::string float_repr(double d) {
    if (std::isnan(d)) return "nan";
    if (std::isinf(d)) return d < 0 ? "-inf" : "inf";
    // Shortest round-trip digits in scientific form: "d[.ddd]e[+-]x".
    char buf[64];
    const auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    std::string sci(buf, res.ptr);
    std::string sign;
    if (sci[0] == '-') {
        sign = "-";
        sci.erase(0, 1);
    }
    const size_t e = sci.find('e');
    std::string digits = sci.substr(0, e);
    digits.erase(std::remove(digits.begin(), digits.end(), '.'), digits.end());
    const int exponent = std::stoi(sci.substr(e + 1));
    std::string out = sign;
    if (exponent < -4 || exponent >= 16) {
        out += digits[0];
        if (digits.size() > 1) {
            out += '.';
            out.append(digits, 1, std::string::npos);
        }
        std::snprintf(buf, sizeof buf, "e%c%02d", exponent < 0 ? '-' : '+', std::abs(exponent));
        out += buf;
    } else if (exponent < 0) {
        out += "0.";
        out.append(static_cast<size_t>(-exponent - 1), '0');
        out += digits;
    } else {
        const size_t int_digits = static_cast<size_t>(exponent) + 1;
        if (digits.size() <= int_digits) {
            out += digits;
            out.append(int_digits - digits.size(), '0');
            out += ".0";
        } else {
            out.append(digits, 0, int_digits);
            out += '.';
            out.append(digits, int_digits, std::string::npos);
        }
    }
    return out;
}

} // namespace moe::jinja::py
