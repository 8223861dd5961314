#include "checks.hpp"
#include "trace_common.hpp"

#include <fmt/format.h>

namespace ttaobs::checks {

using core::Status;

namespace {

TraceVerdict check_single_root(const trace::Trace& trace, const trace::SpanTree& tree, const core::CheckParams& params)
{
  std::vector<std::string> roots;
  for (const auto i : tree.roots) {
    roots.push_back(trace.spans[i].name);
  }
  if (roots.size() == 1 && roots[0] == params.span) {
    return {core::outcome(Status::pass, fmt::format("one root, '{}', in {}", params.span, trace_label(trace)))
                .with(core::exactly(1, 1, "roots"))};
  }
  if (roots.size() == 1) {
    return {core::outcome(
        Status::fail, fmt::format("the root is '{}', expected '{}' in {}", roots[0], params.span, trace_label(trace)))};
  }
  return {core::outcome(Status::fail,
                        fmt::format("{} roots (expected exactly one, '{}') in {}{}{}", roots.size(), params.span,
                                    trace_label(trace), roots.empty() ? "" : ": ", name_list(roots, 5)))
              .with(core::exactly(static_cast<double>(roots.size()), 1, "roots"))};
}

} // namespace

core::CheckOutcome trace_single_root(const sources::Payload& evidence, const core::CheckParams& params)
{
  return over_traces(evidence, params, check_single_root, fmt::format("a single root '{}'", params.span));
}

} // namespace ttaobs::checks
