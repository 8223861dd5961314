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

std::map<std::string, std::string> g_env;

std::string fake_getenv(const char* name)
{
  const auto it = g_env.find(name);
  return it == g_env.end() ? std::string() : it->second;
}

} // namespace

TEST_CASE("config::resolve defaults")
{
  const auto config = resolve(layer({}), layer({}), layer({}));
  REQUIRE(config);
  CHECK(config->jaeger_url.str() == "http://localhost:16686/");
  CHECK(config->prometheus_url.str() == "http://localhost:9090/");
  CHECK(config->metrics_url.str() == "http://localhost:9464/metrics");
  CHECK(config->collector_url.str() == "http://localhost:13133/");
  CHECK(config->service == "observability-demo");
  CHECK(config->timeout.count() == 5000);
  CHECK(config->interval.count() == 1000);
  CHECK_FALSE(config->wait.has_value());
  CHECK_FALSE(config->junit_path.has_value());
  CHECK_FALSE(config->strict);
  CHECK(config->suite == "foundation");
  CHECK(config->origins.at("service") == "default");
}

TEST_CASE("config::resolve precedence flags > env > file > defaults")
{
  const auto flags = layer({{"service", "from-flag"}});
  const auto env = layer({{"service", "from-env"}, {"timeout", "2"}}, "environment");
  auto file = layer({{"service", "from-file"}, {"timeout", "3"}, {"interval", "0.5"}}, "config file x.conf");
  file.where["interval"] = "x.conf:4";
  const auto config = resolve(flags, env, file);
  REQUIRE(config);
  CHECK(config->service == "from-flag");
  CHECK(config->timeout.count() == 2000);
  CHECK(config->interval.count() == 500);
  CHECK(config->origins.at("service") == "--service");
  CHECK(config->origins.at("interval") == "x.conf:4");
}

TEST_CASE("config::resolve: a suite file's defaults sit between env and the config file")
{
  const auto env = layer({{"timeout", "2"}}, "environment");
  auto suite = layer({{"timeout", "4"}, {"job", "checkout"}, {"service", "checkout"}}, "suite file");
  suite.where = {{"timeout", "s.yaml:5"}, {"job", "s.yaml:6"}, {"service", "s.yaml:7"}};
  auto file = layer({{"job", "from-file"}, {"interval", "0.5"}}, "config file x.conf");
  file.where["interval"] = "x.conf:4";
  const auto config = resolve(layer({{"service", "from-flag"}}), env, suite, file);
  REQUIRE(config);
  CHECK(config->timeout.count() == 2000); // env beats the suite
  CHECK(config->job == "checkout");       // the suite beats the config file
  CHECK(config->origins.at("job") == "s.yaml:6");
  CHECK(config->service == "from-flag");
  CHECK(config->interval.count() == 500);
  CHECK(config->origins.at("interval") == "x.conf:4");
  const auto bad = resolve(layer({}), layer({}), layer({{"timeout", "soon"}}, "suite file"), layer({}));
  CHECK(bad.error() ==
        "invalid timeout 'soon' (from suite file): expected seconds (5, 0.5) or a duration (500ms, 30s, 2m)");
}

