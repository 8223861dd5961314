// Production endpoints through the binary (issue 13): credentials, tenants and headers reach the
// loopback server's guarded routes, a 401/403 names the flags to check, bad secret files stop the
// run before any request, --insecure-skip-verify is loud, and the proxy environment is honoured.
#include "support/fixtures.hpp"
#include "support/run.hpp"
#include "support/test_server.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <fstream>

TEST_SUITE_BEGIN("cli");

using ttaobs::test::run_ttaobs;
using ttaobs::test::slurp;

namespace {

// True when some request the server received carries `line` ("Name: value") as a header.
bool received_header(const ttaobs::test::TestServer& server, const std::string& line)
{
  for (const auto& raw : server.raw_requests()) {
    if ((raw + "\r\n").find("\r\n" + line + "\r\n") != std::string::npos) {
      return true;
    }
  }
  return false;
}

} // namespace

TEST_CASE("cli auth: a 401 from Prometheus names the flags; the bearer token gets through")
{
  ttaobs::test::TestServer server;
  const auto prom = server.base_url() + "/guarded/";
  const auto base = fmt::format("validate --only metrics/requests-total --prometheus-url {} --timeout 2", prom);
  const auto refused = run_ttaobs(base);
  INFO(refused.out, refused.err);
  CHECK(refused.exit_code == 3);
  CHECK(refused.out.find("HTTP 401 — check the credentials for --prometheus-url (--prometheus-bearer-token[-file]") !=
        std::string::npos);
  const auto allowed = run_ttaobs(base + " --prometheus-bearer-token good-token");
  CHECK(allowed.out.find("HTTP 401") == std::string::npos);
  CHECK(allowed.out.find("good-token") == std::string::npos);
  CHECK(received_header(server, "Authorization: Bearer good-token"));
}

TEST_CASE("cli auth: a health probe's 401 names its flags; basic auth from a file passes it")
{
  ttaobs::test::TestServer server;
  const auto dir = ttaobs::test::temp_dir("cli-auth-basic");
  std::ofstream(dir + "/basic") << "user:good-pw\n";
  const auto base =
      fmt::format("validate --only health/prometheus --prometheus-url {}/guarded/ok --timeout 2", server.base_url());
  const auto refused = run_ttaobs(base);
  INFO(refused.out, refused.err);
  CHECK(refused.exit_code == 1);
  CHECK(refused.out.find("HTTP 401 (expected 200) — check the credentials for --prometheus-url") != std::string::npos);
  const auto allowed = run_ttaobs(base + " --prometheus-basic-auth-file " + dir + "/basic");
  INFO(allowed.out, allowed.err);
  CHECK(allowed.exit_code == 0);
  // The URL's userinfo works the same way, and is never shown.
  const auto userinfo = run_ttaobs(fmt::format("validate --only health/prometheus --prometheus-url "
                                               "http://user:good-pw@{}/guarded/ok --timeout 2",
                                               server.base_url().substr(7)));
  CHECK(userinfo.exit_code == 0);
  CHECK((userinfo.out + userinfo.err).find("good-pw") == std::string::npos);
}

TEST_CASE("cli auth: trace sends the tenant and headers; a 403 names the tenant flags")
{
  ttaobs::test::TestServer server;
  const auto base = fmt::format("trace --jaeger-api v1 --jaeger-url {}/tenant/ --timeout 2", server.base_url());
  const auto refused = run_ttaobs(base);
  CHECK(refused.exit_code == 3);
  CHECK(refused.err.find("HTTP 403 — check the credentials and tenant for --jaeger-url") != std::string::npos);
  CHECK(refused.err.find("--jaeger-tenant/--tenant") != std::string::npos);
  const auto allowed =
      run_ttaobs(base + " --tenant tenant-a --header 'X-Api-Key: ${MY_KEY}' --jaeger-header 'X-Team: core'",
                 "MY_KEY=k3y-from-env ");
  INFO(allowed.err);
  CHECK(allowed.err.find("HTTP 403") == std::string::npos);
  CHECK(received_header(server, "X-Scope-OrgID: tenant-a"));
  CHECK(received_header(server, "X-Api-Key: k3y-from-env"));
  CHECK(received_header(server, "X-Team: core"));
  CHECK((allowed.out + allowed.err).find("k3y-from-env") == std::string::npos);
}

