#include "merge.hpp"

#include <algorithm>
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
  into.spans.reserve(into.spans.size() + from.spans.size());
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

void TraceCollector::add(std::vector<Trace>&& traces)
{
  for (auto& trace : traces) {
    m_spans += trace.spans.size();
    const auto [at, fresh] = m_index.try_emplace(trace.trace_id, m_traces.size());
    if (fresh) {
      m_traces.push_back(std::move(trace));
    } else {
      merge_trace(m_traces[at->second], std::move(trace));
    }
  }
}

TraceSet TraceCollector::take()
{
  m_index.clear();
  m_spans = 0;
  return make_trace_set(std::exchange(m_traces, {}));
}

} // namespace ttaobs::trace
