// libFuzzer target: the exposition parser in both dialects, fed whole and in pieces, with the
// extended linter behind it. Besides crashes it traps on a broken invariant: how the bytes are
// split must not change the verdict, the error position or the samples seen; an error message
// stays one printable line.
#include <src/metrics/lint.hpp>
#include <src/metrics/parser.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using namespace ttaobs::metrics;

struct Counter final : ExpositionSink
{
  std::size_t samples = 0;
  double checksum = 0;
  void on_sample(const Sample& s, const Family&) override
  {
    ++samples;
    checksum += static_cast<double>(s.labels.size() + s.name.size() + s.line);
  }
};

struct Outcome
{
  bool ok = false;
  std::size_t line = 0;
  std::size_t column = 0;
  std::size_t samples = 0;
  double checksum = 0;
};

Outcome run(std::string_view text, Format format, std::size_t chunk, std::size_t max_line)
{
  Counter counter;
  ExpositionParser parser(format, counter, max_line);
  for (std::size_t i = 0; i < text.size(); i += chunk) {
    if (!parser.feed(text.substr(i, chunk))) {
      break;
    }
  }
  parser.finish();
  const auto& error = parser.error();
  return {!error, error ? error->line : 0, error ? error->column : 0, counter.samples, counter.checksum};
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  if (size == 0) {
    return 0;
  }
  const std::size_t chunk = 1 + data[0] % 61;
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  for (const Format format : {Format::prometheus_text, Format::openmetrics}) {
    const auto whole = run(text, format, text.size() + 1, 4096);
    const auto split = run(text, format, chunk, 4096);
    if (whole.ok != split.ok || whole.line != split.line || whole.column != split.column ||
        whole.samples != split.samples || whole.checksum != split.checksum) {
      std::abort();
    }
    LintOptions options{true, 5};
    options.max_series_per_family = 1 + data[0] % 4; // the cap path too
    Linter linter(format, options);
    ExpositionParser parser(format, linter, 4096);
    parser.feed(text);
    parser.finish();
    const auto report = linter.finish(parser, "fuzz");
    if (report.parse_error.has_value() == whole.ok) {
      std::abort();
    }
    // an error is one printable line, whatever bytes (a NUL…) the input held
    for (const char c : report.parse_error ? report.parse_error->describe() : std::string()) {
      if (static_cast<unsigned char>(c) < 0x20) {
        std::abort();
      }
    }
  }
  return 0;
}
