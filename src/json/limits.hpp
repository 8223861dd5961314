#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <string_view>

namespace ttaobs::json {

/// When parsing must stop: a point on the steady clock (`Deadline::max()` for never).
using Deadline = std::chrono::steady_clock::time_point;

/// The deepest nesting any JSON parser accepts; real API answers are about a dozen levels deep.
inline constexpr std::size_t k_max_json_depth = 128;

/// What bounds one parse: nesting depth and the deadline of the request whose body it is.
struct JsonLimits
{
  std::size_t max_depth = k_max_json_depth; ///< more open containers than this is an error
  Deadline deadline = Deadline::max();      ///< checked about every 64 KiB consumed
};

/// How often (bytes consumed) parsers look at the deadline.
inline constexpr std::size_t k_deadline_check_bytes = 64u << 10;

/// "nesting deeper than MAX levels at byte N": the one wording of that refusal.
std::string too_deep_message(std::size_t max_depth, std::size_t byte);

/// "timed out parsing JSON at byte N (--timeout)": the one wording of a passed deadline.
std::string timeout_message(std::size_t byte);

/// The deadline of a request sent now with `timeout` (what `--timeout` bounds, parsing included).
Deadline deadline_after(std::chrono::milliseconds timeout);

/// "" when `text` nests at most `limits.max_depth` deep and the deadline holds while scanning it;
/// otherwise the one-line error a JsonReader would give. A cheap pass to run before a DOM parser.
std::string check_json_limits(std::string_view text, const JsonLimits& limits);

} // namespace ttaobs::json
