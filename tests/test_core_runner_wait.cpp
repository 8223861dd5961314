// core::Runner and settling: --wait's rounds and deadline, and what a run without --wait judges
// when traces are still arriving. The runner's other cases are in test_core_runner.cpp.
#include <src/core/runner.hpp>

#include "support/runner.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

TEST_SUITE_BEGIN("core");

using namespace ttaobs;
using namespace ttaobs::test;
using core::Status;

namespace {

// Forwards to whichever client `target` points at, so a test can change the world between rounds.
struct SwitchingClient final : http::HttpClient
{
  http::HttpClient* target = nullptr;
  Expected<http::HttpResponse, http::HttpError> send(const http::HttpRequest& request) override
  {
    return target->send(request);
  }
};

// A server holding a single trace: whatever limit is asked for, it answers with what it has
// (the recordings were made with limit=1; --wait asks for more history).
struct OneTraceServer final : http::HttpClient
{
  http::HttpClient* inner = nullptr;
  Expected<http::HttpResponse, http::HttpError> send(const http::HttpRequest& request) override
  {
    auto rewritten = request;
    const auto at = rewritten.url.find("limit=11");
    if (at != std::string::npos) {
      rewritten.url.replace(at, 8, "limit=1");
    }
    return inner->send(rewritten);
  }
};

// A recorded stack that is down (scenario `down_scenario`) until recover() brings the healthy one,
// both behind one client, each holding a single trace.
struct DownThenHealthy
{
  explicit DownThenHealthy(const std::string& down_scenario) : down(replay(down_scenario)), healthy(replay("healthy"))
  {
    down_server.inner = down.get();
    healthy_server.inner = healthy.get();
    client.target = &down_server;
  }
  void recover() { client.target = &healthy_server; }

  std::unique_ptr<http::ReplayClient> down;
  std::unique_ptr<http::ReplayClient> healthy;
  OneTraceServer down_server;
  OneTraceServer healthy_server;
  SwitchingClient client;
};

// A Jaeger v1 answer whose newest trace gains a span on every request and whose last span ends
// "now" on `clock`: it never settles. Other requests get an empty Prometheus answer.
struct GrowingTraceServer final : http::HttpClient
{
  const util::Clock* clock = nullptr;
  int calls = 0;
  Expected<http::HttpResponse, http::HttpError> send(const http::HttpRequest& request) override
  {
    http::HttpResponse response;
    response.status = 200;
    if (request.url.find("/api/traces") == std::string::npos) {
      response.body = R"({"status":"success","data":{"resultType":"vector","result":[]}})";
      return response;
    }
    ++calls;
    const auto now_us =
        std::chrono::duration_cast<std::chrono::microseconds>(clock->wall_now().time_since_epoch()).count();
    std::string spans = fmt::format(
        R"({{"spanID":"r","operationName":"demo.workflow_execution","startTime":{},"duration":100}})", now_us - 100);
    for (int i = 0; i < calls; ++i) {
      spans += fmt::format(
          R"(,{{"spanID":"s{}","operationName":"step","startTime":{},"duration":1,"references":[{{"refType":"CHILD_OF","spanID":"r"}}]}})",
          i, now_us - 50);
    }
    response.body = fmt::format(R"({{"data":[{{"traceID":"t1","spans":[{}]}}]}})", spans);
    return response;
  }
};

// A Jaeger v1 answer in the shape the stock Python SDK leaves behind: the newest trace is a
// fragment (its children exported, its root not yet), the one before it is whole and quiet.
struct FragmentServer final : http::HttpClient
{
  const util::Clock* clock = nullptr;
  std::vector<std::string> urls;
  Expected<http::HttpResponse, http::HttpError> send(const http::HttpRequest& request) override
  {
    urls.push_back(request.url);
    const auto now_us =
        std::chrono::duration_cast<std::chrono::microseconds>(clock->wall_now().time_since_epoch()).count();
    const auto trace = [](const char* id, std::int64_t start, bool root) {
      std::string spans =
          root ? fmt::format(
                     R"({{"spanID":"r","operationName":"demo.workflow_execution","startTime":{},"duration":900}},)",
                     start)
               : "";
      for (int i = 0; i < 5; ++i) {
        spans += fmt::format(
            R"({{"spanID":"s{}","operationName":"step","startTime":{},"duration":10,"references":[{{"refType":"CHILD_OF","spanID":"r"}}]}}{})",
            i, start + 10 * i, i < 4 ? "," : "");
      }
      return fmt::format(R"({{"traceID":"{}","spans":[{}]}})", id, spans);
    };
    http::HttpResponse response;
    response.status = 200;
    response.body = request.url.find("limit=11") == std::string::npos
                        ? fmt::format(R"({{"data":[{}]}})", trace("f4a9", now_us - 2000, false))
                        : fmt::format(R"({{"data":[{},{}]}})", trace("f4a9", now_us - 2000, false),
                                      trace("e1d2", now_us - 400'000'000, true));
    return response;
  }
};

} // namespace

