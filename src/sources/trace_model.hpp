#pragma once

#include <src/sources/span_tree.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace ttaobs::sources {

/// One span as the checks see it, whatever API it came from.
struct Span
{
  std::string span_id;            ///< hex id
  std::string parent_id;          ///< CHILD_OF parent in the same trace, "" for none
  std::string name;               ///< operation name
  std::int64_t start_us = 0;      ///< start, microseconds since the epoch
  std::int64_t duration_us = 0;   ///< duration in microseconds
  std::vector<std::string> links; ///< FOLLOWS_FROM and cross-trace references
};

/// One trace: its id and spans in source order.
struct Trace
{
  std::string trace_id;    ///< hex id
  std::vector<Span> spans; ///< all spans received
};

/// The traces a source returned, most recent first, each with its tree (built once per fetch).
struct TraceSet
{
  std::vector<Trace> traces;
  std::vector<SpanTree> trees; ///< trees[i] is the tree of traces[i]
};

/// A TraceSet of `traces` (most recent first) with their trees built.
TraceSet make_trace_set(std::vector<Trace> traces);

/// The traces of `current` that are settled, most recent first, at most `limit`: present in
/// `previous` with the same span count, and holding more than their root. A trace still
/// arriving is not judged.
TraceSet settled_traces(const TraceSet& previous, const TraceSet& current, std::size_t limit);

} // namespace ttaobs::sources
