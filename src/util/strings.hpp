#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace ttaobs::util {

/// `s` without leading and trailing ASCII white space.
std::string_view trim(std::string_view s);

/// True when `s` starts with `prefix`.
bool starts_with(std::string_view s, std::string_view prefix);

/// `s` split at every `sep`, keeping empty pieces; the pieces point into `s`.
std::vector<std::string_view> split(std::string_view s, char sep);
/// Splitting a temporary std::string would leave the pieces dangling: refused at compile time.
template <typename T>
requires std::is_same_v<T, std::string> std::vector<std::string_view> split(T&& s, char sep)
= delete;

/// Length (1–4) of the valid UTF-8 sequence at `s[i]`, its code point in `cp`; 0 when the bytes
/// there are not valid UTF-8 (stray continuation, overlong, surrogate, truncated, > U+10FFFF).
std::size_t utf8_sequence(std::string_view s, std::size_t i, char32_t& cp);

/// `s` folded to one printable line: control characters (C0, DEL, C1, bidi overrides) become
/// spaces, runs of spaces collapse, bytes that are not UTF-8 become U+FFFD, and text past
/// `max_len` bytes is cut with an ellipsis (messages must stay one line, terminals unharmed).
std::string one_line(std::string_view s, std::size_t max_len = 240);

/// `s` with every control character (C0, DEL, C1, bidi overrides) replaced by a space and every
/// byte that is not UTF-8 by U+FFFD, white space otherwise kept: safe to print to a terminal.
std::string printable(std::string_view s);

/// `items` joined with `sep`.
std::string join(const std::vector<std::string>& items, std::string_view sep);

/// The Levenshtein distance between `a` and `b` (for "did you mean").
std::size_t edit_distance(std::string_view a, std::string_view b);

/// Parses a non-negative decimal number of seconds such as "5", "0.5" or "2.25"; false if invalid.
bool parse_seconds(std::string_view text, double& out);
/// A duration: a number with a unit (us, ms, s, m, h: "500ms", "1.5m") or a bare number of seconds;
/// nullopt for anything else, negative or past ~30 years.
std::optional<std::chrono::microseconds> parse_duration(std::string_view text);

} // namespace ttaobs::util
