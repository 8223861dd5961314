#pragma once

// The OTLP/HTTP wire details the receiver needs besides decoding: media types, bounded gzip
// inflation and the response messages (https://opentelemetry.io/docs/specs/otlp/#otlphttp).

#include <src/util/expected.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace ttaobs::sources {

/// How an OTLP/HTTP body is encoded (its Content-Type).
enum class OtlpEncoding { protobuf, json, unsupported };

/// The encoding `content_type` names ("application/x-protobuf", "application/json", parameters
/// and case ignored).
OtlpEncoding otlp_encoding(std::string_view content_type);

/// The Content-Type answers in `encoding` carry.
std::string_view media_type(OtlpEncoding encoding);

/// Inflates a gzip (or zlib) body; an error once the output would pass `max_out` bytes (a small
/// body that inflates without bound, a "gzip bomb", costs at most `max_out`) or when it is corrupt.
/// The error says which: `too_large` is set for the first.
Expected<std::string, std::string> inflate_bounded(std::string_view body, std::size_t max_out, bool& too_large);

/// An Export<Signal>ServiceResponse: empty for full success, else partial_success {rejected, message}.
std::string export_response(OtlpEncoding encoding, std::int64_t rejected, std::string_view message,
                            std::string_view rejected_json_name);

/// A google.rpc.Status {code, message}, the body of an OTLP/HTTP error answer, in `encoding`.
std::string status_message(OtlpEncoding encoding, int code, std::string_view message);

} // namespace ttaobs::sources
