#pragma once

#include <src/trace/model.hpp>
#include <src/util/hash_set.hpp>

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

namespace ttaobs::trace {

/// Appends the spans of `from` (the same trace id, e.g. a later batch) to `into`, carrying their
/// services and attributes over into `into`'s tables.
void merge_trace(Trace& into, Trace&& from);

/// Traces collected piece by piece — the one place where spans of several requests (a receiver's,
/// an exporter sending a trace's spans in several batches) are joined: one Trace per trace id, in
/// order of first arrival; `take` makes them one TraceSet, trees built once. A span arriving again
/// in a later batch (same id, name, start and duration: an exporter's retry of a request whose
/// answer it missed) is dropped and counted, so a retry never shows up as a duplicated span.
class TraceCollector
{
public:
  /// Merges every trace of `traces` into the collection; the number of repeated spans dropped.
  std::size_t add(std::vector<Trace>&& traces);
  /// Drops from `trace` the spans this collector already holds (an exporter's retry), so that a
  /// bound on spans held is applied to what is new; how many. add() counts them as dropped too.
  std::size_t drop_known(Trace& trace);
  /// Repeated spans dropped so far.
  std::size_t duplicates() const { return m_duplicates; }
  /// Spans held.
  std::size_t span_count() const { return m_spans; }
  /// Traces held.
  std::size_t trace_count() const { return m_traces.size(); }
  /// Everything collected, most recent first, trees built; the collector is empty afterwards.
  TraceSet take();

private:
  std::size_t merge(std::size_t index, Trace&& from);
  util::HashSet& seen(std::size_t index);

  std::vector<Trace> m_traces;
  std::unordered_map<std::string, std::size_t> m_index;  // trace id → m_traces
  std::unordered_map<std::size_t, util::HashSet> m_seen; // m_traces index → its spans' keys, once a second batch came
  std::size_t m_spans = 0;
  std::size_t m_duplicates = 0;
};

} // namespace ttaobs::trace
