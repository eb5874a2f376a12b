#pragma once
// Python `str` semantics over UTF-8 bytes: what jinja2 templates see when they index, slice,
// strip, split or change the case of a string. Lengths and indices count code points, as in
// Python; bytes that are not valid UTF-8 count as one code point each, so no input is rejected.
// Case mapping covers ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic (one-to-one maps only).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace moe::jinja::py {

// Decodes the code point starting at s[i] and advances i (an invalid byte decodes to itself).
char32_t next_code_point(std::string_view s, size_t& i);
void append_utf8(std::string& out, char32_t cp);

bool is_ascii(std::string_view s);
size_t length(std::string_view s);                       // in code points
// Byte offset of each code point, plus s.size() at the end (size length(s) + 1).
std::vector<size_t> code_point_offsets(std::string_view s);
size_t code_point_index(std::string_view s, size_t byte_offset);

bool is_space(char32_t cp);                              // str.isspace()
bool is_line_break(char32_t cp);                         // str.splitlines() boundaries
char32_t to_upper(char32_t cp);
char32_t to_lower(char32_t cp);
bool is_cased_letter(char32_t cp);
bool is_alpha(char32_t cp);
bool is_digit(char32_t cp);

std::string upper(std::string_view s);
std::string lower(std::string_view s);
std::string casefold(std::string_view s);                 // str.casefold(): lower, ß -> ss, no final sigma
std::string title(std::string_view s);                   // str.title()
std::string capitalize(std::string_view s);              // str.capitalize()

// strip family: `chars` == nullptr strips whitespace; otherwise any code point of *chars.
std::string_view strip(std::string_view s, const std::string* chars, bool left, bool right);

// str.split / str.rsplit; sep == nullptr splits on runs of whitespace. maxsplit < 0: no limit.
std::vector<std::string> split(std::string_view s, const std::string* sep, int64_t maxsplit);
std::vector<std::string> rsplit(std::string_view s, const std::string* sep, int64_t maxsplit);
std::vector<std::string> splitlines(std::string_view s, bool keepends);

// Byte offset of the first/last occurrence of `needle` in `hay`, or npos (linear time).
size_t find(std::string_view hay, std::string_view needle, size_t from = 0);
size_t rfind(std::string_view hay, std::string_view needle);
size_t count(std::string_view hay, std::string_view needle);   // non-overlapping, like str.count
// str.replace; the caller checks the result size first with replaced_size().
std::string replace(std::string_view s, std::string_view old, std::string_view repl, int64_t maxcount);
size_t replaced_size(std::string_view s, std::string_view old, std::string_view repl, int64_t maxcount);

// repr() of a str: quotes chosen as Python does, non-printable code points escaped.
std::string repr(std::string_view s);
// repr() of a float: shortest round-trip digits, "1.0", "1e+16", "inf", "nan".
std::string float_repr(double d);

} // namespace moe::jinja::py
