#pragma once

#include <src/trace/model.hpp>
#include <src/util/clock.hpp>
#include <src/util/expected.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace ttaobs::trace {

/// The traces of a read that may be judged, and why newer ones were passed over.
struct Settled
{
  TraceSet traces; ///< settled traces, most recent first, at most the limit asked
  std::vector<std::string>
      notes;                ///< which traces were judged and why newer ones were not (empty when none were passed over)
  std::size_t arriving = 0; ///< traces passed over because they were still arriving
  std::size_t read = 0;     ///< traces in the read
  std::string judged_label; ///< "4bf92f35… (6 spans, root present, quiet for 2.1s)": the newest judged

  /// True when the read held traces but none has settled: nothing can be judged yet.
  bool still_arriving() const { return traces.traces.empty() && arriving > 0; }
  /// One line for a check that could not be evaluated because every trace was still arriving.
  std::string arriving_message() const;
};

/// Decides which traces have stopped arriving. A trace is settled when it has a root span and no
/// span ending within the grace window of the wall clock (spans leave a process root last, so a
/// root present means the process' batch is complete), or when its span count has not changed for
/// the grace window of reads (whatever the service's clock says). A trace seen to grow is not
/// settled until it stops. Remembers, per trace id, the span count of the last read and since when.
class SettleTracker
{
public:
  /// A tracker with the given grace window (0: every trace is settled as read).
  explicit SettleTracker(std::chrono::milliseconds grace) : m_grace(grace) {}

  /// Records `read`, made at `read_at` (monotonic) when the wall clock said `wall_now`, and returns
  /// its newest settled traces, at most `limit`.
  Settled observe(const TraceSet& read, std::chrono::steady_clock::time_point read_at,
                  std::chrono::system_clock::time_point wall_now, std::size_t limit);

  /// The grace window.
  std::chrono::milliseconds grace() const { return m_grace; }

private:
  struct Seen
  {
    std::size_t spans = 0;
    std::chrono::steady_clock::time_point since;
  };
  std::chrono::milliseconds m_grace;
  std::unordered_map<std::string, Seen> m_seen;
};

/// How settling asks for traces: the `n` newest, optionally only those started before a time.
using TraceReader = std::function<Expected<TraceSet, std::string>(
    int n, std::optional<std::chrono::system_clock::time_point> started_before)>;

/// Reads the newest `limit` traces through `read` until they are settled: when the newest are
/// still arriving it looks further back, at the `limit + look_back` newest traces that started a
/// grace window ago (however busy the service, those have had time to arrive), and if that is not
/// enough reads those same traces once more after the grace window. Without a single settled trace
/// the result is `still_arriving()`; a read's error is returned as it is.
Expected<Settled, std::string> read_settled(const TraceReader& read, SettleTracker& tracker, util::Clock& clock,
                                            int limit, int look_back);

/// How many older traces are read besides the ones judged when the newest are still arriving.
inline constexpr int k_settle_look_back = 10;

} // namespace ttaobs::trace
