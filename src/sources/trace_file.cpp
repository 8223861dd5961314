#include "trace_file.hpp"

#include <src/sources/jaeger.hpp>
#include <src/sources/otlp.hpp>

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>

namespace ttaobs::sources {

namespace {

// The first top-level key of a JSON object, read without parsing the whole document.
std::string_view first_key(std::string_view body)
{
  const auto open = body.find_first_not_of(" \t\r\n");
  if (open == std::string_view::npos || body[open] != '{') {
    return {};
  }
  const auto quote = body.find_first_not_of(" \t\r\n", open + 1);
  if (quote == std::string_view::npos || body[quote] != '"') {
    return {};
  }
  const auto end = body.find('"', quote + 1);
  return end == std::string_view::npos ? std::string_view() : body.substr(quote + 1, end - quote - 1);
}

bool contains_key(std::string_view body, std::string_view key)
{
  return body.find(fmt::format("\"{}\"", key)) != std::string_view::npos;
}

} // namespace

Expected<TraceSet, std::string> parse_trace_document(std::string_view body)
{
  const auto key = first_key(body);
  if (key == "data" || (contains_key(body, "data") && !contains_key(body, "resourceSpans") && !contains_key(body, "batches"))) {
    return parse_jaeger_traces(body);
  }
  if (key == "traceID" || (contains_key(body, "traceID") && contains_key(body, "operationName"))) {
    // a bare Jaeger trace object: wrap it in the API envelope, and speak of it as the file's top
    auto parsed = parse_jaeger_traces(fmt::format("{{\"data\":[{}]}}", body));
    if (!parsed && parsed.error().rfind("data[0]", 0) == 0) {
      return unexpected("$" + parsed.error().substr(7));
    }
    return parsed;
  }
  return parse_otlp_traces(body);
}

Expected<TraceSet, std::string> load_trace_file(const std::string& path)
{
  std::string body;
  if (path == "-") {
    body.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  } else {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      return unexpected(fmt::format("{}: cannot read file", path));
    }
    std::ostringstream text;
    text << in.rdbuf();
    body = text.str();
  }
  auto parsed = parse_trace_document(body);
  if (!parsed) {
    return unexpected(fmt::format("{}: {}", path == "-" ? "<stdin>" : path, parsed.error()));
  }
  return parsed;
}

} // namespace ttaobs::sources
