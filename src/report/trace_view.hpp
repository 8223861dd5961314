#pragma once

#include <src/trace/model.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

namespace ttaobs::report {

/// How far (µs) a child may stick out of its parent before it is marked: the one default of
/// `ttaobs trace` and of validate's trace/duration-containment.
inline constexpr std::int64_t k_containment_tolerance_us = 1000;

/// How a trace is drawn.
struct TraceViewOptions
{
  std::size_t max_lines = static_cast<std::size_t>(-1); ///< cut after this many spans ("… N more")
  std::size_t focus = trace::SpanTree::k_none;         ///< draw only the subtree of this span
  std::int64_t skew_tolerance_us = k_containment_tolerance_us; ///< containment slack before a span is marked
  std::size_t width = 100;                               ///< terminal width (waterfall), at most 1000 used
  std::size_t fold_depth = 32;                           ///< deeper spans keep this indent and show their depth
  bool color = false;                                    ///< ANSI colours
};

/// The span tree drawn the way people sketch it: names, durations, depth guides, and marks for
/// orphans, extra roots, cycles and spans that stick out of their parent. Spans deeper than
/// `fold_depth` keep that indent, each prefixed by its depth after a "depth A–B folded" line, so
/// the drawing stays linear in spans however deep the tree.
std::string render_tree(const trace::Trace& trace, const trace::SpanTree& tree, const TraceViewOptions& options);

/// A waterfall: one line per span in tree order, a bar placed by start offset and scaled to width;
/// labels indent at most 12 levels (or `fold_depth`), deeper ones fold as in render_tree.
std::string render_waterfall(const trace::Trace& trace, const trace::SpanTree& tree, const TraceViewOptions& options);

/// The trace and its tree as JSON (schema "ttaobs.trace/v1"): a flat span list with child
/// indices, written span by span (no nesting by depth, memory linear in the output); children
/// sticking out of their parent by more than `tolerance_us` are marked.
std::string render_trace_json(const trace::Trace& trace, const trace::SpanTree& tree,
                              std::int64_t tolerance_us = k_containment_tolerance_us);

/// "1.23ms", "850µs", "2.5s".
std::string format_duration_us(std::int64_t us);

/// How span `i` sticks out of its parent's interval beyond `tolerance_us` ("ends 2ms after",
/// "starts 1ms before"), or "" if it does not.
std::string containment_problem(const trace::Trace& trace, const trace::SpanTree& tree, std::size_t i,
                                std::int64_t tolerance_us);

} // namespace ttaobs::report
