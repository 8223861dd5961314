#pragma once

// Internal to src/metrics: what the two dialect parsers share.

#include "exposition.hpp"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ttaobs::metrics::detail {

/// Hash for heterogeneous (string_view) lookup in the family table.
struct NameHash
{
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

/// Families in order of first appearance, found by name.
class FamilyTable
{
public:
  /// The index of `name`, or nullopt.
  std::optional<std::size_t> find(std::string_view name) const;
  /// Appends a family named `name` created on `line`; returns its index.
  std::size_t add(std::string_view name, std::size_t line);
  Family& operator[](std::size_t index) { return m_families[index]; }
  const std::vector<Family>& all() const { return m_families; }

private:
  std::vector<Family> m_families;
  std::unordered_map<std::string, std::size_t, NameHash, std::equal_to<>> m_index;
};

/// One dialect: consumes whole lines (without their '\n'); the first error stops it.
class LineParser
{
public:
  explicit LineParser(ExpositionSink& sink) : m_sink(sink) {}
  virtual ~LineParser() = default;

  /// Parses line number `number`; false once an error is recorded.
  virtual bool line(std::string_view text, std::size_t number) = 0;
  /// The input ended; `unterminated` is the last line when it had no '\n' (already parsed or not).
  virtual bool end(std::optional<std::string_view> unterminated, std::size_t number) = 0;

  const std::optional<ParseError>& error() const { return m_error; }
  const std::vector<Family>& families() const { return m_families.all(); }

  /// Records an error at byte `offset` of `text` (line `number`); returns false for chaining.
  bool fail(std::string_view text, std::size_t number, std::size_t offset, std::string message);

protected:
  /// Label storage reset per line; views into it stay valid until the next reset.
  void reset_labels(std::size_t line_size);
  /// `raw` with escapes resolved, stored in the line arena (or `raw` itself when it has none).
  /// `keep_unknown`: an unknown escape is kept verbatim (OpenMetrics) instead of being an error;
  /// `quote`: \" is an escape (label values; not HELP text in the 0.0.4 format).
  /// Returns nullopt with `bad` set to the offending character ('\n': a trailing backslash).
  std::optional<std::string_view> unescape(std::string_view raw, bool keep_unknown, char& bad, bool quote = true);

  ExpositionSink& m_sink;
  FamilyTable m_families;
  std::vector<Label> m_labels;
  std::optional<ParseError> m_error;

private:
  std::string m_arena;
};

/// True for ' ' and '\t'.
inline bool is_blank(char c)
{
  return c == ' ' || c == '\t';
}
/// True for [a-zA-Z_].
inline bool is_label_start(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
/// True for [a-zA-Z0-9_].
inline bool is_label_char(char c)
{
  return is_label_start(c) || (c >= '0' && c <= '9');
}
/// The end of the metric name ([a-zA-Z_:][a-zA-Z0-9_:]*) starting at `i` (== i when none).
std::size_t metric_name_end(std::string_view s, std::size_t i);
/// The end of the label name ([a-zA-Z_][a-zA-Z0-9_]*) starting at `i` (== i when none).
std::size_t label_name_end(std::string_view s, std::size_t i);
/// True when `name` is a whole valid metric name.
bool valid_metric_name(std::string_view name);
/// `text` quoted as Go's %q would, for messages.
std::string quoted(std::string_view text);

/// Creates the Prometheus text 0.0.4 parser.
std::unique_ptr<LineParser> make_text_parser(ExpositionSink& sink);
/// Creates the OpenMetrics parser.
std::unique_ptr<LineParser> make_openmetrics_parser(ExpositionSink& sink);

} // namespace ttaobs::metrics::detail
