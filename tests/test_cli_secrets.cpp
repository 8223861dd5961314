// Secrets planted in URLs (a userinfo password, an api key in a base URL's query) through flags,
// the environment and a --config file never reach any output of validate, trace, lint-metrics or
// config show: stdout, stderr, --junit, --json and a --record directory (issue 12, item 5).
#include "support/fixtures.hpp"
#include "support/run.hpp"
#include "support/test_server.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>

TEST_SUITE_BEGIN("cli");

using ttaobs::test::run_ttaobs;
using ttaobs::test::slurp;

namespace {

constexpr const char* k_password = "Pl4ntedPassw0rd";
const char* const k_secrets[] = {"Pl4ntedPassw0rd", "Pl4ntedFlagKey",   "Pl4ntedEnvToken", "Pl4ntedFileSig",
                                 "Pl4ntedLintKey",  "Pl4ntedHeaderVal", "Pl4ntedBearer",   "Pl4ntedBasicPw",
                                 "Pl4ntedFileTok",  "Pl4ntedEnvCookie", "Pl4ntedConfPw",   "Pl4ntedVarVal"};

// Every planted secret is absent from `text`; `where` names the output for the failure message.
void check_clean(const std::string& text, const std::string& where)
{
  for (const char* secret : k_secrets) {
    INFO(where, " holds ", std::string(secret));
    CHECK(text.find(secret) == std::string::npos);
  }
}

// Every file name and content under `dir` is clean; returns the index.tsv text.
std::string check_record_dir(const std::string& dir)
{
  REQUIRE(std::filesystem::is_directory(dir));
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    ++files;
    check_clean(entry.path().filename().string(), "file name " + entry.path().string());
    check_clean(slurp(entry.path().string()), entry.path().string());
  }
  CHECK(files > 1); // the index and at least one body
  return slurp(dir + "/index.tsv");
}

} // namespace

TEST_CASE("cli secrets: a password in a URL is accepted from every layer, sent as basic auth and shown as ***")
{
  ttaobs::test::TestServer server;
  const auto dir = ttaobs::test::temp_dir("secrets-userinfo");
  const auto url = fmt::format("http://user:{}@{}/", k_password, server.base_url().substr(7));
  std::ofstream(dir + "/file.conf") << "prometheus-url = " << url << "\njaeger-url = " << url
                                    << "\nmetrics-url = " << url << "metrics\n";
  for (const char* command : {"validate", "trace", "lint-metrics", "config show"}) {
    const std::string key = std::string(command) == "lint-metrics" ? "metrics-url"
                            : std::string(command) == "trace"      ? "jaeger-url"
                                                                   : "prometheus-url";
    const std::string env = key == "metrics-url"  ? "TTAOBS_METRICS_URL"
                            : key == "jaeger-url" ? "TTAOBS_JAEGER_URL"
                                                  : "TTAOBS_PROMETHEUS_URL";
    const bool reports = key != "jaeger-url" && std::string(command) != "config show";
    const ttaobs::test::RunResult runs[] = {
        run_ttaobs(
            fmt::format("{} --{} '{}' --timeout 2 {}", command, key, url, reports ? "--junit " + dir + "/r.xml" : "")),
        run_ttaobs(std::string(command) + " --timeout 2", fmt::format("{}='{}' ", env, url)),
        run_ttaobs(fmt::format("{} --config {}/file.conf --timeout 2", command, dir)),
    };
    for (const auto& r : runs) {
      INFO(command, ": ", r.err);
      CHECK(r.exit_code != 2);
      if (std::string(command) == "config show") {
        CHECK(r.out.find("user:***@127.0.0.1") != std::string::npos);
      }
      check_clean(r.out + r.err, std::string(command) + " output");
    }
    if (reports) {
      check_clean(slurp(dir + "/r.xml"), std::string(command) + " JUnit");
    }
  }
  // The password went out as basic auth (user:Pl4ntedPassw0rd), never in a request line.
  int basic = 0;
  for (const auto& raw : server.raw_requests()) {
    basic += raw.find("Authorization: Basic dXNlcjpQbDRudGVkUGFzc3cwcmQ=") != std::string::npos ? 1 : 0;
    check_clean(raw.substr(0, raw.find("\r\n")), "request line");
  }
  CHECK(basic >= 6);
}

