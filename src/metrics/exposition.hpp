#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ttaobs::metrics {

/// The two text dialects ttaobs reads.
enum class Format {
  prometheus_text, ///< Prometheus text exposition 0.0.4 (what promtool reads)
  openmetrics,     ///< OpenMetrics 1.0 text
};

/// "prometheus-text" or "openmetrics".
std::string_view to_string(Format format);

/// Family types of both dialects ("untyped" is the 0.0.4 spelling of OpenMetrics' "unknown").
enum class MetricType : std::uint8_t {
  untyped,
  unknown,
  counter,
  gauge,
  summary,
  histogram,
  gauge_histogram,
  info,
  stateset,
};

/// The type as written in each dialect, e.g. "gaugehistogram" (OpenMetrics) or "gauge_histogram".
std::string_view to_string(MetricType type);

/// A metric family as declared by metadata and samples; the parser owns the table of them.
struct Family
{
  std::string name;                      ///< family name (no sample suffix)
  MetricType type = MetricType::untyped; ///< declared or implied type
  bool typed = false;                    ///< a TYPE line was seen (or samples fixed the type)
  std::optional<std::string> help;       ///< HELP text (unescaped) when one was given
  std::optional<std::string> unit;       ///< UNIT (OpenMetrics only)
  std::size_t samples = 0;               ///< sample lines seen for the family
  std::size_t first_line = 0;            ///< line that created the family
};

/// One `name="value"` pair; views stay valid only during the sample callback.
struct Label
{
  std::string_view name;
  std::string_view value; ///< unescaped
};

/// An OpenMetrics exemplar attached to a sample.
struct Exemplar
{
  std::span<const Label> labels;
  double value = 0;
  std::optional<double> timestamp; ///< seconds
};

/// One sample line; views stay valid only during the sample callback.
struct Sample
{
  std::string_view name;         ///< the sample name as written, e.g. "x_bucket"
  std::size_t family = 0;        ///< index into the parser's family table
  std::string_view suffix;       ///< the part of `name` after the family name ("", "_bucket", …)
  std::span<const Label> labels; ///< in written order, `le`/`quantile` included
  double value = 0;
  bool has_timestamp = false;
  double timestamp = 0; ///< ms (text) or seconds (OpenMetrics) as written
  const Exemplar* exemplar = nullptr;
  std::size_t line = 0; ///< 1-based line number
};

/// Where parsing stopped: 1-based line and column, a message and the text around the column.
struct ParseError
{
  std::size_t line = 0;
  std::size_t column = 0;
  std::string message;
  std::string excerpt; ///< a short, printable piece of the line around `column`

  /// "line L:C: message (near "excerpt")" on one line.
  std::string describe() const;
};

/// Receives what a parser reads, in input order.
class ExpositionSink
{
public:
  virtual ~ExpositionSink() = default;
  /// Called for every sample line that parsed.
  virtual void on_sample(const Sample& sample, const Family& family) = 0;
};

} // namespace ttaobs::metrics
