#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ttaobs::util {

/// `s` without leading and trailing ASCII white space.
std::string_view trim(std::string_view s);

/// True when `s` starts with `prefix`.
bool starts_with(std::string_view s, std::string_view prefix);

/// `s` split at every `sep`, keeping empty pieces.
std::vector<std::string_view> split(std::string_view s, char sep);

/// `s` folded to one printable line: control characters become spaces, runs of spaces collapse,
/// and text past `max_len` bytes is cut with an ellipsis (messages must stay one line).
std::string one_line(std::string_view s, std::size_t max_len = 240);

/// `items` joined with `sep`.
std::string join(const std::vector<std::string>& items, std::string_view sep);

/// The Levenshtein distance between `a` and `b` (for "did you mean").
std::size_t edit_distance(std::string_view a, std::string_view b);

/// Parses a non-negative decimal number of seconds such as "5", "0.5" or "2.25"; false if invalid.
bool parse_seconds(std::string_view text, double& out);

} // namespace ttaobs::util
