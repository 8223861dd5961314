#pragma once

#include <src/json/reader.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace ttaobs::json {

/// Parses `body` as JSON; on failure returns a discarded value and sets `error` to a one-line
/// message with the byte offset, e.g. "malformed JSON at byte 12: unexpected '}'". Nesting deeper
/// than `limits.max_depth` is refused by a scan before any tree is built (so a body of `[[[[…`
/// costs its bytes, not 30× them), and the deadline is checked before and after the tree is built.
nlohmann::json parse_json(std::string_view body, std::string& error, const JsonLimits& limits = {});

/// The string member `key` of `object`, or `fallback` when `object` is not an object or the member
/// is missing or not a string (nlohmann's value() throws on a wrong type: never use it on input).
std::string string_or(const nlohmann::json& object, const char* key, std::string fallback = {});

/// "object", "array", … for messages about the wrong JSON shape.
std::string_view json_type_name(const nlohmann::json& value);

} // namespace ttaobs::json
