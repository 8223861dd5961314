#include "otlp_metrics.hpp"

#include <src/json/util.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <array>

// OTLP/JSON metrics (https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding): the same
// summary as the protobuf decoder gives, field names in lowerCamelCase. Request bodies are bounded
// by the receiver (16 MiB, 64 MiB inflated), so a document tree is fine here; its depth is bounded
// by parse_json's pre-scan.
namespace ttaobs::sources {

namespace {

using Json = nlohmann::json;

constexpr std::array<std::pair<const char*, MetricType>, 5> k_kinds = {
    {{"gauge", MetricType::gauge},
     {"sum", MetricType::sum},
     {"histogram", MetricType::histogram},
     {"exponentialHistogram", MetricType::exponential_histogram},
     {"summary", MetricType::summary}}};

// The array member `key` of `object` (null when absent); anything else is a positioned error.
const Json* array_member(const Json& object, const char* key, const std::string& at, std::string& error)
{
  const auto found = object.find(key);
  if (found == object.end() || found->is_null()) {
    return nullptr;
  }
  if (!found->is_array()) {
    error = fmt::format("{}.{}: expected an array, found {}", at, key, json::json_type_name(*found));
    return nullptr;
  }
  return &*found;
}

// The keys of an attributes array (KeyValue objects), each once, at most MetricSummary::k_max_keys
// of them (`capped` set when there were more).
std::vector<std::string> keys_of(const Json* attributes, bool& capped)
{
  std::vector<std::string> keys;
  for (const auto& attribute : attributes != nullptr ? *attributes : Json::array()) {
    auto key = json::string_or(attribute, "key");
    if (!key.empty() && std::find(keys.begin(), keys.end(), key) == keys.end()) {
      if (keys.size() < MetricSummary::k_max_keys) {
        keys.push_back(std::move(key));
      } else {
        capped = true;
      }
    }
  }
  return keys;
}

// One Metric object: its identity, kind, monotonicity and data points' attribute keys.
bool read_metric(const Json& object, const std::string& at, MetricSummary& metric, std::string& error)
{
  if (!object.is_object()) {
    error = fmt::format("{}: expected an object, found {}", at, json::json_type_name(object));
    return false;
  }
  metric.name = json::string_or(object, "name");
  metric.description = json::string_or(object, "description");
  metric.unit = json::string_or(object, "unit");
  for (const auto& [member, type] : k_kinds) {
    const auto data = object.find(member);
    if (data == object.end() || !data->is_object()) {
      continue;
    }
    metric.type = type;
    metric.monotonic = type == MetricType::sum && data->value("isMonotonic", Json()).is_boolean() &&
                       data->at("isMonotonic").get<bool>();
    const auto* points = array_member(*data, "dataPoints", fmt::format("{}.{}", at, member), error);
    for (const auto& point : points != nullptr ? *points : Json::array()) {
      const auto* attributes = point.is_object() ? array_member(point, "attributes", at, error) : nullptr;
      for (const auto& key : keys_of(attributes, metric.keys_capped)) {
        count_attribute_key(metric, key, 1);
      }
      ++metric.data_points;
    }
  }
  return error.empty();
}

// A ResourceMetrics object: its service.name and every metric of its scopes, added to `out`.
bool read_resource_metrics(const Json& resource_metrics, const std::string& at, MetricsSummary& out, std::string& error)
{
  if (!resource_metrics.is_object()) {
    error = fmt::format("{}: expected an object, found {}", at, json::json_type_name(resource_metrics));
    return false;
  }
  std::string service;
  const auto resource = resource_metrics.find("resource");
  if (resource != resource_metrics.end() && resource->is_object()) {
    for (const auto& attribute : resource->value("attributes", Json::array())) {
      if (json::string_or(attribute, "key") == "service.name" && attribute.contains("value")) {
        service = json::string_or(attribute.at("value"), "stringValue");
      }
    }
  }
  const auto* scopes = array_member(resource_metrics, "scopeMetrics", at, error);
  for (std::size_t s = 0; scopes != nullptr && s < scopes->size(); ++s) {
    const auto scope_at = fmt::format("{}.scopeMetrics[{}]", at, s);
    const auto* metrics = (*scopes)[s].is_object() ? array_member((*scopes)[s], "metrics", scope_at, error) : nullptr;
    for (std::size_t m = 0; metrics != nullptr && m < metrics->size(); ++m) {
      MetricSummary metric;
      if (!read_metric((*metrics)[m], fmt::format("{}.metrics[{}]", scope_at, m), metric, error)) {
        return false;
      }
      metric.service = service;
      out.add(std::move(metric));
    }
  }
  return error.empty();
}

} // namespace

Expected<MetricsSummary, std::string> parse_otlp_metrics_json(std::string_view body, const json::JsonLimits& limits)
{
  std::string error;
  const auto doc = json::parse_json(body, error, limits);
  if (!error.empty()) {
    return unexpected(std::move(error));
  }
  if (!doc.is_object()) {
    return unexpected(
        fmt::format("expected an ExportMetricsServiceRequest object, found {}", json::json_type_name(doc)));
  }
  MetricsSummary summary;
  const auto* list = array_member(doc, "resourceMetrics", "ExportMetricsServiceRequest", error);
  for (std::size_t r = 0; list != nullptr && r < list->size(); ++r) {
    if (!read_resource_metrics((*list)[r], fmt::format("resourceMetrics[{}]", r), summary, error)) {
      break;
    }
  }
  if (!error.empty()) {
    return unexpected(std::move(error));
  }
  return summary;
}

} // namespace ttaobs::sources
