#include <src/json/util.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <string>

TEST_SUITE_BEGIN("json");

using namespace ttaobs;

TEST_CASE("json::parse_json: a tree, or a one-line error with the byte offset")
{
  std::string error;
  const auto doc = json::parse_json(R"({"a":[1,2]})", error);
  CHECK(error.empty());
  CHECK(doc["a"].size() == 2);

  const auto bad = json::parse_json(R"({"a":})", error);
  CHECK(bad.is_discarded());
  CHECK(error.find("malformed JSON at byte 6: ") == 0);
  CHECK(error.find('\n') == std::string::npos);

  CHECK(json::parse_json("  \n", error).is_discarded());
  CHECK(error == "empty response body (expected JSON)");
}

TEST_CASE("json::parse_json refuses nesting past the limit before building a tree, and a passed deadline")
{
  std::string error;
  json::JsonLimits limits;
  limits.max_depth = 4;
  CHECK(json::parse_json("[[[[[1]]]]]", error, limits).is_discarded());
  CHECK_FALSE(error.empty());
  CHECK_FALSE(json::parse_json("[[[[1]]]]", error, limits).is_discarded());
  CHECK(error.empty());

  json::JsonLimits late;
  late.deadline = std::chrono::steady_clock::now() - std::chrono::seconds(1);
  CHECK(json::parse_json("[1]", error, late).is_discarded());
  CHECK(error.find("timed out") != std::string::npos);
}

TEST_CASE("json::string_or never throws on the wrong shape")
{
  const auto doc = nlohmann::json::parse(R"({"s":"x","n":1})");
  CHECK(json::string_or(doc, "s") == "x");
  CHECK(json::string_or(doc, "n", "fallback") == "fallback");
  CHECK(json::string_or(doc, "missing", "fallback") == "fallback");
  CHECK(json::string_or(nlohmann::json::array(), "s", "fallback") == "fallback");
  CHECK(json::json_type_name(doc) == "object");
  CHECK(json::json_type_name(doc["n"]) == "number");
}

TEST_SUITE_END();
