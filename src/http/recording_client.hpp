#pragma once

#include <src/http/http_client.hpp>
#include <src/util/noncopyable.hpp>

#include <filesystem>
#include <mutex>
#include <string>
#include <string_view>

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
};

/// The body file name of `canonical` (util::canonical_request) in a recording: the first 16 hex digits
/// are its FNV-1a 64-bit hash, a readable slug follows, e.g. "1f0c…-9090-api-v1-query-query-up.body".
/// The same request has the same name in every recording, so re-recording renames nothing.
std::string replay_body_name(std::string_view canonical);

/// Creates `dir` and an empty index in it; the error names the directory.
Expected<std::filesystem::path, std::string> prepare_record_dir(const std::filesystem::path& dir);

} // namespace ttaobs::http
