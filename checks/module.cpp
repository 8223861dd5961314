#include "module.hpp"

#include "builtin_kinds.hpp"
#include "cross_modules.hpp"
#include "exposition_modules.hpp"
#include "health_modules.hpp"
#include "probe_modules.hpp"
#include "prometheus_modules.hpp"
#include "prometheus_query.hpp"
#include "trace_modules.hpp"

#include <src/util/strings.hpp>

#include <fmt/format.h>

namespace ttaobs::checks {

namespace {

std::optional<Binding> read_prometheus_query(yaml::MapReader& entry, const ModuleContext& context)
{
  auto expected = read_query_expectation(entry, context.env, context.errors);
  if (!expected) {
    return std::nullopt;
  }
  sources::EvidenceRequest evidence{sources::Source::prometheus_query, sources::Endpoint::prometheus, expected->query};
  auto description = fmt::format("PromQL {} meets its expectations", util::one_line(expected->query, 60));
  auto fn = [expected = std::move(*expected)](const sources::Payload& payload, const core::CheckParams&) {
    const auto* result = core::evidence_as<sources::QueryResult>(payload);
    return result == nullptr ? core::wrong_evidence("Prometheus query") : judge_query(*result, expected);
  };
  return Binding{std::move(evidence), std::move(fn), std::move(description)};
}

} // namespace

const std::vector<Module>& modules()
{
  static const std::vector<Module> k_modules = [] {
    std::vector<Module> table = {
        {"prometheus.query", "any PromQL expression: series count, every/any/scalar value, label values",
         read_prometheus_query},
        {"trace.spans", "selected spans (name, attributes, kind, status, service, relations): count and durations",
         read_trace_spans},
        {"trace.span_count", "the trace's span count within min/max", read_trace_span_count},
        {"trace.depth", "the trace tree's depth within min/max (roots are depth 1)", read_trace_depth},
        {"trace.links", "parent references resolve (min share), one root, no cycles", read_trace_links},
        {"trace.containment", "every child lies within its parent's interval (tolerance)", read_trace_containment},
        {"trace.single_root", "exactly one root span (optionally with a name)", read_trace_single_root},
        {"prometheus.up", "up{job=…} is 1 for every target of the job (default: the configured job)",
         read_prometheus_up},
        {"prometheus.targets", "the job's active targets are up, without scrape errors, scraped faster than a bound",
         read_prometheus_targets},
        {"exposition.family", "the exposition has a family of a type and unit whose samples carry given labels",
         read_exposition_family},
        {"exposition.samples", "the exposition has at least `min` sample lines whose name starts with `prefix`",
         read_exposition_samples},
        {"exposition.lint", "the exposition parses and is lint clean (promtool's rules); severity warn to only warn",
         read_exposition_lint},
        {"health.http", "a URL or endpoint answers a status, optionally with a body substring or a JSON field value",
         read_health_http},
        {"cross.exemplars", "exemplar trace ids in the exposition resolve in the trace store (a bounded sample)",
         read_cross_exemplars},
        {"cross.service_identity", "spans' service.name agrees with the job's target_info (and optionally the job)",
         read_cross_service_identity},
        {"cross.span_counter", "span count of an operation vs a counter's increase over a window, within a tolerance",
         read_cross_span_counter},
        {"probe.latency", "canary spans sent over OTLP/HTTP become queryable in the trace store: p50/p95/max bounds",
         read_probe_latency},
        {"probe.throughput", "spans sent at a rate for a time: the share queried back and the latest one's lag",
         read_probe_throughput},
    };
    const auto& builtin = builtin_kind_modules(); // the built-in suites' kinds come last
    table.insert(table.end(), builtin.begin(), builtin.end());
    return table;
  }();
  return k_modules;
}

const Module* find_module(std::string_view kind)
{
  for (const auto& module : modules()) {
    if (module.kind == kind) {
      return &module;
    }
  }
  return nullptr;
}

std::optional<core::CheckSpec> bind_check(const suite::CheckEntry& entry, const ModuleContext& context)
{
  const auto* module = find_module(entry.kind);
  const auto* kind_node = entry.node.find("kind");
  const auto at = kind_node != nullptr ? kind_node->mark : entry.node.mark;
  if (module == nullptr) {
    std::string best;
    std::size_t best_distance = 4;
    for (const auto& candidate : modules()) {
      if (const auto d = util::edit_distance(entry.kind, candidate.kind); d < best_distance) {
        best = std::string(candidate.kind);
        best_distance = d;
      }
    }
    context.errors.push_back({at, fmt::format("unknown check kind \"{}\"{}", util::one_line(entry.kind, 40),
                                              best.empty() ? "" : fmt::format(" (did you mean \"{}\"?)", best))});
    return std::nullopt;
  }
  const auto before = context.errors.size();
  yaml::MapReader reader(entry.node, fmt::format("check '{}'", entry.id), context.env, context.errors);
  for (const auto* common : {"id", "kind", "description", "severity", "tags", "optional", "after"}) {
    reader.allow(common);
  }
  auto binding = module->read(reader, context);
  reader.finish();
  if (!binding || context.errors.size() != before) {
    return std::nullopt;
  }
  core::CheckSpec spec;
  spec.id = entry.id;
  spec.description = entry.description.empty() ? std::move(binding->description) : entry.description;
  spec.evidence = std::move(binding->evidence);
  spec.fn = std::move(binding->fn);
  spec.params = std::move(binding->params);
  spec.judges_received_metrics = binding->judges_received_metrics;
  spec.severity = entry.severity == suite::Severity::warn ? core::Severity::warn : core::Severity::fail;
  spec.tags = entry.tags;
  spec.optional = entry.optional;
  return spec;
}

} // namespace ttaobs::checks