TEST_CASE("config::resolve: seconds-valued keys take a bare number or a duration with its unit, as suites do")
{
  const auto config = resolve(layer({{"wait", "2m"}, {"timeout", "500ms"}, {"interval", "1.5"}, {"settle", "0"}}),
                              layer({}), layer({}));
  REQUIRE(config);
  CHECK(config->wait == std::chrono::milliseconds(120'000));
  CHECK(config->timeout.count() == 500);
  CHECK(config->interval.count() == 1500);
  CHECK(config->settle.count() == 0);
  const auto too_long = resolve(layer({{"wait", "25h"}}), layer({}), layer({}));
  REQUIRE_FALSE(too_long);
  CHECK(too_long.error() == "invalid wait '25h' (from --wait): must be between 0 and 86400 seconds");
  CHECK(resolve(layer({{"wait", "1e10"}}), layer({}), layer({})).error() ==
        "invalid wait '1e10' (from --wait): must be between 0 and 86400 seconds");
  CHECK(resolve(layer({{"timeout", " 30s "}}), layer({}), layer({}))->timeout.count() == 30'000);
  CHECK_FALSE(resolve(layer({{"timeout", "5 parsecs"}}), layer({}), layer({})));
  CHECK_FALSE(resolve(layer({{"timeout", "-1s"}}), layer({}), layer({})));
}

TEST_CASE("config::resolve errors name the key and origin")
{
  const auto env = layer({{"timeout", "abc"}});
  g_env = {{"TTAOBS_TIMEOUT", "abc"}};
  const auto from_env = resolve(layer({}), environment_layer(fake_getenv), layer({}));
  REQUIRE_FALSE(from_env);
  CHECK(from_env.error() ==
        "invalid timeout 'abc' (from TTAOBS_TIMEOUT): expected seconds (5, 0.5) or a duration (500ms, 30s, 2m)");
  const auto bad_url = resolve(layer({{"prometheus-url", "prom:9090"}}), layer({}), layer({}));
  CHECK(bad_url.error() ==
        "invalid prometheus-url 'prom:9090' (from --prometheus-url): missing scheme (expected http:// or https://)");
  CHECK(resolve(layer({{"timeout", "0"}}), layer({}), layer({})).error() ==
        "invalid timeout '0' (from --timeout): must be between 0.001 and 3600 seconds");
  CHECK(resolve(layer({{"strict", "maybe"}}), layer({}), layer({})).error() ==
        "invalid strict 'maybe' (from --strict): expected true/false, yes/no, on/off or 1/0");
  CHECK(resolve(layer({{"service", "  "}}), layer({}), layer({})).error() ==
        "invalid service '' (from --service): must not be empty");
  CHECK(resolve(layer({{"junit", "-"}, {"json", "-"}}), layer({}), layer({})).error() ==
        "--junit and --json cannot both write to stdout (-)");
  CHECK(resolve(layer({{"replay", "a"}, {"record", "b"}}), layer({}), layer({})).error() ==
        "--replay and --record cannot be combined");
}

TEST_CASE("config: secrets in URLs are echoed as *** from every layer")
{
  const auto dir = ttaobs::test::temp_dir("config-secrets");
  const auto path = dir + "/ttaobs.conf";
  const std::string refused = "http://user:s3cret@prom:9090/?api_key=k3y";
  SUBCASE("credentials in a URL move to basic auth; the URL is shown redacted")
  {
    const auto flag = resolve(layer({{"prometheus-url", refused}}), layer({}), layer({}));
    REQUIRE(flag);
    CHECK(flag->prometheus_url.str() == "http://prom:9090/?api_key=k3y");
    REQUIRE(flag->access_of("prometheus").basic_auth);
    CHECK(*flag->access_of("prometheus").basic_auth == std::pair<std::string, std::string>{"user", "s3cret"});
    CHECK_FALSE(flag->access_of("jaeger").basic_auth);
    const auto shown = describe(*flag);
    CHECK(shown.find("http://user:***@prom:9090/?api_key=***") != std::string::npos);
    CHECK(shown.find("s3cret") == std::string::npos);
    g_env = {{"TTAOBS_JAEGER_URL", "https://t0ken@j/"}};
    const auto env = resolve(layer({}), environment_layer(fake_getenv), layer({}));
    REQUIRE(env);
    CHECK(describe(*env).find("https://***@j/") != std::string::npos);
    CHECK(describe(*env).find("t0ken") == std::string::npos);
    // An explicit --prometheus-basic-auth beats the URL's userinfo; %XX is decoded, '+' is kept.
    const auto both =
        resolve(layer({{"prometheus-url", "http://a%40b:p+w%3A@prom/"}, {"prometheus-basic-auth", "x:y"}}), layer({}),
                layer({}));
    CHECK(both->access_of("prometheus").basic_auth->first == "x");
    const auto decoded = resolve(layer({{"prometheus-url", "http://a%40b:p+w%3A@prom/"}}), layer({}), layer({}));
    CHECK(*decoded->access_of("prometheus").basic_auth == std::pair<std::string, std::string>{"a@b", "p+w:"});
  }
  SUBCASE("a refused URL's error")
  {
    std::ofstream(path) << "metrics-url = u:s3cret@m:9464/metrics?token=t0k\n";
    const auto from_file = resolve(layer({}), layer({}), file_layer(path).value());
    CHECK(from_file.error() == "invalid metrics-url 'u:***@m:9464/metrics?token=***' (from " + path +
                                   ":1): missing scheme (expected http:// or https://)");
    CHECK(resolve(layer({{"tempo-url", "http://t /?sig=abc"}}), layer({}), layer({})).error() ==
          "invalid tempo-url 'http://t /?sig=***' (from --tempo-url): URL contains white space or a control character");
  }
  SUBCASE("config show")
  {
    const auto config = resolve(layer({{"prometheus-url", "http://gw/prom/?tenant=a&api_key=k3y"}}), layer({}),
                                layer({{"tempo-url", "http://tempo/?access_token=t0k"}}));
    REQUIRE(config);
    CHECK(config->prometheus_url.str() == "http://gw:80/prom/?tenant=a&api_key=k3y"); // sent as given
    const auto shown = describe(*config);
    CHECK(shown.find("k3y") == std::string::npos);
    CHECK(shown.find("t0k") == std::string::npos);
    CHECK(shown.find("http://gw:80/prom/?tenant=a&api_key=***") != std::string::npos);
    CHECK(shown.find("http://tempo:80/?access_token=***") != std::string::npos);
  }
}

TEST_CASE("config::environment_layer reads only TTAOBS_ variables that are set")
{
  g_env = {{"TTAOBS_SERVICE", "checkout"}, {"TTAOBS_STRICT", "yes"}, {"SERVICE", "ignored"}};
  const auto env = environment_layer(fake_getenv);
  CHECK(env.values.size() == 2);
  const auto config = resolve(layer({}), env, layer({}));
  REQUIRE(config);
  CHECK(config->service == "checkout");
  CHECK(config->strict);
  CHECK(config->origins.at("service") == "TTAOBS_SERVICE");
}

TEST_CASE("config::file_layer")
{
  const auto dir = ttaobs::test::temp_dir("config");
  const auto path = dir + "/ttaobs.conf";
  SUBCASE("key = value with comments")
  {
    std::ofstream(path) << "# comment\n\nservice = payments\ntimeout=1.5\n";
    const auto file = file_layer(path);
    REQUIRE(file);
    CHECK(file->values.at("service") == "payments");
    CHECK(file->where.at("timeout") == path + ":4");
    const auto config = resolve(layer({}), layer({}), *file);
    CHECK(config->timeout.count() == 1500);
  }
  SUBCASE("errors name file and line")
  {
    std::ofstream(path) << "service = a\nnonsense\n";
    CHECK(file_layer(path).error() == path + ":2: expected 'key = value'");
    std::ofstream(path) << "servce = a\n";
    CHECK(file_layer(path).error() == path + ":1: unknown key 'servce' (did you mean 'service'?)");
    CHECK(file_layer(dir + "/missing.conf").error() == "config file " + dir + "/missing.conf: cannot be read");
  }
  SUBCASE("a bad value names its line")
  {
    std::ofstream(path) << "\ntimeout = soon\n";
    const auto config = resolve(layer({}), layer({}), file_layer(path).value());
    CHECK(config.error() ==
          "invalid timeout 'soon' (from " + path + ":2): expected seconds (5, 0.5) or a duration (500ms, 30s, 2m)");
  }
}

TEST_CASE("config::keys table is consistent")
{
  std::map<std::string, int> seen;
  for (const auto& key : keys()) {
    CHECK(++seen[std::string(key.key)] == 1);
    CHECK_FALSE(key.help.empty());
    if (!key.env.empty()) {
      CHECK(std::string(key.env).rfind("TTAOBS_", 0) == 0);
    }
  }
  // describe() shows every key with its origin
  const auto text = describe(resolve(layer({{"service", "s"}}), layer({}), layer({})).value());
  CHECK(text.find("service         = s") != std::string::npos);
  CHECK(text.find("(--service)") != std::string::npos);
}

TEST_SUITE_END();