TEST_CASE("cli secrets: a base URL's query secret is sent on every call and shown nowhere")
{
  ttaobs::test::TestServer server;
  const auto dir = ttaobs::test::temp_dir("secrets-query");
  const auto base = server.base_url();
  // One layer per key: jaeger and collector from flags, prometheus from the environment, metrics
  // from the config file. /ok answers only itself, so API calls fail and their URLs reach messages.
  std::ofstream(dir + "/file.conf") << "metrics-url = " << base << "/500?X-Amz-Signature=Pl4ntedFileSig\n";
  const auto flags = fmt::format("--jaeger-url '{0}/ok?tenant=a&api_key=Pl4ntedFlagKey' --collector-url "
                                 "'{0}/ok?apikey=Pl4ntedFlagKey' --config {1}/file.conf --timeout 2",
                                 base, dir);
  const auto env = fmt::format("TTAOBS_PROMETHEUS_URL='{}/prom/?tenant=a&access_token=Pl4ntedEnvToken' ", base);

  SUBCASE("validate: console, JUnit, JSON and --record")
  {
    const auto r = run_ttaobs(fmt::format("validate {0} --jaeger-api v1 --junit {1}/r.xml --json {1}/r.json "
                                          "--record {1}/rec",
                                          flags, dir),
                              env);
    CHECK((r.exit_code == 1 || r.exit_code == 3));
    check_clean(r.out + r.err, "validate output");
    const auto junit = slurp(dir + "/r.xml");
    const auto json = slurp(dir + "/r.json");
    check_clean(junit, "JUnit");
    check_clean(json, "JSON");
    CHECK(junit.find("api_key=***") != std::string::npos);
    CHECK(json.find("access_token=***") != std::string::npos);
    CHECK(json.find("X-Amz-Signature=***") != std::string::npos);
    CHECK(check_record_dir(dir + "/rec").find("api_key=***") != std::string::npos);
    // The secret and the tenant went out on the API calls, after the base URL's path prefix.
    bool prefixed = false;
    for (const auto& line : server.requests()) {
      prefixed =
          prefixed || line.find("/prom/api/v1/query?tenant=a&access_token=Pl4ntedEnvToken&query=") != std::string::npos;
    }
    CHECK(prefixed);
  }
  SUBCASE("trace")
  {
    const auto r = run_ttaobs(fmt::format("trace --jaeger-url '{0}/ok?tenant=a&api_key=Pl4ntedFlagKey' --config "
                                          "{1}/file.conf --timeout 2 --jaeger-api v1 --record {1}/rec-trace",
                                          base, dir),
                              env);
    CHECK(r.exit_code == 3);
    CHECK(r.err.find("api_key=***") != std::string::npos);
    check_clean(r.out + r.err, "trace output");
    check_record_dir(dir + "/rec-trace");
  }
  SUBCASE("lint-metrics")
  {
    const auto r = run_ttaobs(fmt::format("lint-metrics '{0}/500?apikey=Pl4ntedLintKey' --junit {1}/lint.xml "
                                          "--format json --record {1}/rec-lint",
                                          base, dir),
                              env);
    CHECK(r.exit_code == 1);
    check_clean(r.out + r.err, "lint-metrics output");
    check_clean(slurp(dir + "/lint.xml"), "lint-metrics JUnit");
    CHECK((r.out + r.err).find("apikey=***") != std::string::npos);
    check_record_dir(dir + "/rec-lint");
  }
  SUBCASE("config show")
  {
    const auto r = run_ttaobs("config show " + flags, env);
    CHECK(r.exit_code == 0);
    check_clean(r.out + r.err, "config show");
    CHECK(r.out.find("/prom/?tenant=a&access_token=*** ") != std::string::npos);
    CHECK(r.out.find("X-Amz-Signature=***") != std::string::npos);
  }
}

