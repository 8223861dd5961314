#include <src/json/reader.hpp>

#include <doctest/doctest.h>

#include <string>

TEST_SUITE_BEGIN("sources");

using ttaobs::json::JsonReader;

namespace {

// The string value `json` decodes to, or its error.
std::string decoded(const std::string& json)
{
  JsonReader in(json);
  std::string out;
  return in.read_string("s", out) ? out : in.error();
}

} // namespace

TEST_CASE("json string scanning: a string without escapes is a view into the input")
{
  const std::string json = R"("plain text" )";
  JsonReader in(json);
  std::string_view view;
  REQUIRE(in.read_string_view("s", view));
  CHECK(view == "plain text");
  CHECK(view.data() == json.data() + 1);
  CHECK(in.finish());
}

TEST_CASE("json string scanning decodes every escape")
{
  CHECK(decoded(R"("a\"b\\c\/d\be\ff\ng\rh\ti")") == "a\"b\\c/d\be\ff\ng\rh\ti");
  CHECK(decoded(R"("\u0041\u00e9\u20ac")") == "A\xC3\xA9\xE2\x82\xAC"); // 1, 2 and 3 UTF-8 bytes
  CHECK(decoded(R"("\ud83d\ude00")") == "\xF0\x9F\x98\x80");            // a surrogate pair: 4 bytes
  CHECK(decoded(R"("\ud83d x")") == "\xEF\xBF\xBD x");                  // lone high surrogate
  CHECK(decoded(R"("\ude00")") == "\xEF\xBF\xBD");                      // lone low surrogate
  CHECK(decoded(R"("\ud83d\u0041")") == "\xEF\xBF\xBD"
                                        "A");  // not a pair
  CHECK(decoded(R"("\u00E9")") == "\xC3\xA9"); // upper-case hex
}

TEST_CASE("json string scanning: where a bad string is reported")
{
  CHECK(decoded(R"("\u12g4")") == "malformed JSON at byte 4: invalid \\u escape"); // at the first hex digit
  CHECK(decoded(R"("\u12")") == "malformed JSON at byte 4: invalid \\u escape");
  CHECK(decoded(R"("ab\x")") == "malformed JSON at byte 5: invalid escape in string"); // at the x
  CHECK(decoded("\"ab\\") == "malformed JSON at byte 5: unterminated string");         // at the end
  CHECK(decoded("\"a\\nb") == "malformed JSON at byte 6: unterminated string");        // at the end
  CHECK(decoded("\"a\\n\x1f\"") == "malformed JSON at byte 5: control character in string");
}

TEST_SUITE_END();
