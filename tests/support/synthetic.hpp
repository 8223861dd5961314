#pragma once

#include <src/trace/model.hpp>

#include <cstddef>

namespace ttaobs::test {

/// Synthetic traces for shapes real services rarely send: deep, wide, orphaned, skewed, cyclic.
namespace synthetic {

/// A root and `n - 1` spans, each the child of the previous (depth n).
trace::Trace chain(std::size_t n);
/// A root with `n - 1` direct children, started in reverse order.
trace::Trace wide(std::size_t n);
/// A healthy 3-level trace whose middle span's parent id points outside the trace.
trace::Trace orphaned();
/// A parent with a child that starts `early_us` before it and one that ends `late_us` after it.
trace::Trace skewed(std::int64_t early_us, std::int64_t late_us);
/// Three spans whose parent references form a loop, plus one healthy root.
trace::Trace cyclic();

} // namespace synthetic

} // namespace ttaobs::test
