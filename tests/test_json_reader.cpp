#include <src/json/reader.hpp>

#include <doctest/doctest.h>

#include <chrono>
#include <string>

TEST_SUITE_BEGIN("sources");

using ttaobs::json::JsonReader;

namespace {

std::string skip_error(const std::string& text)
{
  JsonReader in(text);
  in.skip_value();
  in.finish();
  return in.error();
}

} // namespace

TEST_CASE("json::JsonReader skip_value validates what it skips")
{
  CHECK(skip_error(R"({"a":[1,-2.5e3,true,false,null,"x\"y",{}],"b":{}})").empty());
  CHECK(skip_error("[]").empty());
  CHECK(skip_error("0").empty());
  CHECK(skip_error("[tru]") == "malformed JSON at byte 2: invalid literal");
  CHECK(skip_error("[01]") == "malformed JSON at byte 3: expected ',' or ']' after an array element");
  CHECK(skip_error("[1.]") == "malformed JSON at byte 2: invalid number");
  CHECK(skip_error("{\"a\" 1}") == "malformed JSON at byte 6: expected ':' after an object key");
  CHECK(skip_error("{1:2}") == "malformed JSON at byte 2: expected a quoted object key");
  CHECK(skip_error("[\"abc") == "malformed JSON at byte 6: unterminated string"); // at the end of input
  CHECK(skip_error("[\"a\x01\"]") == "malformed JSON at byte 4: control character in string");
  CHECK(skip_error("[\"\\q\"]") == "malformed JSON at byte 4: invalid escape in string"); // at the q
  CHECK(skip_error("[1 2]") == "malformed JSON at byte 4: expected ',' or ']' after an array element");
  CHECK(skip_error("") == "malformed JSON at byte 1: unexpected end of input");
  CHECK(skip_error("{} {}") == "malformed JSON at byte 4: unexpected text after the JSON value");
}

TEST_CASE("json::JsonReader nesting is not recursion")
{
  const std::string deep = std::string(1000000, '[') + std::string(1000000, ']');
  const ttaobs::json::JsonLimits unbounded{2000000};
  JsonReader in(deep, {}, unbounded);
  CHECK(in.skip_value());
  CHECK(in.finish());
  const std::string open(1000000, '[');
  JsonReader cut(open, {}, unbounded);
  CHECK_FALSE(cut.skip_value());
  CHECK(cut.error() == "malformed JSON at byte 1000001: unexpected end of input");
}

TEST_CASE("json::JsonReader nesting is bounded (issue 12: 200 MB of nested arrays cost 15 GB)")
{
  using ttaobs::json::k_max_json_depth;
  CHECK(k_max_json_depth == 128);
  const auto nested = [](std::size_t n) { return std::string(n, '[') + std::string(n, ']'); };
  CHECK(skip_error(nested(128)).empty());
  CHECK(skip_error(nested(129)) == "nesting deeper than 128 levels at byte 129");
  CHECK(skip_error(std::string(100000000, '[')) == "nesting deeper than 128 levels at byte 129"); // stops at once
  CHECK(skip_error("{\"a\":" + nested(200) + "}") == "nesting deeper than 128 levels at byte 133");
  // containers entered by the caller count too
  JsonReader in("[[[[1]]]]", {}, ttaobs::json::JsonLimits{3});
  REQUIRE(in.begin_array(""));
  REQUIRE(in.next_element());
  REQUIRE(in.begin_array(""));
  REQUIRE(in.next_element());
  CHECK_FALSE(in.skip_value());
  CHECK(in.error() == "nesting deeper than 3 levels at byte 4");
}

TEST_CASE("json::JsonReader stops when the deadline has passed (--timeout bounds parsing)")
{
  const std::string big = "[" + std::string(1u << 20, ' ') + "1]"; // over 64 KiB: the deadline is looked at
  const ttaobs::json::JsonLimits past{ttaobs::json::k_max_json_depth,
                                      std::chrono::steady_clock::now() - std::chrono::seconds(1)};
  JsonReader in(big, {}, past);
  CHECK_FALSE(in.skip_value());
  CHECK(in.error().rfind("timed out parsing JSON at byte ", 0) == 0);
  CHECK(in.error().find("(--timeout)") != std::string::npos);
  // a deadline still ahead changes nothing
  JsonReader ok(
      big, {},
      ttaobs::json::JsonLimits{ttaobs::json::k_max_json_depth, ttaobs::json::deadline_after(std::chrono::hours(1))});
  CHECK(ok.skip_value());
  CHECK(ok.finish());
}

TEST_CASE("json::JsonReader strings and numbers")
{
  JsonReader in(R"(["plain", "esc\"aped\\\n\u00e9\ud83d\ude00\ud800", 9223372036854775807, 9223372036854775808, "x"])");
  REQUIRE(in.begin_array(""));
  std::string text;
  REQUIRE(in.next_element());
  CHECK(in.read_string("s", text));
  CHECK(text == "plain");
  REQUIRE(in.next_element());
  CHECK(in.read_string("s", text));
  CHECK(text == "esc\"aped\\\n\xC3\xA9\xF0\x9F\x98\x80\xEF\xBF\xBD"); // é, 😀, lone surrogate → U+FFFD
  std::int64_t n = 0;
  REQUIRE(in.next_element());
  CHECK(in.read_int64("n", n));
  CHECK(n == 9223372036854775807);
  REQUIRE(in.next_element());
  CHECK_FALSE(in.read_int64("n", n));
  CHECK(in.error() == "malformed JSON at byte 73: integer out of range"); // where that number starts
}

TEST_CASE("json::JsonReader shape errors keep the field")
{
  JsonReader in(R"({"a": "text"})");
  REQUIRE(in.begin_object(""));
  std::string_view key;
  REQUIRE(in.next_key(key));
  std::int64_t n = 0;
  CHECK_FALSE(in.read_int64("a", n));
  CHECK(in.shape_failure());
  CHECK(in.shape_field() == "a");
  CHECK(in.shape_what() == "expected integer, found string");
  CHECK(in.error() == "a: expected integer, found string");
}

TEST_CASE("json::JsonReader reports progress")
{
  const std::string big = "[" + std::string(40u << 20, ' ') + "1]";
  std::size_t calls = 0;
  JsonReader in(big, [&](std::size_t offset) {
    ++calls;
    CHECK(offset >= 16u << 20);
  });
  CHECK(in.skip_value());
  CHECK(calls >= 1);
}

TEST_SUITE_END();
