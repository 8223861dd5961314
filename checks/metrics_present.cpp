#include "checks.hpp"

#include <fmt/format.h>

namespace ttaobs::checks {

using core::Status;

core::CheckOutcome metrics_present(const sources::Payload& evidence, const core::CheckParams& params)
{
  const auto* result = core::evidence_as<sources::QueryResult>(evidence);
  if (result == nullptr) {
    return core::wrong_evidence("Prometheus query");
  }
  const auto n = result->series.size();
  const auto noun = params.noun.empty() ? std::string("series") : params.noun;
  if (n == 0) {
    return core::outcome(Status::fail,
                         fmt::format("0 {} (expected ≥ {}): the metric is not in Prometheus", noun, params.min))
        .with(core::at_least(0, params.min, noun));
  }
  return core::outcome(static_cast<double>(n) >= params.min ? Status::pass : Status::fail,
                       fmt::format("{} {} (expected ≥ {})", n, noun, params.min))
      .with(core::at_least(static_cast<double>(n), params.min, noun));
}

} // namespace ttaobs::checks
