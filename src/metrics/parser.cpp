#include "parser.hpp"

#include "line_parser.hpp"

#include <fmt/format.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>

namespace ttaobs::metrics {

namespace detail {

/// Streaming gzip inflation (zlib), fed as bytes arrive.
class Inflater
{
public:
  Inflater()
  {
    std::memset(&m_stream, 0, sizeof m_stream);
    m_ok = inflateInit2(&m_stream, 15 + 32) == Z_OK; // 32: accept a gzip or zlib header
  }
  ~Inflater() { inflateEnd(&m_stream); }
  Inflater(const Inflater&) = delete;
  Inflater& operator=(const Inflater&) = delete;

  /// Inflates `bytes`, handing each decoded piece to `out`; returns an error message or "".
  template <typename Out> std::string inflate(std::string_view bytes, Out&& out)
  {
    if (!m_ok) {
      return "cannot initialise gzip decoding";
    }
    m_stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    m_stream.avail_in = static_cast<uInt>(bytes.size());
    while (m_stream.avail_in > 0 && !m_done) {
      m_stream.next_out = reinterpret_cast<Bytef*>(m_buffer);
      m_stream.avail_out = sizeof m_buffer;
      const int rc = ::inflate(&m_stream, Z_NO_FLUSH);
      if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
        return fmt::format("gzip data is corrupt ({})", m_stream.msg != nullptr ? m_stream.msg : "inflate failed");
      }
      const std::size_t produced = sizeof m_buffer - m_stream.avail_out;
      if (produced > 0 && !out(std::string_view(m_buffer, produced))) {
        return {};
      }
      if (rc == Z_STREAM_END) {
        m_done = true;
      } else if (rc == Z_BUF_ERROR && produced == 0) {
        break;
      }
    }
    return {};
  }

  /// True once the gzip stream ended cleanly.
  bool done() const { return m_done; }

private:
  z_stream m_stream;
  bool m_ok = false;
  bool m_done = false;
  char m_buffer[64 * 1024];
};

} // namespace detail

Format format_for_content_type(std::string_view content_type)
{
  std::string lower(content_type);
  std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
  return lower.find("application/openmetrics-text") != std::string::npos ? Format::openmetrics
                                                                         : Format::prometheus_text;
}

Format sniff_format(std::string_view head, std::string_view tail)
{
  while (!tail.empty() && tail.back() == '\n') {
    tail.remove_suffix(1);
  }
  if (tail.size() >= 5 && tail.substr(tail.size() - 5) == "# EOF" &&
      (tail.size() == 5 || tail[tail.size() - 6] == '\n')) {
    return Format::openmetrics;
  }
  // "# UNIT" is no sign: exporters put it in 0.0.4 text as a comment (OpenTelemetry JS does).
  if (head.find("\n# EOF\n") != std::string_view::npos || head.substr(0, 6) == "# EOF\n") {
    return Format::openmetrics;
  }
  return Format::prometheus_text;
}

namespace {

bool gzip_magic(std::string_view bytes)
{
  return bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
         static_cast<unsigned char>(bytes[1]) == 0x8b;
}

} // namespace

std::optional<std::string> inflated_head(std::string_view bytes, std::size_t max)
{
  if (!gzip_magic(bytes)) {
    return std::nullopt;
  }
  std::string out;
  detail::Inflater inflater;
  inflater.inflate(bytes, [&](std::string_view piece) {
    out.append(piece.substr(0, max - out.size()));
    return out.size() < max;
  });
  return out;
}

ExpositionParser::ExpositionParser(Format format, ExpositionSink& sink, std::size_t max_line_bytes)
  : m_format(format),
    m_parser(format == Format::openmetrics ? detail::make_openmetrics_parser(sink) : detail::make_text_parser(sink)),
    m_max_line(max_line_bytes)
{
}

ExpositionParser::~ExpositionParser() = default;

const std::optional<ParseError>& ExpositionParser::error() const
{
  return m_parser->error();
}

