#pragma once

#include <src/http/http_client.hpp>
#include <src/util/noncopyable.hpp>

#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace ttaobs::http {

/// One recorded exchange: a status with a body, or a transport failure.
struct ReplayEntry
{
  std::string outcome;      ///< "200", "503", … or "refused" / "timeout"
  std::string body;         ///< the body served
  std::string content_type; ///< optional Content-Type header
};

/// Serves recorded exchanges from a directory (`index.tsv` + body files) instead of the network.
/// Index lines: `canonical-request <TAB> outcome <TAB> body-file|- [<TAB> content-type]`.
class ReplayClient final : public HttpClient, util::NonCopyable
{
public:
  /// Loads `dir`/index.tsv and every body it names; the error names the file and line.
  static Expected<std::unique_ptr<ReplayClient>, std::string> open(const std::filesystem::path& dir);
  /// A client serving `entries` keyed by canonical request (tests).
  explicit ReplayClient(std::map<std::string, ReplayEntry> entries);

  Expected<HttpResponse, HttpError> send(const HttpRequest& request) override;

  /// Canonical requests received, in order (ninja's files_read_).
  std::vector<std::string> requests() const;
  /// Recorded requests never asked for (pint's unused-mock rule).
  std::vector<std::string> unused() const;

private:
  std::map<std::string, ReplayEntry> m_entries;
  mutable std::mutex m_mutex;
  std::vector<std::string> m_requests;
};

/// Name of the index file inside a replay/record directory.
inline constexpr const char* k_replay_index = "index.tsv";

} // namespace ttaobs::http
