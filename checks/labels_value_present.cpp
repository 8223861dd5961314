#include "checks.hpp"
#include "trace_common.hpp"

#include <fmt/format.h>

#include <set>

namespace ttaobs::checks {

using core::Status;

core::CheckOutcome labels_value_present(const sources::Payload& evidence, const core::CheckParams& params)
{
  const auto* result = core::evidence_as<sources::QueryResult>(evidence);
  if (result == nullptr) {
    return core::wrong_evidence("Prometheus query");
  }
  std::size_t matching = 0;
  std::set<std::string> seen;
  for (const auto& series : result->series) {
    const auto it = series.labels.find(params.label);
    if (it == series.labels.end()) {
      continue;
    }
    seen.insert(it->second);
    matching += it->second == params.value ? 1 : 0;
  }
  if (matching > 0) {
    return core::outcome(Status::pass, fmt::format("{}=\"{}\" in {} of {} series", params.label, params.value, matching,
                                                   result->series.size()));
  }
  return core::outcome(Status::fail,
                       fmt::format("no series with {}=\"{}\" among {} series (values seen: {})", params.label,
                                   params.value, result->series.size(),
                                   seen.empty() ? std::string("none") : name_list({seen.begin(), seen.end()}, 10)));
}

} // namespace ttaobs::checks
