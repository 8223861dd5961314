#include "exposition_scan.hpp"

#include <src/util/strings.hpp>

namespace ttaobs::sources {

ExpositionScan scan_exposition(std::string_view body)
{
  ExpositionScan scan;
  std::size_t pos = 0;
  while (pos < body.size()) {
    auto end = body.find('\n', pos);
    if (end == std::string_view::npos) {
      end = body.size();
    }
    const auto line = util::trim(body.substr(pos, end - pos));
    pos = end + 1;
    if (line.empty() || line.front() == '#') {
      continue;
    }
    const auto name_end = line.find_first_of("{ \t");
    const auto name = line.substr(0, name_end);
    if (name.empty()) {
      continue;
    }
    ++scan.samples_by_name[std::string(name)];
    ++scan.sample_lines;
  }
  return scan;
}

} // namespace ttaobs::sources
