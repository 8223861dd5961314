#include "client.hpp"

#include <src/http/curl_client.hpp>
#include <src/http/replay_client.hpp>
#include <src/http/verbose_client.hpp>

#include <fmt/format.h>

namespace ttaobs::cli {

Expected<std::unique_ptr<ClientStack>, std::string> ClientStack::open(const config::Config& config)
{
  auto stack = std::make_unique<ClientStack>();
  if (config.replay_dir) {
    auto replay = http::ReplayClient::open(*config.replay_dir);
    if (!replay) {
      return unexpected("--replay: " + replay.error());
    }
    stack->m_transport = std::move(replay).value();
  } else {
    stack->m_transport = std::make_unique<http::CurlClient>();
  }
  if (config.record_dir) {
    TTAOBS_TRY_ASSIGN(dir, http::prepare_record_dir(*config.record_dir));
    stack->m_recorder = std::make_unique<http::RecordingClient>(*stack->m_transport, dir);
  }
  if (config.verbose) {
    auto& inner = stack->m_recorder ? static_cast<http::HttpClient&>(*stack->m_recorder) : *stack->m_transport;
    stack->m_verbose = std::make_unique<http::VerboseClient>(
      inner, [](std::string_view line) { fmt::print(stderr, "ttaobs: {}\n", line); });
  }
  return stack;
}

} // namespace ttaobs::cli
