#include <src/sources/trace_file.hpp>

#include "support/fixtures.hpp"

#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>

TEST_SUITE_BEGIN("sources");

using namespace ttaobs;
using test::read_fixture;

TEST_CASE("sources::parse_trace_document tells shapes apart")
{
  CHECK(sources::parse_trace_document(test::replay_body("healthy", "/api/traces?"))->traces.size() == 1);
  const auto bare = sources::parse_trace_document(read_fixture("jaeger/jaeger-ui__TraceGraph_testTrace.json"));
  REQUIRE(bare);
  CHECK(bare->traces[0].spans.size() == 11);
  CHECK(bare->trees[0].roots.size() == 2);
  CHECK(sources::parse_trace_document(read_fixture("otlp/jaeger__FindTraces.json"))->traces.size() == 1);
  CHECK(sources::parse_trace_document(read_fixture("otlp/tempo-v1-derived.json")));
  CHECK_FALSE(sources::parse_trace_document("not json"));
  CHECK(sources::load_trace_file("/nonexistent.json").error() ==
        "cannot open /nonexistent.json: No such file or directory");
  const auto bad = sources::load_trace_file(test::fixture_path("jaeger/jaeger__anonymizer_trace_invalid_json.json"));
  REQUIRE_FALSE(bad);
  CHECK(bad.error().find("jaeger__anonymizer_trace_invalid_json.json: ") != std::string::npos);
}

TEST_CASE("sources::load_trace_file: stdin or a FIFO that never writes is an error after the timeout, not a hang")
{
  int fds[2];
  REQUIRE(::pipe(fds) == 0); // a writer that stays open and silent
  const int saved = ::dup(STDIN_FILENO);
  ::dup2(fds[0], STDIN_FILENO);
  const auto from_stdin = sources::load_trace_file("-", std::chrono::milliseconds(200));
  ::dup2(saved, STDIN_FILENO);
  ::close(saved);
  ::close(fds[0]);
  REQUIRE_FALSE(from_stdin);
  CHECK(from_stdin.error() == "stdin: no data within 0.2s");

  const auto fifo = test::temp_dir("trace-fifo") + "/traces.fifo";
  ::unlink(fifo.c_str());
  REQUIRE(::mkfifo(fifo.c_str(), 0600) == 0); // no writer at all
  const auto from_fifo = sources::load_trace_file(fifo, std::chrono::milliseconds(200));
  REQUIRE_FALSE(from_fifo);
  CHECK(from_fifo.error().find("no data within 0.2s") != std::string::npos);
  ::close(fds[1]);
}

TEST_SUITE_END();

TEST_CASE("sources::parse_trace_document keeps kind, status, service and attributes of either shape")
{
  for (const auto* name : {"jaeger/checkout-v1.json", "otlp/checkout-api-v3.json"}) {
    CAPTURE(name);
    const auto set = sources::parse_trace_document(read_fixture(name));
    REQUIRE(set);
    const auto& trace = set->traces.at(0);
    std::size_t errors = 0;
    std::size_t servers = 0;
    for (const auto& span : trace.spans) {
      errors += span.status() == trace::SpanStatus::error ? 1 : 0;
      servers += span.kind() == trace::SpanKind::server ? 1 : 0;
      CHECK_FALSE(trace.service_of(span).empty());
    }
    CHECK(errors == 1);
    CHECK(servers == 2);
    CHECK(trace.attribute(trace.spans.at(1), "db.rows") == "42");
  }
}
