#include "checks.hpp"
#include "trace_common.hpp"

#include <fmt/format.h>

namespace ttaobs::checks {

using core::Status;

core::CheckOutcome metrics_scrape_up(const sources::Payload& evidence, const core::CheckParams& params)
{
  const auto* result = core::evidence_as<sources::QueryResult>(evidence);
  if (result == nullptr) {
    return core::wrong_evidence("Prometheus query");
  }
  if (result->series.empty()) {
    return core::outcome(Status::fail,
                         fmt::format("no up series for job \"{}\": Prometheus does not scrape it", params.value));
  }
  std::vector<std::string> down;
  for (const auto& series : result->series) {
    if (series.value != "1") {
      const auto instance = series.labels.find("instance");
      down.push_back(instance != series.labels.end() ? instance->second : std::string("?"));
    }
  }
  if (!down.empty()) {
    return core::outcome(Status::fail, fmt::format("up is 0 for {} of {} target{} of job \"{}\": {}", down.size(),
                                                   result->series.size(), result->series.size() == 1 ? "" : "s",
                                                   params.value, name_list(down, 5)))
        .with(core::exactly(static_cast<double>(result->series.size() - down.size()),
                            static_cast<double>(result->series.size()), "targets up"));
  }
  return core::outcome(Status::pass, fmt::format("up is 1 for {} target{} of job \"{}\"", result->series.size(),
                                                 result->series.size() == 1 ? "" : "s", params.value))
      .with(core::exactly(static_cast<double>(result->series.size()), static_cast<double>(result->series.size()),
                          "targets up"));
}

} // namespace ttaobs::checks
