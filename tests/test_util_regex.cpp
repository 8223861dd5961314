#include <src/util/regex.hpp>

#include <doctest/doctest.h>

#include <string>

TEST_SUITE_BEGIN("util");

using namespace ttaobs;

TEST_CASE("util::Regex matches the whole text, as PromQL's =~ does")
{
  const auto re = util::Regex::compile("GET /api/.*");
  REQUIRE(re);
  CHECK(re->full_match("GET /api/orders"));
  CHECK_FALSE(re->full_match("POST GET /api/orders")); // anchored at the start
  CHECK_FALSE(re->full_match("GET /ap"));
  CHECK(re->text() == "GET /api/.*");
  const auto alternatives = util::Regex::compile("checkout|payment");
  REQUIRE(alternatives);
  CHECK(alternatives->full_match("payment"));
  CHECK_FALSE(alternatives->full_match("checkout-v2")); // anchored at the end
}

TEST_CASE("util::Regex refuses a bad pattern in one line, and what RE2 does not support")
{
  const auto bad = util::Regex::compile("a(b");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().find("invalid regular expression: ") == 0);
  CHECK(bad.error().find('\n') == std::string::npos);
  CHECK_FALSE(util::Regex::compile("(a)\\1"));  // a back-reference: not linear time, not RE2
  CHECK_FALSE(util::Regex::compile("a{1001}")); // past RE2's repeat bound
}

TEST_CASE("util::Regex stays linear on a pattern that backtracks exponentially elsewhere")
{
  const auto re = util::Regex::compile("(a+)+$");
  REQUIRE(re);
  const std::string hostile = std::string(5000, 'a') + "!";
  CHECK_FALSE(re->full_match(hostile));
  CHECK(re->full_match(std::string(5000, 'a')));
}

TEST_SUITE_END();
