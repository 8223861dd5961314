// http::ReplayClient: serving index.tsv + body files (whatever their names), errors naming file and line,
// and keeping every body inside the directory.
#include <src/http/replay_client.hpp>

#include "support/fixtures.hpp"
#include "support/run.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

TEST_SUITE_BEGIN("http");

using namespace ttaobs;

namespace {

// A replay directory whose index serves GET http://h/x from the body file `body`.
std::string replay_dir(const std::string& name, const std::string& body)
{
  const auto dir = test::temp_dir(name);
  std::ofstream(dir + "/index.tsv") << "# comment\nGET http://h/x\t200\t" << body << "\n";
  return dir;
}

} // namespace

TEST_CASE("http::ReplayClient serves body files inside the directory, subdirectories included")
{
  const auto dir = replay_dir("replay-inside", "bodies/a.body");
  std::filesystem::create_directories(dir + "/bodies");
  std::ofstream(dir + "/bodies/a.body") << "hello";
  const auto client = http::ReplayClient::open(dir);
  REQUIRE(client);
  http::HttpRequest request;
  request.url = "http://h/x";
  const auto r = (*client)->send(request);
  REQUIRE(r);
  CHECK(r->status == 200);
  CHECK(r->body == "hello");
}

TEST_CASE("http::ReplayClient refuses body files outside the directory, naming index.tsv:LINE")
{
  const auto outside = test::temp_dir("replay-outside-target") + "/secret.body";
  std::ofstream(outside) << "s3cret-content";
  for (const std::string& body : {std::string("../../../../etc/hostname"), std::string("/etc/hostname"),
                                  std::string("sub/../../x.body"), outside}) {
    CAPTURE(body);
    const auto dir = replay_dir("replay-escape", body);
    const auto client = http::ReplayClient::open(dir);
    REQUIRE_FALSE(client);
    CHECK(client.error().find(dir + "/index.tsv:2: body file '" + body + "'") == 0);
    CHECK(client.error().find("s3cret-content") == std::string::npos);
  }
  // a symlink inside the directory that leads out of it
  const auto dir = replay_dir("replay-symlink", "link.body");
  std::filesystem::create_symlink(outside, dir + "/link.body");
  const auto client = http::ReplayClient::open(dir);
  REQUIRE_FALSE(client);
  CHECK(client.error() == dir + "/index.tsv:2: body file 'link.body' resolves outside the replay directory");
}

TEST_CASE("--replay with a body outside the directory is exit 2 before any request, and reads nothing")
{
  const auto dir = test::temp_dir("replay-cli-escape");
  std::ofstream(dir + "/index.tsv") << "GET http://127.0.0.1:1/metrics\t200\t../../../../../../../../etc/hostname\n";
  const auto r = test::run_ttaobs("lint-metrics http://127.0.0.1:1/metrics --replay " + dir);
  CHECK(r.exit_code == 2);
  CHECK(r.err == "ttaobs: lint-metrics: --replay: " + dir +
                     "/index.tsv:1: body file '../../../../../../../../etc/hostname' must not contain '..'\n");
  CHECK(r.out.empty());
}

TEST_CASE("http::ReplayClient::open errors name file and line")
{
  const auto dir = test::temp_dir("replay-bad");
  CHECK(http::ReplayClient::open(dir).error() == dir + "/index.tsv: cannot read file");
  std::ofstream(dir + "/index.tsv") << "# header\nGET http://h:1/\tmaybe\t-\n";
  CHECK(http::ReplayClient::open(dir).error() ==
        dir + "/index.tsv:2: outcome must be an HTTP status, 'refused' or 'timeout'");
  std::ofstream(dir + "/index.tsv") << "GET http://h:1/\t200\tmissing.body\n";
  CHECK(http::ReplayClient::open(dir).error() == dir + "/index.tsv:1: " + dir + "/missing.body: cannot read file");
}

TEST_CASE("http::ReplayClient serves a recording of any age: sequence-named bodies (001-…) still replay")
{
  // index.tsv names each body, so the recorder's naming is not part of the format
  const auto dir = test::temp_dir("replay-sequence-names");
  std::ofstream(dir + "/index.tsv") << "# ttaobs replay index\n"
                                    << "GET http://h:1/a\t200\t001-1-a.body\tapplication/json\n"
                                    << "GET http://h:1/b?y=2&x=1\t503\t002-1-b-x-1-y-2.body\n"
                                    << "GET http://h:1/c\trefused\t-\n";
  std::ofstream(dir + "/001-1-a.body") << "{}";
  std::ofstream(dir + "/002-1-b-x-1-y-2.body") << "down";
  const auto client = http::ReplayClient::open(dir);
  REQUIRE(client);
  http::HttpRequest request;
  request.url = "http://h:1/a";
  const auto a = (*client)->send(request);
  REQUIRE(a);
  CHECK(a->body == "{}");
  CHECK(a->header("content-type") == "application/json");
  request.url = "http://h:1/b?x=1&y=2";
  const auto b = (*client)->send(request);
  REQUIRE(b);
  CHECK(b->status == 503);
  CHECK(b->body == "down");
  CHECK((*client)->unused() == std::vector<std::string>{"GET http://h:1/c"});
}

TEST_SUITE_END();
