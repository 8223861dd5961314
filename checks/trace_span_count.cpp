#include "checks.hpp"
#include "trace_common.hpp"

#include <fmt/format.h>

namespace ttaobs::checks {

using core::Status;

core::CheckOutcome trace_span_count(const sources::Payload& evidence, const core::CheckParams& params)
{
  const auto* set = core::evidence_as<sources::TraceSet>(evidence);
  if (set == nullptr) {
    return core::wrong_evidence("trace");
  }
  const auto* trace = most_recent(*set);
  if (trace == nullptr) {
    return core::outcome(Status::fail, fmt::format("no traces found for the service (expected a trace with ≥ {} spans)", params.min));
  }
  const auto n = trace->spans.size();
  return core::outcome(static_cast<double>(n) >= params.min ? Status::pass : Status::fail,
                       fmt::format("{} span{} in trace {} (expected ≥ {})", n, n == 1 ? "" : "s", short_id(*trace), params.min));
}

} // namespace ttaobs::checks
