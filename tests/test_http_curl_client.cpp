#include <src/http/curl_client.hpp>
#include <src/http/recording_client.hpp>
#include <src/http/replay_client.hpp>

#include "support/fixtures.hpp"
#include "support/run.hpp"
#include "support/test_server.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <chrono>

TEST_SUITE_BEGIN("http");

using namespace ttaobs;
using http::HttpError;

namespace {

http::HttpRequest get(const std::string& url, int timeout_ms = 2000)
{
  http::HttpRequest r;
  r.url = url;
  r.timeout = std::chrono::milliseconds(timeout_ms);
  return r;
}

} // namespace

TEST_CASE("http::CurlClient against a loopback server")
{
  test::TestServer server;
  http::CurlClient client;
  const auto base = server.base_url();

  SUBCASE("200 with body and headers")
  {
    const auto r = client.send(get(base + "/ok"));
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(r->body == R"({"status":"success"})");
    CHECK(r->header("content-type") == "application/json");
  }
  SUBCASE("500 is a response, not an error")
  {
    const auto r = client.send(get(base + "/500"));
    REQUIRE(r);
    CHECK(r->status == 500);
    CHECK(r->body == "boom\nsecond line");
  }
  SUBCASE("invalid JSON is the source's business: the transport returns it")
  {
    const auto r = client.send(get(base + "/invalid-json"));
    REQUIRE(r);
    CHECK(r->body == "{not json");
  }
  SUBCASE("redirects only when asked")
  {
    const auto plain = client.send(get(base + "/redirect"));
    REQUIRE(plain);
    CHECK(plain->status == 302);
    auto follow = get(base + "/redirect");
    follow.follow_redirects = true;
    const auto followed = client.send(follow);
    REQUIRE(followed);
    CHECK(followed->status == 200);
    CHECK(followed->effective_url == base + "/ok");
    CHECK(followed->header("location").empty()); // headers are the final response's
    auto loop = get(base + "/redirect-loop");
    loop.follow_redirects = true;
    const auto looped = client.send(loop);
    REQUIRE_FALSE(looped);
    CHECK(looped.error().kind == HttpError::Kind::protocol);
    CHECK(looped.error().message == "too many redirects");
  }
  SUBCASE("with a server-name override, a redirect the server names by that name stays on the address")
  {
    auto request = get(base + "/redirect");
    request.follow_redirects = true;
    request.access.tls.server_name = "srv.test"; // unresolvable: only CONNECT_TO reaches the server
    request.access.bearer_token = "t0ken-s3cret";
    const auto answered = client.send(request);
    REQUIRE_MESSAGE(answered, answered.error().describe());
    CHECK(answered->status == 200);
    CHECK(server.raw_requests().back().find("t0ken-s3cret") != std::string::npos); // still the same origin
  }
  SUBCASE("a redirect to another origin goes without the endpoint's credentials and headers")
  {
    for (const char* route : {"/redirect-same", "/redirect-host"}) {
      CAPTURE(route);
      auto request = get(base + route);
      request.follow_redirects = true;
      request.access.headers = {{"X-Api-Key", "k3y-s3cret"}, {"X-Scope-OrgID", "tenant-a"}};
      request.access.bearer_token = "t0ken-s3cret";
      const auto answered = client.send(request);
      REQUIRE(answered);
      CHECK(answered->status == 200);
      const auto raw = server.raw_requests();
      REQUIRE(raw.size() >= 2);
      const auto& first = raw[raw.size() - 2];
      const auto& second = raw.back();
      CHECK(first.find("k3y-s3cret") != std::string::npos);
      CHECK(first.find("Bearer t0ken-s3cret") != std::string::npos);
      const bool same_origin = std::string(route) == "/redirect-same";
      CHECK((second.find("k3y-s3cret") != std::string::npos) == same_origin);
      CHECK((second.find("tenant-a") != std::string::npos) == same_origin);
      CHECK((second.find("t0ken-s3cret") != std::string::npos) == same_origin);
    }
  }
  SUBCASE("a silent server times out within the timeout")
  {
    const auto started = std::chrono::steady_clock::now();
    const auto r = client.send(get(base + "/slow", 300));
    const auto elapsed = std::chrono::steady_clock::now() - started;
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == HttpError::Kind::timeout);
    CHECK(r.error().message == "timed out after 0.3s");
    CHECK(r.error().describe() == fmt::format("GET {}/slow: timed out after 0.3s", base));
    CHECK(elapsed < std::chrono::seconds(5)); // bounded, not hung (generous: not a timing assertion)
  }
  SUBCASE("bodies over the cap are refused")
  {
    auto request = get(base + "/big");
    request.max_body = 1024;
    const auto r = client.send(request);
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == HttpError::Kind::too_large);
    CHECK(r.error().message == "response body exceeds 1024 bytes");
    request.max_body = 1024 * 1024;
    CHECK(client.send(request)->body.size() == 256 * 1024);
  }
  SUBCASE("gzip-encoded bodies arrive decoded")
  {
    const auto r = client.send(get(base + "/gzip"));
    REQUIRE(r);
    CHECK(r->body == "# TYPE tta_requests_total counter\ntta_requests_total{status=\"success\"} 42\n");
    CHECK(r->header("content-encoding") == "gzip");
  }
  SUBCASE("a server hanging up is a protocol error")
  {
    const auto r = client.send(get(base + "/hangup"));
    REQUIRE_FALSE(r);
    CHECK(r.error().kind == HttpError::Kind::protocol);
    CHECK(r.error().message == "empty reply from server");
  }
  SUBCASE("requests carry our user agent")
  {
    CHECK(client.send(get(base + "/ok")));
    CHECK(server.requests().back() == "GET /ok HTTP/1.1");
  }
}

