#include <src/http/curl_client.hpp>
#include <src/sources/otlp_forward.hpp>

#include "support/test_server.hpp"

#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <string>

using namespace ttaobs;
using namespace std::chrono_literals;

namespace {

http::ServerRequest traces_request(std::string body)
{
  http::ServerRequest request;
  request.method = "POST";
  request.path = "/v1/traces";
  request.headers = {{"content-type", "application/json"}, {"content-encoding", "gzip"}};
  request.body = std::move(body);
  return request;
}

util::Url url(const std::string& text)
{
  return *util::parse_url(text);
}

} // namespace

TEST_CASE("OtlpForwarder: sends each accepted request unchanged to the upstream's same path, in order")
{
  test::TestServer upstream;
  http::CurlClient curl;
  sources::OtlpForwarder forwarder(curl, url(upstream.base_url() + "/"), 2s);
  forwarder.enqueue(traces_request(R"({"resourceSpans":[]})"));
  forwarder.enqueue(traces_request(R"({"resourceSpans":[{}]})"));
  forwarder.finish(5s);
  const auto stats = forwarder.stats();
  CHECK(stats.forwarded == 2);
  CHECK(stats.failed == 0);
  CHECK(stats.dropped == 0);
  CHECK(upstream.requests() == std::vector<std::string>{"POST /v1/traces HTTP/1.1", "POST /v1/traces HTTP/1.1"});
  CHECK(upstream.bodies() == std::vector<std::string>{R"({"resourceSpans":[]})", R"({"resourceSpans":[{}]})"});
  const auto raw = upstream.raw_requests();
  REQUIRE(raw.size() == 2);
  CHECK(raw[0].find("Content-Type: application/json") != std::string::npos);
  CHECK(raw[0].find("Content-Encoding: gzip") != std::string::npos);
}

TEST_CASE("OtlpForwarder: a refusing or absent upstream is counted with its cause; a full queue drops")
{
  test::TestServer upstream;
  http::CurlClient curl;
  {
    sources::OtlpForwarder refused(curl, url(upstream.base_url() + "/reject"), 2s);
    refused.enqueue(traces_request("{}"));
    refused.finish(5s);
    CHECK(refused.stats().failed == 1);
    CHECK(refused.stats().last_error == "POST " + upstream.base_url() + "/reject/v1/traces: HTTP 503");
  }
  {
    sources::OtlpForwarder absent(curl, url("http://127.0.0.1:" + std::to_string(test::closed_port())), 2s);
    absent.enqueue(traces_request("{}"));
    absent.finish(5s);
    CHECK(absent.stats().failed == 1);
    CHECK(absent.stats().last_error.find("connection refused") != std::string::npos);
  }
  {
    sources::OtlpForwarder small(curl, url(upstream.base_url()), 2s, 10);
    small.enqueue(traces_request(std::string(20, 'x'))); // larger than the whole queue
    small.finish(5s);
    CHECK(small.stats().dropped == 1);
    CHECK(small.stats().forwarded == 0);
  }
  {
    // a secret in the upstream URL never reaches the message; its query goes on every request
    sources::OtlpForwarder secret(curl, url(upstream.base_url() + "/reject/?api_key=hunter2"), 2s);
    secret.enqueue(traces_request("{}"));
    secret.finish(5s);
    CHECK(secret.stats().last_error == "POST " + upstream.base_url() + "/reject/v1/traces?api_key=***: HTTP 503");
  }
}
