#include "attributes.hpp"

#include <algorithm>
#include <functional>
#include <limits>

namespace ttaobs::trace {

namespace {

constexpr std::size_t k_max_bytes = std::numeric_limits<std::uint32_t>::max() - 16;

std::uint64_t hash_pair(std::string_view key, std::string_view value)
{
  const auto k = std::hash<std::string_view>{}(key);
  const auto v = std::hash<std::string_view>{}(value);
  return k ^ (v + 0x9e3779b97f4a7c15ULL + (k << 6) + (k >> 2));
}

} // namespace

void AttributeStore::add(std::string_view key, std::string_view value)
{
  if (m_text.size() + key.size() + value.size() > k_max_bytes || m_refs.size() + 6 > k_max_bytes ||
      m_pairs.size() + 2 > k_max_bytes) {
    return;
  }
  for (auto rest = find_or_add(key, value) + 1; true; rest >>= 7) { // 0 ends a run
    if (rest < 0x80) {
      m_refs.push_back(static_cast<char>(rest));
      break;
    }
    m_refs.push_back(static_cast<char>((rest & 0x7f) | 0x80));
  }
}

// The pair key=value, added when new. The index is a flat table at most half full (8 bytes a slot
// instead of a node-based map's ~40 per pair): each slot holds the upper half of the pair's hash
// (its tag), so probes compare text only on a likely match, and a pair's first slot is its tag's
// low bits, so growing the table moves slots without hashing any text again.
std::uint32_t AttributeStore::find_or_add(std::string_view key, std::string_view value)
{
  if ((m_pairs.size() + 1) * 2 > m_index.size()) {
    grow_index();
  }
  const auto tag = hash_pair(key, value) >> 32;
  const std::size_t mask = m_index.size() - 1;
  for (auto i = static_cast<std::size_t>(tag) & mask;; i = (i + 1) & mask) {
    const auto slot = m_index[i];
    if (slot == 0) {
      const auto index = static_cast<std::uint32_t>(m_pairs.size());
      m_pairs.push_back({static_cast<std::uint32_t>(m_text.size()), static_cast<std::uint32_t>(key.size()),
                         static_cast<std::uint32_t>(value.size())});
      m_text.append(key).append(value);
      m_index[i] = (tag << 32) | (index + 1u);
      return index;
    }
    if ((slot >> 32) == tag) {
      const auto index = static_cast<std::uint32_t>(slot & 0xffffffffu) - 1u;
      const auto held = pair(index);
      if (held.key == key && held.value == value) {
        return index;
      }
    }
  }
}

// Doubles the index, moving its slots by their tags (after seal(), builds it again from the pairs).
void AttributeStore::grow_index()
{
  std::vector<std::uint64_t> slots(std::max<std::size_t>(16, m_index.size() * 2), 0);
  while (slots.size() < (m_pairs.size() + 1) * 2) {
    slots.resize(slots.size() * 2);
  }
  const std::size_t mask = slots.size() - 1;
  const auto place = [&](std::uint64_t slot) {
    auto i = static_cast<std::size_t>(slot >> 32) & mask;
    while (slots[i] != 0) {
      i = (i + 1) & mask;
    }
    slots[i] = slot;
  };
  if (m_index.empty()) {
    for (std::uint32_t index = 0; index < m_pairs.size(); ++index) {
      const auto held = pair(index);
      place(((hash_pair(held.key, held.value) >> 32) << 32) | (index + 1u));
    }
  } else {
    for (const auto slot : m_index) {
      if (slot != 0) {
        place(slot);
      }
    }
  }
  m_index.swap(slots);
}

std::uint32_t AttributeStore::close_run(std::uint32_t begin)
{
  if (begin >= m_refs.size()) {
    return k_no_run;
  }
  m_refs.push_back('\0');
  return begin;
}

void AttributeStore::seal()
{
  std::vector<std::uint64_t>().swap(m_index);
  m_text.shrink_to_fit();
  m_pairs.shrink_to_fit();
  m_refs.shrink_to_fit();
}

std::optional<std::string_view> AttributeStore::find(std::uint32_t run, std::string_view key) const
{
  std::optional<std::string_view> out;
  visit(run, [&](const Attribute& attribute) {
    if (attribute.key == key) {
      out = attribute.value;
      return false;
    }
    return true;
  });
  return out;
}

Attribute AttributeStore::pair(std::uint32_t index) const
{
  if (index >= m_pairs.size()) {
    return {};
  }
  const auto& p = m_pairs[index];
  const std::string_view text(m_text);
  return {text.substr(p.offset, p.key_size), text.substr(p.offset + p.key_size, p.value_size)};
}

std::uint32_t AttributeStore::read_varint(std::uint32_t& at) const
{
  std::uint32_t value = 0;
  for (unsigned shift = 0; at < m_refs.size() && shift < 35; shift += 7) {
    const auto byte = static_cast<unsigned char>(m_refs[at++]);
    value |= static_cast<std::uint32_t>(byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      break;
    }
  }
  return value;
}

} // namespace ttaobs::trace
