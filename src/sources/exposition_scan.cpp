#include "exposition_scan.hpp"

#include <src/util/strings.hpp>

#include <algorithm>

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

namespace ttaobs::sources {

void ShapeRecorder::on_sample(const metrics::Sample& sample, const metrics::Family& family)
{
  if (sample.family >= m_shapes.size()) {
    m_shapes.resize(sample.family + 1);
  }
  auto& shape = m_shapes[sample.family];
  ++shape.samples;
  for (const auto& label : sample.labels) {
    const auto it = std::find_if(shape.labels.begin(), shape.labels.end(),
                                 [&](const auto& known) { return known.first == label.name; });
    if (it != shape.labels.end()) {
      ++it->second;
    } else if (shape.labels.size() < FamilyShape::k_max_labels) {
      shape.labels.emplace_back(std::string(label.name), 1);
    } else {
      shape.labels_capped = true;
    }
  }
  m_next.on_sample(sample, family);
}

void ShapeRecorder::finish(const metrics::ExpositionParser& parser, ExpositionScan& scan)
{
  const auto& families = parser.families();
  for (std::size_t i = 0; i < families.size(); ++i) {
    auto shape = i < m_shapes.size() ? std::move(m_shapes[i]) : FamilyShape{};
    shape.type = std::string(metrics::to_string(families[i].type));
    shape.typed = families[i].typed;
    shape.unit = families[i].unit;
    scan.families.insert_or_assign(families[i].name, std::move(shape));
  }
  m_shapes.clear();
}

} // namespace ttaobs::sources
