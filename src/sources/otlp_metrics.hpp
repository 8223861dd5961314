#pragma once

#include <src/json/limits.hpp>
#include <src/util/expected.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ttaobs::sources {

/// The kind of an OTLP metric (which member of Metric.data it has).
enum class MetricType : unsigned char { none, gauge, sum, histogram, exponential_histogram, summary };

/// "gauge", "sum", "histogram", "exponential_histogram", "summary" or "none".
std::string_view to_string(MetricType type);

/// What a receiver keeps of one metric: its identity and shape, not its values.
struct MetricSummary
{
  static constexpr std::size_t k_max_keys = 128; ///< attribute keys remembered per metric
  std::string service;                           ///< resource service.name ("" for none)
  std::string name;                              ///< metric name
  MetricType type = MetricType::none;            ///< its data kind
  std::string unit;                              ///< UCUM unit, "" for none
  std::string description;                       ///< as sent (the first non-empty one)
  bool monotonic = false;                        ///< a Sum that only grows (a Prometheus counter)
  std::vector<std::pair<std::string, std::size_t>>
      attribute_keys;          ///< data point attribute key → points carrying it, by key
  bool keys_capped = false;    ///< more than k_max_keys distinct keys were sent (the others are not remembered)
  std::size_t data_points = 0; ///< data points received
};

/// Counts `points` more data points of `metric` carrying attribute `key` (keys kept in order; a new
/// key past MetricSummary::k_max_keys sets keys_capped instead).
void count_attribute_key(MetricSummary& metric, const std::string& key, std::size_t points);

/// The metrics of one or more requests: one entry per service, name, type and unit, in the order
/// first seen.
struct MetricsSummary
{
  std::vector<MetricSummary> metrics; ///< entries
  /// The data points of every entry.
  std::size_t data_points() const;
  /// Adds `more` (a later request): matching entries are merged, others appended while fewer than
  /// `max_metrics` are held; the data points of the metrics left out.
  std::size_t merge(const MetricsSummary& more, std::size_t max_metrics = static_cast<std::size_t>(-1));
  /// Adds one metric's data (merged into a matching entry).
  MetricSummary& add(MetricSummary&& metric);

private:
  std::unordered_map<std::string, std::size_t> m_index; // service, name, type, unit → entry
};

/// Decodes an OTLP/protobuf ExportMetricsServiceRequest (`POST /v1/metrics`; MetricsData has the same
/// wire shape) into its summary. Unknown fields are skipped; malformed input is a one-line error
/// naming the message path and byte offset (attribute values nested deeper than `limits.max_depth`
/// included).
Expected<MetricsSummary, std::string> parse_otlp_metrics_proto(std::string_view body,
                                                               const json::JsonLimits& limits = {});

/// The same summary from an OTLP/JSON ExportMetricsServiceRequest (lowerCamelCase field names);
/// a body that is not JSON, or of the wrong shape, is a one-line error naming where.
Expected<MetricsSummary, std::string> parse_otlp_metrics_json(std::string_view body,
                                                              const json::JsonLimits& limits = {});

} // namespace ttaobs::sources
