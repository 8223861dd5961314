#include "client.hpp"

#include <src/http/curl_client.hpp>
#include <src/http/replay_client.hpp>
#include <src/http/verbose_client.hpp>
#include <src/sources/jaeger_source.hpp>
#include <src/util/strings.hpp>
#include <src/util/url.hpp>

#include <fmt/format.h>

#include <mutex>

namespace ttaobs::cli {

// Replays answer only what was recorded: a request the recording lacks means the invocation
// does not match the recording (a usage error), not that the telemetry is wrong.
class ReplayWatch final : public http::HttpClient
{
public:
  ReplayWatch(http::HttpClient& wrapped, bool auto_api) : m_inner(wrapped), m_probes_v3(auto_api) {}

  Expected<http::HttpResponse, http::HttpError> send(const http::HttpRequest& request) override
  {
    auto response = m_inner.send(request);
    // --jaeger-api auto tries api_v3 first: a recording made against v1 lacks it, and says so
    const bool v3_probe = m_probes_v3 && sources::is_jaeger_v3_request(request.url);
    if (!response && response.error().kind == http::HttpError::Kind::not_recorded && !v3_probe) {
      const std::lock_guard lock(m_mutex);
      m_first = m_first.empty() ? response.error().message : m_first;
    }
    return response;
  }

  /// The first request without a recorded answer, or "".
  std::string first() const
  {
    const std::lock_guard lock(m_mutex);
    return m_first;
  }

private:
  http::HttpClient& m_inner;
  bool m_probes_v3;
  mutable std::mutex m_mutex;
  std::string m_first;
};

ClientStack::ClientStack() = default;
ClientStack::~ClientStack() = default;

Expected<std::unique_ptr<ClientStack>, std::string> ClientStack::open(const config::Config& config)
{
  auto stack = std::make_unique<ClientStack>();
  if (config.replay_dir) {
    auto replay = http::ReplayClient::open(*config.replay_dir);
    if (!replay) {
      return unexpected("--replay: " + replay.error());
    }
    stack->m_transport = std::move(replay).value();
    stack->m_replay_dir = *config.replay_dir;
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
  if (config.replay_dir) {
    auto& inner = stack->m_verbose    ? *stack->m_verbose
                  : stack->m_recorder ? static_cast<http::HttpClient&>(*stack->m_recorder)
                                      : *stack->m_transport;
    stack->m_watch = std::make_unique<ReplayWatch>(inner, config.jaeger_api == sources::JaegerApi::automatic);
  }
  return stack;
}

http::HttpClient& ClientStack::client()
{
  if (m_watch) {
    return *m_watch;
  }
  return m_verbose ? *m_verbose : m_recorder ? static_cast<http::HttpClient&>(*m_recorder) : *m_transport;
}

std::optional<std::string> ClientStack::replay_mismatch() const
{
  const auto first = m_watch ? m_watch->first() : std::string();
  if (first.empty()) {
    return std::nullopt;
  }
  return fmt::format("--replay {}: {}: this invocation asks what the recording does not hold "
                     "(record again with --record, or use the flags it was recorded with)",
                     util::one_line(m_replay_dir, 120), util::redact_urls(util::one_line(first, 240)));
}

} // namespace ttaobs::cli
