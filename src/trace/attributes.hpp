#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ttaobs::trace {

/// One span attribute (Jaeger tag, OTLP attribute), its value kept as text.
struct Attribute
{
  std::string_view key;   ///< e.g. "http.route"
  std::string_view value; ///< "GET", "200", "true", "1.5"; "" for arrays and maps
};

/// The attributes of every span of one trace, kept compact: each distinct key=value pair is
/// stored once (its text in one arena), and a span's attributes are one run of varint pair numbers
/// (number + 1, ended by a 0), so a million spans with a few repeating attributes cost a few bytes
/// each. Spans are built one after the other: `end()`, `add`…, then `close_run` gives the span's run.
class AttributeStore
{
public:
  static constexpr std::uint32_t k_no_run = static_cast<std::uint32_t>(-1); ///< a span without attributes

  /// Where the next span's run starts (pass it to close_run after the span's `add`s).
  std::uint32_t end() const { return static_cast<std::uint32_t>(m_refs.size()); }
  /// Adds key=value to the span being built (dropped past 4 GiB of attribute data).
  void add(std::string_view key, std::string_view value);
  /// Ends the run begun at `begin`: the span's run, or k_no_run when nothing was added.
  std::uint32_t close_run(std::uint32_t begin);
  /// Frees what only building needs (the pair index, spare capacity); `add` still works after.
  void seal();

  /// The attributes of run `run`, in source order; `visit(Attribute)` returning false stops.
  template <typename Visit> void visit(std::uint32_t run, Visit&& visit) const
  {
    for (std::uint32_t at = run; at < m_refs.size();) {
      const auto number = read_varint(at);
      if (number == 0 || !visit(pair(number - 1))) {
        return;
      }
    }
  }
  /// The value of `key` in run `run` (the first one), or nullopt.
  std::optional<std::string_view> find(std::uint32_t run, std::string_view key) const;
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
  std::uint32_t find_or_add(std::string_view key, std::string_view value);
  void grow_index();

  std::string m_text;                 // key and value text of each distinct pair
  std::vector<Pair> m_pairs;          // distinct pairs
  std::string m_refs;                 // varint pair numbers + 1, each run ended by 0
  std::vector<std::uint64_t> m_index; // building only: open addressing, slot = hash tag << 32 | pair + 1; 0 empty
};

} // namespace ttaobs::trace
