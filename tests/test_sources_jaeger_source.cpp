#include <src/sources/evidence.hpp>
#include <src/sources/jaeger_source.hpp>

#include "support/fixtures.hpp"

#include <doctest/doctest.h>

#include <functional>

TEST_SUITE_BEGIN("sources");

using namespace ttaobs;
using sources::Endpoint;
using sources::EvidenceRequest;
using sources::Source;

namespace {

using Outcome = Expected<http::HttpResponse, http::HttpError>;

http::HttpResponse response(long status, std::string body)
{
  http::HttpResponse r;
  r.status = status;
  r.body = std::move(body);
  return r;
}

// Answers by `answer(url)` and remembers every URL asked.
struct Scripted final : http::HttpClient
{
  std::function<Outcome(const std::string&)> answer;
  std::vector<std::string> asked;
  Outcome send(const http::HttpRequest& request) override
  {
    asked.push_back(request.url);
    return answer(request.url);
  }
};

bool has(const std::string& url, std::string_view part)
{
  return url.find(part) != std::string::npos;
}

EvidenceRequest search(int limit)
{
  return {Source::jaeger_traces, Endpoint::jaeger, {}, limit, false};
}

EvidenceRequest by_id(std::string id)
{
  auto request = search(1);
  request.trace_id = std::move(id);
  return request;
}

} // namespace

TEST_CASE("sources::jaeger_v1_request and jaeger_v3_request build the trace API URLs")
{
  const auto settings = test::settings_of({{"service", "svc a"}, {"jaeger-url", "http://j:1/base/"}});
  auto query = search(3);
  query.operation = "GET /x";
  CHECK(sources::jaeger_v1_request(query, settings).url ==
        "http://j:1/base/api/traces?service=svc%20a&operation=GET%20%2Fx&limit=3");
  const auto noon = std::chrono::sys_days(std::chrono::year(2026) / 11 / 25) + std::chrono::hours(12);
  const auto v3 = sources::jaeger_v3_request(query, settings, noon);
  CHECK(v3.url == "http://j:1/base/api/v3/traces?query.service_name=svc%20a&query.operation_name=GET%20%2Fx"
                  "&query.start_time_min=2026-11-25T11%3A00%3A00Z&query.start_time_max=2026-11-25T12%3A01%3A00Z"
                  "&query.num_traces=3");
  CHECK(v3.volatile_params == std::vector<std::string>{"query.start_time_min", "query.start_time_max"});
  CHECK(sources::jaeger_v3_request(by_id("abc"), settings, noon).url == "http://j:1/base/api/v3/traces/abc");
  CHECK(sources::jaeger_v1_request(by_id("abc"), settings).url == "http://j:1/base/api/traces/abc");
  CHECK(v3.headers == std::vector<std::pair<std::string, std::string>>{{"Accept", "application/json"}});
  CHECK(v3.follow_redirects);
}

TEST_CASE("sources::interpret reads a Jaeger error as the server's own message")
{
  const Outcome jaeger = response(400, test::read_fixture("jaeger/error-missing-service.json"));
  CHECK(sources::interpret(search(1), "http://x:1/q", jaeger).error() ==
        "GET http://x:1/q: HTTP 400: parameter 'service' is required");
}

TEST_CASE("sources::fetch of traces: v3, falling back to v1 only where the v3 route is missing")
{
  const auto v1_body = test::replay_body("healthy", "/api/traces?");
  Scripted client;
  client.answer = [&](const std::string& url) -> Outcome {
    return has(url, "/api/v3/") ? response(404, "404 page not found") : response(200, v1_body);
  };
  const auto automatic = sources::fetch(client, search(1), test::settings_of());
  REQUIRE(client.asked.size() == 2);
  CHECK(has(client.asked[0], "/api/v3/traces?"));
  CHECK(has(client.asked[1], "/api/traces?"));
  CHECK(automatic.url == client.asked[1]);
  CHECK(std::get<trace::TraceSet>(*automatic.payload).traces.size() == 1);

  client.asked.clear();
  const auto strict = sources::fetch(client, search(1), test::settings_of({{"jaeger-api", "v3"}}));
  CHECK(client.asked.size() == 1);
  CHECK(strict.payload.error() == "GET " + client.asked[0] + ": HTTP 404: 404 page not found");

  client.asked.clear();
  client.answer = [](const std::string&) -> Outcome {
    return response(404, R"({"error":{"message":"No traces found"}})");
  };
  const auto none = sources::fetch(client, search(1), test::settings_of());
  CHECK(client.asked.size() == 1); // an answer: v3 is here, there are no traces
  CHECK(std::get<trace::TraceSet>(*none.payload).traces.empty());

  client.asked.clear();
  const auto v1_only = sources::fetch(client, by_id("abc"), test::settings_of({{"jaeger-api", "v1"}}));
  CHECK(client.asked == std::vector<std::string>{"http://localhost:16686/api/traces/abc"});
  CHECK(v1_only.payload.error() == "GET http://localhost:16686/api/traces/abc: trace not found");
}

TEST_CASE("sources::fetch of a trace by id goes to Tempo when set: api/v2, then the older route on a 404")
{
  const auto settings = test::settings_of({{"tempo-url", "http://tempo:3200/"}});
  Scripted client;
  client.answer = [](const std::string& url) -> Outcome {
    return has(url, "/api/v2/") ? response(404, "") : response(200, test::read_fixture("otlp/tempo-v1-derived.json"));
  };
  const auto found = sources::fetch_traces(client, by_id("0af7"), settings);
  CHECK(client.asked ==
        std::vector<std::string>{"http://tempo:3200/api/v2/traces/0af7", "http://tempo:3200/api/traces/0af7"});
  REQUIRE(found);
  CHECK_FALSE(found->traces.empty());

  client.asked.clear();
  client.answer = [](const std::string&) -> Outcome { return response(404, ""); };
  CHECK(sources::fetch_traces(client, by_id("0af7"), settings).error() ==
        "GET http://tempo:3200/api/traces/0af7: trace not found");
  client.answer = [](const std::string&) -> Outcome { return response(401, "no"); };
  CHECK(sources::fetch_traces(client, by_id("0af7"), settings).error().find("check the credentials for --tempo-url") !=
        std::string::npos);
  client.asked.clear();
  (void)sources::fetch_traces(client, search(1), settings); // searches never go to Tempo
  CHECK(has(client.asked.at(0), "http://localhost:16686/api/v3/traces?"));
}

TEST_SUITE_END();
