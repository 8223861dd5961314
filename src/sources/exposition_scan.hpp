#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

namespace ttaobs::sources {

/// A light pass over Prometheus text exposition: sample lines counted per metric name.
struct ExpositionScan
{
  std::map<std::string, std::size_t> samples_by_name; ///< metric name → sample lines
  std::size_t sample_lines = 0;                       ///< all sample lines
};

/// Counts sample lines (not comments or blank lines) per metric name in `body`.
ExpositionScan scan_exposition(std::string_view body);

} // namespace ttaobs::sources
