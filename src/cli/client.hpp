#pragma once

#include <src/config/config.hpp>
#include <src/http/http_client.hpp>
#include <src/http/recording_client.hpp>
#include <src/util/expected.hpp>

#include <memory>
#include <optional>
#include <string>

namespace ttaobs::cli {

class ReplayWatch;

/// The HttpClient a command talks through: curl, or --replay, optionally wrapped by --record.
class ClientStack
{
public:
  /// Builds the stack `config` asks for; the error names the flag and what is wrong.
  static Expected<std::unique_ptr<ClientStack>, std::string> open(const config::Config& config);

  ClientStack();
  ~ClientStack();
  ClientStack(const ClientStack&) = delete;
  ClientStack& operator=(const ClientStack&) = delete;

  /// The client to send requests through.
  http::HttpClient& client();

  /// Under --replay, once a request the recording does not hold was asked: the usage error
  /// (exit 2) saying so, URLs redacted; the invocation does not match the recording.
  std::optional<std::string> replay_mismatch() const;

private:
  std::unique_ptr<http::HttpClient> m_transport;
  std::unique_ptr<http::RecordingClient> m_recorder;
  std::unique_ptr<http::HttpClient> m_verbose; ///< --verbose: one stderr line per request
  std::unique_ptr<ReplayWatch> m_watch;        ///< --replay: notes what was not recorded; outermost
  std::string m_replay_dir;
};

} // namespace ttaobs::cli
