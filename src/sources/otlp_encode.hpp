#pragma once

#include <src/trace/model.hpp>
#include <src/util/expected.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace ttaobs::sources {

/// An attribute value to encode (OTLP AnyValue string, bool, int or double).
using OtlpValue = std::variant<std::string, bool, std::int64_t, double>;

/// One attribute to encode.
struct OtlpAttribute
{
  std::string key; ///< e.g. "http.route"
  OtlpValue value; ///< its typed value
};

/// One span to encode (what a canary or a test needs; ids as hex).
struct OtlpSpan
{
  std::string service;                                 ///< resource service.name ("" for none)
  std::string trace_id;                                ///< 32 hex digits
  std::string span_id;                                 ///< 16 hex digits
  std::string parent_id;                               ///< 16 hex digits, "" for a root
  std::string name;                                    ///< operation name
  trace::SpanKind kind = trace::SpanKind::internal;    ///< kind
  trace::SpanStatus status = trace::SpanStatus::unset; ///< status code
  std::string status_message;                          ///< status message ("" for none)
  std::uint64_t start_ns = 0;                          ///< start, nanoseconds since the epoch
  std::uint64_t end_ns = 0;                            ///< end, nanoseconds since the epoch
  std::vector<OtlpAttribute> attributes;               ///< span attributes
  std::vector<std::string> links;                      ///< linked span ids (hex) in the same trace
};

/// An OTLP/protobuf ExportTraceServiceRequest holding `spans`: each run of consecutive spans of one
/// service is one ResourceSpans (service.name) with one ScopeSpans (scope `scope`). Hex ids are
/// written as bytes (a non-hex digit counts as 0).
std::string encode_otlp_traces(const std::vector<OtlpSpan>& spans, std::string_view scope = "ttaobs");

/// An OTLP Export*ServiceResponse (traces, metrics and logs share its shape): empty for full success,
/// else `partial_success {rejected_spans|rejected_data_points, error_message}`.
std::string encode_otlp_response(std::int64_t rejected = 0, std::string_view error_message = {});

/// What an Export*ServiceResponse said (rejected 0 and no message: everything accepted).
struct OtlpPartialSuccess
{
  std::int64_t rejected = 0; ///< spans (or data points) the server refused
  std::string message;       ///< why, or a warning; "" for none
};

/// Decodes an Export*ServiceResponse (protobuf); a one-line error for malformed bytes.
Expected<OtlpPartialSuccess, std::string> parse_otlp_response(std::string_view body);

} // namespace ttaobs::sources
