#pragma once

// Helpers for the exposition parser's tests (test_metrics_parser, _text_parser, _om_parser).
#include <src/metrics/parser.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ttaobs::test {

/// Records every sample as "name{labels} value [timestamp] @family [# exemplar]" for comparison.
struct Recorder final : metrics::ExpositionSink
{
  std::vector<std::string> samples; ///< one line per sample, in order
  void on_sample(const metrics::Sample& s, const metrics::Family& family) override;
};

/// The parse error of `text` in `format`, if any (samples are discarded).
std::optional<metrics::ParseError> parse(std::string_view text,
                                         metrics::Format format = metrics::Format::prometheus_text);

/// True when `text` parses in `format`.
bool parses(std::string_view text, metrics::Format format = metrics::Format::prometheus_text);

} // namespace ttaobs::test
