#include "checks.hpp"
#include "trace_common.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace ttaobs::checks {

using core::Status;

namespace {

bool is_series_name(std::string_view name, std::string_view prefix)
{
  if (name.size() <= prefix.size() || name.substr(0, prefix.size()) != prefix) {
    return false;
  }
  const auto suffix = name.substr(prefix.size());
  return std::all_of(suffix.begin(), suffix.end(), [](char c) { return c >= '0' && c <= '9'; });
}

TraceVerdict count_series(const trace::Trace& trace, const trace::SpanTree&, const core::CheckParams& params)
{
  std::size_t n = 0;
  std::set<std::string> names;
  for (const auto& span : trace.spans) {
    if (is_series_name(span.name, params.prefix)) {
      ++n;
      names.insert(span.name);
    }
  }
  auto message = fmt::format("{} span{} named {}<n> in trace {} (expected ≥ {})", n, n == 1 ? "" : "s", params.prefix,
                             short_id(trace), params.min);
  if (!names.empty()) {
    message += ": " + name_list({names.begin(), names.end()}, 6);
  }
  return {core::outcome(static_cast<double>(n) >= params.min ? Status::pass : Status::fail, std::move(message))
              .with(core::at_least(static_cast<double>(n), params.min, "spans"))};
}

} // namespace

core::CheckOutcome trace_span_series(const sources::Payload& evidence, const core::CheckParams& params)
{
  return over_traces(evidence, params, count_series, fmt::format("≥ {} '{}<n>' spans", params.min, params.prefix));
}

} // namespace ttaobs::checks
