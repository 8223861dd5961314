#include "checks.hpp"

#include <fmt/format.h>

namespace ttaobs::checks {

using core::Status;

core::CheckOutcome health_exposition(const sources::Payload& evidence, const core::CheckParams& params)
{
  const auto* exposition = core::evidence_as<sources::ExpositionProbe>(evidence);
  if (exposition == nullptr) {
    return core::wrong_evidence("exposition");
  }
  const auto& probe = exposition->probe;
  if (!probe.answered) {
    return core::outcome(Status::fail, fmt::format("no answer: {}", probe.failure));
  }
  if (probe.status != 200) {
    return core::outcome(Status::fail, fmt::format("HTTP {} (expected 200)", probe.status));
  }
  std::size_t matching = 0;
  std::size_t families = 0;
  for (const auto& [name, n] : exposition->scan.samples_by_name) {
    if (name.compare(0, params.prefix.size(), params.prefix) == 0) {
      matching += n;
      ++families;
    }
  }
  const auto status = static_cast<double>(matching) >= params.min ? Status::pass : Status::fail;
  return core::outcome(status,
                       fmt::format("HTTP 200, {} {}* sample line{} in {} name{} of {} sample lines (expected ≥ {})",
                                   matching, params.prefix, matching == 1 ? "" : "s", families,
                                   families == 1 ? "" : "s", exposition->scan.sample_lines, params.min))
      .with(core::at_least(static_cast<double>(matching), params.min, "sample lines"));
}

} // namespace ttaobs::checks
