#pragma once

#include <src/trace/containment.hpp>
#include <src/trace/model.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ttaobs::trace {

/// How a trace is drawn.
struct TraceViewOptions
{
  std::size_t max_lines = static_cast<std::size_t>(-1);        ///< cut after this many spans ("… N more")
  std::size_t focus = SpanTree::k_none;                        ///< draw only the subtree of this span
  std::int64_t skew_tolerance_us = k_containment_tolerance_us; ///< containment slack before a span is marked
  std::size_t width = 100;                                     ///< terminal width (waterfall), at most 1000 used
  std::size_t fold_depth = 32;                                 ///< deeper spans keep this indent and show their depth
  bool color = false;                                          ///< ANSI colours
};

/// The span tree drawn the way people sketch it: names, durations, depth guides, and marks for
/// orphans, extra roots, cycles and spans that stick out of their parent. Spans deeper than
/// `fold_depth` keep that indent, each prefixed by its depth after a "depth A–B folded" line, so
/// the drawing stays linear in spans however deep the tree. (Checks draw a failing subtree with it.)
std::string render_tree(const Trace& trace, const SpanTree& tree, const TraceViewOptions& options);

// The parts every drawing of a tree shares (render_tree here, the waterfall and JSON views of
// report/trace_view).

/// One line to draw: which span, how deep it is drawn (0 for the tops) and whether it is the last
/// of its siblings. Guides are not stored per row: a 10⁵-deep chain would make them quadratic.
struct TreeRow
{
  std::size_t span;  ///< index into Trace::spans
  std::size_t level; ///< drawn depth, 0 for the tops
  bool last;         ///< the last of its siblings
};

/// Depth-first rows from `focus` (or from the roots, then orphans, then cycle members), at most
/// `limit`; an explicit stack, so a 10⁵-deep chain does not recurse the stack away.
std::vector<TreeRow> tree_order(const Trace& trace, const SpanTree& tree, std::size_t focus, std::size_t limit);

/// Draws the indentation of rows in order: "│  " / "   " guides for the ancestors, a connector,
/// and past `fold` levels a fixed indent with the depth spelled out after a "folded" line.
class Indenter
{
public:
  /// Indents `rows` (kept by reference), folding past `fold` levels (at least 1).
  Indenter(const std::vector<TreeRow>& rows, std::size_t fold);
  /// The "⋮ depth A–B folded" line to print before row `r` ("" if none), given the ancestors' guides.
  std::string fold_note(std::size_t r) const;
  /// The guides before row `r`'s connector (call for every row, in order).
  const std::string& guide(std::size_t r);
  /// "[depth] " for a folded row, else "".
  std::string depth_label(std::size_t r) const;
  /// The connector of row `r`.
  std::string_view connector(std::size_t r) const;

private:
  const std::vector<TreeRow>& m_rows;
  std::size_t m_fold;
  std::vector<bool> m_last; // whether the ancestor drawn at each level was the last of its siblings
  std::string m_guide;
};

/// Which spans are orphans, extra roots or duplicates: computed once per drawing, so marking a
/// trace with 10⁵ orphans stays linear.
class SpanFlags
{
public:
  /// The flags of every span of `tree`.
  explicit SpanFlags(const SpanTree& tree);
  /// Its parent is not in the trace.
  bool orphan(std::size_t i) const { return (m_bits[i] & k_orphan) != 0; }
  /// One of several roots.
  bool extra_root(std::size_t i) const { return (m_bits[i] & k_extra_root) != 0; }
  /// Its span id was seen before.
  bool duplicate(std::size_t i) const { return (m_bits[i] & k_duplicate) != 0; }

private:
  static constexpr unsigned char k_orphan = 1;
  static constexpr unsigned char k_extra_root = 2;
  static constexpr unsigned char k_duplicate = 4;
  std::vector<unsigned char> m_bits;
};

/// The mark of a span in error among span_marks() (drawn as "✗ ERROR").
inline constexpr std::string_view k_error_mark = "status ERROR";

/// What is wrong with span `i`: k_error_mark, orphan, extra root, cycle, duplicate id, and how it
/// sticks out of its parent beyond `tolerance_us`.
std::vector<std::string> span_marks(const Trace& trace, const SpanTree& tree, const SpanFlags& flags, std::size_t i,
                                    std::int64_t tolerance_us);

/// Spans under (and including) `focus`, or all spans.
std::size_t span_total(const Trace& trace, const SpanTree& tree, std::size_t focus);

/// "… N more spans\n" when fewer than `total` were drawn, else "".
std::string remaining_note(std::size_t shown, std::size_t total);

} // namespace ttaobs::trace
