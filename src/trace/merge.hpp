#pragma once

#include <src/trace/model.hpp>

#include <cstddef>
#include <string>
#include <unordered_map>
#include <vector>

namespace ttaobs::trace {

/// Appends the spans of `from` (the same trace id, e.g. a later batch) to `into`, carrying their
/// services and attributes over into `into`'s tables.
void merge_trace(Trace& into, Trace&& from);

/// Traces collected piece by piece (an exporter sends a trace's spans in several batches): one
/// Trace per trace id, in order of first arrival; `take` makes them one TraceSet, trees built once.
class TraceCollector
{
public:
  /// Merges every trace of `traces` into the collection.
  void add(std::vector<Trace>&& traces);
  /// Spans held.
  std::size_t span_count() const { return m_spans; }
  /// Traces held.
  std::size_t trace_count() const { return m_traces.size(); }
  /// Everything collected, most recent first, trees built; the collector is empty afterwards.
  TraceSet take();

private:
  std::vector<Trace> m_traces;
  std::unordered_map<std::string, std::size_t> m_index; // trace id → m_traces
  std::size_t m_spans = 0;
};

} // namespace ttaobs::trace
