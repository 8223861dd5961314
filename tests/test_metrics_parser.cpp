// metrics/parser: the streaming front end (errors, chunking, gzip, limits, bad bytes, dialect
// choice). The dialects have their own files: test_metrics_text_parser.cpp, test_metrics_om_parser.cpp.
#include <src/metrics/parser.hpp>

#include "support/exposition.hpp"
#include "support/fixtures.hpp"

#include <doctest/doctest.h>
#include <fmt/format.h>
#include <zlib.h>

#include <cmath>
#include <filesystem>

using namespace ttaobs::metrics;
using ttaobs::test::parse;
using ttaobs::test::Recorder;

namespace {

std::string gzip(std::string_view text)
{
  z_stream z{};
  deflateInit2(&z, Z_BEST_SPEED, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  std::string out(compressBound(static_cast<uLong>(text.size())) + 64, '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

} // namespace

TEST_SUITE_BEGIN("metrics");

TEST_CASE("errors carry line:column, a message and an excerpt")
{
  const auto e = parse("ok 1\nok 2\nbroken{label=value} 3\n");
  REQUIRE(e.has_value());
  CHECK(e->line == 3);
  CHECK(e->column == 14);
  CHECK(e->message == "expected '\"' at start of label value, found 'v'");
  CHECK(e->describe() ==
        "line 3:14: expected '\"' at start of label value, found 'v' (near \"broken{label=value} 3\")");

  const auto om = parse("a 1\n", Format::openmetrics);
  REQUIRE(om.has_value());
  CHECK(om->message == "missing \"# EOF\" at the end of the exposition");
  CHECK(om->line == 2);
}

TEST_CASE("streaming: any chunking gives the same samples, and gzip is inflated on the fly")
{
  const auto text = ttaobs::test::read_fixture("exposition/samples/node-exporter.txt");
  Recorder whole;
  REQUIRE_FALSE(parse_exposition(text, Format::prometheus_text, whole).has_value());
  REQUIRE(whole.samples.size() > 500);
  for (const std::size_t chunk : {1UL, 7UL, 4096UL}) {
    Recorder pieces;
    ExpositionParser parser(Format::prometheus_text, pieces);
    for (std::size_t i = 0; i < text.size(); i += chunk) {
      REQUIRE(parser.feed(std::string_view(text).substr(i, chunk)));
    }
    REQUIRE(parser.finish());
    CHECK(pieces.samples == whole.samples);
    CHECK(parser.bytes() == text.size());
  }
  const auto compressed = gzip(text);
  Recorder inflated;
  ExpositionParser parser(Format::prometheus_text, inflated);
  for (std::size_t i = 0; i < compressed.size(); i += 1000) {
    REQUIRE(parser.feed(std::string_view(compressed).substr(i, 1000)));
  }
  REQUIRE(parser.finish());
  CHECK(inflated.samples == whole.samples);

  const auto truncated = parse(std::string_view(compressed).substr(0, compressed.size() / 2));
  REQUIRE(truncated.has_value());
  CHECK(truncated->message == "gzip data ends early (truncated download or file?)");
}

using namespace std::string_literals;

TEST_CASE("NUL bytes: where OpenMetrics' escaped strings and promtool's 0.0.4 parser take them, and nowhere else")
{
  // OpenMetrics 1.0 ABNF: normal-char = %x00-09 / %x0B-21 / ... in escaped-string (HELP, label values)
  const auto om = "# TYPE a counter\n# HELP a he\0lp\na_total{x=\"v\0w\"} 1 # {t=\"\0\"} 1\n# EOF\n"s;
  CHECK_FALSE(parse(om, Format::openmetrics).has_value());
  for (const std::string& bad : {"# TYPE a gau\0ge\na 1\n# EOF\n"s, "a\0 1\n# EOF\n"s, "a 1\0\n# EOF\n"s,
                                 "a{x\0=\"1\"} 1\n# EOF\n"s, "# TYPE a_s gauge\n# UNIT a_s \0s\na_s 1\n# EOF\n"s}) {
    CAPTURE(bad);
    CHECK(parse(bad, Format::openmetrics).has_value());
  }
  // 0.0.4 text, as promtool 2.42: HELP text, label values and comments
  CHECK_FALSE(parse("# HELP a he\0lp\n# TYPE a gauge\n# c\0\na{x=\"\0\"} 1\n"s).has_value());
  CHECK(parse("# TYPE a gau\0ge\na 1\n"s).has_value());
}

TEST_CASE("bad bytes and huge lines are clear errors, never crashes")
{
  // NUL is an ordinary byte: refused where the grammar refuses any stray byte, the message printable
  const auto nul = parse("a\0b 1\n"s);
  REQUIRE(nul.has_value());
  CHECK(nul->line == 1);
  CHECK(nul->describe().find('\0') == std::string::npos);
  const auto nul_escape = parse("a{x=\"\\\0\"} 1\n"s);
  REQUIRE(nul_escape.has_value());
  CHECK(nul_escape->message == "invalid escape sequence '\\\\x00'");

  const auto utf8 = parse("a{x=\"\xc3\x28\"} 1\n");
  REQUIRE(utf8.has_value());
  CHECK(utf8->message.find("not UTF-8") != std::string::npos);
  CHECK(utf8->describe().find("\\xc3") != std::string::npos); // the excerpt is printable

  const std::string huge = "a{x=\"" + std::string(1'000'000, 'v') + "\"} 1\n";
  const auto too_long = parse(huge);
  REQUIRE(too_long.has_value());
  CHECK(too_long->line == 1);
  CHECK(too_long->message == "line is longer than 65536 bytes (raise --max-line-bytes if it is real)");
  Recorder sink;
  CHECK_FALSE(parse_exposition(huge, Format::prometheus_text, sink, 2'000'000).has_value());

  const auto unterminated = parse("a 1\nb 2");
  REQUIRE(unterminated.has_value());
  CHECK(unterminated->line == 2);
  CHECK(unterminated->message == "unexpected end of input stream (the last line has no newline)");
}

TEST_CASE("content type and file sniffing choose the dialect")
{
  CHECK(format_for_content_type("application/openmetrics-text; version=1.0.0; charset=utf-8") == Format::openmetrics);
  CHECK(format_for_content_type("text/plain; version=0.0.4") == Format::prometheus_text);
  CHECK(format_for_content_type("") == Format::prometheus_text);
  CHECK(sniff_format("a 1\n", "a 1\n# EOF\n") == Format::openmetrics);
  CHECK(sniff_format("a 1\n", "a 1\n# EOF") == Format::openmetrics);
  CHECK(sniff_format("# TYPE a counter\n# UNIT a seconds\n", "a_total 1\n") == Format::prometheus_text);
  CHECK(sniff_format("a 1\n", "x# EOF\n") == Format::prometheus_text);
}

TEST_SUITE_END();
