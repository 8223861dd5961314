#pragma once

#include <src/core/suite.hpp>
#include <src/core/summary.hpp>
#include <src/http/http_client.hpp>
#include <src/sources/settings.hpp>
#include <src/util/clock.hpp>
#include <src/util/noncopyable.hpp>

#include <functional>

namespace ttaobs::config {
struct Config;
}

namespace ttaobs::core {

/// Progress of a run under --wait: round number, checks settled so far, total, time left.
struct Progress
{
  int round = 0;
  int settled = 0;
  int total = 0;
  std::chrono::milliseconds remaining{0};
};

/// Fetches each distinct request once per round, concurrently, evaluates the checks and
/// repeats under --wait until every check settles or the wait runs out.
class Runner : util::NonCopyable
{
public:
  /// `client`, `clock` and `config` must outlive the runner; `settings` is what evidence is fetched
  /// with (the composition root builds it from `config`).
  Runner(http::HttpClient& client, util::Clock& clock, const config::Config& config, sources::Settings settings);

  /// Runs `suite` (honouring the config's only/skip lists) and returns the complete summary.
  RunSummary run(const Suite& suite, const std::function<void(const Progress&)>& on_progress = {});

private:
  http::HttpClient& m_client;
  util::Clock& m_clock;
  const config::Config& m_config;
  sources::Settings m_sources;
};

/// True when `status` needs no further round: pass and skip. A warning (like a failure) is
/// re-checked every round under --wait; whatever it is when the wait ends is the outcome.
bool settled(Status status);

} // namespace ttaobs::core
