#include "cli.hpp"

#include "command.hpp"
#include "common.hpp"
#include "version.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <string_view>
#include <utility>
#include <vector>

namespace ttaobs::cli {

// Each subcommand's row, made by its own file: adding a subcommand is that file, a declaration
// here and a row in commands() below (docs/ARCHITECTURE.md, "Adding a subcommand").
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
/// `ttaobs receive` (receive.cpp).
Command receive_command();
/// `ttaobs probe` (probe.cpp).
Command probe_command();
/// `ttaobs version` (version.cpp).
Command version_command();

namespace {

// The command table: one row per subcommand, in the order `ttaobs --help` lists them.
std::vector<Command> commands()
{
  return {validate_command(),   checks_list_command(), suite_check_command(), suite_show_command(),
          suite_init_command(), config_show_command(), trace_command(),       lint_metrics_command(),
          receive_command(),    probe_command(),       version_command()};
}

// The groups a two-word command ("checks list") sits in, and their line in `ttaobs --help`.
constexpr std::pair<const char*, const char*> k_groups[] = {
    {"checks", "inspect the built-in checks"},
    {"suite", "check suite files, show the built-in suites, write a starter suite"},
    {"config", "inspect the resolved configuration"},
};

// Adds `command` to `app`, inside its group (made on first use) for a two-word name.
CLI::App* add(CLI::App& app, const Command& command)
{
  const auto space = command.name.find(' ');
  if (space == std::string::npos) {
    return app.add_subcommand(command.name, command.summary);
  }
  const auto group_name = command.name.substr(0, space);
  const auto found = app.get_subcommands([&](CLI::App* sub) { return sub->get_name() == group_name; });
  CLI::App* group = found.empty() ? nullptr : found.front();
  for (const auto& [name, summary] : k_groups) {
    if (group == nullptr && group_name == name) {
      group = app.add_subcommand(name, summary);
      group->require_subcommand(1);
    }
  }
  return group->add_subcommand(command.name.substr(space + 1), command.summary);
}

} // namespace

int run(int argc, char** argv)
{
  CLI::App app{"ttaobs: check that a service's traces and metrics really arrive, and tell CI.", "ttaobs"};
  app.set_version_flag("--version", version_text, "print the version, git revision, build type and library versions");
  app.require_subcommand(1);
  app.footer("Run 'ttaobs validate --help' for the main command.");

  auto table = commands();
  std::vector<CLI::App*> apps;
  for (const auto& command : table) {
    apps.push_back(add(app, command));
    command.add_options(*apps.back());
  }
  // everything after the first "--" is a command to run, never parsed as ttaobs' flags (CLI11 2.1
  // would take its dashed arguments for options)
  int flags_end = argc;
  for (int i = 1; i < argc; ++i) {
    if (std::string_view(argv[i]) == "--") {
      flags_end = i;
      break;
    }
  }
  if (const auto done = parse(app, flags_end, argv)) {
    return *done;
  }
  for (std::size_t i = 0; i < table.size(); ++i) {
    if (apps[i]->parsed()) {
      if (flags_end < argc && !table[i].trailing) {
        return usage_error(fmt::format("'ttaobs {}' runs no command: nothing may follow --", table[i].name));
      }
      if (flags_end < argc) {
        table[i].trailing(std::vector<std::string>(argv + flags_end + 1, argv + argc));
      }
      return table[i].run();
    }
  }
  return 0; // unreachable: a subcommand is required
}

} // namespace ttaobs::cli
