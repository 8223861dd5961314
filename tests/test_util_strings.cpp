// util/strings: one_line, parse_seconds, edit_distance, split and trim.
#include <src/util/strings.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <string>

TEST_SUITE_BEGIN("util");

using namespace ttaobs;
using namespace std::chrono_literals;

TEST_CASE("util::one_line")
{
  CHECK(util::one_line("a\nb\r\n\tc  d ") == "a b c d");
  CHECK(util::one_line(std::string(300, 'x'), 10) == "xxxxxxxxxx...");
  SUBCASE("never cuts inside a UTF-8 sequence")
  {
    const auto cut = util::one_line("aaaaaaaaa≥≥≥", 10);
    CHECK(cut == "aaaaaaaaa...");
  }
  CHECK(util::one_line(std::string("nul\0byte", 8)) == "nul byte");
  SUBCASE("terminal-safe: invalid UTF-8 becomes U+FFFD per byte, C1 and bidi controls spaces")
  {
    CHECK(util::one_line("a\xff\xc0\xaf b") == "a\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD b");
    CHECK(util::one_line("x\xc2\x9b"
                         "31m\xe2\x80\xae"
                         "y") == "x 31m y");
    CHECK(util::one_line("\xff\xff", 4) == "\xEF\xBF\xBD...");
    CHECK(util::printable("a\x1b[2J\n\xed\xa0\x80") == "a [2J \xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(util::printable("≥ ok\tfine") == "≥ ok fine");
  }
}

TEST_CASE("util::parse_seconds")
{
  double v = 0;
  CHECK(util::parse_seconds("5", v));
  CHECK(v == 5.0);
  CHECK(util::parse_seconds(" 0.25 ", v));
  CHECK(v == 0.25);
  CHECK_FALSE(util::parse_seconds("abc", v));
  CHECK_FALSE(util::parse_seconds("-1", v));
  CHECK_FALSE(util::parse_seconds("1s", v));
  CHECK_FALSE(util::parse_seconds("", v));
  CHECK_FALSE(util::parse_seconds("inf", v));
  CHECK_FALSE(util::parse_seconds("nan", v));
}

TEST_CASE("util::edit_distance")
{
  CHECK(util::edit_distance("trace/span-count", "trace/span-cont") == 1);
  CHECK(util::edit_distance("", "abc") == 3);
  CHECK(util::edit_distance("kitten", "sitting") == 3);
}

TEST_CASE("util::split and trim")
{
  const auto parts = util::split("a,,b", ',');
  REQUIRE(parts.size() == 3);
  CHECK(parts[1].empty());
  CHECK(util::trim("  x y \n") == "x y");
}

TEST_CASE("util::parse_duration: a number with a unit, or bare seconds")
{
  CHECK(util::parse_duration("500ms") == 500ms);
  CHECK(util::parse_duration("2s") == 2s);
  CHECK(util::parse_duration("1.5m") == 90s);
  CHECK(util::parse_duration("1h") == 1h);
  CHECK(util::parse_duration("250us") == 250us);
  CHECK(util::parse_duration("3") == 3s);
  CHECK_FALSE(util::parse_duration("fast"));
  CHECK_FALSE(util::parse_duration("-1s"));
  CHECK_FALSE(util::parse_duration("1e300h"));
}

TEST_SUITE_END();
