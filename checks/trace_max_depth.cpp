#include "checks.hpp"
#include "trace_common.hpp"

#include <src/util/strings.hpp>

#include <fmt/format.h>

namespace ttaobs::checks {

using core::Status;

namespace {

TraceVerdict measure_depth(const trace::Trace& trace, const trace::SpanTree& tree, const core::CheckParams& params)
{
  const auto depth = tree.max_depth;
  auto message = fmt::format("depth {} in {} (expected ≥ {})", depth, trace_label(trace), params.min);
  if (tree.deepest != trace::SpanTree::k_none) {
    message += ": " + util::join(trace::path_to(trace, tree, tree.deepest), " → ");
  }
  return {core::outcome(static_cast<double>(depth) >= params.min ? Status::pass : Status::fail,
                        util::one_line(message, 400))
              .with(core::at_least(static_cast<double>(depth), params.min, "levels"))};
}

} // namespace

core::CheckOutcome trace_max_depth(const sources::Payload& evidence, const core::CheckParams& params)
{
  return over_traces(evidence, params, measure_depth, fmt::format("a trace of depth ≥ {}", params.min));
}

} // namespace ttaobs::checks
