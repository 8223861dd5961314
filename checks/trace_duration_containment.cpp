#include "checks.hpp"
#include "trace_common.hpp"

#include <src/trace/containment.hpp>

#include <fmt/format.h>

namespace ttaobs::checks {

using core::Status;

namespace {

// Every child lies within its parent's interval (± tolerance), so no parent is shorter than a child.
TraceVerdict check_containment(const trace::Trace& trace, const trace::SpanTree& tree, const core::CheckParams& params)
{
  std::vector<std::string> violations;
  std::size_t count = 0;
  std::size_t first = trace::SpanTree::k_none;
  for (std::size_t i = 0; i < trace.spans.size(); ++i) {
    const auto problem = trace::containment_problem(trace, tree, i, params.tolerance_us);
    if (problem.empty()) {
      continue;
    }
    ++count;
    if (first == trace::SpanTree::k_none) {
      first = tree.parent[i];
    }
    if (violations.size() < 5) {
      violations.push_back(fmt::format("'{}' {} '{}'", trace.spans[i].name, problem, trace.spans[tree.parent[i]].name));
    }
  }
  if (count == 0) {
    return {core::outcome(Status::pass, fmt::format("every child lies within its parent in {} (tolerance {})",
                                                    trace_label(trace), trace::format_duration_us(params.tolerance_us)))
                .with(core::at_most(0, 0, "spans outside their parent"))};
  }
  return {core::outcome(Status::fail, fmt::format("{} span{} outside {} parent (tolerance {}) in {}: {}", count,
                                                  count == 1 ? "" : "s", count == 1 ? "its" : "their",
                                                  trace::format_duration_us(params.tolerance_us), trace_label(trace),
                                                  name_list(violations, 5)))
              .with(core::at_most(static_cast<double>(count), 0, "spans outside their parent")),
          first};
}

} // namespace

core::CheckOutcome trace_duration_containment(const sources::Payload& evidence, const core::CheckParams& params)
{
  return over_traces(evidence, params, check_containment, "a trace whose spans nest in time");
}

} // namespace ttaobs::checks
