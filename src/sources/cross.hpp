#pragma once

// The evidence of the cross-signal checks: each joins answers of two signals (an exposition and
// the trace store, spans and Prometheus' target_info, spans and a counter's increase), fetched in
// one conversation by cross_source.cpp so that the checks stay pure functions over it.

#include <src/metrics/exposition.hpp>
#include <src/sources/prometheus.hpp>
#include <src/trace/model.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace ttaobs::sources {

/// What the trace store said of one exemplar trace id.
enum class Resolution : std::uint8_t {
  found,     ///< the trace store returned the trace
  not_found, ///< the trace store answered that it has no such trace
  invalid,   ///< not a trace id (not 16 or 32 hex digits, or all zeros): not looked up
};

/// One sampled exemplar trace id, the family it was first seen in, and how it resolved.
struct ExemplarLookup
{
  std::string trace_id;                        ///< as the exemplar wrote it (bounded)
  std::string family;                          ///< the family of the first sample carrying it
  Resolution resolution = Resolution::invalid; ///< what the trace store said
};

/// cross.exemplars: the exemplars of one scrape and what the trace store made of a sample of them.
struct ExemplarEvidence
{
  static constexpr std::size_t k_max_families = 32; ///< families with exemplars remembered by name

  metrics::Format format = metrics::Format::openmetrics; ///< the dialect the endpoint answered in
  std::string trace_store;                               ///< where the ids were looked up (redacted URL or file)
  std::string label;                                     ///< the exemplar label read as the trace id
  std::size_t exemplars = 0;                             ///< exemplars in the exposition
  std::size_t without_label = 0;                         ///< … of them lacking `label`
  std::size_t distinct_ids = 0;                          ///< distinct trace ids among them
  std::vector<std::string> families;                     ///< families with exemplars (at most k_max_families)
  std::vector<ExemplarLookup> sampled;                   ///< the ids looked up (at most the request's limit)
};

/// The identity attributes of one resource of the service besides service.name ("" when absent).
struct ResourceIdentity
{
  std::string service_namespace; ///< service.namespace
  std::string instance_id;       ///< service.instance.id

  /// Field equality.
  friend bool operator==(const ResourceIdentity&, const ResourceIdentity&) = default;
};

/// cross.service_identity: spans of the configured service and the job's target_info series.
struct IdentityEvidence
{
  static constexpr std::size_t k_max_resources = 64; ///< distinct resources remembered

  std::string service;                     ///< the service whose spans were searched (--service)
  std::string query;                       ///< the target_info query sent to Prometheus
  trace::TraceSet traces;                  ///< the traces found for `service`
  QueryResult target_info;                 ///< its answer
  std::vector<ResourceIdentity> resources; ///< the service's resources in the trace answer (bounded)
};

/// cross.span_counter: spans of one operation over a window, and a counter's increase over it.
struct SpanCounterEvidence
{
  std::string service;              ///< the service whose spans were searched (--service)
  std::string operation;            ///< the span name counted
  std::string query;                ///< the increase() query sent to Prometheus
  std::int64_t window_start_us = 0; ///< spans starting at or after this count (µs since the epoch)
  std::int64_t window_end_us = 0;   ///< … and at or before this (the time of the query)
  std::size_t trace_limit = 0;      ///< the search's trace limit (a full answer may miss spans)
  trace::TraceSet traces;           ///< the traces found for `service` and `operation`
  QueryResult increase;             ///< Prometheus' answer
};

} // namespace ttaobs::sources
