#include "otlp_http.hpp"

#include <src/sources/otlp_encode.hpp>

#include <nlohmann/json.hpp>
#include <zlib.h>

#include <algorithm>
#include <cctype>

namespace ttaobs::sources {

OtlpEncoding otlp_encoding(std::string_view content_type)
{
  const auto end = content_type.find(';');
  auto type = content_type.substr(0, end);
  while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) {
    type.remove_suffix(1);
  }
  while (!type.empty() && (type.front() == ' ' || type.front() == '\t')) {
    type.remove_prefix(1);
  }
  const auto is = [&](std::string_view name) {
    return type.size() == name.size() && std::equal(type.begin(), type.end(), name.begin(), [](char a, char b) {
             return std::tolower(static_cast<unsigned char>(a)) == b;
           });
  };
  if (is("application/x-protobuf") || is("application/protobuf")) {
    return OtlpEncoding::protobuf;
  }
  return is("application/json") ? OtlpEncoding::json : OtlpEncoding::unsupported;
}

std::string_view media_type(OtlpEncoding encoding)
{
  return encoding == OtlpEncoding::protobuf ? "application/x-protobuf"
         : encoding == OtlpEncoding::json   ? "application/json"
                                            : "text/plain";
}

Expected<std::string, std::string> inflate_bounded(std::string_view body, std::size_t max_out, bool& too_large)
{
  too_large = false;
  z_stream stream{};
  if (inflateInit2(&stream, 15 + 32) != Z_OK) { // 32: a gzip or zlib header
    return unexpected(std::string("cannot start inflating"));
  }
  std::string out;
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(body.data()));
  stream.avail_in = static_cast<uInt>(body.size());
  char buffer[64 * 1024];
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    stream.next_out = reinterpret_cast<Bytef*>(buffer);
    stream.avail_out = sizeof buffer;
    rc = ::inflate(&stream, Z_NO_FLUSH);
    const auto produced = sizeof buffer - stream.avail_out;
    if (rc != Z_OK && rc != Z_STREAM_END && !(rc == Z_BUF_ERROR && produced > 0)) {
      inflateEnd(&stream);
      return unexpected(std::string(rc == Z_BUF_ERROR ? "the gzip body is truncated" : "the gzip body is corrupt"));
    }
    if (out.size() + produced > max_out) {
      inflateEnd(&stream);
      too_large = true;
      return unexpected("the gzip body inflates to more than " + std::to_string(max_out) + " bytes");
    }
    out.append(buffer, produced);
  }
  inflateEnd(&stream);
  return out;
}

namespace {

void put_varint(std::string& out, std::uint64_t value)
{
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

void put_bytes(std::string& out, unsigned field, std::string_view bytes)
{
  put_varint(out, (field << 3) | 2u);
  put_varint(out, bytes.size());
  out.append(bytes);
}

} // namespace

std::string export_response(OtlpEncoding encoding, std::int64_t rejected, std::string_view message,
                            std::string_view rejected_json_name)
{
  const bool partial = rejected != 0 || !message.empty();
  if (encoding == OtlpEncoding::json) {
    nlohmann::json answer = nlohmann::json::object();
    if (partial) { // proto3 JSON: an int64 is a string
      answer["partialSuccess"] = {{std::string(rejected_json_name), std::to_string(rejected)},
                                  {"errorMessage", std::string(message)}};
    }
    return answer.dump();
  }
  return encode_otlp_response(rejected, message);
}

std::string status_message(OtlpEncoding encoding, int code, std::string_view message)
{
  if (encoding == OtlpEncoding::json) {
    return nlohmann::json{{"code", code}, {"message", std::string(message)}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  if (encoding == OtlpEncoding::unsupported) {
    return std::string(message) + "\n";
  }
  std::string out;
  put_varint(out, (1u << 3) | 0u);
  put_varint(out, static_cast<std::uint64_t>(code));
  put_bytes(out, 2, message);
  return out;
}

} // namespace ttaobs::sources