TEST_CASE("cli secrets: header values, tokens, basic-auth passwords and secret files are shown nowhere")
{
  ttaobs::test::TestServer server;
  const auto dir = ttaobs::test::temp_dir("secrets-access");
  const auto base = server.base_url();
  std::ofstream(dir + "/token") << "Pl4ntedFileTok\n";
  std::ofstream(dir + "/file.conf")
      << "tempo-basic-auth = t:Pl4ntedConfPw\njaeger-header = Authorization: ${SECRET_VAR}\n"
      << "metrics-url = " << base << "/guarded/metrics\n";
  // Every endpoint is guarded, so the 401 messages (which name the flags) reach every output.
  // (no --tempo-url: validate refuses it, as it does not use Tempo; trace's by-id case below does)
  const auto flags = fmt::format("--jaeger-url {0}/guarded/ --prometheus-url {0}/guarded/ --collector-url {0}/guarded/ "
                                 "--header 'X-Api-Key: Pl4ntedHeaderVal' "
                                 "--prometheus-bearer-token Pl4ntedBearer --jaeger-basic-auth u:Pl4ntedBasicPw "
                                 "--collector-bearer-token-file {1}/token --config {1}/file.conf --timeout 2",
                                 base, dir);
  const std::string env = "TTAOBS_METRICS_HEADER='Cookie: Pl4ntedEnvCookie' SECRET_VAR=Pl4ntedVarVal ";

  SUBCASE("validate: console, JUnit, JSON and --record; a replay matches whatever the secrets")
  {
    const auto r =
        run_ttaobs(fmt::format("validate {0} --junit {1}/r.xml --json {1}/r.json --record {1}/rec", flags, dir), env);
    INFO(r.out, r.err);
    CHECK((r.exit_code == 1 || r.exit_code == 3));
    CHECK(r.out.find("check the credentials for --prometheus-url") != std::string::npos);
    check_clean(r.out + r.err, "validate output");
    check_clean(slurp(dir + "/r.xml"), "JUnit");
    check_clean(slurp(dir + "/r.json"), "JSON");
    check_record_dir(dir + "/rec");
    // The secrets did go out, as headers.
    bool header = false;
    for (const auto& raw : server.raw_requests()) {
      header = header || raw.find("X-Api-Key: Pl4ntedHeaderVal") != std::string::npos;
    }
    CHECK(header);
    // (the same URLs as recorded: a request the recording lacks would be a usage error)
    const auto replay = run_ttaobs(fmt::format("validate --replay {0}/rec --header 'X-Api-Key: other' "
                                               "--prometheus-bearer-token other --jaeger-url {1}/guarded/ "
                                               "--prometheus-url {1}/guarded/ --collector-url {1}/guarded/ "
                                               "--metrics-url {1}/guarded/metrics",
                                               dir, base));
    INFO(replay.out, replay.err);
    CHECK(replay.exit_code == r.exit_code);
    CHECK(replay.out.find("not recorded") == std::string::npos);
  }
  SUBCASE("trace, by search and by id through Tempo")
  {
    // trace takes no --prometheus-* or --collector-* option: CLI11's complaint shows no value.
    const auto refused = run_ttaobs(fmt::format("trace {}", flags), env);
    CHECK(refused.exit_code == 2);
    check_clean(refused.out + refused.err, "trace usage error");
    const auto trace_flags = fmt::format("--jaeger-url {0}/guarded/ --header 'X-Api-Key: "
                                         "Pl4ntedHeaderVal' --jaeger-basic-auth u:Pl4ntedBasicPw --tempo-bearer-token="
                                         "Pl4ntedBearer --config {1}/file.conf --timeout 2",
                                         base, dir);
    // --tempo-url only with --trace-id (without, it would be ignored: a usage error)
    for (const auto& extra : {std::string("--jaeger-api v1"),
                              "--trace-id 4bf92f3577b34da6a3ce929d0e0e4736 --tempo-url " + base + "/guarded/"}) {
      const auto r = run_ttaobs(fmt::format("trace {} {} --record {}/rec-trace", trace_flags, extra, dir), env);
      CHECK(r.exit_code == 3);
      CHECK(r.err.find("HTTP 401 — check the credentials for --") != std::string::npos);
      check_clean(r.out + r.err, "trace output");
      check_record_dir(dir + "/rec-trace");
    }
  }
  SUBCASE("lint-metrics")
  {
    const auto r = run_ttaobs(fmt::format("lint-metrics --config {0}/file.conf --header 'X-Api-Key: Pl4ntedHeaderVal' "
                                          "--metrics-bearer-token Pl4ntedBearer --junit {0}/lint.xml --format json "
                                          "--record {0}/rec-lint",
                                          dir),
                              env);
    CHECK(r.exit_code == 1);
    CHECK(r.err.find("HTTP 401 — check the credentials for --metrics-url") != std::string::npos);
    check_clean(r.out + r.err, "lint-metrics output");
    check_clean(slurp(dir + "/lint.xml"), "lint-metrics JUnit");
    check_record_dir(dir + "/rec-lint");
  }
  SUBCASE("config show")
  {
    const auto r = run_ttaobs("config show " + flags, env);
    CHECK(r.exit_code == 0);
    check_clean(r.out + r.err, "config show");
    CHECK(r.out.find("X-Api-Key: ***") != std::string::npos);
    CHECK(r.out.find("u:***") != std::string::npos);
    CHECK(r.out.find("Cookie: ***") != std::string::npos);
  }
}

TEST_SUITE_END();
