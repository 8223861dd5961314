#include "registry.hpp"

#include "checks.hpp"

#include <src/trace/containment.hpp>

#include <algorithm>

namespace ttaobs::checks {

namespace {

using sources::Endpoint;
using sources::EvidenceRequest;
using sources::Source;

EvidenceRequest latest_trace()
{
  return {Source::jaeger_traces, Endpoint::jaeger, {}, 1, false};
}

EvidenceRequest query(const char* promql)
{
  return {Source::prometheus_query, Endpoint::prometheus, promql, 1, false};
}

// A health probe follows redirects (at most 5 hops), as the exposition and API requests do: a
// healthy endpoint behind a redirect is healthy (Prometheus' "/" answers 302 to "/graph").
EvidenceRequest probe(Endpoint endpoint)
{
  return {Source::probe, endpoint, {}, 1, true};
}

// The observability foundation suite: every name and threshold of it lives in this table.
core::Suite foundation()
{
  constexpr const char* k_root = "demo.workflow_execution";
  core::Suite suite{"foundation", "traces, metrics, labels and health of an OpenTelemetry-instrumented service", {}};
  auto& c = suite.checks;
  c.push_back({"trace/span-count", "the most recent trace has ≥ 5 spans", latest_trace(), trace_span_count, {.min = 5}});
  c.push_back({"trace/root-span", "a span 'demo.workflow_execution' exists and is a root", latest_trace(),
               trace_root_span, {.span = k_root}});
  c.push_back({"trace/sequential-span", "'primitive.sequential.execute' exists and descends from the root",
               latest_trace(), trace_descendant_span, {.span = "primitive.sequential.execute", .ancestor = k_root}});
  c.push_back({"trace/step-spans", "≥ 2 spans named 'primitive.sequential.step_N' (N a number)", latest_trace(),
               trace_span_series, {.prefix = "primitive.sequential.step_", .min = 2}});
  c.push_back({"metrics/requests-total", "tta_requests_total has ≥ 1 series", query("tta_requests_total"),
               metrics_present, {.noun = "series", .min = 1}});
  c.push_back({"metrics/workflow-executions", "tta_workflow_executions_total has ≥ 1 series",
               query("tta_workflow_executions_total"), metrics_present, {.noun = "series", .min = 1}});
  c.push_back({"metrics/cache-hits", "tta_cache_hits_total has ≥ 1 series", query("tta_cache_hits_total"),
               metrics_present, {.noun = "series", .min = 1}});
  c.push_back({"metrics/duration-buckets", "tta_execution_duration_seconds_bucket has ≥ 1 bucket series",
               query("tta_execution_duration_seconds_bucket"), metrics_present, {.noun = "bucket series", .min = 1}});
  c.push_back({"labels/primitive-type-diversity", "tta_requests_total has ≥ 4 distinct primitive_type values",
               query("tta_requests_total"), labels_diversity, {.label = "primitive_type", .min = 4}});
  c.push_back({"labels/status-success", "tta_requests_total has a series with status=\"success\"",
               query("tta_requests_total"), labels_value_present, {.label = "status", .value = "success"}});
  c.push_back({"health/jaeger", "the Jaeger base URL answers HTTP 200", probe(Endpoint::jaeger), health_http, {}});
  c.push_back({"health/prometheus", "the Prometheus base URL answers HTTP 200 (redirects followed)",
               probe(Endpoint::prometheus), health_http, {}});
  c.push_back({"health/metrics-endpoint", "the metrics URL answers HTTP 200 with ≥ 1 tta_ sample line",
               {Source::exposition, Endpoint::metrics, {}, 1, false}, health_exposition, {.prefix = "tta_", .min = 1}});
  c.push_back({"health/collector", "the collector health URL answers HTTP 200 (non-blocking: warns otherwise)",
               probe(Endpoint::collector), health_http, {.warn_only = true}});
  return suite;
}

// The foundation suite plus the span-tree conformance checks.
core::Suite conformance()
{
  constexpr const char* k_root = "demo.workflow_execution";
  core::Suite suite = foundation();
  suite.name = "conformance";
  suite.description = "the foundation suite plus span-tree depth, link, timing and root checks";
  auto& c = suite.checks;
  const auto after_traces = c.begin() + 4;
  c.insert(after_traces, {
    {"trace/max-depth", "the trace tree reaches depth ≥ 4 (roots are depth 1)", latest_trace(), trace_max_depth, {.min = 4}},
    {"trace/link-integrity", "100% of parent references resolve, one root, no cycles", latest_trace(),
     trace_link_integrity, {.min = 1.0}},
    {"trace/duration-containment", "every child lies within its parent's interval (±1ms skew)", latest_trace(),
     trace_duration_containment, {.tolerance_us = trace::k_containment_tolerance_us}},
    {"trace/single-root", "exactly one root span, 'demo.workflow_execution'", latest_trace(), trace_single_root,
     {.span = k_root}},
  });
  const auto after_metrics = std::find_if(c.begin(), c.end(), [](const core::CheckSpec& s) { return s.group() == "labels"; });
  c.insert(after_metrics, {
    {"metrics/scrape-up", "Prometheus' up{job=\"tta-primitives\"} is 1 for every target", query("up{job=\"tta-primitives\"}"),
     metrics_scrape_up, {.label = "job", .value = "tta-primitives"}},
    {"metrics/targets-healthy", "every active target of the job is up with no scrape error",
     {Source::prometheus_targets, Endpoint::prometheus, {}, 1, false}, metrics_targets_healthy,
     {.label = "job", .value = "tta-primitives"}},
    {"metrics/exposition-families", "the metrics URL itself exports every family the suite queries",
     {Source::exposition, Endpoint::metrics, {}, 1, false}, metrics_exposition_families,
     {.value = "tta_requests_total,tta_workflow_executions_total,tta_cache_hits_total,tta_execution_duration_seconds"}},
    {"metrics/exposition-lint", "the metrics URL's exposition parses; lint problems (promtool's rules) warn",
     {Source::exposition, Endpoint::metrics, {}, 1, false}, metrics_exposition_lint, {.min = 10}},
  });
  return suite;
}

} // namespace

const std::vector<core::Suite>& suites()
{
  static const std::vector<core::Suite> k_suites = {foundation(), conformance()};
  return k_suites;
}

const core::Suite* find_suite(std::string_view name)
{
  for (const auto& suite : suites()) {
    if (suite.name == name) {
      return &suite;
    }
  }
  return nullptr;
}

} // namespace ttaobs::checks
