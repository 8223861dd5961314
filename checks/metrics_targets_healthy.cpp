#include "checks.hpp"
#include "trace_common.hpp"

#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace ttaobs::checks {

using core::Status;

core::CheckOutcome metrics_targets_healthy(const sources::Payload& evidence, const core::CheckParams& params)
{
  const auto* result = core::evidence_as<sources::TargetsResult>(evidence);
  if (result == nullptr) {
    return core::wrong_evidence("Prometheus targets");
  }
  std::size_t count = 0;
  double slowest = 0;
  std::vector<std::string> problems;
  for (const auto& target : result->targets) {
    if (target.job != params.value) {
      continue;
    }
    ++count;
    slowest = std::max(slowest, target.scrape_seconds);
    if (target.health != "up" || !target.last_error.empty()) {
      problems.push_back(fmt::format("{} is {}{}", target.instance, target.health,
                                     target.last_error.empty() ? "" : ": " + util::one_line(target.last_error, 160)));
    }
  }
  if (count == 0) {
    return core::outcome(Status::fail,
                         fmt::format("no active target of job \"{}\" ({} active target{} in all)", params.value,
                                     result->targets.size(), result->targets.size() == 1 ? "" : "s"));
  }
  const auto duration = fmt::format("slowest last scrape {:.1f}ms", slowest * 1000.0);
  if (!problems.empty()) {
    return core::outcome(Status::fail,
                         fmt::format("{} of {} target{} of job \"{}\" unhealthy ({}): {}", problems.size(), count,
                                     count == 1 ? "" : "s", params.value, duration, name_list(problems, 3)))
        .with(
            core::exactly(static_cast<double>(count - problems.size()), static_cast<double>(count), "healthy targets"));
  }
  return core::outcome(Status::pass, fmt::format("{} target{} of job \"{}\" up, no scrape errors; {}", count,
                                                 count == 1 ? "" : "s", params.value, duration))
      .with(core::exactly(static_cast<double>(count), static_cast<double>(count), "healthy targets"));
}

} // namespace ttaobs::checks
