// The access keys (issue 13): headers, bearer tokens, basic auth, tenants and TLS files, per
// endpoint and global, from every layer, files and ${VAR}; secrets never in describe() or errors.
#include <src/config/config.hpp>

#include "support/fixtures.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <map>

TEST_SUITE_BEGIN("config");

using namespace ttaobs::config;

namespace {

Layer layer(std::map<std::string, std::string> values, std::string name = "command line")
{
  return Layer{std::move(name), std::move(values), {}};
}

std::map<std::string, std::string> g_vars;

std::string fake_getenv(const char* name)
{
  const auto it = g_vars.find(name);
  return it == g_vars.end() ? std::string() : it->second;
}

ttaobs::Expected<Config, std::string> flags(std::map<std::string, std::string> values)
{
  return resolve(layer(std::move(values)), layer({}), layer({}), fake_getenv);
}

using Headers = std::vector<std::pair<std::string, std::string>>;

} // namespace

TEST_CASE("config access: headers and tenants, global and per endpoint")
{
  const auto config = flags({{"header", "X-Team: core\nAuthorization: Bearer gl0bal"},
                             {"prometheus-header", "authorization: Bearer pr0m"},
                             {"tenant", "t1"},
                             {"tempo-tenant", "t2"}});
  REQUIRE(config);
  CHECK(config->access_of("jaeger").headers ==
        Headers{{"X-Team", "core"}, {"Authorization", "Bearer gl0bal"}, {"X-Scope-OrgID", "t1"}});
  // An endpoint's header replaces a global one of the same name (case-insensitively).
  CHECK(config->access_of("prometheus").headers ==
        Headers{{"X-Team", "core"}, {"authorization", "Bearer pr0m"}, {"X-Scope-OrgID", "t1"}});
  CHECK(config->access_of("tempo").headers.back() == std::pair<std::string, std::string>{"X-Scope-OrgID", "t2"});
  const auto shown = describe(*config);
  CHECK(shown.find("X-Team: core; Authorization: ***") != std::string::npos);
  CHECK(shown.find("authorization: ***") != std::string::npos);
  CHECK(shown.find("gl0bal") == std::string::npos);
  CHECK(shown.find("pr0m") == std::string::npos);
  CHECK(shown.find("(--prometheus-header)") != std::string::npos);
  CHECK(shown.find("tempo-tenant") != std::string::npos);
  CHECK(shown.find("jaeger-bearer-token") == std::string::npos); // unset access keys are summarised
}

TEST_CASE("config access: repeated header lines in a file, and TTAOBS_ variables")
{
  const auto dir = ttaobs::test::temp_dir("config-access-file");
  std::ofstream(dir + "/a.conf") << "metrics-header = X-A: 1\nmetrics-header = X-Api-Key: k3yfile\n";
  auto file = file_layer(dir + "/a.conf");
  REQUIRE(file);
  g_vars = {{"TTAOBS_JAEGER_BEARER_TOKEN", "envt0k"}};
  const auto config = resolve(layer({}), environment_layer(fake_getenv), *file, fake_getenv);
  REQUIRE(config);
  CHECK(config->access_of("metrics").headers == Headers{{"X-A", "1"}, {"X-Api-Key", "k3yfile"}});
  CHECK(config->access_of("jaeger").bearer_token == "envt0k");
  CHECK(config->origins.at("jaeger-bearer-token") == "TTAOBS_JAEGER_BEARER_TOKEN");
  CHECK(config->origins.at("metrics-header") == dir + "/a.conf:2");
  const auto shown = describe(*config);
  CHECK(shown.find("k3yfile") == std::string::npos);
  CHECK(shown.find("envt0k") == std::string::npos);
  CHECK(shown.find("X-A: 1; X-Api-Key: ***") != std::string::npos);
}

