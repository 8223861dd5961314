#pragma once

#include "exposition.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ttaobs::metrics {

namespace detail {
class LineParser;
class Inflater;
} // namespace detail

/// Lines longer than this are refused unless the caller raises the limit.
constexpr std::size_t k_default_max_line_bytes = 64 * 1024;

/// The Accept header Prometheus 2.x sends when scraping: OpenMetrics first, then text 0.0.4.
constexpr std::string_view k_scrape_accept =
    "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,"
    "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

/// The dialect a Content-Type names (OpenMetrics for application/openmetrics-text, else text).
Format format_for_content_type(std::string_view content_type);

/// A guess for a file: OpenMetrics when it ends with a "# EOF" line (or its head holds one, for
/// streams whose end is unknown); `head`/`tail` are its first and last bytes.
Format sniff_format(std::string_view head, std::string_view tail);

/// The first (at most `max`) inflated bytes when `bytes` start a gzip stream, else nullopt
/// (for sniffing the dialect of compressed input).
std::optional<std::string> inflated_head(std::string_view bytes, std::size_t max = 256 * 1024);

/// A streaming exposition parser: bytes go in as they arrive (gzip is recognised by its magic
/// and inflated), lines are split and parsed one at a time; memory stays bounded by the longest
/// line, the family table and what the sink keeps.
class ExpositionParser
{
public:
  /// A parser of `format` reporting samples to `sink`.
  ExpositionParser(Format format, ExpositionSink& sink, std::size_t max_line_bytes = k_default_max_line_bytes);
  ~ExpositionParser();
  ExpositionParser(const ExpositionParser&) = delete;
  ExpositionParser& operator=(const ExpositionParser&) = delete;

  /// Parses the next bytes; false once an error is known.
  bool feed(std::string_view bytes);
  /// Ends the input; false when the exposition is invalid.
  bool finish();

  /// The first error, if any.
  const std::optional<ParseError>& error() const;
  /// The families seen, in order of first appearance.
  const std::vector<Family>& families() const;
  /// Decoded (inflated) bytes consumed.
  std::size_t bytes() const { return m_bytes; }
  /// Lines consumed.
  std::size_t lines() const { return m_line; }
  /// The dialect being parsed.
  Format format() const { return m_format; }

private:
  bool feed_text(std::string_view text);
  bool take_line(std::string_view line);

  Format m_format;
  std::unique_ptr<detail::LineParser> m_parser;
  std::unique_ptr<detail::Inflater> m_inflater;
  std::size_t m_max_line;
  std::string m_partial;
  std::size_t m_line = 0;
  std::size_t m_bytes = 0;
  bool m_started = false;
  bool m_finished = false;
};

/// Parses all of `text` (convenience for bodies already in memory).
std::optional<ParseError> parse_exposition(std::string_view text, Format format, ExpositionSink& sink,
                                           std::size_t max_line_bytes = k_default_max_line_bytes);

} // namespace ttaobs::metrics
