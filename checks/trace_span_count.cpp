#include "checks.hpp"
#include "trace_common.hpp"

#include <fmt/format.h>

namespace ttaobs::checks {

using core::Status;

namespace {

TraceVerdict count_spans(const trace::Trace& trace, const trace::SpanTree&, const core::CheckParams& params)
{
  const auto n = trace.spans.size();
  return {core::outcome(
              static_cast<double>(n) >= params.min ? Status::pass : Status::fail,
              fmt::format("{} span{} in trace {} (expected ≥ {})", n, n == 1 ? "" : "s", short_id(trace), params.min))
              .with(core::at_least(static_cast<double>(n), params.min, "spans"))};
}

} // namespace

core::CheckOutcome trace_span_count(const sources::Payload& evidence, const core::CheckParams& params)
{
  return over_traces(evidence, params, count_spans, fmt::format("a trace with ≥ {} spans", params.min));
}

} // namespace ttaobs::checks
