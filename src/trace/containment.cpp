#include "containment.hpp"

#include <fmt/format.h>

namespace ttaobs::trace {

std::string format_duration_us(std::int64_t us)
{
  if (us < 1000) {
    return fmt::format("{}µs", us);
  }
  if (us < 1000000) {
    return fmt::format("{:.3g}ms", static_cast<double>(us) / 1e3);
  }
  return fmt::format("{:.3g}s", static_cast<double>(us) / 1e6);
}

std::string containment_problem(const Trace& trace, const SpanTree& tree, std::size_t i, std::int64_t tolerance_us)
{
  const auto p = tree.parent[i];
  if (p == SpanTree::k_none) {
    return {};
  }
  const auto& child = trace.spans[i];
  const auto& parent = trace.spans[p];
  const auto early = parent.start_us - child.start_us;
  const auto late = (child.start_us + child.duration_us) - (parent.start_us + parent.duration_us);
  if (early > tolerance_us) {
    return fmt::format("starts {} before", format_duration_us(early));
  }
  if (late > tolerance_us) {
    return fmt::format("ends {} after", format_duration_us(late));
  }
  return {};
}

} // namespace ttaobs::trace
