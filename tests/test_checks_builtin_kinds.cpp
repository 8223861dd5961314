// checks/builtin_kinds: the builtin.* kinds — typed fields into the CheckParams of today's checks.
#include <checks/builtin_kinds.hpp>
#include <checks/module.hpp>
#include <src/core/suite.hpp>

#include <doctest/doctest.h>

#include <string>
#include <vector>

using namespace ttaobs;

namespace {

const yaml::EnvLookup k_env = [](std::string_view) -> std::optional<std::string> { return std::nullopt; };

const auto k_none = [](std::string_view,
                       std::string_view) -> Expected<std::pair<std::string, std::string>, std::string> {
  return unexpected(std::string("none"));
};

// The checks of a one-file suite whose `checks:` are `entries`, or (into `problems`) what is wrong.
std::vector<core::CheckSpec> bind_all(const std::string& entries, std::vector<std::string>* problems = nullptr)
{
  const auto file = suite::read_suite("suite: s\nchecks:\n" + entries, "s.yaml", k_none, k_env);
  REQUIRE(file);
  std::vector<yaml::Error> errors;
  const checks::ModuleContext context{k_env, errors, "checkout"};
  std::vector<core::CheckSpec> out;
  for (const auto& entry : file->checks) {
    if (auto spec = checks::bind_check(entry, context)) {
      out.push_back(std::move(*spec));
    }
  }
  if (problems != nullptr) {
    for (const auto& e : errors) {
      problems->push_back(e.describe("s.yaml"));
    }
    CHECK(out.size() < file->checks.size());
    return out;
  }
  for (const auto& e : errors) {
    FAIL_CHECK(e.describe("s.yaml"));
  }
  REQUIRE(out.size() == file->checks.size());
  return out;
}

core::CheckSpec one(const std::string& entry)
{
  return bind_all("  - " + entry + "\n").at(0);
}

std::vector<std::string> problems(const std::string& entry)
{
  std::vector<std::string> out;
  bind_all("  - " + entry + "\n", &out);
  return out;
}

} // namespace

TEST_CASE("builtin kinds: one module row each, all named builtin.*")
{
  const auto& table = checks::builtin_kind_modules();
  CHECK(table.size() == 17);
  for (const auto& module : table) {
    CAPTURE(module.kind);
    CHECK(module.kind.substr(0, 8) == "builtin.");
    const auto* found = checks::find_module(module.kind); // a row of the one module table
    REQUIRE(found != nullptr);
    CHECK((found->read == module.read));
  }
}

TEST_CASE("builtin kinds: trace fields fill the params the trace checks read, with the latest trace as evidence")
{
  auto spec = one("{id: trace/a, kind: builtin.trace.span_count, min: 5}");
  CHECK(spec.evidence.key() == "jaeger_traces:1");
  CHECK(spec.params.min == 5);
  CHECK(spec.description == "the most recent trace has ≥ 5 spans");
  spec = one("{id: trace/a, kind: builtin.trace.descendant_span, span: child, ancestor: root}");
  CHECK(spec.params.span == "child");
  CHECK(spec.params.ancestor == "root");
  CHECK(spec.description == "'child' exists and descends from 'root'");
  spec = one("{id: trace/a, kind: builtin.trace.span_series, prefix: step_, min: 2}");
  CHECK(spec.params.prefix == "step_");
  CHECK(spec.params.min == 2);
  CHECK(one("{id: trace/a, kind: builtin.trace.link_integrity}").params.min == 1.0);
  CHECK(one("{id: trace/a, kind: builtin.trace.link_integrity, min: 0.5}").description ==
        "50% of parent references resolve, one root, no cycles");
  CHECK(one("{id: trace/a, kind: builtin.trace.duration_containment}").params.tolerance_us == 1000);
  spec = one("{id: trace/a, kind: builtin.trace.duration_containment, tolerance: 5ms}");
  CHECK(spec.params.tolerance_us == 5000);
  CHECK(spec.description == "every child lies within its parent's interval (±5ms skew)");
  CHECK(one("{id: trace/a, kind: builtin.trace.single_root, span: r}").params.span == "r");
  CHECK(one("{id: trace/a, kind: builtin.trace.root_span, span: r}").description == "a span 'r' exists and is a root");
  CHECK(one("{id: trace/a, kind: builtin.trace.max_depth, min: 4}").params.min == 4);
}

TEST_CASE("builtin kinds: metrics, labels and health fields")
{
  auto spec = one("{id: metrics/a, kind: builtin.metrics.present, query: http_requests_total}");
  CHECK(spec.evidence.key() == "prometheus_query:http_requests_total");
  CHECK(spec.params.noun == "series");
  CHECK(spec.params.min == 1);
  CHECK(spec.description == "http_requests_total has ≥ 1 series");
  spec = one("{id: labels/a, kind: builtin.labels.diversity, query: q, label: route, min: 3}");
  CHECK(spec.params.label == "route");
  CHECK(spec.params.min == 3);
  spec = one("{id: labels/a, kind: builtin.labels.value_present, query: q, label: code, value: '200'}");
  CHECK(spec.params.value == "200");
  CHECK(spec.description == "q has a series with code=\"200\"");
  spec = one("{id: metrics/a, kind: builtin.metrics.exposition_families, families: [a_total, 'b:c']}");
  CHECK(spec.evidence.source == sources::Source::exposition);
  CHECK(spec.params.value == "a_total,b:c");
  CHECK(one("{id: metrics/a, kind: builtin.metrics.exposition_lint}").params.min == 10);
  CHECK(one("{id: metrics/a, kind: builtin.metrics.exposition_lint, list: 3}").params.min == 3);
  spec = one("{id: health/a, kind: builtin.health.http, endpoint: prometheus, warn_only: true}");
  CHECK(spec.evidence.endpoint == sources::Endpoint::prometheus);
  CHECK(spec.evidence.follow_redirects);
  CHECK(spec.params.warn_only);
  CHECK(spec.description == "the prometheus URL answers HTTP 200 (non-blocking)");
  spec = one("{id: health/a, kind: builtin.health.exposition, prefix: http_}");
  CHECK(spec.params.prefix == "http_");
  CHECK(spec.params.min == 1);
}