const std::vector<Family>& ExpositionParser::families() const
{
  return m_parser->families();
}

bool ExpositionParser::feed(std::string_view bytes)
{
  if (error() || bytes.empty()) {
    return !error();
  }
  if (!m_started) {
    // gzip is recognised by its magic; a body that merely starts with 0x1f would not parse anyway.
    m_started = true;
    if (gzip_magic(bytes)) {
      m_inflater = std::make_unique<detail::Inflater>();
    }
  }
  if (!m_inflater) {
    return feed_text(bytes);
  }
  if (m_inflater->done()) {
    return true; // trailing bytes after the gzip member are ignored, as gzip(1) does
  }
  const std::string problem = m_inflater->inflate(bytes, [this](std::string_view text) { return feed_text(text); });
  if (!problem.empty()) {
    return m_parser->fail({}, m_line + 1, 0, problem);
  }
  return !error();
}

bool ExpositionParser::take_line(std::string_view line)
{
  ++m_line;
  if (line.size() > m_max_line) {
    return m_parser->fail(
        line.substr(0, 48), m_line, 0,
        fmt::format("line is longer than {} bytes (raise --max-line-bytes if it is real)", m_max_line));
  }
  // NUL is no line terminator here: the dialects take it where their grammars do (OpenMetrics'
  // escaped strings, i.e. HELP text and label values; and, as promtool 2.42 does, 0.0.4 HELP
  // text, label values and comments) and refuse it everywhere else as any other wrong byte.
  return m_parser->line(line, m_line);
}

bool ExpositionParser::feed_text(std::string_view text)
{
  m_bytes += text.size();
  std::size_t start = 0;
  if (!m_partial.empty()) {
    const void* nl = std::memchr(text.data(), '\n', text.size());
    if (nl == nullptr) {
      if (m_partial.size() + text.size() > m_max_line + 1) {
        ++m_line;
        return m_parser->fail(
            std::string_view(m_partial).substr(0, 48), m_line, 0,
            fmt::format("line is longer than {} bytes (raise --max-line-bytes if it is real)", m_max_line));
      }
      m_partial.append(text);
      return true;
    }
    const std::size_t end = static_cast<const char*>(nl) - text.data();
    m_partial.append(text.substr(0, end));
    if (!take_line(m_partial)) {
      return false;
    }
    m_partial.clear();
    start = end + 1;
  }
  while (start < text.size()) {
    const void* nl = std::memchr(text.data() + start, '\n', text.size() - start);
    if (nl == nullptr) {
      if (text.size() - start > m_max_line + 1) {
        ++m_line;
        return m_parser->fail(
            text.substr(start, 48), m_line, 0,
            fmt::format("line is longer than {} bytes (raise --max-line-bytes if it is real)", m_max_line));
      }
      m_partial.assign(text.substr(start));
      return true;
    }
    const std::size_t end = static_cast<const char*>(nl) - text.data();
    if (!take_line(text.substr(start, end - start))) {
      return false;
    }
    start = end + 1;
  }
  return true;
}

bool ExpositionParser::finish()
{
  if (m_finished || error()) {
    return !error();
  }
  m_finished = true;
  if (m_inflater && !m_inflater->done()) {
    return m_parser->fail({}, m_line + 1, 0, "gzip data ends early (truncated download or file?)");
  }
  std::optional<std::string_view> unterminated;
  if (!m_partial.empty()) {
    if (!take_line(m_partial)) {
      return false;
    }
    unterminated = m_partial;
  }
  return m_parser->end(unterminated, m_partial.empty() ? m_line + 1 : m_line);
}

std::optional<ParseError> parse_exposition(std::string_view text, Format format, ExpositionSink& sink,
                                           std::size_t max_line_bytes)
{
  ExpositionParser parser(format, sink, max_line_bytes);
  if (parser.feed(text)) {
    parser.finish();
  }
  return parser.error();
}

} // namespace ttaobs::metrics
