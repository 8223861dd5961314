#pragma once

#include <src/sources/trace_model.hpp>

#include <cstddef>

namespace ttaobs::test {

/// Synthetic traces for shapes real services rarely send: deep, wide, orphaned, skewed, cyclic.
namespace synthetic {

/// A root and `n - 1` spans, each the child of the previous (depth n).
sources::Trace chain(std::size_t n);
/// A root with `n - 1` direct children, started in reverse order.
sources::Trace wide(std::size_t n);
/// A healthy 3-level trace whose middle span's parent id points outside the trace.
sources::Trace orphaned();
/// A parent with a child that starts `early_us` before it and one that ends `late_us` after it.
sources::Trace skewed(std::int64_t early_us, std::int64_t late_us);
/// Three spans whose parent references form a loop, plus one healthy root.
sources::Trace cyclic();

} // namespace synthetic

} // namespace ttaobs::test
