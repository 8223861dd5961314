#pragma once

#include <src/json/reader.hpp>
#include <src/trace/model.hpp>
#include <src/util/expected.hpp>

#include <functional>
#include <string>
#include <string_view>

namespace ttaobs::sources {

/// Parses a Jaeger v1 query API answer (`{"data":[trace…],"errors":…}`) in one streaming pass,
/// most recent trace first; the error says what is malformed and where (JSON path or byte
/// offset). `on_progress(offset)` is called as input is consumed (see JsonReader); nesting and
/// time are bounded by `limits`.
Expected<trace::TraceSet, std::string> parse_jaeger_traces(std::string_view body,
                                                           const std::function<void(std::size_t)>& on_progress = {},
                                                           const json::JsonLimits& limits = {});

/// The message of a Jaeger `errors[0].msg` envelope, or "" when `body` has none.
std::string jaeger_error_message(std::string_view body);

} // namespace ttaobs::sources
