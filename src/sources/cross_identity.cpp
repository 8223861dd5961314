#include "cross_identity.hpp"

#include <src/json/limits.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>

namespace ttaobs::sources {

namespace {

std::string string_value(const nlohmann::json& value)
{
  if (value.is_string()) {
    return value.get<std::string>();
  }
  const auto* inner = value.is_object() && value.contains("stringValue") ? &value.at("stringValue") : nullptr;
  return inner != nullptr && inner->is_string() ? inner->get<std::string>() : std::string();
}

// One resource's (OTLP attributes or Jaeger v1 process tags) identity, when its service.name is `service`.
void add_identity(const nlohmann::json& pairs, std::string name, const std::string& service,
                  std::vector<ResourceIdentity>& out)
{
  ResourceIdentity identity;
  for (const auto& pair : pairs.is_array() ? pairs : nlohmann::json::array()) {
    if (!pair.is_object() || !pair.contains("key") || !pair.contains("value")) {
      continue;
    }
    const auto key = string_value(pair.at("key"));
    const auto value = string_value(pair.at("value"));
    name = key == "service.name" ? value : name;
    identity.service_namespace = key == "service.namespace" ? value : identity.service_namespace;
    identity.instance_id = key == "service.instance.id" ? value : identity.instance_id;
  }
  if (name == service && out.size() < IdentityEvidence::k_max_resources &&
      std::find(out.begin(), out.end(), identity) == out.end()) {
    out.push_back(std::move(identity));
  }
}

} // namespace

std::vector<ResourceIdentity> resource_identities(std::string_view body, const std::string& service)
{
  std::vector<ResourceIdentity> out;
  if (!json::check_json_limits(body, {}).empty()) {
    return out; // the trace parser has judged this body already
  }
  const auto doc = nlohmann::json::parse(body, nullptr, false);
  const auto* otlp = doc.is_object() && doc.contains("result") ? &doc.at("result") : &doc;
  if (otlp->is_object() && otlp->contains("resourceSpans") && otlp->at("resourceSpans").is_array()) {
    for (const auto& rs : otlp->at("resourceSpans")) {
      if (rs.is_object() && rs.contains("resource") && rs.at("resource").is_object()) {
        add_identity(rs.at("resource").value("attributes", nlohmann::json::array()), "", service, out);
      }
    }
  }
  const auto data = doc.is_object() ? doc.value("data", nlohmann::json::array()) : nlohmann::json::array();
  for (const auto& one : data.is_array() ? data : nlohmann::json::array()) {
    const auto processes = one.is_object() ? one.value("processes", nlohmann::json::object()) : nlohmann::json();
    if (!processes.is_object()) {
      continue;
    }
    for (const auto& item : processes.items()) {
      const auto& process = item.value();
      if (process.is_object()) {
        add_identity(process.value("tags", nlohmann::json::array()),
                     process.contains("serviceName") ? string_value(process.at("serviceName")) : std::string(), service,
                     out);
      }
    }
  }
  return out;
}

} // namespace ttaobs::sources
