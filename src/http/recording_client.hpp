#pragma once

#include <src/http/http_client.hpp>
#include <src/util/noncopyable.hpp>

#include <filesystem>
#include <mutex>

namespace ttaobs::http {

/// Passes requests to `inner` and writes each exchange to a directory ReplayClient can serve.
class RecordingClient final : public HttpClient, util::NonCopyable
{
public:
  /// Records into `dir` (created if missing); `inner` must outlive this client.
  RecordingClient(HttpClient& inner, std::filesystem::path dir);
  Expected<HttpResponse, HttpError> send(const HttpRequest& request) override;

private:
  HttpClient& m_inner;
  std::filesystem::path m_dir;
  std::mutex m_mutex;
  int m_count = 0;
};

/// Creates `dir` and an empty index in it; the error names the directory.
Expected<std::filesystem::path, std::string> prepare_record_dir(const std::filesystem::path& dir);

} // namespace ttaobs::http
