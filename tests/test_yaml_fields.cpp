#include <src/yaml/fields.hpp>

#include <doctest/doctest.h>

#include <map>
#include <string>

using namespace ttaobs;
using namespace std::chrono_literals;

namespace {

const yaml::EnvLookup k_env = [](std::string_view name) -> std::optional<std::string> {
  static const std::map<std::string, std::string, std::less<>> vars = {{"SERVICE", "checkout"}, {"EMPTY", ""}};
  const auto found = vars.find(name);
  return found == vars.end() ? std::nullopt : std::optional<std::string>(found->second);
};

yaml::Node doc(std::string_view text)
{
  auto parsed = yaml::parse(text);
  REQUIRE(parsed);
  return std::move(*parsed);
}

std::vector<std::string> described(const std::vector<yaml::Error>& errors)
{
  std::vector<std::string> out;
  for (const auto& e : errors) {
    out.push_back(e.describe("s.yaml"));
  }
  return out;
}

} // namespace

TEST_CASE("yaml fields: ${VAR} and ${VAR:-default} interpolation")
{
  CHECK(*yaml::interpolate("svc=${SERVICE}", k_env) == "svc=checkout");
  CHECK(*yaml::interpolate("${MISSING:-fallback}/${SERVICE:-x}", k_env) == "fallback/checkout");
  CHECK(*yaml::interpolate("${EMPTY:-empty means unset}", k_env) == "empty means unset");
  CHECK(*yaml::interpolate("cost $$5, $ alone, ends with $", k_env) == "cost $5, $ alone, ends with $");
  CHECK(yaml::interpolate("${MISSING}", k_env).error() == "${MISSING} is not set (give a default with ${MISSING:-…})");
  CHECK(yaml::interpolate("${SERVICE", k_env).error() == "\"${\" without a closing \"}\"");
  CHECK(yaml::interpolate("${1X}", k_env).error() ==
        "\"${1X}\" is not a variable reference (${NAME} or ${NAME:-default})");
}

TEST_CASE("yaml fields: typed values are read and every problem is positioned")
{
  const auto node = doc("name: ${SERVICE}\nmin: 3\nratio: 0.5\nwarn: true\nwithin: 2s\npattern: 'db\\..*'\n"
                        "tags: [a, b]\none: solo\nmode: any\n");
  std::vector<yaml::Error> errors;
  yaml::MapReader r(node, "check 'x'", k_env, errors);
  CHECK(r.string("name") == "checkout");
  CHECK(r.integer("min", 0, 100) == 3);
  CHECK(r.number("ratio", 0, 1) == 0.5);
  CHECK(r.boolean("warn") == true);
  CHECK(r.duration("within") == 2s);
  const auto pattern = r.regex("pattern");
  REQUIRE(pattern);
  CHECK(pattern->full_match("db.query"));
  CHECK_FALSE(pattern->full_match("xdb.query"));
  CHECK(r.strings("tags") == std::vector<std::string>{"a", "b"});
  CHECK(r.strings("one") == std::vector<std::string>{"solo"});
  CHECK(r.choice("mode", {"all", "any"}) == "any");
  CHECK_FALSE(r.string("absent"));
  r.finish();
  CHECK(errors.empty());
}

TEST_CASE("yaml fields: wrong types, bounds, bad regexes, missing and unknown keys")
{
  const auto node = doc("min: lots\nmax: 500\nwarn: yes\nwithin: soon\npattern: '(unclosed'\n"
                        "tags: {a: 1}\nqurey: up\nmode: some\nname: '3'\ncount: \"7\"\n");
  std::vector<yaml::Error> errors;
  yaml::MapReader r(node, "check 'x'", k_env, errors);
  CHECK_FALSE(r.integer("min", 0, 10));
  CHECK_FALSE(r.integer("max", 0, 10));
  CHECK_FALSE(r.boolean("warn"));
  CHECK_FALSE(r.duration("within"));
  CHECK_FALSE(r.regex("pattern"));
  CHECK_FALSE(r.strings("tags"));
  CHECK_FALSE(r.string("query", true));
  CHECK_FALSE(r.choice("mode", {"all", "any"}));
  CHECK(r.string("name") == "3");
  CHECK_FALSE(r.integer("count", 0, 10)); // quoted: a string, not a number
  r.finish();
  const auto got = described(errors);
  const std::vector<std::string> want = {
      "s.yaml:1:6: \"min\" of check 'x' must be a number, not \"lots\"",
      "s.yaml:2:6: \"max\" of check 'x' must be between 0 and 10, not 500",
      "s.yaml:3:7: \"warn\" of check 'x' must be true or false, not \"yes\"",
      "s.yaml:4:9: \"within\" of check 'x' must be a duration such as 500ms, 2s or 1m, not \"soon\"",
      "s.yaml:5:10: \"pattern\" of check 'x': invalid regular expression: missing ): (unclosed",
      "s.yaml:6:7: \"tags\" of check 'x' must be a list of strings, not a mapping",
      "s.yaml:1:1: check 'x' needs \"query\"",
      "s.yaml:8:7: \"mode\" of check 'x' must be one of all, any, not \"some\"",
      "s.yaml:10:8: \"count\" of check 'x' must be a number, not \"7\"",
      "s.yaml:7:1: unknown key \"qurey\" in check 'x' (did you mean \"query\"?)",
  };
  CHECK(got == want);
}

TEST_CASE("yaml fields: a reader over a non-mapping says so once")
{
  const auto node = doc("- a\n- b\n");
  std::vector<yaml::Error> errors;
  yaml::MapReader r(node, "the suite", k_env, errors);
  CHECK_FALSE(r.string("name", true));
  r.finish();
  CHECK(described(errors) ==
        std::vector<std::string>{"s.yaml:1:1: the suite must be a mapping (key: value lines), not a sequence"});
}
