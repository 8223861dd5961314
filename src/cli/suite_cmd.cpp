#include "command.hpp"
#include "common.hpp"
#include "suite_load.hpp"

#include <src/core/exit_code.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <memory>
#include <string>
#include <vector>

namespace ttaobs::cli {

namespace {

constexpr const char* k_check_footer = R"(
Examples:
  ttaobs suite check my-service.yaml
  ttaobs suite check suites/*.yaml        # every file; each problem as FILE:LINE:COL: what

Makes no request. Exit codes: 0 every file is a valid suite (one line each: "FILE: N checks,
suite NAME"), 2 some file has problems (each printed on stderr as FILE:LINE:COL: what).)";

// Checks each file as `validate --suite FILE` would before its first request.
int run_suite_check(const std::vector<std::string>& files)
{
  int code = core::to_int(core::ExitCode::ok);
  for (const auto& file : files) {
    const auto suite = load_suite_file(file);
    if (!suite) {
      code = print_problems(suite.error());
      continue;
    }
    fmt::print("{}: {} check{}, suite {}\n", file, suite->checks.size(), suite->checks.size() == 1 ? "" : "s", suite->name);
  }
  return code;
}

} // namespace

Command suite_check_command()
{
  auto files = std::make_shared<std::vector<std::string>>();
  return {"suite check", "check suite files without any request: every problem as FILE:LINE:COL",
          [files](CLI::App& cmd) {
            cmd.add_option("files", *files, "suite files (YAML) to check")->required()->type_name("FILE");
            cmd.footer(k_check_footer);
          },
          [files] { return run_suite_check(*files); }};
}

} // namespace ttaobs::cli
