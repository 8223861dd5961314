#pragma once

#include <src/trace/model.hpp>

#include <string>

namespace ttaobs::sources {

/// `set` as an OTLP/JSON TracesData document, which `--from-file` (parse_otlp_traces) reads back to
/// the same TraceSet: ids hex, times in nanoseconds as strings, kind and status as numbers, every
/// attribute as a stringValue (the span model keeps values as text), links with their span id. Each
/// run of consecutive spans of one service is one resourceSpans entry (scope "ttaobs"). Times
/// before the epoch or past 2262 are clamped; strings are written byte for byte (JSON-escaped).
std::string write_otlp_json(const trace::TraceSet& set);

} // namespace ttaobs::sources
