#pragma once

#include <src/sources/otlp_encode.hpp>
#include <src/trace/model.hpp>

#include <string>
#include <vector>

namespace ttaobs::test {

/// Checks (doctest CHECKs) that `a` and `b` hold the same traces, field by field: ids, order,
/// services, every span's ids, name, times, kind, status, error, links, service and attributes.
void check_same_traces(const trace::TraceSet& a, const trace::TraceSet& b);

/// The OTLP/JSON TracesData an SDK would send for `spans` (what encode_otlp_traces encodes as protobuf).
std::string otlp_json_of(const std::vector<sources::OtlpSpan>& spans);

/// Spans for the codec tests: two services, two traces, nesting, links, every kind and status,
/// and attributes of every scalar type.
std::vector<sources::OtlpSpan> sample_spans();

} // namespace ttaobs::test
