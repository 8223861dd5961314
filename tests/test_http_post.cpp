// POST through the one HttpClient seam: curl sends the body and its Content-Type, the verbose line
// gives the method and the size sent (never a header), and record/replay match a POST by method,
// URL and a hash of its body, while GET keys stay what older recordings hold.
#include <src/http/curl_client.hpp>
#include <src/http/recording_client.hpp>
#include <src/http/replay_client.hpp>
#include <src/http/verbose_client.hpp>

#include "support/fixtures.hpp"
#include "support/run.hpp"
#include "support/test_server.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <chrono>
#include <fstream>

TEST_SUITE_BEGIN("http");

using namespace ttaobs;
using http::HttpError;

namespace {

http::HttpRequest post(const std::string& url, std::string body, std::string content_type = "application/json")
{
  http::HttpRequest r;
  r.method = "POST";
  r.url = url;
  r.body = std::move(body);
  r.content_type = std::move(content_type);
  r.timeout = std::chrono::milliseconds(2000);
  return r;
}

} // namespace

TEST_CASE("http::CurlClient POSTs the body with its Content-Type and no Expect: 100-continue")
{
  test::TestServer server;
  http::CurlClient client;
  const std::string body(5000, 'x'); // past curl's 1 KiB threshold for Expect: 100-continue
  const auto r = client.send(post(server.base_url() + "/echo", body));
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body == "POST 5000 application/json");
  REQUIRE(server.bodies().size() == 1);
  CHECK(server.bodies().front() == body);
  CHECK(server.raw_requests().front().find("Expect:") == std::string::npos);

  const auto refused = client.send(post(fmt::format("http://127.0.0.1:{}/v1/traces", test::closed_port()), "{}"));
  REQUIRE_FALSE(refused);
  CHECK(refused.error().kind == HttpError::Kind::connect);
  CHECK(refused.error().describe().starts_with("POST http://127.0.0.1:"));
  CHECK(refused.error().describe().ends_with("/v1/traces: connection refused"));
}

TEST_CASE("http::replay_key: GET keys unchanged, a POST's key ends in the hash of its body")
{
  http::HttpRequest get;
  get.url = "http://h:1/x?b=2&a=1";
  CHECK(*http::replay_key(get) == "GET http://h:1/x?a=1&b=2");
  const auto a = post("http://h:1/v1/traces", "one");
  const auto b = post("http://h:1/v1/traces", "two");
  CHECK(*http::replay_key(a) == fmt::format("POST http://h:1/v1/traces body:{:016x}", http::fnv1a64("one")));
  CHECK(*http::replay_key(a) != *http::replay_key(b));
  CHECK_FALSE(http::replay_key(post("not a url", "x")));
}

TEST_CASE("http::RecordingClient records a POST that ReplayClient serves by method, URL and body")
{
  test::TestServer server;
  http::CurlClient curl;
  const auto dir = test::temp_dir("record-post");
  REQUIRE(http::prepare_record_dir(dir));
  const auto url = server.base_url() + "/echo";
  {
    http::RecordingClient recorder(curl, dir);
    CHECK(recorder.send(post(url, "first"))->body == "POST 5 application/json");
    http::HttpRequest get;
    get.url = server.base_url() + "/ok";
    CHECK(recorder.send(get)->status == 200);
  }
  const auto index = test::slurp(dir + "/index.tsv");
  CHECK(index.find(fmt::format("POST {} body:{:016x}\t200\t", url, http::fnv1a64("first"))) != std::string::npos);
  CHECK(index.find("first") == std::string::npos); // a body is not written down, only its hash
  auto replay = http::ReplayClient::open(dir);
  REQUIRE(replay);
  auto& client = *replay.value();
  CHECK(client.send(post(url, "first"))->body == "POST 5 application/json");
  const auto other = client.send(post(url, "second"));
  REQUIRE_FALSE(other);
  CHECK(other.error().kind == HttpError::Kind::not_recorded);
  CHECK(other.error().describe().starts_with("POST "));
}

TEST_CASE("http::ReplayClient: an index line's body hash must be 'body:' and 16 hex digits")
{
  const auto dir = test::temp_dir("replay-post-hash");
  std::ofstream(dir + "/index.tsv") << "POST http://h/v1/traces body:xyz\t200\t-\n";
  const auto opened = http::ReplayClient::open(dir);
  REQUIRE_FALSE(opened);
  CHECK(opened.error().find("index.tsv:1: expected 'body:' and 16 lower-case hex digits") != std::string::npos);
}

TEST_CASE("http::verbose_line names the method and the size sent, never the body")
{
  http::HttpResponse ok;
  ok.status = 200;
  const auto line = http::verbose_line("POST", "http://h/v1/traces", ok, 2, std::chrono::milliseconds(3), 512);
  CHECK(line == "http: POST http://h/v1/traces (512 bytes sent) → 200, 2 bytes, 3 ms");
  CHECK(http::verbose_line("GET", "http://h/x", ok, 1, std::chrono::milliseconds(0)) ==
        "http: GET http://h/x → 200, 1 byte, 0 ms");
}

TEST_SUITE_END();
