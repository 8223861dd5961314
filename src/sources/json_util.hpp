#pragma once

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace ttaobs::sources {

/// Parses `body` as JSON; on failure returns a discarded value and sets `error` to a one-line
/// message with the byte offset, e.g. "malformed JSON at byte 12: unexpected '}'".
nlohmann::json parse_json(std::string_view body, std::string& error);

/// "object", "array", … for messages about the wrong JSON shape.
std::string_view json_type_name(const nlohmann::json& value);

} // namespace ttaobs::sources
