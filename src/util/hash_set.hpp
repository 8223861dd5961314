#pragma once

// A flat set of 64-bit hashes, shared by the metrics parsers and the trace collector.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ttaobs::util {

/// An open-addressing set of 64-bit hashes (8 bytes a slot, half full at most): millions of
/// series fit in a few tens of MiB, where a node-based set would take several times that.
class HashSet
{
public:
  /// Inserts `h`; false when it was present.
  bool insert(std::uint64_t h)
  {
    h = h == 0 ? 1 : h;
    if ((m_size + 1) * 2 > m_slots.size()) {
      grow();
    }
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      if (m_slots[i] == h) {
        return false;
      }
      if (m_slots[i] == 0) {
        m_slots[i] = h;
        ++m_size;
        return true;
      }
    }
  }

  /// Whether `h` was inserted.
  bool contains(std::uint64_t h) const
  {
    h = h == 0 ? 1 : h;
    if (m_slots.empty()) {
      return false;
    }
    const std::size_t mask = m_slots.size() - 1;
    for (std::size_t i = h & mask; m_slots[i] != 0; i = (i + 1) & mask) {
      if (m_slots[i] == h) {
        return true;
      }
    }
    return false;
  }
  /// Inserted hashes.
  std::size_t size() const { return m_size; }
  /// Forgets everything: small tables are wiped in place, large ones released (so that clearing
  /// often after one big use does not cost the big size every time).
  void clear()
  {
    if (m_size == 0) {
      return;
    }
    if (m_slots.size() <= 64) {
      std::fill(m_slots.begin(), m_slots.end(), 0);
    } else {
      std::vector<std::uint64_t>().swap(m_slots);
    }
    m_size = 0;
  }

private:
  void grow()
  {
    std::vector<std::uint64_t> old(std::max<std::size_t>(16, m_slots.size() * 2), 0);
    old.swap(m_slots);
    m_size = 0;
    for (const auto h : old) {
      if (h != 0) {
        insert(h);
      }
    }
  }
  std::vector<std::uint64_t> m_slots;
  std::size_t m_size = 0;
};

} // namespace ttaobs::util
