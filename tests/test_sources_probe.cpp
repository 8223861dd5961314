// sources::run_pipeline_probe against the loopback server's tiny pipeline (test_server.hpp): a
// canary accepted and queryable, refused, answered 503, black-holed, a trace store that cannot be
// asked, the throughput probe, interruption, and the plan's bounds.
#include <src/http/curl_client.hpp>
#include <src/sources/evidence.hpp>
#include <src/sources/otlp.hpp>
#include <src/sources/probe.hpp>
#include <src/util/interrupt.hpp>

#include "support/fixtures.hpp"
#include "support/test_server.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <csignal>
#include <set>

TEST_SUITE_BEGIN("sources");

using namespace ttaobs;
using sources::ProbeLoss;
using sources::ProbePlan;
using Millis = std::chrono::milliseconds;
using Micros = std::chrono::microseconds;

namespace {

// Canaries to `otlp`, looked up at `jaeger`, each request allowed 2 s.
sources::Settings pipeline(const std::string& otlp, const std::string& jaeger)
{
  return test::settings_of({{"otlp-url", otlp}, {"jaeger-url", jaeger}, {"timeout", "2"}});
}

ProbePlan latency(int count, Millis within = Millis(2000))
{
  ProbePlan plan;
  plan.count = count;
  plan.within = within;
  return plan;
}

} // namespace

TEST_CASE("pipeline probe: accepted canaries become queryable; latency per canary, unique trace ids")
{
  test::TestServer server;
  http::CurlClient client;
  const auto probe = sources::run_pipeline_probe(client, pipeline(server.base_url(), server.base_url()), latency(3));
  CHECK(probe.loss == ProbeLoss::none);
  CHECK(probe.failure.empty());
  CHECK(probe.sent == 3);
  CHECK(probe.accepted == 3);
  CHECK(probe.delivered == 3);
  CHECK(probe.latencies.size() == 3);
  CHECK(std::set<std::string>(probe.trace_ids.begin(), probe.trace_ids.end()).size() == 3);
  CHECK(probe.otlp_url == server.base_url() + "/v1/traces");
  CHECK(probe.query_url == server.base_url() + "/");
  const auto posts = server.bodies();
  std::size_t canaries = 0;
  for (const auto& body : posts) {
    canaries += body.find("\"ttaobs-probe\"") != std::string::npos ? 1 : 0;
  }
  CHECK(canaries == 3);
}

TEST_CASE("pipeline probe: the canary span is marked and reads back as OTLP/JSON")
{
  const auto id = sources::random_trace_id();
  CHECK(id.size() == 32);
  CHECK(id != sources::random_trace_id());
  const auto body = sources::canary_request_json(
      {sources::canary_span_json(id, "00000000000000aa", "", 7, std::chrono::system_clock::now())});
  const auto set = sources::parse_otlp_traces(body);
  REQUIRE(set);
  REQUIRE(set->traces.size() == 1);
  const auto& t = set->traces.front();
  CHECK(t.trace_id == id);
  REQUIRE(t.spans.size() == 1);
  CHECK(t.spans.front().name == "ttaobs.probe");
  CHECK(t.service_of(t.spans.front()) == "ttaobs-probe");
  CHECK(t.attribute(t.spans.front(), "ttaobs.canary") == "true");
  CHECK(t.attribute(t.spans.front(), "ttaobs.probe.seq") == "7");
}

TEST_CASE("pipeline probe: where the canary got lost")
{
  test::TestServer server;
  http::CurlClient client;
  const auto base = server.base_url();

  SUBCASE("refused: not accepted, connection refused, naming the URL")
  {
    const auto otlp = fmt::format("http://127.0.0.1:{}", test::closed_port());
    const auto probe = sources::run_pipeline_probe(client, pipeline(otlp, base), latency(3));
    CHECK(probe.loss == ProbeLoss::unreachable);
    CHECK(probe.failure == fmt::format("canary not accepted: connection refused from {}/v1/traces", otlp));
    CHECK(probe.sent == 1); // the first lost canary ends the probe
    CHECK(probe.accepted == 0);
  }
  SUBCASE("an HTTP error status: not accepted, with the status and what the server said")
  {
    const auto probe = sources::run_pipeline_probe(client, pipeline(base + "/reject", base), latency(2));
    CHECK(probe.loss == ProbeLoss::not_accepted);
    CHECK(probe.failure == fmt::format("canary not accepted: HTTP 503 from {}/reject/v1/traces: queue full", base));
  }
  SUBCASE("a black hole: accepted but never queryable within the time allowed")
  {
    const auto probe = sources::run_pipeline_probe(client, pipeline(base + "/drop", base), latency(2, Millis(300)));
    CHECK(probe.loss == ProbeLoss::never_queryable);
    CHECK(probe.accepted == 1);
    CHECK(probe.delivered == 0);
    CHECK(probe.failure == fmt::format("canary accepted by {}/drop/v1/traces but never queryable at {}/ within 0.3s "
                                       "(trace {})",
                                       base, base, probe.trace_ids.front()));
  }
  SUBCASE("a trace store that cannot be asked")
  {
    const auto jaeger = fmt::format("http://127.0.0.1:{}", test::closed_port());
    const auto probe = sources::run_pipeline_probe(client, pipeline(base, jaeger), latency(1));
    CHECK(probe.loss == ProbeLoss::query_failed);
    CHECK(probe.failure.starts_with(fmt::format("canary accepted by {}/v1/traces but the trace store could not be "
                                                "asked: GET {}/api/v3/traces/",
                                                base, jaeger)));
    CHECK(probe.failure.ends_with(": connection refused"));
  }
  SUBCASE("interrupted before it starts")
  {
    util::set_interrupted(SIGINT);
    const auto probe = sources::run_pipeline_probe(client, pipeline(base, base), latency(3));
    util::set_interrupted(0);
    CHECK(probe.loss == ProbeLoss::interrupted);
    CHECK(probe.failure == "interrupted by SIGINT");
    CHECK(probe.sent == 0);
  }
}