TEST_CASE("cli auth: lint-metrics sends the metrics endpoint's credentials; a 401 names its flags")
{
  ttaobs::test::TestServer server;
  const auto url = server.base_url() + "/guarded/openmetrics";
  const auto refused = run_ttaobs("lint-metrics " + url);
  CHECK(refused.exit_code == 1);
  CHECK(refused.err.find("HTTP 401 — check the credentials for --metrics-url") != std::string::npos);
  const auto token = run_ttaobs("lint-metrics " + url + " --metrics-bearer-token good-token");
  INFO(token.err);
  CHECK(token.exit_code == 0);
  const auto configured = run_ttaobs("lint-metrics --metrics-url " + url, "TTAOBS_BASIC_AUTH=user:good-pw ");
  CHECK(configured.exit_code == 0);
  const auto userinfo =
      run_ttaobs(fmt::format("lint-metrics http://user:good-pw@{}/guarded/openmetrics", server.base_url().substr(7)));
  CHECK(userinfo.exit_code == 0);
  CHECK((userinfo.out + userinfo.err).find("good-pw") == std::string::npos);
}

TEST_CASE("cli auth: a missing or malformed secret or certificate file is exit 2 before any request")
{
  ttaobs::test::TestServer server;
  const auto dir = ttaobs::test::temp_dir("cli-auth-files");
  std::ofstream(dir + "/two-lines") << "Pl4ntedLineOne\nPl4ntedLineTwo\n";
  std::ofstream(dir + "/not-pem") << "Pl4ntedNotPem\n";
  const auto url = server.base_url() + "/guarded/";
  const std::vector<const char*> secret_files = {"/missing", "/two-lines"};
  const std::vector<const char*> pem_files = {"/missing", "/not-pem", "/two-lines"};
  const struct
  {
    std::string command;
    const char* flag;
    const std::vector<const char*>& files;
  } cases[] = {{"validate --prometheus-url " + url, "--prometheus-bearer-token-file", secret_files},
               {"trace --jaeger-url " + url, "--jaeger-basic-auth-file", pem_files},
               {"lint-metrics --metrics-url " + url, "--metrics-bearer-token-file", secret_files},
               {"lint-metrics --metrics-url " + url, "--basic-auth-file", pem_files},
               {"validate --prometheus-url " + url, "--ca-file", pem_files},
               {"trace --jaeger-url " + url, "--jaeger-client-cert", pem_files}};
  for (const auto& c : cases) {
    for (const char* file : c.files) {
      const auto r = run_ttaobs(fmt::format("{} {} {}{}", c.command, c.flag, dir, file));
      INFO(c.command, " ", c.flag, " ", file, ": ", r.err);
      CHECK(r.exit_code == 2);
      CHECK(r.err.find(dir + file) != std::string::npos);
      CHECK(r.err.find("Pl4nted") == std::string::npos);
    }
  }
  CHECK(server.requests().empty());
}

TEST_CASE("cli auth: --insecure-skip-verify is reported on stderr and in the reports")
{
  const auto dir = ttaobs::test::temp_dir("cli-auth-insecure");
  const auto r =
      run_ttaobs(fmt::format("validate --insecure-skip-verify --replay {}/fixtures/replay/healthy --json {}/r.json "
                             "--junit {}/r.xml",
                             TTAOBS_SOURCE_DIR, dir, dir));
  CHECK(r.err.find("WARNING: --insecure-skip-verify: TLS certificates and host names are NOT verified") !=
        std::string::npos);
  CHECK(slurp(dir + "/r.json").find("\"tls\": \"NOT VERIFIED (--insecure-skip-verify)\"") != std::string::npos);
  CHECK(slurp(dir + "/r.xml").find("name=\"endpoint.tls\" value=\"NOT VERIFIED (--insecure-skip-verify)\"") !=
        std::string::npos);
  const auto quiet = run_ttaobs(fmt::format("validate --replay {}/fixtures/replay/healthy", TTAOBS_SOURCE_DIR));
  CHECK(quiet.err.find("insecure") == std::string::npos);
}

TEST_CASE("cli auth: http_proxy is honoured, --proxy overrides it and --no-proxy turns it off")
{
  ttaobs::test::TestServer proxy;
  const auto target = "trace --jaeger-api v1 --jaeger-url http://ttaobs-proxied.invalid:16686/ --timeout 2";
  const auto via_env = run_ttaobs(target, fmt::format("http_proxy={} ", proxy.base_url()));
  REQUIRE_FALSE(proxy.requests().empty());
  CHECK(proxy.requests().front().find("GET http://ttaobs-proxied.invalid:16686/api/traces?") == 0);
  const auto count = proxy.requests().size();
  const auto off = run_ttaobs(std::string(target) + " --no-proxy", fmt::format("http_proxy={} ", proxy.base_url()));
  CHECK(off.exit_code == 3);
  CHECK(off.err.find("could not resolve host") != std::string::npos);
  CHECK(proxy.requests().size() == count);
  const auto flag = run_ttaobs(std::string(target) + " --proxy " + proxy.base_url(), "http_proxy=http://127.0.0.1:9 ");
  CHECK(proxy.requests().size() > count);
  CHECK(via_env.exit_code == 3);
}

TEST_SUITE_END();
