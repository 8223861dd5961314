#pragma once

// What the Runner's tests share: a resolved config, a runner wired as the composition root wires
// it, recorded scenarios, the foundation suite and ways to read a summary.

#include <src/config/config.hpp>
#include <src/core/runner.hpp>
#include <src/http/replay_client.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace ttaobs::test {

/// The config `flags` resolve to, with no environment and no file.
config::Config make_config(std::map<std::string, std::string> flags = {});

/// A runner fetching with the sources settings the composition root builds from `config`.
core::Runner runner_for(http::HttpClient& client, util::Clock& clock, const config::Config& config);

/// A replay client over fixtures/replay/`scenario` (throws when it cannot be opened).
std::unique_ptr<http::ReplayClient> replay(const std::string& scenario);

/// The built-in foundation suite.
const core::Suite& foundation();

/// The number of `suite`'s checks `pred` holds for: counts follow the registry table, not a literal.
template <typename Pred> int count_checks(const core::Suite& suite, Pred pred)
{
  return static_cast<int>(std::count_if(suite.checks.begin(), suite.checks.end(), pred));
}

/// The number of checks in `suite`'s table.
int size_of(const core::Suite& suite);

/// Whether a check reads Prometheus (a query, or its health probe).
bool reads_prometheus(const core::CheckSpec& check);

/// The ids of a report, in order: every id of the registry table must appear in it.
std::vector<std::string> ids_of(const core::RunSummary& summary);

/// The ids of a suite's checks, in order.
std::vector<std::string> ids_of(const core::Suite& suite);

/// Each check's status by id.
std::map<std::string, core::Status> statuses(const core::RunSummary& summary);

} // namespace ttaobs::test
