#include "prometheus.hpp"

#include <src/json/util.hpp>

#include <fmt/format.h>

namespace ttaobs::sources {

namespace {

// Every Prometheus API answer: {"status":"success","data":{…}} or an error envelope. Returns the
// parsed document once its data member is known to be an object.
Expected<nlohmann::json, std::string> parse_envelope(std::string_view body, const json::JsonLimits& limits)
{
  std::string error;
  auto doc = json::parse_json(body, error, limits);
  if (doc.is_discarded()) {
    return unexpected(error);
  }
  if (!doc.is_object()) {
    return unexpected(fmt::format("expected a JSON object with \"status\", found {}", json::json_type_name(doc)));
  }
  const auto status = doc.find("status");
  if (status == doc.end() || !status->is_string()) {
    return unexpected(std::string("missing \"status\" (not a Prometheus API answer)"));
  }
  if (*status != "success") {
    const auto message = prometheus_error_message(body);
    return unexpected(
        fmt::format("Prometheus reported an error: {}", message.empty() ? status->get<std::string>() : message));
  }
  const auto data = doc.find("data");
  if (data == doc.end() || !data->is_object()) {
    return unexpected(std::string("data: expected object"));
  }
  return doc;
}

} // namespace

std::string prometheus_error_message(std::string_view body)
{
  std::string ignored;
  const auto doc = json::parse_json(body, ignored);
  if (json::string_or(doc, "status") != "error") {
    return {};
  }
  const auto type = json::string_or(doc, "errorType");
  const auto error = json::string_or(doc, "error");
  return type.empty() ? error : fmt::format("{}: {}", type, error);
}

Expected<QueryResult, std::string> parse_prometheus_query(std::string_view body, const json::JsonLimits& limits)
{
  TTAOBS_TRY_ASSIGN(doc, parse_envelope(body, limits));
  const auto* data = &doc["data"];
  QueryResult out;
  const auto type = data->find("resultType");
  if (type == data->end() || !type->is_string()) {
    return unexpected(std::string("data.resultType: expected string"));
  }
  out.result_type = type->get<std::string>();
  const auto result = data->find("result");
  if (result == data->end()) {
    return unexpected(std::string("data.result: missing"));
  }
  if (out.result_type == "scalar") {
    if (!result->is_array() || result->size() != 2 || !(*result)[1].is_string()) {
      return unexpected(std::string("data.result: expected [time, \"value\"] for a scalar"));
    }
    out.scalar = (*result)[1].get<std::string>(); // a value, not a series
    return out;
  }
  if (out.result_type != "vector" && out.result_type != "matrix") {
    return out; // string results have no series
  }
  if (!result->is_array()) {
    return unexpected(fmt::format("data.result: expected array, found {}", json::json_type_name(*result)));
  }
  for (std::size_t i = 0; i < result->size(); ++i) {
    const auto& item = (*result)[i];
    const auto path = fmt::format("data.result[{}]", i);
    if (!item.is_object()) {
      return unexpected(fmt::format("{}: expected object", path));
    }
    const auto metric = item.find("metric");
    if (metric == item.end() || !metric->is_object()) {
      return unexpected(fmt::format("{}.metric: expected object", path));
    }
    Series series;
    for (const auto& [name, value] : metric->items()) {
      if (!value.is_string()) {
        return unexpected(fmt::format("{}.metric.{}: expected string", path, name));
      }
      series.labels[name] = value.get<std::string>();
    }
    const auto sample = item.find("value");
    if (sample != item.end()) {
      if (!sample->is_array() || sample->size() != 2 || !(*sample)[1].is_string()) {
        return unexpected(fmt::format("{}.value: expected [time, \"value\"]", path));
      }
      series.value = (*sample)[1].get<std::string>();
    }
    out.series.push_back(std::move(series));
  }
  return out;
}

Expected<TargetsResult, std::string> parse_prometheus_targets(std::string_view body, const json::JsonLimits& limits)
{
  TTAOBS_TRY_ASSIGN(doc, parse_envelope(body, limits));
  const auto* data = &doc["data"];
  if (!data->contains("activeTargets") || !(*data)["activeTargets"].is_array()) {
    return unexpected(std::string("data.activeTargets: expected array"));
  }
  TargetsResult out;
  const auto& active = (*data)["activeTargets"];
  for (std::size_t i = 0; i < active.size(); ++i) {
    const auto& item = active[i];
    if (!item.is_object()) {
      return unexpected(fmt::format("data.activeTargets[{}]: expected object", i));
    }
    Target target;
    const auto labels = item.find("labels");
    if (labels != item.end()) {
      target.job = json::string_or(*labels, "job");
      target.instance = json::string_or(*labels, "instance");
    }
    target.scrape_url = json::string_or(item, "scrapeUrl");
    target.health = json::string_or(item, "health", "unknown");
    target.last_error = json::string_or(item, "lastError");
    const auto duration = item.find("lastScrapeDuration");
    target.scrape_seconds = duration != item.end() && duration->is_number() ? duration->get<double>() : 0.0;
    out.targets.push_back(std::move(target));
  }
  return out;
}

} // namespace ttaobs::sources
