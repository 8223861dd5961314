#include "attributes.hpp"

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
  const auto hash = hash_pair(key, value);
  std::uint32_t index = 0;
  const auto found = m_index.find(hash);
  if (found != m_index.end() && pair(found->second).key == key && pair(found->second).value == value) {
    index = found->second;
  } else {
    // a hash collision just stores the pair twice: still correct, only less compact
    index = static_cast<std::uint32_t>(m_pairs.size());
    m_pairs.push_back({static_cast<std::uint32_t>(m_text.size()), static_cast<std::uint32_t>(key.size()),
                       static_cast<std::uint32_t>(value.size())});
    m_text.append(key).append(value);
    m_index.emplace(hash, index);
  }
  for (auto rest = index + 1; true; rest >>= 7) { // 0 ends a run
    if (rest < 0x80) {
      m_refs.push_back(static_cast<char>(rest));
      break;
    }
    m_refs.push_back(static_cast<char>((rest & 0x7f) | 0x80));
  }
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
  std::unordered_map<std::uint64_t, std::uint32_t>().swap(m_index);
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
