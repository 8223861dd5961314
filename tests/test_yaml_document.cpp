#include <src/yaml/document.hpp>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include <string>

using namespace ttaobs;

namespace {

std::string error_of(std::string_view text, const yaml::Limits& limits = {})
{
  const auto parsed = yaml::parse(text, limits);
  REQUIRE_FALSE(parsed);
  return parsed.error().describe("suite.yaml");
}

} // namespace

TEST_CASE("yaml: mappings keep keys in order with their positions; quoted scalars are marked")
{
  const auto doc = yaml::parse("name: checkout\nchecks:\n  - id: a\n    min: 3\n  - id: \"007\"\n");
  REQUIRE(doc);
  REQUIRE(doc->kind == yaml::Node::Kind::map);
  REQUIRE(doc->entries.size() == 2);
  CHECK(doc->entries[0].key == "name");
  CHECK(doc->entries[1].key_mark.line == 2);
  const auto* checks = doc->find("checks");
  REQUIRE(checks != nullptr);
  REQUIRE(checks->items.size() == 2);
  CHECK(checks->items[0].mark.line == 3);
  CHECK(checks->items[0].find("min")->value == "3");
  CHECK_FALSE(checks->items[0].find("min")->quoted);
  const auto* id = checks->items[1].find("id");
  CHECK(id->value == "007");
  CHECK(id->quoted);
  CHECK(id->mark.line == 5);
  CHECK(id->mark.column == 9);
  CHECK(doc->find("missing") == nullptr);
}

TEST_CASE("yaml: empty text, nulls, and aliases copied to where they are used")
{
  CHECK(yaml::parse("")->kind == yaml::Node::Kind::null);
  const auto doc = yaml::parse("base: &b {job: api, min: 2}\nother: *b\nnothing: ~\n");
  REQUIRE(doc);
  CHECK(doc->find("other")->find("job")->value == "api");
  CHECK(doc->find("other")->mark.line == 2);
  CHECK(doc->find("nothing")->kind == yaml::Node::Kind::null);
}

TEST_CASE("yaml: syntax errors, duplicate and non-scalar keys are positioned one-line errors")
{
  CHECK(error_of("a: [1, 2\n").rfind("suite.yaml:", 0) == 0);
  CHECK(error_of("a: 1\na: 2\n") == "suite.yaml:2:1: duplicate key \"a\"");
  CHECK(error_of("? [x]\n: 1\n") == "suite.yaml:1:3: a mapping key must be a plain string, not a sequence");
  CHECK(error_of("a: 1\n---\nb: 2\n") == "suite.yaml:3:1: a second YAML document (\"---\"); a suite file holds one");
  CHECK(error_of(std::string("a: \0", 4)) == "suite.yaml: a NUL byte: not a YAML text file");
}

TEST_CASE("yaml: size, depth and alias expansion are bounded")
{
  CHECK(error_of(std::string(2 * 1024 * 1024, '#')) ==
        "suite.yaml: 2097152 bytes; a suite file is at most 1048576 bytes");
  const auto deep = error_of(std::string(100, '['));
  CHECK(deep.rfind("suite.yaml:1:", 0) == 0);
  CHECK(deep.find(": nested deeper than 64 levels") != std::string::npos);
  CHECK(error_of(std::string(100000, '[')).find("nested deeper than 64 levels") != std::string::npos);
  // "billion laughs": nine levels of ten aliases each would be 10^9 nodes
  std::string laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char level = 'b'; level <= 'j'; ++level) {
    laughs += fmt::format("{0}: &{0} [", level);
    for (int i = 0; i < 10; ++i) {
      laughs += fmt::format("{}*{}", i == 0 ? "" : ", ", static_cast<char>(level - 1));
    }
    laughs += "]\n";
  }
  const auto message = error_of(laughs);
  CHECK(message.find("more than 100000 nodes once aliases are expanded") != std::string::npos);
  CHECK(message.rfind("suite.yaml:", 0) == 0);
  yaml::Limits small;
  small.max_nodes = 5;
  CHECK(error_of("[1, 2, 3, 4, 5, 6]", small).find("more than 5 nodes") != std::string::npos);
}