TEST_CASE("http::CurlClient refused connection")
{
  http::CurlClient client;
  const auto url = fmt::format("http://127.0.0.1:{}/", test::closed_port());
  const auto r = client.send(get(url));
  REQUIRE_FALSE(r);
  CHECK(r.error().kind == HttpError::Kind::connect);
  CHECK(r.error().message == "connection refused");
  CHECK(r.error().url == url);
}

TEST_CASE("http::CurlClient sends an endpoint's access: headers, credentials, server name, proxy")
{
  test::TestServer server;
  http::CurlClient client;
  const auto has = [&](const std::string& line) {
    for (const auto& raw : server.raw_requests()) {
      if ((raw + "\r\n").find("\r\n" + line + "\r\n") != std::string::npos) {
        return true;
      }
    }
    return false;
  };
  SUBCASE("bearer token, tenant and extra headers pass /guarded/tenant/")
  {
    auto request = get(server.base_url() + "/guarded/tenant/ok");
    CHECK(client.send(request)->status == 401);
    request.access.bearer_token = "good-token";
    CHECK(client.send(request)->status == 403);
    request.access.headers = {{"X-Scope-OrgID", "tenant-a"}, {"X-Extra", "1"}};
    CHECK(client.send(request)->status == 200);
    CHECK(has("X-Extra: 1"));
  }
  SUBCASE("basic auth")
  {
    auto request = get(server.base_url() + "/guarded/ok");
    request.access.basic_auth = std::pair<std::string, std::string>{"user", "good-pw"};
    CHECK(client.send(request)->status == 200);
    request.access.basic_auth->second = "bad";
    CHECK(client.send(request)->status == 401);
  }
  SUBCASE("a server name is the Host (and TLS name) while the URL's address is connected to")
  {
    auto request = get(server.base_url() + "/ok");
    request.access.tls.server_name = "prom.test";
    const auto r = client.send(request);
    REQUIRE(r);
    CHECK(r->status == 200);
    CHECK(has("Host: prom.test:" + server.base_url().substr(server.base_url().rfind(':') + 1)));
  }
  SUBCASE("a proxy from the endpoint, and none at all")
  {
    auto request = get("http://ttaobs-proxied.invalid:1234/ok");
    request.access.proxy = server.base_url();
    const auto r = client.send(request);
    REQUIRE(r);
    CHECK(server.requests().back() == "GET http://ttaobs-proxied.invalid:1234/ok HTTP/1.1");
    request.access.proxy = "";
    const auto direct = client.send(request);
    REQUIRE_FALSE(direct);
    CHECK(direct.error().kind == HttpError::Kind::connect);
  }
}

TEST_CASE("a body sink receives a 200 body in pieces, through every client")
{
  test::TestServer server;
  http::CurlClient curl;
  std::string seen;
  std::size_t pieces = 0;
  std::string content_type;
  auto request = get(server.base_url() + "/big");
  request.body_sink = [&](std::string_view piece, const http::HttpResponse& head) {
    seen.append(piece);
    ++pieces;
    content_type = head.header("content-type");
    return true;
  };
  const auto big = curl.send(request);
  REQUIRE(big);
  CHECK(big->status == 200);
  CHECK(big->body.empty());
  CHECK(seen == std::string(256 * 1024, 'x'));
  CHECK(pieces > 1);

  // a sink that has seen enough ends the transfer: not an error
  std::size_t taken = 0;
  request.body_sink = [&](std::string_view piece, const http::HttpResponse&) {
    taken += piece.size();
    return false;
  };
  const auto stopped = curl.send(request);
  REQUIRE(stopped);
  CHECK(stopped->status == 200);
  CHECK(taken < 256 * 1024);

  // other statuses keep their body for the error message
  seen.clear();
  request = get(server.base_url() + "/500");
  request.body_sink = [&](std::string_view piece, const http::HttpResponse&) {
    seen.append(piece);
    return true;
  };
  const auto failed = curl.send(request);
  REQUIRE(failed);
  CHECK(failed->status == 500);
  CHECK(failed->body == "boom\nsecond line");
  CHECK(seen.empty());

  // recorded while streaming, replayed into the sink
  const auto dir = test::temp_dir("record-stream");
  REQUIRE(http::prepare_record_dir(dir));
  request = get(server.base_url() + "/gzip");
  request.body_sink = [&](std::string_view piece, const http::HttpResponse&) {
    seen.append(piece);
    return true;
  };
  {
    http::RecordingClient recorder(curl, dir);
    REQUIRE(recorder.send(request));
  }
  const std::string live = seen;
  CHECK(live.find("tta_requests_total{status=\"success\"} 42") != std::string::npos);
  seen.clear();
  auto replay = http::ReplayClient::open(dir);
  REQUIRE(replay);
  const auto replayed = replay.value()->send(request);
  REQUIRE(replayed);
  CHECK(replayed->body.empty());
  CHECK(seen == live);
}

TEST_SUITE_END();
