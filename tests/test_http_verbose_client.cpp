#include <src/http/verbose_client.hpp>

#include "support/run.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

TEST_SUITE_BEGIN("http");

using namespace ttaobs;

namespace {

// Answers every request from a fixed answer; streams the body when the request has a sink.
struct Canned final : http::HttpClient
{
  Expected<http::HttpResponse, http::HttpError> answer = http::HttpResponse{};
  http::HttpRequest seen;

  Expected<http::HttpResponse, http::HttpError> send(const http::HttpRequest& request) override
  {
    seen = request;
    if (answer && request.body_sink) {
      auto head = *answer;
      const auto body = std::move(head.body);
      head.body.clear();
      request.body_sink(std::string_view(body).substr(0, 3), head);
      request.body_sink(std::string_view(body).substr(3), head);
      return head;
    }
    return answer;
  }
};

// The line without its latency ("…, 12 ms" → "…, N ms"): no timed assertions.
std::string without_latency(std::string line)
{
  const auto comma = line.rfind(", ");
  REQUIRE(comma != std::string::npos);
  CHECK(line.substr(line.size() - 3) == " ms");
  return line.substr(0, comma) + ", N ms";
}

} // namespace

TEST_CASE("VerboseClient writes one line per request: method, redacted URL, status, bytes, latency")
{
  Canned inner;
  http::HttpResponse ok;
  ok.status = 200;
  ok.body = "hello world";
  ok.headers = {{"set-cookie", "session=s3cr3t-cookie"}};
  inner.answer = ok;
  std::vector<std::string> lines;
  http::VerboseClient client(inner, [&](std::string_view line) { lines.emplace_back(line); });

  http::HttpRequest request;
  request.url = "https://admin:hunter2@prom.example/api/v1/query?query=up&api_key=topsecret";
  request.headers = {{"Authorization", "Bearer tok-abc123"}};
  request.access.bearer_token = "tok-abc123";
  const auto answer = client.send(request);
  REQUIRE(answer);
  CHECK(answer->body == "hello world"); // passed through unchanged
  CHECK(inner.seen.headers == request.headers);
  REQUIRE(lines.size() == 1);
  CHECK(without_latency(lines[0]) ==
        "http: GET https://admin:***@prom.example/api/v1/query?query=up&api_key=*** → 200, 11 bytes, N ms");
  for (const char* secret : {"hunter2", "topsecret", "tok-abc123", "s3cr3t", "Authorization", "Bearer"}) {
    CHECK(lines[0].find(secret) == std::string::npos);
  }

  SUBCASE("a streamed body is counted on its way to the caller's sink")
  {
    std::string got;
    request.body_sink = [&](std::string_view piece, const http::HttpResponse&) {
      got += piece;
      return true;
    };
    lines.clear();
    REQUIRE(client.send(request));
    CHECK(got == "hello world");
    REQUIRE(lines.size() == 1);
    CHECK(lines[0].find("→ 200, 11 bytes, ") != std::string::npos);
  }
  SUBCASE("an error names its kind and cause, redacted")
  {
    inner.answer = unexpected(http::HttpError{http::HttpError::Kind::timeout, request.url,
                                              "timed out after 5s at https://u:pw123@x.example/?token=abc"});
    lines.clear();
    CHECK_FALSE(client.send(request));
    REQUIRE(lines.size() == 1);
    CHECK(without_latency(lines[0]).find(
              "→ timeout: timed out after 5s at https://u:***@x.example/?token=***, 0 bytes, N ms") !=
          std::string::npos);
    CHECK(lines[0].find("pw123") == std::string::npos);
  }
  SUBCASE("a redirect shows where it ended")
  {
    ok.effective_url = "https://prom.example/other";
    ok.body = "x";
    inner.answer = ok;
    lines.clear();
    REQUIRE(client.send(request));
    CHECK(lines[0].find("→ 200 via https://prom.example/other, 1 byte, ") != std::string::npos);
  }
}

TEST_CASE("verbose_line keeps server text on one printable line")
{
  const Expected<http::HttpResponse, http::HttpError> error =
      unexpected(http::HttpError{http::HttpError::Kind::protocol, "http://x/", "bad\nheader\x1b[31m"});
  const auto line = http::verbose_line("GET", "http://x/", error, 0, std::chrono::milliseconds(7));
  CHECK(line.find('\n') == std::string::npos);
  CHECK(line.find('\x1b') == std::string::npos);
  CHECK(line.substr(line.size() - 6) == ", 7 ms");
}

TEST_CASE("--verbose through the binary: one stderr line per request, credentials never shown")
{
  const auto r = test::run_ttaobs("validate --replay fixtures/replay/healthy --verbose "
                                  "--jaeger-bearer-token tok-s3cr3t-123 --header 'X-Api-Key: hdr-s3cr3t-456'");
  CHECK(r.exit_code == 0);
  std::size_t lines = 0;
  for (auto at = r.err.find("ttaobs: http: GET http://localhost:"); at != std::string::npos;
       at = r.err.find("ttaobs: http: GET http://localhost:", at + 1)) {
    ++lines;
  }
  CHECK(lines == 10); // one per evidence request of the foundation suite (each fetched once)
  CHECK(r.err.find("ttaobs: http: GET http://localhost:16686/api/traces?") != std::string::npos);
  CHECK(r.err.find(" → 200, ") != std::string::npos);
  CHECK(r.err.find("s3cr3t") == std::string::npos);
  CHECK(r.out.find("ttaobs: http:") == std::string::npos); // stdout keeps the report only
  const auto quiet = test::run_ttaobs("validate --replay fixtures/replay/healthy");
  CHECK(quiet.err.find("ttaobs: http:") == std::string::npos);
  CHECK(test::run_ttaobs("validate --replay fixtures/replay/healthy", "TTAOBS_VERBOSE=true ")
            .err.find("ttaobs: http: GET") != std::string::npos);
}
