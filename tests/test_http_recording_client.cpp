// http::RecordingClient: what a recording holds (no secret), how its body files are named, and
// that ReplayClient serves it back.
#include <src/http/curl_client.hpp>
#include <src/http/recording_client.hpp>
#include <src/http/replay_client.hpp>
#include <src/util/strings.hpp>
#include <src/util/url.hpp>

#include "support/fixtures.hpp"
#include "support/run.hpp"
#include "support/test_server.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <set>

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

// The body files named by `dir`/index.tsv, in index order.
std::vector<std::string> body_files(const std::string& dir)
{
  std::vector<std::string> out;
  const auto index = test::slurp(dir + "/index.tsv");
  for (const auto line : util::split(index, '\n')) {
    const auto fields = util::split(line, '\t');
    if (fields.size() >= 3 && fields[2] != "-") {
      out.emplace_back(fields[2]);
    }
  }
  return out;
}

} // namespace

TEST_CASE("http::RecordingClient output replays identically")
{
  test::TestServer server;
  http::CurlClient curl;
  const auto dir = test::temp_dir("record");
  REQUIRE(http::prepare_record_dir(dir));
  {
    http::RecordingClient recorder(curl, dir);
    CHECK(recorder.send(get(server.base_url() + "/ok?b=2&a=1"))->status == 200);
    CHECK(recorder.send(get(server.base_url() + "/500"))->status == 500);
    CHECK_FALSE(recorder.send(get(fmt::format("http://127.0.0.1:{}/", test::closed_port()))));
  }
  auto replay = http::ReplayClient::open(dir);
  REQUIRE(replay);
  auto& client = *replay.value();
  const auto ok = client.send(get(server.base_url() + "/ok?a=1&b=2"));
  REQUIRE(ok);
  CHECK(ok->body == R"({"status":"success"})");
  CHECK(ok->header("content-type") == "application/json");
  CHECK(client.send(get(server.base_url() + "/500"))->status == 500);
  CHECK(client.unused().size() == 1); // the refused one was not asked for again
  const auto unknown = client.send(get(server.base_url() + "/nope"));
  REQUIRE_FALSE(unknown);
  CHECK(unknown.error().kind == HttpError::Kind::not_recorded);
  CHECK(unknown.error().message == fmt::format("no recorded response for 'GET {}/nope'", server.base_url()));
}

TEST_CASE("http::RecordingClient writes no header or credential, and replay matches whatever they are")
{
  test::TestServer server;
  http::CurlClient curl;
  const auto dir = test::temp_dir("record-access");
  REQUIRE(http::prepare_record_dir(dir));
  auto request = get(server.base_url() + "/guarded/ok");
  request.access.bearer_token = "good-token";
  request.access.headers = {{"X-Api-Key", "Pl4ntedRecKey"}};
  {
    http::RecordingClient recorder(curl, dir);
    CHECK(recorder.send(request)->status == 200);
  }
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const auto text = test::slurp(entry.path().string());
    CHECK(text.find("good-token") == std::string::npos);
    CHECK(text.find("Pl4ntedRecKey") == std::string::npos);
  }
  auto replay = http::ReplayClient::open(dir);
  REQUIRE(replay);
  request.access.bearer_token = "another";
  request.access.headers = {{"X-Api-Key", "other"}};
  CHECK(replay.value()->send(request)->status == 200);
}

TEST_CASE("http::replay_body_name: a hash of the canonical request, then a readable slug")
{
  CHECK(http::replay_body_name("GET http://localhost:9090/api/v1/query?query=up%7Bjob%3D%22tta-primitives%22%7D") ==
        "28d19cd902c887a4-9090-api-v1-query-query-up-job-tta-primitives.body");
  CHECK(http::replay_body_name("GET http://localhost:9090/") == "ab80e7536c7bb5b7-9090.body");
  // requests whose slugs agree still get distinct names
  CHECK(http::replay_body_name("GET http://h:1/a?x=1") != http::replay_body_name("GET http://h:1/a?x-1"));
  // a secret value is "***" in the canonical request already, and never in a name
  CHECK(http::replay_body_name("GET http://h:1/a?api_key=***").find("***") == std::string::npos);
}

TEST_CASE("http::RecordingClient names bodies by request: a new request renames none of the others")
{
  test::TestServer server;
  http::CurlClient curl;
  const auto record = [&](const std::string& name, const std::vector<std::string>& paths) {
    const auto dir = test::temp_dir(name);
    REQUIRE(http::prepare_record_dir(dir));
    http::RecordingClient recorder(curl, dir);
    for (const auto& path : paths) {
      REQUIRE(recorder.send(get(server.base_url() + path)));
    }
    return dir;
  };
  const auto first = body_files(record("record-names-a", {"/ok?b=2&a=1", "/500"}));
  const auto second = body_files(record("record-names-b", {"/gzip", "/500", "/ok?a=1&b=2"}));
  REQUIRE(first.size() == 2);
  REQUIRE(second.size() == 3);
  CHECK(second[2] == first[0]); // the same request in another order, parameters in another order
  CHECK(second[1] == first[1]);
  CHECK(std::set<std::string>(second.begin(), second.end()).size() == 3);
  const auto url = util::parse_url(server.base_url() + "/500").value();
  CHECK(first[1] == http::replay_body_name(util::canonical_request("GET", url)));
}

TEST_CASE("fixtures/replay: every body file is named by http::replay_body_name of its request")
{
  int bodies = 0;
  for (const auto& entry : std::filesystem::directory_iterator(test::fixture_path("replay"))) {
    const auto dir = entry.path().string();
    const auto index = test::slurp(dir + "/index.tsv");
    for (const auto line : util::split(index, '\n')) {
      const auto fields = util::split(line, '\t');
      if (line.empty() || line.front() == '#' || fields.size() < 3 || fields[2] == "-") {
        continue;
      }
      CAPTURE(dir);
      CHECK(std::string(fields[2]) == http::replay_body_name(fields[0]));
      ++bodies;
    }
  }
  CHECK(bodies > 0);
}

TEST_SUITE_END();
