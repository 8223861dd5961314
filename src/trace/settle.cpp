#include "settle.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ttaobs::trace {

namespace {

using Micros = std::chrono::microseconds;

std::string short_trace_id(const Trace& trace)
{
  return trace.trace_id.size() > 16 ? trace.trace_id.substr(0, 16) + "…" : trace.trace_id;
}

std::string seconds(std::chrono::microseconds d)
{
  return fmt::format("{:.1f}s", static_cast<double>(d.count()) / 1e6);
}

// Microseconds since the epoch at which the trace's last span ended.
std::int64_t last_end_us(const Trace& trace)
{
  std::int64_t end = 0;
  for (const auto& span : trace.spans) {
    end = std::max(end, span.start_us + std::max<std::int64_t>(0, span.duration_us));
  }
  return end;
}

struct Verdict
{
  bool settled = false;
  std::string why; // for the notes
};

Verdict judge(const Trace& trace, const SpanTree& tree, bool grew, std::chrono::microseconds unchanged_for,
              std::chrono::microseconds quiet_for, std::chrono::microseconds grace)
{
  const auto spans = fmt::format("{} span{}", trace.spans.size(), trace.spans.size() == 1 ? "" : "s");
  if (!grew && unchanged_for >= grace) {
    return {true, fmt::format("{}, unchanged for {}", spans, seconds(unchanged_for))};
  }
  if (grew) {
    return {false, fmt::format("{}, still growing", spans)};
  }
  if (tree.roots.empty()) {
    return {false, fmt::format("{}, no root yet", spans)};
  }
  if (quiet_for < grace) {
    return {false, fmt::format("{}, last span ended {} ago, within the {} grace window", spans,
                               seconds(std::max(Micros(0), quiet_for)), seconds(grace))};
  }
  return {true, fmt::format("{}, root present, quiet for {}", spans, seconds(quiet_for))};
}

std::string passed_over_note(const std::vector<std::string>& passed, std::size_t total)
{
  std::string list;
  for (std::size_t i = 0; i < passed.size() && i < 3; ++i) {
    list += (i > 0 ? "; " : "") + passed[i];
  }
  if (total > 3) {
    list += fmt::format("; … and {} more", total - 3);
  }
  return fmt::format("passed over {} trace{} still arriving: {}", total, total == 1 ? "" : "s", list);
}

} // namespace

std::string Settled::arriving_message() const
{
  return fmt::format("the service's {} newest trace{} {} still arriving (none has settled) — could not evaluate; "
                     "retry, use --wait, or lower --settle",
                     read, read == 1 ? "" : "s", read == 1 ? "is" : "are");
}

Settled SettleTracker::observe(const TraceSet& read, std::chrono::steady_clock::time_point read_at,
                               std::chrono::system_clock::time_point wall_now, std::size_t limit)
{
  Settled out;
  out.read = read.traces.size();
  const auto grace = std::chrono::duration_cast<Micros>(m_grace);
  const auto wall_us = std::chrono::duration_cast<Micros>(wall_now.time_since_epoch()).count();
  std::vector<std::string> passed; // passed over before the newest judged trace
  std::vector<std::string> judged;
  for (std::size_t i = 0; i < read.traces.size(); ++i) {
    const auto& trace = read.traces[i];
    auto [seen, first_sight] = m_seen.try_emplace(trace.trace_id, Seen{trace.spans.size(), read_at});
    const bool grew = !first_sight && seen->second.spans != trace.spans.size();
    if (grew) {
      seen->second = Seen{trace.spans.size(), read_at};
    }
    if (out.traces.traces.size() >= limit) {
      continue; // remembered for the next read, not judged now
    }
    const auto unchanged_for = std::chrono::duration_cast<Micros>(read_at - seen->second.since);
    const auto verdict = judge(trace, read.trees[i], grew, unchanged_for, Micros(wall_us - last_end_us(trace)), grace);
    const auto label = fmt::format("{} ({})", short_trace_id(trace), verdict.why);
    if (verdict.settled) {
      if (out.traces.traces.empty()) {
        out.judged_label = label;
      }
      out.traces.traces.push_back(trace);
      out.traces.trees.push_back(read.trees[i]);
      judged.push_back(label);
    } else {
      ++out.arriving;
      passed.push_back(label);
    }
  }
  if (out.arriving > 0) {
    if (judged.size() == 1) {
      out.notes.push_back("judged trace " + judged.front());
    } else if (!judged.empty()) {
      out.notes.push_back(
          fmt::format("judged the {} newest settled traces (newest {})", judged.size(), judged.front()));
    }
    out.notes.push_back(passed_over_note(passed, out.arriving));
  }
  return out;
}

Expected<Settled, std::string> read_settled(const TraceReader& read, SettleTracker& tracker, util::Clock& clock,
                                            int limit, int look_back)
{
  const auto wanted = static_cast<std::size_t>(limit);
  using Started = std::optional<std::chrono::system_clock::time_point>;
  const auto observe = [&](int n, Started before) -> Expected<Settled, std::string> {
    auto set = read(n, before);
    if (!set) {
      return unexpected(std::move(set).error());
    }
    return tracker.observe(*set, clock.now(), clock.wall_now(), wanted);
  };
  // 1. the newest traces, as asked: usually settled already
  TTAOBS_TRY_ASSIGN(newest, observe(limit, std::nullopt));
  if (newest.arriving == 0) {
    return newest;
  }
  // 2. further back: traces that started a grace window ago have had time to arrive
  const Started before =
      clock.wall_now() - std::chrono::duration_cast<std::chrono::system_clock::duration>(tracker.grace());
  TTAOBS_TRY_ASSIGN(back, observe(limit + look_back, before));
  if (back.arriving == 0 && !back.traces.traces.empty()) {
    // all settled back there: the report still says why the newest were passed over
    const auto judged = back.traces.traces.size();
    back.notes = {judged == 1
                      ? "judged trace " + back.judged_label
                      : fmt::format("judged the {} newest settled traces (newest {})", judged, back.judged_label),
                  newest.notes.back()};
    return back;
  }
  if (back.arriving == 0 || back.traces.traces.size() >= wanted) {
    return back;
  }
  // 3. once more after the grace window: what did not change meanwhile has settled
  clock.sleep_for(tracker.grace());
  return observe(limit + look_back, before); // the same window: the same traces, unless still growing
}

} // namespace ttaobs::trace
