#include "checks.hpp"
#include "trace_common.hpp"

#include <fmt/format.h>

namespace ttaobs::checks {

using core::Status;

core::CheckOutcome trace_descendant_span(const sources::Payload& evidence, const core::CheckParams& params)
{
  const auto* set = core::evidence_as<sources::TraceSet>(evidence);
  if (set == nullptr) {
    return core::wrong_evidence("trace");
  }
  const auto* trace = most_recent(*set);
  if (trace == nullptr) {
    return core::outcome(Status::fail, fmt::format("no traces found for the service (expected span '{}')", params.span));
  }
  const auto index = index_spans(*trace);
  bool found = false;
  std::string chain_end;
  for (const auto& span : trace->spans) {
    if (span.name != params.span) {
      continue;
    }
    found = true;
    // Walk up the parent chain; the step bound makes reference cycles harmless.
    const sources::Span* at = &span;
    for (std::size_t steps = 0; steps <= trace->spans.size(); ++steps) {
      const auto parent = index.find(at->parent_id);
      if (at->parent_id.empty() || parent == index.end()) {
        break;
      }
      at = &trace->spans[parent->second];
      if (at->name == params.ancestor) {
        return core::outcome(Status::pass, fmt::format("'{}' descends from '{}' in {}", params.span,
                                                       params.ancestor, trace_label(*trace)));
      }
    }
    chain_end = at->parent_id.empty() ? fmt::format("root '{}'", at->name)
                                      : fmt::format("'{}' whose parent {} is missing", at->name, at->parent_id);
  }
  if (!found) {
    return core::outcome(Status::fail, fmt::format("no span '{}' in {}", params.span, trace_label(*trace)));
  }
  return core::outcome(Status::fail, fmt::format("'{}' does not descend from '{}': its ancestry ends at {} in {}",
                                                 params.span, params.ancestor, chain_end, trace_label(*trace)));
}

} // namespace ttaobs::checks
