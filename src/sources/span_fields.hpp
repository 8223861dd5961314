#pragma once

#include <src/trace/model.hpp>

#include <optional>
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
/// A slot holds text of its own (`next`) or views of the decoded body (`add_view`: the protobuf
/// reader's fast path, valid while the body is); either way each is read once more, by copy_to.
class PendingAttributes
{
public:
  /// Empties the list (keeping the slots' capacity).
  void clear() { m_count = 0; }
  /// A fresh slot at the end whose key and value are written into the two strings returned.
  std::pair<std::string*, std::string*> next()
  {
    auto& slot = fresh();
    slot.owned = true;
    slot.key_text.clear();
    slot.value_text.clear();
    return {&slot.key_text, &slot.value_text};
  }
  /// A fresh slot at the end viewing `key` and `value` (which must outlive the next clear()).
  void add_view(std::string_view key, std::string_view value)
  {
    auto& slot = fresh();
    slot.owned = false;
    slot.key = key;
    slot.value = value;
  }
  /// Forgets the last slot (an attribute without a key).
  void drop_last() { m_count -= m_count > 0 ? 1 : 0; }
  /// The value of `key` (the first one), or nullopt.
  std::optional<std::string_view> find(std::string_view key) const
  {
    for (std::size_t i = 0; i < m_count; ++i) {
      if (m_slots[i].key_view() == key) {
        return m_slots[i].value_view();
      }
    }
    return std::nullopt;
  }
  /// Adds every attribute to `store`.
  void copy_to(trace::AttributeStore& store) const
  {
    for (std::size_t i = 0; i < m_count; ++i) {
      store.add(m_slots[i].key_view(), m_slots[i].value_view());
    }
  }

private:
  struct Slot
  {
    std::string_view key; // views, when not owned
    std::string_view value;
    std::string key_text; // text of its own, when owned
    std::string value_text;
    bool owned = false;

    std::string_view key_view() const { return owned ? std::string_view(key_text) : key; }
    std::string_view value_view() const { return owned ? std::string_view(value_text) : value; }
  };
  Slot& fresh()
  {
    if (m_count == m_slots.size()) {
      m_slots.emplace_back();
    }
    return m_slots[m_count++];
  }

  std::vector<Slot> m_slots;
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
