#pragma once

#include <src/sources/span_fields.hpp>
#include <src/trace/model.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace ttaobs::sources {

/// The spans of one OTLP body grouped by trace id, as the decoders (JSON and protobuf) read them:
/// traces ordered by id (make_trace_set's stable sort keeps ties so), spans in arrival order. Bodies
/// are joined with each other by trace::TraceCollector. A span's `service`
/// indexes its trace's services at once; each index stands for a resource, named at take() (a
/// resource's service.name may come after its spans), and resources of one name share one entry.
class SpanCollector
{
public:
  /// Numbers the next resource (its service is "" until named).
  std::uint32_t begin_resource();
  /// Names the service of resource `number` (its `service.name`).
  void name_resource(std::uint32_t number, std::string name) { m_resource_services[number] = std::move(name); }
  /// Adds `span` of resource `resource` with `attributes` to trace `trace_id`.
  void add(const std::string& trace_id, std::uint32_t resource, trace::Span&& span,
           const PendingAttributes& attributes);
  /// Forgets everything.
  void clear();
  /// Spans held so far.
  std::size_t span_count() const { return m_spans; }
  /// The traces (ordered by id), services named, building state freed; the collector is left empty.
  std::vector<trace::Trace> take();

private:
  struct Building
  {
    trace::Trace trace;
    std::vector<std::uint32_t> resources;                   // by service index: its resource
    std::unordered_map<std::uint32_t, std::uint16_t> local; // resource → service index
    std::uint32_t last_resource = static_cast<std::uint32_t>(-1);
    std::uint16_t last_index = trace::Span::k_no_service;

    std::uint16_t service_of(std::uint32_t resource);
  };
  static void name_services(Building& building, const std::vector<std::string>& names);
  static void seal(trace::Trace& trace);

  std::map<std::string, Building> m_by_trace;
  std::vector<std::string> m_resource_services; // by resource number; "" for none
  Building* m_last = nullptr;
  std::size_t m_spans = 0;
};

} // namespace ttaobs::sources
