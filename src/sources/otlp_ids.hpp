#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ttaobs::json {
class JsonReader;
}

namespace ttaobs::sources {

/// Decodes standard base64 into lower-case hex; false when `text` is not base64.
bool base64_to_hex(std::string_view text, std::string& hex);

/// An OTLP trace or span id as lower-case hex ("" for ""): OTLP/JSON says hex, Tempo (protobuf
/// JSON) sends base64, and lengths tell them apart (16/32 vs 12/24). False when it is neither.
bool id_to_hex(std::string_view text, std::string& out);

/// Reads the id at `field` into `out` as lower-case hex ("" for ""); a shape error otherwise.
bool read_id(json::JsonReader& in, std::string_view field, std::string& out);

/// Reads a nanosecond time at `field` (a string or a number, null is 0); a shape error otherwise.
bool read_nanos(json::JsonReader& in, std::string_view field, std::int64_t& out);

} // namespace ttaobs::sources
