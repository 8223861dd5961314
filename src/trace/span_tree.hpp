#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace ttaobs::trace {

struct Trace;

/// The shape of one trace: parent links resolved to indices, children ordered by start time,
/// depth and self time per span, and everything that makes a tree broken. Built iteratively in
/// O(n log n): hostile input (cycles, 10⁶ siblings, 10⁵-deep chains) neither recurses nor goes
/// quadratic.
struct SpanTree
{
  static constexpr std::size_t k_none = static_cast<std::size_t>(-1);

  std::vector<std::size_t> parent;        ///< index of the parent span, k_none for roots and orphans
  std::vector<std::size_t> depth;         ///< 1 for roots and orphans; k_none for spans in a cycle
  std::vector<std::int64_t> self_time_us; ///< duration minus the union of the children's intervals
  std::vector<std::size_t> roots;         ///< spans with no parent reference, by start time
  std::vector<std::size_t> orphans;       ///< spans whose parent id is not in the trace
  std::vector<std::size_t> duplicates;    ///< spans whose id repeats an earlier span's
  std::vector<std::size_t> in_cycle;      ///< spans whose ancestry loops back on itself (or names itself)
  std::size_t max_depth = 0;              ///< deepest depth reached (0 for an empty trace)
  std::size_t deepest = k_none;           ///< a span at max_depth

  /// Children of span `i`, ordered by start time (ties by position in the source).
  std::span<const std::size_t> children(std::size_t i) const;

  std::vector<std::size_t> child_offsets; ///< CSR offsets into `child_list` (size n+1)
  std::vector<std::size_t> child_list;    ///< all children, grouped by parent
};

/// Builds the tree of `trace`.
SpanTree build_span_tree(const Trace& trace);

/// The names along the parent chain from the top of `span`'s fragment down to `span`.
std::vector<std::string> path_to(const Trace& trace, const SpanTree& tree, std::size_t span);

} // namespace ttaobs::trace
