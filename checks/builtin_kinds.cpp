#include "builtin_kinds.hpp"

#include "checks.hpp"

#include <src/sources/prometheus_source.hpp>
#include <src/trace/containment.hpp>
#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <algorithm>

// Each reader reads its kind's typed fields, fills the `CheckParams` the check's function has
// always read (so `--set ID.KEY=VALUE` and `--job` keep applying to them) and binds the function.
namespace ttaobs::checks {

namespace {

using core::CheckParams;
using sources::Endpoint;
using sources::EvidenceRequest;
using sources::Source;

constexpr long long k_max_count = 1'000'000'000;

EvidenceRequest latest_trace()
{
  return {Source::jaeger_traces, Endpoint::jaeger, {}, 1, false};
}

EvidenceRequest query(std::string promql)
{
  return {Source::prometheus_query, Endpoint::prometheus, std::move(promql), 1, false};
}

// The binding, unless reading the entry recorded a problem (context.errors grew past `before`).
std::optional<Binding> bound(const ModuleContext& context, std::size_t before, EvidenceRequest evidence,
                             core::CheckFn fn, CheckParams params, std::string description)
{
  if (context.errors.size() != before) {
    return std::nullopt;
  }
  Binding binding{std::move(evidence), std::move(fn), std::move(description)};
  binding.params = std::move(params);
  return binding;
}

// A required, non-empty text field ("" when missing or empty; the problem is recorded).
std::string text(yaml::MapReader& entry, std::string_view key)
{
  auto value = entry.string(key, true);
  if (value && value->empty()) {
    entry.error(entry.node(key)->mark, fmt::format("\"{}\" must not be empty", key));
  }
  return value.value_or("");
}

double count(yaml::MapReader& entry, std::string_view key, std::optional<long long> fallback = std::nullopt)
{
  return static_cast<double>(entry.integer(key, 0, k_max_count, !fallback).value_or(fallback.value_or(0)));
}

std::optional<Binding> read_span_count(yaml::MapReader& entry, const ModuleContext& context)
{
  const auto before = context.errors.size();
  const CheckParams params{.min = count(entry, "min")};
  return bound(context, before, latest_trace(), trace_span_count, params,
               fmt::format("the most recent trace has ≥ {} spans", params.min));
}

std::optional<Binding> read_root_span(yaml::MapReader& entry, const ModuleContext& context)
{
  const auto before = context.errors.size();
  const CheckParams params{.span = text(entry, "span")};
  return bound(context, before, latest_trace(), trace_root_span, params,
               fmt::format("a span '{}' exists and is a root", params.span));
}

std::optional<Binding> read_descendant_span(yaml::MapReader& entry, const ModuleContext& context)
{
  const auto before = context.errors.size();
  const CheckParams params{.span = text(entry, "span"), .ancestor = text(entry, "ancestor")};
  return bound(context, before, latest_trace(), trace_descendant_span, params,
               fmt::format("'{}' exists and descends from '{}'", params.span, params.ancestor));
}

std::optional<Binding> read_span_series(yaml::MapReader& entry, const ModuleContext& context)
{
  const auto before = context.errors.size();
  const CheckParams params{.prefix = text(entry, "prefix"), .min = count(entry, "min")};
  return bound(context, before, latest_trace(), trace_span_series, params,
               fmt::format("≥ {} spans named '{}N' (N a number)", params.min, params.prefix));
}

std::optional<Binding> read_max_depth(yaml::MapReader& entry, const ModuleContext& context)
{
  const auto before = context.errors.size();
  const CheckParams params{.min = count(entry, "min")};
  return bound(context, before, latest_trace(), trace_max_depth, params,
               fmt::format("the trace tree reaches depth ≥ {} (roots are depth 1)", params.min));
}

std::optional<Binding> read_link_integrity(yaml::MapReader& entry, const ModuleContext& context)
{
  const auto before = context.errors.size();
  const CheckParams params{.min = entry.number("min", 0, 1).value_or(1.0)};
  return bound(context, before, latest_trace(), trace_link_integrity, params,
               fmt::format("{}% of parent references resolve, one root, no cycles", params.min * 100));
}

std::optional<Binding> read_duration_containment(yaml::MapReader& entry, const ModuleContext& context)
{
  const auto before = context.errors.size();
  const auto tolerance = entry.duration("tolerance");
  const CheckParams params{.tolerance_us = tolerance ? tolerance->count() : trace::k_containment_tolerance_us};
  return bound(context, before, latest_trace(), trace_duration_containment, params,
               fmt::format("every child lies within its parent's interval (±{} skew)",
                           trace::format_duration_us(params.tolerance_us)));
}

std::optional<Binding> read_single_root(yaml::MapReader& entry, const ModuleContext& context)
{
  const auto before = context.errors.size();
  const CheckParams params{.span = text(entry, "span")};
  return bound(context, before, latest_trace(), trace_single_root, params,
               fmt::format("exactly one root span, '{}'", params.span));
}

std::optional<Binding> read_metrics_present(yaml::MapReader& entry, const ModuleContext& context)
{
  const auto before = context.errors.size();
  auto promql = text(entry, "query");
  const CheckParams params{.noun = entry.string("noun").value_or("series"), .min = count(entry, "min", 1)};
  auto description = fmt::format("{} has ≥ {} {}", util::one_line(promql, 60), params.min, params.noun);
  return bound(context, before, query(std::move(promql)), metrics_present, params, std::move(description));
}

std::optional<Binding> read_labels_diversity(yaml::MapReader& entry, const ModuleContext& context)
{
  const auto before = context.errors.size();
  auto promql = text(entry, "query");
  const CheckParams params{.label = text(entry, "label"), .min = count(entry, "min")};
  auto description =
      fmt::format("{} has ≥ {} distinct {} values", util::one_line(promql, 60), params.min, params.label);
  return bound(context, before, query(std::move(promql)), labels_diversity, params, std::move(description));
}

std::optional<Binding> read_labels_value_present(yaml::MapReader& entry, const ModuleContext& context)
{
  const auto before = context.errors.size();
  auto promql = text(entry, "query");
  const CheckParams params{.label = text(entry, "label"), .value = text(entry, "value")};
  auto description =
      fmt::format("{} has a series with {}=\"{}\"", util::one_line(promql, 60), params.label, params.value);
  return bound(context, before, query(std::move(promql)), labels_value_present, params, std::move(description));
}

// The job a scrape check is about: its own `job`, or else the configured one — then marked
// `label: job`, which is how `core::customise` makes it follow `--job`.
CheckParams job_params(yaml::MapReader& entry, const ModuleContext& context)
{
  if (entry.node("job") != nullptr) {
    return {.value = text(entry, "job")};
  }
  return {.label = "job", .value = context.job};
}

std::optional<Binding> read_scrape_up(yaml::MapReader& entry, const ModuleContext& context)
{
  const auto before = context.errors.size();
  const auto params = job_params(entry, context);
  return bound(context, before, sources::up_of_job(params.value), metrics_scrape_up, params,
               fmt::format("Prometheus' up{{job=\"{}\"}} is 1 for every target", params.value));
}

std::optional<Binding> read_targets_healthy(yaml::MapReader& entry, const ModuleContext& context)
{
  const auto before = context.errors.size();
  const auto params = job_params(entry, context);
  return bound(context, before, {Source::prometheus_targets, Endpoint::prometheus, {}, 1, false},
               metrics_targets_healthy, params,
               fmt::format("every active target of job \"{}\" is up with no scrape error", params.value));
}

bool is_metric_name(std::string_view name)
{
  const auto head = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':'; };
  return !name.empty() && head(name[0]) &&
         std::all_of(name.begin(), name.end(), [&](char c) { return head(c) || (c >= '0' && c <= '9'); });
}

std::optional<Binding> read_exposition_families(yaml::MapReader& entry, const ModuleContext& context)
{
  const auto before = context.errors.size();
  const auto families = entry.strings("families", true).value_or(std::vector<std::string>{});
  const auto* node = entry.node("families");
  for (std::size_t i = 0; i < families.size(); ++i) {
    if (!is_metric_name(families[i])) {
      const auto& at = node->kind == yaml::Node::Kind::sequence ? node->items[i].mark : node->mark;
      entry.error(at, fmt::format("\"families\": \"{}\" is not a metric family name (letters, digits, '_', ':')",
                                  util::one_line(families[i], 60)));
    }
  }
  if (node != nullptr && families.empty() && context.errors.size() == before) {
    entry.error(node->mark, "\"families\" must name at least one metric family");
  }
  const CheckParams params{.value = util::join(families, ",")};
  auto binding = bound(context, before, sources::exposition_evidence(), metrics_exposition_families, params,
                       fmt::format("the metrics URL itself exports {}", util::join(families, ", ")));
  if (binding) {
    binding->judges_received_metrics = true;
  }
  return binding;
}

std::optional<Binding> read_exposition_lint(yaml::MapReader& entry, const ModuleContext& context)
{
  const auto before = context.errors.size();
  const CheckParams params{.min = static_cast<double>(entry.integer("list", 1, 1000).value_or(10))};
  return bound(context, before, sources::exposition_evidence(), metrics_exposition_lint, params,
               "the metrics URL's exposition parses; lint problems (promtool's rules) warn");
}

std::optional<Binding> read_health_http(yaml::MapReader& entry, const ModuleContext& context)
{
  const auto before = context.errors.size();
  const auto name = entry.choice("endpoint", {"jaeger", "prometheus", "metrics", "collector"}, true).value_or("");
  const auto endpoint = name == "prometheus"  ? Endpoint::prometheus
                        : name == "metrics"   ? Endpoint::metrics
                        : name == "collector" ? Endpoint::collector
                                              : Endpoint::jaeger;
  const CheckParams params{.warn_only = entry.boolean("warn_only").value_or(false)};
  // redirects are followed (at most 5 hops): Prometheus' "/" answers 302 to "/graph"
  return bound(context, before, {Source::probe, endpoint, {}, 1, true}, health_http, params,
               fmt::format("the {} URL answers HTTP 200{}", name, params.warn_only ? " (non-blocking)" : ""));
}

std::optional<Binding> read_health_exposition(yaml::MapReader& entry, const ModuleContext& context)
{
  const auto before = context.errors.size();
  const CheckParams params{.prefix = text(entry, "prefix"), .min = count(entry, "min", 1)};
  return bound(context, before, sources::exposition_evidence(), health_exposition, params,
               fmt::format("the metrics URL answers HTTP 200 with ≥ {} {} sample lines", params.min, params.prefix));
}

} // namespace

