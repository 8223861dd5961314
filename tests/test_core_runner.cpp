#include <src/core/runner.hpp>

#include "support/runner.hpp"

#include <doctest/doctest.h>

#include <set>

TEST_SUITE_BEGIN("core");

using namespace ttaobs;
using namespace ttaobs::test;
using core::Status;

TEST_CASE("core::Runner fetches each distinct request once")
{
  const auto config = make_config({{"jaeger-api", "v1"}});
  auto client = replay("healthy");
  util::FakeClock clock;
  auto runner = runner_for(*client, clock, config);
  const auto summary = runner.run(foundation());
  CHECK(ids_of(summary) == ids_of(foundation()));
  CHECK(summary.counts.passed == size_of(foundation()));
  CHECK(summary.exit_code == core::ExitCode::ok);
  for (const auto& check : summary.checks) {
    CHECK(check.details.empty()); // nothing to add to a pass, and no settling without --wait
  }
  const auto requests = client->requests();
  CHECK(requests.size() == 9); // 14 checks, 9 distinct requests
  CHECK(std::set<std::string>(requests.begin(), requests.end()).size() == requests.size());
  // the recordings were made with the conformance suite: only its two scrape requests go unused
  CHECK(client->unused() ==
        std::vector<std::string>{"GET http://localhost:9090/api/v1/query?query=up%7Bjob%3D%22tta-primitives%22%7D",
                                 "GET http://localhost:9090/api/v1/targets?state=active"});
  CHECK(summary.rounds == 1);
  CHECK(summary.service == "observability-demo");
  CHECK(summary.endpoints.size() == 4);
}

TEST_CASE("core::Runner --jaeger-api auto falls back to v1 where v3 is missing")
{
  auto v1_only = replay("healthy"); // recorded against the v1 API only
  util::FakeClock clock;
  const auto summary = runner_for(*v1_only, clock, make_config()).run(foundation());
  CHECK(summary.counts.passed == size_of(foundation()));
  const auto requests = v1_only->requests();
  CHECK(requests.size() == 10);
  CHECK(std::count_if(requests.begin(), requests.end(),
                      [](const std::string& r) { return r.find("/api/v3/traces?") != std::string::npos; }) == 1);
  auto v3 = replay("healthy-v3"); // recorded with auto against Jaeger v1.76, which speaks v3
  const auto via_v3 = runner_for(*v3, clock, make_config()).run(foundation());
  CHECK(via_v3.counts.passed == size_of(foundation()));
  CHECK(v3->requests().size() == 9);
  CHECK(via_v3.checks[0].evidence_url.find("/api/v3/traces?query.service_name=observability-demo") !=
        std::string::npos);
  SUBCASE("--jaeger-api v3 never falls back")
  {
    auto again = replay("healthy");
    const auto strict_v3 = runner_for(*again, clock, make_config({{"jaeger-api", "v3"}})).run(foundation());
    CHECK(strict_v3.counts.errors == 4);
    CHECK(strict_v3.checks[0].message.find("no recorded response for 'GET http://localhost:16686/api/v3/traces?") !=
          std::string::npos);
  }
}

TEST_CASE("core::Runner scenario matrix over real captures")
{
  // scenario → the checks that must not pass, with their status; every other check must pass.
  const std::map<std::string, std::map<std::string, Status>> expected = {
      {"healthy", {}},
      {"healthy-v3", {}},
      {"unknown-service-v3",
       {{"trace/span-count", Status::fail},
        {"trace/root-span", Status::fail},
        {"trace/sequential-span", Status::fail},
        {"trace/step-spans", Status::fail}}},
      {"broken-propagation",
       {{"trace/span-count", Status::fail},
        {"trace/root-span", Status::fail},
        {"trace/sequential-span", Status::fail},
        {"trace/step-spans", Status::fail}}},
      {"broken-propagation-v3",
       {{"trace/span-count", Status::fail},
        {"trace/root-span", Status::fail},
        {"trace/sequential-span", Status::fail},
        {"trace/step-spans", Status::fail}}},
      {"wrapped-root", {{"trace/root-span", Status::fail}}},
      {"sparse-labels", {{"labels/primitive-type-diversity", Status::fail}, {"labels/status-success", Status::fail}}},
      {"prometheus-down",
       {{"metrics/requests-total", Status::error},
        {"metrics/workflow-executions", Status::error},
        {"metrics/cache-hits", Status::error},
        {"metrics/duration-buckets", Status::error},
        {"labels/primitive-type-diversity", Status::error},
        {"labels/status-success", Status::error},
        {"health/prometheus", Status::fail}}},
      {"demo-down", // Prometheus reports the target down; its series went stale
       {{"metrics/requests-total", Status::fail},
        {"metrics/workflow-executions", Status::fail},
        {"metrics/cache-hits", Status::fail},
        {"metrics/duration-buckets", Status::fail},
        {"labels/primitive-type-diversity", Status::fail},
        {"labels/status-success", Status::fail},
        {"health/metrics-endpoint", Status::fail}}},
      {"jaeger-malformed",
       {{"trace/span-count", Status::error},
        {"trace/root-span", Status::error},
        {"trace/sequential-span", Status::error},
        {"trace/step-spans", Status::error}}},
      {"jaeger-timeout",
       {{"trace/span-count", Status::error},
        {"trace/root-span", Status::error},
        {"trace/sequential-span", Status::error},
        {"trace/step-spans", Status::error}}},
  };
  std::set<std::string> ids_failing_somewhere;
  for (const auto& entry : expected) {
    const std::string& scenario = entry.first;
    const auto& not_passing = entry.second;
    CAPTURE(scenario);
    const auto config =
        make_config({{"service", scenario.find("unknown-service") == 0 ? "no-such-service" : "observability-demo"}});
    auto client = replay(scenario);
    util::FakeClock clock;
    const auto summary = runner_for(*client, clock, config).run(foundation());
    for (const auto& result : statuses(summary)) {
      const std::string& id = result.first;
      const Status status = result.second;
      CAPTURE(id);
      const auto it = not_passing.find(id);
      CHECK(status == (it == not_passing.end() ? Status::pass : it->second));
      if (it != not_passing.end()) {
        ids_failing_somewhere.insert(id);
      }
    }
  }
  // every check but health/jaeger and health/collector is shown not passing by one of these
  // captures; those two are covered by the all-down case below
  CHECK(ids_failing_somewhere.size() == foundation().checks.size() - 2);
}

