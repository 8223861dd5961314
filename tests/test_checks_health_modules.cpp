#include <checks/health_modules.hpp>
#include <src/cli/sources_settings.hpp>
#include <src/config/config.hpp>
#include <src/core/runner.hpp>
#include <src/http/replay_client.hpp>

#include "support/bind_entry.hpp"
#include "support/fixtures.hpp"

#include <doctest/doctest.h>

using namespace ttaobs;
using core::Status;

namespace {

sources::Payload answer(long status, std::string body, bool cut = false)
{
  sources::Probe probe{true, status, {}};
  probe.body = std::move(body);
  probe.body_cut = cut;
  return probe;
}

core::CheckOutcome judge(std::string_view entry, const sources::Payload& payload)
{
  return test::bind_entry(entry).fn(payload, {});
}

} // namespace

TEST_CASE("health.http: status, body substring and JSON field")
{
  const auto plain = test::bind_entry("{id: h/g, kind: health.http, url: 'http://grafana:3000/api/health'}");
  CHECK(plain.description == "http://grafana:3000/api/health answers HTTP 200");
  CHECK(plain.evidence.body_limit == 0);
  CHECK(plain.fn(answer(200, ""), {}).message == "HTTP 200");
  const auto refused = plain.fn(sources::Probe{false, 0, "connection refused"}, {});
  CHECK(refused.status == Status::fail);
  CHECK(refused.message == "no answer: connection refused");
  CHECK(plain.fn(answer(503, ""), {}).message == "HTTP 503 (expected 200)");
  CHECK(judge("{id: h/p, kind: health.http, endpoint: prometheus, path: /-/ready, status: 503}", answer(503, ""))
            .status == Status::pass);

  const auto body = test::bind_entry("{id: h/b, kind: health.http, endpoint: prometheus, path: /-/healthy, "
                                     "body_contains: Healthy}");
  CHECK(body.evidence.body_limit == checks::k_health_body_limit);
  CHECK(body.evidence.path == "/-/healthy");
  CHECK(body.description == "the prometheus endpoint /-/healthy answers HTTP 200 with \"Healthy\"");
  CHECK(body.fn(answer(200, "Prometheus Server is Healthy.\n"), {}).message ==
        "HTTP 200; the body contains \"Healthy\"");
  CHECK(body.fn(answer(200, "starting", true), {}).message ==
        "HTTP 200; the body's first 64 KiB does not contain \"Healthy\" (it starts \"starting\")");

  const auto json = test::bind_entry("{id: h/j, kind: health.http, url: 'http://g:3000/api/health', "
                                     "json: {field: checks.0.database, equals: ok}}");
  CHECK(json.fn(answer(200, R"({"checks":[{"database":"ok"}]})"), {}).message ==
        "HTTP 200; checks.0.database is \"ok\"");
  const auto failing = json.fn(answer(200, R"({"checks":[{"database":"failing"}]})"), {});
  CHECK(failing.status == Status::fail);
  CHECK(failing.message == "HTTP 200; checks.0.database is \"failing\" (expected \"ok\")");
  CHECK(json.fn(answer(200, R"({"checks":[]})"), {}).message ==
        "HTTP 200; the body has no JSON field checks.0.database");
  CHECK(json.fn(answer(200, "<html>"), {}).message.find("HTTP 200; the body is not JSON (") == 0);
  CHECK(judge("{id: h/j, kind: health.http, url: 'http://g/', json: {field: up, equals: 'true'}}",
              answer(200, R"({"up":true})"))
            .status == Status::pass);
}

