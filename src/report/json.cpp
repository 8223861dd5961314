#include "report.hpp"

#include <src/util/url.hpp>

#include <nlohmann/json.hpp>

#include <cmath>
#include <cstdint>

namespace ttaobs::report {

namespace {

// A whole number as an integer (15, not 15.0); others as they are.
nlohmann::ordered_json number(double value)
{
  if (std::isfinite(value) && value == std::trunc(value) && std::fabs(value) < 9e15) {
    return static_cast<std::int64_t>(value);
  }
  return std::isfinite(value) ? nlohmann::ordered_json(value) : nlohmann::ordered_json(nullptr);
}

} // namespace

std::string render_json(const core::RunSummary& summary)
{
  using nlohmann::ordered_json;
  ordered_json endpoints = ordered_json::object();
  for (const auto& [name, url] : summary.endpoints) {
    endpoints[name] = util::redact_url(url);
  }
  ordered_json checks = ordered_json::array();
  for (const auto& check : summary.checks) {
    ordered_json item;
    item["id"] = check.id;
    item["group"] = check.group;
    item["description"] = check.description;
    item["status"] = core::to_string(check.status);
    item["message"] = check.message;
    item["details"] = check.details;
    if (check.measurement) { // numeric, for dashboards and trend lines; absent where nothing is counted
      item["measured"] = number(check.measurement->measured);
      item["expected"] = number(check.measurement->expected);
      item["comparator"] = check.measurement->comparator;
      item["unit"] = check.measurement->unit;
    }
    item["evidence_url"] = util::redact_url(check.evidence_url);
    item["duration_ms"] = check.duration.count();
    checks.push_back(std::move(item));
  }
  ordered_json doc;
  doc["schema"] = "ttaobs.validate/v1";
  doc["version"] = summary.version;
  doc["suite"] = summary.suite;
  doc["service"] = summary.service;
  doc["endpoints"] = std::move(endpoints);
  doc["started_at"] = summary.started_at;
  doc["hostname"] = summary.hostname;
  doc["duration_ms"] = summary.duration.count();
  doc["rounds"] = summary.rounds;
  doc["strict"] = summary.strict;
  doc["checks"] = std::move(checks);
  doc["summary"] = {{"total", summary.counts.total()},
                    {"passed", summary.counts.passed},
                    {"failed", summary.counts.failed},
                    {"warnings", summary.counts.warnings},
                    {"errors", summary.counts.errors},
                    {"skipped", summary.counts.skipped},
                    {"exit_code", static_cast<int>(summary.exit_code)}};
  // Replace invalid UTF-8 (from a server's error text) instead of throwing.
  return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

} // namespace ttaobs::report
