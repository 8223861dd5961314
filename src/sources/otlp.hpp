#pragma once

#include <src/json/reader.hpp>
#include <src/trace/model.hpp>
#include <src/util/expected.hpp>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ttaobs::sources {

/// Parses OTLP/JSON traces in any of the shapes servers wrap them in: a TracesData object
/// (`resourceSpans`), Jaeger api_v3 (`{"result": TracesData}`), Grafana Tempo v1
/// (`{"batches": [...]}`, base64 ids) and Tempo v2 (`{"trace": …, "status": …}`). Ids may be hex
/// or base64; spans are grouped into traces, most recent first. Errors name the JSON path. Read in
/// one streaming pass (JsonReader: no document tree) within `limits` (depth, the request's deadline).
Expected<trace::TraceSet, std::string> parse_otlp_traces(std::string_view body, const json::JsonLimits& limits = {});

/// parse_otlp_traces, calling `on_progress(offset)` as input is consumed (see JsonReader).
Expected<trace::TraceSet, std::string> parse_otlp_traces(std::string_view body, const json::JsonLimits& limits,
                                                         const std::function<void(std::size_t)>& on_progress);

/// parse_otlp_traces without building trees: the traces as they arrived, ordered by id, for a
/// collector that joins them with other requests' (trace::TraceCollector).
Expected<std::vector<trace::Trace>, std::string> read_otlp_traces(std::string_view body,
                                                                  const json::JsonLimits& limits = {});

} // namespace ttaobs::sources
