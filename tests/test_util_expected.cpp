// util/expected: Expected, unexpected and TTAOBS_TRY_ASSIGN.
#include <src/util/expected.hpp>

#include <doctest/doctest.h>

#include <string>

TEST_SUITE_BEGIN("util");

using namespace ttaobs;

namespace {

Expected<int, std::string> parse_positive(int v)
{
  if (v <= 0) {
    return unexpected(std::string("not positive"));
  }
  return v;
}

Expected<int, std::string> doubled(int v)
{
  TTAOBS_TRY_ASSIGN(x, parse_positive(v));
  return x * 2;
}

} // namespace

TEST_CASE("util::Expected")
{
  CHECK(doubled(4).value() == 8);
  const auto bad = doubled(-1);
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error() == "not positive");
  CHECK(doubled(-1).value_or(7) == 7);
}

TEST_SUITE_END();
