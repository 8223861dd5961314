#include "checks.hpp"
#include "trace_common.hpp"

#include <fmt/format.h>

#include <set>

namespace ttaobs::checks {

using core::Status;

core::CheckOutcome labels_diversity(const sources::Payload& evidence, const core::CheckParams& params)
{
  const auto* result = core::evidence_as<sources::QueryResult>(evidence);
  if (result == nullptr) {
    return core::wrong_evidence("Prometheus query");
  }
  std::set<std::string> values;
  for (const auto& series : result->series) {
    const auto it = series.labels.find(params.label);
    if (it != series.labels.end()) {
      values.insert(it->second);
    }
  }
  const auto n = values.size();
  const auto status = static_cast<double>(n) >= params.min ? Status::pass : Status::fail;
  auto message = fmt::format("{} distinct {} value{} (expected ≥ {})", n, params.label, n == 1 ? "" : "s", params.min);
  if (!values.empty()) {
    message += ": " + name_list({values.begin(), values.end()}, 10);
  } else if (!result->series.empty()) {
    message += fmt::format(": no series carries the label '{}'", params.label);
  }
  return core::outcome(status, std::move(message))
      .with(core::at_least(static_cast<double>(n), params.min, params.label + " values"));
}

} // namespace ttaobs::checks
