#include "commands.hpp"

#include <checks/registry.hpp>
#include <src/core/exit_code.hpp>
#include <src/util/strings.hpp>

#include <fmt/format.h>

namespace ttaobs::cli {

int run_checks_list(const std::string& suite_name, const std::string& format)
{
  const auto* suite = checks::find_suite(suite_name);
  if (suite == nullptr) {
    fmt::print(stderr, "ttaobs: --suite: unknown suite '{}' (built in: foundation, conformance)\n", util::one_line(suite_name, 80));
    return static_cast<int>(core::ExitCode::usage);
  }
  if (format == "markdown") {
    fmt::print("| id | group | passes when |\n|---|---|---|\n");
    for (const auto& check : suite->checks) {
      fmt::print("| `{}` | {} | {} |\n", check.id, core::group_title(check.group()), check.description);
    }
    return 0;
  }
  std::size_t width = 0;
  for (const auto& check : suite->checks) {
    width = std::max(width, check.id.size());
  }
  for (const auto& check : suite->checks) {
    fmt::print("{:<{}}  {}\n", check.id, width, check.description);
  }
  return 0;
}

} // namespace ttaobs::cli
