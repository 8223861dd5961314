#include "checks.hpp"

#include <fmt/format.h>

namespace ttaobs::checks {

using core::Status;

core::CheckOutcome health_http(const sources::Payload& evidence, const core::CheckParams& params)
{
  const auto* probe = core::evidence_as<sources::Probe>(evidence);
  if (probe == nullptr) {
    return core::wrong_evidence("probe");
  }
  const auto not_ok = params.warn_only ? Status::warn : Status::fail;
  const auto suffix = params.warn_only ? " (non-blocking)" : "";
  if (!probe->answered) {
    return core::outcome(not_ok, fmt::format("no answer: {}{}", probe->failure, suffix));
  }
  if (probe->status != 200) {
    return core::outcome(not_ok, fmt::format("HTTP {} (expected 200){}", probe->status, suffix))
        .with(core::exactly(static_cast<double>(probe->status), 200, "HTTP status"));
  }
  return core::outcome(Status::pass, "HTTP 200").with(core::exactly(200, 200, "HTTP status"));
}

} // namespace ttaobs::checks
