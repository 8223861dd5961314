#include "limits.hpp"

#include <fmt/format.h>

namespace ttaobs::json {

std::string timeout_message(std::size_t byte)
{
  return fmt::format("timed out parsing JSON at byte {} (--timeout)", byte);
}

std::string too_deep_message(std::size_t max_depth, std::size_t byte)
{
  return fmt::format("nesting deeper than {} levels at byte {}", max_depth, byte);
}

Deadline deadline_after(std::chrono::milliseconds timeout)
{
  return std::chrono::steady_clock::now() + timeout;
}

std::string check_json_limits(std::string_view text, const JsonLimits& limits)
{
  std::size_t depth = 0;
  std::size_t next_check = k_deadline_check_bytes;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i >= next_check) {
      if (std::chrono::steady_clock::now() > limits.deadline) {
        return timeout_message(i + 1);
      }
      next_check += k_deadline_check_bytes;
    }
    const char c = text[i];
    if (c == '"') { // skip the string, escapes included; an unterminated one is the parser's to report
      for (++i; i < text.size() && text[i] != '"'; ++i) {
        i += text[i] == '\\' ? 1 : 0;
      }
    } else if (c == '[' || c == '{') {
      if (++depth > limits.max_depth) {
        return too_deep_message(limits.max_depth, i + 1);
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return {};
}

} // namespace ttaobs::json