TEST_CASE("config access: credentials from flags, files and ${VAR}")
{
  const auto dir = ttaobs::test::temp_dir("config-access-creds");
  std::ofstream(dir + "/token") << "filet0ken\n";
  std::ofstream(dir + "/basic") << "alice:fil3pw\r\n";
  g_vars = {{"PROM_TOKEN", "vart0ken"}, {"TENANT", "acme"}};
  const auto config = flags({{"prometheus-bearer-token", "${PROM_TOKEN}"},
                             {"jaeger-bearer-token-file", dir + "/token"},
                             {"metrics-basic-auth-file", dir + "/basic"},
                             {"collector-basic-auth", "bob:fl4gpw"},
                             {"tenant", "${TENANT}"},
                             {"tempo-header", "X-Key: ${file:" + dir + "/token}"},
                             {"basic-auth", "root:gl0balpw"}});
  REQUIRE(config);
  CHECK(config->access_of("prometheus").bearer_token == "vart0ken");
  CHECK_FALSE(config->access_of("prometheus").basic_auth); // its own token replaces the global basic auth
  CHECK(config->access_of("jaeger").bearer_token == "filet0ken");
  CHECK(*config->access_of("metrics").basic_auth == std::pair<std::string, std::string>{"alice", "fil3pw"});
  CHECK(*config->access_of("collector").basic_auth == std::pair<std::string, std::string>{"bob", "fl4gpw"});
  CHECK(*config->access_of("tempo").basic_auth == std::pair<std::string, std::string>{"root", "gl0balpw"});
  CHECK(config->access_of("tempo").headers.front() == std::pair<std::string, std::string>{"X-Key", "filet0ken"});
  CHECK(config->access_of("jaeger").headers.back() == std::pair<std::string, std::string>{"X-Scope-OrgID", "acme"});
  const auto shown = describe(*config);
  for (const char* secret : {"vart0ken", "filet0ken", "fil3pw", "fl4gpw", "gl0balpw"}) {
    INFO(secret);
    CHECK(shown.find(secret) == std::string::npos);
  }
  CHECK(shown.find("bob:***") != std::string::npos);
  CHECK(shown.find(dir + "/token") != std::string::npos); // a file's path is shown, not its content
  CHECK(flags({{"header", "X-Literal: $${NOT_A_VAR}"}})->access_of("jaeger").headers.front().second == "${NOT_A_VAR}");
}

TEST_CASE("config access: bad secret files and values fail naming the file, never the content")
{
  const auto dir = ttaobs::test::temp_dir("config-access-bad");
  std::ofstream(dir + "/two-lines") << "s3cretA\ns3cretB\n";
  std::ofstream(dir + "/no-colon") << "s3cretC\n";
  std::ofstream(dir + "/empty") << "\n";
  g_vars = {};
  const auto error = [&](std::map<std::string, std::string> values) {
    const auto r = flags(std::move(values));
    REQUIRE_FALSE(r);
    for (const char* secret : {"s3cretA", "s3cretB", "s3cretC", "s3cretD"}) {
      CHECK(r.error().find(secret) == std::string::npos);
    }
    return r.error();
  };
  CHECK(error({{"prometheus-bearer-token-file", dir + "/missing"}}) ==
        "invalid prometheus-bearer-token-file (from --prometheus-bearer-token-file): cannot read '" + dir +
            "/missing': No such file or directory");
  CHECK(error({{"jaeger-bearer-token-file", dir + "/two-lines"}}) ==
        "invalid jaeger-bearer-token-file (from --jaeger-bearer-token-file): '" + dir +
            "/two-lines' must hold one line without control characters (its content is not shown)");
  CHECK(error({{"metrics-basic-auth-file", dir + "/no-colon"}}) ==
        "invalid metrics-basic-auth-file (from --metrics-basic-auth-file): '" + dir +
            "/no-colon' does not hold USER:PASSWORD (its content is not shown)");
  CHECK(error({{"basic-auth", "s3cretD"}}) ==
        "invalid basic-auth (from --basic-auth): expected USER:PASSWORD (the value is not shown)");
  CHECK(error({{"tempo-bearer-token-file", dir + "/empty"}}).find("is empty") != std::string::npos);
  CHECK(error({{"bearer-token-file", dir}}).find("is a directory") != std::string::npos);
  CHECK(error({{"prometheus-bearer-token", "${NOPE}"}}) ==
        "invalid prometheus-bearer-token (from --prometheus-bearer-token): environment variable NOPE is not set");
  CHECK(error({{"header", "X-A: ${file:" + dir + "/missing}"}}).find("cannot read '" + dir + "/missing'") !=
        std::string::npos);
  CHECK(error({{"header", "s3cretD"}}).find("expected 'Name: value'") != std::string::npos);
  CHECK(error({{"header", "X-A: ${UNCLOSED"}}).find("unterminated ${") != std::string::npos);
  CHECK(error({{"prometheus-bearer-token", "s3cretD"}, {"prometheus-basic-auth", "u:s3cretD"}})
            .find("exclude each other") != std::string::npos);
  // In different layers, the higher one wins.
  const auto layered = resolve(layer({{"prometheus-bearer-token", "flagtok"}}), layer({}),
                               layer({{"prometheus-basic-auth", "u:filepw"}}, "config file x"), fake_getenv);
  REQUIRE(layered);
  CHECK(layered->access_of("prometheus").bearer_token == "flagtok");
  CHECK_FALSE(layered->access_of("prometheus").basic_auth);
}

