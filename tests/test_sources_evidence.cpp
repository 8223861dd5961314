#include <src/sources/evidence.hpp>

#include "support/fixtures.hpp"

#include <doctest/doctest.h>

TEST_SUITE_BEGIN("sources");

using namespace ttaobs;
using sources::Endpoint;
using sources::EvidenceRequest;
using sources::Source;

TEST_CASE("sources::EvidenceRequest::key identifies equal requests")
{
  const EvidenceRequest a{Source::prometheus_query, Endpoint::prometheus, "tta_requests_total", 1, false};
  const EvidenceRequest b{Source::prometheus_query, Endpoint::prometheus, "tta_requests_total", 1, false};
  const EvidenceRequest c{Source::prometheus_query, Endpoint::prometheus, "up", 1, false};
  CHECK(a.key() == b.key());
  CHECK(a.key() != c.key());
  CHECK(EvidenceRequest{Source::probe, Endpoint::jaeger, {}, 1, false}.key() !=
        EvidenceRequest{Source::probe, Endpoint::prometheus, {}, 1, false}.key());
}

TEST_CASE("sources::EvidenceRequest::key tells trace requests apart by limit, operation and id")
{
  EvidenceRequest latest{Source::jaeger_traces, Endpoint::jaeger, {}, 1, false};
  CHECK(latest.key() == "jaeger_traces:1");
  auto five = latest;
  five.limit = 5;
  auto by_id = latest;
  by_id.trace_id = "abc";
  auto one_operation = latest;
  one_operation.operation = "GET /x";
  CHECK(five.key() != latest.key());
  CHECK(by_id.key() != latest.key());
  CHECK(one_operation.key() != latest.key());
  CHECK(one_operation.key() != by_id.key());
}

TEST_CASE("sources::interpret")
{
  const EvidenceRequest query{Source::prometheus_query, Endpoint::prometheus, "up", 1, false};
  const std::string url = "http://x:1/q";
  using Outcome = Expected<http::HttpResponse, http::HttpError>;

  SUBCASE("transport failures name the URL")
  {
    const Outcome refused = unexpected(http::HttpError{http::HttpError::Kind::connect, url, "connection refused"});
    CHECK(sources::interpret(query, url, refused).error() == "GET http://x:1/q: connection refused");
  }
  SUBCASE("every failing source reads a transport failure the same way")
  {
    const Outcome refused = unexpected(http::HttpError{http::HttpError::Kind::connect, url, "connection refused"});
    for (const auto source : {Source::jaeger_traces, Source::prometheus_query, Source::prometheus_targets}) {
      CHECK(sources::interpret({source, Endpoint::prometheus, "up", 1, false}, url, refused).error() ==
            "GET http://x:1/q: connection refused");
    }
  }
}

TEST_CASE("sources::to_http_request: every Source has a row in the table")
{
  const auto settings = test::settings_of();
  for (const auto source : {Source::jaeger_traces, Source::prometheus_query, Source::probe, Source::exposition,
                            Source::prometheus_targets}) {
    const auto request = sources::to_http_request({source, Endpoint::metrics, "up", 1, false}, settings);
    CAPTURE(static_cast<int>(source));
    CHECK(request.url.rfind("http://localhost:", 0) == 0);
    CHECK(request.timeout.count() == 5000);
  }
}

TEST_CASE("sources::fetch reads trace evidence from --from-file: the newest `limit` traces, no request")
{
  const auto path = test::fixture_path("jaeger/jaeger__ui_01.json");
  const auto settings = test::settings_of({{"from-file", path}});
  struct Refusing final : http::HttpClient
  {
    int calls = 0;
    Expected<http::HttpResponse, http::HttpError> send(const http::HttpRequest& request) override
    {
      ++calls;
      return unexpected(http::HttpError{http::HttpError::Kind::connect, request.url, "no network in this test"});
    }
  } client;
  const auto evidence = sources::fetch(client, {Source::jaeger_traces, Endpoint::jaeger, {}, 1, false}, settings);
  CHECK(client.calls == 0);
  CHECK(evidence.url == path);
  REQUIRE(evidence.payload);
  const auto& set = std::get<trace::TraceSet>(*evidence.payload);
  CHECK(set.traces.size() <= 1);
  CHECK(set.trees.size() == set.traces.size());
  const auto missing = sources::fetch_traces(client, {Source::jaeger_traces, Endpoint::jaeger, {}, 1, false},
                                             test::settings_of({{"from-file", "/nonexistent.json"}}));
  CHECK(missing.error() == "cannot open /nonexistent.json: No such file or directory");
}

TEST_SUITE_END();
