#pragma once

// The `health.http` module: any URL (or a configured endpoint, optionally a path under it)
// answers an expected status, optionally with a body substring or a JSON field value.

#include "module.hpp"

#include <cstddef>
#include <optional>
#include <string>

namespace ttaobs::checks {

/// How much of a body `health.http` reads when it judges the body (the rest is not fetched).
constexpr std::size_t k_health_body_limit = 64 * 1024;

/// What `health.http` expects of one answer; unset parts are not judged.
struct HealthExpectation
{
  long status = 200;                        ///< the HTTP status
  std::optional<std::string> body_contains; ///< a substring of the body's first k_health_body_limit bytes
  /// A JSON field (dotted path, array indices as numbers) and the value it must have (as text).
  struct JsonField
  {
    std::string field;
    std::string equals;
  };
  std::optional<JsonField> json;
};

/// Reads a `health.http` entry: {url | endpoint (+ path), status, body_contains, json: {field,
/// equals}, follow_redirects}.
std::optional<Binding> read_health_http(yaml::MapReader& entry, const ModuleContext& context);

/// Passes when `probe` answered the expected status and, where asked, its body holds the substring
/// and the JSON field has the value.
core::CheckOutcome judge_health(const sources::Probe& probe, const HealthExpectation& expected);

} // namespace ttaobs::checks
