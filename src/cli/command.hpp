#pragma once

#include <functional>
#include <string>
#include <vector>

namespace CLI {
class App;
} // namespace CLI

namespace ttaobs::cli {

/// One row of the command table (`commands()` in cli.cpp, beside each subcommand's declaration): what a subcommand is
/// called, its line in `ttaobs --help`, the flags (and help footer) it declares, and what it does.
struct Command
{
  std::string name;    ///< "validate"; "checks list" for a subcommand of a group (cli.cpp's k_groups)
  std::string summary; ///< its line in the parent's --help
  std::function<void(CLI::App& cmd)> add_options; ///< declares its flags, examples and exit codes on `cmd`
  std::function<int()> run;                       ///< runs it on what the flags parsed into; the exit code
  /// Takes the COMMAND ARGS… written after "--" (`validate --receive`), before `run`; empty: "--" is a usage error.
  std::function<void(std::vector<std::string> command)> trailing;
};

} // namespace ttaobs::cli