TEST_CASE("pipeline probe: throughput sends rate × duration spans in one trace and finds them all")
{
  test::TestServer server;
  http::CurlClient client;
  ProbePlan plan;
  plan.mode = ProbePlan::Mode::throughput;
  plan.rate = 50;
  plan.duration = Millis(400);
  plan.within = Millis(2000);
  const auto probe = sources::run_pipeline_probe(client, pipeline(server.base_url(), server.base_url()), plan);
  CHECK(probe.loss == ProbeLoss::none);
  CHECK(probe.sent == 20);
  CHECK(probe.accepted == 20);
  CHECK(probe.delivered == 20);
  CHECK(probe.latencies.size() == 20);
  CHECK(probe.trace_ids.size() == 1);

  plan.within = Millis(300);
  const auto dropped =
      sources::run_pipeline_probe(client, pipeline(server.base_url() + "/drop", server.base_url()), plan);
  CHECK(dropped.loss == ProbeLoss::never_queryable);
  CHECK(dropped.accepted == 20);
  CHECK(dropped.delivered == 0);
  CHECK(dropped.failure.starts_with(fmt::format("20 of 20 spans accepted by {}/drop/v1/traces never queryable at {}/ "
                                                "within 0.3s",
                                                server.base_url(), server.base_url())));
}

TEST_CASE("pipeline probe: plans out of bounds are refused before anything is sent")
{
  CHECK(latency(0).problem() == "count must be from 1 to 100 (got 0)");
  CHECK(latency(101).problem().has_value());
  CHECK_FALSE(latency(100).problem());
  ProbePlan plan;
  plan.mode = ProbePlan::Mode::throughput;
  plan.rate = 5001;
  CHECK(plan.problem() == "rate must be from 1 to 5000 spans a second (got 5001)");
  plan.rate = 5000;
  plan.duration = Millis(5000);
  CHECK(plan.problem() == "rate × duration must not exceed 20000 spans (got 5000 × 5s)");
  plan.duration = Millis(61000);
  CHECK(plan.problem() == "duration must be from 0.1s to 60s (got 61s)");
  plan.duration = Millis(1000);
  plan.within = Millis(301000);
  CHECK(plan.problem().has_value());
  http::CurlClient client;
  const auto refused = sources::run_pipeline_probe(client, test::settings_of(), latency(0));
  CHECK(refused.sent == 0);
  CHECK(refused.failure == "probe not run: count must be from 1 to 100 (got 0)");
}

TEST_CASE("pipeline probe: quantiles by nearest rank, latencies as text")
{
  const std::vector<Micros> values{Micros(5), Micros(1), Micros(4), Micros(2), Micros(3)};
  CHECK(sources::quantile(values, 0.5) == Micros(3));
  CHECK(sources::quantile(values, 0.95) == Micros(5));
  CHECK(sources::quantile(values, 0.0) == Micros(1));
  CHECK(sources::quantile({}, 0.5) == Micros(0));
  CHECK(sources::format_latency(Micros(850)) == "850 µs");
  CHECK(sources::format_latency(Micros(12340)) == "12.3 ms");
  CHECK(sources::format_latency(Micros(1250000)) == "1.25 s");
}

TEST_CASE("pipeline probe: the OTLP URL gets /v1/traces unless it has it; the evidence key holds the plan")
{
  const auto with_base = test::settings_of({{"otlp-url", "http://c:4318/prefix/"}});
  CHECK(sources::otlp_traces_url(with_base.otlp) == "http://c:4318/prefix/v1/traces");
  const auto full = test::settings_of({{"otlp-url", "http://c:4318/v1/traces"}});
  CHECK(sources::otlp_traces_url(full.otlp) == "http://c:4318/v1/traces");
  CHECK(sources::otlp_traces_url(test::settings_of().otlp) == "http://127.0.0.1:4318/v1/traces");
  sources::EvidenceRequest a;
  a.source = sources::Source::pipeline_probe;
  a.plan = latency(5);
  auto b = a;
  b.plan.count = 6;
  CHECK(a.key() != b.key());
  CHECK(sources::to_http_request(a, full).method == "POST");
}

TEST_SUITE_END();
