#include "recording_client.hpp"

#include <src/http/replay_client.hpp>
#include <src/util/url.hpp>

#include <fmt/format.h>

#include <cstdint>
#include <fstream>

namespace ttaobs::http {

std::string replay_body_name(std::string_view canonical)
{
  // The slug is read from the canonical request (volatile parameters already left out, secret values
  // already "***"), so the same request gets the same name in every recording.
  const auto space = canonical.find(' ');
  auto target = canonical.substr(space == std::string_view::npos ? 0 : space + 1);
  target = target.substr(0, target.find(' ')); // a POST's " body:HASH" is in the hash, not the slug
  const auto url = util::parse_url(target);
  std::string slug;
  if (url) {
    slug = std::to_string(url->port) + url->path + (url->query.empty() ? "" : "-" + util::percent_decode(url->query));
  }
  for (auto& c : slug) {
    const bool keep =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.';
    c = keep ? c : '-';
  }
  while (slug.find("--") != std::string::npos) {
    slug.erase(slug.find("--"), 1);
  }
  while (!slug.empty() && slug.back() == '-') {
    slug.pop_back();
  }
  return fmt::format("{:016x}-{}.body", fnv1a64(canonical), slug.substr(0, 80));
}

Expected<std::filesystem::path, std::string> prepare_record_dir(const std::filesystem::path& dir)
{
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec) {
    return unexpected(fmt::format("--record {}: {}", dir.string(), ec.message()));
  }
  std::ofstream index(dir / k_replay_index, std::ios::trunc);
  if (!index) {
    return unexpected(fmt::format("--record {}: cannot write {}", dir.string(), k_replay_index));
  }
  index << "# ttaobs replay index: request <TAB> outcome <TAB> body-file [<TAB> content-type]\n";
  return dir;
}

RecordingClient::RecordingClient(HttpClient& inner, std::filesystem::path dir) : m_inner(inner), m_dir(std::move(dir))
{
}

Expected<HttpResponse, HttpError> RecordingClient::send(const HttpRequest& request)
{
  // A streamed body is also kept here, since it must be written down (recording is for fixtures).
  std::string streamed;
  HttpRequest inner = request;
  if (request.body_sink) {
    inner.body_sink = [&](std::string_view piece, const HttpResponse& head) {
      streamed.append(piece);
      return request.body_sink(piece, head);
    };
  }
  auto result = m_inner.send(inner);
  const auto found = replay_key(request);
  if (!found) {
    return result;
  }
  const auto& key = *found;
  std::lock_guard lock(m_mutex);
  std::string outcome = "-";
  std::string body_file = "-";
  std::string content_type;
  if (result) {
    outcome = std::to_string(result->status);
    body_file = replay_body_name(key);
    std::ofstream(m_dir / body_file, std::ios::binary) << (request.body_sink ? streamed : result->body);
    content_type = result->header("content-type");
  } else if (result.error().kind == HttpError::Kind::timeout) {
    outcome = "timeout";
  } else if (result.error().kind == HttpError::Kind::connect) {
    outcome = "refused";
  } else {
    return result; // other failures have no replayable form
  }
  std::ofstream index(m_dir / k_replay_index, std::ios::app);
  index << key << '\t' << outcome << '\t' << body_file;
  if (!content_type.empty()) {
    index << '\t' << content_type;
  }
  index << '\n';
  return result;
}

} // namespace ttaobs::http
