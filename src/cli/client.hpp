#pragma once

#include <src/config/config.hpp>
#include <src/http/http_client.hpp>
#include <src/http/recording_client.hpp>
#include <src/util/expected.hpp>

#include <memory>
#include <string>

namespace ttaobs::cli {

/// The HttpClient a command talks through: curl, or --replay, optionally wrapped by --record.
class ClientStack
{
public:
  /// Builds the stack `config` asks for; the error names the flag and what is wrong.
  static Expected<std::unique_ptr<ClientStack>, std::string> open(const config::Config& config);

  /// The client to send requests through.
  http::HttpClient& client()
  {
    return m_verbose ? *m_verbose : m_recorder ? static_cast<http::HttpClient&>(*m_recorder) : *m_transport;
  }

private:
  std::unique_ptr<http::HttpClient> m_transport;
  std::unique_ptr<http::RecordingClient> m_recorder;
  std::unique_ptr<http::HttpClient> m_verbose; ///< --verbose: one stderr line per request, outermost
};

} // namespace ttaobs::cli
