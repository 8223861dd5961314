#include "trace_common.hpp"

#include <fmt/format.h>

namespace ttaobs::checks {

const sources::Trace* most_recent(const sources::TraceSet& set)
{
  return set.traces.empty() ? nullptr : &set.traces.front();
}

std::unordered_map<std::string_view, std::size_t> index_spans(const sources::Trace& trace)
{
  std::unordered_map<std::string_view, std::size_t> index;
  index.reserve(trace.spans.size());
  for (std::size_t i = 0; i < trace.spans.size(); ++i) {
    index.emplace(trace.spans[i].span_id, i);
  }
  return index;
}

std::vector<std::string> root_names(const sources::Trace& trace, std::size_t limit)
{
  std::vector<std::string> names;
  for (const auto& span : trace.spans) {
    if (span.parent_id.empty() && names.size() < limit) {
      names.push_back(span.name);
    }
  }
  return names;
}

std::string short_id(const sources::Trace& trace)
{
  return trace.trace_id.size() > 16 ? trace.trace_id.substr(0, 16) + "…" : trace.trace_id;
}

std::string trace_label(const sources::Trace& trace)
{
  return fmt::format("trace {} ({} span{})", short_id(trace), trace.spans.size(), trace.spans.size() == 1 ? "" : "s");
}

std::string name_list(const std::vector<std::string>& names, std::size_t limit)
{
  std::string out;
  for (std::size_t i = 0; i < names.size() && i < limit; ++i) {
    out += (i == 0 ? "" : ", ") + names[i];
  }
  if (names.size() > limit) {
    out += fmt::format(" … and {} more", names.size() - limit);
  }
  return out;
}

} // namespace ttaobs::checks