TEST_CASE("health.http: a status-only probe of the metrics endpoint shares the exposition scrape")
{
  const auto shared = test::bind_entry("{id: h/m, kind: health.http, endpoint: metrics}");
  CHECK(shared.evidence.key() == sources::exposition_evidence().key());
  sources::ExpositionProbe scrape;
  scrape.probe = sources::Probe{true, 503, {}};
  CHECK(shared.fn(scrape, {}).message == "HTTP 503 (expected 200)");
  scrape.probe = sources::Probe{true, 200, {}};
  CHECK(shared.fn(scrape, {}).status == Status::pass);
  // a body to judge, another path or no redirects: its own request
  for (const auto* entry : {"{id: h/m, kind: health.http, endpoint: metrics, body_contains: tta_}",
                            "{id: h/m, kind: health.http, endpoint: metrics, path: /healthz}",
                            "{id: h/m, kind: health.http, endpoint: metrics, follow_redirects: false}"}) {
    CAPTURE(entry);
    CHECK(test::bind_entry(entry).evidence.source == sources::Source::probe);
  }
}

TEST_CASE("health.http: entry problems are positioned")
{
  const auto problems_of = [](std::string_view entry) {
    std::vector<std::string> problems;
    test::bind_entry(entry, "j", &problems);
    return problems;
  };
  CHECK(problems_of("{id: h/x, kind: health.http}") ==
        std::vector<std::string>{"s.yaml:3:5: needs \"url\" or \"endpoint\""});
  CHECK(problems_of("{id: h/x, kind: health.http, url: 'http://a/', endpoint: jaeger}") ==
        std::vector<std::string>{"s.yaml:3:5: give \"url\" or \"endpoint\", not both"});
  CHECK(problems_of("{id: h/x, kind: health.http, url: 'ftp://a/'}") ==
        std::vector<std::string>{"s.yaml:3:39: \"url\": unsupported scheme 'ftp' (expected http or https)"});
  CHECK(problems_of("{id: h/x, kind: health.http, endpoint: jaeger, path: health}") ==
        std::vector<std::string>{"s.yaml:3:58: \"path\" must start with '/' (got \"health\")"});
  CHECK(problems_of("{id: h/x, kind: health.http, endpoint: jaeger, status: 42}").size() == 1);
  CHECK(problems_of("{id: h/x, kind: health.http, endpoint: jaeger, json: {field: a}}").size() == 1);
}

TEST_CASE("health.http: through the runner, body checks are their own request and no secret is shown")
{
  const auto config = config::resolve({"flags", {{"jaeger-api", "v1"}}, {}}, {"env", {}, {}}, {"file", {}, {}}).value();
  auto client = http::ReplayClient::open(test::fixture_path("replay/healthy"));
  REQUIRE(client);
  core::Suite suite{"mine", "", {}};
  suite.checks.push_back(test::bind_entry("{id: h/plain, kind: health.http, endpoint: collector}"));
  suite.checks.push_back(test::bind_entry("{id: h/status, kind: health.http, endpoint: collector, "
                                          "json: {field: status, equals: Server available}, body_contains: upSince}"));
  suite.checks.push_back(test::bind_entry("{id: h/down, kind: health.http, endpoint: collector, "
                                          "json: {field: status, equals: down}, severity: warn}"));
  suite.checks.push_back(test::bind_entry("{id: h/secret, kind: health.http, "
                                          "url: 'http://localhost:13133/?api_key=${SECRET}'}"));
  util::FakeClock clock;
  const auto summary = core::Runner(**client, clock, config, cli::sources_settings(config)).run(suite);
  REQUIRE(summary.checks.size() == 4);
  CHECK(summary.checks[0].status == Status::pass);
  CHECK(summary.checks[1].status == Status::pass);
  CHECK(summary.checks[1].message == "HTTP 200; the body contains \"upSince\"; status is \"Server available\"");
  CHECK(summary.checks[2].status == Status::warn);
  CHECK(summary.checks[3].status == Status::fail); // not recorded: no answer
  for (const auto& check : summary.checks) {
    CHECK(check.message.find("hunter2") == std::string::npos);
    CHECK(check.evidence_url.find("hunter2") == std::string::npos);
    CHECK(check.description.find("hunter2") == std::string::npos);
  }
  CHECK(summary.checks[3].description == "http://localhost:13133/?api_key=*** answers HTTP 200");
  CHECK((*client)->requests().size() == 3); // plain, with a body (shared by two checks), the other URL
}
