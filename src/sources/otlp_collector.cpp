#include "otlp_collector.hpp"

#include <string_view>

namespace ttaobs::sources {

std::uint32_t SpanCollector::begin_resource()
{
  m_resource_services.emplace_back();
  return static_cast<std::uint32_t>(m_resource_services.size() - 1);
}

void SpanCollector::add(const std::string& trace_id, std::uint32_t resource, trace::Span&& span,
                        const PendingAttributes& attributes)
{
  if (m_last == nullptr || trace_id != m_last->trace.trace_id) { // spans of one trace usually come together
    m_last = &m_by_trace[trace_id];
    m_last->trace.trace_id = trace_id;
  }
  auto& trace = m_last->trace;
  const auto begin = trace.attributes.end();
  attributes.copy_to(trace.attributes);
  span.attributes = trace.attributes.close_run(begin);
  span.service = m_last->service_of(resource);
  trace.spans.push_back(std::move(span));
  ++m_spans;
}

void SpanCollector::clear()
{
  m_by_trace.clear();
  m_resource_services.clear();
  m_last = nullptr;
  m_spans = 0;
}

std::uint16_t SpanCollector::Building::service_of(std::uint32_t resource)
{
  if (resource != last_resource) {
    const auto [it, added] = local.emplace(resource, static_cast<std::uint16_t>(resources.size()));
    if (added && resources.size() < trace::Span::k_no_service) {
      resources.push_back(resource);
    }
    last_resource = resource;
    last_index = it->second < resources.size() ? it->second : trace::Span::k_no_service;
  }
  return last_index;
}

// Names the trace's services from its resources, one entry per distinct name (first seen first).
void SpanCollector::name_services(Building& building, const std::vector<std::string>& names)
{
  auto& services = building.trace.services;
  std::vector<std::uint16_t> remap(building.resources.size());
  std::unordered_map<std::string_view, std::uint16_t> index;
  bool merged = false;
  for (std::size_t i = 0; i < building.resources.size(); ++i) {
    const auto& name = names[building.resources[i]];
    const auto [it, added] = index.emplace(name, static_cast<std::uint16_t>(services.size()));
    if (added) {
      services.push_back(name);
    }
    remap[i] = it->second;
    merged = merged || !added;
  }
  if (!merged) {
    return;
  }
  for (auto& span : building.trace.spans) {
    if (span.service < remap.size()) {
      span.service = remap[span.service];
    }
  }
}

// What only building needs goes before the trace is held: the attribute index and, for a trace of
// a request's size, the spans' spare capacity (a receiver holds millions of such traces; a huge
// trace read from a file keeps its slack rather than pay a copy of itself at its peak).
void SpanCollector::seal(trace::Trace& trace)
{
  trace.attributes.seal();
  constexpr std::size_t k_shrink_below = 8192; // spans
  if (trace.spans.size() < k_shrink_below && trace.spans.capacity() > trace.spans.size()) {
    trace.spans.shrink_to_fit();
  }
}

std::vector<trace::Trace> SpanCollector::take()
{
  std::vector<trace::Trace> traces;
  traces.reserve(m_by_trace.size());
  for (auto& [id, building] : m_by_trace) {
    name_services(building, m_resource_services);
    seal(building.trace);
    traces.push_back(std::move(building.trace));
  }
  clear();
  return traces;
}

} // namespace ttaobs::sources
