// `ttaobs probe` through the built binary against the loopback server's tiny pipeline: passes with
// latency figures, fails where the canary got lost (exit 1), errors when nothing answers (exit 3),
// usage errors (exit 2), JSON and JUnit reports; and a suite file of probe.* kinds under validate.
#include "support/fixtures.hpp"
#include "support/run.hpp"
#include "support/test_server.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>

TEST_SUITE_BEGIN("cli");

using namespace ttaobs;
using test::run_ttaobs;

namespace {

std::string pipeline_flags(const std::string& otlp, const std::string& jaeger)
{
  return fmt::format("--otlp-url {} --jaeger-url {} --timeout 2 --no-color", otlp, jaeger);
}

} // namespace

TEST_CASE("ttaobs probe: canaries queryable → exit 0 with latency quantiles; throughput with --rate")
{
  test::TestServer server;
  const auto base = server.base_url();
  const auto r = run_ttaobs("probe --count 3 --max-p95 5s " + pipeline_flags(base, base));
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("probe/latency") != std::string::npos);
  CHECK(r.out.find("3 canaries queryable: p50 ") != std::string::npos);

  const auto both = run_ttaobs("probe --count 1 --rate 20 --duration 0.5 " + pipeline_flags(base, base));
  CHECK(both.exit_code == 0);
  CHECK(both.out.find("delivered 10 of 10 spans (100.0%)") != std::string::npos);
}

TEST_CASE("ttaobs probe: where the canary got lost decides the message and the exit code")
{
  test::TestServer server;
  const auto base = server.base_url();
  const auto refused_url = fmt::format("http://127.0.0.1:{}", test::closed_port());
  const auto refused = run_ttaobs("probe " + pipeline_flags(refused_url, base));
  CHECK(refused.exit_code == 3);
  CHECK(refused.out.find(fmt::format("canary not accepted: connection refused from {}/v1/traces", refused_url)) !=
        std::string::npos);

  const auto black_hole = run_ttaobs("probe --count 2 --within 0.3 " + pipeline_flags(base + "/drop", base));
  CHECK(black_hole.exit_code == 1);
  CHECK(black_hole.out.find(fmt::format("canary accepted by {}/drop/v1/traces but never queryable at {}/ within 0.3s",
                                        base, base)) != std::string::npos);

  const auto rejected = run_ttaobs("probe " + pipeline_flags(base + "/reject", base));
  CHECK(rejected.exit_code == 1);
  CHECK(rejected.out.find("canary not accepted: HTTP 503 from") != std::string::npos);
}

TEST_CASE("ttaobs probe: usage errors before any request")
{
  CHECK(run_ttaobs("probe --count 0").exit_code == 2);
  CHECK(run_ttaobs("probe --rate 6000").exit_code == 2);
  const auto over = run_ttaobs("probe --rate 5000 --duration 10");
  CHECK(over.exit_code == 2);
  CHECK(over.err.find("rate × duration must not exceed 20000 spans") != std::string::npos);
  const auto bad = run_ttaobs("probe --max-p95 soon");
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("--max-p95: expected a duration such as 100ms or 2s, not 'soon'") != std::string::npos);
  CHECK(run_ttaobs("probe --max-lag 1s").exit_code == 2);
  CHECK(run_ttaobs("probe --otlp-url 'not a url'").exit_code == 2);
  CHECK(run_ttaobs("probe --format xml").exit_code == 2);
}

TEST_CASE("ttaobs probe: --format json and --junit")
{
  test::TestServer server;
  const auto base = server.base_url();
  const auto dir = test::temp_dir("cli-probe");
  const auto r =
      run_ttaobs(fmt::format("probe --count 2 --format json --junit {}/probe.xml {}", dir, pipeline_flags(base, base)));
  CHECK(r.exit_code == 0);
  const auto json = nlohmann::json::parse(r.out);
  REQUIRE(json["checks"].size() == 1);
  CHECK(json["checks"][0]["id"] == "probe/latency");
  CHECK(json["checks"][0]["status"] == "pass");
  CHECK(json["service"] == "ttaobs-probe"); // what the canaries are sent as, not the configured service
  const auto junit = test::slurp(dir + "/probe.xml");
  CHECK(junit.find("probe/latency") != std::string::npos);
}

TEST_CASE("validate --suite with probe.* kinds: the probe runs as evidence like any other")
{
  test::TestServer server;
  const auto base = server.base_url();
  const auto dir = test::temp_dir("cli-probe-suite");
  std::ofstream(dir + "/probe.yaml") << "suite: probe\nchecks:\n"
                                        "  - {id: pipeline/latency, kind: probe.latency, count: 2, within: 0.3s, "
                                        "max_p95: 5s}\n"
                                        "  - {id: pipeline/throughput, kind: probe.throughput, rate: 20, "
                                        "duration: 0.5s, within: 0.3s, min_delivered: 100%}\n";
  const auto r = run_ttaobs(fmt::format("validate --suite {}/probe.yaml {}", dir, pipeline_flags(base, base)));
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("pipeline/latency") != std::string::npos);
  CHECK(r.out.find("delivered 10 of 10 spans") != std::string::npos);
  const auto lost =
      run_ttaobs(fmt::format("validate --suite {}/probe.yaml {}", dir, pipeline_flags(base + "/drop", base)));
  CHECK(lost.exit_code == 1);
  CHECK(lost.out.find("but never queryable at") != std::string::npos);
  CHECK(lost.out.find("10 of 10 spans accepted by") != std::string::npos);
}

TEST_SUITE_END();