TEST_CASE("builtin kinds: the scrape checks follow --job unless the entry names its job")
{
  const auto specs = bind_all("  - {id: metrics/up, kind: builtin.metrics.scrape_up}\n"
                              "  - {id: metrics/targets, kind: builtin.metrics.targets_healthy}\n"
                              "  - {id: metrics/other-up, kind: builtin.metrics.scrape_up, job: batch}\n"
                              "  - {id: metrics/other-targets, kind: builtin.metrics.targets_healthy, job: batch}\n");
  CHECK(specs[0].evidence.query == "up{job=\"checkout\"}");
  CHECK(specs[0].params.value == "checkout");
  CHECK(specs[0].description == "Prometheus' up{job=\"checkout\"} is 1 for every target");
  CHECK(specs[1].evidence.source == sources::Source::prometheus_targets);
  const auto customised = core::customise({"s", "", specs}, {}, 1, "all", "payments");
  REQUIRE(customised);
  CHECK(customised->checks[0].evidence.query == "up{job=\"payments\"}");
  CHECK(customised->checks[0].params.value == "payments");
  CHECK(customised->checks[1].params.value == "payments");
  CHECK(customised->checks[2].evidence.query == "up{job=\"batch\"}");
  CHECK(customised->checks[2].params.value == "batch");
  CHECK(customised->checks[3].params.value == "batch");
}

TEST_CASE("builtin kinds: every field problem is positioned")
{
  using v = std::vector<std::string>;
  CHECK(problems("{id: trace/a, kind: builtin.trace.span_count}") == v{"s.yaml:3:5: check 'trace/a' needs \"min\""});
  CHECK(problems("{id: trace/a, kind: builtin.trace.span_count, min: -1}") ==
        v{"s.yaml:3:56: \"min\" of check 'trace/a' must be between 0 and 1000000000, not -1"});
  CHECK(problems("{id: trace/a, kind: builtin.trace.max_depth, min: 2.5}") ==
        v{"s.yaml:3:55: \"min\" of check 'trace/a' must be a whole number, not 2.5"});
  CHECK(problems("{id: trace/a, kind: builtin.trace.root_span, span: ''}") ==
        v{"s.yaml:3:56: \"span\" must not be empty"});
  CHECK(problems("{id: trace/a, kind: builtin.trace.descendant_span, span: [x]}") ==
        v{"s.yaml:3:62: \"span\" of check 'trace/a' must be a string, not a sequence",
          "s.yaml:3:5: check 'trace/a' needs \"ancestor\""});
  CHECK(problems("{id: trace/a, kind: builtin.trace.link_integrity, min: 2}") ==
        v{"s.yaml:3:60: \"min\" of check 'trace/a' must be between 0 and 1, not 2"});
  CHECK(problems("{id: trace/a, kind: builtin.trace.duration_containment, tolerance: soon}") ==
        v{"s.yaml:3:72: \"tolerance\" of check 'trace/a' must be a duration such as 500ms, 2s or 1m, not \"soon\""});
  CHECK(problems("{id: trace/a, kind: builtin.trace.span_series, prefix: p, min: 1, mn: 2}") ==
        v{"s.yaml:3:71: unknown key \"mn\" in check 'trace/a' (did you mean \"min\"?)"});
  CHECK(problems("{id: metrics/a, kind: builtin.metrics.present, min: 1}") ==
        v{"s.yaml:3:5: check 'metrics/a' needs \"query\""});
  CHECK(problems("{id: labels/a, kind: builtin.labels.value_present, query: q, label: l}") ==
        v{"s.yaml:3:5: check 'labels/a' needs \"value\""});
  CHECK(problems("{id: metrics/a, kind: builtin.metrics.scrape_up, job: ''}") ==
        v{"s.yaml:3:59: \"job\" must not be empty"});
  CHECK(problems("{id: metrics/a, kind: builtin.metrics.exposition_families, families: [ok_total, 'bad name']}") ==
        v{"s.yaml:3:85: \"families\": \"bad name\" is not a metric family name (letters, digits, '_', ':')"});
  CHECK(problems("{id: metrics/a, kind: builtin.metrics.exposition_families, families: []}") ==
        v{"s.yaml:3:74: \"families\" must name at least one metric family"});
  CHECK(problems("{id: metrics/a, kind: builtin.metrics.exposition_lint, list: 0}") ==
        v{"s.yaml:3:66: \"list\" of check 'metrics/a' must be between 1 and 1000, not 0"});
  CHECK(problems("{id: health/a, kind: builtin.health.http, endpoint: grafana}") ==
        v{"s.yaml:3:57: \"endpoint\" of check 'health/a' must be one of jaeger, prometheus, metrics, collector, not "
          "\"grafana\""});
  CHECK(problems("{id: health/a, kind: builtin.health.http, endpoint: jaeger, warn_only: yes}") ==
        v{"s.yaml:3:76: \"warn_only\" of check 'health/a' must be true or false, not \"yes\""});
  CHECK(problems("{id: health/a, kind: builtin.health.exposition, prefix: p, min: x}") ==
        v{"s.yaml:3:69: \"min\" of check 'health/a' must be a number, not \"x\""});
}
