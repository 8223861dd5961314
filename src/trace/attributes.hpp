#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ttaobs::trace {

/// One span attribute (Jaeger tag, OTLP attribute), its value kept as text.
struct Attribute
{
  std::string_view key;   ///< e.g. "http.route"
  std::string_view value; ///< "GET", "200", "true", "1.5"; "" for arrays and maps
};

/// The attributes of every span of one trace, kept compact: each distinct key=value pair is
/// stored once (its text in one arena), and a span is a run of varint pair numbers, so a million
/// spans with a few repeating attributes cost a few bytes each. Spans are built one after the
/// other: `begin_span`, `add`…, then the span keeps [begin, end()).
class AttributeStore
{
public:
  /// Where the next span's run starts (its `attributes_begin`).
  std::uint32_t end() const { return static_cast<std::uint32_t>(m_refs.size()); }
  /// Adds key=value to the span being built (dropped past 4 GiB of attribute data).
  void add(std::string_view key, std::string_view value);
  /// Frees what only building needs (the pair index, spare capacity); `add` still works after.
  void seal();

  /// The attributes of run [begin, end), in source order; `visit(Attribute)` returning false stops.
  template <typename Visit> void visit(std::uint32_t begin, std::uint32_t end, Visit&& visit) const
  {
    for (std::uint32_t at = begin; at < end && at < m_refs.size();) {
      if (!visit(pair(read_varint(at)))) {
        return;
      }
    }
  }
  /// The value of `key` in run [begin, end) (the first one), or nullopt.
  std::optional<std::string_view> find(std::uint32_t begin, std::uint32_t end, std::string_view key) const;
  /// Distinct key=value pairs held.
  std::size_t pair_count() const { return m_pairs.size(); }

private:
  struct Pair
  {
    std::uint32_t offset = 0; ///< into m_text: key, then value
    std::uint32_t key_size = 0;
    std::uint32_t value_size = 0;
  };
  Attribute pair(std::uint32_t index) const;
  std::uint32_t read_varint(std::uint32_t& at) const;

  std::string m_text;                                   // key and value text of each distinct pair
  std::vector<Pair> m_pairs;                            // distinct pairs
  std::string m_refs;                                   // varint pair numbers, one run per span
  std::unordered_map<std::uint64_t, std::uint32_t> m_index; // hash of key=value → pair (building only)
};

} // namespace ttaobs::trace
