#include "suite.hpp"

#include <src/sources/prometheus_source.hpp>
#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace ttaobs::core {

std::string_view to_string(Status status)
{
  switch (status) {
  case Status::pass:
    return "pass";
  case Status::fail:
    return "fail";
  case Status::warn:
    return "warn";
  case Status::error:
    return "error";
  case Status::skip:
    return "skip";
  }
  return "error";
}

std::string CheckSpec::group() const
{
  return id.substr(0, id.find('/'));
}

std::string group_title(std::string_view group)
{
  if (group == "trace") {
    return "Trace hierarchy";
  }
  if (group == "metrics") {
    return "Prometheus metrics";
  }
  if (group == "labels") {
    return "Metric labels";
  }
  if (group == "health") {
    return "Service health";
  }
  if (group == "probe") {
    return "Pipeline probe";
  }
  return std::string(group);
}

CheckOutcome outcome(Status status, std::string message, std::vector<std::string> details)
{
  return CheckOutcome{status, std::move(message), std::move(details)};
}

CheckOutcome wrong_evidence(std::string_view expected)
{
  return outcome(Status::error, fmt::format("internal: check expected {} evidence", expected));
}

namespace {

Expected<bool, std::string> apply(CheckParams& params, std::string_view key, const std::string& value)
{
  const auto number = [&](auto& field) -> Expected<bool, std::string> {
    double parsed = 0;
    if (!util::parse_seconds(value, parsed)) { // a non-negative decimal
      return unexpected(fmt::format("expected a non-negative number, got '{}'", util::one_line(value, 40)));
    }
    field = static_cast<std::remove_reference_t<decltype(field)>>(parsed);
    return true;
  };
  if (key == "min")
    return number(params.min);
  if (key == "tolerance_us")
    return number(params.tolerance_us);
  for (auto [name, field] :
       {std::pair{"span", &params.span}, std::pair{"ancestor", &params.ancestor}, std::pair{"prefix", &params.prefix},
        std::pair{"label", &params.label}, std::pair{"value", &params.value}}) {
    if (key == name) {
      *field = value;
      return true;
    }
  }
  std::string hint;
  for (const std::string_view name : {"min", "tolerance_us", "span", "ancestor", "prefix", "label", "value"}) {
    hint = hint.empty() && util::edit_distance(key, name) <= 2 ? fmt::format("did you mean '{}'? ", name) : hint;
  }
  return unexpected(fmt::format("unknown parameter '{}' ({}min, tolerance_us, span, ancestor, prefix, label, value)",
                                util::one_line(key, 40), hint));
}

} // namespace

Expected<Suite, std::string> customise(const Suite& suite, const std::vector<std::string>& overrides, int traces,
                                       const std::string& quantifier, const std::string& job)
{
  Suite out = suite;
  for (auto& check : out.checks) {
    if (check.params.label == "job") { // checks about the scrape job follow --job
      check.params.value = job;
      if (check.evidence.source == sources::Source::prometheus_query) {
        check.evidence = sources::up_of_job(job);
      }
    }
    if (check.evidence.source == sources::Source::jaeger_traces) {
      check.evidence.limit = traces;
      check.params.quantifier = traces > 1 ? quantifier : "latest";
    }
  }
  for (const auto& item : overrides) {
    const auto eq = item.find('=');
    const auto dot = item.rfind('.', eq);
    if (eq == std::string::npos || dot == std::string::npos) {
      return unexpected(
          fmt::format("--set {}: expected ID.KEY=VALUE, e.g. trace/span-count.min=3", util::one_line(item, 80)));
    }
    const auto id = item.substr(0, dot);
    TTAOBS_TRY(validate_ids(out, {id}, "--set"));
    for (auto& check : out.checks) {
      if (check.id == id) {
        const auto applied =
            apply(check.params, std::string_view(item).substr(dot + 1, eq - dot - 1), item.substr(eq + 1));
        if (!applied) {
          return unexpected(fmt::format("--set {}: {}", util::one_line(item, 80), applied.error()));
        }
      }
    }
  }
  return out;
}

std::string closest_id(const Suite& suite, std::string_view id)
{
  std::string best;
  std::size_t best_distance = 4; // farther than this is not a typo
  for (const auto& check : suite.checks) {
    // a typo (small edit distance) or a truncated id (prefix) both deserve a suggestion
    const auto d = util::starts_with(check.id, id) && !id.empty() ? 0 : util::edit_distance(id, check.id);
    if (d < best_distance) {
      best_distance = d;
      best = check.id;
    }
  }
  return best;
}

Expected<bool, std::string> validate_ids(const Suite& suite, const std::vector<std::string>& ids, std::string_view flag)
{
  for (const auto& id : ids) {
    bool found = false;
    for (const auto& check : suite.checks) {
      found = found || check.id == id;
    }
    if (!found) {
      const auto hint = closest_id(suite, id);
      return unexpected(
          fmt::format("{}: unknown check id '{}'{}", flag, util::one_line(id, 80),
                      hint.empty() ? " (see 'ttaobs checks list')" : fmt::format(" (did you mean '{}'?)", hint)));
    }
  }
  return true;
}

bool selected_by(const CheckSpec& check, const std::vector<std::string>& values)
{
  return std::any_of(values.begin(), values.end(), [&](const std::string& value) {
    return value == check.id || std::find(check.tags.begin(), check.tags.end(), value) != check.tags.end();
  });
}

Expected<bool, std::string> validate_selection(const Suite& suite, const std::vector<std::string>& values,
                                               std::string_view flag)
{
  std::vector<std::string> tags;
  for (const auto& check : suite.checks) {
    tags.insert(tags.end(), check.tags.begin(), check.tags.end());
  }
  for (const auto& value : values) {
    if (std::any_of(suite.checks.begin(), suite.checks.end(),
                    [&](const CheckSpec& c) { return selected_by(c, {value}); })) {
      continue;
    }
    auto hint = closest_id(suite, value);
    std::size_t best = hint.empty() ? 4 : util::edit_distance(value, hint);
    for (const auto& tag : tags) {
      if (const auto d = util::edit_distance(value, tag); d < best) {
        best = d;
        hint = tag;
      }
    }
    return unexpected(fmt::format("{}: unknown check id '{}'{}", flag, util::one_line(value, 80),
                                  hint.empty() ? " (no check has that id or tag; see 'ttaobs checks list')"
                                               : fmt::format(" (did you mean '{}'?)", hint)));
  }
  return true;
}

} // namespace ttaobs::core
