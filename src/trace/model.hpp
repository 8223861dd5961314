#pragma once

#include <src/trace/attributes.hpp>
#include <src/trace/span_tree.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ttaobs::trace {

/// A span id kept inline (no allocation per span): up to 23 bytes, which covers the 16 hex digits
/// of W3C/OTLP and Jaeger span ids and every test id; parsers reject longer ids before they get here.
class SpanId
{
public:
  static constexpr std::size_t k_capacity = 23; ///< longest id held

  SpanId() = default;
  /// Holds `text`; precondition: at most k_capacity bytes (longer text is cut).
  SpanId(std::string_view text) noexcept : m_size(static_cast<unsigned char>(std::min(text.size(), k_capacity)))
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

/// A span's links: most spans have none, so a span pays one pointer for them, not a vector's three.
class SpanLinks
{
public:
  SpanLinks() = default;
  /// The links `ids`.
  SpanLinks(std::initializer_list<SpanId> ids)
  {
    for (const auto& id : ids) {
      push_back(id);
    }
  }
  SpanLinks(const SpanLinks& other) : m_ids(other.m_ids ? std::make_unique<std::vector<SpanId>>(*other.m_ids) : nullptr)
  {
  }
  SpanLinks& operator=(const SpanLinks& other)
  {
    if (this != &other) {
      m_ids = other.m_ids ? std::make_unique<std::vector<SpanId>>(*other.m_ids) : nullptr;
    }
    return *this;
  }
  SpanLinks(SpanLinks&&) noexcept = default;
  SpanLinks& operator=(SpanLinks&&) noexcept = default;
  ~SpanLinks() = default;

  /// Links held.
  std::size_t size() const { return m_ids ? m_ids->size() : 0; }
  /// True without links.
  bool empty() const { return size() == 0; }
  /// Link `i` (< size()).
  const SpanId& operator[](std::size_t i) const { return (*m_ids)[i]; }
  /// The first link.
  const SpanId* begin() const { return m_ids ? m_ids->data() : nullptr; }
  /// Past the last link.
  const SpanId* end() const { return m_ids ? m_ids->data() + m_ids->size() : nullptr; }
  /// Adds a link.
  void push_back(const SpanId& id) { ids().push_back(id); }
  /// Adds a link made of `args`.
  template <typename... Args> void emplace_back(Args&&... args) { ids().emplace_back(std::forward<Args>(args)...); }

  /// The same links in the same order.
  friend bool operator==(const SpanLinks& a, const std::vector<SpanId>& b)
  {
    return std::equal(a.begin(), a.end(), b.begin(), b.end(),
                      [](const SpanId& x, const SpanId& y) { return x.view() == y.view(); });
  }

private:
  std::vector<SpanId>& ids()
  {
    if (!m_ids) {
      m_ids = std::make_unique<std::vector<SpanId>>();
    }
    return *m_ids;
  }
  std::unique_ptr<std::vector<SpanId>> m_ids;
};

/// What a span stands for (OTLP SpanKind numbering; Jaeger's `span.kind` tag).
enum class SpanKind : unsigned char { unspecified, internal, server, client, producer, consumer };

/// A span's status (OTLP status.code; Jaeger's `otel.status_code` or `error` tags).
enum class SpanStatus : unsigned char { unset, ok, error };

/// "server", "error", … as written in suites and messages.
std::string_view to_string(SpanKind kind);
/// "unset", "ok" or "error".
std::string_view to_string(SpanStatus status);

/// One span as the checks see it, whatever API it came from.
struct Span
{
  static constexpr std::uint16_t k_no_service = 0xffff; ///< service unknown (or past the 65535th of a trace)

  SpanId span_id;                   ///< hex id
  SpanId parent_id;                 ///< CHILD_OF parent in the same trace, empty for none
  std::string name;                 ///< operation name
  std::int64_t start_us = 0;        ///< start, microseconds since the epoch
  std::int64_t duration_us = 0;     ///< duration in microseconds
  SpanLinks links;                  ///< FOLLOWS_FROM and cross-trace references
  bool error = false;               ///< status ERROR (OTLP status.code 2, Jaeger error=true or otel.status_code=ERROR)
  std::uint8_t kind_bits : 4 = 0;   ///< SpanKind (4 bits each, so that Span stays 112 bytes; g++ 12
  std::uint8_t status_bits : 4 = 0; ///< SpanStatus  rejects list-initialising enum bit-fields with defaults)
  std::uint16_t service = k_no_service;                ///< index into Trace::services
  std::uint32_t attributes = AttributeStore::k_no_run; ///< this span's run in Trace::attributes

  /// OTLP kind, Jaeger `span.kind` tag.
  SpanKind kind() const { return static_cast<SpanKind>(kind_bits); }
  /// Sets the kind.
  void set_kind(SpanKind kind) { kind_bits = static_cast<std::uint8_t>(static_cast<unsigned>(kind) & 0xfu); }
  /// Unset, ok or error (error whenever `error` is set).
  SpanStatus status() const { return static_cast<SpanStatus>(status_bits); }
  /// Sets the status.
  void set_status(SpanStatus status) { status_bits = static_cast<std::uint8_t>(static_cast<unsigned>(status) & 0xfu); }
};

static_assert(sizeof(void*) != 8 || sizeof(Span) <= 112, "a receiver holds millions of spans: keep Span small");

/// One trace: its id and spans in source order.
struct Trace
{
  std::string trace_id;              ///< hex id
  std::vector<Span> spans;           ///< all spans received
  std::vector<std::string> services; ///< service names the spans refer to by index
  AttributeStore attributes;         ///< every span's attributes (Jaeger tags, OTLP attributes)

  /// The service of `span` (Jaeger: its process' serviceName; OTLP: resource service.name), or "".
  std::string_view service_of(const Span& span) const
  {
    return span.service < services.size() ? std::string_view(services[span.service]) : std::string_view();
  }
  /// The value of attribute `key` of `span`, or nullopt.
  std::optional<std::string_view> attribute(const Span& span, std::string_view key) const
  {
    return attributes.find(span.attributes, key);
  }
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
