#include "exposition.hpp"

#include <fmt/format.h>

namespace ttaobs::test {

void Recorder::on_sample(const metrics::Sample& s, const metrics::Family& family)
{
  std::string labels;
  for (const auto& l : s.labels) {
    labels += fmt::format("{}{}={}", labels.empty() ? "" : ",", l.name, l.value);
  }
  samples.push_back(fmt::format("{}{{{}}} {}{} @{}{}", s.name, labels, s.value,
                                s.has_timestamp ? fmt::format(" {}", s.timestamp) : "", family.name,
                                s.exemplar != nullptr ? fmt::format(" # {}", s.exemplar->value) : ""));
}

std::optional<metrics::ParseError> parse(std::string_view text, metrics::Format format)
{
  Recorder sink;
  return metrics::parse_exposition(text, format, sink);
}

bool parses(std::string_view text, metrics::Format format)
{
  return !parse(text, format).has_value();
}

} // namespace ttaobs::test
