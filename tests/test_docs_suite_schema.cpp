// docs/schemas/suite.schema.json against the module table: every kind checks::modules() knows has
// an entry in the schema (so editors complete and check it), and the schema names no other kind.
#include <checks/module.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <string>

using namespace ttaobs;

namespace {

nlohmann::json suite_schema()
{
  std::ifstream in(TTAOBS_SOURCE_DIR "/docs/schemas/suite.schema.json");
  REQUIRE(in.good());
  return nlohmann::json::parse(in);
}

std::set<std::string> module_kinds()
{
  std::set<std::string> out;
  for (const auto& module : checks::modules()) {
    out.emplace(module.kind);
  }
  return out;
}

} // namespace

TEST_CASE("suite schema: its kind list is exactly the module table's kinds")
{
  const auto schema = suite_schema();
  const auto& listed = schema.at("$defs").at("check").at("properties").at("kind").at("enum");
  std::set<std::string> in_schema;
  for (const auto& kind : listed) {
    in_schema.insert(kind.get<std::string>());
  }
  for (const auto& kind : module_kinds()) {
    INFO("module kind without an entry in docs/schemas/suite.schema.json: " << kind);
    CHECK(in_schema.count(kind) == 1);
  }
  for (const auto& kind : in_schema) {
    INFO("docs/schemas/suite.schema.json names a kind no module has: " << kind);
    CHECK(module_kinds().count(kind) == 1);
  }
}

TEST_CASE("suite schema: every module kind has its own field set (an if/then on kind)")
{
  const auto schema = suite_schema();
  std::set<std::string> with_fields;
  for (const auto& branch : schema.at("$defs").at("check").at("allOf")) {
    with_fields.insert(branch.at("if").at("properties").at("kind").at("const").get<std::string>());
    CHECK(branch.at("then").at("additionalProperties") == false);
  }
  for (const auto& kind : module_kinds()) {
    INFO("no if/then field set in docs/schemas/suite.schema.json for kind " << kind);
    CHECK(with_fields.count(kind) == 1);
  }
}
