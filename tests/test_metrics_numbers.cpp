// metrics/numbers: Go's and OpenMetrics' number grammars, int64 timestamps and UTF-8, on their own
// (test_metrics_text_parser.cpp and test_metrics_om_parser.cpp check them inside whole lines).
#include <src/metrics/numbers.hpp>

#include <doctest/doctest.h>

#include <cmath>
#include <limits>

using namespace ttaobs::metrics;

TEST_SUITE_BEGIN("metrics");

TEST_CASE("metrics::parse_go_float: decimal, Inf/Infinity and NaN as strconv.ParseFloat reads them")
{
  CHECK(parse_go_float("1.5") == 1.5);
  CHECK(parse_go_float("-2e3") == -2000);
  CHECK(parse_go_float(".5") == 0.5);
  CHECK(parse_go_float("5.") == 5);
  CHECK(parse_go_float("+3") == 3);
  CHECK(parse_go_float("1e-400") == 0); // underflow is zero, not an error
  CHECK(std::isinf(*parse_go_float("+Inf")));
  CHECK(*parse_go_float("-Infinity") < 0);
  CHECK(std::isnan(*parse_go_float("NaN")));
  for (const char* bad : {"", "1e400", "0x10", "0x1p-3", "1_0", "infin", "1 ", "a"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_go_float(bad).has_value());
  }
}

TEST_CASE("metrics::parse_om_number and parse_om_timestamp")
{
  CHECK(parse_om_number("0.3") == 0.3);
  CHECK(std::isinf(*parse_om_number("+Inf")));
  CHECK(std::isnan(*parse_om_number("NaN")));
  CHECK_FALSE(parse_om_number("0x10").has_value());
  CHECK_FALSE(parse_om_number("1_0").has_value());
  CHECK(parse_om_timestamp("1700000000.5") == 1700000000.5);
  CHECK_FALSE(parse_om_timestamp("NaN").has_value());
  CHECK_FALSE(parse_om_timestamp("+Inf").has_value());
}

TEST_CASE("metrics::parse_int64: signed decimal within 64 bits")
{
  CHECK(parse_int64("1700000000000") == 1700000000000);
  CHECK(parse_int64("-5") == -5);
  CHECK(parse_int64("+5") == 5);
  CHECK(parse_int64("9223372036854775807") == std::numeric_limits<std::int64_t>::max());
  for (const char* bad : {"", "99999999999999999999", "1.5", "0x10", "1_0", " 1"}) {
    CAPTURE(bad);
    CHECK_FALSE(parse_int64(bad).has_value());
  }
}

TEST_CASE("metrics::valid_utf8 and code_points")
{
  CHECK(valid_utf8("plain"));
  CHECK(valid_utf8("\xe2\x98\x83")); // ☃
  CHECK_FALSE(valid_utf8("\xff"));
  CHECK_FALSE(valid_utf8("\xc3\x28"));
  CHECK_FALSE(valid_utf8("\xc0\xaf"));     // overlong '/'
  CHECK_FALSE(valid_utf8("\xed\xa0\x80")); // a surrogate
  CHECK(code_points("a\xe2\x98\x83"
                    "b") == 3);
}

TEST_SUITE_END();
