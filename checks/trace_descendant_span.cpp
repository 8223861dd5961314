#include "checks.hpp"
#include "trace_common.hpp"

#include <fmt/format.h>

namespace ttaobs::checks {

using core::Status;

namespace {

TraceVerdict find_descendant(const trace::Trace& trace, const trace::SpanTree& tree, const core::CheckParams& params)
{
  bool found = false;
  std::string chain_end;
  std::size_t top = trace::SpanTree::k_none;
  for (std::size_t i = 0; i < trace.spans.size(); ++i) {
    if (trace.spans[i].name != params.span) {
      continue;
    }
    found = true;
    // Walk up the parent chain; the step bound makes reference cycles harmless.
    std::size_t at = i;
    for (std::size_t steps = 0; tree.parent[at] != trace::SpanTree::k_none && steps <= trace.spans.size(); ++steps) {
      at = tree.parent[at];
      if (trace.spans[at].name == params.ancestor) {
        return {core::outcome(Status::pass, fmt::format("'{}' descends from '{}' in {}", params.span, params.ancestor,
                                                        trace_label(trace)))};
      }
    }
    const auto& end = trace.spans[at];
    chain_end = end.parent_id.empty() ? fmt::format("root '{}'", end.name)
                                      : fmt::format("'{}' whose parent {} is missing", end.name, end.parent_id);
    top = at;
  }
  if (!found) {
    return {core::outcome(Status::fail, fmt::format("no span '{}' in {}", params.span, trace_label(trace)))};
  }
  return {core::outcome(Status::fail, fmt::format("'{}' does not descend from '{}': its ancestry ends at {} in {}",
                                                  params.span, params.ancestor, chain_end, trace_label(trace))),
          top};
}

} // namespace

core::CheckOutcome trace_descendant_span(const sources::Payload& evidence, const core::CheckParams& params)
{
  return over_traces(evidence, params, find_descendant, fmt::format("span '{}'", params.span));
}

} // namespace ttaobs::checks