TEST_CASE("core::Runner against unreachable endpoints")
{
  const auto config = make_config();
  auto client = replay("all-down");
  util::FakeClock clock;
  const auto summary = runner_for(*client, clock, config).run(foundation());
  const auto is_health = [](const core::CheckSpec& c) { return c.group() == "health"; };
  CHECK(ids_of(summary) == ids_of(foundation()));
  CHECK(summary.counts.passed == 0);
  // a dead service fails its health check (or warns, when non-blocking); every other check errs
  CHECK(summary.counts.failed ==
        count_checks(foundation(), [&](const core::CheckSpec& c) { return is_health(c) && !c.params.warn_only; }));
  CHECK(summary.counts.errors == count_checks(foundation(), [&](const core::CheckSpec& c) { return !is_health(c); }));
  CHECK(summary.counts.warnings ==
        count_checks(foundation(), [](const core::CheckSpec& c) { return c.params.warn_only; }));
  CHECK(summary.counts.failed > 0);
  CHECK(summary.counts.errors > 0);
  CHECK(summary.exit_code == core::ExitCode::failed);
  for (const auto& check : summary.checks) {
    CAPTURE(check.id);
    CHECK(check.message.find("connection refused") != std::string::npos);
    if (check.status == Status::error) {
      CHECK(check.message.rfind("GET http://localhost:", 0) == 0);
    }
  }
  CHECK(statuses(summary).at("health/collector") == Status::warn);
}

TEST_CASE("core::Runner --only and --skip")
{
  const auto config =
      make_config({{"only", "trace/root-span,health/jaeger"}, {"skip", "health/jaeger"}, {"jaeger-api", "v1"}});
  auto client = replay("healthy");
  util::FakeClock clock;
  const auto summary = runner_for(*client, clock, config).run(foundation());
  CHECK(summary.counts.passed == 1);
  CHECK(summary.counts.skipped == size_of(foundation()) - 1);
  CHECK(client->requests().size() == 1);
  CHECK(summary.checks[0].message == "not selected by --only");
  CHECK(statuses(summary).at("health/jaeger") == Status::skip);
}

TEST_CASE("core::Runner runs an optional check only when --only names its id or a tag")
{
  auto suite = foundation();
  for (auto& check : suite.checks) {
    if (check.id == "trace/root-span") {
      check.optional = true;
      check.tags = {"deferred"};
    }
  }
  const auto root_span = [](const core::RunSummary& summary) { return statuses(summary).at("trace/root-span"); };
  for (const auto* only : {"trace/root-span", "deferred"}) {
    CAPTURE(only);
    auto client = replay("healthy");
    util::FakeClock clock;
    const auto asked = runner_for(*client, clock, make_config({{"only", only}, {"jaeger-api", "v1"}})).run(suite);
    CHECK(root_span(asked) == Status::pass);
  }
  auto client = replay("healthy");
  util::FakeClock clock;
  const auto summary = runner_for(*client, clock, make_config({{"jaeger-api", "v1"}})).run(suite);
  CHECK(root_span(summary) == Status::skip);
  CHECK(summary.counts.skipped == 1);
  for (const auto& check : summary.checks) {
    if (check.id == "trace/root-span") {
      CHECK(check.message == "optional: runs only when --only names it or one of its tags");
    }
  }
}
TEST_CASE("core::settled: a pass or skip is final, a warning or error is checked again")
{
  CHECK(core::settled(Status::pass));
  CHECK(core::settled(Status::skip));
  CHECK_FALSE(core::settled(Status::warn)); // re-checked every round until the wait ends
  CHECK_FALSE(core::settled(Status::error));
}

TEST_SUITE_END();
