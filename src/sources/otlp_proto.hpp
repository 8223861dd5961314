#pragma once

#include <src/json/limits.hpp>
#include <src/trace/model.hpp>
#include <src/util/expected.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace ttaobs::sources {

/// Decodes an OTLP/protobuf `ExportTraceServiceRequest` (the body of `POST /v1/traces`; `TracesData`
/// has the same wire shape) into what parse_otlp_traces gives for the same data as OTLP/JSON: ids as
/// lower-case hex, times in microseconds, kind, status, links, attributes as text, resource
/// `service.name`, spans grouped into traces, most recent first. Unknown fields are skipped. Bad
/// input (truncation, wrong wire types, ids of the wrong length, AnyValue nesting deeper than
/// `limits.max_depth`, a passed deadline) is a one-line error naming the message path and byte offset.
Expected<trace::TraceSet, std::string> parse_otlp_traces_proto(std::string_view body,
                                                               const json::JsonLimits& limits = {});

/// parse_otlp_traces_proto without building trees: the traces as they arrived, ordered by id, for a
/// collector that joins them with other requests' (trace::TraceCollector, as the receiver does).
Expected<std::vector<trace::Trace>, std::string> read_otlp_traces_proto(std::string_view body,
                                                                        const json::JsonLimits& limits = {});

} // namespace ttaobs::sources
