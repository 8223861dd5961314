#include "health_modules.hpp"

#include <src/json/util.hpp>
#include <src/util/strings.hpp>
#include <src/util/url.hpp>

#include <fmt/format.h>

#include <charconv>

namespace ttaobs::checks {

using core::Status;

namespace {

constexpr std::pair<std::string_view, sources::Endpoint> k_endpoints[] = {
    {"jaeger", sources::Endpoint::jaeger},
    {"prometheus", sources::Endpoint::prometheus},
    {"metrics", sources::Endpoint::metrics},
    {"collector", sources::Endpoint::collector},
};

// Where the probe goes: `url`, or `endpoint` with an optional `path`; exactly one of the two.
// Returns the target as messages may show it (a URL redacted), "" once a problem is recorded.
std::string read_target(yaml::MapReader& entry, sources::EvidenceRequest& evidence)
{
  const auto url = entry.string("url");
  const auto endpoint = entry.choice("endpoint", {"jaeger", "prometheus", "metrics", "collector"});
  const auto path = entry.string("path");
  if (url.has_value() == endpoint.has_value()) {
    entry.error(entry.mark(), url ? "give \"url\" or \"endpoint\", not both" : "needs \"url\" or \"endpoint\"");
    return {};
  }
  if (url) {
    const auto parsed = util::parse_url(*url);
    if (!parsed) {
      entry.error(entry.node("url")->mark, fmt::format("\"url\": {}", parsed.error()));
      return {};
    }
    if (path) {
      entry.error(entry.node("path")->mark, "\"path\" goes with \"endpoint\" (put it in \"url\")");
      return {};
    }
    evidence.url = parsed->str();
    return parsed->redacted();
  }
  for (const auto& [name, value] : k_endpoints) {
    evidence.endpoint = name == *endpoint ? value : evidence.endpoint;
  }
  if (path && !path->starts_with('/')) {
    entry.error(entry.node("path")->mark,
                fmt::format("\"path\" must start with '/' (got \"{}\")", util::one_line(*path, 40)));
    return {};
  }
  evidence.path = path.value_or("");
  return fmt::format("the {} endpoint{}", *endpoint, path ? " " + *path : "");
}

std::optional<HealthExpectation::JsonField> read_json_field(yaml::MapReader& entry, const ModuleContext& context)
{
  const auto* node = entry.node("json");
  if (node == nullptr) {
    return std::nullopt;
  }
  yaml::MapReader json(*node, "\"json\"", context.env, context.errors);
  HealthExpectation::JsonField out{json.string("field", true).value_or(""), json.string("equals", true).value_or("")};
  json.finish();
  return out;
}

// The value at the dotted `path` ("a.b", "items.0.name"), or nullptr.
const nlohmann::json* at_path(const nlohmann::json& doc, std::string_view path)
{
  const auto* at = &doc;
  for (const auto part : util::split(path, '.')) {
    std::size_t index = 0;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), index);
    if (at->is_object() && at->contains(part)) {
      at = &(*at)[std::string(part)];
    } else if (at->is_array() && ec == std::errc() && end == part.data() + part.size() && index < at->size()) {
      at = &(*at)[index];
    } else {
      return nullptr;
    }
  }
  return at;
}

// The verdict on the JSON field, as one message part; false when it does not hold.
bool judge_json(const sources::Probe& probe, const HealthExpectation::JsonField& expected, std::string& part)
{
  std::string error;
  const auto doc = json::parse_json(probe.body, error);
  if (doc.is_discarded()) {
    part = fmt::format("the body is not JSON ({}{})", error, probe.body_cut ? "; only its first 64 KiB were read" : "");
    return false;
  }
  const auto* value = at_path(doc, expected.field);
  if (value == nullptr) {
    part = fmt::format("the body has no JSON field {}", expected.field);
    return false;
  }
  const auto text = value->is_string() ? value->get<std::string>() : value->dump();
  part = fmt::format("{} is \"{}\"", expected.field, util::one_line(text, 80));
  if (text != expected.equals) {
    part += fmt::format(" (expected \"{}\")", util::one_line(expected.equals, 80));
    return false;
  }
  return true;
}

} // namespace

std::optional<Binding> read_health_http(yaml::MapReader& entry, const ModuleContext& context)
{
  sources::EvidenceRequest evidence{sources::Source::probe, sources::Endpoint::jaeger, {}, 1, true};
  const auto before = context.errors.size();
  const auto target = read_target(entry, evidence);
  HealthExpectation expected;
  expected.status = static_cast<long>(entry.integer("status", 100, 599).value_or(200));
  expected.body_contains = entry.string("body_contains");
  expected.json = read_json_field(entry, context);
  evidence.follow_redirects = entry.boolean("follow_redirects").value_or(true);
  if (context.errors.size() != before) {
    return std::nullopt;
  }
  evidence.body_limit = expected.body_contains || expected.json ? k_health_body_limit : 0;
  // A status-only probe of the metrics endpoint is the same GET the exposition checks make: share
  // their evidence (one request per run) and judge its HTTP outcome.
  if (evidence.endpoint == sources::Endpoint::metrics && evidence.path.empty() && evidence.body_limit == 0 &&
      evidence.follow_redirects) {
    evidence = sources::exposition_evidence();
  }
  auto description = fmt::format(
      "{} answers HTTP {}{}{}", target, expected.status,
      expected.body_contains ? " with \"" + util::one_line(*expected.body_contains, 40) + "\"" : "",
      expected.json ? fmt::format(", {} = \"{}\"", expected.json->field, util::one_line(expected.json->equals, 40))
                    : "");
  auto fn = [expected = std::move(expected)](const sources::Payload& payload, const core::CheckParams&) {
    if (const auto* scrape = core::evidence_as<sources::ExpositionProbe>(payload)) {
      return judge_health(scrape->probe, expected);
    }
    const auto* probe = core::evidence_as<sources::Probe>(payload);
    return probe == nullptr ? core::wrong_evidence("probe") : judge_health(*probe, expected);
  };
  return Binding{std::move(evidence), std::move(fn), std::move(description)};
}

core::CheckOutcome judge_health(const sources::Probe& probe, const HealthExpectation& expected)
{
  if (!probe.answered) {
    return core::outcome(Status::fail, fmt::format("no answer: {}", probe.failure));
  }
  const auto status = static_cast<double>(probe.status);
  if (probe.status != expected.status) {
    return core::outcome(Status::fail, fmt::format("HTTP {} (expected {})", probe.status, expected.status))
        .with(core::exactly(status, static_cast<double>(expected.status), "HTTP status"));
  }
  std::vector<std::string> parts{fmt::format("HTTP {}", probe.status)};
  bool holds = true;
  if (expected.body_contains) {
    const bool found = probe.body.find(*expected.body_contains) != std::string::npos;
    holds = holds && found;
    parts.push_back(found ? fmt::format("the body contains \"{}\"", util::one_line(*expected.body_contains, 40))
                          : fmt::format("the body{} does not contain \"{}\" (it starts \"{}\")",
                                        probe.body_cut ? "'s first 64 KiB" : "",
                                        util::one_line(*expected.body_contains, 40), util::one_line(probe.body, 60)));
  }
  if (expected.json) {
    parts.emplace_back();
    holds = judge_json(probe, *expected.json, parts.back()) && holds;
  }
  return core::outcome(holds ? Status::pass : Status::fail, util::join(parts, "; "))
      .with(core::exactly(status, static_cast<double>(expected.status), "HTTP status"));
}

} // namespace ttaobs::checks
