#include "exposition_modules.hpp"

#include "checks.hpp"
#include "trace_common.hpp"

#include <src/util/strings.hpp>

#include <fmt/format.h>

namespace ttaobs::checks {

using core::Status;

namespace {

// The types a family may be declared with, in both dialects' spellings.
const std::vector<std::string_view> k_types = {"counter", "gauge",          "histogram", "summary", "untyped",
                                               "unknown", "gaugehistogram", "info",      "stateset"};

// "unknown" (OpenMetrics) and "untyped" (0.0.4) are one type.
std::string_view canonical_type(std::string_view type)
{
  return type == "unknown" ? "untyped" : type;
}

// The family `name`, else `name_total` or `name` without "_total" (a counter in the other dialect).
const std::pair<const std::string, sources::FamilyShape>* find_family(const sources::ExpositionScan& scan,
                                                                      const std::string& name)
{
  for (const auto& candidate :
       {name, name + "_total", name.ends_with("_total") ? name.substr(0, name.size() - 6) : std::string()}) {
    if (const auto it = scan.families.find(candidate); !candidate.empty() && it != scan.families.end()) {
      return &*it;
    }
  }
  return nullptr;
}

// How many samples of `shape` carry `label`.
std::size_t carrying(const sources::FamilyShape& shape, std::string_view label)
{
  for (const auto& [name, n] : shape.labels) {
    if (name == label) {
      return n;
    }
  }
  return 0;
}

template <typename Judge> core::CheckFn on_exposition(Judge judge)
{
  return [judge = std::move(judge)](const sources::Payload& payload, const core::CheckParams&) {
    const auto answered = answered_exposition(payload);
    return answered ? judge(**answered) : answered.error();
  };
}

} // namespace

std::optional<Binding> read_exposition_family(yaml::MapReader& entry, const ModuleContext&)
{
  FamilyExpectation expected;
  expected.name = entry.string("name", true).value_or("");
  expected.type = entry.choice("type", {k_types.begin(), k_types.end()});
  expected.unit = entry.string("unit");
  expected.labels = entry.strings("labels").value_or(std::vector<std::string>{});
  if (const auto* node = entry.node("name"); node != nullptr && expected.name.empty()) {
    entry.error(node->mark, "\"name\" is empty");
  }
  if (expected.name.empty()) {
    return std::nullopt; // the problem is recorded
  }
  auto description = fmt::format("the exposition has family {}{}{}", util::one_line(expected.name, 60),
                                 expected.type ? " of type " + *expected.type : "",
                                 expected.labels.empty() ? "" : " with labels " + util::join(expected.labels, ", "));
  auto fn = on_exposition([expected](const sources::ExpositionProbe& e) { return judge_family(e, expected); });
  Binding binding{sources::exposition_evidence(), std::move(fn), std::move(description)};
  binding.judges_received_metrics = true;
  return binding;
}

std::optional<Binding> read_exposition_samples(yaml::MapReader& entry, const ModuleContext&)
{
  core::CheckParams params;
  params.prefix = entry.string("prefix", true).value_or("");
  params.min = static_cast<double>(entry.integer("min", 0, 1'000'000'000).value_or(1));
  auto description = fmt::format("the exposition has ≥ {} sample line{} named {}*", params.min,
                                 params.min == 1 ? "" : "s", util::one_line(params.prefix, 60));
  auto fn = [params](const sources::Payload& payload, const core::CheckParams&) {
    return health_exposition(payload, params);
  };
  return Binding{sources::exposition_evidence(), std::move(fn), std::move(description)};
}

std::optional<Binding> read_exposition_lint(yaml::MapReader& entry, const ModuleContext&)
{
  const auto show = static_cast<std::size_t>(entry.integer("show", 0, 1000).value_or(10));
  auto fn = on_exposition([show](const sources::ExpositionProbe& e) { return judge_lint(e, show); });
  return Binding{sources::exposition_evidence(), std::move(fn),
                 "the exposition parses and has no lint problem (promtool's rules)"};
}

core::CheckOutcome judge_family(const sources::ExpositionProbe& exposition, const FamilyExpectation& expected)
{
  std::vector<std::string> details;
  if (const auto& error = exposition.lint.parse_error) {
    details.push_back(fmt::format("the exposition stops parsing at {}: what follows is not seen", error->describe()));
  }
  const auto* found = find_family(exposition.scan, expected.name);
  if (found == nullptr) {
    return core::outcome(Status::fail,
                         exposition.received
                             ? fmt::format("no family {} among the {} metric families received over OTLP",
                                           expected.name, exposition.scan.families.size())
                             : fmt::format("no family {} in the exposition ({} families)", expected.name,
                                           exposition.scan.families.size()),
                         std::move(details));
  }
  const auto& [name, shape] = *found;
  std::vector<std::string> parts{fmt::format("{} {}", shape.type, name)};
  bool holds = true;
  if (expected.type && canonical_type(*expected.type) != canonical_type(shape.type)) {
    holds = false;
    parts.back() += fmt::format(" (expected {})", *expected.type);
  }
  if (expected.unit && shape.unit != expected.unit) {
    holds = false;
    parts.push_back(shape.unit ? fmt::format("unit {} (expected {})", *shape.unit, *expected.unit)
                               : fmt::format("no UNIT (expected {}; only OpenMetrics declares one)", *expected.unit));
  }
  std::size_t labelled = 0;
  for (const auto& label : expected.labels) {
    const auto n = carrying(shape, label);
    labelled += n == shape.samples && n > 0 ? 1 : 0;
    if (n != shape.samples || n == 0) {
      holds = false;
      parts.push_back(fmt::format("label {} on {} of {} samples", label, n, shape.samples));
    }
  }
  if (!expected.labels.empty() && labelled == expected.labels.size()) {
    parts.push_back(fmt::format("{} on all {} samples", util::join(expected.labels, ", "), shape.samples));
  }
  return core::outcome(holds ? Status::pass : Status::fail, util::join(parts, "; "), std::move(details))
      .with(
          core::exactly(static_cast<double>(labelled), static_cast<double>(expected.labels.size()), "labels present"));
}

std::vector<std::string> lint_details(const metrics::LintReport& lint, std::size_t show)
{
  std::vector<std::string> details;
  for (std::size_t i = 0; i < lint.problems.size() && i < show; ++i) {
    const auto& p = lint.problems[i];
    details.push_back(fmt::format("{}: {}{}", p.metric, p.text, p.count > 1 ? fmt::format(" (×{})", p.count) : ""));
  }
  if (lint.problems.size() > show) {
    details.push_back(fmt::format("… and {} more (ttaobs lint-metrics shows all)", lint.problems.size() - show));
  }
  return details;
}

core::CheckOutcome judge_lint(const sources::ExpositionProbe& exposition, std::size_t show)
{
  const auto& lint = exposition.lint;
  const auto format = metrics::to_string(lint.format);
  if (lint.parse_error) {
    return core::outcome(Status::fail,
                         fmt::format("the exposition does not parse as {}: {}", format, lint.parse_error->describe()));
  }
  if (lint.problems.empty()) {
    return core::outcome(Status::pass, fmt::format("parses as {}: {} families, {} samples, no lint problems", format,
                                                   lint.families, lint.samples))
        .with(core::at_most(0, 0, "lint problems"));
  }
  return core::outcome(Status::fail,
                       fmt::format("{} lint problem{} (promtool's rules) in {} families", lint.problem_count,
                                   lint.problem_count == 1 ? "" : "s", lint.families),
                       lint_details(lint, show))
      .with(core::at_most(static_cast<double>(lint.problem_count), 0, "lint problems"));
}

} // namespace ttaobs::checks
