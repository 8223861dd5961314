// libFuzzer target: URL parsing, canonical forms, percent-coding and XML escaping of hostile text.
#include <src/report/xml.hpp>
#include <src/util/strings.hpp>
#include <src/util/url.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto url = ttaobs::util::parse_url(text);
  if (url) {
    (void)ttaobs::util::canonical_request("GET", *url, {"a"});
    (void)ttaobs::util::with_path_and_query(*url, "/api/v1/query", {{"query", std::string(text)}});
  }
  (void)ttaobs::util::percent_decode(text);
  (void)ttaobs::report::xml_escape(text);
  (void)ttaobs::util::one_line(text, 64);
  return 0;
}
