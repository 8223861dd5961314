#include "otlp_metrics.hpp"
#include "proto_reader.hpp"

#include <algorithm>
#include <iterator>

// Field numbers from opentelemetry-proto (collector/metrics/v1/metrics_service.proto,
// metrics/v1/metrics.proto); decoded with protozero, no generated code.
namespace ttaobs::sources {

namespace {

using proto::Context;

// Metric.data member number → type, its data point message's attributes field number.
struct DataKind
{
  protozero::pbf_tag_type tag;
  MetricType type;
  std::string_view field;
  protozero::pbf_tag_type attributes;
};
constexpr DataKind k_kinds[] = {{5, MetricType::gauge, "gauge", 7},
                                {7, MetricType::sum, "sum", 7},
                                {9, MetricType::histogram, "histogram", 9},
                                {10, MetricType::exponential_histogram, "exponential_histogram", 1},
                                {11, MetricType::summary, "summary", 7}};

// One data point: its attribute keys (each counted once per point).
void read_data_point(protozero::pbf_reader point, Context& context, const DataKind& kind, MetricSummary& metric)
{
  std::string key;
  std::string value;
  std::vector<std::string> keys;
  for (std::size_t index = 0; context.next(point);) {
    if (point.tag() != kind.attributes) {
      point.skip();
      continue;
    }
    context.enter("attributes", index++);
    if (proto::read_key_value(context.message(point, ""), context, key, value) &&
        std::find(keys.begin(), keys.end(), key) == keys.end()) {
      if (keys.size() < MetricSummary::k_max_keys) { // bounded: the search stays linear in the point
        keys.push_back(key);
      } else {
        metric.keys_capped = true;
      }
    }
    context.leave();
  }
  for (const auto& k : keys) {
    count_attribute_key(metric, k, 1);
  }
  ++metric.data_points;
}

// Gauge, Sum, Histogram, ExponentialHistogram or Summary: their data points (field 1); a Sum's
// is_monotonic (field 3).
void read_data(protozero::pbf_reader data, Context& context, const DataKind& kind, MetricSummary& metric)
{
  for (std::size_t index = 0; context.next(data);) {
    if (kind.type == MetricType::sum && data.tag() == 3) {
      metric.monotonic = context.varint(data, "is_monotonic") != 0;
      continue;
    }
    if (data.tag() != 1) {
      data.skip();
      continue;
    }
    context.enter("data_points", index++);
    read_data_point(context.message(data, ""), context, kind, metric);
    context.leave();
  }
}

MetricSummary read_metric(protozero::pbf_reader message, Context& context)
{
  MetricSummary metric;
  while (context.next(message)) {
    const auto tag = message.tag();
    const auto* kind =
        std::find_if(std::begin(k_kinds), std::end(k_kinds), [&](const auto& k) { return k.tag == tag; });
    if (tag == 1 || tag == 2 || tag == 3) {
      auto& text = tag == 1 ? metric.name : tag == 2 ? metric.description : metric.unit;
      text.assign(context.bytes(message, tag == 1 ? "name" : tag == 2 ? "description" : "unit"));
    } else if (kind != std::end(k_kinds)) {
      metric.type = kind->type;
      context.enter(kind->field);
      read_data(context.message(message, ""), context, *kind, metric);
      context.leave();
    } else {
      message.skip();
    }
  }
  return metric;
}

// ScopeMetrics: its metrics (field 2), with the resource's service decided by the caller.
void read_scope(protozero::pbf_reader scope, Context& context, std::vector<MetricSummary>& out)
{
  for (std::size_t index = 0; context.next(scope);) {
    if (scope.tag() != 2) {
      scope.skip();
      continue;
    }
    context.enter("metrics", index++);
    out.push_back(read_metric(context.message(scope, ""), context));
    context.leave();
  }
}

std::string read_service(protozero::pbf_reader resource, Context& context)
{
  PendingAttributes attributes;
  for (std::size_t index = 0; context.next(resource);) {
    if (resource.tag() == 1) {
      proto::read_attribute(resource, context, index++, attributes);
    } else {
      resource.skip();
    }
  }
  const auto name = attributes.find("service.name");
  return name ? std::string(*name) : std::string();
}

void read_resource_metrics(protozero::pbf_reader message, Context& context, MetricsSummary& out)
{
  std::string service;
  std::vector<MetricSummary> metrics;
  for (std::size_t scopes = 0; context.next(message);) {
    if (message.tag() == 1) {
      context.enter("resource");
      service = read_service(context.message(message, ""), context);
      context.leave();
    } else if (message.tag() == 2) {
      context.enter("scope_metrics", scopes++);
      read_scope(context.message(message, ""), context, metrics);
      context.leave();
    } else {
      message.skip();
    }
  }
  for (auto& metric : metrics) { // the resource may come after its metrics
    metric.service = service;
    out.add(std::move(metric));
  }
}

std::string key_of(const MetricSummary& metric)
{
  auto key = metric.service;
  for (const auto& part : {std::string_view(metric.name), to_string(metric.type), std::string_view(metric.unit)}) {
    key += '\0';
    key += part;
  }
  return key;
}

} // namespace

std::string_view to_string(MetricType type)
{
  static constexpr std::string_view k_names[] = {"none",   "gauge", "sum", "histogram", "exponential_histogram",
                                                 "summary"};
  return k_names[static_cast<std::size_t>(type)];
}

std::size_t MetricsSummary::data_points() const
{
  std::size_t total = 0;
  for (const auto& metric : metrics) {
    total += metric.data_points;
  }
  return total;
}

// A new key past MetricSummary::k_max_keys is not remembered: a client sending ever new keys costs
// a bounded summary.
void count_attribute_key(MetricSummary& metric, const std::string& key, std::size_t points)
{
  auto& keys = metric.attribute_keys;
  const auto at =
      std::lower_bound(keys.begin(), keys.end(), key, [](const auto& a, const std::string& b) { return a.first < b; });
  if (at != keys.end() && at->first == key) {
    at->second += points;
  } else if (keys.size() < MetricSummary::k_max_keys) {
    keys.emplace(at, key, points);
  } else {
    metric.keys_capped = true;
  }
}

MetricSummary& MetricsSummary::add(MetricSummary&& metric)
{
  const auto [at, added] = m_index.emplace(key_of(metric), metrics.size());
  if (added) {
    metrics.push_back(std::move(metric));
    return metrics.back();
  }
  const auto found = metrics.begin() + static_cast<std::ptrdiff_t>(at->second);
  for (const auto& [key, points] : metric.attribute_keys) {
    count_attribute_key(*found, key, points);
  }
  found->keys_capped = found->keys_capped || metric.keys_capped;
  found->data_points += metric.data_points;
  if (found->description.empty()) {
    found->description = std::move(metric.description);
  }
  return *found;
}

std::size_t MetricsSummary::merge(const MetricsSummary& more, std::size_t max_metrics)
{
  std::size_t left_out = 0;
  for (auto metric : more.metrics) {
    if (metrics.size() >= max_metrics && m_index.count(key_of(metric)) == 0) {
      left_out += metric.data_points;
      continue;
    }
    add(std::move(metric));
  }
  return left_out;
}

Expected<MetricsSummary, std::string> parse_otlp_metrics_proto(std::string_view body, const json::JsonLimits& limits)
{
  Context context(body, "ExportMetricsServiceRequest", limits);
  return proto::run<MetricsSummary>(context, [&](Context& at) {
    MetricsSummary summary;
    protozero::pbf_reader request(body.data(), body.size());
    for (std::size_t index = 0; at.next(request);) {
      if (request.tag() != 1) {
        request.skip();
        continue;
      }
      at.enter("resource_metrics", index++);
      read_resource_metrics(at.message(request, ""), at, summary);
      at.leave();
    }
    return summary;
  });
}

} // namespace ttaobs::sources
