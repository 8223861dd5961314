#include "checks.hpp"
#include "trace_common.hpp"

#include <fmt/format.h>

namespace ttaobs::checks {

using core::Status;

core::CheckOutcome trace_root_span(const sources::Payload& evidence, const core::CheckParams& params)
{
  const auto* set = core::evidence_as<sources::TraceSet>(evidence);
  if (set == nullptr) {
    return core::wrong_evidence("trace");
  }
  const auto* trace = most_recent(*set);
  if (trace == nullptr) {
    return core::outcome(Status::fail, fmt::format("no traces found for the service (expected root span '{}')", params.span));
  }
  const auto index = index_spans(*trace);
  const sources::Span* named_with_parent = nullptr;
  for (const auto& span : trace->spans) {
    if (span.name != params.span) {
      continue;
    }
    if (span.parent_id.empty()) {
      return core::outcome(Status::pass, fmt::format("'{}' is the root of {}", params.span, trace_label(*trace)));
    }
    named_with_parent = named_with_parent != nullptr ? named_with_parent : &span;
  }
  if (named_with_parent != nullptr) {
    const auto parent = index.find(named_with_parent->parent_id);
    const auto parent_text = parent == index.end()
                               ? fmt::format("span {} which is not in the trace", named_with_parent->parent_id)
                               : fmt::format("'{}'", trace->spans[parent->second].name);
    return core::outcome(Status::fail, fmt::format("'{}' exists but is not a root: its parent is {} in {}",
                                                   params.span, parent_text, trace_label(*trace)));
  }
  const auto roots = root_names(*trace, 100);
  return core::outcome(Status::fail,
                       fmt::format("no span '{}' in {}; {} root span{} ({}) — context propagation may be broken",
                                   params.span, trace_label(*trace), roots.size(), roots.size() == 1 ? "" : "s",
                                   name_list(roots, 3)));
}

} // namespace ttaobs::checks
