#pragma once

// The steps both pipeline probes take: POST spans to the OTLP endpoint, look a trace up in the
// trace store, wait a bounded, interruptible while. Internal to src/sources (probe*.cpp).

#include <src/sources/probe.hpp>
#include <src/trace/model.hpp>

#include <chrono>
#include <cstddef>
#include <string>

namespace ttaobs::sources {

/// The clock every probe step reads.
using ProbeClock = std::chrono::steady_clock;

/// What the OTLP endpoint made of one POST of `spans` spans.
struct Export
{
  bool accepted = false;            ///< a 2xx without rejected spans
  ProbeLoss loss = ProbeLoss::none; ///< why not, when not
  std::string failure; ///< "not accepted: HTTP 503 from URL: …", "not accepted: connection refused from URL"
  ProbeClock::time_point answered_at; ///< when the answer arrived
};

/// POSTs `body` (an OTLP/JSON export request of `spans` spans) to `url` with `settings.otlp`'s access.
Export export_spans(http::HttpClient& client, const Settings& settings, const std::string& url, std::string body,
                    int spans);

/// What one look-up of a trace id in the trace store found.
struct Lookup
{
  /// Found (with spans), not (yet) there, or the store could not be asked.
  enum class Kind { found, absent, failed };
  Kind kind = Kind::absent;
  trace::TraceSet set; ///< when found
  std::string why;     ///< when failed: "GET URL: connection refused"
};

/// Looks trace ids up at `settings.jaeger` (api_v3, v1 when v3 is missing; Tempo when set), as the
/// trace row of the evidence table does; remembers a missing v3 so later look-ups go to v1 at once.
class TraceLookup
{
public:
  /// Asks through `client` under `settings` (both must outlive the lookup).
  TraceLookup(http::HttpClient& client, const Settings& settings) : m_client(client), m_settings(settings) {}
  /// One look-up of `trace_id`.
  Lookup find(const std::string& trace_id);

private:
  http::HttpClient& m_client;
  const Settings& m_settings;
  std::size_t m_first = 0; ///< the attempt to start from
};

/// Sleeps `d` or until `until`, whichever is sooner; false when interrupted.
bool nap(std::chrono::milliseconds d, ProbeClock::time_point until);

/// A fresh random hex id of `bytes` bytes (never all zero).
std::string random_hex(std::size_t bytes);

/// "interrupted by SIGINT" for the signal that stopped the run.
std::string interrupted_text();

} // namespace ttaobs::sources
