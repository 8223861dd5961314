#include <src/sources/json_body.hpp>

#include <doctest/doctest.h>

#include <string>

TEST_SUITE_BEGIN("sources");

using namespace ttaobs;

TEST_CASE("sources::JsonDepthGuard follows nesting across pieces")
{
  sources::JsonDepthGuard guard(3);
  CHECK(guard.feed(R"({"a":[{"b":"[[[[ not nesting: a string \" with [ escapes"}]})"));
  CHECK(guard.error().empty());
  sources::JsonDepthGuard split(3);
  CHECK(split.feed("[[")); // the fourth level arrives in a later piece
  CHECK(split.feed("[\"]\""));
  CHECK_FALSE(split.feed("["));
  CHECK(split.error() == "nesting deeper than 3 levels at byte 7");
  CHECK_FALSE(split.feed("]")); // stays refused
  sources::JsonDepthGuard escaped(1);
  CHECK(escaped.feed(R"({"k":"\\"})")); // an escaped backslash ends before the quote
}

namespace {

// Answers every request with `body` (200), through the body sink when one is set, and counts the
// bytes it let through.
struct Answering final : http::HttpClient
{
  std::string body;
  std::size_t delivered = 0;
  Expected<http::HttpResponse, http::HttpError> send(const http::HttpRequest& request) override
  {
    http::HttpResponse response;
    response.status = 200;
    if (!request.body_sink) {
      response.body = body;
      return response;
    }
    for (std::size_t at = 0; at < body.size(); at += 16) { // as curl does: piece by piece
      const auto piece = std::string_view(body).substr(at, 16);
      delivered += piece.size();
      if (!request.body_sink(piece, response)) {
        break;
      }
    }
    return response;
  }
};

} // namespace

TEST_CASE("sources::send_json ends a too deeply nested body at the offending byte")
{
  Answering server;
  server.body = std::string(100000, '[');
  http::HttpRequest request;
  request.url = "http://prom/api/v1/query?query=up";
  const auto refused = sources::send_json(server, request);
  REQUIRE_FALSE(refused);
  CHECK(refused.error().describe() ==
        "GET http://prom/api/v1/query?query=up: nesting deeper than 128 levels at byte 129");
  CHECK(server.delivered <= 144); // the rest was never read

  server.body = R"({"status":"success","data":{"resultType":"vector","result":[]}})";
  server.delivered = 0;
  const auto fine = sources::send_json(server, request);
  REQUIRE(fine);
  CHECK(fine->body == server.body); // a normal answer arrives whole
}

TEST_SUITE_END();
