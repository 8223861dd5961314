#pragma once

#include <src/http/http_client.hpp>
#include <src/util/expected.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace ttaobs::sources {

/// Follows the nesting depth of a JSON document fed piece by piece (strings and escapes
/// understood), so a hostile body can be refused while it streams in, before it is held whole.
class JsonDepthGuard
{
public:
  /// A guard refusing more than `max_depth` open containers.
  explicit JsonDepthGuard(std::size_t max_depth) : m_max_depth(max_depth) {}

  /// Feeds the next piece; false once the nesting went deeper than the bound (then stays false).
  bool feed(std::string_view piece);
  /// The one-line reason once `feed` returned false, "" before.
  const std::string& error() const { return m_error; }

private:
  std::size_t m_max_depth;
  std::size_t m_depth = 0;
  std::size_t m_offset = 0;
  bool m_in_string = false;
  bool m_escaped = false;
  std::string m_error;
};

/// Sends a request whose 200 answer is JSON, streaming the body through a JsonDepthGuard: a body
/// nested deeper than the JSON parsers accept is cut off at that byte (and the transfer ended)
/// instead of being read whole, so its cost is its first bytes. Other statuses arrive as usual.
Expected<http::HttpResponse, http::HttpError> send_json(http::HttpClient& client, http::HttpRequest request);

} // namespace ttaobs::sources
