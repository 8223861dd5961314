#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace ttaobs::metrics {

/// A float as Go's strconv.ParseFloat reads it for the 0.0.4 text format: decimal with optional
/// exponent, or Inf/Infinity (signed) and NaN, case-insensitive; no hex, no '_'; overflow fails.
std::optional<double> parse_go_float(std::string_view text);

/// An OpenMetrics number: the same decimal grammar plus [+-]Inf/Infinity and NaN; no hex, no '_'.
std::optional<double> parse_om_number(std::string_view text);

/// An OpenMetrics timestamp (seconds): a decimal number, never NaN or infinite.
std::optional<double> parse_om_timestamp(std::string_view text);

/// A signed 64-bit decimal integer with optional sign, as Go's strconv.ParseInt(s, 10, 64).
std::optional<std::int64_t> parse_int64(std::string_view text);

/// True when `text` is valid UTF-8 (no overlongs, no surrogates).
bool valid_utf8(std::string_view text);

/// The number of UTF-8 code points in `text` (which must be valid UTF-8).
std::size_t code_points(std::string_view text);

} // namespace ttaobs::metrics
