// checks/registry: the suite tables (ids, groups, descriptions, functions) and finding a suite.
#include <checks/builtin_suites.hpp>
#include <checks/registry.hpp>
#include <src/core/suite.hpp>

#include <doctest/doctest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

TEST_SUITE_BEGIN("checks");

using namespace ttaobs;

TEST_CASE("checks::registry table")
{
  const auto& suite = *checks::find_suite("foundation");
  CHECK_FALSE(suite.checks.empty());
  std::set<std::string> ids;
  const std::set<std::string> groups = {"trace", "metrics", "labels", "health"};
  for (const auto& check : suite.checks) {
    CAPTURE(check.id);
    CHECK(ids.insert(check.id).second);
    CHECK(groups.count(check.group()) == 1);
    CHECK(check.id.find('/') != std::string::npos);
    CHECK((check.fn != nullptr));
    CHECK_FALSE(check.description.empty());
    CHECK(core::group_title(check.group()) != check.group());
  }
  CHECK(checks::find_suite("nope") == nullptr);
}

TEST_CASE("checks::suites: conformance is the foundation suite plus more, in the same order")
{
  const auto& all = checks::suites();
  REQUIRE(all.size() >= 2);
  CHECK(all[0].name == "foundation");
  CHECK(checks::find_suite("foundation") == &all[0]);
  const auto& foundation = *checks::find_suite("foundation");
  const auto* conformance = checks::find_suite("conformance");
  REQUIRE(conformance != nullptr);
  CHECK(conformance->checks.size() > foundation.checks.size());
  // every foundation id appears in conformance, in the foundation's order
  auto at = conformance->checks.begin();
  for (const auto& check : foundation.checks) {
    CAPTURE(check.id);
    at = std::find_if(at, conformance->checks.end(), [&](const core::CheckSpec& c) { return c.id == check.id; });
    REQUIRE(at != conformance->checks.end());
  }
  std::set<std::string> ids;
  for (const auto& check : conformance->checks) {
    CAPTURE(check.id);
    CHECK(ids.insert(check.id).second);
    CHECK((check.fn != nullptr));
    CHECK_FALSE(check.description.empty());
  }
}

TEST_CASE("checks::load_builtin_suite: every built-in suite file reads and binds without a problem")
{
  // loaded afresh first, so a broken file fails here with its problems (suites() would abort)
  for (const auto& embedded : checks::embedded_suites()) {
    CAPTURE(embedded.name);
    const auto loaded = checks::load_builtin_suite(embedded.name);
    if (!loaded) {
      FAIL("checks/suites/", embedded.name, ".yaml does not load:\n", loaded.error());
    }
    CHECK(loaded->name == embedded.name);
  }
  REQUIRE(checks::embedded_suites().size() == checks::suites().size());
  for (std::size_t i = 0; i < checks::embedded_suites().size(); ++i) {
    const auto& embedded = checks::embedded_suites()[i];
    const auto loaded = checks::load_builtin_suite(embedded.name);
    REQUIRE(loaded);
    CHECK(checks::suites()[i].name == embedded.name);
    CHECK(loaded->checks.size() == checks::suites()[i].checks.size());
    CHECK(checks::builtin_suite_text(embedded.name) == std::string_view(embedded.text));
  }
  CHECK_FALSE(checks::builtin_suite_text("nope"));
  CHECK(checks::load_builtin_suite("nope").error() == "no built-in suite 'nope'");
  const auto source = checks::builtin_suite_source();
  CHECK(source("foundation", "my.yaml")->second == "built-in foundation");
  CHECK(source("foundation", "my.yaml")->first == *checks::builtin_suite_text("foundation"));
  CHECK(source("nope", "my.yaml").error() == "no built-in suite 'nope'");
}

TEST_CASE("checks::suites: conformance extends foundation with its checks where reports have always listed them")
{
  std::vector<std::string> ids;
  for (const auto& check : checks::find_suite("conformance")->checks) {
    ids.push_back(check.id);
  }
  CHECK(ids == std::vector<std::string>{"trace/span-count",
                                        "trace/root-span",
                                        "trace/sequential-span",
                                        "trace/step-spans",
                                        "trace/max-depth",
                                        "trace/link-integrity",
                                        "trace/duration-containment",
                                        "trace/single-root",
                                        "metrics/requests-total",
                                        "metrics/workflow-executions",
                                        "metrics/cache-hits",
                                        "metrics/duration-buckets",
                                        "metrics/scrape-up",
                                        "metrics/targets-healthy",
                                        "metrics/exposition-families",
                                        "metrics/exposition-lint",
                                        "labels/primitive-type-diversity",
                                        "labels/status-success",
                                        "health/jaeger",
                                        "health/prometheus",
                                        "health/metrics-endpoint",
                                        "health/collector"});
}

TEST_CASE("checks::suites: --set and --job still reach the built-in checks read from YAML")
{
  const auto& conformance = *checks::find_suite("conformance");
  const auto customised = core::customise(
      conformance, {"trace/root-span.span=checkout.request", "metrics/exposition-lint.min=3", "trace/span-count.min=2"},
      3, "any", "checkout");
  REQUIRE(customised);
  for (const auto& check : customised->checks) {
    CAPTURE(check.id);
    if (check.id == "trace/root-span") {
      CHECK(check.params.span == "checkout.request");
      CHECK(check.params.quantifier == "any");
      CHECK(check.evidence.limit == 3);
    } else if (check.id == "trace/span-count") {
      CHECK(check.params.min == 2);
    } else if (check.id == "metrics/exposition-lint") {
      CHECK(check.params.min == 3);
    } else if (check.id == "metrics/scrape-up") {
      CHECK(check.evidence.query == "up{job=\"checkout\"}");
      CHECK(check.params.value == "checkout");
    } else if (check.id == "metrics/targets-healthy") {
      CHECK(check.params.value == "checkout");
    }
  }
  const auto* scrape = &conformance.checks[12];
  REQUIRE(scrape->id == "metrics/scrape-up");
  CHECK(scrape->evidence.query == "up{job=\"tta-primitives\"}"); // the configured default until customised
}

TEST_SUITE_END();
