#include "command.hpp"
#include "common.hpp"
#include "suite_load.hpp"

#include <checks/registry.hpp>
#include <src/core/exit_code.hpp>
#include <src/util/strings.hpp>

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
    fmt::print("{}: {} check{}, suite {}\n", file, suite->checks.size(), suite->checks.size() == 1 ? "" : "s",
               suite->name);
  }
  return code;
}

constexpr const char* k_show_footer = R"(
Examples:
  ttaobs suite show foundation > my-service.yaml    # a starting point to edit
  ttaobs suite show conformance

Prints the built-in suite's YAML exactly as compiled in. A suite of your own can also start with
"extends: foundation" and add or replace checks. Exit codes: 0 printed, 2 no such built-in suite.)";

// Prints the embedded text of the built-in suite `name`.
int run_suite_show(const std::string& name)
{
  const auto text = checks::builtin_suite_text(name);
  if (!text) {
    return usage_error(
        fmt::format("suite show: unknown suite '{}' (built in: foundation, conformance)", util::one_line(name, 80)));
  }
  fmt::print("{}", *text);
  return core::to_int(core::ExitCode::ok);
}

} // namespace

Command suite_show_command()
{
  auto name = std::make_shared<std::string>();
  return {"suite show", "print a built-in suite's YAML, a starting point for your own",
          [name](CLI::App& cmd) {
            cmd.add_option("name", *name, "foundation or conformance")->required()->type_name("NAME");
            cmd.footer(k_show_footer);
          },
          [name] { return run_suite_show(*name); }};
}

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
