#include "merge.hpp"

#include <algorithm>
#include <functional>
#include <string_view>
#include <utility>

namespace ttaobs::trace {

void merge_trace(Trace& into, Trace&& from)
{
  if (into.spans.empty() && into.services.empty()) {
    auto id = std::move(into.trace_id);
    into = std::move(from);
    into.trace_id = id.empty() ? into.trace_id : std::move(id);
    return;
  }
  std::vector<std::uint16_t> service_map(from.services.size(), Span::k_no_service);
  for (std::size_t i = 0; i < from.services.size(); ++i) {
    const auto found = std::find(into.services.begin(), into.services.end(), from.services[i]);
    if (found != into.services.end()) {
      service_map[i] = static_cast<std::uint16_t>(found - into.services.begin());
    } else if (into.services.size() < Span::k_no_service) {
      service_map[i] = static_cast<std::uint16_t>(into.services.size());
      into.services.push_back(from.services[i]);
    }
  }
  const auto needed = into.spans.size() + from.spans.size();
  if (needed > into.spans.capacity()) { // geometric: a trace arriving in k batches costs O(k) moves, not O(k²)
    into.spans.reserve(std::max(needed, into.spans.capacity() * 2));
  }
  for (auto& span : from.spans) {
    span.service = span.service < service_map.size() ? service_map[span.service] : Span::k_no_service;
    if (span.attributes != AttributeStore::k_no_run) {
      const auto begin = into.attributes.end();
      from.attributes.visit(span.attributes, [&](const Attribute& a) {
        into.attributes.add(a.key, a.value);
        return true;
      });
      span.attributes = into.attributes.close_run(begin);
    }
    into.spans.push_back(std::move(span));
  }
}

namespace {

// What makes a span the same span when an exporter sends it again.
std::uint64_t span_key(const Span& span)
{
  const std::hash<std::string_view> text;
  auto h = text(span.span_id.view());
  for (const std::uint64_t part :
       {static_cast<std::uint64_t>(text(span.name)), static_cast<std::uint64_t>(span.start_us),
        static_cast<std::uint64_t>(span.duration_us)}) {
    h ^= part + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  }
  return h;
}

} // namespace

std::size_t TraceCollector::add(std::vector<Trace>&& traces)
{
  std::size_t dropped = 0;
  for (auto& trace : traces) {
    const auto [at, fresh] = m_index.try_emplace(trace.trace_id, m_traces.size());
    if (fresh) {
      m_spans += trace.spans.size();
      m_traces.push_back(std::move(trace));
    } else {
      dropped += merge(at->second, std::move(trace));
    }
  }
  m_duplicates += dropped;
  return dropped;
}

std::size_t TraceCollector::drop_known(Trace& trace)
{
  const auto at = m_index.find(trace.trace_id);
  if (at == m_index.end()) {
    return 0;
  }
  const auto& known = seen(at->second);
  const auto dropped = std::erase_if(trace.spans, [&](const Span& span) { return known.contains(span_key(span)); });
  m_duplicates += dropped;
  return dropped;
}

// The keys of trace `index`'s spans, made when its second batch comes.
util::HashSet& TraceCollector::seen(std::size_t index)
{
  const auto found = m_seen.try_emplace(index);
  if (found.second) {
    for (const auto& span : m_traces[index].spans) {
      found.first->second.insert(span_key(span));
    }
  }
  return found.first->second;
}

// Merges `from` into trace `index`, dropping the spans it already holds; how many were dropped.
std::size_t TraceCollector::merge(std::size_t index, Trace&& from)
{
  auto& known = seen(index);
  const auto dropped = std::erase_if(from.spans, [&](const Span& span) { return !known.insert(span_key(span)); });
  m_spans += from.spans.size();
  merge_trace(m_traces[index], std::move(from));
  return dropped;
}

TraceSet TraceCollector::take()
{
  m_index.clear();
  m_seen.clear();
  m_spans = 0;
  return make_trace_set(std::exchange(m_traces, {}));
}

} // namespace ttaobs::trace
