// The key table (src/config/keys.cpp): one row per key, and the loops of resolve, describe and
// the command line over it.
#include <src/config/config.hpp>
#include <src/config/defaults.hpp>

#include <doctest/doctest.h>

#include <map>
#include <set>

TEST_SUITE_BEGIN("config");

using namespace ttaobs::config;

namespace {

Layer layer(std::map<std::string, std::string> values, std::string name = "command line")
{
  return Layer{std::move(name), std::move(values), {}};
}

// The line `config show` prints for `key`.
std::string line_of(const std::string& shown, const std::string& key)
{
  const auto at = shown.find(key + " ");
  return at == std::string::npos ? "" : shown.substr(at, shown.find('\n', at) - at);
}

} // namespace

TEST_CASE("config keys: every row has help, a unique name and a unique environment variable")
{
  std::set<std::string_view> names;
  std::set<std::string_view> envs;
  for (const auto& info : keys()) {
    CAPTURE(info.key);
    CHECK(names.insert(info.key).second);
    CHECK_FALSE(info.help.empty());
    CHECK((info.env.empty() || envs.insert(info.env).second));
    CHECK((info.commands & k_run) == k_run); // validate and config show take every key
    CHECK(find_key(info.key) == &info);
    CHECK((info.kind == Kind::access) == std::holds_alternative<std::monostate>(info.member));
    CHECK((info.kind == Kind::flag) == std::holds_alternative<bool Config::*>(info.member));
  }
  CHECK(find_key("no-such-key") == nullptr);
}

TEST_CASE("config keys: every default parses under its own kind, and reads back as itself")
{
  const auto defaults = resolve(layer({}), layer({}), layer({}));
  REQUIRE(defaults);
  const auto shown = describe(*defaults);
  for (const auto& info : keys()) {
    if (info.default_value.empty()) {
      continue;
    }
    CAPTURE(info.key);
    const std::string key(info.key);
    const auto given = resolve(layer({{key, std::string(info.default_value)}}), layer({}), layer({}));
    REQUIRE(given);
    // the same value as the default, only its origin differs
    const auto line = line_of(describe(*given), key);
    const auto before = line_of(shown, key);
    CHECK(line.substr(0, line.rfind(" (")) == before.substr(0, before.rfind(" (")));
    CHECK(line.find("(--" + key + ")") != std::string::npos);
  }
}

TEST_CASE("config keys: a bare flag is a flag row; choices and defaults come from the table")
{
  for (const auto& info : keys()) {
    CAPTURE(info.key);
    if (info.kind == Kind::flag) {
      CHECK(info.is_flag);
    }
  }
  const auto* api = find_key("jaeger-api");
  REQUIRE(api != nullptr);
  CHECK(api->kind == Kind::choice);
  CHECK(choices(*api) == std::vector<std::string_view>{"auto", "v3", "v1"});
  CHECK(find_key("service")->default_value == k_default_service);
  CHECK(find_key("job")->default_value == k_default_job);
  const auto config = resolve(layer({{"jaeger-api", " v3 "}}), layer({}), layer({}));
  REQUIRE(config);
  CHECK(config->jaeger_api == ttaobs::sources::JaegerApi::v3);
  CHECK(to_string(config->jaeger_api) == "v3");
  CHECK(resolve(layer({{"jaeger-api", "v2"}}), layer({}), layer({})).error() ==
        "invalid jaeger-api 'v2' (from --jaeger-api): expected auto, v3 or v1");
}

TEST_CASE("config keys: which subcommands take a key")
{
  const auto takes = [](std::string_view key, Commands command) { return (find_key(key)->commands & command) != 0; };
  CHECK(takes("jaeger-url", k_trace));
  CHECK(takes("jaeger-bearer-token", k_trace));
  CHECK(takes("header", k_trace));
  CHECK_FALSE(takes("prometheus-url", k_trace));
  CHECK_FALSE(takes("prometheus-header", k_trace));
  CHECK(takes("metrics-tenant", k_lint));
  CHECK(takes("junit", k_lint));
  CHECK_FALSE(takes("json", k_lint));
  CHECK_FALSE(takes("no-color", k_lint));
  CHECK(takes("timeout", k_lint));
  CHECK(takes("timeout", k_trace));
}

TEST_SUITE_END();
