// libFuzzer harness for suite files: any bytes must give a bound suite or positioned problems —
// never a crash, a hang or unbounded memory. Covers the YAML reader (size, depth and alias bounds),
// the suite file's common fields and `extends` (built-in names), and every module's field reader.
#include <checks/module.hpp>
#include <checks/registry.hpp>
#include <src/suite/file.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
  using namespace ttaobs;
  static const yaml::EnvLookup env = [](std::string_view name) -> std::optional<std::string> {
    return name == "SET" ? std::optional<std::string>("value") : std::nullopt;
  };
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto read = suite::read_suite(text, "fuzz.yaml", checks::builtin_suite_source(), env);
  if (!read) {
    for (const auto& problem : read.error()) {
      (void)problem.describe();
    }
    return 0;
  }
  std::vector<yaml::Error> errors;
  const checks::ModuleContext context{env, errors, "job"};
  for (const auto& entry : read->checks) {
    (void)checks::bind_check(entry, context);
  }
  return 0;
}
