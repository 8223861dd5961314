#include "util.hpp"

#include <src/util/strings.hpp>

#include <fmt/format.h>

namespace ttaobs::json {

nlohmann::json parse_json(std::string_view body, std::string& error, const JsonLimits& limits)
{
  if (util::trim(body).empty()) {
    error = "empty response body (expected JSON)";
    return nlohmann::json(nlohmann::json::value_t::discarded);
  }
  error = check_json_limits(body, limits);
  if (!error.empty()) {
    return nlohmann::json(nlohmann::json::value_t::discarded);
  }
  try {
    auto doc = nlohmann::json::parse(body.begin(), body.end());
    if (std::chrono::steady_clock::now() > limits.deadline) {
      error = fmt::format("timed out parsing JSON at byte {} (--timeout)", body.size());
      return nlohmann::json(nlohmann::json::value_t::discarded);
    }
    return doc;
  } catch (const nlohmann::json::parse_error& e) {
    // e.what() is "[json.exception.parse_error.101] parse error at line 1, column 2: …"
    std::string what = e.what();
    const auto colon = what.find(": ", what.find("column"));
    const auto detail = colon == std::string::npos ? what : what.substr(colon + 2);
    error = fmt::format("malformed JSON at byte {}: {}", e.byte, util::one_line(detail, 160));
  } catch (const nlohmann::json::exception& e) {
    error = fmt::format("malformed JSON: {}", util::one_line(e.what(), 160));
  }
  return nlohmann::json(nlohmann::json::value_t::discarded);
}

std::string string_or(const nlohmann::json& object, const char* key, std::string fallback)
{
  if (!object.is_object()) {
    return fallback;
  }
  const auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : fallback;
}

std::string_view json_type_name(const nlohmann::json& value)
{
  return value.type_name();
}

} // namespace ttaobs::json
