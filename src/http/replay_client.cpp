#include "replay_client.hpp"

#include <src/util/strings.hpp>
#include <src/util/url.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

namespace ttaobs::http {

namespace {

Expected<std::string, std::string> read_file(const std::filesystem::path& path)
{
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return unexpected(fmt::format("{}: cannot read file", path.string()));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The body file `name` inside `dir`, or why it is refused: an absolute path, a ".." component or a
// symlink leading out of `dir` would let an index read any file of the machine.
Expected<std::filesystem::path, std::string> body_path_inside(const std::filesystem::path& dir, std::string_view name)
{
  const std::filesystem::path relative{std::string(name)};
  if (relative.is_absolute() || relative.has_root_name() || relative.has_root_directory()) {
    return unexpected(fmt::format("body file '{}' must be a path relative to the replay directory", name));
  }
  for (const auto& part : relative) {
    if (part == "..") {
      return unexpected(fmt::format("body file '{}' must not contain '..'", name));
    }
  }
  std::error_code ec;
  const auto root = std::filesystem::canonical(dir, ec);
  if (ec) {
    return unexpected(fmt::format("{}: {}", dir.string(), ec.message()));
  }
  const auto real = std::filesystem::weakly_canonical(root / relative, ec);
  if (ec) {
    return unexpected(fmt::format("body file '{}': {}", name, ec.message()));
  }
  const auto inside = std::mismatch(root.begin(), root.end(), real.begin(), real.end()).first == root.end();
  if (!inside || real == root) {
    return unexpected(fmt::format("body file '{}' resolves outside the replay directory", name));
  }
  return real;
}

// A request's "URL body:HASH" (a POST's, from replay_key): cuts " body:HASH" off `target` and
// returns it, "" when there is none; a malformed hash is an error.
Expected<std::string, std::string> split_body_hash(std::string_view& target)
{
  const auto space = target.rfind(' ');
  if (space == std::string_view::npos) {
    return std::string();
  }
  const auto hash = target.substr(space + 1);
  const bool hex = hash.size() == 21 && util::starts_with(hash, "body:") &&
                   hash.substr(5).find_first_not_of("0123456789abcdef") == std::string_view::npos;
  if (!hex) {
    return unexpected(fmt::format("expected 'body:' and 16 lower-case hex digits after the URL, found '{}'",
                                  util::one_line(hash, 40)));
  }
  target = target.substr(0, space);
  return " " + std::string(hash);
}

bool is_status(std::string_view outcome, long& status)
{
  const auto [end, ec] = std::from_chars(outcome.data(), outcome.data() + outcome.size(), status);
  return ec == std::errc{} && end == outcome.data() + outcome.size() && status >= 100 && status <= 599;
}

} // namespace

Expected<std::unique_ptr<ReplayClient>, std::string> ReplayClient::open(const std::filesystem::path& dir)
{
  const auto index_path = dir / k_replay_index;
  TTAOBS_TRY_ASSIGN(index, read_file(index_path));
  std::map<std::string, ReplayEntry> entries;
  int line_no = 0;
  for (const auto raw : util::split(index, '\n')) {
    ++line_no;
    const auto line = util::trim(raw);
    if (line.empty() || line.front() == '#') {
      continue;
    }
    const auto fields = util::split(line, '\t');
    const auto where = fmt::format("{}:{}", index_path.string(), line_no);
    if (fields.size() < 3 || fields.size() > 4) {
      return unexpected(fmt::format("{}: expected 3 or 4 tab-separated fields, found {}", where, fields.size()));
    }
    const auto space = fields[0].find(' ');
    if (space == std::string_view::npos) {
      return unexpected(fmt::format("{}: request must be 'METHOD URL [body:HASH]'", where));
    }
    auto target = fields[0].substr(space + 1);
    const auto body_hash = split_body_hash(target);
    if (!body_hash) {
      return unexpected(fmt::format("{}: {}", where, body_hash.error()));
    }
    const auto url = util::parse_url(target);
    if (!url) {
      return unexpected(fmt::format("{}: {}", where, url.error()));
    }
    ReplayEntry entry;
    entry.outcome = std::string(fields[1]);
    long status = 0;
    if (!is_status(entry.outcome, status) && entry.outcome != "refused" && entry.outcome != "timeout") {
      return unexpected(fmt::format("{}: outcome must be an HTTP status, 'refused' or 'timeout'", where));
    }
    if (fields[2] != "-") {
      const auto body_path = body_path_inside(dir, fields[2]);
      if (!body_path) {
        return unexpected(fmt::format("{}: {}", where, body_path.error()));
      }
      auto body = read_file(*body_path);
      if (!body) {
        return unexpected(fmt::format("{}: {}", where, body.error()));
      }
      entry.body = std::move(body).value();
    }
    if (fields.size() == 4) {
      entry.content_type = std::string(fields[3]);
    }
    entries[util::canonical_request(fields[0].substr(0, space), *url) + *body_hash] = std::move(entry);
  }
  return std::make_unique<ReplayClient>(std::move(entries));
}

ReplayClient::ReplayClient(std::map<std::string, ReplayEntry> entries) : m_entries(std::move(entries)) {}

Expected<HttpResponse, HttpError> ReplayClient::send(const HttpRequest& request)
{
  const auto url = util::parse_url(request.url);
  if (!url) {
    return unexpected(HttpError{HttpError::Kind::bad_url, request.url, url.error(), request.method});
  }
  const auto key = *replay_key(request);
  {
    std::lock_guard lock(m_mutex);
    m_requests.push_back(key);
  }
  const auto it = m_entries.find(key);
  if (it == m_entries.end()) {
    return unexpected(HttpError{HttpError::Kind::not_recorded, request.url,
                                fmt::format("no recorded response for '{}'", key), request.method});
  }
  const ReplayEntry& entry = it->second;
  if (entry.outcome == "refused") {
    return unexpected(
        HttpError{HttpError::Kind::connect, request.url, "connection refused (replayed)", request.method});
  }
  if (entry.outcome == "timeout") {
    return unexpected(HttpError{
        HttpError::Kind::timeout, request.url,
        fmt::format("timed out after {:.3g}s (replayed)", static_cast<double>(request.timeout.count()) / 1000.0),
        request.method});
  }
  if (entry.body.size() > request.max_body) {
    return unexpected(HttpError{HttpError::Kind::too_large, request.url,
                                fmt::format("response body exceeds {} bytes", request.max_body), request.method});
  }
  HttpResponse response;
  std::from_chars(entry.outcome.data(), entry.outcome.data() + entry.outcome.size(), response.status);
  response.effective_url = request.url;
  if (!entry.content_type.empty()) {
    response.headers.emplace_back("content-type", entry.content_type);
  }
  if (request.body_sink && response.status == 200) {
    request.body_sink(entry.body, response);
  } else {
    response.body = entry.body;
  }
  return response;
}

std::vector<std::string> ReplayClient::requests() const
{
  std::lock_guard lock(m_mutex);
  return m_requests;
}

std::vector<std::string> ReplayClient::unused() const
{
  std::lock_guard lock(m_mutex);
  const std::set<std::string> asked(m_requests.begin(), m_requests.end());
  std::vector<std::string> out;
  for (const auto& [key, entry] : m_entries) {
    if (asked.count(key) == 0) {
      out.push_back(key);
    }
  }
  return out;
}

} // namespace ttaobs::http
