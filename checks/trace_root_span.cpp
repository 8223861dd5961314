#include "checks.hpp"
#include "trace_common.hpp"

#include <fmt/format.h>

namespace ttaobs::checks {

using core::Status;

namespace {

TraceVerdict find_root(const trace::Trace& trace, const trace::SpanTree& tree, const core::CheckParams& params)
{
  std::size_t named_with_parent = trace::SpanTree::k_none;
  for (std::size_t i = 0; i < trace.spans.size(); ++i) {
    if (trace.spans[i].name != params.span) {
      continue;
    }
    if (trace.spans[i].parent_id.empty()) {
      return {core::outcome(Status::pass, fmt::format("'{}' is the root of {}", params.span, trace_label(trace)))};
    }
    named_with_parent = named_with_parent != trace::SpanTree::k_none ? named_with_parent : i;
  }
  if (named_with_parent != trace::SpanTree::k_none) {
    const auto parent = tree.parent[named_with_parent];
    const auto parent_text = parent == trace::SpanTree::k_none ? fmt::format("span {} which is not in the trace",
                                                                             trace.spans[named_with_parent].parent_id)
                                                               : fmt::format("'{}'", trace.spans[parent].name);
    // show the chain above the span that should have been the root
    auto top = named_with_parent;
    for (std::size_t steps = 0; tree.parent[top] != trace::SpanTree::k_none && steps < trace.spans.size(); ++steps) {
      top = tree.parent[top];
    }
    return {core::outcome(Status::fail, fmt::format("'{}' exists but is not a root: its parent is {} in {}",
                                                    params.span, parent_text, trace_label(trace))),
            top};
  }
  const auto roots = root_names(trace, 100);
  return {core::outcome(Status::fail,
                        fmt::format("no span '{}' in {}; {} root span{} ({}) — context propagation may be broken",
                                    params.span, trace_label(trace), roots.size(), roots.size() == 1 ? "" : "s",
                                    name_list(roots, 3)))};
}

} // namespace

core::CheckOutcome trace_root_span(const sources::Payload& evidence, const core::CheckParams& params)
{
  return over_traces(evidence, params, find_root, fmt::format("root span '{}'", params.span));
}

} // namespace ttaobs::checks
