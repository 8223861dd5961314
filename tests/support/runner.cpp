#include "runner.hpp"

#include "fixtures.hpp"

#include <checks/registry.hpp>
#include <src/cli/sources_settings.hpp>

#include <stdexcept>

namespace ttaobs::test {

config::Config make_config(std::map<std::string, std::string> flags)
{
  return config::resolve({"flags", std::move(flags), {}}, {"env", {}, {}}, {"file", {}, {}}).value();
}

core::Runner runner_for(http::HttpClient& client, util::Clock& clock, const config::Config& config)
{
  return core::Runner(client, clock, config, cli::sources_settings(config));
}

std::unique_ptr<http::ReplayClient> replay(const std::string& scenario)
{
  auto client = http::ReplayClient::open(fixture_path("replay/" + scenario));
  if (!client) {
    throw std::runtime_error(client.error());
  }
  return std::move(client).value();
}

const core::Suite& foundation()
{
  return *checks::find_suite("foundation");
}

int size_of(const core::Suite& suite)
{
  return static_cast<int>(suite.checks.size());
}

bool reads_prometheus(const core::CheckSpec& check)
{
  return check.evidence.endpoint == sources::Endpoint::prometheus;
}

std::vector<std::string> ids_of(const core::RunSummary& summary)
{
  std::vector<std::string> out;
  for (const auto& check : summary.checks) {
    out.push_back(check.id);
  }
  return out;
}

std::vector<std::string> ids_of(const core::Suite& suite)
{
  std::vector<std::string> out;
  for (const auto& check : suite.checks) {
    out.push_back(check.id);
  }
  return out;
}

std::map<std::string, core::Status> statuses(const core::RunSummary& summary)
{
  std::map<std::string, core::Status> out;
  for (const auto& check : summary.checks) {
    out[check.id] = check.status;
  }
  return out;
}

} // namespace ttaobs::test
