#include "trace_common.hpp"

#include <src/trace/render.hpp>
#include <src/util/strings.hpp>

#include <fmt/format.h>

#include <cmath>

namespace ttaobs::checks {

const trace::Trace* most_recent(const trace::TraceSet& set)
{
  return set.traces.empty() ? nullptr : &set.traces.front();
}

std::unordered_map<std::string_view, std::size_t> index_spans(const trace::Trace& trace)
{
  std::unordered_map<std::string_view, std::size_t> index;
  index.reserve(trace.spans.size());
  for (std::size_t i = 0; i < trace.spans.size(); ++i) {
    index.emplace(trace.spans[i].span_id, i);
  }
  return index;
}

std::vector<std::string> root_names(const trace::Trace& trace, std::size_t limit)
{
  std::vector<std::string> names;
  for (const auto& span : trace.spans) {
    if (span.parent_id.empty() && names.size() < limit) {
      names.push_back(span.name);
    }
  }
  return names;
}

std::string short_id(const trace::Trace& trace)
{
  return trace.trace_id.size() > 16 ? trace.trace_id.substr(0, 16) + "…" : trace.trace_id;
}

std::string trace_label(const trace::Trace& trace)
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

namespace ttaobs::checks {

namespace {

// The fraction of traces that must pass for `quantifier`, or a negative value for "any".
double required_fraction(const std::string& quantifier)
{
  if (quantifier == "any") {
    return -1;
  }
  if (quantifier == "all" || quantifier == "latest") {
    return 1;
  }
  double fraction = 1;
  return util::parse_seconds(quantifier, fraction) && fraction > 0 ? fraction : 1; // validated by config
}

std::vector<std::string> subtree_lines(const trace::Trace& trace, const trace::SpanTree& tree, std::size_t focus,
                                       std::int64_t tolerance)
{
  trace::TraceViewOptions view;
  view.max_lines = 12;
  view.focus = focus;
  view.skew_tolerance_us = tolerance;
  const auto drawn = trace::render_tree(trace, tree, view);
  std::vector<std::string> lines;
  for (const auto line : util::split(drawn, '\n')) {
    if (!line.empty()) {
      lines.emplace_back(line);
    }
  }
  return lines;
}

} // namespace

core::CheckOutcome over_traces(const sources::Payload& evidence, const core::CheckParams& params, const TraceFn& fn,
                               std::string_view expected)
{
  const auto* set = core::evidence_as<trace::TraceSet>(evidence);
  if (set == nullptr) {
    return core::wrong_evidence("trace");
  }
  if (set->traces.empty()) {
    return core::outcome(core::Status::fail, fmt::format("no traces found for the service (expected {})", expected));
  }
  const auto n = params.quantifier == "latest" ? std::size_t{1} : set->traces.size();
  std::vector<std::size_t> failing;
  std::vector<TraceVerdict> verdicts;
  for (std::size_t t = 0; t < n; ++t) {
    verdicts.push_back(fn(set->traces[t], set->trees[t], params));
    if (verdicts.back().outcome.status != core::Status::pass) {
      failing.push_back(t);
    }
  }
  auto with_subtree = [&](std::size_t t) {
    auto out = verdicts[t].outcome;
    if (out.status != core::Status::pass) {
      auto lines = subtree_lines(set->traces[t], set->trees[t], verdicts[t].focus, params.tolerance_us);
      out.details.insert(out.details.end(), lines.begin(), lines.end());
    }
    return out;
  };
  if (n == 1) {
    return with_subtree(0);
  }
  const auto passed = n - failing.size();
  const auto fraction = required_fraction(params.quantifier);
  const bool ok = fraction < 0 ? passed >= 1 : static_cast<double>(passed) >= fraction * static_cast<double>(n) - 1e-9;
  const auto want = fraction < 0                 ? std::string("any")
                    : params.quantifier == "all" ? std::string("all")
                                                 : fmt::format("≥ {:g}%", fraction * 100);
  // Over several traces the number judged is how many passed against how many must.
  const auto needed = fraction < 0 ? 1.0 : std::ceil(fraction * static_cast<double>(n) - 1e-9);
  const auto measured = core::at_least(static_cast<double>(passed), needed, "traces");
  if (failing.empty()) {
    return core::outcome(core::Status::pass, fmt::format("{}/{} traces pass (expected {}); latest: {}", passed, n, want,
                                                         verdicts[0].outcome.message))
        .with(measured);
  }
  // The worst offender is the most recent failing trace; the others are listed by id.
  auto worst = with_subtree(failing.front());
  std::vector<std::string> details;
  for (const auto t : failing) {
    details.push_back(fmt::format("{}: {}", short_id(set->traces[t]), verdicts[t].outcome.message));
    if (details.size() == 5) {
      break;
    }
  }
  details.insert(details.end(), worst.details.begin(), worst.details.end());
  return core::outcome(ok ? core::Status::pass : worst.status,
                       fmt::format("{}/{} traces pass (expected {}); worst: trace {}: {}", passed, n, want,
                                   short_id(set->traces[failing.front()]), worst.message),
                       std::move(details))
      .with(measured);
}

Expected<const sources::ExpositionProbe*, core::CheckOutcome> answered_exposition(const sources::Payload& evidence)
{
  const auto* exposition = core::evidence_as<sources::ExpositionProbe>(evidence);
  if (exposition == nullptr) {
    return unexpected(core::wrong_evidence("exposition"));
  }
  if (!exposition->probe.answered) {
    return unexpected(core::outcome(core::Status::error, fmt::format("no answer: {}", exposition->probe.failure)));
  }
  if (exposition->probe.status != 200) {
    return unexpected(
        core::outcome(core::Status::error, fmt::format("HTTP {} (expected 200)", exposition->probe.status)));
  }
  return exposition;
}

} // namespace ttaobs::checks
