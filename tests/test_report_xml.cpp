#include <src/report/xml.hpp>

#include <doctest/doctest.h>

#include <string>

TEST_SUITE_BEGIN("report");

using namespace ttaobs;

TEST_CASE("report::xml_escape")
{
  CHECK(report::xml_escape("a<b>&\"'") == "a&lt;b&gt;&amp;&quot;&apos;");
  CHECK(report::xml_escape(std::string("x\0y\x08z", 5)) == "xyz");
  CHECK(report::xml_escape("\xff") == "\xEF\xBF\xBD");
  CHECK(report::xml_escape("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD"); // overlong
  CHECK(report::xml_escape("≥ ok") == "≥ ok");
  CHECK(report::xml_escape("line\nbreak") == "line&#10;break");
}

TEST_CASE("report::xml_escape keeps attribute whitespace as character references")
{
  CHECK(report::xml_escape("a\rb\tc") == "a&#13;b&#9;c");
  CHECK(report::xml_escape("\x7f") == "\x7f");                         // DEL is a legal XML 1.0 character
  CHECK(report::xml_escape("\xEF\xBF\xBE") == "");                     // U+FFFE is not
  CHECK(report::xml_escape("\xF0\x9F\x98\x80") == "\xF0\x9F\x98\x80"); // a supplementary character stays
  CHECK(report::xml_escape("") == "");
}

TEST_SUITE_END();
