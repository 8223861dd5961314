#include "checks.hpp"
#include "trace_common.hpp"

#include <fmt/format.h>

namespace ttaobs::checks {

using core::Status;

namespace {

std::vector<std::string> names_of(const trace::Trace& trace, const std::vector<std::size_t>& spans)
{
  std::vector<std::string> names;
  for (const auto i : spans) {
    names.push_back(trace.spans[i].name);
  }
  return names;
}

// Share of spans with a parent reference whose parent is in the trace; a single root expected.
TraceVerdict check_links(const trace::Trace& trace, const trace::SpanTree& tree, const core::CheckParams& params)
{
  const auto referencing = trace.spans.size() - tree.roots.size();
  const auto linked = referencing - tree.orphans.size();
  const double rate = referencing == 0 ? 1.0 : static_cast<double>(linked) / static_cast<double>(referencing);
  const bool ok = rate >= params.min && tree.roots.size() <= 1 && tree.in_cycle.empty();
  auto message = fmt::format("{:.1f}% of parent links resolve ({}/{}) in {} (expected ≥ {:g}%)", rate * 100, linked,
                             referencing, trace_label(trace), params.min * 100);
  if (!tree.orphans.empty()) {
    message += fmt::format("; orphans: {}", name_list(names_of(trace, tree.orphans), 5));
  }
  if (tree.roots.size() > 1) {
    message += fmt::format("; {} roots: {}", tree.roots.size(), name_list(names_of(trace, tree.roots), 5));
  }
  if (!tree.in_cycle.empty()) {
    message += fmt::format("; {} spans in reference cycles", tree.in_cycle.size());
  }
  return {core::outcome(ok ? Status::pass : Status::fail, std::move(message))
              .with(core::at_least(rate, params.min, "ratio"))};
}

} // namespace

core::CheckOutcome trace_link_integrity(const sources::Payload& evidence, const core::CheckParams& params)
{
  return over_traces(evidence, params, check_links, "a trace whose parent links resolve");
}

} // namespace ttaobs::checks
