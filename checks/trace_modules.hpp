#pragma once

#include "module.hpp"
#include "trace_common.hpp"
#include "trace_select.hpp"

#include <optional>

// The trace modules of suite files (kinds `trace.*`): each reads its typed fields and judges every
// trace under the --traces N / --quantifier rules (checks::over_traces).
namespace ttaobs::checks {

/// A whole-number range; an unset end is not judged.
struct Range
{
  std::optional<long long> min;
  std::optional<long long> max;

  /// True when `n` lies within the stated ends.
  bool holds(long long n) const { return (!min || n >= *min) && (!max || n <= *max); }
  /// "expected 1–10", "expected ≥ 1", "expected ≤ 0" (`unit` follows the numbers, e.g. "µs").
  std::string expected() const;
};

/// What `trace.spans` judges: the selected spans' count and each one's duration.
struct SpanExpectation
{
  SpanSelector select;                ///< which spans
  Range count{1, std::nullopt};       ///< how many of them (default: at least one)
  std::optional<std::int64_t> min_us; ///< each lasts at least this long
  std::optional<std::int64_t> max_us; ///< each lasts at most this long
};

/// Judges one trace against `expected` (the span count, then the durations).
TraceVerdict judge_spans(const trace::Trace& trace, const trace::SpanTree& tree, const SpanExpectation& expected);
/// The trace has a span count within `range`.
TraceVerdict judge_span_count(const trace::Trace& trace, const Range& range);
/// The trace's depth (roots are 1) lies within `range`.
TraceVerdict judge_depth(const trace::Trace& trace, const trace::SpanTree& tree, const Range& range);
/// The trace has exactly one root span (any name).
TraceVerdict judge_one_root(const trace::Trace& trace, const trace::SpanTree& tree);

/// `trace.spans`: select, count {min, max}, duration {min, max}.
std::optional<Binding> read_trace_spans(yaml::MapReader& entry, const ModuleContext& context);
/// `trace.span_count`: min, max.
std::optional<Binding> read_trace_span_count(yaml::MapReader& entry, const ModuleContext& context);
/// `trace.depth`: min, max.
std::optional<Binding> read_trace_depth(yaml::MapReader& entry, const ModuleContext& context);
/// `trace.links`: min (the share of parent references that resolve, default 1).
std::optional<Binding> read_trace_links(yaml::MapReader& entry, const ModuleContext& context);
/// `trace.containment`: tolerance (a duration, default 1ms).
std::optional<Binding> read_trace_containment(yaml::MapReader& entry, const ModuleContext& context);
/// `trace.single_root`: name (optional).
std::optional<Binding> read_trace_single_root(yaml::MapReader& entry, const ModuleContext& context);

} // namespace ttaobs::checks
