// libFuzzer harness for suite files: any bytes must give a tree or one positioned error, never a
// crash, a hang or unbounded memory (aliases, depth and size are bounded by yaml::Limits).
#include <src/yaml/document.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto parsed = ttaobs::yaml::parse(text);
  if (!parsed) {
    (void)parsed.error().describe("fuzz.yaml");
  }
  return 0;
}