TEST_CASE("core::Runner --wait re-checks until everything settles")
{
  DownThenHealthy stack("prometheus-down");
  util::FakeClock clock;
  const auto config = make_config({{"wait", "30"}, {"interval", "2"}, {"jaeger-api", "v1"}});
  int rounds_seen = 0;
  const auto summary = runner_for(stack.client, clock, config).run(foundation(), [&](const core::Progress& p) {
    ++rounds_seen;
    CHECK(p.total == size_of(foundation()));
    // the recorded trace has its root and ended long ago: settled at once, as is all not reading Prometheus
    const auto not_prometheus =
        count_checks(foundation(), [](const core::CheckSpec& c) { return !reads_prometheus(c); });
    if (p.round == 1) {
      CHECK(p.settled == not_prometheus);
    }
    if (p.round == 3) {
      CHECK(p.settled == not_prometheus);
      stack.recover(); // Prometheus comes up
    }
  });
  CHECK(summary.rounds == 4);
  CHECK(rounds_seen == 4);
  CHECK(summary.counts.passed == size_of(foundation()));
  CHECK(summary.exit_code == core::ExitCode::ok);
  CHECK(summary.duration.count() == 6000);
  // only the 7 unsettled checks were re-fetched in round 4: their 5 distinct requests (4 queries, 1 probe)
  CHECK(stack.healthy->requests().size() == 5);
}

TEST_CASE("core::Runner --wait re-checks a warning every round: a collector that comes up late passes")
{
  DownThenHealthy stack("all-down");
  util::FakeClock clock;
  const auto config = make_config({{"wait", "30"}, {"interval", "2"}, {"jaeger-api", "v1"}});
  std::vector<int> settled_per_round;
  const auto summary = runner_for(stack.client, clock, config).run(foundation(), [&](const core::Progress& p) {
    settled_per_round.push_back(p.settled);
    if (p.round == 1) {
      CHECK(p.settled == 0); // 13 errors or failures and 1 WARN (the collector): none settled
    }
    if (p.round == 2) {
      stack.recover(); // everything, the collector too, comes up after 4 s
    }
  });
  CHECK(statuses(summary).at("health/collector") == Status::pass);
  CHECK(summary.counts.warnings == 0);
  CHECK(summary.counts.passed == size_of(foundation()));
  CHECK(summary.rounds == 3);
  CHECK(settled_per_round.front() == 0);
  CHECK(summary.exit_code == core::ExitCode::ok);
}

TEST_CASE("core::Runner --wait: a warning alone never prolongs the wait (it is non-blocking), except under --strict")
{
  auto healthy = replay("healthy"); // the collector URL below was never recorded: no answer, a warning
  OneTraceServer server;
  server.inner = healthy.get();
  util::FakeClock clock;
  const auto lenient =
      runner_for(
          server, clock,
          make_config(
              {{"wait", "30"}, {"interval", "2"}, {"jaeger-api", "v1"}, {"collector-url", "http://localhost:1/"}}))
          .run(foundation());
  CHECK(statuses(lenient).at("health/collector") == Status::warn);
  CHECK(lenient.counts.passed == size_of(foundation()) - 1);
  CHECK(lenient.rounds == 1);
  CHECK(lenient.duration.count() == 0);
  const auto strict = runner_for(server, clock,
                                 make_config({{"wait", "4"},
                                              {"interval", "2"},
                                              {"jaeger-api", "v1"},
                                              {"collector-url", "http://localhost:1/"},
                                              {"strict", "true"}}))
                          .run(foundation());
  CHECK(strict.rounds == 3); // t = 0, 2, 4: under --strict a warning fails, so it is waited for
  CHECK(strict.exit_code == core::ExitCode::failed);
}

