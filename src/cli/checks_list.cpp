#include "command.hpp"
#include "common.hpp"
#include "suite_load.hpp"

#include <checks/registry.hpp>
#include <src/core/exit_code.hpp>
#include <src/util/strings.hpp>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <memory>
#include <optional>

namespace ttaobs::cli {

namespace {

struct ChecksListArgs
{
  std::string suite = "foundation";
  std::string format = "text";
};

int run_checks_list(const ChecksListArgs& args)
{
  std::optional<core::Suite> from_file;
  if (is_suite_file(args.suite)) {
    auto loaded = load_suite_file(args.suite);
    if (!loaded) {
      return print_problems(loaded.error());
    }
    from_file = std::move(*loaded);
  }
  const auto* suite = from_file ? &*from_file : checks::find_suite(args.suite);
  if (suite == nullptr) {
    return usage_error(
        fmt::format("--suite: unknown suite '{}' (built in: foundation, conformance)", util::one_line(args.suite, 80)));
  }
  if (args.format == "markdown") {
    fmt::print("| id | group | passes when |\n|---|---|---|\n");
    for (const auto& check : suite->checks) {
      fmt::print("| `{}` | {} | {} |\n", check.id, core::group_title(check.group()), check.description);
    }
    return core::to_int(core::ExitCode::ok);
  }
  std::size_t width = 0;
  for (const auto& check : suite->checks) {
    width = std::max(width, check.id.size());
  }
  for (const auto& check : suite->checks) {
    fmt::print("{:<{}}  {}\n", check.id, width, check.description);
  }
  return core::to_int(core::ExitCode::ok);
}

} // namespace

Command checks_list_command()
{
  auto args = std::make_shared<ChecksListArgs>();
  return {"checks list", "list the checks of a suite",
          [args](CLI::App& cmd) {
            cmd.add_option("--suite", args->suite,
                           "suite to list: a built-in name or a YAML suite file [default foundation]");
            cmd.add_option("--format", args->format, "text or markdown")->check(CLI::IsMember({"text", "markdown"}));
          },
          [args] { return run_checks_list(*args); }};
}

} // namespace ttaobs::cli
