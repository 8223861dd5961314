#pragma once

#include <src/trace/model.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ttaobs::json {
class JsonReader;
}

// The span fields both trace parsers read beyond ids and times: kind, status and attributes.
namespace ttaobs::sources {

/// An OTLP span's attributes as read, before its trace id is known (slots reused from span to span).
class PendingAttributes
{
public:
  /// Empties the list (keeping the slots' capacity).
  void clear() { m_count = 0; }
  /// A fresh key and value slot at the end.
  std::pair<std::string*, std::string*> next()
  {
    if (m_count == m_keys.size()) {
      m_keys.emplace_back();
      m_values.emplace_back();
    }
    ++m_count;
    m_keys[m_count - 1].clear();
    m_values[m_count - 1].clear();
    return {&m_keys[m_count - 1], &m_values[m_count - 1]};
  }
  /// Forgets the last slot (an attribute without a key).
  void drop_last() { m_count -= m_count > 0 ? 1 : 0; }
  /// The value of `key`, or nullptr.
  const std::string* find(std::string_view key) const
  {
    for (std::size_t i = 0; i < m_count; ++i) {
      if (m_keys[i] == key) {
        return &m_values[i];
      }
    }
    return nullptr;
  }
  /// Adds every attribute to `store`.
  void copy_to(trace::AttributeStore& store) const
  {
    for (std::size_t i = 0; i < m_count; ++i) {
      store.add(m_keys[i], m_values[i]);
    }
  }

private:
  std::vector<std::string> m_keys;
  std::vector<std::string> m_values;
  std::size_t m_count = 0;
};

/// OTLP `status`: {"code": 2} / "STATUS_CODE_ERROR" is an error (also sets `error`), 1 / "STATUS_CODE_OK" ok.
bool parse_otlp_status(json::JsonReader& in, trace::Span& span);
/// OTLP `kind`: 0–5 or "SPAN_KIND_SERVER" and the like; anything else is unspecified.
bool parse_otlp_kind(json::JsonReader& in, trace::Span& span);
/// OTLP `attributes`: [{"key": …, "value": {"stringValue": …}}], values as text, appended to `out`.
bool parse_otlp_attributes(json::JsonReader& in, PendingAttributes& out);
/// Jaeger v1 `tags`: each tag an attribute of `span` in `attributes`; `error`, `otel.status_code`
/// and `span.kind` set its status and kind. `name` and `value` are scratch space.
bool parse_jaeger_tags(json::JsonReader& in, trace::AttributeStore& attributes, trace::Span& span, std::string& name,
                       std::string& value);

} // namespace ttaobs::sources
