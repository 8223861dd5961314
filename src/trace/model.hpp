#pragma once

#include <src/trace/span_tree.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <string>
#include <vector>

namespace ttaobs::trace {

/// A span id kept inline (no allocation per span): up to 31 bytes, which covers the 16 hex digits
/// of W3C/OTLP ids and every test id; parsers reject longer ids before they get here.
class SpanId
{
public:
  static constexpr std::size_t k_capacity = 31; ///< longest id held

  SpanId() = default;
  /// Holds `text`; precondition: at most k_capacity bytes (longer text is cut).
  SpanId(std::string_view text) noexcept
    : m_size(static_cast<unsigned char>(std::min(text.size(), k_capacity)))
  {
    std::memcpy(m_data, text.data(), m_size);
  }
  /// Holds `text` (tests and literals).
  SpanId(const char* text) noexcept : SpanId(std::string_view(text)) {}
  /// Holds `text`.
  SpanId(const std::string& text) noexcept : SpanId(std::string_view(text)) {}

  /// The id's text.
  std::string_view view() const noexcept { return {m_data, m_size}; }
  /// The id's text.
  operator std::string_view() const noexcept { return view(); }
  /// True for "no id".
  bool empty() const noexcept { return m_size == 0; }
  /// The id as a std::string.
  std::string str() const { return std::string(view()); }

  /// Text equality.
  friend bool operator==(const SpanId& a, std::string_view b) noexcept { return a.view() == b; }

private:
  char m_data[k_capacity] = {};
  unsigned char m_size = 0;
};

/// One span as the checks see it, whatever API it came from.
struct Span
{
  SpanId span_id;                 ///< hex id
  SpanId parent_id;               ///< CHILD_OF parent in the same trace, empty for none
  std::string name;               ///< operation name
  std::int64_t start_us = 0;      ///< start, microseconds since the epoch
  std::int64_t duration_us = 0;   ///< duration in microseconds
  std::vector<SpanId> links;      ///< FOLLOWS_FROM and cross-trace references
  bool error = false;             ///< status ERROR (OTLP status.code 2, Jaeger error=true or otel.status_code=ERROR)
};

/// One trace: its id and spans in source order.
struct Trace
{
  std::string trace_id;    ///< hex id
  std::vector<Span> spans; ///< all spans received
};

/// The traces a source returned, most recent first, each with its tree (built once per fetch).
struct TraceSet
{
  std::vector<Trace> traces;
  std::vector<SpanTree> trees; ///< trees[i] is the tree of traces[i]
};

/// A TraceSet of `traces`, ordered most recent first (by earliest span start), trees built.
TraceSet make_trace_set(std::vector<Trace> traces);


} // namespace ttaobs::trace

/// fmt prints a SpanId as its text.
template <> struct fmt::formatter<ttaobs::trace::SpanId> : fmt::formatter<std::string_view>
{
  auto format(const ttaobs::trace::SpanId& id, fmt::format_context& ctx) const
  {
    return fmt::formatter<std::string_view>::format(id.view(), ctx);
  }
};
