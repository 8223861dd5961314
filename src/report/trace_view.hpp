#pragma once

#include <src/trace/render.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

namespace ttaobs::report {

// The tree drawing, its options and the containment tolerance live in src/trace (render.hpp,
// containment.hpp): checks draw failing subtrees with them too.

/// A waterfall: one line per span in tree order, a bar placed by start offset and scaled to width;
/// labels indent at most 12 levels (or `fold_depth`), deeper ones fold as in trace::render_tree.
std::string render_waterfall(const trace::Trace& trace, const trace::SpanTree& tree,
                             const trace::TraceViewOptions& options);

/// The trace and its tree as JSON (schema "ttaobs.trace/v1"): a flat span list with child
/// indices, written span by span (no nesting by depth, memory linear in the output); children
/// sticking out of their parent by more than `tolerance_us` are marked.
std::string render_trace_json(const trace::Trace& trace, const trace::SpanTree& tree,
                              std::int64_t tolerance_us = trace::k_containment_tolerance_us);

} // namespace ttaobs::report
