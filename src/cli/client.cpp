#include "client.hpp"

#include <src/http/curl_client.hpp>
#include <src/http/replay_client.hpp>

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
  return stack;
}

} // namespace ttaobs::cli