TEST_CASE("core::Runner --wait gives up at the deadline with the final state")
{
  auto down = replay("prometheus-down");
  OneTraceServer server;
  server.inner = down.get();
  util::FakeClock clock;
  const auto config = make_config({{"wait", "5"}, {"interval", "2"}, {"jaeger-api", "v1"}});
  const auto summary = runner_for(server, clock, config).run(foundation());
  CHECK(summary.rounds == 4); // t = 0, 2, 4, 5
  CHECK(summary.duration.count() == 5000);
  // Prometheus' queries err; its own health check fails
  CHECK(summary.counts.errors == count_checks(foundation(), [](const core::CheckSpec& c) {
          return reads_prometheus(c) && c.group() != "health";
        }));
  CHECK(summary.counts.errors > 0);
  CHECK(summary.exit_code == core::ExitCode::failed);
}

TEST_CASE("core::Runner --wait never judges a trace that is still arriving, not even at the deadline")
{
  util::FakeClock clock;
  GrowingTraceServer server;
  server.clock = &clock;
  const auto config =
      make_config({{"wait", "4"}, {"interval", "1"}, {"jaeger-api", "v1"}, {"only", "trace/root-span"}});
  const auto summary = runner_for(server, clock, config).run(foundation());
  CHECK(summary.rounds == 5); // t = 0..4: the trace grew every poll
  const auto& check = summary.checks[1];
  CHECK(check.status == Status::error); // could not evaluate: never a failure, never a pass
  CHECK(check.message.find("still arriving") != std::string::npos);
  REQUIRE_FALSE(check.details.empty());
  CHECK(check.details.back() == "passed over 1 trace still arriving: t1 (6 spans, still growing)");
  CHECK(summary.exit_code == core::ExitCode::could_not_look);
  CHECK(server.calls == 5);
}

TEST_CASE("core::Runner without --wait judges the newest settled trace and says why newer ones were passed over")
{
  util::FakeClock clock;
  FragmentServer server;
  server.clock = &clock;
  const auto config = make_config({{"jaeger-api", "v1"}, {"only", "trace/span-count"}});
  const auto summary = runner_for(server, clock, config).run(foundation());
  const auto& check = summary.checks[0];
  CHECK(check.status == Status::pass);
  CHECK(check.message.find("e1d2") != std::string::npos); // the whole trace, not the fragment
  REQUIRE(check.details.size() >= 2);
  CHECK(check.details[0] == "judged trace e1d2 (6 spans, root present, quiet for 400.0s)");
  CHECK(check.details[1] == "passed over 1 trace still arriving: f4a9 (5 spans, no root yet)");
  // one request as asked, one further back; both checks share them
  REQUIRE(server.urls.size() == 2);
  CHECK(server.urls[1].find("limit=11") != std::string::npos);
  CHECK(summary.exit_code == core::ExitCode::ok);
  CHECK(clock.now().time_since_epoch().count() == 0); // nothing waited for
}

TEST_CASE("core::Runner without --wait reports 'still arriving' as could-not-evaluate, never as a failure")
{
  util::FakeClock clock;
  GrowingTraceServer server;
  server.clock = &clock;
  const auto config = make_config(
      {{"jaeger-api", "v1"},
       {"settle", "1.5"},
       {"skip", "metrics/requests-total,metrics/workflow-executions,metrics/cache-hits,metrics/duration-buckets,labels/"
                "primitive-type-diversity,labels/status-success,health/metrics-endpoint"}});
  const auto summary = runner_for(server, clock, config).run(foundation());
  CHECK(server.calls == 3); // as asked, further back, and again after the 1.5 s grace window
  CHECK(summary.counts.failed == 0);
  for (const auto& check : summary.checks) {
    if (check.group == "trace") {
      CAPTURE(check.id);
      CHECK(check.status == Status::error);
      CHECK(check.message.find("still arriving") != std::string::npos);
    }
  }
  CHECK(summary.exit_code == core::ExitCode::could_not_look);
  CHECK(clock.now().time_since_epoch() == std::chrono::steady_clock::duration(std::chrono::milliseconds(1500)));
}

TEST_SUITE_END();