TEST_CASE("config access: TLS files are checked before any request; proxy and insecure")
{
  const auto dir = ttaobs::test::temp_dir("config-access-tls");
  std::ofstream(dir + "/ca.pem") << "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
  std::ofstream(dir + "/key.pem") << "-----BEGIN PRIVATE KEY-----\ns3cretK\n-----END PRIVATE KEY-----\n";
  std::ofstream(dir + "/junk.pem") << "s3cretK\n";
  const auto ok = flags({{"ca-file", dir + "/ca.pem"},
                         {"prometheus-ca-file", dir},
                         {"prometheus-client-cert", dir + "/ca.pem"},
                         {"prometheus-client-key", dir + "/key.pem"},
                         {"prometheus-server-name", "prom.internal"},
                         {"proxy", "http://proxyuser:pr0xypw@proxy:3128"},
                         {"insecure-skip-verify", "true"}});
  REQUIRE(ok);
  CHECK(ok->access_of("jaeger").tls.ca_file == dir + "/ca.pem");
  CHECK(ok->access_of("prometheus").tls.ca_file == dir); // a hashed CA directory
  CHECK(ok->access_of("prometheus").tls.client_key == dir + "/key.pem");
  CHECK(ok->access_of("prometheus").tls.server_name == "prom.internal");
  CHECK(ok->access_of("jaeger").tls.server_name.empty());
  CHECK(ok->access_of("metrics").tls.insecure_skip_verify);
  CHECK(ok->insecure_skip_verify);
  CHECK(*ok->access_of("tempo").proxy == "http://proxyuser:pr0xypw@proxy:3128");
  CHECK(describe(*ok).find("pr0xypw") == std::string::npos);
  CHECK(describe(*ok).find("TLS NOT VERIFIED") != std::string::npos);
  CHECK_FALSE(flags({})->access_of("jaeger").proxy);
  CHECK(*flags({{"no-proxy", "true"}})->access_of("jaeger").proxy == "");
  CHECK(*flags({{"proxy", ""}})->access_of("jaeger").proxy == "");

  const auto error = [&](std::map<std::string, std::string> values) {
    const auto r = flags(std::move(values));
    REQUIRE_FALSE(r);
    CHECK(r.error().find("s3cretK") == std::string::npos);
    return r.error();
  };
  CHECK(error({{"jaeger-ca-file", dir + "/nope.pem"}}) ==
        "invalid jaeger-ca-file (from --jaeger-ca-file): cannot read '" + dir +
            "/nope.pem': No such file or directory");
  CHECK(error({{"ca-file", dir + "/junk.pem"}}) ==
        "invalid ca-file (from --ca-file): '" + dir +
            "/junk.pem' is not a PEM file with a CERTIFICATE (its content is not shown)");
  CHECK(error({{"metrics-client-cert", dir + "/ca.pem"}}).find("holds no private key") != std::string::npos);
  CHECK(error({{"metrics-client-key", dir + "/key.pem"}}).find("needs --metrics-client-cert") != std::string::npos);
  CHECK(error({{"metrics-client-cert", dir + "/ca.pem"}, {"metrics-client-key", dir + "/junk.pem"}})
            .find("PRIVATE KEY") != std::string::npos);
  CHECK(error({{"insecure-skip-verify", "maybe"}}).find("expected true/false") != std::string::npos);
}

TEST_SUITE_END();