const std::vector<Module>& builtin_kind_modules()
{
  static const std::vector<Module> k_modules = {
      {"builtin.trace.span_count", "the judged trace has ≥ min spans", read_span_count},
      {"builtin.trace.root_span", "a span named `span` exists and has no parent", read_root_span},
      {"builtin.trace.descendant_span", "a span named `span` descends from one named `ancestor`", read_descendant_span},
      {"builtin.trace.span_series", "≥ min spans named `prefix` followed by a number", read_span_series},
      {"builtin.trace.max_depth", "the span tree reaches depth ≥ min (roots are depth 1)", read_max_depth},
      {"builtin.trace.link_integrity", "≥ min (a fraction) of parent references resolve, one root, no cycles",
       read_link_integrity},
      {"builtin.trace.duration_containment", "every child lies within its parent's interval, ± tolerance",
       read_duration_containment},
      {"builtin.trace.single_root", "exactly one root, named `span`", read_single_root},
      {"builtin.metrics.present", "the PromQL `query` returns ≥ min series", read_metrics_present},
      {"builtin.labels.diversity", "the `query`'s series carry ≥ min distinct values of `label`",
       read_labels_diversity},
      {"builtin.labels.value_present", "some series of `query` has `label` = `value`", read_labels_value_present},
      {"builtin.metrics.scrape_up", "up{job} is 1 for every target (job: the configured one unless given)",
       read_scrape_up},
      {"builtin.metrics.targets_healthy", "every active target of the job is up with no scrape error",
       read_targets_healthy},
      {"builtin.metrics.exposition_families", "the exposition itself has samples of every one of `families`",
       read_exposition_families},
      {"builtin.metrics.exposition_lint", "the exposition parses; lint problems warn (at most `list` listed)",
       read_exposition_lint},
      {"builtin.health.http", "an endpoint (jaeger, prometheus, metrics, collector) answers HTTP 200",
       read_health_http},
      {"builtin.health.exposition", "the exposition answers 200 with ≥ min sample lines named `prefix`…",
       read_health_exposition},
  };
  return k_modules;
}

} // namespace ttaobs::checks
