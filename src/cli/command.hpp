#pragma once

#include <functional>
#include <string>

namespace CLI {
class App;
} // namespace CLI

namespace ttaobs::cli {

/// One row of the command table (`commands()` in cli.cpp): what a subcommand is called, its
/// line in `ttaobs --help`, the flags (and help footer) it declares, and what it does.
struct Command
{
  std::string name;    ///< "validate"; "checks list" for a subcommand of a group (cli.cpp's k_groups)
  std::string summary; ///< its line in the parent's --help
  std::function<void(CLI::App& cmd)> add_options; ///< declares its flags, examples and exit codes on `cmd`
  std::function<int()> run;                       ///< runs it on what the flags parsed into; the exit code
};

/// `ttaobs validate` (validate.cpp).
Command validate_command();
/// `ttaobs checks list` (checks_list.cpp).
Command checks_list_command();
/// `ttaobs suite check` (suite_cmd.cpp).
Command suite_check_command();
/// `ttaobs suite show` (suite_cmd.cpp).
Command suite_show_command();
/// `ttaobs config show` (config_show.cpp).
Command config_show_command();
/// `ttaobs trace` (trace.cpp).
Command trace_command();
/// `ttaobs lint-metrics` (lint_metrics.cpp).
Command lint_metrics_command();
/// `ttaobs suite init` (suite_init.cpp).
Command suite_init_command();
/// `ttaobs version` (version.cpp).
Command version_command();

} // namespace ttaobs::cli
